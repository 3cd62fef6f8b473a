/**
 * Pure rules of automatic assignment: who is available (on shift, not out of office, not away),
 * and who is next (round robin, or least loaded by open tickets weighted by priority).
 */
import type { Priority } from './types.ts';

export interface Shift {
  /** ISO weekdays 1 = Monday … 7 = Sunday. */
  days: number[];
  from: string;
  to: string;
}

/** Whether `user` is on shift at the local weekday and HH:mm (no shifts configured: always). */
export function onShift(shifts: Shift[] | undefined, weekday: number, hhmm: string): boolean {
  if (!shifts || shifts.length === 0) return true;
  return shifts.some(
    (s) =>
      s.days.includes(weekday) &&
      (s.from <= s.to ? hhmm >= s.from && hhmm < s.to : hhmm >= s.from || hhmm < s.to),
  );
}

/** Whether a Slack status says out of office (emoji, or text containing a configured phrase). */
export function outOfOffice(
  status: { emoji?: string; text?: string },
  conf: { outOfOfficeEmoji: string[]; outOfOfficeText: string[] },
): boolean {
  if (status.emoji && conf.outOfOfficeEmoji.includes(status.emoji)) return true;
  const text = (status.text ?? '').toLowerCase();
  return !!text && conf.outOfOfficeText.some((p) => text.includes(p.toLowerCase()));
}

/** Load weight of an open ticket by priority (P1 counts three times a P3). */
export const LOAD_WEIGHT: Record<Priority, number> = { P1: 3, P2: 2, P3: 1 };

/**
 * The candidates in the order they are tried: round robin starts after the `turn`-th member (a
 * counter that advances with each new assignment), or after `after` when a ticket is passed on;
 * least loaded sorts by load, then member order. Excluded members (declined, timed out) are left out.
 */
export function assignmentOrder(
  policy: 'round_robin' | 'least_loaded',
  members: string[],
  opts: { turn: number; loads?: Map<string, number>; excluded?: Set<string>; after?: string },
): string[] {
  const eligible = members.filter((m) => !opts.excluded?.has(m));
  if (eligible.length === 0) return [];
  if (policy === 'least_loaded') {
    const load = (m: string) => opts.loads?.get(m) ?? 0;
    return [...eligible].sort((a, b) => load(a) - load(b) || members.indexOf(a) - members.indexOf(b));
  }
  // Passed on (declined, not accepted in time): the members after the one asked, in member order.
  if (opts.after !== undefined && members.includes(opts.after)) {
    const i = members.indexOf(opts.after);
    return [...members.slice(i + 1), ...members.slice(0, i)].filter((m) => !opts.excluded?.has(m));
  }
  const start = ((opts.turn % eligible.length) + eligible.length) % eligible.length;
  return [...eligible.slice(start), ...eligible.slice(0, start)];
}
