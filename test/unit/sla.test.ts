import { describe, expect, it } from 'vitest';
import type { AddHours, DurationMeasure, ServiceLevels, SlaBasis } from '../../src/domain/sla.ts';
import { customerNotifyDueAt, dueTimes, slaOutcome, warningAt } from '../../src/domain/sla.ts';

const H = 3_600_000;
const T0 = new Date('2026-05-20T01:00:00Z');
const at = (hours: number) => new Date(T0.getTime() + hours * H);

/**
 * Fake calendar: calendar hours are elapsed hours; a working hour counts as 3 elapsed hours (so
 * a test can tell which basis was used). Records every call.
 */
function fakeAdd() {
  const calls: Array<[string, number, SlaBasis]> = [];
  const add: AddHours = (instant, hours, basis) => {
    calls.push([instant.toISOString(), hours, basis]);
    return new Date(instant.getTime() + hours * H * (basis === 'working' ? 3 : 1));
  };
  return { add, calls };
}

const DEFAULT_LEVELS: ServiceLevels = {
  P1: { responseHours: 2, resolutionHours: 24, notifyCustomerMinutes: 30, basis: 'calendar' },
  P2: { responseHours: 4, resolutionHours: 48, notifyCustomerMinutes: 120, basis: 'calendar' },
  P3: { responseHours: 8, resolutionHours: 72, notifyCustomerMinutes: 1440, basis: 'calendar' },
};
const WORKING_LEVELS: ServiceLevels = {
  P1: { ...DEFAULT_LEVELS.P1, basis: 'calendar' },
  P2: { ...DEFAULT_LEVELS.P2, basis: 'working' },
  P3: { ...DEFAULT_LEVELS.P3, basis: 'working' },
};

describe('dueTimes', () => {
  it.each([
    ['P1 calendar', 'P1', DEFAULT_LEVELS, undefined, 2, 24],
    ['P2 calendar', 'P2', DEFAULT_LEVELS, undefined, 4, 48],
    ['P3 calendar', 'P3', DEFAULT_LEVELS, undefined, 8, 72],
    ['P1 stays calendar', 'P1', WORKING_LEVELS, undefined, 2, 24],
    ['P2 working (×3 in the fake)', 'P2', WORKING_LEVELS, undefined, 12, 144],
    ['P3 working (×3 in the fake)', 'P3', WORKING_LEVELS, undefined, 24, 216],
    ['stricter category response', 'P3', DEFAULT_LEVELS, { responseHours: 2 }, 2, 72],
    ['stricter category resolution', 'P2', DEFAULT_LEVELS, { resolutionHours: 24 }, 4, 24],
    ['looser category ignored', 'P1', DEFAULT_LEVELS, { responseHours: 4, resolutionHours: 72 }, 2, 24],
    ['category on working basis', 'P3', WORKING_LEVELS, { responseHours: 4, resolutionHours: 72 }, 12, 216],
  ] as const)('%s', (_label, priority, levels, category, responseAfter, resolutionAfter) => {
    const { add } = fakeAdd();
    expect(dueTimes({ openedAt: T0, priority, levels, add, category })).toEqual({
      responseDueAt: at(responseAfter),
      resolutionDueAt: at(resolutionAfter),
    });
  });

  it('passes the opening instant, hours and basis to add', () => {
    const { add, calls } = fakeAdd();
    dueTimes({ openedAt: T0, priority: 'P2', levels: WORKING_LEVELS, add });
    expect(calls).toEqual([
      [T0.toISOString(), 4, 'working'],
      [T0.toISOString(), 48, 'working'],
    ]);
  });

  it.each([
    ['an invalid openedAt', { openedAt: new Date('nope') }],
    ['a missing level', { priority: 'P4' }],
    ['negative hours', { levels: { ...DEFAULT_LEVELS, P1: { ...DEFAULT_LEVELS.P1, responseHours: -1 } } }],
    ['NaN category hours', { category: { resolutionHours: Number.NaN } }],
  ])('throws on %s', (_label, patch) => {
    const { add } = fakeAdd();
    const input = { openedAt: T0, priority: 'P1', levels: DEFAULT_LEVELS, add, ...patch } as Parameters<
      typeof dueTimes
    >[0];
    expect(() => dueTimes(input)).toThrow(RangeError);
  });
});

