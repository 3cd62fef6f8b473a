import { describe, expect, it } from 'vitest';
import { type CalendarSpec, createCalendar } from '../../src/domain/calendar.ts';

const H = 3_600_000;

/** 2026 National Day week + New Year, with the make-up workdays as config data (调休). */
const shanghaiSpec: CalendarSpec = {
  timezone: 'Asia/Shanghai',
  workingHours: { start: '09:00', end: '18:00' },
  weekendDays: [6, 7],
  holidays: [
    '2026-01-01',
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ],
  makeupWorkdays: ['2026-09-27', '2026-10-10'],
};
/** DST starts Sunday 2026-03-29 (CET +01:00 → CEST +02:00) and ends Sunday 2026-10-25. */
const berlinSpec: CalendarSpec = {
  timezone: 'Europe/Berlin',
  workingHours: { start: '09:00', end: '18:00' },
  weekendDays: [6, 7],
  holidays: [],
  makeupWorkdays: [],
};

const SH = createCalendar(shanghaiSpec);
const BER = createCalendar(berlinSpec);
const calendars = { SH, BER };
type Zone = keyof typeof calendars;

const d = (iso: string): Date => new Date(iso);
const iso = (iso: string): string => new Date(iso).toISOString();

describe('isWorkingDay', () => {
  it.each<[Zone, string, boolean, string]>([
    ['SH', '2026-11-20T12:00:00+08:00', true, 'Friday'],
    ['SH', '2026-11-21T12:00:00+08:00', false, 'Saturday'],
    ['SH', '2026-11-22T12:00:00+08:00', false, 'Sunday'],
    ['SH', '2026-10-01T12:00:00+08:00', false, 'National Day (Thursday)'],
    ['SH', '2026-10-07T12:00:00+08:00', false, 'last holiday (Wednesday)'],
    ['SH', '2026-10-08T12:00:00+08:00', true, 'first day back (Thursday)'],
    ['SH', '2026-09-27T12:00:00+08:00', true, 'make-up Sunday'],
    ['SH', '2026-10-10T12:00:00+08:00', true, 'make-up Saturday'],
    ['SH', '2026-10-11T12:00:00+08:00', false, 'ordinary Sunday after make-up Saturday'],
    ['SH', '2026-01-01T12:00:00+08:00', false, 'New Year holiday'],
    ['SH', '2026-11-20T23:59:59+08:00', true, 'last second of Friday'],
    ['SH', '2026-11-21T00:00:00+08:00', false, 'midnight Friday→Saturday'],
    ['SH', '2026-11-20T16:30:00Z', false, 'UTC Friday but local Saturday 00:30'],
    ['SH', '2026-11-22T16:30:00Z', true, 'UTC Sunday but local Monday 00:30'],
    ['BER', '2026-03-27T23:30:00Z', false, 'UTC Friday but Berlin Saturday 00:30 CET'],
    ['BER', '2026-03-29T22:30:00Z', true, 'UTC Sunday but Berlin Monday 00:30 CEST'],
    ['BER', '2026-03-29T12:00:00+02:00', false, 'DST-change Sunday'],
  ])('%s %s → %s (%s)', (zone, instant, expected) => {
    expect(calendars[zone].isWorkingDay(d(instant))).toBe(expected);
  });

  it.each<[string, boolean]>([
    ['2026-11-20', true],
    ['2026-11-21', false],
    ['2026-09-27', true],
    ['2026-10-03', false],
  ])('accepts a local date string %s → %s', (date, expected) => {
    expect(SH.isWorkingDay(date)).toBe(expected);
  });

  it('holidays win over a make-up listing of the same date', () => {
    const cal = createCalendar({ ...shanghaiSpec, holidays: ['2026-09-27'], makeupWorkdays: ['2026-09-27'] });
    expect(cal.isWorkingDay('2026-09-27')).toBe(false);
  });
});

