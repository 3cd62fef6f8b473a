/**
 * The ticket verbs' side of the customer-facing clocks (src/domain/clocks.ts): which clocks a
 * verb starts, meets or cancels, written as `clocks` + `nextDueAt` in the same update as the change
 * (through changeTicket's `set`), and the pause of the resolution clock while the ticket waits on
 * the customer.
 */
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import {
  type Clock,
  type ClockKind,
  cancelClocks,
  endOfWorkingDate,
  hasOpenClock,
  meetClocks,
  nextDueOf,
  pauseClocks,
  resumeClocks,
  shiftByPause,
  startClock,
  withClocks,
} from '../domain/clocks.ts';
import type { Priority, Urgency } from '../domain/types.ts';

/** The clocks as plain data (the stored subdocuments copied). */
export function clocksOf(t: Pick<TicketDoc, 'clocks'>): Clock[] {
  return (t.clocks ?? []).map((c) => {
    const o =
      typeof (c as { toObject?: () => unknown }).toObject === 'function'
        ? (c as unknown as { toObject: () => Clock }).toObject()
        : (c as unknown as Clock);
    return { ...o };
  });
}

/** The fields that store a set of clocks: the clocks and the next instant one falls due. */
export function clockFields(clocks: Clock[]): { clocks: Clock[]; nextDueAt: Date | null } {
  return { clocks, nextDueAt: nextDueOf(clocks) };
}

const MINUTE = 60_000;

function calendarClock(desk: Desk, kind: ClockKind, start: Date, minutes: number, key?: string): Clock {
  return startClock(
    {
      kind,
      ...(key ? { key } : {}),
      start,
      dueAt: new Date(start.getTime() + minutes * MINUTE),
      basis: 'calendar',
      share: desk.config.clocks.warnAtShare,
    },
    desk.calendar,
  );
}

function workingDaysClock(desk: Desk, kind: ClockKind, start: Date, days: number): Clock {
  return startClock(
    {
      kind,
      start,
      dueAt: desk.calendar.addWorkingDays(start, days),
      basis: 'working',
      share: desk.config.clocks.warnAtShare,
    },
    desk.calendar,
  );
}

/** The first response due: the stricter of the priority's (already in `priorityDue`) and the urgency's window. */
export function firstResponseDue(desk: Desk, openedAt: Date, urgency: Urgency, priorityDue: Date): Date {
  const minutes = desk.config.clocks.urgencyResponseMinutes[urgency];
  const byUrgency = new Date(openedAt.getTime() + minutes * MINUTE);
  return byUrgency.getTime() < priorityDue.getTime() ? byUrgency : priorityDue;
}

/** The clocks of a new ticket: first response; P1 customer contact; the emergency confirmation. */
export function openingClocks(
  desk: Desk,
  o: { openedAt: Date; priority: Priority; urgency: Urgency; responseDueAt: Date },
): Clock[] {
  const cfg = desk.config.clocks;
  const clocks: Clock[] = [
    startClock(
      {
        kind: 'first_response',
        start: o.openedAt,
        dueAt: o.responseDueAt,
        basis: desk.config.serviceLevels[o.priority].basis,
        share: cfg.warnAtShare,
      },
      desk.calendar,
    ),
  ];
  if (cfg.customerContactPriorities.includes(o.priority))
    clocks.push(calendarClock(desk, 'customer_contact', o.openedAt, cfg.customerContactMinutes));
  if (o.priority === 'P1' || o.urgency === 'critical')
    clocks.push(calendarClock(desk, 'emergency', o.openedAt, cfg.emergencyConfirmMinutes));
  return clocks;
}

/**
 * At claim: the plan (1 working day), the first technical findings (faults), the customer progress
 * sync (every 2 working days); the first response is met when a customer contact was recorded.
 * A clock already running (e.g. after a transfer) is kept.
 */
export function claimedClocks(desk: Desk, t: TicketDoc, now: Date): Clock[] {
  const cfg = desk.config.clocks;
  let clocks = clocksOf(t);
  const add: Clock[] = [];
  const fresh = (kind: ClockKind) => !clocks.some((c) => c.kind === kind);
  if (fresh('plan')) add.push(workingDaysClock(desk, 'plan', now, cfg.planWorkingDays));
  if (fresh('findings') && cfg.findingsCategories.includes(t.categoryId))
    add.push(calendarClock(desk, 'findings', now, cfg.findingsMinutes));
  if (!hasOpenClock(clocks, 'progress_sync'))
    add.push(workingDaysClock(desk, 'progress_sync', now, cfg.progressSyncWorkingDays));
  clocks = withClocks(clocks, add);
  if ((t.contacts ?? []).length) clocks = meetClocks(clocks, ['first_response'], now);
  return clocks;
}

