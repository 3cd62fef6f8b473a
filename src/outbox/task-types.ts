/**
 * The shapes of outbox work, shared by the outbox, delivery, the jobs and every feature that owes
 * Slack work. Types only, and no feature imports: each feature exports the handler of its own task
 * kinds, and the table of handlers is built at the composition root (src/main.ts) and reaches
 * delivery on the Desk (`desk.tasks`; the handler type is declared beside the Desk in src/context.ts).
 */
import type { Types } from 'mongoose';
import type { TicketDoc } from '../db/models/index.ts';

/** A task to store in the outbox (idempotent on `key`). */
export interface TaskSpec {
  key: string;
  kind: string;
  ticketId?: Types.ObjectId;
  dueAt: Date;
  payload?: Record<string, unknown>;
}

/** A stored task as delivery claims it. */
export type TaskRecord = {
  _id: Types.ObjectId;
  key: string;
  kind: string;
  ticketId?: Types.ObjectId | null;
  dueAt: Date;
  attempts: number;
  payload: Record<string, unknown>;
};

/** A task written on its ticket, in the same update as the change that owes it. */
export interface PendingTask {
  key: string;
  kind: string;
  dueAt: Date;
  payload: Record<string, unknown>;
  at: Date;
}

/**
 * What handlers run right after a change ask to be written with the delivery's one closing update
 * (instead of an update of their own): `$max` and `$set` fields.
 */
export interface AfterDelivery {
  max: Record<string, number>;
  set: Record<string, unknown>;
}

export interface TaskContext {
  now: Date;
  /**
   * Delivery right after a change (src/outbox/deliver-now.ts `deliverPending`): the ticket as the
   * change left it, so the handler need not read it again, and `after` for what it wants recorded.
   */
  ticket?: TicketDoc;
  after?: AfterDelivery;
  dryRun?: boolean;
  /** Collects readable lines of what was (or, in a dry run, would be) sent. */
  report?: string[];
}

/** What a handler says about its task: done, no longer applies, or stays due for a retry. */
export type TaskOutcome = 'done' | 'drop' | { retryInMs: number; reason: string };
