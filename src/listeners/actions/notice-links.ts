/**
 * "Assign to…" on an unclaimed ticket's alert to a supervisor is a link to the card (where the
 * supervisor assigns): Slack still sends the click, which is only acknowledged.
 */
import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ACTION } from '../../../blocks/ids.ts';
import type { Desk } from '../../context.ts';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

export function register(app: App, _desk: Desk): void {
  app.action<BlockButtonAction>(ACTION.noticeAssign, async ({ ack }: Args) => {
    await ack();
  });
}
