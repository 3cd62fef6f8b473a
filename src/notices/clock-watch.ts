/**
 * The customer-facing clocks' warnings and breaches (the `clocks` job, src/domain/clocks.ts). Reads
 * only the tickets whose `nextDueAt` has come (indexed), so a run's reads follow the due items, not
 * the stored tickets.
 *
 * - Warning (at `clocks.warnAtShare` of the window): the owner, or the department channel while
 *   nobody owns the ticket; customer-facing clocks also tell the first-contact agent. The emergency
 *   confirmation warns the department's supervisors; a collaboration warns the cooperating
 *   department's channel.
 * - Breach: the same people, plus the department's supervisors; a missed emergency confirmation
 *   goes to the service directors; a missed collaboration to the cooperating department's
 *   supervisors too.
 * - The first response of an unclaimed ticket is told by the `sla` job (response notices), so here
 *   it is only marked.
 * Each notice once: task keys `clock:<ticket>:<clock key>:<start>:<event>:<recipient>`; the clock
 * is marked (`warnedAt`, `breachedAt`) and `nextDueAt` recomputed in one update conditional on the
 * version read, with the card redraw it owes. A ticket changed meanwhile is left to the next run
 * (the keys keep its notices once-only).
 */
import type { Types } from 'mongoose';
import { ACTION } from '../../blocks/ids.ts';
import type { Desk } from '../context.ts';
import {
  CLOCK_KINDS,
  type Clock,
  type ClockEvent,
  type ClockKind,
  cancelClocks,
  dueEvents,
  isOpenClock,
  markEvents,
  nextDueOf,
} from '../domain/clocks.ts';
import type { MessageKey } from '../i18n/index.ts';
import { deliverPending } from '../outbox/deliver-now.ts';
import { pendingEntries } from '../outbox/outbox.ts';
import type { TaskContext } from '../outbox/task-types.ts';
import { agentOf, clocksOf } from '../tickets/clocks.ts';
import { redrawTask } from '../tickets/ticket-change.ts';
import {
  type NoticePayload,
  type NoticeSpec,
  noticeHandler,
  planNotices,
  previewDue,
} from './scheduled-notice.ts';

export const CLOCK_NOTICE_KINDS = ['clock_notice'];

/** Clocks a recorded customer contact answers: their notices carry "Contacted customer". */
const CUSTOMER_FACING: readonly ClockKind[] = [
  'first_response',
  'customer_contact',
  'progress_sync',
  'result_notice',
  'follow_up',
];

const READ_LIMIT = 500;

interface Recipient {
  to: string;
  message: MessageKey;
}

function recipients(
  desk: Desk,
  t: { ownerId?: string | null; departmentId: string; agentId?: string | null; openedBy: string },
  clock: Clock,
  event: ClockEvent['event'],
): Recipient[] {
  const dept = desk.config.departments.find((d) => d.id === t.departmentId);
  const out: Recipient[] = [];
  const add = (to: string | undefined | null, message: MessageKey) => {
    if (to && !out.some((r) => r.to === to)) out.push({ to, message });
  };
  const breach = event === 'breach';
  if (clock.kind === 'emergency') {
    for (const s of dept?.supervisors ?? []) add(s, `clock.emergency.${event}` as MessageKey);
    if (breach) for (const d of desk.config.serviceDirectors) add(d, 'clock.emergency.breach.director');
    return out;
  }
  if (clock.kind === 'collaboration') {
    const coop = desk.config.departments.find((d) => d.id === clock.subject);
    add(coop?.channel, `clock.collaboration.${event}` as MessageKey);
    add(t.ownerId, `clock.collaboration.${event}.owner` as MessageKey);
    if (breach) for (const s of coop?.supervisors ?? []) add(s, 'clock.collaboration.breach.supervisor');
    return out;
  }
  add(t.ownerId ?? dept?.channel, `clock.${event}` as MessageKey);
  if (CUSTOMER_FACING.includes(clock.kind)) add(agentOf(t), `clock.${event}.agent` as MessageKey);
  if (breach) for (const s of dept?.supervisors ?? []) add(s, 'clock.breach.supervisor');
  return out;
}

