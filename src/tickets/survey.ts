/**
 * Recording a satisfaction survey (回访): one per resolution. The survey is stored with a
 * conditional update (still resolved by the same resolution, no survey for it yet), so a second
 * submission is refused. Then a good result closes the ticket; dissatisfied or not fully solved
 * reopens it for a second round (reopenTicket tells the owner and the opener; the supervisors are
 * told here).
 */
import type { Types } from 'mongoose';
import type { Desk } from '../context.ts';
import { meetClocks } from '../domain/clocks.ts';
import { type SurveyOutcome, surveyOutcome } from '../domain/job-rules.ts';
import { type MessageKey, translator } from '../i18n/index.ts';
import { notify } from '../notices/notify.ts';
import { cancelTasks } from '../outbox/outbox.ts';
import type { TaskRecord } from '../outbox/task-types.ts';
import { clockFields, clocksOf } from './clocks.ts';
import { isDirector, supervisesTicket } from './permissions.ts';
import { reopenTicket } from './reopen.ts';
import { changeTicket, recordOnTicket } from './ticket-change.ts';

export interface SurveyAnswers {
  overall: 'excellent' | 'good' | 'fair' | 'poor';
  satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied';
  dimensions: {
    responseSpeed: number;
    problemSolving: number;
    serviceAttitude: number;
    processClarity: number;
    result: number;
  };
  solved: boolean;
  suggestions: string;
}

export type SurveyResult =
  | { ok: true; outcome: SurveyOutcome; number: string }
  | { ok: false; reason: 'not_found' | 'forbidden' | 'already_recorded' | 'not_resolved' };

export async function recordSurvey(
  desk: Desk,
  req: { ticketId: Types.ObjectId; resolvedAt: number; by: string; answers: SurveyAnswers },
): Promise<SurveyResult> {
  const t = await desk.models.Ticket.findById(req.ticketId);
  if (!t) return { ok: false, reason: 'not_found' };
  if (
    req.by !== t.openedBy &&
    req.by !== t.agentId &&
    !supervisesTicket(desk.config, req.by, t) &&
    !isDirector(desk.config, req.by)
  )
    return { ok: false, reason: 'forbidden' };
  const resolvedAt = new Date(req.resolvedAt);
  if (t.survey?.resolvedAt?.getTime() === req.resolvedAt) return { ok: false, reason: 'already_recorded' };
  if (t.status !== 'resolved' || t.resolvedAt?.getTime() !== req.resolvedAt)
    return { ok: false, reason: 'not_resolved' };
  const now = desk.clock.now();
  const survey = { resolvedAt, ...req.answers, by: req.by, at: now };
  const outcome = surveyOutcome(req.answers);
  // Owed with the survey: closing or reopening the ticket (a task, so a crash cannot lose it) and
  // the surveyor's confirmation.
  const stored = await recordOnTicket(
    desk,
    t._id,
    { by: req.by, action: 'survey', note: `${req.answers.overall} · ${req.answers.satisfaction}` },
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
  await cancelTasks(desk, t._id, ['followup', 'followup_reminder']);
  desk.log.info({ ticket: t.number, outcome }, 'survey recorded');
  return { ok: true, outcome, number: t.number };
}

/** Applies a recorded survey's outcome: close, or reopen and tell the owner and the supervisors. */
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
