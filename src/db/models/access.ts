/**
 * Access requests and grants (issue 13): someone without a role asks to look up one ticket, one
 * customer or one department; the department's supervisor approves (until `expiresAt`) or rejects.
 * A grant is active while approved and not expired, so it ends by itself (no job needed); the
 * audit log keeps who asked, who decided and when.
 */
import { type Connection, type InferSchemaType, Schema } from 'mongoose';

export const ACCESS_SCOPES = ['ticket', 'customer', 'department'] as const;
export const ACCESS_STATUSES = ['pending', 'approved', 'rejected'] as const;

const accessGrantSchema = new Schema(
  {
    user: { type: String, required: true },
    scope: { type: String, enum: ACCESS_SCOPES, required: true },
    /** Ticket number, customer ID or department id. */
    target: { type: String, required: true },
    /** The department whose supervisor decides. */
    departmentId: { type: String, required: true },
    status: { type: String, enum: ACCESS_STATUSES, default: 'pending' },
    requestedAt: { type: Date, required: true },
    decidedBy: String,
    decidedAt: Date,
    expiresAt: Date,
  },
  { minimize: false },
);
// One open request per person and target: asking twice does not ask the supervisor twice.
accessGrantSchema.index(
  { user: 1, scope: 1, target: 1 },
  { unique: true, partialFilterExpression: { status: 'pending' } },
);
accessGrantSchema.index({ user: 1, status: 1, expiresAt: 1 });

export type AccessGrantFields = InferSchemaType<typeof accessGrantSchema>;

export function accessModels(conn: Connection) {
  return { AccessGrant: conn.model('AccessGrant', accessGrantSchema) };
}
