/**
 * App Home's buttons (issue 18): Create ticket opens the intake form, Search opens the search modal.
 * Both open their modal first: the trigger_id is valid for 3 seconds, once.
 */
import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import { ACTION } from '../../../blocks/ids.ts';
import { searchModal } from '../../../blocks/search-results.ts';
import type { Desk } from '../../context.ts';
import { translator } from '../../i18n/index.ts';
import { slackErrorInfo } from '../../outbox/slack-errors.ts';
import { openIntakeModal } from '../open-intake.ts';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/** Home has no response_url: a failure is told by DM. */
async function tell(desk: Desk, user: string, text: string): Promise<void> {
  try {
    await desk.slack.chat.postMessage({ channel: user, text });
  } catch (err) {
    desk.log.warn({ user, err: slackErrorInfo(err).code }, 'home button failure not told');
  }
}

export function register(app: App, desk: Desk): void {
  app.action(ACTION.homeCreate, async ({ ack, body }: Args) => {
    await ack();
    const user = body.user.id;
    await openIntakeModal(desk, {
      triggerId: body.trigger_id,
      user,
      description: '',
      meta: {},
      onError: (text) => tell(desk, user, text),
    });
  });

  app.action(ACTION.homeSearch, async ({ ack, body }: Args) => {
    await ack();
    const user = body.user.id;
    const lang = await desk.langOf(user);
    const tr = translator(lang);
    try {
      await desk.slack.views.open({ trigger_id: body.trigger_id, view: searchModal(tr, desk.config, lang) });
    } catch (err) {
      const info = slackErrorInfo(err);
      desk.log.warn({ user, err: info.code }, 'search modal not opened');
      await tell(
        desk,
        user,
        info.code.includes('trigger') ? tr('intake.error.trigger') : tr('error.generic'),
      );
    }
  });
}
