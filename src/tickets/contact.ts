/**
 * The customer contact log: who reached the customer, how, what was said and whether the customer
 * accepted the plan or result (客户确认). A contact meets the clocks it answers (src/domain/clocks.ts
 * `contactMeets`: P1 contact, first response once claimed, progress sync — which then restarts —
 * and the result notice unless the customer did not accept), is recorded in the history and posted
 * in the card's thread; a contact the customer did not accept is flagged there and on the card.
 */
import type { Types } from 'mongoose';
import { userText } from '../../blocks/text.ts';
import type { Desk } from '../context.ts';
import {
  type ContactAccepted,
  type ContactMethod,
  contactMeets,
  isOpenClock,
  meetClocks,
  withClocks,
} from '../domain/clocks.ts';
import { t as translate } from '../i18n/index.ts';
import { agentOf, clockFields, clocksOf, progressSyncClock } from './clocks.ts';
import { type CardRef, checkAction, type WorkResult } from './handling.ts';
import { changeTicket } from './ticket-change.ts';

export interface ContactInput {
  method: ContactMethod;
  summary: string;
  accepted: ContactAccepted;
}

export async function recordContact(
  desk: Desk,
  req: { ticketId: Types.ObjectId; by: string; from?: CardRef } & ContactInput,
): Promise<WorkResult> {
  const t = await desk.models.Ticket.findById(req.ticketId);
  if (!t) return { ok: false, reason: 'not_found' };
  const refused = checkAction(desk, t, 'contact', req.by, 'agent', req.from);
  if (refused) return { ok: false, reason: refused, ticket: t };
  const now = desk.clock.now();
  const resolved = t.status === 'resolved';
  const before = clocksOf(t);
  const kinds = contactMeets({ claimed: !!t.ownerId, resolved, accepted: req.accepted });
  let clocks = meetClocks(before, kinds, now);
  const met = [
    ...new Set(
      clocks.filter((c, i) => c.state === 'met' && before[i] && isOpenClock(before[i]!)).map((c) => c.kind),
    ),
  ];
  // The next progress sync is due 2 working days after this one while the ticket is being handled.
  if (met.includes('progress_sync') && t.ownerId && !resolved)
    clocks = withClocks(clocks, [progressSyncClock(desk, now)]);
  const lang = desk.config.organisation.defaultLanguage;
  const accepted = req.accepted === 'yes';
  const flag =
    req.accepted === 'no'
      ? translate(lang, 'thread.contact.notAccepted')
      : accepted
        ? translate(lang, 'thread.contact.accepted')
        : '';
  const metLine = met.length
    ? translate(lang, 'thread.contact.met', {
        clocks: met.map((k) => translate(lang, `clock.name.${k}`, { subject: '' })).join(', '),
      })
    : '';
  const contact = {
    at: now,
    by: req.by,
    method: req.method,
    summary: req.summary,
    accepted: req.accepted !== 'no',
    met,
  };
  const set: Record<string, unknown> = { ...clockFields(clocks) };
  if (met.includes('result_notice') && !t.customerNotifiedAt) set.customerNotifiedAt = now;
  const res = await changeTicket(desk, {
    ticketId: t._id,
    current: t,
    action: 'contact',
    by: req.by,
    note: `${req.method}${req.accepted === 'no' ? ' [not accepted]' : ''} — ${req.summary}`,
    set,
    update: { $push: { contacts: contact } },
    notices: (version) => [
      {
        key: `contact-thread:${t._id}:${version}`,
        to: t.card?.channel ?? '',
        inThread: true,
        message: 'thread.contact',
        params: {
          user: req.by,
          method: req.method,
          summary: `${userText(req.summary, 1500)}${flag}${metLine}`,
        },
      },
    ],
  });
  if (!res.ok) return res;
  desk.log.info({ ticket: res.ticket.number, method: req.method, met }, 'customer contact recorded');
  return { ok: true, ticket: res.ticket };
}

/** A supervisor (or director) confirms the emergency process started: meets the emergency clock. */
export async function confirmEmergency(
  desk: Desk,
  req: { ticketId: Types.ObjectId; by: string },
): Promise<WorkResult> {
  const t = await desk.models.Ticket.findById(req.ticketId);
  if (!t) return { ok: false, reason: 'not_found' };
  const refused = checkAction(desk, t, 'confirm_emergency', req.by, 'supervisor');
  if (refused) return { ok: false, reason: refused, ticket: t };
  if (t.emergency?.confirmedAt) return { ok: false, reason: 'already_confirmed', ticket: t };
  const now = desk.clock.now();
  return changeTicket(desk, {
    ticketId: t._id,
    current: t,
    action: 'confirm_emergency',
    by: req.by,
    where: { 'emergency.confirmedAt': null },
    set: {
      emergency: { confirmedBy: req.by, confirmedAt: now },
      ...clockFields(meetClocks(clocksOf(t), ['emergency'], now)),
    },
    notices: [
      {
        key: `emergency-confirmed:${t._id}`,
        to: t.card?.channel ?? '',
        inThread: true,
        message: 'thread.emergencyConfirmed',
        params: { user: req.by },
      },
    ],
  });
}

/**
 * The first-contact agent hands the role to a colleague (the agent, a handler or a supervisor may):
 * audited in the history, told in the thread and to the new agent by DM.
 */
export async function handOverAgent(
  desk: Desk,
  req: { ticketId: Types.ObjectId; by: string; to: string; reason: string; from?: CardRef },
): Promise<WorkResult> {
  const t = await desk.models.Ticket.findById(req.ticketId);
  if (!t) return { ok: false, reason: 'not_found' };
  const refused = checkAction(desk, t, 'hand_over', req.by, 'agent', req.from);
  if (refused) return { ok: false, reason: refused, ticket: t };
  const previous = agentOf(t);
  if (req.to === previous) return { ok: false, reason: 'invalid_target', ticket: t };
  const reason = userText(req.reason, 1000);
  return changeTicket(desk, {
    ticketId: t._id,
    current: t,
    action: 'hand_over',
    by: req.by,
    from: previous,
    to: req.to,
    note: req.reason,
    set: { agentId: req.to },
    notices: (version) => [
      {
        key: `handed-over:${t._id}:${version}`,
        to: req.to,
        message: 'agent.handedOver',
        params: { number: t.number, user: req.by, reason },
      },
      {
        key: `handed-over-thread:${t._id}:${version}`,
        to: t.card?.channel ?? '',
        inThread: true,
        message: 'thread.handedOver',
        params: { from: previous, to: req.to, reason },
      },
    ],
  });
}
