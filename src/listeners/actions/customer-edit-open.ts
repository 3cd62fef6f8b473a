/** "Edit profile" under a customer's profile: supervisors and the director get the profile modal. */
import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { customerEditModal } from '../../../blocks/customer.ts';
import { ACTION } from '../../../blocks/ids.ts';
import type { Desk } from '../../context.ts';
import { slackErrorInfo } from '../../outbox/slack-errors.ts';
import { findCustomer } from '../../tickets/customers.ts';
import { isDirector, isSupervisor } from '../../tickets/permissions.ts';
import { afterAck, clickContext, ephemeral, replyTo } from './common.ts';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction>;

export function register(app: App, desk: Desk): void {
  app.action<BlockAction>(ACTION.editCustomer, async ({ ack, body, respond: r }: Args) => {
    const respond = replyTo(desk, body, r);
    afterAck(
      desk,
      'edit customer',
      ack,
      body.user.id,
      respond,
      async (tr, lang) => {
        const { user, value, triggerId } = clickContext(body);
        if (!isSupervisor(desk.config, user) && !isDirector(desk.config, user))
          return void (await ephemeral(respond, tr('customer.edit.denied')));
        const c = await findCustomer(desk, { customerId: value });
        if (!c) return void (await ephemeral(respond, tr('access.notFound')));
        await desk.slack.views
          .open({ trigger_id: triggerId, view: customerEditModal(tr, desk.config, lang, c) })
          .catch(async (err: unknown) => {
            desk.log.warn({ err: slackErrorInfo(err).code }, 'customer modal not opened');
            await ephemeral(respond, tr('error.generic'));
          });
      },
      true,
    );
  });
}
