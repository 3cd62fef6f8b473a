import { describe, expect, it } from 'vitest';
import { assignmentOrder, onShift, outOfOffice } from '../../src/domain/assignment.ts';

describe('onShift', () => {
  const day = [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }];
  const night = [{ days: [5], from: '22:00', to: '06:00' }];
  it.each([
    [undefined, 2, '03:00', true],
    [[], 6, '12:00', true],
    [day, 2, '09:00', true],
    [day, 2, '17:59', true],
    [day, 2, '18:00', false],
    [day, 2, '08:59', false],
    [day, 6, '12:00', false],
    [night, 5, '23:30', true],
    [night, 5, '05:59', true],
    [night, 5, '06:00', false],
    [night, 4, '23:30', false],
  ])('%j on day %i at %s: %s', (shifts, weekday, hhmm, expected) => {
    expect(onShift(shifts, weekday, hhmm)).toBe(expected);
  });
});

describe('outOfOffice', () => {
  const conf = { outOfOfficeEmoji: [':palm_tree:'], outOfOfficeText: ['OOO', '休假'] };
  it.each([
    [{ emoji: ':palm_tree:' }, true],
    [{ emoji: ':coffee:' }, false],
    [{ text: 'ooo until Monday' }, true],
    [{ text: '年假休假中' }, true],
    [{ text: 'In a meeting' }, false],
    [{}, false],
  ])('%j: %s', (status, expected) => {
    expect(outOfOffice(status, conf)).toBe(expected);
  });
});

describe('assignmentOrder', () => {
  const members = ['A', 'B', 'C', 'D'];
  it('round robin starts at the turn and wraps, leaving out the excluded', () => {
    expect(assignmentOrder('round_robin', members, { turn: 0 })).toEqual(['A', 'B', 'C', 'D']);
    expect(assignmentOrder('round_robin', members, { turn: 5 })).toEqual(['B', 'C', 'D', 'A']);
    expect(assignmentOrder('round_robin', members, { turn: 1, excluded: new Set(['B']) })).toEqual([
      'C',
      'D',
      'A',
    ]);
    expect(assignmentOrder('round_robin', [], { turn: 3 })).toEqual([]);
  });
  it('a ticket passed on goes to the members after the last asked', () => {
    expect(
      assignmentOrder('round_robin', members, { turn: 9, after: 'C', excluded: new Set(['C']) }),
    ).toEqual(['D', 'A', 'B']);
    expect(
      assignmentOrder('round_robin', members, { turn: 0, after: 'D', excluded: new Set(['A', 'D']) }),
    ).toEqual(['B', 'C']);
  });
  it('least loaded sorts by load, then member order', () => {
    const loads = new Map([
      ['A', 4],
      ['B', 1],
      ['C', 1],
    ]);
    expect(assignmentOrder('least_loaded', members, { turn: 0, loads })).toEqual(['D', 'B', 'C', 'A']);
    expect(assignmentOrder('least_loaded', members, { turn: 0, loads, excluded: new Set(['D']) })).toEqual([
      'B',
      'C',
      'A',
    ]);
  });
});
