/**
 * /ticket: acknowledges at once, then routes the subcommand. Opening the intake modal comes
 * before any database work, because the trigger_id expires 3 seconds after the command.
 */
import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { helpBlocks } from '../../../blocks/help.ts';
import type { Desk } from '../../context.ts';
import { parseCommand } from '../../domain/command.ts';
import { translator } from '../../i18n/index.ts';
import { openIntakeModal } from '../open-intake.ts';
import { kbCommand } from './kb.ts';
import { reportCommand } from './reports.ts';
import { showTicket } from './show.ts';

type Args = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

export function register(app: App, desk: Desk): void {
  app.command('/ticket', async ({ command, ack, respond }: Args) => {
    await ack();
    const parsed = parseCommand(command.text ?? '');
    const user = command.user_id;
    if (parsed.kind === 'open') {
      await openIntakeModal(desk, {
        triggerId: command.trigger_id,
        user,
        description: parsed.description,
        meta: { channel: command.channel_id },
        onError: (text) => respond({ response_type: 'ephemeral', text }),
      });
      return;
    }
    if (parsed.kind === 'kb') {
      await kbCommand(desk, { user, rest: parsed.rest, triggerId: command.trigger_id, respond });
      return;
    }
    const lang = await desk.langOf(user);
    const tr = translator(lang);
    switch (parsed.kind) {
      case 'show':
        await respond({ response_type: 'ephemeral', ...(await showTicket(desk, user, parsed.rest, lang)) });
        return;
      case 'mine':
      case 'search':
      case 'customer':
      case 'export':
        await respond({
          response_type: 'ephemeral',
          ...(await reportCommand(desk, user, parsed.kind, parsed.args, parsed.rest, lang)),
        });
        return;
      case 'unknown':
        await respond({
          response_type: 'ephemeral',
          text: tr('help.title'),
          blocks: helpBlocks(tr, parsed.input),
        });
        return;
      default:
        await respond({ response_type: 'ephemeral', text: tr('help.title'), blocks: helpBlocks(tr) });
    }
  });
}
