/**
 * The detailed view of one ticket (/ticket show, the Details button): full description, customer
 * (full only when permitted), handling so far and the audit history. Stays within 50 blocks.
 */
import type { KnownBlock } from '@slack/types';
import type { DeskConfig } from '../src/config/desk-config.ts';
import type { TicketDetailView } from '../src/domain/views.ts';
import type { Lang, MessageKey, Translate } from '../src/i18n/index.ts';
import { context, mrkdwn, plain } from './elements.ts';
import { slackTime, truncate, userText } from './text.ts';
import { type CardTicket, maskedContact, names, priorityLine } from './ticket-card.ts';

type DetailTicket = TicketDetailView;

/** Splits long user text into section-sized chunks (by code point). */
function chunks(text: string, size: number, max: number): string[] {
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < chars.length && out.length < max; i += size)
    out.push(chars.slice(i, i + size).join(''));
  return out;
}

export function ticketDetailBlocks(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  t: DetailTicket,
  full: boolean,
): KnownBlock[] {
  const n = names(config, lang);
  const c: Partial<NonNullable<CardTicket['customer']>> = t.customer ?? {};
  const masked = maskedContact(t);
  const customerLines = full
    ? [c.name, c.phone, c.email, c.customerId, c.company].filter(Boolean).map((v) => userText(String(v), 200))
    : [masked.name, masked.contact, c.customerId].filter(Boolean).map((v) => userText(String(v), 200));
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`${t.number} · ${tr(`status.${t.status}` as MessageKey)}`, 150) },
    {
      type: 'section',
      fields: [
        mrkdwn(`*${tr('detail.priority')}*\n${priorityLine(tr, t)}`, 2000),
        mrkdwn(`*${tr('detail.department')}*\n${n.department(t.departmentId)}`, 2000),
        mrkdwn(
          `*${tr('detail.customer')}*${full ? '' : ` _(${tr('detail.masked')})_`}\n${customerLines.join('\n') || '—'}${c.keyAccount ? `\n${tr('card.keyAccount').trim()}` : ''}`,
          2000,
        ),
        mrkdwn(`*${tr('detail.owner')}*\n${t.ownerId ? `<@${t.ownerId}>` : '—'}`, 2000),
        mrkdwn(`*${tr('detail.responseDue')}*\n${slackTime(t.responseDueAt)}`, 2000),
        mrkdwn(`*${tr('detail.resolutionDue')}*\n${slackTime(t.resolutionDueAt)}`, 2000),
      ],
    },
  ];
  const description = chunks(userText(t.description, 12_000), 2900, 4);
  for (const [i, part] of description.entries()) {
    blocks.push({ type: 'section', text: mrkdwn(i === 0 ? `*${tr('detail.description')}*\n${part}` : part) });
  }
  blocks.push({
    type: 'section',
    text: mrkdwn(`*${tr('detail.desiredOutcome')}*\n${userText(t.desiredOutcome || '—', 1000)}`),
  });
  if (t.progress?.note) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `*${tr('detail.progress')}* (${n.stage(t.progress.stage ?? '')})\n${userText(t.progress.note, 1500)}${t.progress.nextStep ? `\n${tr('detail.nextStep')}: ${userText(t.progress.nextStep, 500)}` : ''}`,
      ),
    });
  }
  if (t.resolution?.summary) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `*${tr('detail.resolution')}* (${tr(`resolution.${t.resolution.type}` as MessageKey)})\n${userText(t.resolution.summary, 1500)}${t.resolution.rootCause ? `\n${tr('detail.rootCause')}: ${userText(t.resolution.rootCause, 800)}` : ''}`,
      ),
    });
  }
  // History: newest last, as many entries as fit in a few sections.
  const lines = (t.history ?? []).map(
    (h) =>
      `• ${slackTime(h.at)} <@${h.by}> ${tr(historyKey(h.action))}${h.from || h.to ? ` (${[h.from, h.to].filter(Boolean).join(' → ')})` : ''}${h.note ? `: ${userText(h.note, 200)}` : ''}`,
  );
  blocks.push({ type: 'section', text: mrkdwn(`*${tr('detail.history')}*`) });
  let current = '';
  const sections: string[] = [];
  for (const line of lines.slice(-120)) {
    if (current.length + line.length + 1 > 2900) {
      sections.push(current);
      current = '';
    }
    current += `${line}\n`;
  }
  if (current) sections.push(current);
  for (const s of sections.slice(-(50 - blocks.length - 1)))
    blocks.push({ type: 'section', text: mrkdwn(truncate(s, 3000)) });
  blocks.push(context([tr('detail.footer')]));
  return blocks.slice(0, 50);
}

const HISTORY_ACTIONS = [
  'open',
  'assign',
  'assign_decline',
  'assign_timeout',
  'assign_none',
  'auto_escalate',
  'claim',
  'progress',
  'transfer',
  'add_collaborators',
  'acknowledge',
  'escalate',
  'request_resolution',
  'approve',
  'reject',
  'resolve',
  'notify_customer',
  'reopen',
  'close',
  'reassign',
  'snooze',
  'view_full',
  'survey',
  'survey_attempt',
  'export',
  'nudge',
  'anonymise',
] as const;

function historyKey(action: string): MessageKey {
  return (
    (HISTORY_ACTIONS as readonly string[]).includes(action) ? `history.${action}` : 'history.other'
  ) as MessageKey;
}
