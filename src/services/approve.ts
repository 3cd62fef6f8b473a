/**
 * The supervisor's decision on a resolution above the owner's authority: approve (the ticket
 * becomes resolved) or reject with a reason (back in progress with the owner).
 */
import type { Types } from 'mongoose';
import { userText } from '../../blocks/text.ts';
import type { Desk } from '../context.ts';
import { checkAction, type WorkResult } from './handling.ts';
import { notify } from './notify.ts';
import { afterResolved, resolvedFields } from './resolve.ts';
import { changeTicket } from './ticket-change.ts';

export async function decideApproval(
  desk: Desk,
  req: { ticketId: Types.ObjectId; by: string; approve: boolean; note?: string },
): Promise<WorkResult> {
  const t = await desk.models.Ticket.findById(req.ticketId);
  if (!t) return { ok: false, reason: 'not_found' };
  const action = req.approve ? 'approve' : 'reject';
  const refused = checkAction(desk, t, action, req.by, 'supervisor');
  if (refused) return { ok: false, reason: refused, ticket: t };
  const now = desk.clock.now();
  const decision = {
    'approval.decidedBy': req.by,
    'approval.decidedAt': now,
    'approval.approved': req.approve,
    'approval.note': req.note ?? '',
  };
  const res = await changeTicket(desk, {
    ticketId: t._id,
    action,
    by: req.by,
    note: req.note,
    set: req.approve ? { ...decision, ...resolvedFields(desk, t, now) } : decision,
  });
  if (!res.ok) return res;
  const u = res.ticket;
  desk.log.info({ ticket: u.number, approved: req.approve }, 'approval decided');
  desk.background.run('approval decided', async () => {
    if (u.ownerId)
      await notify(desk, [
        {
          key: `approval-decided:${u._id}:${u.version}`,
          to: u.ownerId,
          ticketId: u._id,
          message: req.approve ? 'notice.approved' : 'notice.rejected',
          params: { number: u.number, user: req.by, note: userText(req.note || '—', 1500) },
        },
      ]);
    if (req.approve) await afterResolved(desk, u);
  });
  return { ok: true, ticket: u };
}
