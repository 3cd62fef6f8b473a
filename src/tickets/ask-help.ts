/**
 * Ask for help (from a nudge): the owner brings in the department's supervisors: a DM to each and a
 * note in the card's thread, once per ticket, owner and working day; recorded in the history.
 */
import type { Desk } from '../context.ts';
import { isOpen } from '../domain/lifecycle.ts';
import type { TicketStatus } from '../domain/types.ts';
import { mayHandle } from './permissions.ts';
import { recordOnTicket } from './ticket-change.ts';

export type AskHelpResult =
  | { ok: true; number: string; supervisors: string[] }
  | { ok: false; reason: 'not_found' | 'forbidden' | 'closed'; number?: string };

export async function askForHelp(desk: Desk, req: { number: string; by: string }): Promise<AskHelpResult> {
  const t = await desk.models.Ticket.findOne({ number: req.number });
  if (!t) return { ok: false, reason: 'not_found' };
  if (!mayHandle(desk.config, req.by, t)) return { ok: false, reason: 'forbidden', number: t.number };
  if (!isOpen(t.status as TicketStatus)) return { ok: false, reason: 'closed', number: t.number };
  const dept = desk.config.departments.find((d) => d.id === t.departmentId);
  const supervisors = dept?.supervisors ?? [];
  const day = desk.calendar.localDate(desk.clock.now());
  const params = { number: t.number, user: req.by };
  await recordOnTicket(
    desk,
    t._id,
    { by: req.by, action: 'ask_help', note: supervisors.join(' ') },
    {},
    {},
    {
      notices: [
        ...supervisors.map((s) => ({
          key: `ask-help:${t._id}:${req.by}:${day}:${s}`,
          to: s,
          message: 'askHelp.supervisor' as const,
          params,
        })),
        ...(dept
          ? [
              {
                key: `ask-help:${t._id}:${req.by}:${day}:thread`,
                to: dept.channel,
                inThread: true,
                message: 'askHelp.thread' as const,
                params: { ...params, supervisors: supervisors.map((s) => `<@${s}>`).join(' ') },
              },
            ]
          : []),
      ],
    },
  );
  return { ok: true, number: t.number, supervisors };
}
