/**
 * Recording a satisfaction survey (回访): one per resolution. The survey is stored with a
 * conditional update (still resolved by the same resolution, no survey for it yet), so a second
 * submission is refused. Then a good result closes the ticket; dissatisfied or not fully solved
 * reopens it for a second round (reopenTicket tells the owner and the opener; the supervisors are
 * told here).
 */
import type { Types } from 'mongoose';
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { meetClocks } from '../domain/clocks.ts';
import { type SurveyOutcome, surveyOutcome } from '../domain/job-rules.ts';
import { afterCall, callKey, type NoSurveyOutcome } from '../domain/survey.ts';
import { type MessageKey, translator } from '../i18n/index.ts';
import { FOLLOWUP_KINDS, followUpRetrySpec } from '../notices/followup.ts';
import { notify } from '../notices/notify.ts';
import { cancelTasks } from '../outbox/outbox.ts';
import type { TaskRecord } from '../outbox/task-types.ts';
import { clockFields, clocksOf } from './clocks.ts';
import { isDirector, supervisesTicket } from './permissions.ts';
import { reopenTicket } from './reopen.ts';
import { changeTicket, recordOnTicket } from './ticket-change.ts';

export interface SurveyAnswers {
  /** Optional since issue 18: only satisfaction and solved are required. */
  overall?: 'excellent' | 'good' | 'fair' | 'poor';
  satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied';
  /** Each optional (1–5). */
  dimensions: Partial<{
    responseSpeed: number;
    problemSolving: number;
    serviceAttitude: number;
    processClarity: number;
    result: number;
  }>;
  solved: boolean;
  suggestions: string;
}

export type SurveyResult =
  | { ok: true; outcome: SurveyOutcome; number: string }
  | { ok: false; reason: FollowUpRefusal };

type FollowUpRefusal = 'not_found' | 'forbidden' | 'already_recorded' | 'not_resolved';

/**
 * The ticket a follow-up (a survey or a call without one) is recorded on, if this person may record
 * it for this resolution: the opener, the first-contact agent, its supervisors or a director, while
 * the ticket is still resolved by that resolution and nothing was recorded for it yet.
 */
async function followUpTicket(
  desk: Desk,
  req: { ticketId: Types.ObjectId; resolvedAt: number; by: string },
): Promise<{ ok: true; ticket: TicketDoc } | { ok: false; reason: FollowUpRefusal }> {
  const t = await desk.models.Ticket.findById(req.ticketId);
  if (!t) return { ok: false, reason: 'not_found' };
  if (
    req.by !== t.openedBy &&
    req.by !== t.agentId &&
    !supervisesTicket(desk.config, req.by, t) &&
    !isDirector(desk.config, req.by)
  )
    return { ok: false, reason: 'forbidden' };
  if (t.survey?.resolvedAt?.getTime() === req.resolvedAt) return { ok: false, reason: 'already_recorded' };
  if (t.status !== 'resolved' || t.resolvedAt?.getTime() !== req.resolvedAt)
    return { ok: false, reason: 'not_resolved' };
  return { ok: true, ticket: t };
}

export async function recordSurvey(
  desk: Desk,
  req: { ticketId: Types.ObjectId; resolvedAt: number; by: string; answers: SurveyAnswers },
): Promise<SurveyResult> {
  const found = await followUpTicket(desk, req);
  if (!found.ok) return found;
  const t = found.ticket;
  const resolvedAt = new Date(req.resolvedAt);
  const now = desk.clock.now();
  const survey = { resolvedAt, ...req.answers, by: req.by, at: now };
  const outcome = surveyOutcome(req.answers);
  // Owed with the survey: closing or reopening the ticket (a task, so a crash cannot lose it) and
  // the surveyor's confirmation.
  const stored = await recordOnTicket(
    desk,
    t._id,
    { by: req.by, action: 'survey', note: `${req.answers.overall ?? '-'} / ${req.answers.satisfaction}` },
    {
      $set: { survey, ...clockFields(meetClocks(clocksOf(t), ['follow_up'], now)) },
      $push: { surveys: survey },
    },
    { status: 'resolved', resolvedAt, 'survey.resolvedAt': { $ne: resolvedAt } },
    {
      tasks: [
        {
          key: `survey_outcome:${t._id}:${req.resolvedAt}`,
          kind: 'survey_outcome',
          ticketId: t._id,
          dueAt: now,
          payload: { by: req.by, outcome, reason: surveyReason(desk, req.answers) },
        },
      ],
      notices: [
        {
          key: `survey-recorded:${t._id}:${req.resolvedAt}`,
          to: req.by,
          message: outcome === 'close' ? 'survey.recorded.closed' : 'survey.recorded.reopened',
          params: { number: t.number },
        },
      ],
    },
  );
  if (!stored) {
    const latest = await desk.models.Ticket.findById(t._id, { survey: 1 }).lean();
    return {
      ok: false,
      reason: latest?.survey?.resolvedAt?.getTime() === req.resolvedAt ? 'already_recorded' : 'not_resolved',
    };
  }
  await cancelTasks(desk, t._id, FOLLOWUP_KINDS);
  desk.log.info({ ticket: t.number, outcome }, 'survey recorded');
  return { ok: true, outcome, number: t.number };
}

export type CallResult =
  | { ok: true; next: 'retry' | 'end'; attempt: number; number: string }
  | { ok: false; reason: FollowUpRefusal };

