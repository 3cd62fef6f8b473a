/**
 * Tickets from conversations: the message a 🎫 reaction or a mention of the bot points at, and the
 * ticket it already is, if any (`conversationKey`, unique: a message becomes at most one ticket).
 */
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { conversationKey, guessCategory } from '../domain/conversation.ts';
import type { Intake } from '../domain/intake.ts';
import { openTicket } from './open-ticket.ts';

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

/**
 * What a 🎫 or a mention points at: the ticket the message already is, or the message (text,
 * author) and its link to open one from; null when the message cannot be read.
 */
export async function sourceMessage(
  desk: Desk,
  channel: string,
  ts: string,
): Promise<
  | { existing: TicketDoc }
  | { existing?: undefined; message: { text: string; user?: string }; permalink?: string }
  | null
> {
  const existing = await ticketOfMessage(desk, channel, ts);
  if (existing) return { existing };
  const message = await readMessage(desk, channel, ts);
  if (!message) return null;
  const permalink = await permalinkOf(desk, channel, ts);
  return { message, ...(permalink ? { permalink } : {}) };
}

/**
 * Opens a ticket at once from a reacted message (`conversations.quickFromReaction`): the message is
 * the description, the category is guessed from the keyword table, and the ticket is marked "to be
 * completed" (customer and 5W1H details). The message's key makes a second reaction, or Slack's
 * retry, find the same ticket.
 */
export async function openFromReaction(
  desk: Desk,
  m: { channel: string; ts: string; text: string; reactor: string; author?: string; permalink?: string },
): Promise<{ ticket: TicketDoc; created: boolean }> {
  const conv = desk.config.conversations;
  const intake: Intake = {
    customerName: '',
    customerId: '',
    phone: '',
    email: '',
    company: '',
    keyAccount: false,
    contactChannel: conv.contactChannel!,
    requestType: conv.requestType,
    category: guessCategory(m.text, conv.keywords, conv.defaultCategory!),
    description: m.text.slice(0, 3000),
    desiredOutcome: '',
    urgency: 'normal',
    urgencyReason: '',
    impact: 'partial',
    orderNumber: '',
    keywords: [],
  };
  return openTicket(desk, {
    intake,
    openedBy: m.reactor,
    intakeKey: `reaction:${conversationKey(m.channel, m.ts)}`,
    source: {
      channel: m.channel,
      ts: m.ts,
      kind: 'reaction',
      ...(m.permalink ? { permalink: m.permalink } : {}),
      ...(m.author ? { author: m.author } : {}),
    },
    incomplete: true,
  });
}
