/**
 * Keeping the department card true: redraw it from the stored ticket after every change. A
 * failed chat.update leaves a `redraw_card` task due, so a card never stays stale.
 */
import type { Types } from 'mongoose';
import type { Desk } from '../context.ts';
import { deliverTasksNow } from './deliver-now.ts';
import { scheduleTask } from './outbox.ts';

/** Schedules a redraw for the ticket's current version and tries it now. */
export async function redrawCard(desk: Desk, ticketId: Types.ObjectId): Promise<void> {
  const t = await desk.models.Ticket.findById(ticketId, { version: 1, card: 1 }).lean();
  if (!t?.card?.ts) return; // Not posted yet: the post_card task draws the current version.
  if ((t.card.drawnVersion ?? 0) >= t.version) return;
  const key = `redraw_card:${ticketId}:${t.version}`;
  await scheduleTask(desk, { key, kind: 'redraw_card', ticketId, dueAt: desk.clock.now() });
  await deliverTasksNow(desk, [key]);
}