/** Finds the clocks that fell due, stores their notices and marks them; returns how many notices were planned. */
export async function planClockNotices(desk: Desk, ctx: TaskContext): Promise<number> {
  const now = ctx.now;
  let planned = ctx.dryRun ? await previewDue(desk, CLOCK_NOTICE_KINDS, ctx) : 0;
  const due = await desk.models.Ticket.find(
    { nextDueAt: { $lte: now } },
    {
      number: 1,
      status: 1,
      priority: 1,
      ownerId: 1,
      agentId: 1,
      openedBy: 1,
      departmentId: 1,
      clocks: 1,
      nextDueAt: 1,
      version: 1,
    },
  )
    .sort({ nextDueAt: 1 })
    .limit(READ_LIMIT)
    .lean();
  ctx.report?.push(`read ${due.length} ticket(s) with a clock due`);
  for (const t of due) {
    const id = t._id as Types.ObjectId;
    let clocks = clocksOf(t as never);
    // A closed ticket owes nothing more: its open clocks are cancelled.
    if (t.status === 'closed') clocks = cancelClocks(clocks, CLOCK_KINDS);
    const events = dueEvents(clocks, now);
    const specs: NoticeSpec[] = [];
    for (const e of events) {
      const clock = clocks.find((c) => c.key === e.key)!;
      // An unclaimed ticket's first response is told by the sla job.
      if (clock.kind === 'first_response' && t.status === 'new') continue;
      const params = {
        number: t.number,
        clockKind: clock.kind,
        dueAt: clock.dueAt.toISOString(),
        departmentId: t.departmentId,
        priority: t.priority,
        owner: t.ownerId ?? undefined,
        ...(clock.subject ? { subjectDepartmentId: clock.subject } : {}),
      };
      const buttons: NoticePayload['buttons'] =
        clock.kind === 'emergency'
          ? [['button.confirmEmergency', ACTION.confirmEmergency, t.number]]
          : CUSTOMER_FACING.includes(clock.kind)
            ? [['button.contact', ACTION.contact, t.number]]
            : [];
      const base = `clock:${id}:${clock.key}:${clock.start.getTime()}:${e.event}`;
      for (const r of recipients(desk, t, clock, e.event))
        specs.push({
          key: `${base}:${r.to}`,
          kind: 'clock_notice',
          ticketId: id,
          dueAt: now,
          payload: {
            to: r.to,
            message: r.message,
            params,
            inThread: false,
            buttons: /^[UW]/.test(r.to) ? buttons : [],
            check: { key: clock.key, start: clock.start.toISOString(), event: e.event },
          },
        });
    }
    planned += await planNotices(desk, ctx, specs);
    if (ctx.dryRun) continue;
    const marked = markEvents(clocks, events, now);
    const redraw = events.length ? pendingEntries([redrawTask(id, `clock:${now.getTime()}`, now)], now) : [];
    const res = await desk.models.Ticket.updateOne(
      { _id: id, version: t.version },
      {
        $set: { clocks: marked, nextDueAt: nextDueOf(marked) },
        $inc: { version: 1 },
        ...(redraw.length ? { $push: { pendingTasks: { $each: redraw } } } : {}),
      },
    );
    if (res.modifiedCount === 1) {
      for (const e of events) if (e.event === 'breach') desk.metrics.breach(`clock_${e.kind}`);
      if (redraw.length) await deliverPending(desk, id, redraw);
    }
  }
  return planned;
}

/** A notice lapses when its clock was met or cancelled meanwhile (a warning also once breached). */
export const clockNoticeTask = noticeHandler((_desk, t, p) => {
  const check = p.check ?? {};
  const clock = (t.clocks ?? []).find((c) => c.key === check.key && c.start.toISOString() === check.start);
  if (!clock || !isOpenClock(clock)) return false;
  return check.event === 'breach' || clock.state === 'running';
});
