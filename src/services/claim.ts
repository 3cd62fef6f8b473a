/**
 * Claiming a ticket from its department card: only department members, exactly one winner when
 * several click at once (changeTicket's conditional update), the first response measured against
 * the response due time, and the opener told by DM who took it.
 */
import type { Types } from 'mongoose';
import type { Desk } from '../context.ts';
import { type CardRef, checkAction, departmentOf, isDepartmentMember, type WorkResult } from './handling.ts';
import { notify } from './notify.ts';
import { changeTicket } from './ticket-change.ts';

export async function claimTicket(
  desk: Desk,
  req: { ticketId: Types.ObjectId; by: string; from?: CardRef },
): Promise<WorkResult> {
  const t = await desk.models.Ticket.findById(req.ticketId);
  if (!t) return { ok: false, reason: 'not_found' };
  const refused = checkAction(desk, t, 'claim', req.by, 'anyone', req.from);
  if (refused) return { ok: false, reason: refused, ticket: t };
  const dept = departmentOf(desk, t.departmentId);
  if (!dept || !(await isDepartmentMember(desk, dept, req.by)))
    return { ok: false, reason: 'not_member', ticket: t };
  const now = desk.clock.now();
  const set: Record<string, unknown> = { ownerId: req.by, claimedAt: now };
  // The first response is measured once, on the first claim (a transfer does not restart it).
  if (!t.firstResponseAt) {
    set.firstResponseAt = now;
    set.responseMet = now.getTime() <= t.responseDueAt.getTime();
  }
  const res = await changeTicket(desk, { ticketId: t._id, action: 'claim', by: req.by, set });
  if (!res.ok) return res;
  const claimed = res.ticket;
  desk.metrics.ticket('claimed', claimed);
  desk.log.info({ ticket: claimed.number, owner: req.by }, 'claimed');
  desk.background.run('claim notices', () =>
    notify(desk, [
      {
        key: `claimed:${claimed._id}:${claimed.formerCards?.length ?? 0}:${req.by}`,
        to: claimed.openedBy,
        ticketId: claimed._id,
        message: 'notice.claimed',
        params: { number: claimed.number, user: req.by, departmentId: claimed.departmentId },
      },
    ]),
  );
  return { ok: true, ticket: claimed };
}
