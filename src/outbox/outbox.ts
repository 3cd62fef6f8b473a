/**
 * The outbox of due Slack work. Scheduling is idempotent on `key`; delivery claims one task at a
 * time with a conditional update, so two instances never send the same message; a task is marked
 * done only after Slack accepted it, otherwise it stays due for the next run.
 */
import { randomUUID } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Desk } from '../context.ts';
import type { PendingTask, TaskRecord, TaskSpec } from './task-types.ts';

// The task types moved to task-types.ts; still exported here for importers written before.
export type { PendingTask, TaskRecord, TaskSpec } from './task-types.ts';

export const INSTANCE_ID = `${process.pid}-${randomUUID().slice(0, 8)}`;
/** How long a claimed task is locked: a claim of a crashed instance is taken over after this. */
export const LOCK_MS = 30_000;

/** Stores a task unless one with the same key exists; true when it was new. */
export async function scheduleTask(desk: Desk, spec: TaskSpec): Promise<boolean> {
  const res = await desk.models.Task.updateOne(
    { key: spec.key },
    {
      $setOnInsert: {
        key: spec.key,
        kind: spec.kind,
        ticketId: spec.ticketId,
        dueAt: spec.dueAt,
        status: 'due',
        attempts: 0,
        payload: spec.payload ?? {},
      },
    },
    { upsert: true },
  ).catch((err: { code?: number }) => {
    if (err.code === 11000) return { upsertedCount: 0 };
    throw err;
  });
  return res.upsertedCount === 1;
}

/** The `pendingTasks` entries for `specs` (to `$push` with the change). */
export function pendingEntries(specs: TaskSpec[], now: Date): PendingTask[] {
  return specs.map((s) => ({ key: s.key, kind: s.kind, dueAt: s.dueAt, payload: s.payload ?? {}, at: now }));
}

/**
 * Copies a ticket's pending entries into the outbox (idempotent on key: an entry already there is
 * left as it is, so an instance delivering and a sweep after a crash may both do it), with the
 * attempts already made and when each is due. The caller takes them off the ticket.
 */
export async function toOutbox(
  desk: Desk,
  ticketId: Types.ObjectId,
  entries: (PendingTask & { attempts: number; lastError?: string })[],
): Promise<void> {
  if (entries.length === 0) return;
  await desk.models.Task.bulkWrite(
    entries.map((p) => ({
      updateOne: {
        filter: { key: p.key },
        update: {
          $setOnInsert: {
            key: p.key,
            kind: p.kind,
            ticketId,
            dueAt: p.dueAt,
            status: 'due',
            attempts: p.attempts,
            payload: p.payload ?? {},
            ...(p.lastError ? { lastError: p.lastError } : {}),
          },
        },
        upsert: true,
      },
    })),
    { ordered: false },
  ).catch((err: { code?: number; writeErrors?: { code?: number }[] }) => {
    // Two instances upserting the same key at once: the other one stored it.
    const errors = err.writeErrors ?? [err];
    if (!errors.every((e) => e.code === 11000)) throw err;
  });
}

/**
 * Moves a ticket's pending entries into the outbox and takes them off the ticket (the crash
 * sweep). They count as attempted once: the instance that wrote them may have posted before it
 * died, so a post is first looked up before it is sent again. Returns the keys moved.
 */
export async function releasePending(
  desk: Desk,
  ticketId: Types.ObjectId,
  pending: PendingTask[],
): Promise<string[]> {
  if (pending.length === 0) return [];
  await toOutbox(
    desk,
    ticketId,
    pending.map((p) => ({ ...p, attempts: 1 })),
  );
  const keys = pending.map((p) => p.key);
  await desk.models.Ticket.updateOne({ _id: ticketId }, { $pull: { pendingTasks: { key: { $in: keys } } } });
  return keys;
}

/**
 * How long owed work may stay on its ticket before the sweep takes it: longer than delivery right
 * after a change may take (it starts no task after 20 s; a Slack call gives up after 15 s).
 */
