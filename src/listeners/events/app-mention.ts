/**
 * app_mention: "@Service Desk <text>" offers a ticket with that text; in a thread, the ticket comes
 * from the thread's first message (or the thread is shown as the ticket it already is).
 */
import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Desk } from '../../context.ts';
import { withoutMention } from '../../domain/conversation.ts';
import { offerTicket } from './offer-ticket.ts';

type Args = AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_mention'>;

export function register(app: App, desk: Desk): void {
  app.event('app_mention', async ({ event, context }: Args) => {
    if (!event.user || event.bot_id || event.user === context.botUserId) return;
    const inThread = !!event.thread_ts && event.thread_ts !== event.ts;
    await offerTicket(desk, {
      user: event.user,
      channel: event.channel,
      ...(inThread ? { threadTs: event.thread_ts } : {}),
      source: { channel: event.channel, ts: inThread ? event.thread_ts! : event.ts },
      kind: 'mention',
      ...(inThread ? {} : { text: withoutMention(event.text ?? '', context.botUserId) }),
    });
  });
}
