/**
 * Automatic assignment: a new ticket of a department with a round_robin or least_loaded policy (or
 * a claim-policy ticket left unclaimed past `autoAssignAfterMinutes`) is offered to one available
 * member by DM with Accept and Decline. Accept claims it; a decline, or no answer within
 * `acceptMinutes`, passes it to the next available member. Every step is in the ticket's history.
 * Each asking is a conditional update on the asking's round, so two triggers never ask twice.
 */
import type { Types } from 'mongoose';
import type { Department } from '../config/desk-config.ts';
import type { Desk, TaskHandler } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { assignmentOrder, LOAD_WEIGHT, onShift, outOfOffice } from '../domain/assignment.ts';
import type { Priority, TicketStatus } from '../domain/types.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { TaskSpec } from '../outbox/task-types.ts';
import { claimTicket } from './claim.ts';
import { departmentOf, type WorkResult } from './handling.ts';
import { nextSerial } from './open-ticket.ts';
import { recordOnTicket } from './ticket-change.ts';

const WORKING: TicketStatus[] = ['claimed', 'in_progress', 'waiting_customer', 'pending_approval'];

export type AssignReason = 'policy' | 'unclaimed' | 'declined' | 'timeout';

/** The policy a ticket is assigned by: the department's, or round robin for an unclaimed one. */
function policyOf(dept: Department): 'round_robin' | 'least_loaded' {
  return dept.assignment.policy === 'least_loaded' ? 'least_loaded' : 'round_robin';
}

/**
 * Members who may be assigned: the department's channel members who are people (not bots or
 * deactivated accounts), not its supervisors or directors; in a stable order for the rotation.
 */
async function candidates(desk: Desk, dept: Department): Promise<string[]> {
  const members = [...(await desk.members.members(dept))]
    .filter((m) => !dept.supervisors.includes(m) && !desk.config.serviceDirectors.includes(m))
    .sort();
  const people = await Promise.all(members.map(async (m) => !(await desk.availability(m)).notAPerson));
  return members.filter((_, i) => people[i]);
}

/** Open tickets owned by each member, weighted by priority. */
async function loadsOf(desk: Desk, members: string[]): Promise<Map<string, number>> {
  const owned = await desk.models.Ticket.find(
    { ownerId: { $in: members }, status: { $in: WORKING } },
    { ownerId: 1, priority: 1 },
  ).lean();
  const loads = new Map<string, number>();
  for (const t of owned)
    loads.set(t.ownerId!, (loads.get(t.ownerId!) ?? 0) + LOAD_WEIGHT[t.priority as Priority]);
  return loads;
}

/** The local ISO weekday and HH:mm in the organisation's time zone. */
function localNow(desk: Desk): { weekday: number; hhmm: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: desk.config.organisation.timezone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(desk.clock.now());
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { weekday, hhmm: `${get('hour')}:${get('minute')}` };
}

/** The first member in policy order who is on shift, present and not out of office. */
async function pickAssignee(
  desk: Desk,
  dept: Department,
  t: TicketDoc,
  passedFrom: string | undefined,
): Promise<string | null> {
  const policy = policyOf(dept);
  const members = await candidates(desk, dept);
  const excluded = new Set(t.assignment?.declined ?? []);
  // A new assignment takes the next turn; one passed on goes to the members after the last asked.
  const turn =
    policy === 'round_robin' && !passedFrom ? (await nextSerial(desk, `assign:${dept.id}`)) - 1 : 0;
  const loads = policy === 'least_loaded' ? await loadsOf(desk, members) : undefined;
  const order = assignmentOrder(policy, members, {
    turn,
    excluded,
    ...(loads ? { loads } : {}),
    ...(passedFrom ? { after: passedFrom } : {}),
  });
  const { weekday, hhmm } = localNow(desk);
  const { availability } = desk.config;
  for (const m of order) {
    if (!onShift(availability.shifts[m], weekday, hhmm)) continue;
    const a = await desk.availability(m);
    if (a.away || outOfOffice({ emoji: a.statusEmoji, text: a.statusText }, availability)) continue;
    return m;
  }
  return null;
}

/**
 * Offers the ticket to the next available member (or records that nobody is available and tells
 * the supervisors, leaving it to be claimed). Returns who was asked.
 */
