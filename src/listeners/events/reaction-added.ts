/**
 * reaction_added: the configured emoji (default 🎫) on a message in an intake channel offers a
 * ticket, or with `conversations.quickFromReaction` opens one at once (marked to be completed).
 */
import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { slackMarkupToText } from '../../../blocks/text.ts';
import { names } from '../../../blocks/ticket-card.ts';
import type { Desk } from '../../context.ts';
import { isTicketReaction } from '../../domain/conversation.ts';
import { translator } from '../../i18n/index.ts';
import { slackErrorInfo } from '../../outbox/slack-errors.ts';
import { openFromReaction, sourceMessage } from '../../tickets/from-conversation.ts';
import { publishNewTicket } from '../../tickets/open-ticket.ts';
import { alreadyText, offerTicket } from './offer-ticket.ts';

type Args = AllMiddlewareArgs & SlackEventMiddlewareArgs<'reaction_added'>;

/** Opens the ticket at once and tells the person who reacted (ephemerally) what was opened. */
async function openAtOnce(desk: Desk, user: string, channel: string, ts: string): Promise<void> {
  const lang = await desk.langOf(user);
  const tr = translator(lang);
  const tell = (text: string) =>
    desk.slack.chat
      .postEphemeral({ channel, user, text })
      .catch((err: unknown) =>
        desk.log.warn({ user, err: slackErrorInfo(err).code }, 'reaction answer not shown'),
      );
  const src = await sourceMessage(desk, channel, ts);
  if (!src) {
    await tell(tr('conversation.notFound'));
    return;
  }
  if (src.existing) {
    await tell(alreadyText(tr, src.existing));
    return;
  }
  const { message, permalink } = src;
  const { ticket, created } = await openFromReaction(desk, {
    channel,
    ts,
    text: slackMarkupToText(message.text),
    reactor: user,
    ...(message.user ? { author: message.user } : {}),
    ...(permalink ? { permalink } : {}),
  });
  if (!created) {
    await tell(alreadyText(tr, ticket));
    return;
  }
  desk.background.run('publish ticket', () => publishNewTicket(desk, ticket));
  const n = names(desk.config, lang);
  await tell(
    tr('conversation.quickOpened', {
      number: ticket.number,
      category: n.category(ticket.categoryId),
      department: n.department(ticket.departmentId),
      link: permalink ?? '',
    }),
  );
}

export function register(app: App, desk: Desk): void {
  app.event('reaction_added', async ({ event }: Args) => {
    if (event.item.type !== 'message') return;
    const { channel, ts } = event.item;
    const conf = desk.config.conversations.channels.find((c) => c.channel === channel);
    if (!conf || !isTicketReaction(event.reaction, conf.emoji)) return;
    if (desk.config.conversations.quickFromReaction) await openAtOnce(desk, event.user, channel, ts);
    else await offerTicket(desk, { user: event.user, channel, source: { channel, ts }, kind: 'reaction' });
  });
}
