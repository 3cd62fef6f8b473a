/**
 * Pure due-ness rules of the scheduled jobs (nudges, service-level notices, satisfaction
 * follow-up). The business calendar is passed in; no clock, no database.
 *
 * Nudge (domain.md "Handling": owners are nudged when a ticket has had no progress update for
 * 2 working days)
 * - Only claimed, unresolved tickets that are being worked: claimed, in_progress, waiting_customer
 *   (pending_approval waits on the supervisor, not the owner).
 * - Stale when `lastProgressAt` (or `claimedAt` when no progress was posted) is `staleWorkingDays`
 *   or more working days old (`calendar.isOlderThanWorkingDays`): claimed Fri 17:00 → due Tue 17:00.
 * - Only in working time, not while snoozed (`snoozedUntil > now`), at most once per local date
 *   (`lastDay`).
 * - The supervisor is included from the `supervisorFromNudge`-th nudge on (the count of nudges sent
 *   since the last progress update, this one included).
 * Unclaimed reminder: a `new` ticket whose response due time has passed, in working time, once per
 * local date (the caller keys the reminder by date).
 *
 * Service-level notices (kinds `response_warning`, `response_breach`, `resolution_warning`,
 * `resolution_breach`), each sent at most once (the caller records it in `slaNotices`):
 * - response_*: only while unclaimed (`new`); resolution_*: while not resolved/closed.
 * - a warning is due in [warnAt, dueAt): at `share` of the window openedAt → dueAt (of working time
 *   when the level's basis is `working`); once the due time has passed only the breach is sent, so a
 *   run after downtime does not send a stale "due soon".
 * - a breach is due at dueAt or later.
 *
 * Follow-up (回访): every ticket within `withinHours` (24 h, CRM template; complaints the stricter of
 * that and `complaintWithinHours`) of resolution: at the next working time after resolving, but never
 * later than the deadline. An unrecorded follow-up reminds once, the next working day at
 * `nextWorkingDayAt`.
 * Survey outcome: dissatisfied or not fully solved → reopen (second round); otherwise close.
 */
import type { BusinessCalendar, DurationBasis } from './calendar.ts';
import { warningAt } from './sla.ts';

export const NUDGE_STATUSES = ['claimed', 'in_progress', 'waiting_customer'] as const;

export interface NudgeState {
  status: string;
  claimedAt?: Date | null;
  lastProgressAt?: Date | null;
  nudge?: { count?: number | null; lastDay?: string | null; snoozedUntil?: Date | null } | null;
}

export interface NudgeOptions {
  staleWorkingDays: number;
  supervisorFromNudge: number;
}

export type NudgeDecision =
  | { due: true; day: string; count: number; includeSupervisor: boolean }
  | {
      due: false;
      reason: 'not_claimed' | 'outside_working_time' | 'snoozed' | 'already_today' | 'fresh';
    };

/**
 * The one rule for "stale" (nudges and the digests' stale list): a ticket being worked (claimed,
 * in_progress, waiting_customer) whose last progress update, or claim when none was posted, is
 * `staleWorkingDays` or more working days old. Returns that instant when stale, else null.
 */
export function staleSince(
  t: Pick<NudgeState, 'status' | 'claimedAt' | 'lastProgressAt'>,
  now: Date,
  calendar: BusinessCalendar,
  staleWorkingDays: number,
): Date | null {
  const since = t.lastProgressAt ?? t.claimedAt;
  if (!(NUDGE_STATUSES as readonly string[]).includes(t.status) || !since) return null;
  return calendar.isOlderThanWorkingDays(since, now, staleWorkingDays) ? since : null;
}

/** Whether the owner of a ticket is due a nudge at `now` (and whether the supervisor joins in). */
export function nudgeDecision(
  t: NudgeState,
  now: Date,
  calendar: BusinessCalendar,
  opts: NudgeOptions,
): NudgeDecision {
  if (!(NUDGE_STATUSES as readonly string[]).includes(t.status) || !(t.lastProgressAt ?? t.claimedAt))
    return { due: false, reason: 'not_claimed' };
  if (!calendar.isWorkingTime(now)) return { due: false, reason: 'outside_working_time' };
  if (t.nudge?.snoozedUntil && t.nudge.snoozedUntil.getTime() > now.getTime())
    return { due: false, reason: 'snoozed' };
  const day = calendar.localDate(now);
  if (t.nudge?.lastDay === day) return { due: false, reason: 'already_today' };
  if (!staleSince(t, now, calendar, opts.staleWorkingDays)) return { due: false, reason: 'fresh' };
  const count = (t.nudge?.count ?? 0) + 1;
  return { due: true, day, count, includeSupervisor: count >= opts.supervisorFromNudge };
}

/** Whether an unclaimed ticket past its response due time gets today's reminder ('' = no). */
export function unclaimedReminderDay(
  t: { status: string; responseDueAt: Date },
  now: Date,
  calendar: BusinessCalendar,
): string {
  if (t.status !== 'new' || now.getTime() < t.responseDueAt.getTime()) return '';
  if (!calendar.isWorkingTime(now)) return '';
  return calendar.localDate(now);
}

export const SLA_NOTICE_KINDS = [
  'response_warning',
  'response_breach',
  'resolution_warning',
  'resolution_breach',
] as const;
export type SlaNoticeKind = (typeof SLA_NOTICE_KINDS)[number];

