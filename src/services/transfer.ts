/**
 * Transfer to another department with a reason: the ticket becomes unclaimed (`new`) in the
 * target department, a new card is posted in its channel, the old card is redrawn as
 * "transferred to …" with a link (kept in `formerCards`), and the history keeps every step.
 */
import type { Types } from 'mongoose';
import { userText } from '../../blocks/text.ts';
import type { Desk } from '../context.ts';
import { deliverTasksNow } from './deliver-now.ts';
import { type CardRef, checkAction, departmentOf, type WorkResult } from './handling.ts';
import { notify } from './notify.ts';
import { scheduleTask } from './outbox.ts';
import { changeTicket } from './ticket-change.ts';

export async function transferTicket(
  desk: Desk,
  req: { ticketId: Types.ObjectId; by: string; targetDepartmentId: string; reason: string; from?: CardRef },
): Promise<WorkResult> {
  const t = await desk.models.Ticket.findById(req.ticketId);
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
  const res = await changeTicket(desk, {
    ticketId: t._id,
    action: 'transfer',
    by: req.by,
    note: req.reason,
    from: t.departmentId,
    to: req.targetDepartmentId,
    set: { departmentId: req.targetDepartmentId, card: { drawnVersion: 0 } },
    update: {
      $unset: { ownerId: 1, claimedAt: 1 },
      ...(former.length ? { $push: { formerCards: { $each: former } } } : {}),
    },
  });
  if (!res.ok) return res;
  const moved = res.ticket;
  desk.log.info({ ticket: moved.number, from: t.departmentId, to: req.targetDepartmentId }, 'transferred');
  desk.background.run('transfer cards', () => publishTransferred(desk, moved._id, t.departmentId, req));
  return { ok: true, ticket: moved };
}

/** Posts the new card, then redraws every former card (their link points at the current card). */
async function publishTransferred(
  desk: Desk,
  id: Types.ObjectId,
  fromDepartmentId: string,
  req: { by: string; reason: string },
): Promise<void> {
  const t = await desk.models.Ticket.findById(id);
  if (!t) return;
  const n = t.formerCards?.length ?? 0;
  const postKey = `post_card:${id}:${n}`;
  await scheduleTask(desk, { key: postKey, kind: 'post_card', ticketId: id, dueAt: desk.clock.now() });
  await deliverTasksNow(desk, [postKey]);
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = `former_card:${id}:${i}:${n}`;
    await scheduleTask(desk, {
      key,
      kind: 'redraw_former_card',
      ticketId: id,
      dueAt: desk.clock.now(),
      payload: { index: i },
    });
    keys.push(key);
  }
  await deliverTasksNow(desk, keys);
  await notify(desk, [
    {
      key: `transferred-in:${id}:${n}`,
      to: t.card?.channel ?? '',
      inThread: true,
      ticketId: id,
      message: 'thread.transferredIn',
      params: {
        number: t.number,
        user: req.by,
        departmentId: fromDepartmentId,
        reason: userText(req.reason, 1500),
      },
    },
    {
      key: `transferred:${id}:${n}`,
      to: t.openedBy,
      ticketId: id,
      message: 'notice.transferred',
      params: {
        number: t.number,
        user: req.by,
        departmentId: t.departmentId,
        reason: userText(req.reason, 1500),
      },
    },
  ]);
}
