/**
 * Tickets from conversations: the message a 🎫 reaction or a mention of the bot points at, and the
 * ticket it already is, if any (`conversationKey`, unique: a message becomes at most one ticket).
 */
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { conversationKey } from '../domain/conversation.ts';

/** The ticket opened from this message, if any. */
export async function ticketOfMessage(desk: Desk, channel: string, ts: string): Promise<TicketDoc | null> {
  return desk.models.Ticket.findOne({ conversationKey: conversationKey(channel, ts) });
}

/** The text and author of a top-level channel message, or null when it cannot be read. */
export async function readMessage(
  desk: Desk,
  channel: string,
  ts: string,
): Promise<{ text: string; user?: string } | null> {
  try {
    const res = await desk.slack.conversations.history({ channel, latest: ts, inclusive: true, limit: 1 });
    const m = res.messages?.find((x) => x.ts === ts);
    return m ? { text: m.text ?? '', ...(m.user ? { user: m.user } : {}) } : null;
  } catch (err) {
    desk.log.warn({ channel, err: (err as Error).message }, 'message not read');
    return null;
  }
}

/** The message's permalink, or undefined when Slack does not give it. */
export async function permalinkOf(desk: Desk, channel: string, ts: string): Promise<string | undefined> {
  try {
    return (await desk.slack.chat.getPermalink({ channel, message_ts: ts })).permalink;
  } catch {
    return undefined;
  }
}
