/**
 * Intake submission: validate (field errors keep the modal open with everything typed), store
 * the ticket before acknowledging (so a database outage is answered in the modal and nothing
 * typed is lost), then close the modal and post the card in the background.
 */
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { CALLBACK, INTAKE_FIELD } from '../../../blocks/ids.ts';
import type { IntakeMetadata } from '../../../blocks/intake-modal.ts';
import type { Desk } from '../../context.ts';
import { type IntakeErrors, validateIntake } from '../../domain/intake.ts';
import { type Translate, translator } from '../../i18n/index.ts';
import { ACK_DB_BUDGET_MS, withDeadline } from '../../services/deadline.ts';
import { failureRef, isDatabaseError } from '../../services/errors.ts';
import { openTicket, publishNewTicket } from '../../services/open-ticket.ts';
import { readMetadata, readValues } from '../view-values.ts';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

function fieldErrors(tr: Translate, errors: IntakeErrors): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, err] of Object.entries(errors)) {
    const blockId = INTAKE_FIELD[field as keyof typeof INTAKE_FIELD];
    if (blockId && err) out[blockId] = tr(err.key, err.params);
  }
  return out;
}

export function register(app: App, desk: Desk): void {
  app.view<ViewSubmitAction>(CALLBACK.intake, async ({ ack, body, view }: Args) => {
    const user = body.user.id;
    const tr = translator(await desk.langOf(user));
    const { config } = desk;
    const raw = readValues(view.state, INTAKE_FIELD);
    const result = validateIntake(raw, {
      contactChannels: config.contactChannels.map((c) => c.id),
      requestTypes: config.requestTypes.map((r) => r.id),
      categories: config.categories.map((c) => c.id),
      minDescriptionLength: config.intake.minDescriptionLength,
    });
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: fieldErrors(tr, result.errors) });
      return;
    }
    const meta = readMetadata<IntakeMetadata>(view.private_metadata);
    const source =
      meta.source && typeof meta.source.channel === 'string' && typeof meta.source.ts === 'string'
        ? { channel: meta.source.channel, ts: meta.source.ts, permalink: meta.source.permalink }
        : undefined;
    let stored: Awaited<ReturnType<typeof openTicket>>;
    try {
      // Bounded: during a database outage the driver would wait 5 s for a server, past Slack's 3 s.
      // If the write completes after we answered "try again", its card is still published.
      stored = await withDeadline(
        openTicket(desk, { intake: result.intake, openedBy: user, intakeKey: view.id, source }),
        ACK_DB_BUDGET_MS,
        'storing the ticket',
        (late) => {
          if (late.created) desk.background.run('publish ticket', () => publishNewTicket(desk, late.ticket));
        },
      );
    } catch (err) {
      // Only an unavailable database is "try again"; anything else is a fault of ours, shown with its ref.
      const ref = isDatabaseError(err) ? undefined : failureRef();
      if (ref) desk.log.error({ user, ref, err }, 'ticket not stored: unexpected failure');
      else desk.log.error({ user, err: (err as Error).message }, 'ticket not stored');
      await ack({
        response_action: 'errors',
        errors: {
          [INTAKE_FIELD.description]: ref ? tr('error.internal', { ref }) : tr('intake.error.database'),
        },
      });
      return;
    }
    await ack();
    if (stored.created) desk.background.run('publish ticket', () => publishNewTicket(desk, stored.ticket));
  });
}
