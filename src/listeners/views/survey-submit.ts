/**
 * Survey submission: validate, store it (one per resolution: a second submission is refused in the
 * modal) together with the work it owes: closing or reopening the ticket and confirming to the
 * surveyor (sent right after the ack, or by the outbox sweep after a crash). A call that gave no
 * survey (not reached, refused, wrong number) is recorded instead, with its retry or the closing.
 */

import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { CALLBACK, SURVEY_FIELD } from '../../../blocks/ids.ts';
import type { SurveyMetadata } from '../../../blocks/survey.ts';
import { plainErrors } from '../../../blocks/text.ts';
import type { Desk } from '../../context.ts';
import { OVERALL_RATINGS, SATISFACTION, SURVEY_DIMENSIONS } from '../../domain/job-rules.ts';
import { isCallOutcome, type NoSurveyOutcome } from '../../domain/survey.ts';
import { type MessageKey, translator } from '../../i18n/index.ts';
import { failureRef, isDatabaseError } from '../../runtime/errors.ts';
import { ACK_DB_BUDGET_MS, withDeadline } from '../../tickets/deadline.ts';
import { recordFollowUpCall, recordSurvey, type SurveyAnswers } from '../../tickets/survey.ts';
import { readMetadata, readValues } from '../view-values.ts';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

const str = (v: string | string[] | null) => (typeof v === 'string' ? v : '');

type FieldErrors = Partial<Record<keyof typeof SURVEY_FIELD, MessageKey>>;

/**
 * Parses the submitted values (issue 18): the call's outcome first (absent when the requester
 * answers directly: reached). Reached needs satisfaction and solved; the rest is optional. Field
 * errors by field, with the message to show.
 */
export function parseSurvey(
  raw: Record<keyof typeof SURVEY_FIELD, string | string[] | null>,
  direct = false,
):
  | { ok: true; outcome: 'reached'; answers: SurveyAnswers }
  | { ok: true; outcome: NoSurveyOutcome }
  | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const outcome = direct ? 'reached' : str(raw.outcome);
  if (!isCallOutcome(outcome)) return { ok: false, errors: { outcome: 'survey.error.required' } };
  if (outcome !== 'reached') return { ok: true, outcome };
  const overall = str(raw.overall);
  const satisfaction = str(raw.satisfaction);
  if (overall && !(OVERALL_RATINGS as readonly string[]).includes(overall))
    errors.overall = 'survey.error.required';
  if (!(SATISFACTION as readonly string[]).includes(satisfaction))
    errors.satisfaction = 'survey.error.satisfaction';
  const dimensions: SurveyAnswers['dimensions'] = {};
  for (const d of SURVEY_DIMENSIONS) {
    const v = str(raw[d]);
    if (!v) continue;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 5) errors[d] = 'survey.error.required';
    else dimensions[d] = n;
  }
  const solved = str(raw.solved);
  if (solved !== 'yes' && solved !== 'no') errors.solved = 'survey.error.solved';
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    outcome,
    answers: {
      ...(overall ? { overall: overall as NonNullable<SurveyAnswers['overall']> } : {}),
      satisfaction: satisfaction as SurveyAnswers['satisfaction'],
      dimensions,
      solved: solved === 'yes',
      suggestions: str(raw.suggestions).trim().slice(0, 2000),
    },
  };
}

export function register(app: App, desk: Desk): void {
  app.view<ViewSubmitAction>(CALLBACK.survey, async ({ ack, body, view }: Args) => {
    const user = body.user.id;
    const tr = translator(await desk.langOf(user));
    const direct = desk.config.followUp.requestersAreSlackUsers;
    const parsed = parseSurvey(readValues(view.state, SURVEY_FIELD), direct);
    if (!parsed.ok) {
      const errors: Record<string, string> = {};
      for (const [f, key] of Object.entries(parsed.errors))
        errors[SURVEY_FIELD[f as keyof typeof SURVEY_FIELD]] = tr(key);
      await ack({ response_action: 'errors', errors: plainErrors(errors) });
      return;
    }
    // Where a refusal is shown: the first field of the modal.
    const topField = direct ? SURVEY_FIELD.satisfaction : SURVEY_FIELD.outcome;
    const meta = readMetadata<SurveyMetadata>(view.private_metadata);
    let result: Awaited<ReturnType<typeof recordSurvey>> | Awaited<ReturnType<typeof recordFollowUpCall>>;
    try {
      // Bounded so that Slack gets its answer within 3 seconds even while the database is away.
      result = await withDeadline(
        (async () => {
          const ticket = meta.number
            ? await desk.models.Ticket.findOne({ number: meta.number }, { _id: 1 }).lean()
            : null;
          if (!ticket) return { ok: false, reason: 'not_found' } as const;
          const req = { ticketId: ticket._id, resolvedAt: Number(meta.resolvedAt), by: user };
          return parsed.outcome === 'reached'
            ? recordSurvey(desk, { ...req, answers: parsed.answers })
            : recordFollowUpCall(desk, { ...req, outcome: parsed.outcome });
        })(),
        ACK_DB_BUDGET_MS,
        'recording the survey',
      );
    } catch (err) {
      // Only an unavailable database is "try again"; anything else is a fault of ours, shown with its ref.
      const ref = isDatabaseError(err) ? undefined : failureRef();
      if (ref) desk.log.error({ user, ref, err }, 'survey not stored: unexpected failure');
      else desk.log.error({ user, err: (err as Error).message }, 'survey not stored');
      const text = ref ? tr('error.internal', { ref }) : tr('error.database');
      await ack({ response_action: 'errors', errors: plainErrors({ [topField]: text }) });
      return;
    }
    if (!result.ok) {
      await ack({
        response_action: 'errors',
        errors: {
          [topField]: tr(`survey.refused.${result.reason}` as MessageKey, {
            number: meta.number ?? '',
          }),
        },
      });
      return;
    }
    // Closing or reopening, and the confirmation, were stored with the survey (owed work).
    await ack();
  });
}
