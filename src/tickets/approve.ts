/**
 * The supervisor's decision on a resolution above the owner's authority: approve (the ticket
 * becomes resolved) or reject with a reason (back in progress with the owner).
 */
import type { Types } from 'mongoose';
import { userText } from '../../blocks/text.ts';
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { checkAction, ticketOf, type WorkResult } from './handling.ts';
import { isDirector } from './permissions.ts';
import { afterResolved, resolvedFields, resolvedNotices } from './resolve.ts';
import { changeTicket } from './ticket-change.ts';

export async function decideApproval(
  desk: Desk,
  req: { ticketId: Types.ObjectId; current?: TicketDoc; by: string; approve: boolean; note?: string },
): Promise<WorkResult> {
  const t = await ticketOf(desk, req);
  if (!t) return { ok: false, reason: 'not_found' };
  const action = req.approve ? 'approve' : 'reject';
  const refused = checkAction(desk, t, action, req.by, 'supervisor');
  if (refused) return { ok: false, reason: refused, ticket: t };
  // A rule that names the director (e.g. a major complaint): only a service director decides.
  if (t.approval?.approver === 'director' && !isDirector(desk.config, req.by))
    return { ok: false, reason: 'not_director', ticket: t };
  const now = desk.clock.now();
  const decision = {
    'approval.decidedBy': req.by,
    'approval.decidedAt': now,
    'approval.approved': req.approve,
    'approval.note': req.note ?? '',
  };
  const fields = req.approve ? resolvedFields(desk, t, now) : undefined;
  const res = await changeTicket(desk, {
    ticketId: t._id,
    current: t,
    action,
    by: req.by,
    note: req.note,
    set: fields ? { ...decision, ...fields } : decision,
    notices: (version) => [
      ...(t.ownerId
        ? [
            {
              key: `approval-decided:${t._id}:${version}`,
              to: t.ownerId,
              message: req.approve ? ('notice.approved' as const) : ('notice.rejected' as const),
              params: { number: t.number, user: req.by, note: userText(req.note || '—', 1500) },
            },
          ]
        : []),
      ...(fields ? resolvedNotices(t, t.resolution ?? {}, fields.customerNotifyDueAt) : []),
    ],
  });
  if (!res.ok) return res;
  desk.log.info({ ticket: res.ticket.number, approved: req.approve }, 'approval decided');
  if (req.approve) afterResolved(desk, res.ticket);
  return { ok: true, ticket: res.ticket };
}
