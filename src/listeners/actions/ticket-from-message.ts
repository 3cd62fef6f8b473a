/**
 * "Open ticket" on the offer for a message: the intake form prefilled with the message (its text, a
 * link back, its author), or the ticket the message already is.
 */
import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { MessageRef } from '../../../blocks/conversation.ts';
import { ACTION } from '../../../blocks/ids.ts';
import { slackMarkupToText } from '../../../blocks/text.ts';
import type { Desk } from '../../context.ts';
import { withoutMention } from '../../domain/conversation.ts';
import { translator } from '../../i18n/index.ts';
import { readMessage, ticketOfMessage } from '../../tickets/from-conversation.ts';
import { alreadyText } from '../events/offer-ticket.ts';
import { openIntakeModal } from '../open-intake.ts';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

function parseRef(value: string | undefined): MessageRef | null {
  try {
    const v = JSON.parse(value ?? '') as Partial<MessageRef>;
    if (typeof v.c !== 'string' || typeof v.ts !== 'string') return null;
    return {
      c: v.c,
      ts: v.ts,
      k: v.k === 'mention' ? 'mention' : 'reaction',
      ...(typeof v.p === 'string' ? { p: v.p } : {}),
      ...(typeof v.a === 'string' ? { a: v.a } : {}),
    };
  } catch {
    return null;
  }
}

export function register(app: App, desk: Desk): void {
  app.action<BlockButtonAction>(
    ACTION.ticketFromMessage,
    async ({ ack, body, action, respond, context }: Args) => {
      await ack();
      const user = body.user.id;
      const tr = translator(await desk.langOf(user));
      const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: true, text });
      const ref = parseRef(action.value);
      if (!ref) {
        await say(tr('conversation.notFound'));
        return;
      }
      const existing = await ticketOfMessage(desk, ref.c, ref.ts);
      if (existing) {
        await say(alreadyText(tr, existing));
        return;
      }
      const message = await readMessage(desk, ref.c, ref.ts);
      if (!message) {
        await say(tr('conversation.notFound'));
        return;
      }
      await openIntakeModal(desk, {
        triggerId: body.trigger_id,
        user,
        // Slack's markup (entities, mentions, links) made readable, as the message shortcut does.
        description: slackMarkupToText(withoutMention(message.text, context.botUserId)),
        meta: {
          channel: ref.c,
          source: {
            channel: ref.c,
            ts: ref.ts,
            kind: ref.k,
            ...(ref.p ? { permalink: ref.p } : {}),
            ...(ref.a ? { author: ref.a } : {}),
          },
        },
        onError: (text) => say(text),
      });
    },
  );
}
