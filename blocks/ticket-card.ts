/**
 * The department card: the ticket as its department channel sees it, redrawn from the stored
 * ticket after every change. Customer details are always masked here (channels are shared).
 */
import type { ActionsBlock, KnownBlock, Overflow, PlainTextOption, SectionBlock } from '@slack/types';
import type { DeskConfig } from '../src/config/desk-config.ts';
import { maskCustomer } from '../src/domain/masking.ts';
import { subjectOf } from '../src/domain/subject.ts';
import { timeLeft } from '../src/domain/time-left.ts';
import type { TicketView } from '../src/domain/views.ts';
import type { Lang, MessageKey, Translate } from '../src/i18n/index.ts';
import { clockBlocks } from './clocks.ts';
import { button, context, mrkdwn, option, plain } from './elements.ts';
import { ACTION, BLOCK, KB_ACTION, menuValue } from './ids.ts';
import { escapeMrkdwn, slackTime, truncate, userText } from './text.ts';
import { durationText, timeLeftText } from './time-left.ts';

/** The ticket as the card reads it (the stored ticket is one). */
export type CardTicket = TicketView;

const DESCRIPTION_MAX = 1200;

export function names(config: DeskConfig, lang: Lang) {
  return {
    category: (id: string) => config.categories.find((c) => c.id === id)?.name[lang] ?? id,
    requestType: (id: string) => config.requestTypes.find((r) => r.id === id)?.name[lang] ?? id,
    department: (id: string) => config.departments.find((d) => d.id === id)?.name[lang] ?? id,
    channel: (id: string) => config.contactChannels.find((c) => c.id === id)?.name[lang] ?? id,
    stage: (id: string) => config.progressStages.find((s) => s.id === id)?.name[lang] ?? id,
  };
}

/** "P1 Urgent: core business blocked" */
export function priorityLine(tr: Translate, t: Pick<CardTicket, 'priority' | 'priorityReason'>): string {
  return tr('detail.priorityLine', {
    priority: tr(`priority.${t.priority}` as MessageKey),
    reason: tr(`reason.${t.priorityReason}` as MessageKey),
  });
}

export function maskedContact(t: Pick<CardTicket, 'customer'>): { name: string; contact: string } {
  const m = maskCustomer({ name: t.customer?.name, phone: t.customer?.phone, email: t.customer?.email });
  return { name: m.name || '—', contact: [m.phone, m.email].filter(Boolean).join(' · ') || '—' };
}

const DONE: readonly string[] = ['resolved', 'closed'];

/**
 * The on-call user group of the department of an open P1 ticket, when configured: mentioned in the
 * card's text (what Slack notifies with) and on the card.
 */
export function onCallGroup(
  config: DeskConfig,
  t: Pick<CardTicket, 'priority' | 'departmentId' | 'status'>,
): string | null {
  if (t.priority !== 'P1' || DONE.includes(t.status)) return null;
  return config.departments.find((d) => d.id === t.departmentId)?.onCallGroup ?? null;
}

/** The fallback `text` of the card message (notifications, screen readers): priority, subject, number. */
export function cardText(tr: Translate, config: DeskConfig, _lang: Lang, t: CardTicket): string {
  const group = onCallGroup(config, t);
  const params = { priority: t.priority, subject: escapeMrkdwn(subjectOf(t)), number: t.number };
  return truncate(
    group ? tr('card.fallback.onCall', { ...params, group }) : tr('card.fallback', params),
    3000,
  );
}

const CARD_EVENT = 'ticket_card';

/**
 * The card as a message: its text, its blocks and the metadata that finds it again (the ticket
 * number and the outbox task's key, so a retry whose answer was lost does not post it twice).
 */
export function cardMessage(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  t: CardTicket,
  now: Date,
  key = '',
) {
  return {
    text: cardText(tr, config, lang, t),
    blocks: ticketCard(tr, config, lang, t, now),
    metadata: { event_type: CARD_EVENT, event_payload: { ticket: t.number, key } },
  };
}

