/**
 * The customer-facing clocks (domain.md "The customer-facing clocks"): one timer model for every
 * promise the procedures make. Pure: the business calendar is passed in, no clock, no database.
 *
 * A clock has a kind, a key (unique on its ticket: the kind, or `collaboration:<department>`), a
 * start, a due instant, a warning instant and a state:
 * - `running`: counting; warned once at `warnAt` (`warnedAt` set), breached once at `dueAt`
 *   (`breachedAt` set, state `breached`);
 * - `paused`: not counting (waiting on the customer); on resume its due and warning instants move
 *   by the paused time (elapsed time for calendar clocks, working time for working-day clocks);
 * - `met`: the action that answers it happened (`metAt`); on time when `metAt <= dueAt`, and a clock
 *   met after its breach is met late;
 * - `cancelled`: the ticket no longer owes it (resolved before the plan was made, reopened before
 *   the follow-up…); not counted in on-time rates.
 *
 * The ticket stores `nextDueAt`: the earliest instant at which anything about its clocks falls due
 * (an unsent warning or an unsent breach of a running clock), or null when nothing will. The
 * `clocks` job reads only tickets with `nextDueAt <= now`.
 */
import type { BusinessCalendar, DurationBasis } from './calendar.ts';
import { slaWarningAt } from './job-rules.ts';

export const CLOCK_KINDS = [
  'first_response',
  'customer_contact',
  'emergency',
  'plan',
  'findings',
  'progress_sync',
  'result_notice',
  'follow_up',
  'collaboration',
] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

export const CLOCK_STATES = ['running', 'paused', 'met', 'breached', 'cancelled'] as const;
export type ClockState = (typeof CLOCK_STATES)[number];

/** How a customer was contacted. */
export const CONTACT_METHODS = ['phone', 'sms', 'email', 'wechat', 'in_person', 'other'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];
/** Whether the customer accepted the plan or result (客户确认); `na`: informed only. */
export const CONTACT_ACCEPTED = ['yes', 'no', 'na'] as const;
export type ContactAccepted = (typeof CONTACT_ACCEPTED)[number];

/**
 * The clocks a recorded contact meets: the P1 contact and the progress sync always; the first
 * response once the ticket is claimed (claim plus contact); the result notice after resolution
 * unless the customer did not accept the result (then it keeps running and the contact is flagged).
 */
export function contactMeets(o: {
  claimed: boolean;
  resolved: boolean;
  accepted: ContactAccepted;
}): ClockKind[] {
  const out: ClockKind[] = ['customer_contact', 'progress_sync'];
  if (o.claimed) out.push('first_response');
  if (o.resolved && o.accepted !== 'no') out.push('result_notice');
  return out;
}

/** The clocks a recorded customer contact answers (result_notice only when the customer accepted). */
export const CONTACT_ANSWERS: readonly ClockKind[] = [
  'customer_contact',
  'first_response',
  'progress_sync',
  'result_notice',
];

/** Clocks that end when the ticket is resolved (they time the handling). */
export const HANDLING_CLOCKS: readonly ClockKind[] = [
  'first_response',
  'customer_contact',
  'emergency',
  'plan',
  'findings',
  'progress_sync',
  'collaboration',
];

/** Clocks that start at resolution (a reopen cancels them). */
export const RESOLVED_CLOCKS: readonly ClockKind[] = ['result_notice', 'follow_up'];

type Maybe<T> = T | null | undefined;

export interface Clock {
  kind: ClockKind;
  key: string;
  start: Date;
  dueAt: Date;
  warnAt: Date;
  state: ClockState;
  basis: DurationBasis;
  metAt?: Maybe<Date>;
  warnedAt?: Maybe<Date>;
  breachedAt?: Maybe<Date>;
  pausedAt?: Maybe<Date>;
  /** Milliseconds paused so far (elapsed time). */
  pausedMs?: Maybe<number>;
  /** Who the clock's notices name besides the owner (e.g. the cooperating department). */
  subject?: Maybe<string>;
}

/** A new running clock with its warning at `share` of the window (of working time on a working basis). */
export function startClock(
  o: {
    kind: ClockKind;
    key?: string;
    start: Date;
    dueAt: Date;
    basis: DurationBasis;
    share: number;
    subject?: string;
  },
  calendar: BusinessCalendar,
): Clock {
  return {
    kind: o.kind,
    key: o.key ?? o.kind,
    start: o.start,
    dueAt: o.dueAt,
    warnAt: slaWarningAt(o.start, o.dueAt, o.share, o.basis, calendar),
    state: 'running',
    basis: o.basis,
    pausedMs: 0,
    ...(o.subject ? { subject: o.subject } : {}),
  };
}

/** Counting or already breached, and not met: the action that answers it is still owed. */
export function isOpenClock(c: Pick<Clock, 'state'>): boolean {
  return c.state === 'running' || c.state === 'breached' || c.state === 'paused';
}

/** The next instant anything about these clocks falls due, or null. */
export function nextDueOf(clocks: readonly Clock[]): Date | null {
  let next: number | null = null;
  for (const c of clocks) {
    if (c.state !== 'running') continue;
    const at = c.warnedAt ? c.dueAt.getTime() : Math.min(c.warnAt.getTime(), c.dueAt.getTime());
    if (next === null || at < next) next = at;
  }
  return next === null ? null : new Date(next);
}

export interface ClockEvent {
  key: string;
  kind: ClockKind;
  event: 'warning' | 'breach';
}

