/** "Ask for help" on a nudge: brings in the department's supervisors (DM + thread note). */
import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ACTION } from '../../../blocks/ids.ts';
import type { Desk } from '../../context.ts';
import { type MessageKey, translator } from '../../i18n/index.ts';
import { askForHelp } from '../../tickets/ask-help.ts';
import { replyTo } from './common.ts';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

export function register(app: App, desk: Desk): void {
  app.action<BlockButtonAction>(ACTION.askHelp, async ({ ack, body, action, respond }: Args) => {
    await ack();
    const user = body.user.id;
    const tr = translator(await desk.langOf(user));
    let text: string;
    try {
      const res = await askForHelp(desk, { number: String(action.value ?? ''), by: user });
      text = res.ok
        ? tr('askHelp.done', {
            number: res.number,
            supervisors: res.supervisors.map((s) => `<@${s}>`).join(' '),
          })
        : tr(`askHelp.denied.${res.reason}` as MessageKey, {
            number: res.number ?? String(action.value ?? ''),
          });
    } catch (err) {
      desk.log.error({ user, err: (err as Error).message }, 'ask for help failed');
      text = tr('error.generic');
    }
    await replyTo(desk, body, respond)({ response_type: 'ephemeral', replace_original: false, text });
  });
}
