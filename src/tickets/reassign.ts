/** A supervisor hands a claimed ticket to another member of the department. */
import type { Types } from 'mongoose';
import { userText } from '../../blocks/text.ts';
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import {
  type CardRef,
  checkAction,
  departmentOf,
  isDepartmentMember,
  ticketOf,
  type WorkResult,
} from './handling.ts';
import { changeTicket } from './ticket-change.ts';

export async function reassignTicket(
  desk: Desk,
  req: {
    ticketId: Types.ObjectId;
    current?: TicketDoc;
    by: string;
    newOwner: string;
    reason: string;
    from?: CardRef;
  },
): Promise<WorkResult> {
  const t = await ticketOf(desk, req);
  if (!t) return { ok: false, reason: 'not_found' };
  const refused = checkAction(desk, t, 'reassign', req.by, 'supervisor', req.from);
  if (refused) return { ok: false, reason: refused, ticket: t };
  const dept = departmentOf(desk, t.departmentId);
  if (!dept || req.newOwner === t.ownerId || !(await isDepartmentMember(desk, dept, req.newOwner)))
    return { ok: false, reason: 'invalid_target', ticket: t };
  const params = { number: t.number, user: req.by, owner: req.newOwner, reason: userText(req.reason, 1500) };
  const res = await changeTicket(desk, {
    ticketId: t._id,
    current: t,
    action: 'reassign',
    by: req.by,
    note: req.reason,
    from: t.ownerId ?? '',
    to: req.newOwner,
    set: { ownerId: req.newOwner, claimedAt: desk.clock.now() },
    notices: (version) => [
      { key: `reassigned:${t._id}:${version}:new`, to: req.newOwner, message: 'notice.reassigned', params },
      ...(t.ownerId && t.ownerId !== req.by
        ? [
            {
              key: `reassigned:${t._id}:${version}:old`,
              to: t.ownerId,
              message: 'notice.reassigned' as const,
              params,
            },
          ]
        : []),
    ],
  });
  if (!res.ok) return res;
  return { ok: true, ticket: res.ticket };
}