/**
 * Overdue now: an unclaimed ticket past its response due time, an open one past its resolution due
 * time (unless paused while waiting on the customer), a customer-facing clock breached and still
 * owed, or a breach the sla job recorded. Resolved and closed tickets are never "late" on the card
 * (their outcome line says whether they were resolved in time).
 */
export function cardIsLate(t: CardTicket, now: Date): boolean {
  if (DONE.includes(t.status)) return false;
  if (t.status === 'new' && now.getTime() > t.responseDueAt.getTime()) return true;
  if (!t.pause?.since && now.getTime() > t.resolutionDueAt.getTime()) return true;
  if ((t.clocks ?? []).some((c) => c.state === 'breached')) return true;
  const breaches = t.status === 'new' ? ['response_breach', 'resolution_breach'] : ['resolution_breach'];
  return (t.slaNotices ?? []).some((n) => breaches.includes(n));
}

/**
 * The department card. Time left ("3h 20m left", "late by 1d 2h") is drawn from `now` when the card
 * is drawn: the due time itself (slackTime, shown in each reader's time zone) is the truth, and the
 * lateness (🔴, "late by") is refreshed by the jobs' redraws (the sla job and the clock watch redraw
 * the card when they record a breach) and by every change to the ticket.
 */
export function ticketCard(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  t: CardTicket,
  now: Date,
): KnownBlock[] {
  const done = DONE.includes(t.status);
  const blocks = cardBody(tr, config, lang, t, now);
  // Resolved or closed: the handling so far collapses to its result.
  blocks.push(...handlingBlocks(tr, config, lang, t));
  blocks.push(...clockBlocks(tr, config, lang, t, now, done));
  const meta = cardMeta(tr, config, lang, t);
  if (meta.length) blocks.push(context(meta));
  blocks.push(...cardActions(tr, t));
  return blocks.slice(0, 50);
}

const when = slackTime;

function headerText(tr: Translate, t: CardTicket, now: Date): string {
  const params = {
    priority: t.priority,
    status: tr(`card.state.${t.status}` as MessageKey),
    subject: subjectOf(t),
  };
  if (DONE.includes(t.status)) return tr('card.header.done', params);
  return tr(cardIsLate(t, now) ? 'card.header.late' : 'card.header', params);
}

/** The second line: number, due time with time left (or the outcome), owner, first-contact agent. */
function secondLine(tr: Translate, t: CardTicket, now: Date): string {
  const number = t.card?.permalink ? `<${t.card.permalink}|${t.number}>` : t.number;
  const owner = t.ownerId
    ? tr('card.owner.is', { user: t.ownerId })
    : t.status === 'new' && t.assignment?.userId && t.assignment.expiresAt
      ? tr('card.owner.asked', { user: t.assignment.userId, due: when(t.assignment.expiresAt) })
      : tr('card.owner.none');
  const agent = tr('card.agentLine', { user: t.agentId || t.openedBy });
  if (DONE.includes(t.status) && t.resolvedAt) {
    const late = timeLeft(t.resolutionDueAt, t.resolvedAt);
    const outcome =
      late.late && (late.days || late.hours || late.mins)
        ? tr('card.outcome.late', { at: when(t.resolvedAt), duration: durationText(tr, late) })
        : tr('card.outcome.onTime', { at: when(t.resolvedAt) });
    return tr('card.line.done', { number, outcome, owner, agent });
  }
  const due =
    t.status === 'new'
      ? tr('card.due.response', { at: when(t.responseDueAt), left: timeLeftText(tr, t.responseDueAt, now) })
      : tr('card.due.resolution', {
          at: when(t.resolutionDueAt),
          left: timeLeftText(tr, t.resolutionDueAt, now),
        });
  return tr('card.line.open', { number, due, owner, agent });
}

