/**
 * The first-contact agent confirms the customer was told the result (domain.md: within the
 * priority's window after resolving). Recorded once, with whether it was on time.
 */
import type { Types } from 'mongoose';
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { meetClocks } from '../domain/clocks.ts';
import { clockFields, clocksOf } from './clocks.ts';
import { checkAction, ticketOf, type WorkResult } from './handling.ts';
import { changeTicket } from './ticket-change.ts';

export async function markCustomerNotified(
  desk: Desk,
  req: { ticketId: Types.ObjectId; current?: TicketDoc; by: string },
): Promise<WorkResult> {
  const t = await ticketOf(desk, req);
  if (!t) return { ok: false, reason: 'not_found' };
  const refused = checkAction(desk, t, 'notify_customer', req.by, 'reopener');
  if (refused) return { ok: false, reason: refused, ticket: t };
  if (t.customerNotifiedAt) return { ok: false, reason: 'already_notified', ticket: t };
  const now = desk.clock.now();
  const onTime = !t.customerNotifyDueAt || now.getTime() <= t.customerNotifyDueAt.getTime();
  return changeTicket(desk, {
    ticketId: t._id,
    current: t,
    action: 'notify_customer',
    by: req.by,
    note: onTime ? 'on time' : 'late',
    where: { customerNotifiedAt: null },
    set: { customerNotifiedAt: now, ...clockFields(meetClocks(clocksOf(t), ['result_notice'], now)) },
  });
}
