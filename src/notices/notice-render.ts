/**
 * Renders a notice about a ticket in the shared layout (blocks/notice.ts ticketNoticeBlocks): who
 * the recipient is to the ticket (the primary action depends on it) and, for the first-contact
 * agent's result and follow-up DMs, the contact details they may see in full. Every sending of full
 * details is recorded in the ticket's history (who was shown them, when) once Slack accepted the message.
 */
import type { KnownBlock } from '@slack/types';
import { type NoticeButton, noticeBlocks, ticketNoticeBlocks } from '../../blocks/notice.ts';
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import type { NoticeRole } from '../domain/notice-rules.ts';
import type { MessageKey, Translate } from '../i18n/index.ts';
import { isDirector, maySeeFullDetails, supervisesTicket } from '../tickets/permissions.ts';

/** The first-contact agent's DMs that carry the customer's need and contact details. */
export const CONTACT_MESSAGES: readonly string[] = [
  'notice.resolved',
  'followup.agent',
  'followup.agent.reminder',
  'followup.agent.retry',
];

function roleOf(desk: Desk, to: string, t: TicketDoc): NoticeRole {
  if (!/^[UW]/.test(to)) return 'channel';
  if (supervisesTicket(desk.config, to, t) || isDirector(desk.config, to)) return 'supervisor';
  if (to === (t.agentId || t.openedBy)) return 'agent';
  return 'other';
}

/** Full details for `to` when the message is one of the agent's and the rules allow it; else null. */
function contactFor(desk: Desk, to: string, message: MessageKey, t: TicketDoc) {
  if (!CONTACT_MESSAGES.includes(message)) return null;
  const agent = t.agentId || t.openedBy;
  if (to !== agent) return null;
  // permissions.ts: the handlers (the first-contact agent among them), supervisors, leads, granted users.
  if (!(maySeeFullDetails(desk.config, to, t) || to === t.agentId)) return null;
  const c = t.customer;
  if (!c || c.anonymisedAt) return null;
  return { name: c.name ?? '', phone: c.phone ?? '', email: c.email ?? '', need: t.desiredOutcome ?? '' };
}

export interface RenderedNotice {
  blocks: KnownBlock[];
  /** Full contact details are in the message: record it once sent (recordContactShown). */
  contactShown: boolean;
}

export function ticketNotice(
  desk: Desk,
  tr: Translate,
  n: {
    to: string;
    message: MessageKey;
    text: string;
    buttons: NoticeButton[];
    inThread: boolean;
    ticket: TicketDoc | null;
    now: Date;
  },
): RenderedNotice {
  const t = n.ticket;
  // Replies in the card's thread sit under the card itself: no summary there.
  if (!t || n.inThread) return { blocks: noticeBlocks(tr, n.text, n.buttons), contactShown: false };
  const contact = contactFor(desk, n.to, n.message, t);
  const blocks = ticketNoticeBlocks(tr, {
    text: n.text,
    ticket: t,
    role: roleOf(desk, n.to, t),
    now: n.now,
    buttons: n.buttons,
    contact,
  });
  return { blocks, contactShown: !!contact };
}

/**
 * The audit entry of full contact details sent to `to` (data protection: who, when, what). Like a
 * full view of the ticket (src/tickets/view-ticket.ts), it is appended to the history without a
 * version bump: nothing on the card changes, so no redraw is owed.
 */
export async function recordContactShown(
  desk: Desk,
  t: TicketDoc,
  to: string,
  message: MessageKey,
): Promise<void> {
  await desk.models.Ticket.updateOne(
    { _id: t._id },
    {
      $push: {
        history: {
          at: desk.clock.now(),
          by: to,
          action: 'view_full',
          note: `customer contact details sent by DM (${message})`,
        },
      },
    },
  );
}