function cardBody(tr: Translate, config: DeskConfig, lang: Lang, t: CardTicket, now: Date): KnownBlock[] {
  const n = names(config, lang);
  const masked = maskedContact(t);
  const descChars = Array.from(t.description);
  const description =
    descChars.length > DESCRIPTION_MAX
      ? `${userText(t.description, DESCRIPTION_MAX)}\n${tr('card.truncated')}`
      : userText(t.description, DESCRIPTION_MAX);
  const line: SectionBlock = {
    type: 'section',
    block_id: BLOCK.cardLine,
    text: mrkdwn(secondLine(tr, t, now)),
  };
  const people = peopleMenu(tr, t);
  if (people) line.accessory = people;
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(headerText(tr, t, now), 150) }, line];
  const group = onCallGroup(config, t);
  if (group) blocks.push(context([tr('card.onCall', { group })]));
  const top = [tr('card.need', { text: userText(t.desiredOutcome || '—', 1000) })];
  if (t.urgency === 'critical')
    top.push(tr('card.criticalLine', { reason: userText(t.urgencyReason || '—', 300) }));
  blocks.push({ type: 'section', text: mrkdwn(truncate(top.join('\n'), 3000)) });
  blocks.push({ type: 'section', text: mrkdwn(tr('card.description', { text: description })) });
  blocks.push(
    context([
      tr('card.aboutLine', {
        category: n.category(t.categoryId),
        requestType: n.requestType(t.requestType),
        priority: t.priority,
        reason: tr(`reason.${t.priorityReason}` as MessageKey),
      }),
      tr('card.customerLine', {
        name: userText(masked.name, 200),
        keyAccount: t.customer?.keyAccount ? tr('card.keyAccount') : '',
        contact: userText(masked.contact, 300),
      }),
      tr('card.openedBy', {
        user: t.openedBy,
        channel: n.channel(t.contactChannelId),
        at: slackTime(t.openedAt),
      }),
    ]),
  );
  return blocks;
}

/** The grey footer: what is still incomplete, the order, keywords, reopenings. */
function cardMeta(tr: Translate, _config: DeskConfig, _lang: Lang, t: CardTicket): string[] {
  const meta: string[] = [];
  if (t.incomplete) meta.push(tr('card.incomplete'));
  if (t.ownerId && t.claimedAt)
    meta.push(tr('card.claimedBy', { user: t.ownerId, at: slackTime(t.claimedAt) }));
  if (t.orderNumber) meta.push(tr('card.order', { order: userText(t.orderNumber, 60) }));
  if (t.keywords?.length) meta.push(tr('card.keywords', { keywords: userText(t.keywords.join(', '), 300) }));
  if (t.reopenCount) meta.push(tr('card.reopenCount', { count: t.reopenCount }));
  return meta;
}

/** Known service-level notice codes (stored in `slaNotices`); others show a generic warning. */
const SLA_NOTICES = [
  'response_warning',
  'response_breach',
  'resolution_warning',
  'resolution_breach',
  'notify_warning',
  'notify_breach',
] as const;

