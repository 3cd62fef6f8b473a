/**
 * Transfer to another department with a reason: the ticket becomes unclaimed (`new`) in the
 * target department, a new card is posted in its channel, the old card is redrawn as
 * "transferred to …" with a link (kept in `formerCards`), and the history keeps every step.
 */
import type { Types } from 'mongoose';
import { userText } from '../../blocks/text.ts';
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { type CardRef, checkAction, departmentOf, ticketOf, type WorkResult } from './handling.ts';
import { changeTicket } from './ticket-change.ts';

export async function transferTicket(
  desk: Desk,
  req: {
    ticketId: Types.ObjectId;
    current?: TicketDoc;
    by: string;
    targetDepartmentId: string;
    reason: string;
    from?: CardRef;
  },
): Promise<WorkResult> {
  const t = await ticketOf(desk, req);
  if (!t) return { ok: false, reason: 'not_found' };
  const refused = checkAction(desk, t, 'transfer', req.by, 'handler', req.from);
  if (refused) return { ok: false, reason: refused, ticket: t };
  if (!departmentOf(desk, req.targetDepartmentId) || req.targetDepartmentId === t.departmentId)
    return { ok: false, reason: 'invalid_target', ticket: t };
  const now = desk.clock.now();
  const former = t.card?.ts
    ? [
        {
          channel: t.card.channel,
          ts: t.card.ts,
          departmentId: t.departmentId,
          toDepartmentId: req.targetDepartmentId,
          by: req.by,
          at: now,
          reason: req.reason,
        },
      ]
    : [];
  // Owed with the change: the new card, the former cards' "transferred to …", and the notices.
  const id = t._id;
  const n = (t.formerCards?.length ?? 0) + former.length;
  const tasks = [
    { key: `post_card:${id}:${n}`, kind: 'post_card', ticketId: id, dueAt: now },
    ...Array.from({ length: n }, (_, i) => ({
      key: `former_card:${id}:${i}:${n}`,
      kind: 'redraw_former_card',
      ticketId: id,
      dueAt: now,
      payload: { index: i },
    })),
  ];
  const reason = userText(req.reason, 1500);
  const res = await changeTicket(desk, {
    ticketId: id,
    current: t,
    action: 'transfer',
    by: req.by,
    note: req.reason,
    from: t.departmentId,
    to: req.targetDepartmentId,
    // Unclaimed again: the sla job looks at it at its next run (response notices may apply again).
    set: {
      departmentId: req.targetDepartmentId,
      card: { drawnVersion: 0 },
      slaCheckAt: desk.clock.now(),
      // And the nudge job too (an unclaimed reminder may be due at once).
      nudgeCheckAt: desk.clock.now(),
    },
    update: {
      $unset: { ownerId: 1, claimedAt: 1 },
      ...(former.length ? { $push: { formerCards: { $each: former } } } : {}),
    },
    tasks,
    notices: [
      {
        // In the new card's thread (sent once that card is posted).
        key: `transferred-in:${id}:${n}`,
        to: '',
        inThread: true,
        message: 'thread.transferredIn',
        params: { number: t.number, user: req.by, departmentId: t.departmentId, reason },
      },
      {
        key: `transferred:${id}:${n}`,
        to: t.openedBy,
        message: 'notice.transferred',
        params: { number: t.number, user: req.by, departmentId: req.targetDepartmentId, reason },
      },
    ],
  });
  if (!res.ok) return res;
  desk.log.info({ ticket: t.number, from: t.departmentId, to: req.targetDepartmentId }, 'transferred');
  return { ok: true, ticket: res.ticket };
}
