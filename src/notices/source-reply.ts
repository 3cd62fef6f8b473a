/**
 * The reply kept in the thread of the message a ticket came from (🎫 reaction or mention): posted
 * once with the card (`source_reply` task; a retry first looks for it by its key), then updated
 * with every card redraw so the people in the conversation see the number and status.
 */
import { sourceReply } from '../../blocks/conversation.ts';
import type { Desk, TaskHandler } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { translator } from '../i18n/index.ts';
import { slackErrorInfo } from '../outbox/slack-errors.ts';
import { findPosted } from '../outbox/slack-post.ts';

function replyOf(desk: Desk, t: TicketDoc) {
  const lang = desk.config.organisation.defaultLanguage;
  return sourceReply(translator(lang), desk.config, lang, t);
}

export const sourceReplyTask: TaskHandler = async (desk, task, ctx) => {
  const t = ctx.ticket ?? (await desk.models.Ticket.findById(task.ticketId));
  const channel = t?.source?.channel;
  const threadTs = t?.source?.ts;
  if (!t || !channel || !threadTs) return 'drop';
  if (t.source?.replyTs) return 'done';
  let ts =
    task.attempts > 1 ? await findPosted(desk, { channel, threadTs }, task.key, task.dueAt) : undefined;
  if (!ts) {
    try {
      const res = await desk.slackOnce.chat.postMessage({
        channel,
        thread_ts: threadTs,
        unfurl_links: false,
        ...replyOf(desk, t),
        metadata: { event_type: 'desk_notice', event_payload: { key: task.key } },
      });
      ts = res.ts;
    } catch (err) {
      const info = slackErrorInfo(err);
      // The bot left the channel or the message is gone: the ticket stands without the reply.
      if (info.needsOperator) {
        desk.log.warn({ ticket: t.number, err: info.code }, 'conversation reply not posted');
        return 'drop';
      }
      throw err;
    }
  }
  if (ctx.after) ctx.after.set['source.replyTs'] = ts;
  else await desk.models.Ticket.updateOne({ _id: t._id }, { $set: { 'source.replyTs': ts } });
  return 'done';
};

/** Redraws the conversation reply with the ticket's current status (after a card redraw). */
export async function updateSourceReply(desk: Desk, t: TicketDoc): Promise<void> {
  const channel = t.source?.channel;
  const ts = t.source?.replyTs;
  if (!channel || !ts) return;
  await desk.slack.chat.update({ channel, ts, ...replyOf(desk, t) }).catch((err: unknown) => {
    desk.log.warn({ ticket: t.number, err: slackErrorInfo(err).code }, 'conversation reply not updated');
  });
}
