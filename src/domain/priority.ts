/**
 * Ticket priority from the intake fields (domain.md "Priority and service levels").
 *
 * Every rule whose condition holds proposes a level; the strictest proposal wins ("the stricter
 * rule applies"). Rules only raise: the result is never less strict than the category default.
 *
 * | # | reason             | condition                           | proposes                         |
 * |---|--------------------|-------------------------------------|----------------------------------|
 * | 1 | core_blocked       | impact = blocking                   | P1                               |
 * | 2 | critical_urgency   | urgency = critical                  | P1                               |
 * | 3 | key_account        | key-account customer                | category default raised one level (P3→P2, P2→P1, P1 stays) |
 * | 4 | urgent             | urgency = urgent                    | P2 (raises P3 to P2)             |
 * | 5 | partial_impact     | impact = partial                    | P2 (at least P2)                 |
 * | 6 | complaint          | request type = complaint            | P2 (domain: "attitude complaint" is P2) |
 * | 7 | category_default   | always                              | the category's default priority  |
 *
 * The reason is the first rule in this order whose proposal equals the final level, so it names a
 * rule that set the level and prefers the most specific explanation ("P1: core business blocked");
 * `category_default` only when no other rule reaches the final level.
 *
 * Key account raises the category default, not the result of the other rules: a key account with
 * partial impact is P2 (not P1) unless the category default is already P2. Combined rules do not
 * stack; only blocking impact or critical urgency (e.g. "key account's business stopped") give P1
 * outside P1/P2-default categories.
 */
import type { Impact, Priority, RequestType, Urgency } from './types.ts';

export const PRIORITY_REASONS = [
  'core_blocked',
  'critical_urgency',
  'key_account',
  'urgent',
  'partial_impact',
  'complaint',
  'category_default',
] as const;
/** Key-like code for the UI ("P1: core business blocked"). */
export type PriorityReason = (typeof PRIORITY_REASONS)[number];

export interface PriorityInput {
  categoryDefault: Priority;
  urgency: Urgency;
  impact: Impact;
  keyAccount: boolean;
  requestType: RequestType;
}

export interface PriorityResult {
  priority: Priority;
  reason: PriorityReason;
}

const RANK: Record<Priority, number> = { P1: 1, P2: 2, P3: 3 };

/** True when `a` is stricter than (more urgent than) `b`. */
export function isStricter(a: Priority, b: Priority): boolean {
  return RANK[a] < RANK[b];
}

/** The stricter of two priorities. */
export function stricterOf(a: Priority, b: Priority): Priority {
  return isStricter(b, a) ? b : a;
}

/** One level up (P3→P2, P2→P1); P1 stays P1. */
export function raisePriority(p: Priority): Priority {
  return p === 'P3' ? 'P2' : 'P1';
}

export function derivePriority(input: PriorityInput): PriorityResult {
  const { categoryDefault, urgency, impact, keyAccount, requestType } = input;
  const proposals: Array<[PriorityReason, Priority | null]> = [
    ['core_blocked', impact === 'blocking' ? 'P1' : null],
    ['critical_urgency', urgency === 'critical' ? 'P1' : null],
    ['key_account', keyAccount ? raisePriority(categoryDefault) : null],
    ['urgent', urgency === 'urgent' ? 'P2' : null],
    ['partial_impact', impact === 'partial' ? 'P2' : null],
    ['complaint', requestType === 'complaint' ? 'P2' : null],
    ['category_default', categoryDefault],
  ];
  let priority: Priority = categoryDefault;
  for (const [, p] of proposals) if (p) priority = stricterOf(priority, p);
  const reason = proposals.find(([, p]) => p === priority)![0];
  return { priority, reason };
}
