/**
 * The department card: the ticket as its department channel sees it, redrawn from the stored
 * ticket after every change. Customer details are always masked here (channels are shared).
 */
import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { DeskConfig } from '../src/config/desk-config.ts';
import { maskCustomer } from '../src/domain/masking.ts';
import type { TicketView } from '../src/domain/views.ts';
import type { Lang, MessageKey, Translate } from '../src/i18n/index.ts';
import { clockBlocks } from './clocks.ts';
import { button, context, mrkdwn, plain } from './elements.ts';
import { ACTION, BLOCK, KB_ACTION } from './ids.ts';
import { escapeMrkdwn, slackTime, truncate, userText } from './text.ts';

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
  return `${tr(`priority.${t.priority}` as MessageKey)}: ${tr(`reason.${t.priorityReason}` as MessageKey)}`;
}

export function maskedContact(t: Pick<CardTicket, 'customer'>): { name: string; contact: string } {
  const m = maskCustomer({ name: t.customer?.name, phone: t.customer?.phone, email: t.customer?.email });
  return { name: m.name || '—', contact: [m.phone, m.email].filter(Boolean).join(' · ') || '—' };
}

/** The fallback `text` of the card message (notifications, screen readers). */
export function cardText(tr: Translate, config: DeskConfig, lang: Lang, t: CardTicket): string {
  const n = names(config, lang);
  return truncate(
    tr('card.fallback', {
      number: t.number,
      priority: t.priority,
      category: n.category(t.categoryId),
      customer: escapeMrkdwn(maskedContact(t).name),
    }),
    3000,
  );
}

const CARD_EVENT = 'ticket_card';

/**
 * The card as a message: its text, its blocks and the metadata that finds it again (the ticket
 * number and the outbox task's key, so a retry whose answer was lost does not post it twice).
 */
export function cardMessage(tr: Translate, config: DeskConfig, lang: Lang, t: CardTicket, key = '') {
  return {
    text: cardText(tr, config, lang, t),
    blocks: ticketCard(tr, config, lang, t),
    metadata: { event_type: CARD_EVENT, event_payload: { ticket: t.number, key } },
  };
}

export function ticketCard(tr: Translate, config: DeskConfig, lang: Lang, t: CardTicket): KnownBlock[] {
  const blocks = cardBody(tr, config, lang, t);
  blocks.push(...handlingBlocks(tr, config, lang, t));
  blocks.push(...clockBlocks(tr, config, lang, t));
  const meta = cardMeta(tr, config, lang, t);
  blocks.push(context(meta));
  blocks.push(...cardActions(tr, t));
  return blocks.slice(0, 50);
}

const when = slackTime;

function cardBody(tr: Translate, config: DeskConfig, lang: Lang, t: CardTicket): KnownBlock[] {
  const n = names(config, lang);
  const masked = maskedContact(t);
  const descChars = Array.from(t.description);
  const description =
    descChars.length > DESCRIPTION_MAX
      ? `${userText(t.description, DESCRIPTION_MAX)}\n${tr('card.truncated')}`
      : userText(t.description, DESCRIPTION_MAX);
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: plain(`${priorityEmoji(t.priority)} ${t.number} · ${n.category(t.categoryId)}`, 150),
    },
    {
      type: 'section',
      fields: [
        mrkdwn(
          tr('card.priority', {
            priority: tr(`priority.${t.priority}` as MessageKey),
            reason: tr(`reason.${t.priorityReason}` as MessageKey),
          }),
          2000,
        ),
        mrkdwn(
          tr('card.category', {
            category: n.category(t.categoryId),
            requestType: n.requestType(t.requestType),
          }),
          2000,
        ),
        mrkdwn(
          tr('card.customer', {
            name: userText(masked.name, 200),
            keyAccount: t.customer?.keyAccount ? tr('card.keyAccount') : '',
            contact: userText(masked.contact, 300),
          }),
          2000,
        ),
        mrkdwn(tr('card.status', { status: tr(`status.${t.status}` as MessageKey) }), 2000),
        mrkdwn(tr('card.responseDue', { due: slackTime(t.responseDueAt) }), 2000),
        mrkdwn(tr('card.resolutionDue', { due: slackTime(t.resolutionDueAt) }), 2000),
        mrkdwn(tr('card.owner', { owner: t.ownerId ? `<@${t.ownerId}>` : tr('card.unclaimed') }), 2000),
        mrkdwn(
          tr('card.urgency', {
            urgency: tr(`urgency.${t.urgency}` as MessageKey),
            reason: t.urgencyReason ? ` — ${userText(t.urgencyReason, 300)}` : '',
          }),
          2000,
        ),
      ],
    },
    { type: 'section', text: mrkdwn(tr('card.description', { text: description })) },
    {
      type: 'section',
      text: mrkdwn(tr('card.desiredOutcome', { text: userText(t.desiredOutcome || '—', 1000) })),
    },
  ];
  return blocks;
}

