/**
 * The one way a ticket changes: a conditional single-document update (the expected status is part
 * of the filter, so concurrent clicks cannot both win) that also appends the audit entry, bumps the
 * card version and writes the Slack work the change owes (the card redraw and its notices) on the
 * ticket itself. Nothing acknowledged is held only in memory: right after the update that work is
 * sent from there (src/outbox/deliver-now.ts), and if the process dies first the `cards` job's
 * sweep moves it into the outbox.
 */
import { Types, type UpdateQuery } from 'mongoose';
import type { Desk } from '../context.ts';
import type { TicketDoc, TicketFields } from '../db/models/index.ts';
import { type DeniedReason, type LifecycleAction, transition } from '../domain/lifecycle.ts';
import type { TicketStatus } from '../domain/types.ts';
import { type Notification, noticeTask } from '../notices/notify.ts';
import { deliverPending } from '../outbox/deliver-now.ts';
import { pendingEntries } from '../outbox/outbox.ts';
import type { TaskSpec } from '../outbox/task-types.ts';
import { refreshHomesOf } from '../reports/home.ts';

/** What a change owes Slack besides the card redraw: notices (built for the version the change gives) and tasks. */
export interface Owed {
  /** A function is given the version the change makes (its keys can then name that version). */
  notices?: Notification[] | ((version: number) => Notification[]);
  tasks?: TaskSpec[];
}

export interface ChangeRequest extends Owed {
  ticketId: Types.ObjectId;
  /** The ticket as the caller just read it (saves a read; the update stays conditional on it). */
  current?: TicketDoc;
  /** The lifecycle action (checked against the state machine). */
  action: LifecycleAction;
  /** The action recorded in the history when it is not the lifecycle action's name (e.g. `assign_to`). */
  historyAction?: string;
  by: string;
  note?: string;
  /** Extra filter conditions (e.g. `{ ownerId: null }`). */
  where?: Record<string, unknown>;
  /** Field updates besides status, history and version. */
  set?: Record<string, unknown>;
  update?: UpdateQuery<TicketFields>;
  transitionOptions?: Parameters<typeof transition>[2];
  /** History from/to override (default: status before → after). */
  from?: string;
  to?: string;
}

export type ChangeResult =
  | { ok: true; ticket: TicketDoc; before: TicketStatus }
  | { ok: false; reason: DeniedReason | 'not_found' | 'conflict'; ticket?: TicketDoc };

/**
 * A redraw of a ticket's card (whatever version is current when it runs); `tag` makes its key
 * unique to the change that owes it (the version the change made, or another once-only tag).
 */
export function redrawTask(ticketId: Types.ObjectId, tag: number | string, now: Date): TaskSpec {
  return { key: `redraw_card:${ticketId}:${tag}`, kind: 'redraw_card', ticketId, dueAt: now };
}

/** The outbox tasks a change owes: the card redraw, its other tasks, its notices. */
function owedTasks(
  ticketId: Types.ObjectId,
  redrawTag: number | string,
  now: Date,
  notices: Notification[],
  tasks: TaskSpec[] = [],
): TaskSpec[] {
  // In delivery order: a transfer's new card before the notice in its thread.
  return [
    redrawTask(ticketId, redrawTag, now),
    ...tasks,
    ...notices.map((n) => noticeTask({ ticketId, ...n }, now)),
  ];
}

/** After the update: send the owed work from the ticket (the sweep covers a crash). */
function deliverOwed(
  desk: Desk,
  ticket: TicketDoc,
  tasks: TaskSpec[],
  now: Date,
  homes: (string | null | undefined)[],
) {
  desk.background.run('deliver owed work', () => deliverPending(desk, ticket, pendingEntries(tasks, now)));
  desk.background.run('redraw homes', () => refreshHomesOf(desk, homes));
}

/**
 * Applies a lifecycle action: reads the ticket (unless given), asks the state machine, and writes
 * the change only if the ticket is still in the status and version it was read in (otherwise
 * `conflict`: someone else was first).
 */
export async function changeTicket(desk: Desk, req: ChangeRequest): Promise<ChangeResult> {
  const { Ticket } = desk.models;
  const current = req.current ?? (await Ticket.findById(req.ticketId));
  if (!current) return { ok: false, reason: 'not_found' };
  const before = current.status as TicketStatus;
  const step = transition(before, req.action, req.transitionOptions);
  if (!step.ok) return { ok: false, reason: step.reason, ticket: current };
  const now = desk.clock.now();
  const version = current.version + 1;
  const notices = typeof req.notices === 'function' ? req.notices(version) : (req.notices ?? []);
  const tasks = owedTasks(current._id, version, now, notices, req.tasks);
  const update: UpdateQuery<TicketFields> = {
    ...(req.update ?? {}),
    $set: { ...(req.update?.$set ?? {}), ...(req.set ?? {}), status: step.to },
    $inc: { ...(req.update?.$inc ?? {}), version: 1 },
    $push: {
      ...(req.update?.$push ?? {}),
      history: {
        at: now,
        by: req.by,
        action: req.historyAction ?? req.action,
        from: req.from ?? before,
        to: req.to ?? step.to,
        note: req.note,
      },
      pendingTasks: { $each: pendingEntries(tasks, now) },
    },
  };
  const updated = await Ticket.findOneAndUpdate(
    { _id: req.ticketId, status: before, version: current.version, ...(req.where ?? {}) },
    update,
    { returnDocument: 'after' },
  );
  if (!updated) {
    const latest = await Ticket.findById(req.ticketId);
    return { ok: false, reason: 'conflict', ticket: latest ?? undefined };
  }
  desk.log.info(
    { ticket: updated.number, action: req.action, by: req.by, from: before, to: step.to },
    'ticket changed',
  );
  deliverOwed(desk, updated, tasks, now, [updated.openedBy, updated.ownerId, current.ownerId]);
  return { ok: true, ticket: updated, before };
}

/**
 * Appends an audit entry and bumps the version without a status change (notes, acknowledgements),
 * with the work it owes written in the same update.
 */
export async function recordOnTicket(
  desk: Desk,
  ticketId: Types.ObjectId,
  entry: { by: string; action: string; note?: string; from?: string; to?: string },
  update: UpdateQuery<TicketFields> = {},
  where: Record<string, unknown> = {},
  owed: { notices?: Notification[]; tasks?: TaskSpec[] } = {},
): Promise<TicketDoc | null> {
  const now = desk.clock.now();
  // The new version is known only after the update: the redraw is keyed by a fresh id instead.
  const tasks = owedTasks(ticketId, new Types.ObjectId().toHexString(), now, owed.notices ?? [], owed.tasks);
  const updated = await desk.models.Ticket.findOneAndUpdate(
    { _id: ticketId, ...where },
    {
      ...update,
      $inc: { ...(update.$inc ?? {}), version: 1 },
      $push: {
        ...(update.$push ?? {}),
        history: { at: now, ...entry },
        pendingTasks: { $each: pendingEntries(tasks, now) },
      },
    },
    { returnDocument: 'after' },
  );
  if (updated) deliverOwed(desk, updated, tasks, now, []);
  return updated;
}