describe('isWorkingTime', () => {
  it.each<[Zone, string, boolean]>([
    ['SH', '2026-11-20T08:59:59+08:00', false],
    ['SH', '2026-11-20T09:00:00+08:00', true],
    ['SH', '2026-11-20T17:59:59+08:00', true],
    ['SH', '2026-11-20T18:00:00+08:00', false],
    ['SH', '2026-11-21T10:00:00+08:00', false],
    ['SH', '2026-09-27T10:00:00+08:00', true],
    ['SH', '2026-10-01T10:00:00+08:00', false],
    ['BER', '2026-03-27T08:00:00Z', true], // 09:00 CET
    ['BER', '2026-03-27T07:30:00Z', false], // 08:30 CET
    ['BER', '2026-03-30T07:00:00Z', true], // 09:00 CEST
    ['BER', '2026-03-30T16:30:00Z', false], // 18:30 CEST
  ])('%s %s → %s', (zone, instant, expected) => {
    expect(calendars[zone].isWorkingTime(d(instant))).toBe(expected);
  });
});

describe('localDate / localParts', () => {
  it.each<[Zone, string, string]>([
    ['SH', '2026-11-20T15:59:59Z', '2026-11-20'],
    ['SH', '2026-11-20T16:00:00Z', '2026-11-21'],
    ['SH', '2025-12-31T16:00:00Z', '2026-01-01'],
    ['SH', '2026-04-30T16:30:00Z', '2026-05-01'],
    ['BER', '2026-03-28T23:30:00Z', '2026-03-29'],
    ['BER', '2026-03-29T21:30:00Z', '2026-03-29'],
    ['BER', '2026-03-29T22:30:00Z', '2026-03-30'],
  ])('%s %s → %s', (zone, instant, expected) => {
    expect(calendars[zone].localDate(d(instant))).toBe(expected);
  });

  it('localParts gives the org-time fields', () => {
    expect(SH.localParts(d('2026-11-20T16:30:00Z'))).toEqual({
      date: '2026-11-21',
      year: 2026,
      month: 11,
      day: 21,
      hour: 0,
      minute: 30,
      weekday: 6,
    });
  });
});

describe('addWorkingDays', () => {
  it.each<[Zone, string, number, string, string]>([
    ['SH', '2026-11-20T17:00:00+08:00', 0, '2026-11-20T17:00:00+08:00', 'n=0 in working time'],
    ['SH', '2026-11-20T17:00:00+08:00', 1, '2026-11-23T17:00:00+08:00', 'Fri → Mon'],
    ['SH', '2026-11-20T17:00:00+08:00', 2, '2026-11-24T17:00:00+08:00', 'Fri → Tue'],
    ['SH', '2026-11-20T17:00:30.250+08:00', 1, '2026-11-23T17:00:30.250+08:00', 'keeps seconds'],
    ['SH', '2026-11-21T10:00:00+08:00', 1, '2026-11-24T09:00:00+08:00', 'Sat clamps to Mon 09:00'],
    ['SH', '2026-11-20T18:00:00+08:00', 1, '2026-11-24T09:00:00+08:00', 'end of day clamps to Mon 09:00'],
    ['SH', '2026-11-20T07:30:00+08:00', 1, '2026-11-23T09:00:00+08:00', 'before hours clamps to 09:00'],
    ['SH', '2026-11-19T20:00:00+08:00', 1, '2026-11-23T09:00:00+08:00', 'Thu evening → Fri 09:00 + 1'],
    ['SH', '2026-10-02T10:00:00+08:00', 0, '2026-10-08T09:00:00+08:00', 'n=0 on a holiday'],
    ['SH', '2026-09-30T17:00:00+08:00', 2, '2026-10-09T17:00:00+08:00', 'across National Day'],
    ['SH', '2026-10-09T17:00:00+08:00', 1, '2026-10-10T17:00:00+08:00', 'onto make-up Saturday'],
    ['SH', '2026-09-25T10:00:00+08:00', 1, '2026-09-27T10:00:00+08:00', 'onto make-up Sunday'],
    ['SH', '2025-12-31T10:00:00+08:00', 1, '2026-01-02T10:00:00+08:00', 'year end, Jan 1 holiday'],
    ['SH', '2026-07-31T15:30:00+08:00', 1, '2026-08-03T15:30:00+08:00', 'month end'],
    ['BER', '2026-03-27T17:00:00+01:00', 1, '2026-03-30T17:00:00+02:00', 'across DST start'],
    ['BER', '2026-03-27T17:00:00+01:00', 2, '2026-03-31T17:00:00+02:00', 'across DST start'],
    ['BER', '2026-10-23T17:00:00+02:00', 1, '2026-10-26T17:00:00+01:00', 'across DST end'],
  ])('%s %s + %i → %s (%s)', (zone, start, n, expected) => {
    expect(calendars[zone].addWorkingDays(d(start), n).toISOString()).toBe(iso(expected));
  });
});

