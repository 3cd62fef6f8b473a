/** Table-driven tests of the scheduled jobs' due-ness rules (src/domain/job-rules.ts) and the pacer. */
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar.ts';
import {
  followUpReminderAt,
  followUpTimes,
  nudgeDecision,
  slaNextCheck,
  slaNoticesDue,
  surveyOutcome,
  unclaimedReminderDay,
} from '../../src/domain/job-rules.ts';
import { ChannelPacer } from '../../src/outbox/pacing.ts';

const cal = createCalendar({
  timezone: 'Asia/Shanghai',
  workingHours: { start: '09:00', end: '18:00' },
  weekendDays: [6, 7],
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  makeupWorkdays: ['2026-10-10'],
});
const d = (s: string) => new Date(`${s}+08:00`);
const opts = { staleWorkingDays: 2, supervisorFromNudge: 3 };

describe('nudgeDecision', () => {
  const cases: [
    string,
    Parameters<typeof nudgeDecision>[0],
    string,
    string | { count: number; sup: boolean },
  ][] = [
    [
      'Fri 17:00 claim, Mon 10:00',
      { status: 'claimed', claimedAt: d('2026-11-20T17:00') },
      '2026-11-23T10:00',
      'fresh',
    ],
    [
      'Fri 17:00 claim, Tue 16:59',
      { status: 'claimed', claimedAt: d('2026-11-20T17:00') },
      '2026-11-24T16:59',
      'fresh',
    ],
    [
      'Fri 17:00 claim, Tue 17:00',
      { status: 'claimed', claimedAt: d('2026-11-20T17:00') },
      '2026-11-24T17:00',
      { count: 1, sup: false },
    ],
    [
      'progress wins over claim',
      { status: 'in_progress', claimedAt: d('2026-11-16T10:00'), lastProgressAt: d('2026-11-23T10:00') },
      '2026-11-24T17:00',
      'fresh',
    ],
    [
      'waiting on customer counts',
      { status: 'waiting_customer', claimedAt: d('2026-11-16T10:00') },
      '2026-11-24T17:00',
      { count: 1, sup: false },
    ],
    [
      'pending approval is not nudged',
      { status: 'pending_approval', claimedAt: d('2026-11-16T10:00') },
      '2026-11-24T17:00',
      'not_claimed',
    ],
    ['unclaimed is not nudged', { status: 'new' }, '2026-11-24T17:00', 'not_claimed'],
    [
      'outside working hours',
      { status: 'claimed', claimedAt: d('2026-11-16T10:00') },
      '2026-11-24T18:00',
      'outside_working_time',
    ],
    [
      'weekend',
      { status: 'claimed', claimedAt: d('2026-11-16T10:00') },
      '2026-11-28T10:00',
      'outside_working_time',
    ],
    [
      'holiday',
      { status: 'claimed', claimedAt: d('2026-09-28T10:00') },
      '2026-10-02T10:00',
      'outside_working_time',
    ],
    [
      'across the holiday: Wed 30 Sep 17:00 → Fri 9 Oct 17:00',
      { status: 'claimed', claimedAt: d('2026-09-30T17:00') },
      '2026-10-08T17:00',
      'fresh',
    ],
    [
      'make-up Saturday counts',
      { status: 'claimed', claimedAt: d('2026-10-08T17:00') },
      '2026-10-10T17:00',
      { count: 1, sup: false },
    ],
    [
      'snoozed',
      { status: 'claimed', claimedAt: d('2026-11-16T10:00'), nudge: { snoozedUntil: d('2026-11-25T10:00') } },
      '2026-11-24T17:00',
      'snoozed',
    ],
    [
      'snooze over',
      { status: 'claimed', claimedAt: d('2026-11-16T10:00'), nudge: { snoozedUntil: d('2026-11-24T10:00') } },
      '2026-11-24T17:00',
      { count: 1, sup: false },
    ],
    [
      'already today',
      { status: 'claimed', claimedAt: d('2026-11-16T10:00'), nudge: { lastDay: '2026-11-24', count: 1 } },
      '2026-11-24T17:00',
      'already_today',
    ],
    [
      'third nudge includes the supervisor',
      { status: 'claimed', claimedAt: d('2026-11-16T10:00'), nudge: { lastDay: '2026-11-23', count: 2 } },
      '2026-11-24T17:00',
      { count: 3, sup: true },
    ],
  ];
  it.each(cases)('%s', (_name, ticket, now, expected) => {
    const r = nudgeDecision(ticket, d(now), cal, opts);
    if (typeof expected === 'string') expect(r).toEqual({ due: false, reason: expected });
    else expect(r).toMatchObject({ due: true, count: expected.count, includeSupervisor: expected.sup });
  });
});

