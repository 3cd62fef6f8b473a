/**
 * Reopening a resolved (or closed) ticket for a second round of handling: by the owner, a
 * supervisor or the opener with a reason, or by a dissatisfied satisfaction survey. Back in
 * progress with the same owner; due follow-ups are cancelled.
 */
import type { Types } from 'mongoose';
import { userText } from '../../blocks/text.ts';
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { cancelTasks } from '../outbox/outbox.ts';
import { agentOf, clockFields, reopenedClocks } from './clocks.ts';
import { type CardRef, checkAction, ticketOf } from './handling.ts';
import { type ChangeResult, changeTicket } from './ticket-change.ts';

export async function reopenTicket(
  desk: Desk,
  req: {
    ticketId: Types.ObjectId;
    current?: TicketDoc;
    by: string;
    reason: string;
    source: 'user' | 'survey';
    from?: CardRef;
  },
): Promise<ChangeResult> {
  const t = await ticketOf(desk, req);
  if (!t) return { ok: false, reason: 'not_found' };
  if (req.source === 'user') {
    const refused = checkAction(desk, t, 'reopen', req.by, 'reopener', req.from);
    // ChangeResult carries lifecycle reasons only: a permission refusal is reported as `invalid`
    // (the listener checks and explains permissions before calling).
    if (refused === 'not_permitted' || refused === 'stale_card')
      return { ok: false, reason: 'invalid', ticket: t };
  }
  const round = (t.reopenCount ?? 0) + 1;
  const params = { number: t.number, user: req.by, reason: userText(req.reason, 1500) };
  const agent = agentOf(t);
  const res = await changeTicket(desk, {
    ticketId: t._id,
    current: t,
    action: 'reopen',
    // Open again: the sla job looks at it at its next run.
    set: { ...clockFields(reopenedClocks(desk, t, desk.clock.now())), slaCheckAt: desk.clock.now() },
    by: req.by,
    note: `${req.source === 'survey' ? '[survey] ' : ''}${req.reason}`,
    update: {
      $inc: { reopenCount: 1 },
      $unset: {
        resolvedAt: 1,
        resolutionMet: 1,
        customerNotifyDueAt: 1,
        customerNotifiedAt: 1,
        closedAt: 1,
        approval: 1,
      },
    },
    notices: [
      ...(t.ownerId && t.ownerId !== req.by
        ? [
            {
              key: `reopened:${t._id}:${round}:owner`,
              to: t.ownerId,
              message: 'notice.reopened' as const,
              params,
            },
          ]
        : []),
      ...(agent !== req.by && agent !== t.ownerId && desk.config.clocks.agentEvents.includes('reopen')
        ? [
            {
              key: `reopened:${t._id}:${round}:opener`,
              to: agent,
              message: 'agent.reopen' as const,
              params,
            },
          ]
        : []),
      {
        key: `reopened-thread:${t._id}:${round}`,
        to: t.card?.channel ?? '',
        inThread: true,
        message: 'thread.reopened',
        params,
      },
    ],
  });
  if (!res.ok) return res;
  await cancelTasks(desk, res.ticket._id, ['followup', 'followup_reminder', 'followup_retry']);
  desk.log.info({ ticket: res.ticket.number, source: req.source }, 'reopened');
  return res;
}
