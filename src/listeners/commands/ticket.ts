/** /ticket: routes the subcommand; acknowledges within Slack's 3 seconds before any slow work. */
import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { helpBlocks } from '../../../blocks/help.ts';
import type { Desk } from '../../context.ts';
import { parseCommand } from '../../domain/command.ts';
import { translator } from '../../i18n/index.ts';

type Args = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

export function register(app: App, desk: Desk): void {
  app.command('/ticket', async ({ command, ack, respond }: Args) => {
    const parsed = parseCommand(command.text ?? '');
    if (parsed.kind === 'help' || parsed.kind === 'unknown') {
      await ack();
      const tr = translator(await desk.langOf(command.user_id));
      const unknown = parsed.kind === 'unknown' ? parsed.input : undefined;
      await respond({ response_type: 'ephemeral', text: tr('help.title'), blocks: helpBlocks(tr, unknown) });
      return;
    }
    await ack();
    const tr = translator(await desk.langOf(command.user_id));
    await respond({ response_type: 'ephemeral', text: tr('help.title'), blocks: helpBlocks(tr) });
  });
}