/** The next customer progress sync, `progressSyncWorkingDays` after `from`. */
export function progressSyncClock(desk: Desk, from: Date): Clock {
  return workingDaysClock(desk, 'progress_sync', from, desk.config.clocks.progressSyncWorkingDays);
}

/** A cooperating department's due date (end of that working day; or N working days without a date). */
export function collaborationClock(
  desk: Desk,
  departmentId: string,
  dueDate: string | undefined,
  now: Date,
): Clock {
  const dueAt = dueDate
    ? endOfWorkingDate(dueDate, desk.calendar)
    : desk.calendar.addWorkingDays(now, desk.config.clocks.collaborationWorkingDays);
  return startClock(
    {
      kind: 'collaboration',
      key: `collaboration:${departmentId}`,
      start: now,
      dueAt: dueAt.getTime() > now.getTime() ? dueAt : now,
      basis: 'working',
      share: desk.config.clocks.warnAtShare,
      subject: departmentId,
    },
    desk.calendar,
  );
}

/**
 * At resolution: the handling clocks end (met when already answered, else cancelled), the result
 * notice and the satisfaction follow-up start.
 */
export function resolvedClocks(
  desk: Desk,
  t: TicketDoc,
  now: Date,
  notifyDueAt: Date,
  followUpDeadline: Date,
  notifyBasis: 'calendar' | 'working',
): Clock[] {
  const share = desk.config.clocks.warnAtShare;
  let clocks = resumeClocks(clocksOf(t), now, desk.calendar);
  // The first technical findings are in the resolution itself.
  clocks = meetClocks(clocks, ['findings'], now);
  clocks = cancelClocks(clocks, ['plan', 'progress_sync', 'emergency', 'collaboration']);
  return withClocks(clocks, [
    startClock(
      { kind: 'result_notice', start: now, dueAt: notifyDueAt, basis: notifyBasis, share },
      desk.calendar,
    ),
    startClock(
      { kind: 'follow_up', start: now, dueAt: followUpDeadline, basis: 'calendar', share },
      desk.calendar,
    ),
  ]);
}

/** At reopen: the result notice and follow-up of the last round are cancelled; progress syncs again. */
export function reopenedClocks(desk: Desk, t: TicketDoc, now: Date): Clock[] {
  const clocks = cancelClocks(clocksOf(t), ['result_notice', 'follow_up']);
  return withClocks(clocks, [progressSyncClock(desk, now)]);
}

/** Whether a progress stage pauses the resolution clock. */
export function stagePauses(desk: Desk, stageId: string): boolean {
  const stage = desk.config.progressStages.find((s) => s.id === stageId);
  return !!stage?.waitingOnCustomer || desk.config.clocks.pauseStages.includes(stageId);
}

/** The clocks that pause with the resolution clock while waiting on the customer. */
const PAUSING: readonly ClockKind[] = ['progress_sync', 'plan'];

/**
 * The fields that start (`pausing`) or end (`!pausing`) a pause at `now`. Ending moves the
 * resolution due time (and the paused clocks' due times) by the time paused, on the priority's basis,
 * and adds it to `pause.totalMs`. Empty when nothing changes.
 */
export function pauseFields(desk: Desk, t: TicketDoc, pausing: boolean, now: Date, clocks = clocksOf(t)) {
  const since = t.pause?.since ?? null;
  if (pausing && !since) {
    return {
      'pause.since': now,
      ...clockFields(pauseClocks(clocks, PAUSING, now)),
    } as Record<string, unknown>;
  }
  if (!pausing && since) {
    const basis = desk.config.serviceLevels[t.priority as Priority].basis;
    return {
      'pause.since': null,
      'pause.totalMs': (t.pause?.totalMs ?? 0) + Math.max(0, now.getTime() - since.getTime()),
      resolutionDueAt: shiftByPause(t.resolutionDueAt, since, now, basis, desk.calendar),
      // The resolution notices count again (against the moved due time) from the sla job's next run.
      slaCheckAt: now,
      ...clockFields(resumeClocks(clocks, now, desk.calendar)),
    } as Record<string, unknown>;
  }
  return {} as Record<string, unknown>;
}

/** The first-contact agent of a ticket (the opener until handed over). */
export function agentOf(t: Pick<TicketDoc, 'agentId' | 'openedBy'>): string {
  return t.agentId || t.openedBy;
}