/**
 * A follow-up call without a survey (issue 18). Not reached: the attempt is recorded (history and
 * `followUpAttempts`) with the retry DM the next working day, stored in the same update; the pending
 * reminder is dropped (the retry replaces it). Refused, wrong number, or the last unanswered call:
 * recorded, the follow-up clock met, and the ticket closed (never reopened); no survey is stored,
 * so reports count it neither satisfied nor dissatisfied.
 */
export async function recordFollowUpCall(
  desk: Desk,
  req: { ticketId: Types.ObjectId; resolvedAt: number; by: string; outcome: NoSurveyOutcome },
): Promise<CallResult> {
  const found = await followUpTicket(desk, req);
  if (!found.ok) return found;
  const t = found.ticket;
  const mine = (t.followUpAttempts ?? []).filter((a) => a.resolvedAt.getTime() === req.resolvedAt);
  if (mine.some((a) => a.key.endsWith(':final'))) return { ok: false, reason: 'already_recorded' };
  const max = desk.config.followUp.maxAttempts;
  const attempt = mine.length + 1;
  const next = afterCall(req.outcome, attempt, max);
  const key = callKey(req.resolvedAt, req.outcome, attempt, max);
  const now = desk.clock.now();
  const resolvedAt = new Date(req.resolvedAt);
  const note = req.outcome === 'not_reached' ? `not_reached (attempt ${attempt} of ${max})` : req.outcome;
  const retry = next === 'retry' ? followUpRetrySpec(desk, t, attempt, now) : null;
  const stored = await recordOnTicket(
    desk,
    t._id,
    { by: req.by, action: 'survey_attempt', note },
    {
      $push: { followUpAttempts: { key, resolvedAt, attempt, outcome: req.outcome, by: req.by, at: now } },
      ...(next === 'end' ? { $set: clockFields(meetClocks(clocksOf(t), ['follow_up'], now)) } : {}),
    },
    {
      status: 'resolved',
      resolvedAt,
      'survey.resolvedAt': { $ne: resolvedAt },
      'followUpAttempts.key': { $nin: [key, `${req.resolvedAt}:final`] },
    },
    {
      tasks: retry
        ? [retry]
        : [
            {
              key: `survey_outcome:${t._id}:${req.resolvedAt}`,
              kind: 'survey_outcome',
              ticketId: t._id,
              dueAt: now,
              payload: { by: req.by, outcome: 'close', reason: note },
            },
          ],
      notices: [
        retry
          ? {
              key: `survey-call:${t._id}:${key}`,
              to: req.by,
              message: 'survey.recorded.retry',
              params: { number: t.number, attempt, max, untilAt: retry.dueAt.toISOString() },
            }
          : {
              key: `survey-call:${t._id}:${key}`,
              to: req.by,
              message:
                req.outcome === 'not_reached' ? 'survey.recorded.unreachable' : 'survey.recorded.noSurvey',
              params: { number: t.number, max, surveyOutcome: req.outcome },
            },
      ],
    },
  );
  if (!stored) return { ok: false, reason: 'already_recorded' };
  // The reminder of the first DM (and the previous retry) are replaced by the retry, or end here.
  await cancelTasks(desk, t._id, retry ? ['followup', 'followup_reminder'] : FOLLOWUP_KINDS);
  desk.log.info({ ticket: t.number, outcome: req.outcome, attempt, next }, 'follow-up call recorded');
  return { ok: true, next, attempt, number: t.number };
}

/** The survey's answers in words, in the organisation's language (history and reopen notices). */
export function surveyReason(desk: Desk, a: SurveyAnswers): string {
  const org = translator(desk.config.organisation.defaultLanguage);
  return `${org('survey.satisfaction')}: ${org(`survey.satisfaction.${a.satisfaction}` as MessageKey)}; ${org('survey.solved')} ${org(a.solved ? 'survey.solved.yes' : 'survey.solved.no')}${a.suggestions ? `; ${a.suggestions}` : ''}`;
}

/** The `survey_outcome` task: closes or reopens the surveyed ticket. */
export const surveyOutcomeTask = async (desk: Desk, task: TaskRecord): Promise<'done' | 'drop'> => {
  if (!task.ticketId) return 'drop';
  const p = task.payload as { by: string; outcome: SurveyOutcome; reason: string };
  await applySurveyOutcome(desk, task.ticketId, p.by, p.outcome, p.reason);
  return 'done';
};

export async function applySurveyOutcome(
  desk: Desk,
  ticketId: Types.ObjectId,
  by: string,
  outcome: SurveyOutcome,
  /** Why (the survey's answers, in words) for the history and the reopen notices. */
  reason = 'dissatisfied follow-up',
): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (outcome === 'close') {
      const res = await changeTicket(desk, {
        ticketId,
        action: 'close',
        by,
        note: 'survey',
        set: { closedAt: desk.clock.now() },
      });
      if (res.ok || res.reason !== 'conflict') return;
      continue;
    }
    const res = await reopenTicket(desk, { ticketId, by, reason, source: 'survey' });
    if (!res.ok && res.reason === 'conflict') continue;
    if (!res.ok) return;
    const t = res.ticket;
    const dept = desk.config.departments.find((d) => d.id === t.departmentId);
    // The owner (and the opener) are told by reopenTicket; the supervisors are told here.
    const to = (dept?.supervisors ?? []).filter((u) => u !== by);
    const round = t.reopenCount ?? 1;
    await notify(
      desk,
      to.map((u) => ({
        key: `survey-reopen:${t._id}:${round}:${u}`,
        to: u,
        ticketId: t._id,
        message: 'survey.reopened' as const,
        params: { number: t.number, user: by },
      })),
    );
    return;
  }
}