export interface SlaState {
  status: string;
  openedAt: Date;
  responseDueAt: Date;
  resolutionDueAt: Date;
  slaNotices?: string[] | null;
  /** While waiting on the customer the resolution clock is paused (its due time moves on resume). */
  pause?: { since?: Date | null } | null;
}

/** The instant of the "due soon" warning for a window, on the level's basis. */
export function slaWarningAt(
  start: Date,
  due: Date,
  share: number,
  basis: DurationBasis,
  calendar: BusinessCalendar,
): Date {
  if (basis !== 'working') return warningAt(start, due, share);
  return warningAt(start, due, share, {
    hoursBetween: (a, b) => calendar.workingMillisBetween(a, b) / 3_600_000,
    add: (t, h) => calendar.addWorkingHours(t, h),
  });
}

/** The service-level notices due at `now` that were not sent yet, in send order. */
export function slaNoticesDue(
  t: SlaState,
  now: Date,
  share: number,
  basis: DurationBasis,
  calendar: BusinessCalendar,
): SlaNoticeKind[] {
  const sent = new Set(t.slaNotices ?? []);
  const out: SlaNoticeKind[] = [];
  const n = now.getTime();
  const check = (kind: 'response' | 'resolution', due: Date) => {
    if (n >= due.getTime()) {
      if (!sent.has(`${kind}_breach`)) out.push(`${kind}_breach`);
    } else if (
      n >= slaWarningAt(t.openedAt, due, share, basis, calendar).getTime() &&
      !sent.has(`${kind}_warning`)
    ) {
      out.push(`${kind}_warning`);
    }
  };
  if (t.status === 'new') check('response', t.responseDueAt);
  if (t.status !== 'resolved' && t.status !== 'closed' && !t.pause?.since)
    check('resolution', t.resolutionDueAt);
  return out;
}

/**
 * The next instant after `now` at which a service-level notice not sent yet falls due (a warning
 * instant or a due instant of the response or resolution window), whatever the status: the `sla`
 * job reads only tickets whose `slaCheckAt` has come, then stores this. Null when every notice was
 * sent. Changes that can make a notice due earlier (transfer, reopen, the end of a pause) set
 * `slaCheckAt` to their own time instead.
 */
export function slaNextCheck(
  t: Omit<SlaState, 'status'>,
  now: Date,
  share: number,
  basis: DurationBasis,
  calendar: BusinessCalendar,
): Date | null {
  const sent = new Set(t.slaNotices ?? []);
  const n = now.getTime();
  let next: number | null = null;
  const consider = (kind: string, at: Date) => {
    const ms = at.getTime();
    if (!sent.has(kind) && ms > n && (next === null || ms < next)) next = ms;
  };
  for (const [kind, due] of [
    ['response', t.responseDueAt],
    ['resolution', t.resolutionDueAt],
  ] as const) {
    consider(`${kind}_warning`, slaWarningAt(t.openedAt, due, share, basis, calendar));
    consider(`${kind}_breach`, due);
  }
  return next === null ? null : new Date(next);
}

export interface FollowUpOptions {
  /** Every ticket is followed up within this many hours of resolution. */
  withinHours: number;
  /** Complaints within this many hours (the stricter of the two applies). */
  complaintWithinHours: number;
}

/**
 * When the satisfaction follow-up of a resolution falls due, and its deadline: within `withinHours`
 * of resolving (complaints: the stricter of that and `complaintWithinHours`), at the next working
 * time after resolving, but never later than the deadline (Friday 15:00 → due at once, by Saturday
 * 15:00; Friday 18:30 → the deadline, Saturday 18:30, before Monday).
 */
export function followUpTimes(
  resolvedAt: Date,
  requestType: string,
  calendar: BusinessCalendar,
  opts: FollowUpOptions,
): { dueAt: Date; deadline: Date } {
  const hours =
    requestType === 'complaint' ? Math.min(opts.withinHours, opts.complaintWithinHours) : opts.withinHours;
  const deadline = new Date(resolvedAt.getTime() + hours * 3_600_000);
  const next = calendar.nextWorkingStart(resolvedAt);
  return { dueAt: next.getTime() > deadline.getTime() ? deadline : next, deadline };
}

/** The one reminder of an unrecorded follow-up: the next working day after it was sent, at the set time. */
export function followUpReminderAt(sentAt: Date, calendar: BusinessCalendar, time: string): Date {
  return calendar.nextWorkingDayAt(sentAt, time);
}

export const OVERALL_RATINGS = ['excellent', 'good', 'fair', 'poor'] as const;
export const SATISFACTION = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export const SURVEY_DIMENSIONS = [
  'responseSpeed',
  'problemSolving',
  'serviceAttitude',
  'processClarity',
  'result',
] as const;
/** Each dimension is rated 1–5 (5 best). */
export const DIMENSION_SCORES = ['5', '4', '3', '2', '1'] as const;

export type SurveyOutcome = 'close' | 'reopen';

/** Dissatisfied or not fully solved starts a second round of handling; anything else closes. */
export function surveyOutcome(s: { satisfaction: string; solved: boolean }): SurveyOutcome {
  return s.satisfaction === 'dissatisfied' || !s.solved ? 'reopen' : 'close';
}
