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
          `${full ? `*${tr('detail.customer')}*` : tr('detail.customerMasked')}\n${customerLines.join('\n') || '—'}${c.keyAccount ? `\n${tr('card.keyAccount').trim()}` : ''}`,
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
        `${tr('detail.progressLine', { stage: n.stage(t.progress.stage ?? '') })}\n${userText(t.progress.note, 1500)}${t.progress.nextStep ? `\n${tr('detail.nextStepLine', { text: userText(t.progress.nextStep, 500) })}` : ''}`,
      ),
    });
  }
  if (t.resolution?.summary) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `${tr('detail.resolutionLine', { type: tr(`resolution.${t.resolution.type}` as MessageKey) })}\n${userText(t.resolution.summary, 1500)}${t.resolution.rootCause ? `\n${tr('detail.rootCauseLine', { text: userText(t.resolution.rootCause, 800) })}` : ''}`,
      ),
    });
  }
  // History: newest last, as many of the latest entries as fit; older ones collapse to one line.
  const lines = (t.history ?? []).map(
    (h) =>
      `• ${slackTime(h.at)} <@${h.by}> ${tr(historyKey(h.action))}${h.from || h.to ? tr('detail.historyChange', { change: [h.from, h.to].filter(Boolean).map(person).join(' → ') }) : ''}${h.note ? tr('detail.historyNote', { note: userText(h.note, 200) }) : ''}`,
  );
  const footer = context([tr('detail.footer')]);
  blocks.push({ type: 'section', text: mrkdwn(`*${tr('detail.history')}*`) });
  // What Slack accepts in one message: 50 blocks and about 13,000 characters of block JSON.
  let budget = HISTORY_BUDGET - size(blocks) - size([footer]);
  const shownLines: string[] = [];
  for (let i = lines.length - 1; i >= 0; i--) {
    const cost = JSON.stringify(lines[i]).length + 1;
    if (cost > budget || shownLines.length >= MAX_HISTORY) break;
    budget -= cost;
    shownLines.unshift(lines[i]!);
  }
  const sections: string[] = [];
  const earlier = lines.length - shownLines.length;
  if (earlier > 0) sections.push(tr('detail.earlier', { count: earlier }));
  let current = '';
  for (const line of shownLines) {
    if (current.length + line.length + 1 > 2900) {
      sections.push(current);
      current = '';
    }
    current += `${line}\n`;
  }
  if (current) sections.push(current);
  // Each section costs its wrapping too; the room left in blocks caps them (newest kept).
  const room = 50 - blocks.length - 1;
  for (const s of sections.length > room ? [sections[0]!, ...sections.slice(-(room - 1))] : sections)
    blocks.push({ type: 'section', text: mrkdwn(truncate(s, 3000)) });
  blocks.push(footer);
  return blocks.slice(0, 50);
}

/** The characters of block JSON the history may use (Slack's cap is near 13,000; wrappers need room). */
const HISTORY_BUDGET = 12_000;
/** At most this many history entries are listed; older ones are counted. */
const MAX_HISTORY = 120;

function size(blocks: KnownBlock[]): number {
  return JSON.stringify(blocks).length;
}

/** A history from/to that is a Slack user (reassign, assign to) is shown as a mention. */
function person(v: string | null | undefined): string {
  return v && /^[UW][A-Z0-9]{2,}$/.test(v) ? `<@${v}>` : (v ?? '');
}

const HISTORY_ACTIONS = [
  'open',
  'assign',
  'assign_to',
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
