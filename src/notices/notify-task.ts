/**
 * The handler of the `notify` kind (notify.ts schedules them): a notification rendered in the
 * recipient's language when it is sent, in the shared notice layout, and the audit entry when it
 * carried full contact details. Kept apart from notify.ts, which the change path imports.
 */
import type { TaskHandler } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import type { MessageKey, Params } from '../i18n/index.ts';
import { postNotice } from '../outbox/slack-post.ts';
import { recordContactShown } from './notice-render.ts';
import { renderNotice } from './scheduled-notice.ts';

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
  const { text, blocks, contactShown } = await renderNotice(
    desk,
    p,
    t,
    ctx.now ?? desk.clock.now(),
    'permalink',
  );
  if (ctx.dryRun) {
    ctx.report?.push(`→ ${p.to}: ${text}`);
    return 'done';
  }
  await postNotice(desk, task, { to: p.to, inThread: p.inThread, ticket: t, text, blocks });
  if (contactShown && t) await recordContactShown(desk, t, p.to, p.message);
  ctx.report?.push(`→ ${p.to}: ${text}`);
  return 'done';
};
