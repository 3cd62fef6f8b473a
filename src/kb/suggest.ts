/**
 * Answers that may help with a ticket (its description and keywords against the published
 * answers): shown to the claimer under the card, and in the owner's nudge DM when the owner is
 * junior staff (neither a senior nor a supervisor of the department), with "Ask for help" for a
 * question beyond the knowledge base.
 */
import type { KnownBlock } from '@slack/types';
import { kbTopAnswersBlocks } from '../../blocks/kb.ts';
import type { Desk } from '../context.ts';
import type { TicketView } from '../domain/views.ts';
import type { Translate } from '../i18n/index.ts';
import { type KbHit, searchAnswers } from './answers.ts';

export function ticketQuery(t: Pick<TicketView, 'description' | 'keywords'>): string {
  return [t.description ?? '', ...(t.keywords ?? [])].join(' ').slice(0, 500);
}

export async function answersForTicket(
  desk: Desk,
  t: Pick<TicketView, 'description' | 'keywords'>,
): Promise<KbHit[]> {
  // A suggestion must cover a fair part of the ticket's words, or match one of its keywords whole.
  const hits = await searchAnswers(desk, ticketQuery(t));
  return hits.filter((h) => h.scored.exactKeywords.length > 0 || h.scored.coverage >= 0.3).slice(0, 3);
}

/** Blocks for the claimer or a nudge DM ([] when no answer fits). */
export async function ticketAnswerBlocks(
  desk: Desk,
  tr: Translate,
  t: Pick<TicketView, 'description' | 'keywords'>,
  askSenior = false,
): Promise<KnownBlock[]> {
  const hits = await answersForTicket(desk, t);
  return kbTopAnswersBlocks(tr, ticketQuery(t), hits, askSenior);
}

/** Junior staff: the ticket's owner is neither a senior nor a supervisor of its department. */
export function isJunior(desk: Desk, user: string, departmentId: string): boolean {
  const d = desk.config.departments.find((x) => x.id === departmentId);
  return !!d && !d.seniors.includes(user) && !d.supervisors.includes(user);
}
