/**
 * Satisfaction follow-up (回访, the `followup` job).
 * - Resolving schedules the follow-up of that resolution (resolve-hooks.ts calls scheduleFollowUp;
 *   the job's plan also sweeps recently resolved tickets, so one lost to a crash is caught up): complaints within `followUp.complaintWithinHours`, others the next working
 *   day at `followUp.nextWorkingDayAt` (src/domain/job-rules.ts).
 * - When due, the first-contact agent (or, where `followUp.requestersAreSlackUsers`, the requester,
 *   i.e. the opener) gets a DM with a Record button that opens the survey.
 * - Unrecorded, it reminds once the next working day. Reopening cancels both (reopen.ts), and each is
 *   dropped at send time when the ticket is no longer resolved by that resolution or the survey exists.
 * Keys: `followup:<ticket>:<resolvedAt ms>` and `followup_reminder:<ticket>:<resolvedAt ms>`.
 */
import type { Types } from 'mongoose';
import { ACTION } from '../../blocks/ids.ts';
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { followUpReminderAt, followUpTimes } from '../domain/job-rules.ts';
import type { TaskContext } from '../outbox/task-types.ts';
import {
  type NoticeCheck,
  type NoticePayload,
  noticeHandler,
  planNotices,
  previewDue,
} from './scheduled-notice.ts';

export const FOLLOWUP_KINDS = ['followup', 'followup_reminder', 'followup_retry'];
/** How far back the plan looks for resolutions without a scheduled follow-up. */
const SWEEP_DAYS = 14;

type Resolved = Pick<TicketDoc, '_id' | 'number' | 'status' | 'openedBy' | 'requestType' | 'resolvedAt'> & {
  agentId?: string | null;
};

/** Button value of Record: `<ticket number>|<resolvedAt ms>` (one survey per resolution). */
export function surveyButtonValue(number: string, resolvedAt: Date): string {
  return `${number}|${resolvedAt.getTime()}`;
}

function followUpPayload(desk: Desk, t: Resolved, reminder: boolean, deadline: Date): NoticePayload {
  const direct = desk.config.followUp.requestersAreSlackUsers;
  const message = direct
    ? reminder
      ? 'followup.requester.reminder'
      : 'followup.requester'
    : reminder
      ? 'followup.agent.reminder'
      : 'followup.agent';
  return {
    // The first-contact agent (the opener until handed over), or the requester (the opener).
    to: direct ? t.openedBy : t.agentId || t.openedBy,
    message,
    params: { number: t.number, deadlineAt: deadline.toISOString() },
    inThread: false,
    buttons: [['followup.button.record', ACTION.survey, surveyButtonValue(t.number, t.resolvedAt!)]],
    check: { resolvedAt: t.resolvedAt!.getTime() },
  };
}

function specFor(desk: Desk, t: Resolved) {
  const times = followUpTimes(t.resolvedAt!, t.requestType, desk.calendar, desk.config.followUp);
  return {
    key: `followup:${t._id}:${t.resolvedAt!.getTime()}`,
    kind: 'followup',
    ticketId: t._id as Types.ObjectId,
    dueAt: times.dueAt,
    payload: followUpPayload(desk, t, false, times.deadline),
  };
}

/** Schedules the follow-up of the ticket's current resolution (idempotent). */
export async function scheduleFollowUp(desk: Desk, t: Resolved, ctx?: TaskContext): Promise<number> {
  if (t.status !== 'resolved' || !t.resolvedAt) return 0;
  return planNotices(desk, ctx ?? { now: desk.clock.now() }, [specFor(desk, t)]);
}

/** The job's plan: catch up resolutions without a follow-up; in a dry run, list what is due. */
export async function planFollowUps(desk: Desk, ctx: TaskContext): Promise<number> {
  const since = new Date(ctx.now.getTime() - SWEEP_DAYS * 86_400_000);
  const resolved = await desk.models.Ticket.find(
    { status: 'resolved', resolvedAt: { $gte: since, $lte: ctx.now } },
    { number: 1, status: 1, openedBy: 1, agentId: 1, requestType: 1, resolvedAt: 1, survey: 1 },
  );
  let planned = 0;
  for (const t of resolved) {
    if (t.survey?.resolvedAt?.getTime() === t.resolvedAt?.getTime()) continue;
    if (ctx.dryRun) continue;
    planned += await scheduleFollowUp(desk, t, ctx);
  }
  if (ctx.dryRun) planned += await previewDue(desk, FOLLOWUP_KINDS, ctx);
  return planned;
}

/** Still resolved by the same resolution, not surveyed yet and not ended without a survey (refused…). */
const stillOpen: NoticeCheck = (_desk, t, p) =>
  t.status === 'resolved' &&
  t.resolvedAt?.getTime() === Number(p.check?.resolvedAt) &&
  t.survey?.resolvedAt?.getTime() !== t.resolvedAt?.getTime() &&
  !(t.followUpAttempts ?? []).some(
    (a) => a.resolvedAt.getTime() === t.resolvedAt?.getTime() && a.key.endsWith(':final'),
  );

/**
 * The retry after an unanswered call (issue 18): the same DM ("try again", with the attempts so
 * far) the next working day at `followUp.nextWorkingDayAt`, to be made by the end of that working day.
 * Stored with the recorded attempt (src/tickets/survey.ts), sent by the followup job.
 */
export function followUpRetrySpec(
  desk: Desk,
  t: Resolved,
  attempt: number,
  now: Date,
): { key: string; kind: string; ticketId: Types.ObjectId; dueAt: Date; payload: Record<string, unknown> } {
  const { calendar, config } = desk;
  const dueAt = followUpReminderAt(now, calendar, config.followUp.nextWorkingDayAt);
  const deadline = calendar.nextWorkingDayAt(now, calendar.spec.workingHours.end);
  const base = followUpPayload(desk, t, true, deadline);
  const payload: NoticePayload = {
    ...base,
    message: 'followup.agent.retry',
    params: { ...base.params, attempt, max: config.followUp.maxAttempts },
  };
  return {
    key: `followup_retry:${t._id}:${t.resolvedAt!.getTime()}:${attempt}`,
    kind: 'followup_retry',
    ticketId: t._id as Types.ObjectId,
    dueAt,
    payload: payload as unknown as Record<string, unknown>,
  };
}

/** After the follow-up went out: its one reminder, the next working day. */
const scheduleReminder: NoticeCheck = async (desk, t, p, ctx) => {
  const at = followUpReminderAt(ctx.now, desk.calendar, desk.config.followUp.nextWorkingDayAt);
  await planNotices(desk, { now: ctx.now }, [
    {
      key: `followup_reminder:${t._id}:${t.resolvedAt!.getTime()}`,
      kind: 'followup_reminder',
      ticketId: t._id as Types.ObjectId,
      dueAt: at,
      payload: {
        ...p,
        message: desk.config.followUp.requestersAreSlackUsers
          ? 'followup.requester.reminder'
          : 'followup.agent.reminder',
      },
    },
  ]);
  return true;
};

export const followUpTask = noticeHandler(stillOpen, scheduleReminder);
export const followUpReminderTask = noticeHandler(stillOpen);
export const followUpRetryTask = noticeHandler(stillOpen);
