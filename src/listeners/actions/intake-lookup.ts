/**
 * Enter pressed in the intake form's customer ID or phone (dispatch on enter): the known customer's
 * tier and open tickets appear in the form, with the choice to add to an open ticket instead of
 * opening a duplicate. Everything typed stays (the form is redrawn from its own state).
 */
import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { CALLBACK, INPUT_ACTION, INTAKE_FIELD } from '../../../blocks/ids.ts';
import { type IntakeMetadata, intakeModal, type KnownCustomer } from '../../../blocks/intake-modal.ts';
import type { Desk } from '../../context.ts';
import { translator } from '../../i18n/index.ts';
import { slackErrorInfo } from '../../outbox/slack-errors.ts';
import { findCustomer, openTicketsOf, tierOf } from '../../tickets/customers.ts';
import { readMetadata, readValues } from '../view-values.ts';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction>;

export function register(app: App, desk: Desk): void {
  app.action<BlockAction>(INPUT_ACTION, async ({ ack, body }: Args) => {
    await ack();
    const view = body.view;
    const action = body.actions[0] as { block_id?: string; value?: string } | undefined;
    if (!view || view.callback_id !== CALLBACK.intake || !action) return;
    const field =
      action.block_id === INTAKE_FIELD.customerId
        ? 'customerId'
        : action.block_id === INTAKE_FIELD.phone
          ? 'phone'
          : null;
    const value = (action.value ?? '').trim();
    if (!field || !value) return;
    desk.background.run('intake look-up', async () => {
      const user = body.user.id;
      const lang = await desk.langOf(user);
      const tr = translator(lang);
      const customer = await findCustomer(
        desk,
        field === 'customerId' ? { customerId: value } : { phone: value },
      );
      let known: KnownCustomer | { none: string };
      if (customer) {
        const open = await openTicketsOf(desk, customer.customerId);
        known = {
          customerId: customer.customerId,
          name: customer.name,
          tier: tierOf(desk.config, customer.tier).name[lang],
          openTickets: open.map((t) => t.number),
        };
      } else {
        known = { none: value };
      }
      const typed = readValues(view.state as never, INTAKE_FIELD);
      // A known customer fills the name (when empty) and the ID, so the record is matched on submit.
      if (customer && !typed.customerName) typed.customerName = customer.name;
      if (customer) typed.customerId = customer.customerId;
      const meta = readMetadata<IntakeMetadata>(view.private_metadata);
      await desk.slack.views
        .update({
          view_id: view.id,
          hash: view.hash,
          view: intakeModal(tr, lang, desk.config, typed, meta, undefined, known),
        })
        .catch((err: unknown) =>
          desk.log.info({ err: slackErrorInfo(err).code }, 'intake form not updated after look-up'),
        );
    });
  });
}