/** Handling state: progress, collaborators, escalation, approval, resolution, SLA warnings. */
export function handlingBlocks(tr: Translate, config: DeskConfig, lang: Lang, t: CardTicket): KnownBlock[] {
  const n = names(config, lang);
  const blocks: KnownBlock[] = [];
  // Resolved or closed: progress, collaborators, escalation and warnings are history (see Details).
  const open = !DONE.includes(t.status);
  const p = t.progress;
  if (open && p?.at && (p.note || p.stage)) {
    const lines = [
      tr('card.progress', {
        stage: n.stage(p.stage ?? ''),
        at: when(p.at),
        user: p.by ? `<@${p.by}>` : '—',
      }),
    ];
    if (p.note) lines.push(userText(p.note, 900));
    if (p.nextStep) lines.push(tr('card.nextStep', { text: userText(p.nextStep, 500) }));
    if (p.plannedDate) lines.push(tr('card.plannedDate', { date: userText(p.plannedDate, 20) }));
    if (p.customerNeeds) lines.push(tr('card.customerNeeds', { text: userText(p.customerNeeds, 500) }));
    blocks.push({ type: 'section', text: mrkdwn(truncate(lines.join('\n'), 3000)) });
  }
  if (open && t.collaborators?.length) {
    const lines = t.collaborators.slice(-20).map((c) =>
      tr(c.acknowledgedBy ? 'card.collaborator.acked' : 'card.collaborator.pending', {
        department: n.department(c.departmentId),
        need: userText(c.need, 300),
        due: c.dueDate ? tr('card.collaborator.due', { date: userText(c.dueDate, 20) }) : '',
        user: c.acknowledgedBy ?? '',
      }),
    );
    blocks.push({
      type: 'section',
      text: mrkdwn(truncate(`${tr('card.collaborators')}\n${lines.join('\n')}`, 3000)),
    });
  }
  if (open && t.escalation?.level) {
    const e = t.escalation;
    blocks.push({
      type: 'section',
      text: mrkdwn(
        tr('card.escalated', {
          level: tr(`escalation.${e.level}` as MessageKey),
          to: (e.to ?? []).map((u) => `<@${u}>`).join(', ') || '—',
          user: e.by ?? '',
          reason: e.reason ? tr('card.escalatedReason', { text: userText(e.reason, 500) }) : '',
        }),
      ),
    });
  }
  const r = t.resolution;
  if (t.status === 'pending_approval' && r?.summary) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        tr('card.pendingApproval', {
          amount: r.compensation ?? 0,
          currency: config.approval.currency,
          threshold: config.approval.compensationThreshold,
          department: n.department(t.departmentId),
        }),
      ),
    });
  }
  if (
    t.approval?.decidedBy &&
    t.approval.approved === false &&
    t.status !== 'resolved' &&
    t.status !== 'closed'
  ) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        tr('card.approvalRejected', {
          user: t.approval.decidedBy,
          note: userText(t.approval.note || '—', 500),
        }),
      ),
    });
  }
  if ((t.status === 'resolved' || t.status === 'closed' || t.status === 'pending_approval') && r?.summary) {
    const lines = [
      t.status === 'pending_approval'
        ? tr('card.proposedResolution', { type: tr(`resolution.${r.type}` as MessageKey) })
        : tr('card.resolved', {
            type: tr(`resolution.${r.type}` as MessageKey),
            at: t.resolvedAt ? when(t.resolvedAt) : '—',
            user: r.by ?? '',
            met: t.resolutionMet === false ? tr('card.resolvedLate') : '',
          }),
      userText(r.summary, 900),
    ];
    if (r.rootCause) lines.push(tr('card.rootCause', { text: userText(r.rootCause, 500) }));
    if (r.compensation)
      lines.push(tr('card.compensation', { amount: r.compensation, currency: config.approval.currency }));
    if (t.status !== 'pending_approval') {
      if (t.customerNotifiedAt) lines.push(tr('card.customerNotified', { at: when(t.customerNotifiedAt) }));
      else if (t.customerNotifyDueAt)
        lines.push(tr('card.customerNotifyDue', { due: when(t.customerNotifyDueAt) }));
    }
    blocks.push({ type: 'section', text: mrkdwn(truncate(lines.join('\n'), 3000)) });
  }
  if (open && t.slaNotices?.length) {
    // Red for a breach, orange for a warning (the same colours as everywhere else).
    const warnings = [...new Set(t.slaNotices)].map((code) =>
      (SLA_NOTICES as readonly string[]).includes(code)
        ? tr(code.endsWith('_breach') ? 'card.sla.line.breach' : 'card.sla.line.warning', {
            text: tr(`card.sla.${code}` as MessageKey),
          })
        : tr('card.sla.line.other', { text: tr('card.sla.other', { code: userText(code, 60) }) }),
    );
    blocks.push(context(warnings));
  }
  return blocks;
}

