/**
 * The department card: the ticket as its department channel sees it, redrawn from the stored
 * ticket after every change. Customer details are always masked here (channels are shared).
 */
import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { DeskConfig } from '../src/config/desk-config.ts';
import type { TicketFields } from '../src/db/models/index.ts';
import { maskCustomer } from '../src/domain/masking.ts';
import type { Lang, MessageKey, Translate } from '../src/i18n/index.ts';
import { button, context, mrkdwn, plain } from './elements.ts';
import { ACTION, BLOCK } from './ids.ts';
import { slackDate, truncate, userText } from './text.ts';

export type CardTicket = Pick<
  TicketFields,
  | 'number'
  | 'status'
  | 'priority'
  | 'priorityReason'
  | 'requestType'
  | 'categoryId'
  | 'departmentId'
  | 'contactChannelId'
  | 'customer'
  | 'description'
  | 'desiredOutcome'
  | 'urgency'
  | 'urgencyReason'
  | 'orderNumber'
  | 'keywords'
  | 'openedBy'
  | 'openedAt'
  | 'responseDueAt'
  | 'resolutionDueAt'
  | 'ownerId'
  | 'claimedAt'
> &
  Partial<
    Pick<
      TicketFields,
      | 'progress'
      | 'collaborators'
      | 'escalation'
      | 'resolution'
      | 'approval'
      | 'slaNotices'
      | 'reopenCount'
      | 'customerNotifiedAt'
      | 'resolvedAt'
    >
  >;

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
      customer: maskedContact(t).name,
    }),
    3000,
  );
}

export function ticketCard(tr: Translate, config: DeskConfig, lang: Lang, t: CardTicket): KnownBlock[] {
  const n = names(config, lang);
  const masked = maskedContact(t);
  const iso = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16);
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
        mrkdwn(tr('card.responseDue', { due: slackDate(t.responseDueAt, iso(t.responseDueAt)) }), 2000),
        mrkdwn(tr('card.resolutionDue', { due: slackDate(t.resolutionDueAt, iso(t.resolutionDueAt)) }), 2000),
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
  const meta = [
    tr('card.openedBy', {
      user: t.openedBy,
      channel: n.channel(t.contactChannelId),
      at: slackDate(t.openedAt, iso(t.openedAt)),
    }),
  ];
  if (t.ownerId && t.claimedAt)
    meta.push(tr('card.claimedBy', { user: t.ownerId, at: slackDate(t.claimedAt, iso(t.claimedAt)) }));
  if (t.orderNumber) meta.push(tr('card.order', { order: userText(t.orderNumber, 60) }));
  if (t.keywords?.length) meta.push(tr('card.keywords', { keywords: userText(t.keywords.join(', '), 300) }));
  blocks.push(context(meta));
  blocks.push(...cardActions(tr, t));
  return blocks;
}

function priorityEmoji(p: string): string {
  return p === 'P1' ? '🔴' : p === 'P2' ? '🟠' : '🟢';
}

/** The buttons for the ticket's current state. */
export function cardActions(tr: Translate, t: CardTicket): ActionsBlock[] {
  const elements: Button[] = [];
  if (t.status === 'new') elements.push(button(tr('card.claim'), ACTION.claim, t.number, 'primary'));
  elements.push(button(tr('card.details'), ACTION.details, t.number));
  return [{ type: 'actions', block_id: BLOCK.cardActions, elements }];
}
