/**
 * Business calendar: working days and working time in the organisation's timezone.
 *
 * Rules
 * - Every "day" is a civil date in `spec.timezone`; instants are JS `Date`s (absolute time).
 * - A date is a working day unless it is a holiday. Holidays win over everything (also over
 *   a make-up day listing the same date); a make-up workday (调休) makes a weekend date a
 *   working day; otherwise weekdays not in `weekendDays` (ISO 1=Mon..7=Sun) are working days.
 * - Working time on a working day is the half-open local interval [start, end). Lunch is not
 *   modelled, overnight shifts (end <= start) are not supported. Wall-clock times are mapped to
 *   instants with the zone's rules, so DST days are handled (a time inside a DST gap moves forward).
 * - Working time is measured in milliseconds of working time; `addWorkingHours(t, h)` is the
 *   earliest instant u >= t with `workingMillisBetween(t, u) >= h` (so it may land exactly on the
 *   end of a working period, e.g. Fri 16:00 + 2 h = Fri 18:00; with h = 0 it returns t).
 * - `addWorkingDays(t, n)` first clamps t to `nextWorkingStart(t)` (a start outside working time
 *   counts from the next working-time start), then moves to the n-th working day after that
 *   date, keeping the same offset from the start of working hours (= same local time of day).
 *   Fri 17:00 + 2 = Tue 17:00 (for 09–18, Mon–Fri); `isOlderThanWorkingDays(since, now, n)` is
 *   `now >= addWorkingDays(since, n)` and `workingDaysBetween(a, b)` is the largest k with
 *   `addWorkingDays(a, k) <= b` (0 when b precedes it).
 * - Searches for the next working day give up with an Error after 3660 consecutive days without
 *   one (e.g. a spec where every weekday is a weekend), instead of looping forever.
 * All functions are pure (a per-calendar cache of day boundaries is an internal detail).
 */
import { DateTime, IANAZone } from 'luxon';

export interface CalendarSpec {
  /** IANA timezone, e.g. 'Asia/Shanghai'. */
  timezone: string;
  /** Local 'HH:mm' working hours, e.g. { start: '09:00', end: '18:00' } (lunch break not modelled). */
  workingHours: { start: string; end: string };
  /** ISO weekday numbers 1=Mon..7=Sun, e.g. [6, 7]. */
  weekendDays: number[];
  /** 'YYYY-MM-DD' dates that are not worked. */
  holidays: string[];
  /** 'YYYY-MM-DD' weekend dates that ARE worked (调休). */
  makeupWorkdays: string[];
}

export interface LocalParts {
  /** 'YYYY-MM-DD' */
  date: string;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** ISO weekday 1=Mon..7=Sun */
  weekday: number;
}

export type DurationBasis = 'calendar' | 'working';

export interface BusinessCalendar {
  readonly spec: Readonly<CalendarSpec>;
  isWorkingDay(date: Date | string): boolean;
  isWorkingTime(instant: Date): boolean;
  localDate(instant: Date): string;
  localParts(instant: Date): LocalParts;
  addWorkingDays(instant: Date, n: number): Date;
  addWorkingHours(instant: Date, hours: number): Date;
  workingMillisBetween(a: Date, b: Date): number;
  workingDaysBetween(a: Date, b: Date): number;
  isOlderThanWorkingDays(since: Date, now: Date, n: number): boolean;
  nextWorkingDayAt(instant: Date, time: string): Date;
  nextWorkingStart(instant: Date): Date;
  add(instant: Date, duration: { hours: number; basis: DurationBasis }): Date;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Give up after this many consecutive days without a working day. */
export const MAX_SEARCH_DAYS = 3660;
const CACHE_LIMIT = 20_000;

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface DayInfo {
  working: boolean;
  /** Working period [start, end) as epoch ms; meaningful only when `working`. */
  start: number;
  end: number;
}

function parseTime(value: string, what: string): { hour: number; minute: number } {
  const m = TIME_RE.exec(value);
  if (!m) throw new Error(`calendar: ${what} must be 'HH:mm' (00:00–23:59), got '${value}'`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** Civil date → day number (days since 1970-01-01), validating the date. */
function parseDate(value: string, what: string): number {
  const m = DATE_RE.exec(value);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || Number.isNaN(ms) || dayToIso(ms / DAY_MS) !== value) {
    throw new Error(`calendar: ${what} must be a valid 'YYYY-MM-DD' date, got '${value}'`);
  }
  return ms / DAY_MS;
}

function dayToIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday (1=Mon..7=Sun) of a day number. */
function isoWeekday(day: number): number {
  return ((new Date(day * DAY_MS).getUTCDay() + 6) % 7) + 1;
}

function toMs(instant: Date, what = 'instant'): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new Error(`calendar: ${what} must be a valid Date`);
  return ms;
}

function checkCount(n: number, what: string, integer: boolean): void {
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`calendar: ${what} must be a ${integer ? 'non-negative integer' : 'finite number >= 0'}`);
  }
}