describe('customerNotifyDueAt', () => {
  it.each([
    ['P1', 'calendar', DEFAULT_LEVELS, 0.5],
    ['P2', 'calendar', DEFAULT_LEVELS, 2],
    ['P3', 'calendar', DEFAULT_LEVELS, 24],
    ['P1', 'calendar', WORKING_LEVELS, 0.5],
    ['P2', 'working', WORKING_LEVELS, 6],
    ['P3', 'working', WORKING_LEVELS, 72],
  ] as const)('%s on %s basis → resolvedAt + %s h elapsed in the fake', (priority, _basis, levels, after) => {
    const { add, calls } = fakeAdd();
    expect(customerNotifyDueAt(T0, priority, levels, add)).toEqual(at(after));
    expect(calls[0]![1]).toBe(levels[priority].notifyCustomerMinutes / 60);
    expect(calls[0]![2]).toBe(levels[priority].basis);
  });

  it('throws on an invalid resolvedAt', () => {
    expect(() => customerNotifyDueAt(new Date(Number.NaN), 'P1', DEFAULT_LEVELS, fakeAdd().add)).toThrow(
      RangeError,
    );
  });
});

describe('slaOutcome', () => {
  it.each([
    ['early', at(2), at(1), true, H],
    ['exactly on time', at(2), at(2), true, 0],
    ['1 ms late', at(2), new Date(at(2).getTime() + 1), false, -1],
    ['an hour late', at(2), at(3), false, -H],
    ['done before opening time', at(2), at(-1), true, 3 * H],
  ])('%s', (_label, dueAt, doneAt, met, marginMs) => {
    expect(slaOutcome(dueAt, doneAt)).toEqual({ met, marginMs });
  });

  it('throws on invalid dates', () => {
    expect(() => slaOutcome(new Date('x'), T0)).toThrow(RangeError);
    expect(() => slaOutcome(T0, new Date('x'))).toThrow(RangeError);
  });
});

describe('warningAt', () => {
  it.each([
    ['80 % of 10 h', at(0), at(10), 0.8, at(8)],
    ['80 % of 2 h', at(0), at(2), 0.8, at(1.6)],
    ['50 % of 72 h', at(0), at(72), 0.5, at(36)],
    ['share 0', at(0), at(10), 0, at(0)],
    ['share 1', at(0), at(10), 1, at(10)],
    ['due equals start', at(5), at(5), 0.8, at(5)],
    ['due before start', at(5), at(3), 0.8, at(3)],
    ['rounds to whole ms', new Date(0), new Date(3), 0.5, new Date(2)],
  ])('%s', (_label, start, due, share, expected) => {
    expect(warningAt(start, due, share)).toEqual(expected);
  });

  it.each([-0.1, 1.1, Number.NaN])('throws on share %s', (share) => {
    expect(() => warningAt(at(0), at(10), share)).toThrow(RangeError);
  });

  it('throws on invalid dates', () => {
    expect(() => warningAt(new Date('x'), at(1), 0.5)).toThrow(RangeError);
  });

  /** Working time = elapsed time outside [start+2h, start+12h) (a night), as a measure. */
  const night: DurationMeasure = {
    hoursBetween: (from, to) => {
      const a = (from.getTime() - T0.getTime()) / H;
      const b = (to.getTime() - T0.getTime()) / H;
      const overlap = Math.max(0, Math.min(b, 12) - Math.max(a, 2));
      return Math.max(0, b - a - overlap);
    },
    add: (instant, hours) => {
      const a = (instant.getTime() - T0.getTime()) / H;
      const beforeNight = Math.max(0, 2 - a);
      return hours <= beforeNight ? at(a + hours) : at(Math.max(a, 12) + hours - beforeNight);
    },
  };

  it.each([
    // 0–2 h worked, 2–12 h night, 12–14 h worked: 4 working hours, 80 % = 3.2 h → 13.2 h elapsed
    ['across the night', at(0), at(14), 0.8, at(13.2)],
    // 50 % of 4 working hours lands at the start of the night → 2 h
    ['half way', at(0), at(14), 0.5, at(2)],
    // no night in the window: same as calendar time
    ['after the night', at(12), at(22), 0.8, at(20)],
  ])('with a working-time measure: %s', (_label, start, due, share, expected) => {
    expect(warningAt(start, due, share, night)).toEqual(expected);
  });

  it('with a measure never returns later than due', () => {
    const overshoot: DurationMeasure = {
      hoursBetween: () => 10,
      add: (t, h) => new Date(t.getTime() + h * 2 * H),
    };
    expect(warningAt(at(0), at(10), 0.8, overshoot)).toEqual(at(10));
  });
});
