/**
 * Reopening a resolved (or closed) ticket for a second round of handling: by the owner, a
 * supervisor or the opener with a reason, or by a dissatisfied satisfaction survey. Back in
 * progress with the same owner; due follow-ups are cancelled.
 */
import type { Types } from 'mongoose';
import { userText } from '../../blocks/text.ts';
import type { Desk } from '../context.ts';
import { type CardRef, checkAction } from './handling.ts';
import { notify } from './notify.ts';
import { cancelTasks } from './outbox.ts';
import { type ChangeResult, changeTicket } from './ticket-change.ts';

export async function reopenTicket(
  desk: Desk,
  req: { ticketId: Types.ObjectId; by: string; reason: string; source: 'user' | 'survey'; from?: CardRef },
): Promise<ChangeResult> {
  const t = await desk.models.Ticket.findById(req.ticketId);
  if (!t) return { ok: false, reason: 'not_found' };
  if (req.source === 'user') {
    const refused = checkAction(desk, t, 'reopen', req.by, 'reopener', req.from);
    // ChangeResult carries lifecycle reasons only: a permission refusal is reported as `invalid`
    // (the listener checks and explains permissions before calling).
    if (refused === 'not_permitted' || refused === 'stale_card')
      return { ok: false, reason: 'invalid', ticket: t };
  }
  const res = await changeTicket(desk, {
    ticketId: t._id,
    action: 'reopen',
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
  });
  if (!res.ok) return res;
  const u = res.ticket;
  await cancelTasks(desk, u._id, ['followup', 'followup_reminder']);
  desk.log.info({ ticket: u.number, source: req.source }, 'reopened');
  const params = { number: u.number, user: req.by, reason: userText(req.reason, 1500) };
  desk.background.run('reopen notices', () =>
    notify(desk, [
      ...(u.ownerId && u.ownerId !== req.by
        ? [
            {
              key: `reopened:${u._id}:${u.reopenCount}:owner`,
              to: u.ownerId,
              ticketId: u._id,
              message: 'notice.reopened' as const,
              params,
            },
          ]
        : []),
      ...(u.openedBy !== req.by && u.openedBy !== u.ownerId
        ? [
            {
              key: `reopened:${u._id}:${u.reopenCount}:opener`,
              to: u.openedBy,
              ticketId: u._id,
              message: 'notice.reopened' as const,
              params,
            },
          ]
        : []),
      {
        key: `reopened-thread:${u._id}:${u.reopenCount}`,
        to: u.card?.channel ?? '',
        inThread: true,
        ticketId: u._id,
        message: 'thread.reopened',
        params,
      },
    ]),
  );
  return res;
}
