/** Audit records for actions on many tickets at once (exports): who, when, what. */
import type { Desk } from '../context.ts';

export interface AuditInput {
  by: string;
  action: string;
  details?: Record<string, unknown>;
}

export async function recordAudit(desk: Desk, input: AuditInput): Promise<void> {
  await desk.models.AuditEvent.create({
    at: desk.clock.now(),
    by: input.by,
    action: input.action,
    details: input.details ?? {},
  });
  desk.log.info({ audit: input.action, by: input.by }, 'audit event recorded');
}
