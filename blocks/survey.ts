/**
 * The satisfaction survey modal (回访). Issue 18: the call's outcome comes first (reached / not
 * reached / refused / wrong number, radio buttons); when reached only satisfaction and "fully
 * solved" are required (checked on submit, as Slack cannot make a field depend on another), the
 * overall rating 优/良/中/差, the five dimensions of domain.md rated 1–5 and suggestions optional.
 * When the requester answers directly there is no call, so no outcome. Labels in the surveyor's language.
 */
import type { KnownBlock, View } from '@slack/types';
import {
  DIMENSION_SCORES,
  OVERALL_RATINGS,
  SATISFACTION,
  SURVEY_DIMENSIONS,
} from '../src/domain/job-rules.ts';
import { CALL_OUTCOMES } from '../src/domain/survey.ts';
import type { MessageKey, Translate } from '../src/i18n/index.ts';
import { context, option, plain, radioInput, section, selectInput, textInput } from './elements.ts';
import { CALLBACK, SURVEY_FIELD } from './ids.ts';

/** Carried through the modal in private_metadata. */
export interface SurveyMetadata {
  number: string;
  /** The resolution surveyed (resolvedAt in ms). */
  resolvedAt: number;
}

export function surveyModal(tr: Translate, meta: SurveyMetadata, direct: boolean): View {
  const scores = DIMENSION_SCORES.map((s) => option(s, tr(`survey.score.${s}` as MessageKey)));
  const whenReached = direct ? undefined : tr('survey.requiredWhenReached');
  const blocks: KnownBlock[] = [
    section(tr(direct ? 'survey.intro.requester' : 'survey.intro.agent', { number: meta.number })),
    ...(direct
      ? []
      : [
          radioInput({
            blockId: SURVEY_FIELD.outcome,
            label: tr('survey.outcome'),
            options: CALL_OUTCOMES.map((o) => option(o, tr(`survey.outcome.${o}` as MessageKey))),
          }),
        ]),
    // Required when reached: checked on submit (optional to Slack so the other outcomes need nothing).
    selectInput({
      blockId: SURVEY_FIELD.satisfaction,
      label: tr('survey.satisfaction'),
      options: SATISFACTION.map((r) => option(r, tr(`survey.satisfaction.${r}` as MessageKey))),
      optional: true,
      ...(whenReached ? { hint: whenReached } : {}),
    }),
    radioInput({
      blockId: SURVEY_FIELD.solved,
      label: tr('survey.solved'),
      options: [option('yes', tr('survey.solved.yes')), option('no', tr('survey.solved.no'))],
      optional: true,
      ...(whenReached ? { hint: whenReached } : {}),
    }),
    selectInput({
      blockId: SURVEY_FIELD.overall,
      label: tr('survey.overall'),
      options: OVERALL_RATINGS.map((r) => option(r, tr(`survey.overall.${r}` as MessageKey))),
      optional: true,
    }),
    ...SURVEY_DIMENSIONS.map((d) =>
      selectInput({
        blockId: SURVEY_FIELD[d],
        label: tr(`survey.dimension.${d}` as MessageKey),
        options: scores,
        optional: true,
      }),
    ),
    textInput({
      blockId: SURVEY_FIELD.suggestions,
      label: tr('survey.suggestions'),
      optional: true,
      multiline: true,
      maxLength: 2000,
    }),
    context([tr('survey.footer')]),
  ];
  return {
    type: 'modal',
    callback_id: CALLBACK.survey,
    private_metadata: JSON.stringify(meta),
    title: plain(tr('survey.title'), 24),
    submit: plain(tr('survey.submit'), 24),
    close: plain(tr('survey.close'), 24),
    blocks,
  };
}