describe('nudge rule: claimed Friday 17:00, nudge when 2 working days old', () => {
  const claimedAt = d('2026-11-20T17:00:00+08:00');
  const variants: Record<string, CalendarSpec> = {
    plain: shanghaiSpec,
    'Monday holiday': { ...shanghaiSpec, holidays: [...shanghaiSpec.holidays, '2026-11-23'] },
    'Saturday make-up': { ...shanghaiSpec, makeupWorkdays: [...shanghaiSpec.makeupWorkdays, '2026-11-21'] },
  };

  it.each<[string, string]>([
    ['plain', '2026-11-24T17:00:00+08:00'],
    ['Monday holiday', '2026-11-25T17:00:00+08:00'],
    ['Saturday make-up', '2026-11-23T17:00:00+08:00'],
  ])('%s: due at %s', (variant, due) => {
    expect(createCalendar(variants[variant]!).addWorkingDays(claimedAt, 2).toISOString()).toBe(iso(due));
  });

  it.each<[string, string, boolean, number]>([
    ['plain', '2026-11-23T10:00:00+08:00', false, 0],
    ['plain', '2026-11-23T17:00:00+08:00', false, 1],
    ['plain', '2026-11-24T16:59:59+08:00', false, 1],
    ['plain', '2026-11-24T17:00:00+08:00', true, 2],
    ['Monday holiday', '2026-11-24T17:00:00+08:00', false, 1],
    ['Monday holiday', '2026-11-25T17:00:00+08:00', true, 2],
    ['Saturday make-up', '2026-11-23T10:00:00+08:00', false, 1],
    ['Saturday make-up', '2026-11-23T17:00:00+08:00', true, 2],
  ])('%s: at %s nudge=%s (working days elapsed %i)', (variant, now, nudge, elapsed) => {
    const cal = createCalendar(variants[variant]!);
    expect(cal.isOlderThanWorkingDays(claimedAt, d(now), 2)).toBe(nudge);
    expect(cal.workingDaysBetween(claimedAt, d(now))).toBe(elapsed);
  });
});

describe('workingDaysBetween', () => {
  it.each<[Zone, string, string, number]>([
    ['SH', '2026-11-20T10:00:00+08:00', '2026-11-20T10:00:00+08:00', 0],
    ['SH', '2026-11-24T10:00:00+08:00', '2026-11-20T10:00:00+08:00', 0],
    ['SH', '2026-11-20T17:00:00+08:00', '2026-11-22T12:00:00+08:00', 0],
    ['SH', '2026-11-21T10:00:00+08:00', '2026-11-23T12:00:00+08:00', 0],
    ['SH', '2026-11-21T10:00:00+08:00', '2026-11-24T09:00:00+08:00', 1],
    ['SH', '2026-11-20T17:00:00+08:00', '2026-11-28T12:00:00+08:00', 5],
    ['SH', '2026-09-30T17:00:00+08:00', '2026-10-09T17:00:00+08:00', 2],
    ['SH', '2026-09-30T17:00:00+08:00', '2026-10-12T10:00:00+08:00', 3],
    ['SH', '2025-12-31T17:00:00+08:00', '2026-01-02T17:00:00+08:00', 1],
    ['BER', '2026-03-27T17:00:00+01:00', '2026-03-31T17:00:00+02:00', 2],
  ])('%s %s → %s = %i (and consistent with isOlderThanWorkingDays)', (zone, a, b, expected) => {
    const cal = calendars[zone];
    expect(cal.workingDaysBetween(d(a), d(b))).toBe(expected);
    if (expected > 0) expect(cal.isOlderThanWorkingDays(d(a), d(b), expected)).toBe(true);
    expect(cal.isOlderThanWorkingDays(d(a), d(b), expected + 1)).toBe(false);
  });
});

