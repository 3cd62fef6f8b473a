/**
 * Running outbox tasks: `runTask` executes one claimed task through its handler and records the
 * outcome; `deliverTasksNow` claims specific tasks by key right after an action, so the first
 * attempt happens at once and failures are left due for the jobs to retry. The handlers come from
 * the Desk (`desk.tasks`, registered at the composition root), so this module imports no feature.
 */

import type { Types } from 'mongoose';
import type { Desk } from '../context.ts';
import {
  completeTask,
  dropTask,
  INSTANCE_ID,
  LOCK_MS,
  releasePending,
  retryDelayMs,
  retryTask,
} from './outbox.ts';
import { slackErrorInfo } from './slack-errors.ts';
import type { PendingTask, TaskContext, TaskRecord } from './task-types.ts';

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

/** Moves a ticket's pending tasks into the outbox, then sends those due now. */
export async function deliverPending(
  desk: Desk,
  ticketId: Types.ObjectId,
  pending: PendingTask[],
): Promise<void> {
  const keys = await releasePending(desk, ticketId, pending);
  const now = desk.clock.now();
  await deliverTasksNow(
    desk,
    keys.filter((_, i) => pending[i]!.dueAt <= now),
  );
}
