/**
 * Enter pressed in the intake form's customer ID or phone (dispatch on enter): the known customer's
 * tier and open tickets appear in the form, with the choice to add to an open ticket instead of
 * opening a duplicate. A category, an urgency or "Solved during the contact" chosen (dispatch_action)
 * redraws the form with what that choice needs: the request types that fit the category, the reason
 * for critical urgency, the result told to the customer. Everything typed stays (the form is redrawn
 * from its own state, with the view's hash so that a newer version is never overwritten).
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

/** The choices that change what the form asks for. */
const REDRAWN_BY = new Set<string>([
  INTAKE_FIELD.category,
  INTAKE_FIELD.urgency,
  INTAKE_FIELD.solvedAtContact,
  INTAKE_FIELD.moreDetails,
]);

type ActionView = NonNullable<BlockAction['view']>;

/** Redraws the form from its own state (the builder filters the request types, shows what is needed). */
async function redraw(desk: Desk, user: string, view: ActionView): Promise<void> {
  const lang = await desk.langOf(user);
  const tr = translator(lang);
  const typed = readValues(view.state as never, INTAKE_FIELD);
  const meta = readMetadata<IntakeMetadata>(view.private_metadata);
  await desk.slack.views
    .update({ view_id: view.id, hash: view.hash, view: intakeModal(tr, lang, desk.config, typed, meta) })
    .catch((err: unknown) => desk.log.info({ err: slackErrorInfo(err).code }, 'intake form not redrawn'));
}

export function register(app: App, desk: Desk): void {
  app.action<BlockAction>(INPUT_ACTION, async ({ ack, body }: Args) => {
    await ack();
    const view = body.view;
    const action = body.actions[0] as { block_id?: string; value?: string } | undefined;
    if (!view || view.callback_id !== CALLBACK.intake || !action) return;
    if (REDRAWN_BY.has(action.block_id ?? '')) {
      desk.background.run('intake redraw', () => redraw(desk, body.user.id, view));
      return;
    }
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
      const meta = { ...readMetadata<IntakeMetadata>(view.private_metadata), known };
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
