/** "Snooze one working day" on a nudge: postpones the owner's reminders (owner or supervisor only). */
import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ACTION } from '../../../blocks/ids.ts';
import { slackTime } from '../../../blocks/text.ts';
import type { Desk } from '../../context.ts';
import { type MessageKey, translator } from '../../i18n/index.ts';
import { snoozeNudges } from '../../tickets/snooze.ts';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

export function register(app: App, desk: Desk): void {
  app.action<BlockButtonAction>(ACTION.snooze, async ({ ack, body, action, respond }: Args) => {
    await ack();
    const user = body.user.id;
    const tr = translator(await desk.langOf(user));
    let text: string;
    try {
      const res = await snoozeNudges(desk, { number: String(action.value ?? ''), by: user });
      text = res.ok
        ? tr('snooze.done', { number: res.number, until: slackTime(res.until) })
        : tr(
            `snooze.denied.${['not_found', 'forbidden'].includes(res.reason) ? res.reason : 'state'}` as MessageKey,
            {
              number: res.number ?? String(action.value ?? ''),
            },
          );
    } catch (err) {
      desk.log.error({ user, err: (err as Error).message }, 'snooze failed');
      text = tr('error.generic');
    }
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  });
}
