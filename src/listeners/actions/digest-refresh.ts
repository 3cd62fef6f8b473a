/** The digest's Refresh button: redraws the daily digest in place (chat.update) with current numbers. */
import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import { parseDigestRefreshValue } from '../../../blocks/digest.ts';
import { ACTION } from '../../../blocks/ids.ts';
import type { Desk } from '../../context.ts';
import { translator } from '../../i18n/index.ts';
import { slackErrorInfo } from '../../outbox/slack-errors.ts';
import { refreshDailyDigest } from '../../reports/digest.ts';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

export function register(app: App, desk: Desk): void {
  app.action(ACTION.digestRefresh, async ({ ack, body, action, respond }: Args) => {
    await ack();
    const user = body.user.id;
    const channel = body.channel?.id;
    const ts = body.message?.ts;
    const scope = parseDigestRefreshValue(action.value ?? '');
    const tr = translator(await desk.langOf(user));
    if (!channel || !ts || !scope) return;
    try {
      const outcome = await refreshDailyDigest(desk, user, channel, ts, scope);
      if (outcome === 'denied')
        await respond({ response_type: 'ephemeral', replace_original: false, text: tr('report.refused') });
    } catch (err) {
      desk.log.warn({ err: slackErrorInfo(err).code }, 'digest refresh failed');
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: tr('digest.refreshFailed'),
      });
    }
  });
}
