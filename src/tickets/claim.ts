/**
 * Claiming a ticket from its department card: only department members, exactly one winner when
 * several click at once (changeTicket's conditional update), the first response measured against
 * the response due time, and the opener told by DM who took it.
 */
import type { Types } from 'mongoose';
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import type { Notification } from '../notices/notify.ts';
import { claimedClocks, clockFields } from './clocks.ts';
import {
  type CardRef,
  checkAction,
  departmentOf,
  isDepartmentMember,
  ticketOf,
  type WorkResult,
} from './handling.ts';
import { changeTicket } from './ticket-change.ts';

/**
 * What taking an unclaimed ticket sets (a claim, or a supervisor's "Assign to…"): the owner, the
 * clocks that start at the claim, and the first response, measured once.
 */
export function ownerFields(desk: Desk, t: TicketDoc, owner: string): Record<string, unknown> {
  const now = desk.clock.now();
  // The plan, findings and progress-sync clocks start at the claim (domain.md's clock table).
  const set: Record<string, unknown> = {
    ownerId: owner,
    claimedAt: now,
    ...clockFields(claimedClocks(desk, t, now)),
  };
  // The first response is measured once, on the first claim (a transfer does not restart it).
  if (!t.firstResponseAt) {
    set.firstResponseAt = now;
    set.responseMet = now.getTime() <= t.responseDueAt.getTime();
  }
  return set;
}

/** The opener's DM saying who took the ticket. */
export function claimedNotice(t: TicketDoc, owner: string): Notification {
  return {
    key: `claimed:${t._id}:${t.formerCards?.length ?? 0}:${owner}`,
    to: t.openedBy,
    message: 'notice.claimed',
    params: { number: t.number, user: owner, departmentId: t.departmentId },
  };
}

export async function claimTicket(
  desk: Desk,
  req: { ticketId: Types.ObjectId; current?: TicketDoc; by: string; from?: CardRef },
): Promise<WorkResult> {
  const t = await ticketOf(desk, req);
  if (!t) return { ok: false, reason: 'not_found' };
  const refused = checkAction(desk, t, 'claim', req.by, 'anyone', req.from);
  if (refused) return { ok: false, reason: refused, ticket: t };
  const dept = departmentOf(desk, t.departmentId);
  if (!dept || !(await isDepartmentMember(desk, dept, req.by)))
    return { ok: false, reason: 'not_member', ticket: t };
  const res = await changeTicket(desk, {
    ticketId: t._id,
    current: t,
    action: 'claim',
    by: req.by,
    set: ownerFields(desk, t, req.by),
    notices: [claimedNotice(t, req.by)],
  });
  if (!res.ok) return res;
  desk.metrics.ticket('claimed', res.ticket);
  desk.log.info({ ticket: res.ticket.number, owner: req.by }, 'claimed');
  return { ok: true, ticket: res.ticket };
}
