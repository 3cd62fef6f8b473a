/** /ticket show <number>: the ticket, ephemerally, masked unless the asker may see full details. */
import { accessRefusal } from '../../../blocks/access.ts';
import { names } from '../../../blocks/ticket-card.ts';
import { ticketDetailBlocks } from '../../../blocks/ticket-detail.ts';
import type { Desk } from '../../context.ts';
import { parseTicketNumber } from '../../domain/numbering.ts';
import { type Lang, translator } from '../../i18n/index.ts';
import { viewTicket } from '../../tickets/view-ticket.ts';

export async function showTicket(desk: Desk, user: string, text: string, lang: Lang) {
  const tr = translator(lang);
  const word = text.split(/\s+/)[0] ?? '';
  if (!parseTicketNumber(word)) return { text: tr('show.usage') };
  const number = word.trim().toUpperCase();
  const seen = await viewTicket(desk, user, number);
  if (!seen) return { text: tr('show.notFound', { number }) };
  if (seen.refused) {
    const n = names(desk.config, lang);
    return accessRefusal(
      tr,
      [{ scope: 'ticket', target: number, departmentId: seen.ticket.departmentId }],
      (id) => n.department(id),
    );
  }
  return { text: number, blocks: ticketDetailBlocks(tr, desk.config, lang, seen.ticket, seen.full) };
}