describe('addWorkingHours', () => {
  it.each<[Zone, string, number, string, string]>([
    ['SH', '2026-11-20T17:00:00+08:00', 2, '2026-11-23T10:00:00+08:00', 'across a weekend'],
    ['SH', '2026-11-20T16:00:00+08:00', 2, '2026-11-20T18:00:00+08:00', 'ends exactly at close'],
    ['SH', '2026-11-20T10:00:00+08:00', 0, '2026-11-20T10:00:00+08:00', 'zero hours'],
    ['SH', '2026-11-21T10:00:00+08:00', 0, '2026-11-21T10:00:00+08:00', 'zero hours outside working time'],
    ['SH', '2026-11-21T10:00:00+08:00', 1, '2026-11-23T10:00:00+08:00', 'from Saturday'],
    ['SH', '2026-11-19T07:00:00+08:00', 1, '2026-11-19T10:00:00+08:00', 'before hours'],
    ['SH', '2026-11-19T20:00:00+08:00', 1.5, '2026-11-20T10:30:00+08:00', 'after hours, fractional'],
    ['SH', '2026-11-19T23:59:59+08:00', 1, '2026-11-20T10:00:00+08:00', 'just before midnight'],
    ['SH', '2026-11-20T17:00:00+08:00', 9, '2026-11-23T17:00:00+08:00', 'one working day of hours'],
    ['SH', '2026-11-20T17:00:00+08:00', 24, '2026-11-25T14:00:00+08:00', 'P1 resolution, multi-day'],
    ['SH', '2026-09-30T17:00:00+08:00', 2, '2026-10-08T10:00:00+08:00', 'across the holiday week'],
    ['SH', '2026-09-26T10:00:00+08:00', 1, '2026-09-27T10:00:00+08:00', 'onto make-up Sunday'],
    ['SH', '2025-12-31T17:00:00+08:00', 2, '2026-01-02T10:00:00+08:00', 'year end, Jan 1 holiday'],
    ['SH', '2026-07-31T17:30:00+08:00', 1, '2026-08-03T09:30:00+08:00', 'month end'],
    ['BER', '2026-03-27T17:00:00+01:00', 2, '2026-03-30T10:00:00+02:00', 'across DST start'],
    ['BER', '2026-10-23T17:00:00+02:00', 2, '2026-10-26T10:00:00+01:00', 'across DST end'],
  ])('%s %s + %sh → %s (%s)', (zone, start, hours, expected) => {
    const cal = calendars[zone];
    const end = cal.addWorkingHours(d(start), hours);
    expect(end.toISOString()).toBe(iso(expected));
    expect(cal.workingMillisBetween(d(start), end)).toBe(hours * H);
  });
});

