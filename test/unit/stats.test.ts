import { describe, expect, it } from 'vitest';
import {
  change,
  csat,
  hours1,
  median,
  pct,
  percentile,
  ppChange,
  share,
  shares,
  signed,
} from '../../src/domain/stats.ts';

describe('percentile (linear interpolation between closest ranks)', () => {
  it.each([
    [[], 50, null],
    [[5], 50, 5],
    [[5], 90, 5],
    [[1, 2, 3, 4], 50, 2.5],
    [[4, 1, 3, 2], 50, 2.5],
    [[1, 2, 3, 4, 5], 50, 3],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9.1],
    [[10, 20], 0, 10],
    [[10, 20], 100, 20],
    [[0, 10], 25, 2.5],
  ] as [number[], number, number | null][])('%j p%i = %s', (values, p, expected) => {
    const got = percentile(values, p);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(expected, 10);
  });
  it('ignores non-finite values and rejects a bad p', () => {
    expect(median([1, Number.NaN, 3])).toBe(2);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('shares, rates and formatting', () => {
  it('share is null for an empty total', () => {
    expect(share(1, 4)).toBe(0.25);
    expect(share(0, 0)).toBeNull();
  });
  it('shares sorts by count then key and drops zeros', () => {
    expect(shares({ b: 2, a: 2, c: 6, d: 0 })).toEqual([
      { key: 'c', count: 6, share: 0.6 },
      { key: 'a', count: 2, share: 0.2 },
      { key: 'b', count: 2, share: 0.2 },
    ]);
  });
  it('csat counts satisfied and basically satisfied', () => {
    expect(csat({ satisfied: 2, basically_satisfied: 1, dissatisfied: 1 })).toBe(0.75);
    expect(csat({})).toBeNull();
  });
  it.each([
    [pct(0.305), '31%'],
    [pct(null), '—'],
    [ppChange(0.05), '+5 pp'],
    [ppChange(-0.031), '−3 pp'],
    [ppChange(0.001), '±0 pp'],
    [ppChange(null), '—'],
    [signed(3), '+3'],
    [signed(-1.25, 1), '−1.3'],
    [signed(0), '±0'],
    [signed(null), '—'],
    [hours1(5_400_000), '1.5'],
    [hours1(null), '—'],
  ])('%s = %s', (got, want) => expect(got).toBe(want));
  it('change is null when either side is', () => {
    expect(change(3, 1)).toBe(2);
    expect(change(null, 1)).toBeNull();
  });
});
