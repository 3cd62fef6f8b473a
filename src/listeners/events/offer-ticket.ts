/**
 * The offer of a ticket for a message (🎫 reaction or mention): an ephemeral to the person, with the
 * message quoted and an "Open ticket" button, or the ticket the message already is.
 */
import type { KnownBlock } from '@slack/types';
import { type MessageRef, ticketOffer } from '../../../blocks/conversation.ts';
import type { Desk } from '../../context.ts';
import { type MessageKey, type Translate, translator } from '../../i18n/index.ts';
import { slackErrorInfo } from '../../outbox/slack-errors.ts';
import { sourceMessage } from '../../tickets/from-conversation.ts';

export async function offerTicket(
  desk: Desk,
  o: {
    user: string;
    /** Where the person is (the ephemeral goes there, in the thread when given). */
    channel: string;
    threadTs?: string;
    /** The message the ticket would come from. */
    source: { channel: string; ts: string };
    kind: 'reaction' | 'mention';
    /** The text shown in the offer (default: the message's own). */
    text?: string;
  },
): Promise<void> {
  const tr = translator(await desk.langOf(o.user));
  const tell = (text: string, blocks?: KnownBlock[]) =>
    desk.slack.chat
      .postEphemeral({
        channel: o.channel,
        user: o.user,
        text,
        ...(blocks ? { blocks } : {}),
        ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
      })
      .catch((err: unknown) =>
        desk.log.warn({ user: o.user, err: slackErrorInfo(err).code }, 'ticket offer not shown'),
      );
  const src = await sourceMessage(desk, o.source.channel, o.source.ts);
  if (!src) {
    await tell(tr('conversation.notFound'));
    return;
  }
  if (src.existing) {
    await tell(alreadyText(tr, src.existing));
    return;
  }
  const { message, permalink } = src;
  const ref: MessageRef = {
    c: o.source.channel,
    ts: o.source.ts,
    k: o.kind,
    ...(permalink ? { p: permalink } : {}),
    ...(message.user ? { a: message.user } : {}),
  };
  const offer = ticketOffer(tr, o.text ?? message.text, ref);
  await tell(offer.text, offer.blocks);
}

export function alreadyText(
  tr: Translate,
  t: { number: string; status: string; card?: { permalink?: string | null } | null },
): string {
  return tr('conversation.already', {
    number: t.number,
    status: tr(`status.${t.status}` as MessageKey),
    link: t.card?.permalink ?? '',
  });
}