function cardMeta(tr: Translate, config: DeskConfig, lang: Lang, t: CardTicket): string[] {
  const n = names(config, lang);
  const meta = [
    tr('card.openedBy', {
      user: t.openedBy,
      channel: n.channel(t.contactChannelId),
      at: slackTime(t.openedAt),
    }),
  ];
  if (t.incomplete) meta.push(tr('card.incomplete'));
  if (t.ownerId && t.claimedAt)
    meta.push(tr('card.claimedBy', { user: t.ownerId, at: slackTime(t.claimedAt) }));
  else if (t.status === 'new' && t.assignment?.userId && t.assignment.expiresAt)
    meta.push(tr('card.assignedTo', { user: t.assignment.userId, due: slackTime(t.assignment.expiresAt) }));
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
  const p = t.progress;
  if (p?.at && (p.note || p.stage)) {
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
  if (t.collaborators?.length) {
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
  if (t.escalation?.level) {
    const e = t.escalation;
    blocks.push({
      type: 'section',
      text: mrkdwn(
        tr('card.escalated', {
          level: tr(`escalation.${e.level}` as MessageKey),
          to: (e.to ?? []).map((u) => `<@${u}>`).join(', ') || '—',
          user: e.by ?? '',
          reason: e.reason ? `: ${userText(e.reason, 500)}` : '',
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
  if (t.slaNotices?.length) {
    const warnings = [...new Set(t.slaNotices)].map((code) =>
      (SLA_NOTICES as readonly string[]).includes(code)
        ? tr(`card.sla.${code}` as MessageKey)
        : tr('card.sla.other', { code: userText(code, 60) }),
    );
    blocks.push(context(warnings.map((w) => `⚠️ ${w}`)));
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
      { type: 'header', text: plain(`↪️ ${t.number} · ${n.category(t.categoryId)}`, 150) },
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

function priorityEmoji(p: string): string {
  return p === 'P1' ? '🔴' : p === 'P2' ? '🟠' : '🟢';
}

/** The buttons for the ticket's current state (the listeners check who may use them). */
export function cardActions(tr: Translate, t: CardTicket): ActionsBlock[] {
  const v = t.number;
  const elements: Button[] = [];
  const more: Button[] = [];
  switch (t.status) {
    case 'new':
      elements.push(
        button(tr('card.claim'), ACTION.claim, v, 'primary'),
        button(tr('card.contactButton'), ACTION.contact, v),
      );
      break;
    case 'claimed':
    case 'in_progress':
    case 'waiting_customer':
      elements.push(
        button(tr('card.progressButton'), ACTION.progress, v, 'primary'),
        button(tr('card.resolveButton'), ACTION.resolve, v),
        button(tr('card.transferButton'), ACTION.transfer, v),
        button(tr('card.collaboratorsButton'), ACTION.collaborators, v),
      );
      more.push(
        button(tr('card.escalateButton'), ACTION.escalate, v),
        button(tr('card.reassignButton'), ACTION.reassign, v),
        button(tr('card.contactButton'), ACTION.contact, v),
        button(tr('card.handOverButton'), ACTION.handOver, v),
        button(tr('kb.card.reply'), KB_ACTION.reply, v), // knowledge base (issue 14)
      );
      break;
    case 'resolved':
      elements.push(
        button(tr('card.reopenButton'), ACTION.reopen, v),
        button(tr('card.contactButton'), ACTION.contact, v),
        button(tr('kb.card.save'), KB_ACTION.save, v), // knowledge base (issue 14)
      );
      break;
    case 'closed':
      elements.push(button(tr('card.reopenButton'), ACTION.reopen, v));
      elements.push(button(tr('kb.card.save'), KB_ACTION.save, v)); // knowledge base (issue 14)
      break;
    default:
      break;
  }
  (more.length ? more : elements).push(button(tr('card.details'), ACTION.details, v));
  const out: ActionsBlock[] = [{ type: 'actions', block_id: BLOCK.cardActions, elements }];
  if (more.length) out.push({ type: 'actions', block_id: BLOCK.cardActions2, elements: more });
  return out;
}