/**
 * What is due at `now`: a breach once the due instant is reached (then no stale warning is sent),
 * else a warning once the warning instant is reached. Each at most once (`warnedAt`, `breachedAt`).
 */
export function dueEvents(clocks: readonly Clock[], now: Date): ClockEvent[] {
  const n = now.getTime();
  const out: ClockEvent[] = [];
  for (const c of clocks) {
    if (c.state !== 'running') continue;
    if (n >= c.dueAt.getTime()) {
      if (!c.breachedAt) out.push({ key: c.key, kind: c.kind, event: 'breach' });
    } else if (n >= c.warnAt.getTime() && !c.warnedAt) {
      out.push({ key: c.key, kind: c.kind, event: 'warning' });
    }
  }
  return out;
}

/** Marks the events as told at `now` (a breach also marks the warning as past). */
export function markEvents(clocks: readonly Clock[], events: readonly ClockEvent[], now: Date): Clock[] {
  return clocks.map((c) => {
    const mine = events.filter((e) => e.key === c.key);
    if (!mine.length) return c;
    const next = { ...c };
    for (const e of mine) {
      if (e.event === 'breach') {
        next.breachedAt = now;
        next.warnedAt = next.warnedAt ?? now;
        next.state = 'breached';
      } else next.warnedAt = now;
    }
    return next;
  });
}

function select(c: Clock, which: readonly string[]): boolean {
  return which.includes(c.key) || which.includes(c.kind);
}

/** Meets the open clocks named (by key or kind) at `now`. */
export function meetClocks(clocks: readonly Clock[], which: readonly string[], now: Date): Clock[] {
  return clocks.map((c) =>
    isOpenClock(c) && select(c, which) ? { ...c, state: 'met' as const, metAt: now, pausedAt: null } : c,
  );
}

/** Cancels the open clocks named (by key or kind). */
export function cancelClocks(clocks: readonly Clock[], which: readonly string[]): Clock[] {
  return clocks.map((c) =>
    isOpenClock(c) && select(c, which) ? { ...c, state: 'cancelled' as const, pausedAt: null } : c,
  );
}

/** Adds clocks, replacing open ones with the same key (a restarted clock). */
export function withClocks(clocks: readonly Clock[], added: readonly Clock[]): Clock[] {
  const keys = new Set(added.map((c) => c.key));
  return [...clocks.filter((c) => !(keys.has(c.key) && isOpenClock(c))), ...added];
}

/** Whether an open clock with this key (or kind) exists. */
export function hasOpenClock(clocks: readonly Clock[], which: string): boolean {
  return clocks.some((c) => isOpenClock(c) && (c.key === which || c.kind === which));
}

/** Pauses the running clocks named at `now`. */
export function pauseClocks(clocks: readonly Clock[], which: readonly string[], now: Date): Clock[] {
  return clocks.map((c) =>
    c.state === 'running' && select(c, which) ? { ...c, state: 'paused' as const, pausedAt: now } : c,
  );
}

/**
 * `due` moved by the time paused between `from` and `to`: elapsed time on a calendar basis,
 * working time on a working basis (a pause over a weekend moves a working-day clock by the
 * working hours of the pause only).
 */
export function shiftByPause(
  due: Date,
  from: Date,
  to: Date,
  basis: DurationBasis,
  calendar: BusinessCalendar,
): Date {
  const paused = Math.max(0, to.getTime() - from.getTime());
  if (basis !== 'working') return new Date(due.getTime() + paused);
  const working = calendar.workingMillisBetween(from, to);
  return working > 0 ? calendar.addWorkingHours(due, working / 3_600_000) : new Date(due);
}

/** Resumes the paused clocks at `now`: their due and warning instants move by the paused time. */
export function resumeClocks(clocks: readonly Clock[], now: Date, calendar: BusinessCalendar): Clock[] {
  return clocks.map((c) => {
    if (c.state !== 'paused' || !c.pausedAt) return c;
    const from = c.pausedAt;
    return {
      ...c,
      state: 'running' as const,
      dueAt: shiftByPause(c.dueAt, from, now, c.basis, calendar),
      warnAt: shiftByPause(c.warnAt, from, now, c.basis, calendar),
      pausedAt: null,
      pausedMs: (c.pausedMs ?? 0) + Math.max(0, now.getTime() - from.getTime()),
    };
  });
}

/** A clock's outcome for the on-time rates: on time, late, or not decided yet (null). */
export function clockOnTime(c: Pick<Clock, 'state' | 'metAt' | 'dueAt' | 'breachedAt'>): boolean | null {
  if (c.state === 'met' && c.metAt) return c.metAt.getTime() <= c.dueAt.getTime();
  if (c.state === 'breached' || c.breachedAt) return false;
  return null;
}

/**
 * The end of working time on a local date (a collaboration's "needed by" date); a date that is not
 * worked gives the start of the next working period after it.
 */
export function endOfWorkingDate(date: string, calendar: BusinessCalendar): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // Noon UTC of that date falls on that local date in every zone from UTC-11 to UTC+11.
  const noon = new Date(Date.UTC(y, m - 1, d, 12));
  const dayBefore = new Date(noon.getTime() - 86_400_000);
  const { start, end } = calendar.spec.workingHours;
  const first = calendar.nextWorkingDayAt(dayBefore, start);
  if (calendar.localDate(first) !== date) return first;
  const minutes = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));
  return calendar.addWorkingHours(first, (minutes(end) - minutes(start)) / 60);
}
