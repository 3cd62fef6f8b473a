/**
 * Supporting collections: daily number counters, the outbox of due Slack work (claimed item by
 * item), job leases and processed-event ids.
 */
import { type Connection, Schema } from 'mongoose';

/** `_id` = counter key (channel code + date); `seq` = last serial handed out. */
const counterSchema = new Schema({
  _id: { type: String, required: true },
  seq: { type: Number, default: 0 },
});

/**
 * One unit of due Slack work: post a card, send a nudge, a warning, a follow-up… `key` makes
 * scheduling idempotent (e.g. `sla:response_warning:<ticket>`): scheduling twice stores one task.
 * A worker claims it with a conditional update (status due → sending, with a lock expiry) and
 * marks it done only after Slack accepted it.
 */
const taskSchema = new Schema(
  {
    key: { type: String, required: true },
    kind: { type: String, required: true },
    ticketId: { type: Schema.Types.ObjectId },
    dueAt: { type: Date, required: true },
    status: { type: String, enum: ['due', 'sending', 'done', 'cancelled', 'failed'], default: 'due' },
    lockedUntil: Date,
    lockedBy: String,
    attempts: { type: Number, default: 0 },
    lastError: String,
    payload: { type: Schema.Types.Mixed, default: {} },
    doneAt: Date,
  },
  { timestamps: true, minimize: false },
);
taskSchema.index({ key: 1 }, { unique: true });
taskSchema.index({ status: 1, dueAt: 1 });
taskSchema.index({ ticketId: 1, kind: 1 });

/** A job lease: one instance at a time runs a job. */
const leaseSchema = new Schema({
  _id: { type: String, required: true },
  owner: { type: String, required: true },
  until: { type: Date, required: true },
});

/** Slack event ids already processed (retries are dropped), expired after a day. */
const processedEventSchema = new Schema({
  _id: { type: String, required: true },
  at: { type: Date, required: true },
});
processedEventSchema.index({ at: 1 }, { expireAfterSeconds: 86_400 });

/**
 * One audit record for an action on many tickets at once (an export), instead of a history entry
 * on every ticket: who, when, what (action, scope, period, row count, masked or not).
 */
const auditEventSchema = new Schema(
  {
    at: { type: Date, required: true },
    by: { type: String, required: true },
    action: { type: String, required: true },
    details: { type: Schema.Types.Mixed, default: {} },
  },
  { minimize: false },
);
auditEventSchema.index({ at: -1 });
auditEventSchema.index({ by: 1, at: -1 });

/** People who have opened the App Home tab: only their tabs are redrawn after ticket changes. */
const homeViewerSchema = new Schema({
  _id: { type: String, required: true },
  at: { type: Date, required: true },
});

export function supportModels(conn: Connection) {
  return {
    HomeViewer: conn.model('HomeViewer', homeViewerSchema),
    Counter: conn.model('Counter', counterSchema),
    Task: conn.model('Task', taskSchema),
    Lease: conn.model('Lease', leaseSchema),
    ProcessedEvent: conn.model('ProcessedEvent', processedEventSchema),
    AuditEvent: conn.model('AuditEvent', auditEventSchema),
  };
}
