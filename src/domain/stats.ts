/**
 * Pure statistics for digests and reports.
 *
 * - `percentile(values, p)`: linear interpolation between closest ranks (the "inclusive" method of
 *   Excel's PERCENTILE.INC and numpy's default): sort ascending, rank r = (n - 1) * p / 100, value =
 *   v[floor(r)] + (v[ceil(r)] - v[floor(r)]) * (r - floor(r)). Empty input gives null.
 *   The median is `percentile(values, 50)`.
 * - `share(part, total)`: part / total, null when total is 0 (a rate of nothing is not 0 %).
 * - `change(current, previous)`: current - previous, null when either is null.
 * - Percent formatting rounds to whole percent (`pct`), hours to one decimal (`hours1`).
 */

export function percentile(values: readonly number[], p: number): number | null {
  if (!Number.isFinite(p) || p < 0 || p > 100) throw new RangeError(`percentile: p must be 0..100, got ${p}`);
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const r = ((v.length - 1) * p) / 100;
  const lo = Math.floor(r);
  const hi = Math.ceil(r);
  return v[lo]! + (v[hi]! - v[lo]!) * (r - lo);
}

export function median(values: readonly number[]): number | null {
  return percentile(values, 50);
}

export function share(part: number, total: number): number | null {
  return total > 0 ? part / total : null;
}

export function change(current: number | null, previous: number | null): number | null {
  return current === null || previous === null ? null : current - previous;
}

/** 0.305 → "31%"; null → "—". */
export function pct(value: number | null): string {
  return value === null ? '—' : `${Math.round(value * 100)}%`;
}

/** Change of a share in percentage points: +5 pp, −3 pp, ±0 pp; null → "—". */
export function ppChange(delta: number | null): string {
  if (delta === null) return '—';
  const points = Math.round(delta * 100);
  return points > 0 ? `+${points} pp` : points < 0 ? `−${Math.abs(points)} pp` : '±0 pp';
}

/** Change of a count or hours: +3, −1.5, ±0; null → "—". */
export function signed(delta: number | null, digits = 0): string {
  if (delta === null) return '—';
  const f = Number(delta.toFixed(digits));
  return f > 0 ? `+${f.toFixed(digits)}` : f < 0 ? `−${Math.abs(f).toFixed(digits)}` : '±0';
}

/** Milliseconds → hours with one decimal ("3.5"), null → "—". */
export function hours1(ms: number | null): string {
  return ms === null ? '—' : (ms / 3_600_000).toFixed(1);
}

/** Counts → sorted [key, count, share] rows, largest first, ties by key. */
export function shares(counts: Record<string, number>): { key: string; count: number; share: number }[] {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, count]) => ({ key, count, share: total > 0 ? count / total : 0 }));
}

/** Satisfaction ratings. CSAT = (satisfied + basically satisfied) / surveyed. */
export const OVERALL_RATINGS = ['excellent', 'good', 'fair', 'poor'] as const;
export const SATISFACTION_LEVELS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;

export function csat(counts: Partial<Record<(typeof SATISFACTION_LEVELS)[number], number>>): number | null {
  const s = counts.satisfied ?? 0;
  const b = counts.basically_satisfied ?? 0;
  const d = counts.dissatisfied ?? 0;
  return share(s + b, s + b + d);
}