export const SWEEP_GRACE_MS = 40_000;

/**
 * The crash sweep: tickets whose pending tasks were written more than `graceMs` ago and never
 * moved (the process died between the change and the move) get them moved now. Returns how many
 * tasks were moved; the outbox then delivers them like any other.
 */
export async function sweepPending(
  desk: Desk,
  now: Date,
  opts: { graceMs?: number; limit?: number; dryRun?: boolean } = {},
): Promise<number> {
  const stale = await desk.models.Ticket.find(
    { 'pendingTasks.at': { $lte: new Date(now.getTime() - (opts.graceMs ?? SWEEP_GRACE_MS)) } },
    { pendingTasks: 1 },
  )
    .limit(opts.limit ?? 500)
    .lean();
  if (opts.dryRun) return stale.reduce((n, t) => n + (t.pendingTasks?.length ?? 0), 0);
  let moved = 0;
  for (const t of stale) {
    const keys = await releasePending(desk, t._id, (t.pendingTasks ?? []) as PendingTask[]);
    moved += keys.length;
  }
  if (moved > 0) desk.log.warn({ tickets: stale.length, tasks: moved }, 'recovered pending Slack work');
  return moved;
}

/** Cancels the due tasks of a ticket (e.g. a follow-up when the ticket is reopened). */
export async function cancelTasks(desk: Desk, ticketId: Types.ObjectId, kinds: string[]): Promise<number> {
  const res = await desk.models.Task.updateMany(
    { ticketId, kind: { $in: kinds }, status: 'due' },
    { $set: { status: 'cancelled', doneAt: desk.clock.now() } },
  );
  return res.modifiedCount;
}

/** Claims the next due task of the given kinds (or a stale claim whose lock expired). */
export async function claimTask(desk: Desk, kinds: string[], now: Date): Promise<TaskRecord | null> {
  const doc = await desk.models.Task.findOneAndUpdate(
    {
      kind: { $in: kinds },
      $or: [
        { status: 'due', dueAt: { $lte: now } },
        { status: 'sending', lockedUntil: { $lt: now } },
      ],
    },
    {
      $set: { status: 'sending', lockedUntil: new Date(now.getTime() + LOCK_MS), lockedBy: INSTANCE_ID },
      $inc: { attempts: 1 },
    },
    { sort: { dueAt: 1 }, returnDocument: 'after', lean: true },
  );
  return doc as TaskRecord | null;
}

export async function completeTask(desk: Desk, task: TaskRecord, now: Date): Promise<void> {
  await desk.models.Task.updateOne(
    { _id: task._id, lockedBy: INSTANCE_ID },
    { $set: { status: 'done', doneAt: now }, $unset: { lockedUntil: 1 } },
  );
}

/** Leaves the task due again after `delayMs` (Slack failed or was rate limited). */
export async function retryTask(
  desk: Desk,
  task: TaskRecord,
  now: Date,
  error: string,
  delayMs: number,
): Promise<void> {
  await desk.models.Task.updateOne(
    { _id: task._id, lockedBy: INSTANCE_ID },
    {
      $set: { status: 'due', dueAt: new Date(now.getTime() + delayMs), lastError: error },
      $unset: { lockedUntil: 1 },
    },
  );
}

/** Gives a task up (its ticket is gone or it no longer applies). */
export async function dropTask(desk: Desk, task: TaskRecord, now: Date, reason: string): Promise<void> {
  await desk.models.Task.updateOne(
    { _id: task._id },
    { $set: { status: 'cancelled', doneAt: now, lastError: reason }, $unset: { lockedUntil: 1 } },
  );
}

/** Retry delay: exponential from 30 s up to 15 min, or Slack's Retry-After when given. */
export function retryDelayMs(attempts: number, retryAfterSec?: number): number {
  if (retryAfterSec && retryAfterSec > 0) return retryAfterSec * 1000;
  return Math.min(15 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}