describe('workingMillisBetween', () => {
  it.each<[Zone, string, string, number]>([
    ['SH', '2026-11-20T17:00:00+08:00', '2026-11-23T10:00:00+08:00', 2],
    ['SH', '2026-11-20T10:00:00+08:00', '2026-11-20T10:00:00+08:00', 0],
    ['SH', '2026-11-20T09:00:00+08:00', '2026-11-20T18:00:00+08:00', 9],
    ['SH', '2026-11-20T00:00:00+08:00', '2026-11-21T00:00:00+08:00', 9],
    ['SH', '2026-11-21T00:00:00+08:00', '2026-11-23T00:00:00+08:00', 0],
    ['SH', '2026-11-16T00:00:00+08:00', '2026-11-23T00:00:00+08:00', 45],
    ['SH', '2026-11-20T12:30:00+08:00', '2026-11-20T13:15:00+08:00', 0.75],
    ['SH', '2026-09-30T17:00:00+08:00', '2026-10-08T10:00:00+08:00', 2],
    ['SH', '2026-09-25T17:00:00+08:00', '2026-09-28T10:00:00+08:00', 11],
    ['SH', '2025-12-31T17:00:00+08:00', '2026-01-02T10:00:00+08:00', 2],
    ['SH', '2026-07-31T17:00:00+08:00', '2026-08-03T10:00:00+08:00', 2],
    ['BER', '2026-03-27T17:00:00+01:00', '2026-03-30T10:00:00+02:00', 2],
    ['BER', '2026-03-23T00:00:00+01:00', '2026-03-30T00:00:00+02:00', 45],
  ])('%s %s → %s = %sh, reversed = 0', (zone, a, b, hours) => {
    const cal = calendars[zone];
    expect(cal.workingMillisBetween(d(a), d(b))).toBe(hours * H);
    expect(cal.workingMillisBetween(d(b), d(a))).toBe(0);
  });

  it.each<[string, string, string]>([
    ['2026-11-20T17:00:00+08:00', '2026-11-22T12:00:00+08:00', '2026-11-24T11:00:00+08:00'],
    ['2026-09-30T08:00:00+08:00', '2026-10-05T12:00:00+08:00', '2026-10-10T12:00:00+08:00'],
  ])('is additive: [%s, %s] + [%s] = whole', (a, b, c) => {
    const whole = SH.workingMillisBetween(d(a), d(c));
    expect(SH.workingMillisBetween(d(a), d(b)) + SH.workingMillisBetween(d(b), d(c))).toBe(whole);
  });
});

describe('nextWorkingDayAt', () => {
  it.each<[Zone, string, string, string]>([
    ['SH', '2026-11-19T15:00:00+08:00', '10:00', '2026-11-20T10:00:00+08:00'],
    ['SH', '2026-11-19T23:30:00+08:00', '10:00', '2026-11-20T10:00:00+08:00'],
    ['SH', '2026-11-20T00:10:00+08:00', '10:00', '2026-11-23T10:00:00+08:00'],
    ['SH', '2026-11-19T16:30:00Z', '10:00', '2026-11-23T10:00:00+08:00'], // local Fri 00:30
    ['SH', '2026-11-21T12:00:00+08:00', '10:00', '2026-11-23T10:00:00+08:00'],
    ['SH', '2026-09-30T10:00:00+08:00', '10:00', '2026-10-08T10:00:00+08:00'],
    ['SH', '2026-09-25T10:00:00+08:00', '10:00', '2026-09-27T10:00:00+08:00'],
    ['SH', '2025-12-31T10:00:00+08:00', '10:00', '2026-01-02T10:00:00+08:00'],
    ['SH', '2026-07-31T10:00:00+08:00', '20:30', '2026-08-03T20:30:00+08:00'],
    ['BER', '2026-03-27T12:00:00+01:00', '10:00', '2026-03-30T10:00:00+02:00'],
  ])('%s %s at %s → %s', (zone, instant, time, expected) => {
    expect(calendars[zone].nextWorkingDayAt(d(instant), time).toISOString()).toBe(iso(expected));
  });
});

