/**
 * The timer model of the customer-facing clocks (src/domain/clocks.ts) on the business calendar:
 * due and warning instants across a weekend, holidays and make-up working days, a DST change in a
 * non-China zone; warn/breach once; pause and resume; meet and cancel; the contact rules.
 */
import { describe, expect, it } from 'vitest';
import { type CalendarSpec, createCalendar } from '../../src/domain/calendar.ts';
import {
  type Clock,
  cancelClocks,
  clockOnTime,
  contactMeets,
  dueEvents,
  endOfWorkingDate,
  markEvents,
  meetClocks,
  nextDueOf,
  pauseClocks,
  resumeClocks,
  shiftByPause,
  startClock,
  withClocks,
} from '../../src/domain/clocks.ts';

const shanghai: CalendarSpec = {
  timezone: 'Asia/Shanghai',
  workingHours: { start: '09:00', end: '18:00' },
  weekendDays: [6, 7],
  holidays: [
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
/** DST starts Sunday 2026-03-29 (CET +01:00 → CEST +02:00). */
const berlin: CalendarSpec = { ...shanghai, timezone: 'Europe/Berlin', holidays: [], makeupWorkdays: [] };
const SH = createCalendar(shanghai);
const BER = createCalendar(berlin);
const iso = (s: string) => new Date(s).toISOString();
const d = (s: string) => new Date(s);

function workingDays(cal = SH, start: string, days: number, kind: Clock['kind'] = 'plan'): Clock {
  return startClock(
    { kind, start: d(start), dueAt: cal.addWorkingDays(d(start), days), basis: 'working', share: 0.8 },
    cal,
  );
}

function minutes(start: string, n: number, kind: Clock['kind'] = 'customer_contact', cal = SH): Clock {
  const s = d(start);
  return startClock(
    { kind, start: s, dueAt: new Date(s.getTime() + n * 60_000), basis: 'calendar', share: 0.8 },
    cal,
  );
}

describe('due and warning instants on the business calendar', () => {
  it.each([
    [
      'plan across a weekend',
      '2026-11-20T17:00:00+08:00',
      1,
      '2026-11-23T17:00:00+08:00',
      '2026-11-23T15:12:00+08:00',
    ],
    [
      'progress sync across a weekend',
      '2026-11-20T17:00:00+08:00',
      2,
      '2026-11-24T17:00:00+08:00',
      '2026-11-24T13:24:00+08:00',
    ],
    [
      'plan over the National Day holidays',
      '2026-09-30T15:00:00+08:00',
      1,
      '2026-10-08T15:00:00+08:00',
      '2026-10-08T13:12:00+08:00',
    ],
    [
      'plan onto a make-up working Sunday',
      '2026-09-25T15:00:00+08:00',
      1,
      '2026-09-27T15:00:00+08:00',
      '2026-09-27T13:12:00+08:00',
    ],
    [
      'claimed outside hours counts from the next working start',
      '2026-11-20T20:00:00+08:00',
      1,
      '2026-11-24T09:00:00+08:00',
      '2026-11-23T16:12:00+08:00',
    ],
  ])('%s', (_name, start, days, due, warn) => {
    const c = workingDays(SH, start, days);
    expect(c.dueAt.toISOString()).toBe(iso(due));
    expect(c.warnAt.toISOString()).toBe(iso(warn));
  });

  it('a working-day clock over the DST change keeps the local time (Europe/Berlin)', () => {
    const c = workingDays(BER, '2026-03-27T17:00:00+01:00', 1);
    expect(c.dueAt.toISOString()).toBe(iso('2026-03-30T17:00:00+02:00'));
    // 80 % of 9 working hours: Friday 17–18, then 6.2 h on Monday.
    expect(c.warnAt.toISOString()).toBe(iso('2026-03-30T15:12:00+02:00'));
  });

  it('a calendar clock over the DST change is elapsed time (Europe/Berlin)', () => {
    const c = minutes('2026-03-28T12:00:00+01:00', 24 * 60, 'follow_up', BER);
    expect(c.dueAt.toISOString()).toBe(iso('2026-03-29T13:00:00+02:00'));
    expect(c.warnAt.getTime() - c.start.getTime()).toBe(69_120_000); // 80 % of 24 h
  });

  it('the end of a working date (collaboration due dates)', () => {
    expect(endOfWorkingDate('2026-11-24', SH).toISOString()).toBe(iso('2026-11-24T18:00:00+08:00'));
    expect(endOfWorkingDate('2026-10-03', SH).toISOString()).toBe(iso('2026-10-08T09:00:00+08:00'));
    expect(endOfWorkingDate('2026-10-10', SH).toISOString()).toBe(iso('2026-10-10T18:00:00+08:00'));
    expect(endOfWorkingDate('2026-03-30', BER).toISOString()).toBe(iso('2026-03-30T18:00:00+02:00'));
  });
});

describe('warn and breach once', () => {
  const c = minutes('2026-11-24T10:00:00+08:00', 15);
  it('not early; warning at 80 %; breach at the due instant; each once', () => {
    expect(c.warnAt.toISOString()).toBe(iso('2026-11-24T10:12:00+08:00'));
    expect(nextDueOf([c])?.toISOString()).toBe(iso('2026-11-24T10:12:00+08:00'));
    expect(dueEvents([c], d('2026-11-24T10:11:59+08:00'))).toEqual([]);
    const warn = dueEvents([c], d('2026-11-24T10:12:00+08:00'));
    expect(warn).toEqual([{ key: 'customer_contact', kind: 'customer_contact', event: 'warning' }]);
    const warned = markEvents([c], warn, d('2026-11-24T10:12:00+08:00'));
    expect(dueEvents(warned, d('2026-11-24T10:13:00+08:00'))).toEqual([]);
    expect(nextDueOf(warned)?.toISOString()).toBe(iso('2026-11-24T10:15:00+08:00'));
    const breach = dueEvents(warned, d('2026-11-24T10:15:00+08:00'));
    expect(breach.map((e) => e.event)).toEqual(['breach']);
    const breached = markEvents(warned, breach, d('2026-11-24T10:15:00+08:00'));
    expect(breached[0]!.state).toBe('breached');
    expect(dueEvents(breached, d('2026-11-24T11:00:00+08:00'))).toEqual([]);
    expect(nextDueOf(breached)).toBeNull();
    expect(clockOnTime(breached[0]!)).toBe(false);
    // Met after the breach: met late.
    const late = meetClocks(breached, ['customer_contact'], d('2026-11-24T10:20:00+08:00'));
    expect(late[0]!.state).toBe('met');
    expect(clockOnTime(late[0]!)).toBe(false);
  });

  it('after downtime the breach is sent, not a stale warning', () => {
    expect(dueEvents([c], d('2026-11-24T11:00:00+08:00')).map((e) => e.event)).toEqual(['breach']);
  });

  it('met in time is on time and never due again; cancelled is neither', () => {
    const met = meetClocks([c], ['customer_contact'], d('2026-11-24T10:05:00+08:00'));
    expect(clockOnTime(met[0]!)).toBe(true);
    expect(nextDueOf(met)).toBeNull();
    const cancelled = cancelClocks([c], ['customer_contact']);
    expect(clockOnTime(cancelled[0]!)).toBeNull();
    expect(nextDueOf(cancelled)).toBeNull();
  });

  it('a restarted clock replaces the open one with its key; met ones stay in the history', () => {
    const a = workingDays(SH, '2026-11-23T10:00:00+08:00', 2, 'progress_sync');
    const met = meetClocks([a], ['progress_sync'], d('2026-11-24T10:00:00+08:00'));
    const next = workingDays(SH, '2026-11-24T10:00:00+08:00', 2, 'progress_sync');
    expect(withClocks(met, [next]).map((x) => x.state)).toEqual(['met', 'running']);
    const again = workingDays(SH, '2026-11-25T10:00:00+08:00', 2, 'progress_sync');
    expect(withClocks([next], [again]).map((x) => x.dueAt.toISOString())).toEqual([
      iso('2026-11-27T10:00:00+08:00'),
    ]);
  });
});

describe('pause and resume', () => {
  it('a working-day clock moves by the working time paused (over a weekend: 2 h, not 65 h)', () => {
    const c = workingDays(SH, '2026-11-20T10:00:00+08:00', 2, 'progress_sync');
    expect(c.dueAt.toISOString()).toBe(iso('2026-11-24T10:00:00+08:00'));
    const paused = pauseClocks([c], ['progress_sync'], d('2026-11-20T17:00:00+08:00'));
    expect(paused[0]!.state).toBe('paused');
    expect(nextDueOf(paused)).toBeNull();
    expect(dueEvents(paused, d('2026-11-30T10:00:00+08:00'))).toEqual([]);
    const resumed = resumeClocks(paused, d('2026-11-23T10:00:00+08:00'), SH);
    expect(resumed[0]!.state).toBe('running');
    expect(resumed[0]!.dueAt.toISOString()).toBe(iso('2026-11-24T12:00:00+08:00'));
    expect(resumed[0]!.pausedMs).toBe(65 * 3_600_000);
  });

  it('a calendar clock moves by the elapsed time paused', () => {
    const due = d('2026-11-25T10:00:00+08:00');
    expect(
      shiftByPause(
        due,
        d('2026-11-20T17:00:00+08:00'),
        d('2026-11-23T10:00:00+08:00'),
        'calendar',
        SH,
      ).toISOString(),
    ).toBe(iso('2026-11-28T03:00:00+08:00'));
  });

  it('a pause over the holidays and a make-up day counts only the working time (Asia/Shanghai)', () => {
    // Paused Wednesday 2026-09-30 17:00, resumed Thursday 2026-10-08 10:00: 1 h + 1 h of working time.
    const moved = shiftByPause(
      d('2026-10-09T10:00:00+08:00'),
      d('2026-09-30T17:00:00+08:00'),
      d('2026-10-08T10:00:00+08:00'),
      'working',
      SH,
    );
    // Friday 10:00 + 2 working hours = Friday 12:00.
    expect(moved.toISOString()).toBe(iso('2026-10-09T12:00:00+08:00'));
    // The due time lands on the make-up Saturday 2026-10-10 when the shift runs past Friday.
    const late = shiftByPause(
      d('2026-10-09T17:00:00+08:00'),
      d('2026-10-08T09:00:00+08:00'),
      d('2026-10-08T11:00:00+08:00'),
      'working',
      SH,
    );
    expect(late.toISOString()).toBe(iso('2026-10-10T10:00:00+08:00'));
  });

  it('a pause across the DST change (Europe/Berlin) counts working hours, not wall time', () => {
    const moved = shiftByPause(
      d('2026-03-31T12:00:00+02:00'),
      d('2026-03-27T17:00:00+01:00'),
      d('2026-03-30T10:00:00+02:00'),
      'working',
      BER,
    );
    expect(moved.toISOString()).toBe(iso('2026-03-31T14:00:00+02:00'));
  });
});

describe('what a customer contact meets', () => {
  it.each([
    [{ claimed: false, resolved: false, accepted: 'na' }, ['customer_contact', 'progress_sync']],
    [
      { claimed: true, resolved: false, accepted: 'yes' },
      ['customer_contact', 'progress_sync', 'first_response'],
    ],
    [
      { claimed: true, resolved: true, accepted: 'yes' },
      ['customer_contact', 'progress_sync', 'first_response', 'result_notice'],
    ],
    [
      { claimed: true, resolved: true, accepted: 'no' },
      ['customer_contact', 'progress_sync', 'first_response'],
    ],
  ] as const)('%o → %o', (input, kinds) => {
    expect(contactMeets(input)).toEqual(kinds);
  });
});