export async function assignNext(
  desk: Desk,
  ticketId: Types.ObjectId,
  why: AssignReason,
): Promise<string | null> {
  const t = await desk.models.Ticket.findById(ticketId);
  if (t?.status !== 'new') return null;
  const dept = departmentOf(desk, t.departmentId);
  if (!dept) return null;
  const round = (t.assignment?.round ?? 0) + 1;
  const sameRound = { status: 'new', 'assignment.round': t.assignment?.round ?? null };
  const passedFrom =
    why === 'declined' || why === 'timeout' ? (t.assignment?.declined ?? []).at(-1) : undefined;
  const chosen = await pickAssignee(desk, dept, t, passedFrom);
  const now = desk.clock.now();
  if (!chosen) {
    await recordOnTicket(
      desk,
      t._id,
      { by: dept.supervisors[0]!, action: 'assign_none', note: why },
      { $set: { 'assignment.round': round, 'assignment.userId': null } },
      sameRound,
      {
        notices: dept.supervisors.map((s) => ({
          key: `assign-none:${t._id}:${round}:${s}`,
          to: s,
          ticketId: t._id,
          message: 'assign.none' as MessageKey,
          params: { number: t.number, departmentId: dept.id },
        })),
      },
    );
    return null;
  }
  const expiresAt = new Date(now.getTime() + dept.assignment.acceptMinutes * 60_000);
  const timeout: TaskSpec = {
    key: `assign_timeout:${t._id}:${round}`,
    kind: 'assign_timeout',
    ticketId: t._id,
    dueAt: expiresAt,
    payload: { round, user: chosen },
  };
  const updated = await recordOnTicket(
    desk,
    t._id,
    { by: chosen, action: 'assign', to: chosen, note: why },
    {
      $set: {
        assignment: {
          userId: chosen,
          mode: policyOf(dept),
          at: now,
          expiresAt,
          round,
          declined: t.assignment?.declined ?? [],
        },
      },
    },
    sameRound,
    {
      notices: [
        {
          key: `assign:${t._id}:${round}`,
          to: chosen,
          ticketId: t._id,
          message: 'assign.offer',
          params: {
            number: t.number,
            priority: t.priority,
            departmentId: dept.id,
            dueAt: expiresAt.toISOString(),
          },
          buttons: [
            ['assign.accept', 'ticket_assign_accept', t.number],
            ['assign.decline', 'ticket_assign_decline', t.number],
          ],
        },
      ],
      tasks: [timeout],
    },
  );
  if (!updated) return null; // another trigger asked first
  desk.log.info({ ticket: t.number, assignee: chosen, why, round }, 'assigned');
  return chosen;
}

/** Accept: the assignee claims the ticket (the claim's own checks and single winner apply). */
export async function acceptAssignment(desk: Desk, req: { number: string; by: string }): Promise<WorkResult> {
  const t = await desk.models.Ticket.findOne({ number: req.number });
  if (!t) return { ok: false, reason: 'not_found' };
  if (t.assignment?.userId !== req.by || t.status !== 'new')
    return { ok: false, reason: 'not_permitted', ticket: t };
  return claimTicket(desk, { ticketId: t._id, current: t, by: req.by });
}

/** Decline (or the accept time passed): recorded, then the next member is asked. */
export async function passAssignment(
  desk: Desk,
  req: { ticketId: Types.ObjectId; user: string; round: number; why: 'declined' | 'timeout' },
): Promise<boolean> {
  const passed = await recordOnTicket(
    desk,
    req.ticketId,
    { by: req.user, action: req.why === 'declined' ? 'assign_decline' : 'assign_timeout' },
    { $addToSet: { 'assignment.declined': req.user }, $set: { 'assignment.userId': null } },
    { status: 'new', 'assignment.userId': req.user, 'assignment.round': req.round },
  );
  if (!passed) return false;
  await assignNext(desk, req.ticketId, req.why);
  return true;
}

export async function declineAssignment(desk: Desk, req: { number: string; by: string }): Promise<boolean> {
  const t = await desk.models.Ticket.findOne({ number: req.number });
  if (!t?.assignment?.round || t.assignment.userId !== req.by) return false;
  return passAssignment(desk, { ticketId: t._id, user: req.by, round: t.assignment.round, why: 'declined' });
}

/** `assign_start`: a new ticket of an assigning department, or a claim-policy one still unclaimed. */
export const assignStartTask: TaskHandler = async (desk, task) => {
  const t = await desk.models.Ticket.findById(task.ticketId, { status: 1, assignment: 1 }).lean();
  if (t?.status !== 'new' || t.assignment?.userId) return 'drop';
  const why = (task.payload as { why?: AssignReason }).why ?? 'policy';
  await assignNext(desk, t._id, why);
  return 'done';
};

/** `assign_timeout`: the assignee did not accept in time; the ticket passes on. */
export const assignTimeoutTask: TaskHandler = async (desk, task) => {
  const p = task.payload as { round?: number; user?: string };
  if (!task.ticketId || !p.user || !p.round) return 'drop';
  await passAssignment(desk, { ticketId: task.ticketId, user: p.user, round: p.round, why: 'timeout' });
  return 'done';
};

/** What a new ticket's department asks for: an assignment now, or one if still unclaimed later. */
export function assignmentTasks(
  desk: Desk,
  t: Pick<TicketDoc, '_id' | 'departmentId' | 'openedAt'>,
): TaskSpec[] {
  const dept = departmentOf(desk, t.departmentId);
  if (!dept) return [];
  const now = desk.clock.now();
  if (dept.assignment.policy !== 'claim')
    return [
      {
        key: `assign_start:${t._id}`,
        kind: 'assign_start',
        ticketId: t._id,
        dueAt: now,
        payload: { why: 'policy' },
      },
    ];
  const after = dept.assignment.autoAssignAfterMinutes;
  if (!after) return [];
  return [
    {
      key: `assign_start:${t._id}:unclaimed`,
      kind: 'assign_start',
      ticketId: t._id,
      dueAt: new Date(t.openedAt.getTime() + after * 60_000),
      payload: { why: 'unclaimed' },
    },
  ];
}