describe('unclaimedReminderDay', () => {
  it.each([
    ['before the due time', 'new', '2026-11-24T10:59', ''],
    ['at the due time', 'new', '2026-11-24T11:00', '2026-11-24'],
    ['claimed', 'claimed', '2026-11-24T12:00', ''],
    ['evening', 'new', '2026-11-24T19:00', ''],
  ])('%s', (_n, status, now, day) => {
    expect(unclaimedReminderDay({ status, responseDueAt: d('2026-11-24T11:00') }, d(now), cal)).toBe(day);
  });
});

describe('slaNoticesDue', () => {
  const t = {
    openedAt: d('2027-02-01T10:00'),
    responseDueAt: d('2027-02-01T12:00'),
    resolutionDueAt: d('2027-02-02T10:00'),
  };
  it.each([
    ['nothing yet', 'new', [], '2027-02-01T11:35', []],
    ['response warning at 80 %', 'new', [], '2027-02-01T11:36', ['response_warning']],
    ['warning sent once', 'new', ['response_warning'], '2027-02-01T11:50', []],
    ['breach', 'new', ['response_warning'], '2027-02-01T12:00', ['response_breach']],
    ['catch-up skips the stale warning', 'new', [], '2027-02-01T13:00', ['response_breach']],
    ['claimed: no response notices', 'claimed', [], '2027-02-01T13:00', []],
    ['resolution warning', 'claimed', [], '2027-02-02T05:12', ['resolution_warning']],
    [
      'both windows past while unclaimed',
      'new',
      [],
      '2027-02-02T10:00',
      ['response_breach', 'resolution_breach'],
    ],
    ['resolved: nothing', 'resolved', [], '2027-02-03T10:00', []],
  ] as const)('%s', (_n, status, sent, now, expected) => {
    expect(slaNoticesDue({ ...t, status, slaNotices: [...sent] }, d(now), 0.8, 'calendar', cal)).toEqual(
      expected,
    );
  });

  it('takes the share of working time for a working-basis level', () => {
    // Opened Fri 16:00, 8 working hours → due Mon 15:00; 80 % = 6.4 h → Mon 13:24.
    const w = {
      openedAt: d('2026-11-20T16:00'),
      responseDueAt: d('2026-11-23T15:00'),
      resolutionDueAt: d('2026-11-30T16:00'),
      status: 'new',
    };
    expect(slaNoticesDue(w, d('2026-11-23T13:23'), 0.8, 'working', cal)).toEqual([]);
    expect(slaNoticesDue(w, d('2026-11-23T13:24'), 0.8, 'working', cal)).toEqual(['response_warning']);
  });
});

