/**
 * Running outbox tasks: `runTask` executes one claimed task through its handler and records the
 * outcome; `deliverTasksNow` claims specific stored tasks by key and runs them at once;
 * `deliverPending` sends the work a change wrote on its ticket straight from there. The handlers come from
 * the Desk (`desk.tasks`, registered at the composition root), so this module imports no feature.
 */

import { Types } from 'mongoose';
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { completeTask, dropTask, INSTANCE_ID, LOCK_MS, retryDelayMs, retryTask, toOutbox } from './outbox.ts';
import { slackErrorInfo } from './slack-errors.ts';
import type { AfterDelivery, PendingTask, TaskContext, TaskRecord } from './task-types.ts';

export type RunOutcome = 'done' | 'dropped' | 'retry';

export async function runTask(desk: Desk, task: TaskRecord, ctx: TaskContext): Promise<RunOutcome> {
  const handler = desk.tasks[task.kind];
  if (!handler) {
    await dropTask(desk, task, ctx.now, `no handler for ${task.kind}`);
    return 'dropped';
  }
  try {
    const outcome = await handler(desk, task, ctx);
    if (outcome === 'done') {
      await completeTask(desk, task, desk.clock.now());
      return 'done';
    }
    if (outcome === 'drop') {
      await dropTask(desk, task, ctx.now, 'no longer applies');
      return 'dropped';
    }
    await retryTask(desk, task, ctx.now, outcome.reason, outcome.retryInMs);
    return 'retry';
  } catch (err) {
    const info = slackErrorInfo(err);
    await retryTask(desk, task, ctx.now, info.message, retryDelayMs(task.attempts, info.retryAfterSec));
    desk.log.warn({ task: task.key, err: info.message }, 'task failed; it stays due');
    return 'retry';
  }
}

/** Claims the given due tasks by key and runs them now. */
export async function deliverTasksNow(desk: Desk, keys: string[]): Promise<void> {
  for (const key of keys) {
    const now = desk.clock.now();
    const task = (await desk.models.Task.findOneAndUpdate(
      { key, status: 'due' },
      {
        $set: { status: 'sending', lockedUntil: new Date(now.getTime() + LOCK_MS), lockedBy: INSTANCE_ID },
        $inc: { attempts: 1 },
      },
      { returnDocument: 'after', lean: true },
    )) as TaskRecord | null;
    if (task) await runTask(desk, task, { now });
  }
}

/** Right after a change, delivery stops starting tasks after this long and leaves the rest to the outbox. */
const DIRECT_BUDGET_MS = 20_000;

/**
 * Delivers the work a change wrote on its ticket (`pendingTasks`), right after the change, in
 * order, without copying it to the outbox first: each handler is given the ticket as the change
 * left it (no read), and one closing update takes the delivered entries off the ticket together
 * with what the handlers asked to record (e.g. the card version drawn). What fails, is due later,
 * or is left when the time budget runs out goes into the outbox (one write) for the jobs to retry.
 * If the process dies meanwhile, the entries are still on the ticket and the `cards` job's sweep
 * moves them after SWEEP_GRACE_MS; a post it resends is first looked up (src/outbox/slack-post.ts).
 * Given only the ticket id, the handlers read the ticket themselves. `onTicket: false` delivers
 * work owed by a task that is itself still on the ticket (e.g. the card's thread note): the same,
 * without taking anything off the ticket.
 */
export async function deliverPending(
  desk: Desk,
  ticket: TicketDoc | Types.ObjectId,
  pending: PendingTask[],
  opts: { onTicket?: boolean } = {},
): Promise<void> {
  const onTicket = opts.onTicket ?? true;
  if (pending.length === 0) return;
  const started = performance.now();
  const doc = ticket instanceof Types.ObjectId ? undefined : ticket;
  const ticketId = doc ? doc._id : (ticket as Types.ObjectId);
  const now = desk.clock.now();
  const after: AfterDelivery = { max: {}, set: {} };
  const finished: string[] = [];
  const later: OutboxEntry[] = [];
  // One context for the run: a handler that changes the ticket (the card recorded) hands the
  // changed ticket on to the next ones.
  const ctx: TaskContext = { now, ...(doc ? { ticket: doc, after } : {}) };
  for (const entry of pending) {
    // Plain fields: entries read from a stored ticket are mongoose subdocuments.
    const p: PendingTask = {
      key: entry.key,
      kind: entry.kind,
      dueAt: entry.dueAt,
      payload: entry.payload ?? {},
      at: entry.at,
    };
    if (p.dueAt > now || performance.now() - started > DIRECT_BUDGET_MS) {
      later.push({ ...p, attempts: 0 });
      continue;
    }
    const outcome = await attempt(desk, ticketId, p, ctx);
    if (outcome === 'done' || outcome === 'drop') finished.push(p.key);
    else
      later.push({
        ...p,
        attempts: 1,
        dueAt: new Date(now.getTime() + outcome.retryInMs),
        lastError: outcome.reason,
      });
  }
  if (later.length) await toOutbox(desk, ticketId, later);
  const drawn = after.max['card.drawnVersion'];
  const pull = onTicket ? [...finished, ...later.map((e) => e.key)] : [];
  if (pull.length === 0 && Object.keys(after.max).length === 0 && Object.keys(after.set).length === 0) return;
  const latest = await desk.models.Ticket.findOneAndUpdate(
    { _id: ticketId },
    {
      ...(pull.length ? { $pull: { pendingTasks: { key: { $in: pull } } } } : {}),
      ...(Object.keys(after.max).length ? { $max: after.max } : {}),
      ...(Object.keys(after.set).length ? { $set: after.set } : {}),
    },
    { returnDocument: 'after' },
  );
  // A change came in while the card was drawn from the ticket given, and its own redraw may have
  // reached Slack before this one: draw the latest once more, whatever drawnVersion says.
  if (latest && drawn !== undefined && latest.version > drawn) {
    const again: PendingTask = {
      key: `redraw_card:${ticketId}:${latest.version}:again`,
      kind: 'redraw_card',
      dueAt: now,
      payload: { force: true },
      at: now,
    };
    await deliverPending(desk, latest, [again], { onTicket: false });
  }
}

type OutboxEntry = PendingTask & { attempts: number; lastError?: string };

/** Runs one pending entry's handler; a throw or a retry outcome becomes a retry delay. */
async function attempt(
  desk: Desk,
  ticketId: Types.ObjectId,
  p: PendingTask,
  ctx: TaskContext,
): Promise<'done' | 'drop' | { retryInMs: number; reason: string }> {
  const handler = desk.tasks[p.kind];
  if (!handler) return 'drop';
  const task: TaskRecord = {
    _id: new Types.ObjectId(),
    key: p.key,
    kind: p.kind,
    ticketId,
    dueAt: p.dueAt,
    attempts: 1,
    payload: p.payload ?? {},
  };
  try {
    return await handler(desk, task, ctx);
  } catch (err) {
    const info = slackErrorInfo(err);
    desk.log.warn({ task: p.key, err: info.message }, 'task failed; it goes to the outbox for a retry');
    return { retryInMs: retryDelayMs(1, info.retryAfterSec), reason: info.message };
  }
}
