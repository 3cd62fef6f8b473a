/**
 * Resolving: result summary, root cause, what was done, compensation. Compensation above the
 * approval threshold goes to the department supervisor first (request_resolution →
 * pending_approval → approve/reject). On resolution: resolvedAt, resolutionMet, the customer
 * notification due time, a DM to the opener with "Customer notified" and "Reopen", and the
 * resolved hooks (follow-up scheduling).
 */
import type { Types } from 'mongoose';
import { ACTION } from '../../blocks/ids.ts';
import { userText } from '../../blocks/text.ts';
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { followUpTimes } from '../domain/job-rules.ts';
import { customerNotifyDueAt } from '../domain/sla.ts';
import type { Priority, ResolutionType } from '../domain/types.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { Notification } from '../notices/notify.ts';
import { agentOf, clockFields, pauseFields, resolvedClocks } from './clocks.ts';
import { type CardRef, checkAction, departmentOf, ticketOf, type WorkResult } from './handling.ts';
import { onResolved } from './resolve-hooks.ts';
import { changeTicket } from './ticket-change.ts';

export interface ResolutionInput {
  summary: string;
  rootCause?: string;
  type: ResolutionType;
  compensation?: number;
  /** The resolver marks a complaint as major (reputation risk). */
  major?: boolean;
  /** Keywords for the archive (replace the intake's when given). */
  keywords?: string[];
  /** When the work was actually completed (default: now). */
  completedAt?: Date;
}

export type ApprovalRule = Desk['config']['approval']['rules'][number];

/** The first approval rule (config approval.rules) this resolution meets, if any. */
export function approvalRuleFor(
  desk: Desk,
  t: Pick<TicketDoc, 'requestType'>,
  r: Pick<ResolutionInput, 'compensation' | 'major' | 'type'>,
): ApprovalRule | undefined {
  const { rules, compensationThreshold } = desk.config.approval;
  return rules.find((rule) => {
    if (rule.when === 'compensation_above') return (r.compensation ?? 0) > compensationThreshold;
    if (rule.when === 'major_complaint') return !!r.major && t.requestType === 'complaint';
    return rule.types.includes(r.type);
  });
}

/** Compensation strictly above the configured threshold needs approval (kept for existing callers). */
export function needsApproval(desk: Desk, compensation: number | undefined): boolean {
  return (compensation ?? 0) > desk.config.approval.compensationThreshold;
}

/**
 * The fields set when a ticket becomes resolved at `now`: a pause ends (the resolution due time
 * moves by the time paused), the handling clocks end, the result-notice and follow-up clocks start.
 */
export function resolvedFields(
  desk: Desk,
  t: TicketDoc,
  now: Date,
): { resolvedAt: Date; resolutionMet: boolean; customerNotifyDueAt: Date } & Record<string, unknown> {
  const priority = t.priority as Priority;
  const notifyDueAt = customerNotifyDueAt(now, priority, desk.config.serviceLevels, (at, hours, basis) =>
    desk.calendar.add(at, { hours, basis }),
  );
  const resumed = pauseFields(desk, t, false, now);
  const resolutionDueAt = (resumed.resolutionDueAt as Date | undefined) ?? t.resolutionDueAt;
  const { deadline } = followUpTimes(now, t.requestType, desk.calendar, desk.config.followUp);
  const clocks = resolvedClocks(
    desk,
    t,
    now,
    notifyDueAt,
    deadline,
    desk.config.serviceLevels[priority].basis,
  );
  return {
    ...resumed,
    resolvedAt: now,
    resolutionMet: now.getTime() <= resolutionDueAt.getTime(),
    customerNotifyDueAt: notifyDueAt,
    ...clockFields(clocks),
  };
}

