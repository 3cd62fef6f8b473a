/** reaction_added: the configured emoji (default 🎫) on a message in an intake channel offers a ticket. */
import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Desk } from '../../context.ts';
import { isTicketReaction } from '../../domain/conversation.ts';
import { offerTicket } from './offer-ticket.ts';

type Args = AllMiddlewareArgs & SlackEventMiddlewareArgs<'reaction_added'>;

export function register(app: App, desk: Desk): void {
  app.event('reaction_added', async ({ event }: Args) => {
    if (event.item.type !== 'message') return;
    const { channel, ts } = event.item;
    const conf = desk.config.conversations.channels.find((c) => c.channel === channel);
    if (!conf || !isTicketReaction(event.reaction, conf.emoji)) return;
    await offerTicket(desk, { user: event.user, channel, source: { channel, ts }, kind: 'reaction' });
  });
}
