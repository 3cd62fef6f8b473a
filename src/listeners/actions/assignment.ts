/** Accept / Decline on an automatic assignment's DM. */
import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ACTION } from '../../../blocks/ids.ts';
import type { Desk } from '../../context.ts';
import { translator } from '../../i18n/index.ts';
import { acceptAssignment, declineAssignment } from '../../tickets/assign.ts';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

export function register(app: App, desk: Desk): void {
  app.action<BlockButtonAction>(ACTION.assignAccept, async ({ ack, body, action, respond }: Args) => {
    await ack();
    const user = body.user.id;
    const number = String(action.value ?? '');
    const tr = translator(await desk.langOf(user));
    const res = await acceptAssignment(desk, { number, by: user });
    const text = res.ok
      ? tr('assign.accepted', { number })
      : res.ticket?.ownerId
        ? tr('deny.already_claimed', { user: res.ticket.ownerId })
        : tr('assign.gone');
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  });
  app.action<BlockButtonAction>(ACTION.assignDecline, async ({ ack, body, action, respond }: Args) => {
    await ack();
    const user = body.user.id;
    const number = String(action.value ?? '');
    const tr = translator(await desk.langOf(user));
    const passed = await declineAssignment(desk, { number, by: user });
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: passed ? tr('assign.declined', { number }) : tr('assign.gone'),
    });
  });
}
