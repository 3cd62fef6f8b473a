/**
 * The one way a ticket changes: a conditional single-document update (the expected status is part
 * of the filter, so concurrent clicks cannot both win) that also appends the audit entry and bumps
 * the card version; then every Slack surface is redrawn from the stored ticket.
 */
import type { Types, UpdateQuery } from 'mongoose';
import type { Desk } from '../context.ts';
import type { TicketDoc, TicketFields } from '../db/models/index.ts';
import { type DeniedReason, type LifecycleAction, transition } from '../domain/lifecycle.ts';
import type { TicketStatus } from '../domain/types.ts';
import { redrawCard } from './card.ts';
import { refreshHomesOf } from './home.ts';

export interface ChangeRequest {
  ticketId: Types.ObjectId;
  /** The lifecycle action (checked against the state machine). */
  action: LifecycleAction;
  by: string;
  note?: string;
  /** Extra filter conditions (e.g. `{ ownerId: null }`). */
  where?: Record<string, unknown>;
  /** Field updates besides status, history and version. */
  set?: Record<string, unknown>;
  update?: UpdateQuery<TicketFields>;
  transitionOptions?: Parameters<typeof transition>[2];
  /** History from/to override (default: status before → after). */
  from?: string;
  to?: string;
}

export type ChangeResult =
  | { ok: true; ticket: TicketDoc; before: TicketStatus }
  | { ok: false; reason: DeniedReason | 'not_found' | 'conflict'; ticket?: TicketDoc };

/**
 * Applies a lifecycle action: reads the ticket, asks the state machine, and writes the change only
 * if the ticket is still in the status it was read in (otherwise `conflict`: someone else was first).
 */
export async function changeTicket(desk: Desk, req: ChangeRequest): Promise<ChangeResult> {
  const { Ticket } = desk.models;
  const current = await Ticket.findById(req.ticketId);
  if (!current) return { ok: false, reason: 'not_found' };
  const before = current.status as TicketStatus;
  const step = transition(before, req.action, req.transitionOptions);
  if (!step.ok) return { ok: false, reason: step.reason, ticket: current };
  const now = desk.clock.now();
  const update: UpdateQuery<TicketFields> = {
    ...(req.update ?? {}),
    $set: { ...(req.update?.$set ?? {}), ...(req.set ?? {}), status: step.to },
    $inc: { ...(req.update?.$inc ?? {}), version: 1 },
    $push: {
      ...(req.update?.$push ?? {}),
      history: {
        at: now,
        by: req.by,
        action: req.action,
        from: req.from ?? before,
        to: req.to ?? step.to,
        note: req.note,
      },
    },
  };
  const updated = await Ticket.findOneAndUpdate(
    { _id: req.ticketId, status: before, version: current.version, ...(req.where ?? {}) },
    update,
    { returnDocument: 'after' },
  );
  if (!updated) {
    const latest = await Ticket.findById(req.ticketId);
    return { ok: false, reason: 'conflict', ticket: latest ?? undefined };
  }
  desk.log.info(
    { ticket: updated.number, action: req.action, by: req.by, from: before, to: step.to },
    'ticket changed',
  );
  desk.background.run('redraw card', () => redrawCard(desk, updated._id));
  desk.background.run('redraw homes', () =>
    refreshHomesOf(desk, [updated.openedBy, updated.ownerId, current.ownerId]),
  );
  return { ok: true, ticket: updated, before };
}

/** Appends an audit entry and bumps the version without a status change (notes, acknowledgements). */
export async function recordOnTicket(
  desk: Desk,
  ticketId: Types.ObjectId,
  entry: { by: string; action: string; note?: string; from?: string; to?: string },
  update: UpdateQuery<TicketFields> = {},
  where: Record<string, unknown> = {},
): Promise<TicketDoc | null> {
  const now = desk.clock.now();
  const updated = await desk.models.Ticket.findOneAndUpdate(
    { _id: ticketId, ...where },
    {
      ...update,
      $inc: { ...(update.$inc ?? {}), version: 1 },
      $push: { ...(update.$push ?? {}), history: { at: now, ...entry } },
    },
    { returnDocument: 'after' },
  );
  if (updated) desk.background.run('redraw card', () => redrawCard(desk, updated._id));
  return updated;
}
