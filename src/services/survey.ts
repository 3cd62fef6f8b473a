/**
 * Recording a satisfaction survey (回访): one per resolution. The survey is stored with a
 * conditional update (still resolved by the same resolution, no survey for it yet), so a second
 * submission is refused. Then a good result closes the ticket; dissatisfied or not fully solved
 * reopens it for a second round (reopenTicket tells the owner and the opener; the supervisors are
 * told here).
 */
import type { Types } from 'mongoose';
import type { Desk } from '../context.ts';
import { type SurveyOutcome, surveyOutcome } from '../domain/job-rules.ts';
import { notify } from './notify.ts';
import { cancelTasks } from './outbox.ts';
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
  if (req.by !== t.openedBy && !supervisesTicket(desk.config, req.by, t) && !isDirector(desk.config, req.by))
    return { ok: false, reason: 'forbidden' };
  const resolvedAt = new Date(req.resolvedAt);
  if (t.survey?.resolvedAt?.getTime() === req.resolvedAt) return { ok: false, reason: 'already_recorded' };
  if (t.status !== 'resolved' || t.resolvedAt?.getTime() !== req.resolvedAt)
    return { ok: false, reason: 'not_resolved' };
  const now = desk.clock.now();
  const survey = { resolvedAt, ...req.answers, by: req.by, at: now };
  const outcome = surveyOutcome(req.answers);
  const stored = await recordOnTicket(
    desk,
    t._id,
    { by: req.by, action: 'survey', note: `${req.answers.overall} · ${req.answers.satisfaction}` },
    { $set: { survey }, $push: { surveys: survey } },
    { status: 'resolved', resolvedAt, 'survey.resolvedAt': { $ne: resolvedAt } },
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
