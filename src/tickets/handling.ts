/**
 * What every handling operation (claim, progress, transfer, collaborate, escalate, resolve,
 * approve, notify customer, reopen, reassign) shares: finding the ticket, the refusal codes the UI
 * explains, the lifecycle + permission check done before anything changes, the stale-card check
 * (a click on a card the ticket has left), and department membership.
 */
import type { Types } from 'mongoose';
import type { FormContext } from '../../blocks/workflow-modals.ts';
import type { Department } from '../config/desk-config.ts';
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { type DeniedReason, type LifecycleAction, transition } from '../domain/lifecycle.ts';
import type { TicketStatus } from '../domain/types.ts';
import type { Lang } from '../i18n/index.ts';
import { scopeTicket } from '../ops/log-scope.ts';
import { isDirector, mayHandle, supervisesTicket } from './permissions.ts';

/** Why a handling operation changed nothing (explained to the user by the listeners). */
export type Refusal =
  | DeniedReason
  | 'not_found'
  | 'conflict'
  /** Not a member of the department (channel members, user group, supervisors). */
  | 'not_member'
  /** Not the owner, a supervisor of the department or a director. */
  | 'not_permitted'
  /** Only the department's supervisors (or a director) may do this. */
  | 'not_supervisor'
  /** The approval rule names the service director. */
  | 'not_director'
  /** The click came from a department card the ticket has left (transferred). */
  | 'stale_card'
  | 'already_notified'
  | 'already_acknowledged'
  /** The emergency process was already confirmed. */
  | 'already_confirmed'
  | 'invalid_target';

/**
 * The stored ticket as the handling operations read and return it. Listeners name it through here
 * (they never import the models); for display only, src/domain/views.ts's TicketView suffices.
 */
export type StoredTicket = TicketDoc;

export type WorkResult = { ok: true; ticket: TicketDoc } | { ok: false; reason: Refusal; ticket?: TicketDoc };

/** The Slack message a button was clicked on (to refuse clicks on old cards). */
export interface CardRef {
  channel: string;
  ts: string;
}

export function departmentOf(desk: Desk, id: string): Department | undefined {
  return desk.config.departments.find((d) => d.id === id);
}

export async function ticketByNumber(desk: Desk, number: string): Promise<TicketDoc | null> {
  return desk.models.Ticket.findOne({ number });
}

/** The ticket a request names: the one the caller just read (`current`), else read now. */
export async function ticketOf(
  desk: Desk,
  req: { ticketId: Types.ObjectId; current?: TicketDoc },
): Promise<TicketDoc | null> {
  if (req.current?._id.equals(req.ticketId)) return req.current;
  return desk.models.Ticket.findById(req.ticketId);
}

/** True when `from` is a former department card of the ticket (it was transferred away). */
export function isStaleCard(t: TicketDoc, from: CardRef | undefined): boolean {
  if (!from?.ts) return false;
  if (t.card?.ts && t.card.ts === from.ts) return false;
  return (t.formerCards ?? []).some((c) => c.ts === from.ts && c.channel === from.channel);
}

/** Who may do what beyond the life cycle. */
export type Permission = 'handler' | 'supervisor' | 'reopener' | 'agent' | 'anyone';

export function permitted(desk: Desk, t: TicketDoc, user: string, who: Permission): boolean {
  const cfg = desk.config;
  switch (who) {
    case 'handler':
      return mayHandle(cfg, user, t);
    case 'supervisor':
      return supervisesTicket(cfg, user, t) || isDirector(cfg, user);
    case 'reopener':
    case 'agent':
      // The opener, the first-contact agent (after a handover) and the handlers.
      return user === t.openedBy || user === t.agentId || mayHandle(cfg, user, t);
    default:
      return true;
  }
}

/**
 * The check before any change (and before a modal is offered): stale card first, then the life
 * cycle (so "not claimed yet" is said even to a supervisor), then who may act.
 */
export function checkAction(
  desk: Desk,
  t: TicketDoc,
  action: LifecycleAction,
  user: string,
  who: Permission,
  from?: CardRef,
): Refusal | null {
  scopeTicket(t.number); // the request's log lines carry the ticket number from here on
  if (isStaleCard(t, from)) return 'stale_card';
  const step = transition(t.status as TicketStatus, action);
  if (!step.ok) return step.reason;
  if (!permitted(desk, t, user, who)) return who === 'supervisor' ? 'not_supervisor' : 'not_permitted';
  return null;
}

/** Department membership (channel members, user group, supervisors), cached for a minute. */
export async function isDepartmentMember(desk: Desk, dept: Department, user: string): Promise<boolean> {
  return (await desk.members.members(dept)).has(user);
}

/** The current department card's link, for notices. */
export function cardLink(t: TicketDoc): Record<string, string> {
  return t.card?.permalink ? { link: t.card.permalink } : {};
}

/** What a handling form shows of the ticket at the top (blocks/workflow-modals.ts). */
export function formContext(desk: Desk, t: TicketDoc, lang: Lang): FormContext {
  const stageName = (id: string | null | undefined) =>
    desk.config.progressStages.find((s) => s.id === id)?.name[lang] ?? id ?? '';
  const p = t.progress;
  return {
    need: t.desiredOutcome ?? '',
    resolutionDueAt: t.resolutionDueAt,
    done: t.status === 'resolved' || t.status === 'closed',
    now: desk.clock.now(),
    ...(p?.stage ? { stage: p.stage } : {}),
    ...(p?.at && p.by ? { last: { at: p.at, by: p.by, stage: stageName(p.stage), note: p.note ?? '' } } : {}),
    opened: { at: t.openedAt, by: t.openedBy },
  };
}
