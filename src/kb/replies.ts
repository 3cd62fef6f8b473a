/**
 * Standard replies (标准话术): the config's templates offered for the ticket's category, filled
 * with the ticket's values for the owner to copy to the customer; each use is counted.
 */
import { DateTime } from 'luxon';
import type { StandardReply } from '../config/desk-config.ts';
import type { Desk } from '../context.ts';
import { fillReply } from '../domain/kb.ts';
import { maskName } from '../domain/masking.ts';
import type { TicketView } from '../domain/views.ts';
import type { Lang } from '../i18n/index.ts';
import { ticketByNumber } from '../tickets/handling.ts';
import { mayHandle, maySeeFullDetails } from '../tickets/permissions.ts';

export function repliesFor(desk: Desk, categoryId: string): StandardReply[] {
  return desk.config.knowledgeBase.replies.filter(
    (r) => r.categories.length === 0 || r.categories.includes(categoryId),
  );
}

export type ReplyRefusal = 'not_found' | 'not_permitted' | 'no_replies' | 'invalid_target';

/** The ticket whose replies this user may fill (owner, supervisor or director). */
export async function replyTicket(
  desk: Desk,
  user: string,
  number: string,
): Promise<
  | { ok: true; ticket: TicketView; replies: StandardReply[] }
  | { ok: false; reason: ReplyRefusal; ticket?: TicketView }
> {
  const t = await ticketByNumber(desk, number);
  if (!t) return { ok: false, reason: 'not_found' };
  if (!mayHandle(desk.config, user, t)) return { ok: false, reason: 'not_permitted', ticket: t };
  const replies = repliesFor(desk, t.categoryId);
  if (!replies.length) return { ok: false, reason: 'no_replies', ticket: t };
  return { ok: true, ticket: t, replies };
}

async function displayName(desk: Desk, user: string | undefined | null): Promise<string> {
  if (!user) return '';
  try {
    const res = await desk.slack.users.info({ user });
    const u = res.user as
      | { real_name?: string; profile?: { display_name?: string; real_name?: string } }
      | undefined;
    return u?.profile?.display_name || u?.profile?.real_name || u?.real_name || user;
  } catch {
    return user;
  }
}

/** The reply filled with the ticket's values; the use is counted. */
export async function fillStandardReply(
  desk: Desk,
  user: string,
  number: string,
  replyId: string,
  lang: Lang,
): Promise<
  { ok: true; reply: StandardReply; text: string; ticket: TicketView } | { ok: false; reason: ReplyRefusal }
> {
  const found = await replyTicket(desk, user, number);
  if (!found.ok) return { ok: false, reason: found.reason };
  const reply = found.replies.find((r) => r.id === replyId);
  if (!reply) return { ok: false, reason: 'invalid_target' };
  const t = found.ticket;
  const full = maySeeFullDetails(desk.config, user, t);
  const name = t.customer?.name ?? '';
  const due = DateTime.fromJSDate(t.resolutionDueAt, { zone: desk.config.organisation.timezone }).toFormat(
    'yyyy-MM-dd HH:mm',
  );
  const text = fillReply(reply.text[lang], {
    customer: (full ? name : maskName(name)) || (lang === 'zh-CN' ? '客户' : 'customer'),
    number: t.number,
    due,
    owner: await displayName(desk, t.ownerId ?? user),
  });
  await desk.models.KbEvent.create({
    at: desk.clock.now(),
    kind: 'reply_used',
    by: user,
    replyId: reply.id,
    categoryId: t.categoryId,
    departmentId: t.departmentId,
  });
  return { ok: true, reply, text, ticket: t };
}