export function createCalendar(spec: CalendarSpec): BusinessCalendar {
  if (!IANAZone.isValidZone(spec.timezone)) throw new Error(`calendar: unknown timezone '${spec.timezone}'`);
  const zone = IANAZone.create(spec.timezone);
  const start = parseTime(spec.workingHours.start, 'workingHours.start');
  const end = parseTime(spec.workingHours.end, 'workingHours.end');
  if (end.hour * 60 + end.minute <= start.hour * 60 + start.minute) {
    throw new Error(
      'calendar: workingHours.end must be after workingHours.start (overnight hours unsupported)',
    );
  }
  for (const d of spec.weekendDays) {
    if (!Number.isInteger(d) || d < 1 || d > 7)
      throw new Error(`calendar: weekendDays must be 1..7, got ${d}`);
  }
  const weekend = new Set(spec.weekendDays);
  const holidays = new Set(spec.holidays.map((d) => parseDate(d, 'holidays[]')));
  const makeup = new Set(spec.makeupWorkdays.map((d) => parseDate(d, 'makeupWorkdays[]')));
  const frozenSpec: Readonly<CalendarSpec> = Object.freeze({
    timezone: spec.timezone,
    workingHours: Object.freeze({ ...spec.workingHours }),
    weekendDays: Object.freeze([...spec.weekendDays]) as number[],
    holidays: Object.freeze([...spec.holidays]) as string[],
    makeupWorkdays: Object.freeze([...spec.makeupWorkdays]) as string[],
  });

  const cache = new Map<number, DayInfo>();

  const isWorkingDayNum = (day: number): boolean =>
    !holidays.has(day) && (makeup.has(day) || !weekend.has(isoWeekday(day)));

  /** Local wall-clock time on a civil day → epoch ms (DST-aware via luxon). */
  const wallToMs = (day: number, time: { hour: number; minute: number }): number => {
    const d = new Date(day * DAY_MS);
    return DateTime.fromObject(
      { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), ...time },
      { zone },
    ).toMillis();
  };

  const info = (day: number): DayInfo => {
    let hit = cache.get(day);
    if (!hit) {
      hit = isWorkingDayNum(day)
        ? { working: true, start: wallToMs(day, start), end: wallToMs(day, end) }
        : { working: false, start: 0, end: 0 };
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(day, hit);
    }
    return hit;
  };

  /** Local civil day number of an instant. */
  const dayOf = (ms: number): number => Math.floor((ms + zone.offset(ms) * 60_000) / DAY_MS);

  /** First working day strictly after `day`. */
  const nextWorkingDayNum = (day: number): number => {
    for (let d = day + 1; d <= day + MAX_SEARCH_DAYS; d++) if (isWorkingDayNum(d)) return d;
    throw new Error(
      `calendar: no working day within ${MAX_SEARCH_DAYS} days after ${dayToIso(day)} (check weekendDays/holidays)`,
    );
  };

  /** `ms` itself when in working time, else the start of the next working period. */
  const nextStartMs = (ms: number): number => {
    const day = dayOf(ms);
    const today = info(day);
    if (today.working && ms < today.end) return Math.max(ms, today.start);
    return info(nextWorkingDayNum(day)).start;
  };

  /** Instant at the same offset into the working period as `s` (a working-time instant), `n` working days on. */
  const shiftWorkingDays = (s: number, n: number): number => {
    const from = dayOf(s);
    const offset = s - info(from).start;
    let day = from;
    for (let i = 0; i < n; i++) day = nextWorkingDayNum(day);
    const target = info(day);
    return Math.min(target.start + offset, target.end);
  };

  const workingMillis = (a: number, b: number): number => {
    if (b <= a) return 0;
    let total = 0;
    for (let day = dayOf(a), last = dayOf(b); day <= last; day++) {
      const d = info(day);
      if (d.working) total += Math.max(0, Math.min(b, d.end) - Math.max(a, d.start));
    }
    return total;
  };

  const addWorkingMs = (from: number, amount: number): number => {
    let remaining = amount;
    let cur = from;
    let idle = 0;
    for (let day = dayOf(from); remaining > 0; day++) {
      const d = info(day);
      const begin = Math.max(cur, d.start);
      if (d.working && begin < d.end) {
        idle = 0;
        if (remaining <= d.end - begin) return begin + remaining;
        remaining -= d.end - begin;
        cur = d.end;
      } else if (++idle > MAX_SEARCH_DAYS) {
        throw new Error(
          `calendar: no working time within ${MAX_SEARCH_DAYS} days after ${dayToIso(day - idle)}`,
        );
      }
    }
    return cur;
  };

  const localParts = (instant: Date): LocalParts => {
    const dt = DateTime.fromMillis(toMs(instant), { zone });
    return {
      date: dt.toISODate()!,
      year: dt.year,
      month: dt.month,
      day: dt.day,
      hour: dt.hour,
      minute: dt.minute,
      weekday: dt.weekday,
    };
  };

  const addWorkingDays = (instant: Date, n: number): Date => {
    checkCount(n, 'addWorkingDays n', true);
    return new Date(shiftWorkingDays(nextStartMs(toMs(instant)), n));
  };

  const addWorkingHours = (instant: Date, hours: number): Date => {
    checkCount(hours, 'hours', false);
    return new Date(addWorkingMs(toMs(instant), Math.round(hours * HOUR_MS)));
  };

  return {
    spec: frozenSpec,

    isWorkingDay: (date) =>
      isWorkingDayNum(typeof date === 'string' ? parseDate(date, 'date') : dayOf(toMs(date, 'date'))),

    isWorkingTime: (instant) => {
      const ms = toMs(instant);
      const d = info(dayOf(ms));
      return d.working && ms >= d.start && ms < d.end;
    },

    localDate: (instant) => dayToIso(dayOf(toMs(instant))),

    localParts,

    addWorkingDays,

    addWorkingHours,

    workingMillisBetween: (a, b) => workingMillis(toMs(a, 'a'), toMs(b, 'b')),

    workingDaysBetween: (a, b) => {
      const s = nextStartMs(toMs(a, 'a'));
      const bm = toMs(b, 'b');
      if (bm < s) return 0;
      const from = dayOf(s);
      const last = dayOf(bm);
      let k = 0;
      for (let d = from + 1; d <= last; d++) if (isWorkingDayNum(d)) k++;
      // The k-th working day is `last` itself: it only counts once its time of day is reached.
      if (k > 0 && isWorkingDayNum(last) && bm < shiftWorkingDays(s, k)) k--;
      return k;
    },

    isOlderThanWorkingDays: (since, now, n) => toMs(now, 'now') >= addWorkingDays(since, n).getTime(),

    nextWorkingDayAt: (instant, time) =>
      new Date(wallToMs(nextWorkingDayNum(dayOf(toMs(instant))), parseTime(time, 'time'))),

    nextWorkingStart: (instant) => new Date(nextStartMs(toMs(instant))),

    add: (instant, { hours, basis }) => {
      if (basis === 'working') return addWorkingHours(instant, hours);
      if (basis !== 'calendar') throw new Error(`calendar: unknown duration basis '${String(basis)}'`);
      checkCount(hours, 'hours', false);
      return new Date(toMs(instant) + Math.round(hours * HOUR_MS));
    },
  };
}
