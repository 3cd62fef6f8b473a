/**
 * The handler of the `notify` kind (notify.ts schedules them): a notification rendered in the
 * recipient's language when it is sent, in the shared notice layout, and the audit entry when it
 * carried full contact details. Kept apart from notify.ts, which the change path imports.
 */
import { noticeParams } from '../../blocks/notice.ts';
import type { TaskHandler } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { type MessageKey, type Params, translator } from '../i18n/index.ts';
import { postNotice } from '../outbox/slack-post.ts';
import { recordContactShown, ticketNotice } from './notice-render.ts';

/** Renders a notification in the recipient's language at send time. */
export const notifyTask: TaskHandler = async (desk, task, ctx) => {
  const p = task.payload as {
    to: string;
    message: MessageKey;
    params: Params;
    inThread: boolean;
    buttons: [MessageKey, string, string][];
  };
  const t: TicketDoc | null =
    ctx.ticket ?? (task.ticketId ? await desk.models.Ticket.findById(task.ticketId) : null);
  if (p.inThread && !t?.card?.ts) return { retryInMs: 60_000, reason: 'card not posted yet' };
  const isUser = /^[UW]/.test(p.to);
  const lang = isUser ? await desk.langOf(p.to) : desk.config.organisation.defaultLanguage;
  const tr = translator(lang);
  const params = noticeParams(tr, desk.config, lang, p.params, t, 'permalink');
  const text = tr(p.message, params);
  const { blocks, contactShown } = ticketNotice(desk, tr, {
    to: p.to,
    message: p.message,
    text,
    buttons: p.buttons,
    inThread: p.inThread,
    ticket: t,
    now: ctx.now ?? desk.clock.now(),
  });
  if (ctx.dryRun) {
    ctx.report?.push(`→ ${p.to}: ${text}`);
    return 'done';
  }
  await postNotice(desk, task, { to: p.to, inThread: p.inThread, ticket: t, text, blocks });
  if (contactShown && t) await recordContactShown(desk, t, p.to, p.message);
  ctx.report?.push(`→ ${p.to}: ${text}`);
  return 'done';
};