describe('slaNextCheck', () => {
  const t = {
    openedAt: d('2026-11-24T10:00'),
    responseDueAt: d('2026-11-24T12:00'),
    resolutionDueAt: d('2026-11-25T10:00'),
  };
  it.each([
    ['at opening: the response warning', '2026-11-24T10:00', [], '2026-11-24T11:36'],
    [
      'after the response warning was sent: its due time',
      '2026-11-24T11:36',
      ['response_warning'],
      '2026-11-24T12:00',
    ],
    [
      'response done: the resolution warning',
      '2026-11-24T12:00',
      ['response_warning', 'response_breach'],
      '2026-11-25T05:12',
    ],
    ['a passed instant not sent is not looked at again', '2026-11-24T13:00', [], '2026-11-25T05:12'],
  ])('%s', (_n, now, sent, next) => {
    expect(slaNextCheck({ ...t, slaNotices: sent }, d(now), 0.8, 'calendar', cal)?.toISOString()).toBe(
      d(next).toISOString(),
    );
  });
  it('null once every notice was sent', () => {
    const all = ['response_warning', 'response_breach', 'resolution_warning', 'resolution_breach'];
    expect(slaNextCheck({ ...t, slaNotices: all }, d('2026-11-24T10:00'), 0.8, 'calendar', cal)).toBeNull();
  });
});

describe('follow-up times', () => {
  // Every ticket within 24 h (CRM template), as complaints were before.
  const o = { withinHours: 24, complaintWithinHours: 24 };
  it.each([
    [
      'other, Friday 15:00: at once (not Monday 10:00)',
      '2026-11-20T15:00',
      'service_request',
      '2026-11-20T15:00',
    ],
    ['other before the holiday: by the deadline', '2026-09-30T19:00', 'consultation', '2026-10-01T19:00'],
    ['other in the evening: next working start', '2026-11-24T19:00', 'consultation', '2026-11-25T09:00'],
    ['complaint in working time: at once', '2026-11-24T14:00', 'complaint', '2026-11-24T14:00'],
    ['complaint in the evening: next working start', '2026-11-24T19:00', 'complaint', '2026-11-25T09:00'],
    ['complaint before a weekend: by the deadline', '2026-11-20T19:00', 'complaint', '2026-11-21T19:00'],
  ])('%s', (_n, resolved, type, due) => {
    expect(followUpTimes(d(resolved), type, cal, o).dueAt.toISOString()).toBe(d(due).toISOString());
  });
  it('complaints take the stricter of the two windows', () => {
    const strict = { withinHours: 24, complaintWithinHours: 4 };
    expect(followUpTimes(d('2026-11-20T19:00'), 'complaint', cal, strict).deadline.toISOString()).toBe(
      d('2026-11-20T23:00').toISOString(),
    );
    expect(followUpTimes(d('2026-11-20T19:00'), 'care', cal, strict).deadline.toISOString()).toBe(
      d('2026-11-21T19:00').toISOString(),
    );
  });
  it('reminds the next working day at the set time', () => {
    expect(followUpReminderAt(d('2026-11-20T10:00'), cal, '10:00').toISOString()).toBe(
      d('2026-11-23T10:00').toISOString(),
    );
  });
});

describe('surveyOutcome', () => {
  it.each([
    ['satisfied', true, 'close'],
    ['basically_satisfied', true, 'close'],
    ['dissatisfied', true, 'reopen'],
    ['satisfied', false, 'reopen'],
  ] as const)('%s, solved %s → %s', (satisfaction, solved, outcome) => {
    expect(surveyOutcome({ satisfaction, solved })).toBe(outcome);
  });
});

describe('ChannelPacer', () => {
  it('spaces posts to the same channel, not to different ones', async () => {
    let now = 0;
    const slept: number[] = [];
    const pacer = new ChannelPacer(
      1000,
      async (ms) => {
        slept.push(ms);
        now += ms;
      },
      () => now,
    );
    await pacer.wait('C1');
    await pacer.wait('C2');
    await pacer.wait('C1');
    now += 300;
    await pacer.wait('C2'); // 1300 ms after the first C2 post: no wait
    await pacer.wait('C1'); // 300 ms after the second C1 post: waits 700 ms
    expect(slept).toEqual([1000, 700]);
    const off = new ChannelPacer(0, async () => {
      throw new Error('no sleep');
    });
    await off.wait('C1');
    await off.wait('C1');
  });
});
