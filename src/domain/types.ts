/**
 * Shared literal unions of the service desk (see ../../../shared/domain.md). Each is an `as const`
 * array (for runtime validation, zod enums, select menus) plus the derived type.
 */

/** P1 紧急 (most urgent) … P3 一般. Ordered strictest first. */
export const PRIORITIES = ['P1', 'P2', 'P3'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** 紧急程度: normal 普通 / urgent 紧急 / critical 特急 (critical requires a reason at intake). */
export const URGENCIES = ['normal', 'urgent', 'critical'] as const;
export type Urgency = (typeof URGENCIES)[number];

/**
 * Impact on the customer: `blocking` = core business blocked or normal use impossible;
 * `partial` = part of a function or of the experience affected; `none` = no impact.
 */
export const IMPACTS = ['blocking', 'partial', 'none'] as const;
export type Impact = (typeof IMPACTS)[number];

/** 需求类型: 咨询, 办理, 投诉, 建议, 售后, 关怀. */
export const REQUEST_TYPES = [
  'consultation',
  'service_request',
  'complaint',
  'suggestion',
  'after_sales',
  'care',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/**
 * Ticket status. A transfer to another department is an action (see lifecycle.ts), not a status:
 * the same ticket becomes `new` (unclaimed) again in the target department.
 * - `new`: waiting to be claimed in its department channel.
 * - `claimed`: an owner took it, no progress posted yet.
 * - `in_progress` / `waiting_customer`: being handled; the latter while the customer must act.
 * - `pending_approval`: a resolution above the owner's authority awaits the supervisor.
 * - `resolved`: solved; the customer must be told the result and surveyed.
 * - `closed`: archived (can still be reopened after a dissatisfied follow-up).
 */
export const TICKET_STATUSES = [
  'new',
  'claimed',
  'in_progress',
  'waiting_customer',
  'pending_approval',
  'resolved',
  'closed',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** What was done on resolution; `declined` = rejected with a reason. */
export const RESOLUTION_TYPES = [
  'answer',
  'fix',
  'compensation',
  'repair',
  'replacement',
  'refund',
  'declined',
] as const;
export type ResolutionType = (typeof RESOLUTION_TYPES)[number];

/** Escalation chain, lowest first: senior staff → department supervisor → service director. */
export const ESCALATION_LEVELS = ['senior', 'supervisor', 'director'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

/** Type guard for values read from untyped sources (Slack payloads, the database). */
export function isOneOf<const T extends readonly string[]>(values: T, value: unknown): value is T[number] {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}
