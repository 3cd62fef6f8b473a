/**
 * Escalation up the chain: senior staff → department supervisor → service director (major
 * complaints with reputation risk go straight to the director). The people escalated to get a DM,
 * the card's thread a notice, and the card shows the level.
 */
import type { Types } from 'mongoose';
import { userText } from '../../blocks/text.ts';
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import type { EscalationLevel } from '../domain/types.ts';
import { t as translate } from '../i18n/index.ts';
import { agentOf } from './clocks.ts';
import { type CardRef, checkAction, departmentOf, ticketOf, type WorkResult } from './handling.ts';
import { changeTicket } from './ticket-change.ts';

/** Who receives an escalation at `level` for a department (seniors fall back to supervisors). */
export function escalationTargets(desk: Desk, departmentId: string, level: EscalationLevel): string[] {
  const dept = departmentOf(desk, departmentId);
  if (level === 'director') return [...desk.config.serviceDirectors];
  if (level === 'senior' && dept?.seniors.length) return [...dept.seniors];
  return [...(dept?.supervisors ?? [])];
}

export async function escalateTicket(
  desk: Desk,
  req: {
    ticketId: Types.ObjectId;
    /** The ticket as the caller just read it (saves a read; changes stay conditional on it). */
    current?: TicketDoc;
    by: string;
    level: EscalationLevel;
    /** A major complaint (reputation risk): always the service director. */
    major?: boolean;
    reason: string;
    from?: CardRef;
  },
): Promise<WorkResult> {
  const t = await ticketOf(desk, req);
  if (!t) return { ok: false, reason: 'not_found' };
  const refused = checkAction(desk, t, 'escalate', req.by, 'handler', req.from);
  if (refused) return { ok: false, reason: refused, ticket: t };
  const level: EscalationLevel = req.major ? 'director' : req.level;
  const to = escalationTargets(desk, t.departmentId, level);
  const now = desk.clock.now();
  const channelLang = desk.config.organisation.defaultLanguage;
  const agent = agentOf(t);
  const res = await changeTicket(desk, {
    ticketId: t._id,
    current: t,
    action: 'escalate',
    by: req.by,
    note: `${req.major ? '[major] ' : ''}${req.reason}`,
    from: t.escalation?.level ?? 'none',
    to: level,
    set: { escalation: { level, to, by: req.by, at: now, reason: req.reason } },
    // Each DM names the level in its recipient's language when it is sent (`escalationLevel`).
    notices: (version) => [
      ...(agent !== req.by && !to.includes(agent) && desk.config.clocks.agentEvents.includes('escalation')
        ? [
            {
              key: `escalated-agent:${t._id}:${version}`,
              to: agent,
              message: 'agent.escalation' as const,
              params: {
                number: t.number,
                user: req.by,
                escalationLevel: level,
                reason: userText(req.reason, 1500),
              },
            },
          ]
        : []),
      ...to.map((user) => ({
        key: `escalated:${t._id}:${version}:${user}`,
        to: user,
        message: 'notice.escalated' as const,
        params: {
          number: t.number,
          user: req.by,
          escalationLevel: level,
          priority: t.priority,
          departmentId: t.departmentId,
          reason: userText(req.reason, 1500),
        },
      })),
      {
        key: `escalated-thread:${t._id}:${version}`,
        to: t.card?.channel ?? '',
        inThread: true,
        message: 'thread.escalated',
        params: {
          user: req.by,
          level: translate(channelLang, `escalation.${level}`),
          to: to.map((x) => `<@${x}>`).join(', '),
          reason: userText(req.reason, 1500),
        },
      },
    ],
  });
  if (!res.ok) return res;
  desk.log.info({ ticket: res.ticket.number, level }, 'escalated');
  return { ok: true, ticket: res.ticket };
}
