/** "Record" on a follow-up: opens the satisfaction survey modal at once (the trigger lives 3 s). */
import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ACTION } from '../../../blocks/ids.ts';
import { surveyModal } from '../../../blocks/survey.ts';
import type { Desk } from '../../context.ts';
import { translator } from '../../i18n/index.ts';
import { slackErrorInfo } from '../../outbox/slack-errors.ts';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

export function register(app: App, desk: Desk): void {
  app.action<BlockButtonAction>(ACTION.survey, async ({ ack, body, action, respond }: Args) => {
    await ack();
    const user = body.user.id;
    const tr = translator(await desk.langOf(user));
    const [number = '', resolvedAt = ''] = String(action.value ?? '').split('|');
    try {
      await desk.slack.views.open({
        trigger_id: body.trigger_id,
        view: surveyModal(
          tr,
          { number, resolvedAt: Number(resolvedAt) },
          desk.config.followUp.requestersAreSlackUsers,
        ),
      });
    } catch (err) {
      const info = slackErrorInfo(err);
      desk.log.warn({ user, err: info.code }, 'survey modal not opened');
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: info.code.includes('trigger') ? tr('survey.error.trigger') : tr('error.generic'),
      });
    }
  });
}
