/**
 * Capture (知识沉淀): "Save as answer" on a resolved ticket. Only the ticket's owner or its
 * department's supervisor (or a director) may; the form is prefilled from the description, the
 * result summary and the root cause with the customer's details stripped (name, phone, email,
 * order number, customer ID), and stripped again when submitted, so none can be typed back in.
 */
import type { Desk } from '../context.ts';
import { type CustomerDetails, stripCustomerDetails } from '../domain/kb.ts';
import type { TicketView } from '../domain/views.ts';
import { ticketByNumber } from '../tickets/handling.ts';
import { mayHandle } from '../tickets/permissions.ts';
import type { AnswerInput } from './answers.ts';

export type CaptureRefusal = 'not_found' | 'not_resolved' | 'not_permitted';

export function customerDetailsOf(t: Pick<TicketView, 'customer' | 'orderNumber'>): CustomerDetails {
  return {
    name: t.customer?.name,
    phone: t.customer?.phone,
    email: t.customer?.email,
    customerId: t.customer?.customerId,
    company: t.customer?.company,
    orderNumber: t.orderNumber,
  };
}

function languagesOf(text: string): string[] {
  const out: string[] = [];
  if (/[\u3400-\u9fff]/.test(text)) out.push('zh-CN');
  if (/[A-Za-z]{3,}/.test(text.replace(/\[[^\]]*\]/g, ''))) out.push('en');
  return out.length ? out : ['zh-CN'];
}

/** The ticket to capture from, if this user may (resolved or closed; owner or supervisor). */
export async function captureSource(
  desk: Desk,
  user: string,
  number: string,
): Promise<
  | { ok: true; ticket: TicketView; prefill: AnswerInput }
  | { ok: false; reason: CaptureRefusal; ticket?: TicketView }
> {
  const t = await ticketByNumber(desk, number);
  if (!t) return { ok: false, reason: 'not_found' };
  if (t.status !== 'resolved' && t.status !== 'closed')
    return { ok: false, reason: 'not_resolved', ticket: t };
  if (!mayHandle(desk.config, user, t)) return { ok: false, reason: 'not_permitted', ticket: t };
  const c = customerDetailsOf(t);
  const strip = (s: string | null | undefined) => stripCustomerDetails(s ?? '', c).trim();
  const summary = strip(t.resolution?.summary);
  const rootCause = strip(t.resolution?.rootCause);
  const question = strip(t.description).slice(0, 300);
  const body = [summary, rootCause ? `${rootCause}` : ''].filter(Boolean).join('\n\n').slice(0, 2900);
  return {
    ok: true,
    ticket: t,
    prefill: {
      question,
      phrasings: [],
      body,
      steps: [],
      categoryId: t.categoryId,
      keywords: (t.keywords ?? []).map(String),
      languages: languagesOf(`${question} ${body}`),
    },
  };
}

/** What was submitted, with the source ticket's customer details taken out again. */
export function stripAnswerInput(input: AnswerInput, c: CustomerDetails): AnswerInput {
  const s = (x: string) => stripCustomerDetails(x, c);
  return {
    ...input,
    question: s(input.question),
    phrasings: input.phrasings.map(s),
    body: s(input.body),
    steps: input.steps.map(s),
    keywords: input.keywords.map(s),
  };
}

/** The source ticket's customer details (for stripping on submit), when this user may capture from it. */
export async function captureDetails(
  desk: Desk,
  user: string,
  number: string,
): Promise<CustomerDetails | null> {
  const src = await captureSource(desk, user, number);
  return src.ok ? customerDetailsOf(src.ticket) : null;
}
