/**
 * Survey submission: validate, store it (one per resolution: a second submission is refused in the
 * modal) together with the work it owes: closing or reopening the ticket and confirming to the
 * surveyor (sent right after the ack, or by the outbox sweep after a crash).
 */

import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { CALLBACK, SURVEY_FIELD } from '../../../blocks/ids.ts';
import type { SurveyMetadata } from '../../../blocks/survey.ts';
import { plainErrors } from '../../../blocks/text.ts';
import type { Desk } from '../../context.ts';
import { OVERALL_RATINGS, SATISFACTION, SURVEY_DIMENSIONS } from '../../domain/job-rules.ts';
import { type MessageKey, translator } from '../../i18n/index.ts';
import { failureRef, isDatabaseError } from '../../runtime/errors.ts';
import { ACK_DB_BUDGET_MS, withDeadline } from '../../tickets/deadline.ts';
import { recordSurvey, type SurveyAnswers } from '../../tickets/survey.ts';
import { readMetadata, readValues } from '../view-values.ts';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

const str = (v: string | string[] | null) => (typeof v === 'string' ? v : '');

/** Parses the submitted values; field errors by block id when something is missing or invalid. */
export function parseSurvey(
  raw: Record<keyof typeof SURVEY_FIELD, string | string[] | null>,
):
  | { ok: true; answers: SurveyAnswers }
  | { ok: false; errors: Partial<Record<keyof typeof SURVEY_FIELD, true>> } {
  const errors: Partial<Record<keyof typeof SURVEY_FIELD, true>> = {};
  const overall = str(raw.overall);
  const satisfaction = str(raw.satisfaction);
  if (!(OVERALL_RATINGS as readonly string[]).includes(overall)) errors.overall = true;
  if (!(SATISFACTION as readonly string[]).includes(satisfaction)) errors.satisfaction = true;
  const dimensions = {} as SurveyAnswers['dimensions'];
  for (const d of SURVEY_DIMENSIONS) {
    const n = Number(str(raw[d]));
    if (!Number.isInteger(n) || n < 1 || n > 5) errors[d] = true;
    dimensions[d] = n;
  }
  const solved = str(raw.solved);
  if (solved !== 'yes' && solved !== 'no') errors.solved = true;
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    answers: {
      overall: overall as SurveyAnswers['overall'],
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
    const parsed = parseSurvey(readValues(view.state, SURVEY_FIELD));
    if (!parsed.ok) {
      const errors: Record<string, string> = {};
      for (const f of Object.keys(parsed.errors))
        errors[SURVEY_FIELD[f as keyof typeof SURVEY_FIELD]] = tr('survey.error.required');
      await ack({ response_action: 'errors', errors: plainErrors(errors) });
      return;
    }
    const meta = readMetadata<SurveyMetadata>(view.private_metadata);
    let result: Awaited<ReturnType<typeof recordSurvey>>;
    try {
      // Bounded so that Slack gets its answer within 3 seconds even while the database is away.
      result = await withDeadline(
        (async () => {
          const ticket = meta.number
            ? await desk.models.Ticket.findOne({ number: meta.number }, { _id: 1 }).lean()
            : null;
          return ticket
            ? recordSurvey(desk, {
                ticketId: ticket._id,
                resolvedAt: Number(meta.resolvedAt),
                by: user,
                answers: parsed.answers,
              })
            : ({ ok: false, reason: 'not_found' } as const);
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
      await ack({ response_action: 'errors', errors: plainErrors({ [SURVEY_FIELD.overall]: text }) });
      return;
    }
    if (!result.ok) {
      await ack({
        response_action: 'errors',
        errors: {
          [SURVEY_FIELD.overall]: tr(`survey.refused.${result.reason}` as MessageKey, {
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
