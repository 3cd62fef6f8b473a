/**
 * A request answered from the knowledge base at intake ("Answered from the knowledge base"): it is
 * recorded as a closed request of its own kind (`deflected`) with its own ticket number from the
 * same daily counters as tickets (so numbers never collide), counted in the weekly report, never
 * silently dropped. A double click (same intake form and answer) records it once.
 */
import type { Desk } from '../context.ts';
import { counterKey, formatTicketNumber, ticketDatePart } from '../domain/numbering.ts';
import { nextSerial } from '../tickets/open-ticket.ts';
import { answerById, recordAnswerUse } from './answers.ts';

export interface DeflectionRequest {
  by: string;
  /** The intake form's view id. */
  viewId: string;
  answerId: string;
  contactChannelId?: string | null;
  categoryId?: string | null;
  customer: {
    name?: string | null;
    customerId?: string | null;
    phone?: string | null;
    email?: string | null;
  };
  description: string;
}

export type DeflectionResult =
  | { ok: true; number: string; question: string; again: boolean }
  | { ok: false; reason: 'not_found' | 'no_channel' };

export async function recordDeflection(desk: Desk, req: DeflectionRequest): Promise<DeflectionResult> {
  const answer = await answerById(desk, req.answerId);
  if (answer?.status !== 'published') return { ok: false, reason: 'not_found' };
  const channel = desk.config.contactChannels.find((c) => c.id === req.contactChannelId);
  if (!channel) return { ok: false, reason: 'no_channel' };
  const key = `${req.viewId}:${req.answerId}`;
  const { KbDeflection } = desk.models;
  const existing = await KbDeflection.findOne({ key }, { number: 1 }).lean();
  if (existing) return { ok: true, number: existing.number, question: answer.question, again: true };
  const now = desk.clock.now();
  const datePart = ticketDatePart(now, desk.config.organisation.timezone);
  const number = formatTicketNumber(
    channel.code,
    datePart,
    await nextSerial(desk, counterKey(channel.code, datePart)),
  );
  const categoryId =
    req.categoryId && desk.config.categories.some((c) => c.id === req.categoryId)
      ? req.categoryId
      : answer.categoryId;
  const departmentId =
    desk.config.categories.find((c) => c.id === categoryId)?.department ?? answer.departmentId;
  try {
    await KbDeflection.create({
      number,
      answerId: answer.id,
      question: answer.question,
      categoryId,
      departmentId,
      contactChannelId: channel.id,
      customer: {
        name: req.customer.name ?? '',
        customerId: req.customer.customerId ?? '',
        phone: req.customer.phone ?? '',
        email: req.customer.email ?? '',
      },
      description: req.description.slice(0, 3000),
      openedBy: req.by,
      openedAt: now,
      closedAt: now,
      key,
    });
  } catch (err) {
    if ((err as { code?: number }).code === 11000) {
      const again = await KbDeflection.findOne({ key }, { number: 1 }).lean();
      if (again) return { ok: true, number: again.number, question: answer.question, again: true };
    }
    throw err;
  }
  await recordAnswerUse(desk, req.by, answer);
  return { ok: true, number, question: answer.question, again: false };
}