/** A department card the ticket has left: "transferred to …" with a link to the current card. */
export function formerCard(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  t: Pick<CardTicket, 'number' | 'categoryId' | 'priority' | 'departmentId'> & {
    card?: { permalink?: string | null } | null;
  },
  former: {
    departmentId?: string | null;
    toDepartmentId?: string | null;
    by?: string | null;
    at?: Date | null;
    reason?: string | null;
  },
): { text: string; blocks: KnownBlock[] } {
  const n = names(config, lang);
  const target = n.department(former.toDepartmentId ?? t.departmentId);
  const link = t.card?.permalink
    ? tr('card.former.link', { link: t.card.permalink })
    : tr('card.former.noLink');
  const text = tr('card.former.text', { number: t.number, department: target });
  return {
    text,
    blocks: [
      {
        type: 'header',
        text: plain(tr('card.former.header', { number: t.number, category: n.category(t.categoryId) }), 150),
      },
      {
        type: 'section',
        text: mrkdwn(
          truncate(
            `${tr('card.former.body', {
              department: target,
              user: former.by ?? '',
              at: former.at ? when(former.at) : '—',
              reason: userText(former.reason || '—', 800),
            })}\n${link}`,
            3000,
          ),
        ),
      },
      {
        type: 'actions',
        block_id: BLOCK.formerCardActions,
        elements: [button(tr('card.details'), ACTION.details, t.number)],
      },
    ],
  };
}

/** One overflow option standing for the button `actionId` (answered by that button's handler). */
function choice(label: string, actionId: string, number: string): PlainTextOption {
  return option(menuValue(actionId, number), label);
}

/** An overflow menu (2 to 5 options), or the single option as a button. */
function menu(actionId: string, options: PlainTextOption[]): Overflow {
  return { type: 'overflow', action_id: actionId, options: options.slice(0, 5) };
}

/**
 * The second line's menu, about the people it names, while the ticket is being handled: reassign
 * (supervisors), the first-contact agent's customer contact and handover.
 */
function peopleMenu(tr: Translate, t: CardTicket): Overflow | null {
  if (!WORKING.includes(t.status)) return null;
  const v = t.number;
  return menu(ACTION.cardPeople, [
    choice(tr('card.reassignButton'), ACTION.reassign, v),
    choice(tr('card.contactButton'), ACTION.contact, v),
    choice(tr('card.handOverButton'), ACTION.handOver, v),
  ]);
}

const WORKING: readonly string[] = ['claimed', 'in_progress', 'waiting_customer'];

/**
 * The actions for the ticket's current state (the listeners check who may use them): one or two
 * buttons for what comes next, the rest in an overflow menu whose choices go to the same handlers.
 * Unclaimed: Claim, and "Assign to…" (supervisors; only department members can be chosen).
 */
export function cardActions(tr: Translate, t: CardTicket): ActionsBlock[] {
  const v = t.number;
  const elements: ActionsBlock['elements'] = [];
  const details = choice(tr('card.details'), ACTION.details, v);
  switch (t.status) {
    case 'new':
      elements.push(button(tr('card.claim'), ACTION.claim, v, 'primary'), {
        type: 'users_select',
        action_id: ACTION.assignTo,
        placeholder: plain(tr('card.assignTo'), 150),
      });
      elements.push(menu(ACTION.cardMore, [choice(tr('card.contactButton'), ACTION.contact, v), details]));
      break;
    case 'claimed':
    case 'in_progress':
    case 'waiting_customer':
      elements.push(
        button(tr('card.progressButton'), ACTION.progress, v, 'primary'),
        button(tr('card.resolveButton'), ACTION.resolve, v),
        menu(ACTION.cardMore, [
          choice(tr('card.transferButton'), ACTION.transfer, v),
          choice(tr('card.collaboratorsButton'), ACTION.collaborators, v),
          choice(tr('card.escalateButton'), ACTION.escalate, v),
          choice(tr('kb.card.reply'), KB_ACTION.reply, v), // knowledge base (issue 14)
          details,
        ]),
      );
      break;
    case 'resolved':
      elements.push(
        button(tr('card.reopenButton'), ACTION.reopen, v),
        menu(ACTION.cardMore, [
          choice(tr('card.contactButton'), ACTION.contact, v),
          choice(tr('kb.card.save'), KB_ACTION.save, v), // knowledge base (issue 14)
          details,
        ]),
      );
      break;
    case 'closed':
      elements.push(
        button(tr('card.reopenButton'), ACTION.reopen, v),
        menu(ACTION.cardMore, [choice(tr('kb.card.save'), KB_ACTION.save, v), details]),
      );
      break;
    default:
      elements.push(button(tr('card.details'), ACTION.details, v));
      break;
  }
  return [{ type: 'actions', block_id: BLOCK.cardActions, elements }];
}
