/**
 * "Assign to…" on an unclaimed card: a supervisor of the department (or a director) names the
 * owner. Only a member of the department (its channel, user group or supervisors) can be chosen.
 * The ticket is taken exactly as a claim takes it (same fields, same conditional update, so a
 * concurrent Claim and Assign give one owner), audited as `assign_to` (by whom, to whom), and the
 * assignee is told by DM.
 */
import type { Types } from 'mongoose';
import { escapeMrkdwn } from '../../blocks/text.ts';
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { subjectOf } from '../domain/subject.ts';
import { claimedNotice, ownerFields } from './claim.ts';
import {
  type CardRef,
  checkAction,
  departmentOf,
  isDepartmentMember,
  ticketOf,
  type WorkResult,
} from './handling.ts';
import { changeTicket } from './ticket-change.ts';

/** The ticket whose current department card is the message `card` (null for any other message). */
export async function ticketOnCard(desk: Desk, card: CardRef): Promise<TicketDoc | null> {
  return desk.models.Ticket.findOne({ 'card.channel': card.channel, 'card.ts': card.ts });
}

export async function assignTicketTo(
  desk: Desk,
  req: { ticketId: Types.ObjectId; current?: TicketDoc; by: string; to: string; from?: CardRef },
): Promise<WorkResult> {
  const t = await ticketOf(desk, req);
  if (!t) return { ok: false, reason: 'not_found' };
  const refused = checkAction(desk, t, 'claim', req.by, 'supervisor', req.from);
  if (refused) return { ok: false, reason: refused, ticket: t };
  const dept = departmentOf(desk, t.departmentId);
  if (!dept || !(await isDepartmentMember(desk, dept, req.to)))
    return { ok: false, reason: 'invalid_target', ticket: t };
  const res = await changeTicket(desk, {
    ticketId: t._id,
    current: t,
    action: 'claim',
    historyAction: 'assign_to',
    by: req.by,
    from: '',
    to: req.to,
    set: ownerFields(desk, t, req.to),
    notices: [
      {
        key: `assigned-to:${t._id}:${t.formerCards?.length ?? 0}:${req.to}`,
        to: req.to,
        message: 'notice.assignedToYou',
        params: {
          number: t.number,
          user: req.by,
          departmentId: t.departmentId,
          subject: escapeMrkdwn(subjectOf(t)),
        },
      },
      ...(t.openedBy !== req.to ? [claimedNotice(t, req.to)] : []),
    ],
  });
  if (!res.ok) return res;
  desk.metrics.ticket('claimed', res.ticket);
  desk.log.info({ ticket: res.ticket.number, owner: req.to, by: req.by }, 'assigned to');
  return { ok: true, ticket: res.ticket };
}
