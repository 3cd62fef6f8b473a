/**
 * The `redraw_former_card` outbox task: a department card the ticket has left shows
 * "transferred to …" with a link to the current card. Stays due until the new card is posted.
 */
import { formerCard } from '../../blocks/ticket-card.ts';
import type { Desk } from '../context.ts';
import { translator } from '../i18n/index.ts';
import type { TaskRecord } from '../outbox/task-types.ts';

export async function redrawFormerCardTask(
  desk: Desk,
  task: TaskRecord,
): Promise<'done' | 'drop' | { retryInMs: number; reason: string }> {
  const t = await desk.models.Ticket.findById(task.ticketId);
  const index = Number((task.payload as { index?: number }).index);
  const former = t?.formerCards?.[index];
  if (!t || !former?.channel || !former.ts) return 'drop';
  if (!t.card?.ts) return { retryInMs: 30_000, reason: 'new card not posted yet' };
  const lang = desk.config.organisation.defaultLanguage;
  const message = formerCard(translator(lang), desk.config, lang, t, former);
  await desk.slack.chat.update({ channel: former.channel, ts: former.ts, ...message });
  return 'done';
}
