/**
 * Notices and DMs (ticket-change notices, scheduled nudges, service-level notices, follow-ups): the
 * text in a section; for a notice about a ticket, one compact summary of it (number linked to its
 * card, subject, masked customer, state, time left or late) and, for the first-contact agent's
 * result and follow-up DMs, the contact details they may see; then the buttons, exactly one of them
 * primary. The parameters their messages name, filled in the recipient's language; and a notice
 * redrawn after a click on one of its buttons.
 */
import type { Button, KnownBlock } from '@slack/types';
import type { DeskConfig } from '../src/config/desk-config.ts';
import {
  type NoticeRole,
  noticeDueOf,
  type PrimaryAction,
  primaryActionOf,
} from '../src/domain/notice-rules.ts';
import { subjectOf } from '../src/domain/subject.ts';
import { timeLeft } from '../src/domain/time-left.ts';
import type { TicketView } from '../src/domain/views.ts';
import type { Lang, MessageKey, Params, Translate } from '../src/i18n/index.ts';
import { button, context, plain, section } from './elements.ts';
import { ACTION, BLOCK } from './ids.ts';
import { escapeMrkdwn, slackTime } from './text.ts';
import { maskedContact, names } from './ticket-card.ts';
import { timeLeftText } from './time-left.ts';

/** [label key, action id, value] */
export type NoticeButton = [MessageKey, string, string];

/** A notice: its text in a section, then its buttons (if any) in one actions block. */
export function noticeBlocks(tr: Translate, text: string, buttons: NoticeButton[]): KnownBlock[] {
  const blocks: KnownBlock[] = [section(text)];
  if (buttons.length)
    blocks.push({
      type: 'actions',
      elements: buttons.map(([label, action, value]) => button(tr(label), action, value)),
    });
  return blocks;
}

/** Full contact details for the first-contact agent (their sending is audited by the caller). */
export interface NoticeContact {
  name: string;
  phone: string;
  email: string;
  /** The customer's desired outcome (诉求). */
  need: string;
}

/** What a notice about a ticket is built from (plain data; `now` from the desk clock or the job's --now). */
export interface TicketNotice {
  text: string;
  ticket: TicketView;
  role: NoticeRole;
  now: Date;
  buttons: NoticeButton[];
  /** Set only when the recipient may see them in full (src/tickets/permissions.ts). */
  contact?: NoticeContact | null;
}

/** The action ids that stand for each primary action (a notice's own button is reused when it has one). */
const PRIMARY_ACTION_ID: Record<PrimaryAction, string> = {
  view: ACTION.details,
  take: ACTION.claim,
  assign: ACTION.noticeAssign,
  informed: ACTION.customerNotified,
  survey: ACTION.survey,
  accept: ACTION.assignAccept,
  approve: ACTION.approve,
  acknowledge: ACTION.acknowledge,
};

const PRIMARY_LABEL: Record<PrimaryAction, MessageKey> = {
  view: 'notice.button.view',
  take: 'notice.button.take',
  assign: 'notice.button.assign',
  informed: 'button.customerNotified',
  survey: 'followup.button.record',
  accept: 'assign.accept',
  approve: 'button.approve',
  acknowledge: 'button.acknowledge',
};

/** "Unclaimed", "In progress, <@U1> owns it", "✅ Resolved". */
function stateText(tr: Translate, t: TicketView): string {
  const status = tr(`status.${t.status}` as MessageKey);
  if (t.status === 'resolved' || t.status === 'closed') return tr('notice.state.done', { status });
  if (!t.ownerId) return tr('notice.state.unclaimed');
  return tr('notice.state.owned', { status, owner: t.ownerId });
}

/** "3h 20m left", "🔴 late by 1d 2h", or "no due time". */
function dueText(tr: Translate, t: TicketView, now: Date): string {
  const due = noticeDueOf(t);
  if (!due) return tr('notice.due.none');
  const text = timeLeftText(tr, due, now);
  return timeLeft(due, now).late ? tr('notice.due.late', { time: text }) : text;
}

/** The summary lines: number (linked to the card) and subject; customer, state, time left or late. */
export function noticeSummary(tr: Translate, t: TicketView, now: Date): string {
  const masked = maskedContact(t);
  const number = t.card?.permalink ? `<${t.card.permalink}|${t.number}>` : t.number;
  const customer =
    masked.contact === '—'
      ? escapeMrkdwn(masked.name)
      : tr('notice.customer', { name: escapeMrkdwn(masked.name), contact: escapeMrkdwn(masked.contact) });
  return tr('notice.summary', {
    number,
    subject: escapeMrkdwn(subjectOf(t)),
    customer,
    state: stateText(tr, t),
    time: dueText(tr, t, now),
  });
}

