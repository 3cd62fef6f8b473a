/**
 * Snooze (from a nudge): the owner, or the department's supervisor, postpones the stale-ticket
 * reminders by one working day (`nudge.snoozedUntil`). A lifecycle action, so it is refused once the
 * ticket is resolved and recorded in the history.
 */
import type { Desk } from '../context.ts';
import { mayHandle } from './permissions.ts';
import { changeTicket } from './ticket-change.ts';

export type SnoozeResult =
  | { ok: true; number: string; until: Date }
  | { ok: false; reason: 'not_found' | 'forbidden' | string; number?: string };

export async function snoozeNudges(desk: Desk, req: { number: string; by: string }): Promise<SnoozeResult> {
  const t = await desk.models.Ticket.findOne({ number: req.number });
  if (!t) return { ok: false, reason: 'not_found' };
  if (!mayHandle(desk.config, req.by, t)) return { ok: false, reason: 'forbidden', number: t.number };
  const until = desk.calendar.addWorkingDays(desk.clock.now(), 1);
  const res = await changeTicket(desk, {
    ticketId: t._id,
    action: 'snooze',
    by: req.by,
    note: until.toISOString(),
    set: { 'nudge.snoozedUntil': until },
  });
  if (!res.ok) return { ok: false, reason: res.reason, number: t.number };
  desk.log.info({ ticket: t.number, until: until.toISOString() }, 'nudges snoozed');
  return { ok: true, number: t.number, until };
}
