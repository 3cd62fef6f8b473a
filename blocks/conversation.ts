/**
 * Tickets from conversations: the ephemeral offer shown to whoever reacted with 🎫 (or mentioned the
 * bot), and the reply kept in the message's thread with the ticket's number and status.
 */
import type { KnownBlock } from '@slack/types';
import type { DeskConfig } from '../src/config/desk-config.ts';
import type { Lang, MessageKey, Translate } from '../src/i18n/index.ts';
import { button, context, section } from './elements.ts';
import { ACTION } from './ids.ts';
import { userText } from './text.ts';
import { names } from './ticket-card.ts';

/** What the offer's button carries: the message (channel, ts), its link and author. */
export interface MessageRef {
  c: string;
  ts: string;
  p?: string;
  a?: string;
  /** `reaction` or `mention`. */
  k: 'reaction' | 'mention';
}

const PREVIEW = 300;

/** The ephemeral offer: the message quoted, and a button opening the prefilled ticket form. */
export function ticketOffer(
  tr: Translate,
  text: string,
  ref: MessageRef,
): { text: string; blocks: KnownBlock[] } {
  const quoted = userText(text, PREVIEW)
    .split('\n')
    .map((l) => `>${l}`)
    .join('\n');
  return {
    text: tr('conversation.offer'),
    blocks: [
      section(`${tr('conversation.offer')}\n${quoted || tr('conversation.noText')}`),
      {
        type: 'actions',
        block_id: 'conversation_offer',
        elements: [button(tr('conversation.open'), ACTION.ticketFromMessage, JSON.stringify(ref), 'primary')],
      },
    ],
  };
}

export interface ReplyTicket {
  number: string;
  status: string;
  departmentId: string;
  ownerId?: string | null;
  card?: { permalink?: string | null } | null;
}

/** The reply in the source message's thread: number, status, department and owner, kept current. */
export function sourceReply(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  t: ReplyTicket,
): { text: string; blocks: KnownBlock[] } {
  const status = tr(`status.${t.status}` as MessageKey);
  const department = names(config, lang).department(t.departmentId);
  const text = tr('conversation.reply', { number: t.number, status, department });
  const extra = [
    ...(t.ownerId ? [tr('conversation.replyOwner', { user: t.ownerId })] : []),
    ...(t.card?.permalink ? [tr('conversation.replyCard', { link: t.card.permalink })] : []),
  ];
  return { text, blocks: [section(text), ...(extra.length ? [context(extra)] : [])] };
}
