/** Small helpers shared by the bench's sections. */

export type Stats = { n: number; p50: number; p95: number; p99: number; max: number };

export function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? NaN;
  return { n: s.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: s.at(-1) ?? NaN };
}

/** Rounds to one decimal (NaN stays NaN). */
export const r1 = (x: number) => (Number.isFinite(x) ? Math.round(x * 10) / 10 : NaN);

export const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

/** The bench's simulated agents: U0BENCH000, U0BENCH001, … */
export function benchUsers(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `U0BENCH${String(i).padStart(3, '0')}`);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