describe('nextWorkingStart', () => {
  it.each<[Zone, string, string]>([
    ['SH', '2026-11-20T10:00:00+08:00', '2026-11-20T10:00:00+08:00'],
    ['SH', '2026-11-20T08:00:00+08:00', '2026-11-20T09:00:00+08:00'],
    ['SH', '2026-11-20T18:00:00+08:00', '2026-11-23T09:00:00+08:00'],
    ['SH', '2026-11-20T23:00:00+08:00', '2026-11-23T09:00:00+08:00'],
    ['SH', '2026-11-21T12:00:00+08:00', '2026-11-23T09:00:00+08:00'],
    ['SH', '2026-09-30T18:30:00+08:00', '2026-10-08T09:00:00+08:00'],
    ['SH', '2026-09-26T12:00:00+08:00', '2026-09-27T09:00:00+08:00'],
    ['SH', '2025-12-31T19:00:00+08:00', '2026-01-02T09:00:00+08:00'],
    ['BER', '2026-03-28T12:00:00+01:00', '2026-03-30T09:00:00+02:00'],
  ])('%s %s → %s', (zone, instant, expected) => {
    expect(calendars[zone].nextWorkingStart(d(instant)).toISOString()).toBe(iso(expected));
  });
});

describe('add (service-level due times)', () => {
  it.each<[Zone, string, number, 'calendar' | 'working', string]>([
    ['SH', '2026-11-20T17:00:00+08:00', 2, 'calendar', '2026-11-20T19:00:00+08:00'],
    ['SH', '2026-11-20T17:00:00+08:00', 2, 'working', '2026-11-23T10:00:00+08:00'],
    ['SH', '2026-11-20T17:00:00+08:00', 0.25, 'calendar', '2026-11-20T17:15:00+08:00'],
    ['BER', '2026-03-28T12:00:00+01:00', 24, 'calendar', '2026-03-29T13:00:00+02:00'],
    ['BER', '2026-03-27T16:00:00+01:00', 4, 'working', '2026-03-30T11:00:00+02:00'],
  ])('%s %s + %sh %s → %s', (zone, start, hours, basis, expected) => {
    expect(calendars[zone].add(d(start), { hours, basis }).toISOString()).toBe(iso(expected));
  });
});

describe('validation and guards', () => {
  const allWeekend = createCalendar({
    ...shanghaiSpec,
    weekendDays: [1, 2, 3, 4, 5, 6, 7],
    makeupWorkdays: [],
  });
  const t = d('2026-11-20T10:00:00+08:00');

  it.each<[string, () => unknown]>([
    ['nextWorkingStart', () => allWeekend.nextWorkingStart(t)],
    ['nextWorkingDayAt', () => allWeekend.nextWorkingDayAt(t, '10:00')],
    ['addWorkingDays', () => allWeekend.addWorkingDays(t, 1)],
    ['addWorkingHours', () => allWeekend.addWorkingHours(t, 1)],
  ])('%s throws instead of looping when no day is ever worked', (_name, call) => {
    expect(call).toThrow(/no working (day|time) within 3660 days/);
  });

  it('workingMillisBetween is simply 0 for a calendar without working days', () => {
    expect(allWeekend.workingMillisBetween(t, d('2027-11-20T10:00:00+08:00'))).toBe(0);
  });

  it.each<[string, Partial<CalendarSpec>]>([
    ['unknown timezone', { timezone: 'Mars/Olympus' }],
    ['bad time', { workingHours: { start: '9:00', end: '18:00' } }],
    ['end before start', { workingHours: { start: '18:00', end: '09:00' } }],
    ['impossible holiday date', { holidays: ['2026-02-30'] }],
    ['bad make-up date', { makeupWorkdays: ['2026/09/27'] }],
    ['weekday out of range', { weekendDays: [0] }],
  ])('rejects a spec with %s', (_name, patch) => {
    expect(() => createCalendar({ ...shanghaiSpec, ...patch })).toThrow(/calendar:/);
  });

  it.each<[string, () => unknown]>([
    ['negative hours', () => SH.addWorkingHours(t, -1)],
    ['fractional days', () => SH.addWorkingDays(t, 1.5)],
    ['invalid Date', () => SH.isWorkingTime(new Date('nope'))],
    ['bad HH:mm', () => SH.nextWorkingDayAt(t, '25:00')],
  ])('rejects %s', (_name, call) => {
    expect(call).toThrow(/calendar:/);
  });
});
