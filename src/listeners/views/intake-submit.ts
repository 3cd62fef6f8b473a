/**
 * Intake submission. Invalid input is answered with field errors (the modal stays open with
 * everything typed). Valid input is answered at once with a small "saving" view showing the gist of
 * what was typed (a promise of nothing yet, so the answer does not wait for the database). The
 * ticket is then stored with the work it is owed (its card, any emergency alert: two round trips),
 * and only then does the view turn into "Ticket … created"; if it cannot be stored the full form
 * comes back with the reason and everything typed. Submitting the same form again never stores a
 * second ticket (the view id is the intake key).
 */

import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { CALLBACK, INTAKE_FIELD } from '../../../blocks/ids.ts';
import {
  customerWhen,
  type IntakeInitial,
  type IntakeMetadata,
  intakeAddedView,
  intakeCreatedView,
  intakeModal,
  intakeSavingView,
} from '../../../blocks/intake-modal.ts';
import { plainErrors, slackTime } from '../../../blocks/text.ts';
import { names } from '../../../blocks/ticket-card.ts';
import type { Desk } from '../../context.ts';
import { type Intake, type IntakeErrors, validateIntake } from '../../domain/intake.ts';
import { type Lang, type MessageKey, type Translate, translator } from '../../i18n/index.ts';
import { failureRef, isDatabaseError } from '../../runtime/errors.ts';
import { addToOpenTicket } from '../../tickets/customers.ts';
import { openTicket, publishNewTicket } from '../../tickets/open-ticket.ts';
import { readMetadata, readValues } from '../view-values.ts';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

/** Fields shown once another is chosen: an error for one not (yet) in the form goes on that one. */
const SHOWN_BY: Partial<Record<keyof typeof INTAKE_FIELD, keyof typeof INTAKE_FIELD>> = {
  urgencyReason: 'urgency',
  contactResult: 'solvedAtContact',
};

function fieldErrors(tr: Translate, errors: IntakeErrors, shown: Set<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, err] of Object.entries(errors)) {
    let key = field as keyof typeof INTAKE_FIELD;
    const parent = SHOWN_BY[key];
    if (parent && !shown.has(INTAKE_FIELD[key])) key = parent;
    const blockId = INTAKE_FIELD[key];
    if (blockId && err) out[blockId] = tr(err.key, err.params);
  }
  return out;
}

function todayOrUndefined(desk: Desk): string | undefined {
  try {
    return desk.calendar.localDate(desk.clock.now());
  } catch {
    return undefined;
  }
}

interface Submitted {
  user: string;
  lang: Lang;
  viewId: string;
  intake: Intake;
  typed: IntakeInitial;
  meta: Partial<IntakeMetadata>;
}