/** The buttons with exactly one primary: the notice's own button for that action when it has one. */
export function noticeButtons(tr: Translate, n: TicketNotice): Button[] {
  const ids = n.buttons.map(([, action]) => action);
  const primary = primaryActionOf(n.ticket, n.role, {
    survey: ids.includes(ACTION.survey),
    informed: ids.includes(ACTION.customerNotified),
    accept: ids.includes(ACTION.assignAccept),
    approve: ids.includes(ACTION.approve),
    acknowledge: ids.includes(ACTION.acknowledge),
  });
  const permalink = n.ticket.card?.permalink;
  // Assign to… opens the card (where a supervisor assigns); without a card, View.
  const chosen: PrimaryAction = primary === 'assign' && !permalink ? 'view' : primary;
  const primaryId = PRIMARY_ACTION_ID[chosen];
  const others = n.buttons
    .filter(([, action]) => action !== primaryId)
    .map(([label, action, value]) => button(tr(label), action, value));
  const own = n.buttons.find(([, action]) => action === primaryId);
  const first: Button =
    chosen === 'assign'
      ? {
          type: 'button',
          text: plain(tr(PRIMARY_LABEL.assign), 75),
          action_id: ACTION.noticeAssign,
          value: n.ticket.number,
          url: permalink!,
          style: 'primary',
        }
      : button(tr(own?.[0] ?? PRIMARY_LABEL[chosen]), primaryId, own?.[2] ?? n.ticket.number, 'primary');
  return [first, ...others].slice(0, 25);
}

/**
 * A notice about a ticket, the one layout every alert and DM shares: the message, the ticket's
 * summary, the contact details when given, and the buttons (one primary).
 */
export function ticketNoticeBlocks(tr: Translate, n: TicketNotice): KnownBlock[] {
  const blocks: KnownBlock[] = [section(n.text), context([noticeSummary(tr, n.ticket, n.now)])];
  if (n.contact)
    blocks.push(
      section(
        tr('notice.contact', {
          name: escapeMrkdwn(n.contact.name || '—'),
          phone: escapeMrkdwn(n.contact.phone || '—'),
          email: escapeMrkdwn(n.contact.email || '—'),
          need: escapeMrkdwn(n.contact.need || '—'),
        }),
      ),
    );
  blocks.push({ type: 'actions', block_id: BLOCK.noticeActions, elements: noticeButtons(tr, n) });
  return blocks;
}

/** Params whose ISO value is shown as a Slack date (each reader sees their own time zone). */
const DATE_PARAMS: Record<string, string> = { dueAt: 'due', deadlineAt: 'deadline', untilAt: 'until' };

/**
 * How `{link}` shows the ticket when the notice names no link of its own:
 * - `permalink`: the bare card permalink, or "(card not posted yet)" (ticket-change notices);
 * - `number`: the ticket number linked to the card, or the bare number (scheduled notices).
 */
export type LinkStyle = 'permalink' | 'number';

/**
 * Fills the derived parameters of a notice in the recipient's language: department names, Slack
 * dates, escalation level, priority, the priority reason and the link to the card.
 */
export function noticeParams(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  params: Params,
  t: Pick<TicketView, 'number' | 'priorityReason' | 'card'> | null,
  link: LinkStyle,
): Params {
  const n = names(config, lang);
  const out: Params = { ...params };
  if (typeof params.departmentId === 'string') out.department = n.department(params.departmentId);
  if (typeof params.targetDepartmentId === 'string') out.target = n.department(params.targetDepartmentId);
  for (const [from, to] of Object.entries(DATE_PARAMS)) {
    const v = params[from];
    if (typeof v === 'string') out[to] = slackTime(new Date(v));
  }
  if (typeof params.escalationLevel === 'string')
    out.level = tr(`escalation.${params.escalationLevel}` as MessageKey);
  if (typeof params.clockKind === 'string') out.clock = tr(`clock.name.${params.clockKind}` as MessageKey);
  if (typeof params.subjectDepartmentId === 'string') out.subject = n.department(params.subjectDepartmentId);
  if (typeof params.method === 'string') out.methodName = tr(`contact.method.${params.method}` as MessageKey);
  if (typeof params.priority === 'string') {
    out.priority = tr(`priority.${params.priority}` as MessageKey);
    // Nudges and alerts say P1 up front when it is P1.
    out.p1 = params.priority === 'P1' ? tr('nudge.p1') : '';
  }
  if (typeof params.surveyOutcome === 'string')
    out.outcome = tr(`survey.outcome.${params.surveyOutcome}` as MessageKey);
  if (typeof params.daysLate === 'number')
    out.late =
      params.daysLate > 0
        ? tr(params.daysLate === 1 ? 'nudge.pastDue.one' : 'nudge.pastDue', { days: params.daysLate })
        : '';
  if (typeof params.status === 'string') out.statusName = tr(`status.${params.status}` as MessageKey);
  if (typeof params.reasonOf === 'string' && t) out.reason = tr(`reason.${t.priorityReason}` as MessageKey);
  if (t && out.link === undefined) {
    if (link === 'permalink') out.link = t.card?.permalink ?? tr('notice.emergencyNoLink');
    else out.link = t.card?.permalink ? `<${t.card.permalink}|${t.number}>` : t.number;
  }
  return out;
}

/** A notice after a click on its button: its text as it was, a line saying what was recorded, then `extra`. */
export function redrawnNotice(
  original: string,
  line: string,
  extra: KnownBlock[] = [],
): { text: string; blocks: KnownBlock[] } {
  return {
    text: original || line,
    blocks: [...(original ? [section(original)] : []), context([line]), ...extra],
  };
}

/** Under a "customer notified" notice: the button that reopens the ticket. */
export function notifiedActions(tr: Translate, number: string): KnownBlock {
  return {
    type: 'actions',
    block_id: BLOCK.notifiedActions,
    elements: [button(tr('card.reopenButton'), ACTION.reopen, number)],
  };
}
