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
import { customerNotifyDueAt } from '../domain/sla.ts';
import type { Priority, ResolutionType } from '../domain/types.ts';
import type { MessageKey } from '../i18n/index.ts';
import { type CardRef, checkAction, departmentOf, type WorkResult } from './handling.ts';
import { notify } from './notify.ts';
import { onResolved } from './resolve-hooks.ts';
import { changeTicket } from './ticket-change.ts';

export interface ResolutionInput {
  summary: string;
  rootCause?: string;
  type: ResolutionType;
  compensation?: number;
}

/** Compensation strictly above the configured threshold needs the supervisor's approval. */
export function needsApproval(desk: Desk, compensation: number | undefined): boolean {
  return (compensation ?? 0) > desk.config.approval.compensationThreshold;
}

/** The fields set when a ticket becomes resolved at `now`. */
export function resolvedFields(desk: Desk, t: TicketDoc, now: Date): Record<string, unknown> {
  return {
    resolvedAt: now,
    resolutionMet: now.getTime() <= t.resolutionDueAt.getTime(),
    customerNotifyDueAt: customerNotifyDueAt(
      now,
      t.priority as Priority,
      desk.config.serviceLevels,
      (at, hours, basis) => desk.calendar.add(at, { hours, basis }),
    ),
  };
}

export async function resolveTicket(
  desk: Desk,
  req: { ticketId: Types.ObjectId; by: string; from?: CardRef } & ResolutionInput,
): Promise<WorkResult & { pendingApproval?: boolean }> {
  const t = await desk.models.Ticket.findById(req.ticketId);
  if (!t) return { ok: false, reason: 'not_found' };
  const refused = checkAction(desk, t, 'resolve', req.by, 'handler', req.from);
  if (refused) return { ok: false, reason: refused, ticket: t };
  const now = desk.clock.now();
  const resolution = {
    summary: req.summary,
    rootCause: req.rootCause ?? '',
    type: req.type,
    ...(req.compensation !== undefined ? { compensation: req.compensation } : {}),
    by: req.by,
    at: now,
  };
  const note = `${req.type}${req.compensation !== undefined ? ` ${req.compensation}` : ''}: ${req.summary}`;
  if (needsApproval(desk, req.compensation)) {
    const res = await changeTicket(desk, {
      ticketId: t._id,
      action: 'request_resolution',
      by: req.by,
      note,
      set: { resolution, approval: { requestedAt: now } },
    });
    if (!res.ok) return res;
    const u = res.ticket;
    desk.background.run('approval request', () => requestApproval(desk, u, req.by));
    return { ok: true, ticket: u, pendingApproval: true };
  }
  const res = await changeTicket(desk, {
    ticketId: t._id,
    action: 'resolve',
    by: req.by,
    note,
    set: { resolution, ...resolvedFields(desk, t, now) },
  });
  if (!res.ok) return res;
  desk.background.run('resolved', () => afterResolved(desk, res.ticket));
  return { ok: true, ticket: res.ticket };
}

/** DMs the department supervisors with Approve / Reject buttons, and says so in the thread. */
async function requestApproval(desk: Desk, t: TicketDoc, by: string): Promise<void> {
  const dept = departmentOf(desk, t.departmentId);
  const r = t.resolution;
  const params = {
    number: t.number,
    user: by,
    amount: r?.compensation ?? 0,
    currency: desk.config.approval.currency,
    threshold: desk.config.approval.compensationThreshold,
    summary: userText(r?.summary ?? '', 1500),
  };
  await notify(desk, [
    ...(dept?.supervisors ?? []).map((s) => ({
      key: `approval:${t._id}:${t.version}:${s}`,
      to: s,
      ticketId: t._id,
      message: 'notice.approvalRequested' as const,
      params,
      buttons: [
        ['button.approve', ACTION.approve, t.number],
        ['button.reject', ACTION.reject, t.number],
      ] as [MessageKey, string, string][],
    })),
    {
      key: `approval-thread:${t._id}:${t.version}`,
      to: t.card?.channel ?? '',
      inThread: true,
      ticketId: t._id,
      message: 'thread.approvalRequested',
      params,
    },
  ]);
}

/** After a ticket became resolved: the opener's DM (tell the customer), the thread, the hooks. */
export async function afterResolved(desk: Desk, t: TicketDoc): Promise<void> {
  desk.metrics.ticket('resolved', t);
  const round = t.reopenCount ?? 0;
  await notify(desk, [
    {
      key: `resolved:${t._id}:${round}`,
      to: t.openedBy,
      ticketId: t._id,
      message: 'notice.resolved',
      params: {
        number: t.number,
        user: t.resolution?.by ?? '',
        summary: userText(t.resolution?.summary ?? '', 1500),
        priority: t.priority,
        ...(t.customerNotifyDueAt ? { dueAt: t.customerNotifyDueAt.toISOString() } : {}),
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
      ticketId: t._id,
      message: 'thread.resolved',
      params: { user: t.resolution?.by ?? '', summary: userText(t.resolution?.summary ?? '', 1500) },
    },
  ]);
  await onResolved(desk, t);
}
