/**
 * Results of /ticket search, /ticket mine and /ticket customer (ephemeral, ≤ 50 blocks). Customer
 * details are masked unless `full`; user text is escaped and cut.
 */
import type { KnownBlock } from '@slack/types';
import type { DeskConfig } from '../src/config/desk-config.ts';
import { subjectOf } from '../src/domain/subject.ts';
import type { Found } from '../src/domain/views.ts';
import type { Lang, MessageKey, Translate } from '../src/i18n/index.ts';
import { context, mrkdwn, plain, section, textInput } from './elements.ts';
import { BLOCK, CALLBACK } from './ids.ts';
import { slackDate, truncate, userText } from './text.ts';
import { maskedContact, names } from './ticket-card.ts';

const MAX_ITEMS = 20;

function customerText(f: Found): string {
  const c = f.ticket.customer;
  if (!c) return '—';
  if (f.full) {
    return (
      [c.name, c.phone, c.email, c.customerId]
        .filter(Boolean)
        .map((v) => userText(String(v), 120))
        .join(' · ') || '—'
    );
  }
  const m = maskedContact(f.ticket);
  return (
    [m.name, m.contact, c.customerId]
      .filter((v) => v && v !== '—')
      .map((v) => userText(String(v), 120))
      .join(' · ') || '—'
  );
}

export function ticketLine(tr: Translate, config: DeskConfig, lang: Lang, f: Found): string {
  const t = f.ticket;
  const n = names(config, lang);
  const num = t.card?.permalink ? `<${t.card.permalink}|${t.number}>` : `*${t.number}*`;
  const opened = slackDate(t.openedAt, t.openedAt.toISOString().slice(0, 10), '{date_short}');
  const head = [
    num,
    userText(subjectOf(t), 120),
    tr(`status.${t.status}` as MessageKey),
    tr(`priority.${t.priority}` as MessageKey),
    n.category(t.categoryId),
    opened,
  ].join(' · ');
  const owner = t.ownerId ? ` · ${tr('search.owner', { user: t.ownerId })}` : '';
  const extra: string[] = [];
  if (t.resolution?.summary)
    extra.push(tr('search.resolution', { text: userText(t.resolution.summary, 200) }));
  if (t.survey?.satisfaction)
    extra.push(tr('search.survey', { level: tr(`report.level.${t.survey.satisfaction}` as MessageKey) }));
  return [
    `${head}${owner}`,
    tr(f.full ? 'search.customer' : 'search.customerMasked', { customer: customerText(f) }),
    userText(truncate(t.description ?? '', 160), 400),
    ...extra,
  ].join('\n');
}

export function resultBlocks(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  title: string,
  hits: Found[],
  total = hits.length,
): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(`*${truncate(title, 200)}*`) }];
  if (hits.length === 0) {
    blocks.push(context([tr('search.none')]));
    return blocks;
  }
  for (const f of hits.slice(0, MAX_ITEMS))
    blocks.push({ type: 'section', text: mrkdwn(ticketLine(tr, config, lang, f)) });
  const more = total - Math.min(hits.length, MAX_ITEMS);
  if (more > 0) blocks.push(context([tr('search.more', { n: more })]));
  blocks.push(context([tr('detail.footer')]));
  return blocks.slice(0, 50);
}

/**
 * The search modal opened from App Home (issue 18): the query input, and once submitted the results
 * below it (the same lines as /ticket search, masked unless permitted; what the user may not look up
 * is only counted). ≤ 100 blocks.
 */
export function searchModal(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  o: { query?: string; title?: string; hits?: Found[]; total?: number; hidden?: number } = {},
) {
  const blocks: KnownBlock[] = [
    textInput({
      blockId: BLOCK.homeSearchQuery,
      label: tr('searchModal.label'),
      maxLength: 200,
      ...(o.query ? { initial: o.query } : {}),
      hint: tr('searchModal.hint'),
    }),
  ];
  if (o.title !== undefined) {
    blocks.push(...resultBlocks(tr, config, lang, o.title, o.hits ?? [], o.total ?? o.hits?.length ?? 0));
    if (o.hidden) blocks.push(section(tr('access.hiddenResults', { n: o.hidden })));
  }
  return {
    type: 'modal' as const,
    callback_id: CALLBACK.homeSearch,
    title: plain(tr('searchModal.title'), 24),
    submit: plain(tr('searchModal.submit'), 24),
    close: plain(tr('searchModal.close'), 24),
    blocks: blocks.slice(0, 100),
  };
}

/** /ticket mine: two lists (opened by me, owned by me) in one message. */
export function mineBlocks(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  opened: Found[],
  owned: Found[],
): KnownBlock[] {
  const a: KnownBlock[] = resultBlocks(
    tr,
    config,
    lang,
    tr('lists.opened', { n: opened.length }),
    opened.slice(0, 10),
  ).filter((b) => b.type !== 'context' || opened.length === 0);
  const b = resultBlocks(tr, config, lang, tr('lists.owned', { n: owned.length }), owned.slice(0, 10));
  const divider: KnownBlock = { type: 'divider' };
  return [...a, divider, ...b].slice(0, 50);
}