/** Stores the ticket, then shows the outcome in the form (created, or the form with the reason). */
async function storeAndShow(desk: Desk, s: Submitted): Promise<void> {
  const tr = translator(s.lang);
  const source =
    s.meta.source && typeof s.meta.source.channel === 'string' && typeof s.meta.source.ts === 'string'
      ? {
          channel: s.meta.source.channel,
          ts: s.meta.source.ts,
          permalink: s.meta.source.permalink,
          ...(s.meta.source.kind === 'reaction' || s.meta.source.kind === 'mention'
            ? { kind: s.meta.source.kind }
            : {}),
          ...(typeof s.meta.source.author === 'string' ? { author: s.meta.source.author } : {}),
        }
      : undefined;
  let stored: Awaited<ReturnType<typeof openTicket>>;
  try {
    const addTo = typeof s.typed.addTo === 'string' ? s.typed.addTo : '';
    if (addTo) {
      // A known customer's open ticket chosen in the form: add to it, open nothing new.
      const added = await addToOpenTicket(desk, { number: addTo, by: s.user, text: s.intake.description });
      if (added.ok) {
        await desk.slack.views
          .update({ view_id: s.viewId, view: intakeAddedView(tr, added.number) })
          .catch((e: Error) => desk.log.info({ err: e.message }, 'intake form not updated'));
        return;
      }
    }
    stored = await openTicket(desk, { intake: s.intake, openedBy: s.user, intakeKey: s.viewId, source });
  } catch (err) {
    // Only an unavailable database is "try again"; anything else is a fault of ours, shown with its ref.
    const ref = isDatabaseError(err) ? undefined : failureRef();
    if (ref) desk.log.error({ user: s.user, ref, err }, 'ticket not stored: unexpected failure');
    else desk.log.error({ user: s.user, err: (err as Error).message }, 'ticket not stored');
    const reason = ref ? tr('error.internal', { ref }) : tr('intake.error.database');
    const view = intakeModal(tr, s.lang, desk.config, s.typed, s.meta, reason);
    await desk.slack.views
      .update({ view_id: s.viewId, view })
      .catch((e: Error) => desk.log.warn({ user: s.user, err: e.message }, 'intake form not updated'));
    return;
  }
  const t = stored.ticket;
  if (!stored.created && t.intakeKey !== s.viewId) {
    // Someone opened the same conversation's message as a ticket first: say so, keep the form.
    const already = tr('conversation.already', {
      number: t.number,
      status: tr(`status.${t.status}` as MessageKey),
      link: t.card?.permalink ?? '',
    });
    await desk.slack.views
      .update({ view_id: s.viewId, view: intakeModal(tr, s.lang, desk.config, s.typed, s.meta, already) })
      .catch((e: Error) => desk.log.warn({ user: s.user, err: e.message }, 'intake form not updated'));
    return;
  }
  // When the customer hears back: the first response, or the P1 customer contact (15 min) if sooner.
  const contactBy = [
    t.responseDueAt,
    ...(t.clocks ?? []).filter((c) => c.kind === 'customer_contact').map((c) => c.dueAt),
  ]
    .filter((d): d is Date => d instanceof Date)
    .reduce((a, b) => (b.getTime() < a.getTime() ? b : a));
  const view = intakeCreatedView(tr, {
    number: t.number,
    priority: tr(`priority.${t.priority}` as MessageKey),
    department: names(desk.config, s.lang).department(t.departmentId),
    due: slackTime(t.responseDueAt),
    when: customerWhen(tr, s.lang, contactBy, desk.clock.now(), desk.config.organisation.timezone),
    solved: t.status === 'resolved',
  });
  // The modal may have been closed meanwhile: the opener's DM confirms the ticket all the same.
  await desk.slack.views
    .update({ view_id: s.viewId, view })
    .catch((e: Error) => desk.log.info({ ticket: t.number, err: e.message }, 'intake form not updated'));
  // The card and alerts wait for a background slot (they are stored, so nothing is lost by waiting),
  // leaving the process to the answers of a burst of submissions.
  if (stored.created) desk.background.run('publish ticket', () => publishNewTicket(desk, t));
}

export function register(app: App, desk: Desk): void {
  app.view<ViewSubmitAction>(CALLBACK.intake, async ({ ack, body, view }: Args) => {
    const user = body.user.id;
    // Cached since /ticket opened the form; bounded (500 ms) otherwise.
    const lang = await desk.langOf(user);
    const tr = translator(lang);
    const { config } = desk;
    const typed = readValues(view.state, INTAKE_FIELD);
    const result = validateIntake(typed, {
      contactChannels: config.contactChannels.map((c) => c.id),
      requestTypes: config.requestTypes.map((r) => r.id),
      requestTypeCategories: Object.fromEntries(config.requestTypes.map((r) => [r.id, r.categories])),
      categories: config.categories.map((c) => c.id),
      minDescriptionLength: config.intake.minDescriptionLength,
      contactMethods: config.customers.contactMethods.map((m) => m.id),
      // Only needed for an expected date; never lets a clock fault keep the form from its answer.
      today: typed.expectedBy ? todayOrUndefined(desk) : undefined,
    });
    if (!result.ok) {
      const shown = new Set(view.blocks.map((b) => (b as { block_id?: string }).block_id ?? ''));
      await ack({ response_action: 'errors', errors: plainErrors(fieldErrors(tr, result.errors, shown)) });
      return;
    }
    const meta = readMetadata<IntakeMetadata>(view.private_metadata);
    // A small answer (it is what Slack waits for); the full form comes back only if storing fails.
    await ack({ response_action: 'update', view: intakeSavingView(tr, typed) });
    // After the answers of a burst (the agent sees "saving" meanwhile; usually a fraction of a second).
    desk.background.run('store ticket', () =>
      storeAndShow(desk, { user, lang, viewId: view.id, intake: result.intake, typed, meta }),
    );
  });
}
