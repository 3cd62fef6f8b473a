/** Message shortcut "Create ticket": the intake modal with the message as description and a link kept. */
import type { AllMiddlewareArgs, App, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { CALLBACK } from '../../../blocks/ids.ts';
import { slackMarkupToText } from '../../../blocks/text.ts';
import type { Desk } from '../../context.ts';
import { openIntakeModal } from '../open-intake.ts';

type Args = AllMiddlewareArgs & SlackShortcutMiddlewareArgs<MessageShortcut>;

export function register(app: App, desk: Desk): void {
  app.shortcut<MessageShortcut>(
    { callback_id: CALLBACK.createTicketShortcut, type: 'message_action' },
    async ({ shortcut, ack, respond }: Args) => {
      await ack();
      const channel = shortcut.channel.id;
      const ts = shortcut.message.ts;
      // The permalink can be built without an API call, keeping the trigger fresh.
      const domain = shortcut.team?.domain;
      const permalink = domain
        ? `https://${domain}.slack.com/archives/${channel}/p${ts.replace('.', '')}`
        : undefined;
      await openIntakeModal(desk, {
        triggerId: shortcut.trigger_id,
        user: shortcut.user.id,
        // The message text is Slack markup (entities, mentions, links): the form gets readable text,
        // which the card escapes once when it shows it.
        description: slackMarkupToText(shortcut.message.text ?? ''),
        meta: { channel, source: { channel, ts, ...(permalink ? { permalink } : {}) } },
        onError: (text) => respond({ response_type: 'ephemeral', text }),
      });
    },
  );
}