export async function resolveTicket(
  desk: Desk,
  req: { ticketId: Types.ObjectId; current?: TicketDoc; by: string; from?: CardRef } & ResolutionInput,
): Promise<WorkResult & { pendingApproval?: boolean }> {
  const t = await ticketOf(desk, req);
  if (!t) return { ok: false, reason: 'not_found' };
  const refused = checkAction(desk, t, 'resolve', req.by, 'handler', req.from);
  if (refused) return { ok: false, reason: refused, ticket: t };
  const now = desk.clock.now();
  const resolution = {
    summary: req.summary,
    rootCause: req.rootCause ?? '',
    type: req.type,
    ...(req.compensation !== undefined ? { compensation: req.compensation } : {}),
    ...(req.major ? { major: true } : {}),
    completedAt: req.completedAt ?? now,
    by: req.by,
    at: now,
  };
  const keywords = req.keywords?.length ? { keywords: req.keywords } : {};
  // Audit notes join a code and what was typed with ' — ', which reads the same in both languages.
  const note = `${req.type}${req.compensation !== undefined ? ` ${req.compensation}` : ''} — ${req.summary}`;
  const rule = approvalRuleFor(desk, t, req);
  if (rule) {
    const res = await changeTicket(desk, {
      ticketId: t._id,
      current: t,
      action: 'request_resolution',
      by: req.by,
      note: `${note} — ${rule.id} → ${rule.approver}`,
      set: {
        resolution,
        ...keywords,
        approval: { requestedAt: now, rule: rule.id, approver: rule.approver },
      },
      notices: (version) => approvalNotices(desk, t, version, req.by, resolution, rule),
    });
    if (!res.ok) return res;
    return { ok: true, ticket: res.ticket, pendingApproval: true };
  }
  const fields = resolvedFields(desk, t, now);
  const res = await changeTicket(desk, {
    ticketId: t._id,
    current: t,
    action: 'resolve',
    by: req.by,
    note,
    set: { resolution, ...keywords, ...fields },
    notices: resolvedNotices(t, resolution, fields.customerNotifyDueAt),
  });
  if (!res.ok) return res;
  afterResolved(desk, res.ticket);
  return { ok: true, ticket: res.ticket };
}

/** The department supervisors' DMs with Approve / Reject buttons, and the thread notice. */
function approvalNotices(
  desk: Desk,
  t: TicketDoc,
  version: number,
  by: string,
  r: { summary: string; compensation?: number },
  rule: ApprovalRule,
): Notification[] {
  const dept = departmentOf(desk, t.departmentId);
  const approvers = rule.approver === 'director' ? desk.config.serviceDirectors : (dept?.supervisors ?? []);
  const message =
    rule.when === 'compensation_above'
      ? ('notice.approvalRequested' as const)
      : ('notice.approvalRule' as const);
  const params = {
    rule: rule.id,
    number: t.number,
    user: by,
    amount: r.compensation ?? 0,
    currency: desk.config.approval.currency,
    threshold: desk.config.approval.compensationThreshold,
    summary: userText(r.summary, 1500),
  };
  return [
    ...approvers.map((s) => ({
      key: `approval:${t._id}:${version}:${s}`,
      to: s,
      message,
      params,
      buttons: [
        ['button.approve', ACTION.approve, t.number],
        ['button.reject', ACTION.reject, t.number],
      ] as [MessageKey, string, string][],
    })),
    {
      key: `approval-thread:${t._id}:${version}`,
      to: t.card?.channel ?? '',
      inThread: true,
      message: 'thread.approvalRequested',
      params,
    },
  ];
}

/** When a ticket becomes resolved: the opener's DM (tell the customer, with its due time) and the thread. */
export function resolvedNotices(
  t: TicketDoc,
  r: { summary?: string | null; by?: string | null },
  notifyDueAt: Date | undefined,
): Notification[] {
  const round = t.reopenCount ?? 0;
  return [
    {
      key: `resolved:${t._id}:${round}`,
      to: agentOf(t),
      message: 'notice.resolved',
      params: {
        number: t.number,
        user: r.by ?? '',
        summary: userText(r.summary ?? '', 1500),
        priority: t.priority,
        ...(notifyDueAt ? { dueAt: notifyDueAt.toISOString() } : {}),
      },
      buttons: [
        ['button.customerNotified', ACTION.customerNotified, t.number],
        ['card.reopenButton', ACTION.reopen, t.number],
      ],
    },
    {
      key: `resolved-thread:${t._id}:${round}`,
      to: t.card?.channel ?? '',
      inThread: true,
      message: 'thread.resolved',
      params: { user: r.by ?? '', summary: userText(r.summary ?? '', 1500) },
    },
  ];
}

/**
 * After a ticket became resolved: schedule its satisfaction follow-up. Not owed with the change:
 * the follow-up job's plan catches up any resolution without one.
 */
export function afterResolved(desk: Desk, t: TicketDoc): void {
  desk.metrics.ticket('resolved', t);
  desk.background.run('schedule follow-up', () => onResolved(desk, t));
}
