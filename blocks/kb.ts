/**
 * The knowledge base's Block Kit (issue 14): /ticket kb results (ranked, paged, matches
 * highlighted), one answer in full, the answer form (capture, new, edit), the standard reply
 * picker, the intake suggestions and the weekly / monthly report section. Pure; user text escaped.
 */
import type { ActionsBlock, Button, InputBlock, KnownBlock, View } from '@slack/types';
import type { DeskConfig, StandardReply } from '../src/config/desk-config.ts';
import { type AnswerForm, highlight, type KbAnswerView, type Scored } from '../src/domain/kb.ts';
import type { Lang, MessageKey, Translate } from '../src/i18n/index.ts';
import { button, context, mrkdwn, option, plain, selectInput, textInput } from './elements.ts';
import { INPUT_ACTION, INTAKE_FIELD, KB_ACTION, KB_BLOCK, KB_CALLBACK, KB_FIELD } from './ids.ts';
import { truncate, userText } from './text.ts';

export interface KbHitView {
  answer: KbAnswerView;
  scored: Scored;
}

function categoryName(config: DeskConfig, lang: Lang, id: string): string {
  return config.categories.find((c) => c.id === id)?.name[lang] ?? id;
}

function departmentName(config: DeskConfig, lang: Lang, id: string): string {
  return config.departments.find((d) => d.id === id)?.name[lang] ?? id;
}

/** The value of the paging buttons: the query and the page (≤ 2000 chars). */
export function pageValue(query: string, page: number): string {
  return JSON.stringify({ q: truncate(query, 200, ''), p: page });
}

export function parsePageValue(value: string): { q: string; p: number } | null {
  try {
    const v = JSON.parse(value) as { q?: unknown; p?: unknown };
    if (typeof v.q !== 'string' || typeof v.p !== 'number' || !Number.isInteger(v.p) || v.p < 0) return null;
    return { q: v.q, p: v.p };
  } catch {
    return null;
  }
}

/** /ticket kb: one page of ranked answers. Supervisors also see drafts, with Publish and Edit. */
export function kbResultsMessage(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  query: string,
  hits: KbHitView[],
  page: number,
  pageSize: number,
  curator: (departmentId: string) => boolean,
): { text: string; blocks: KnownBlock[] } {
  const q = truncate(query.trim(), 100);
  const title = tr('kb.title', { query: userText(q, 100), n: hits.length });
  if (hits.length === 0) {
    const none = tr('kb.none', { query: userText(q, 100) });
    return { text: none, blocks: [{ type: 'section', text: mrkdwn(none) }] };
  }
  const pages = Math.ceil(hits.length / pageSize);
  const p = Math.min(Math.max(0, page), pages - 1);
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(`*${title}*`) },
    context([tr('kb.page', { page: p + 1, pages }), tr('kb.hint')]),
  ];
  hits.slice(p * pageSize, (p + 1) * pageSize).forEach((h, i) => {
    const a = h.answer;
    const n = p * pageSize + i + 1;
    const tag = a.status === 'draft' ? ` ${tr('kb.draftTag')}` : '';
    const kws = a.keywords.length
      ? `\n${tr('kb.keywords', { list: highlight(a.keywords.join(', '), query, 200) })}`
      : '';
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `${n}. ${highlight(a.question, query, 200)}${tag}\n${highlight(a.body.replace(/\s+/g, ' '), query, 240)}${kws}`,
      ),
    });
    const els: Button[] = [button(tr('kb.show'), KB_ACTION.show, a.id)];
    if (curator(a.departmentId)) {
      if (a.status === 'draft') els.push(button(tr('kb.publish'), KB_ACTION.publish, a.id, 'primary'));
      els.push(button(tr('kb.edit'), KB_ACTION.edit, a.id));
    }
    blocks.push({ type: 'actions', block_id: `${KB_BLOCK.hitPrefix}${n}`, elements: els });
    blocks.push(
      context([tr('kb.meta', { category: categoryName(config, lang, a.categoryId), uses: a.uses })]),
    );
  });
  // Previous and Next share an action id, so each has its own block.
  if (p > 0)
    blocks.push({
      type: 'actions',
      block_id: `${KB_BLOCK.pages}_prev`,
      elements: [button(tr('kb.prev'), KB_ACTION.page, pageValue(query, p - 1))],
    });
  if (p < pages - 1)
    blocks.push({
      type: 'actions',
      block_id: `${KB_BLOCK.pages}_next`,
      elements: [button(tr('kb.next'), KB_ACTION.page, pageValue(query, p + 1))],
    });
  return { text: title.replace(/\*/g, ''), blocks: blocks.slice(0, 50) };
}

/** One answer in full (ephemeral). */
export function kbAnswerBlocks(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  a: KbAnswerView,
  curator: boolean,
): KnownBlock[] {
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(truncate(a.question, 150), 150) },
    { type: 'section', text: mrkdwn(userText(a.body, 2900)) },
  ];
  if (a.steps.length)
    blocks.push({
      type: 'section',
      text: mrkdwn(
        [tr('kb.answer.steps'), ...a.steps.slice(0, 20).map((s, i) => `${i + 1}. ${userText(s, 140)}`)].join(
          '\n',
        ),
      ),
    });
  if (a.phrasings.length)
    blocks.push(context([tr('kb.answer.phrasings', { list: userText(a.phrasings.join(' · '), 1500) })]));
  const review = a.reviewDue ? a.reviewDue.toISOString().slice(0, 10) : '—';
  blocks.push(
    context([
      tr('kb.answer.meta', {
        category: categoryName(config, lang, a.categoryId),
        department: departmentName(config, lang, a.departmentId),
        languages: a.languages.join(', ') || '—',
        status: tr(`kb.status.${a.status}` as MessageKey),
        review,
      }),
      ...(a.keywords.length ? [tr('kb.keywords', { list: userText(a.keywords.join(', '), 500) })] : []),
      ...(a.sourceTickets.length
        ? [tr('kb.answer.sources', { list: a.sourceTickets.slice(0, 10).join(', ') })]
        : []),
    ]),
  );
  if (curator) {
    const els: Button[] = [];
    if (a.status === 'draft') els.push(button(tr('kb.publish'), KB_ACTION.publish, a.id, 'primary'));
    if (a.status !== 'retired') {
      els.push(button(tr('kb.edit'), KB_ACTION.edit, a.id));
      els.push(button(tr('kb.retire'), KB_ACTION.retire, a.id, 'danger'));
    }
    if (els.length) blocks.push({ type: 'actions', block_id: `${KB_BLOCK.hitPrefix}full`, elements: els });
  }
  return blocks.slice(0, 50);
}

export type KbFormMode = 'capture' | 'new' | 'edit';
export interface KbFormMetadata {
  mode: KbFormMode;
  /** The answer edited. */
  id?: string;
  version?: number;
  /** The ticket captured from. */
  ticket?: string;
}

/** The answer form's values (prefilled from a ticket, or an answer being edited). */
export type KbFormValues = Omit<AnswerForm, 'reviewDue'> & { reviewDue?: Date | null };

export const KB_TEXT_LIMITS = {
  question: 300,
  phrasings: 1500,
  body: 2900,
  steps: 2000,
  keywords: 500,
} as const;

/** The answer form: capture from a ticket (a draft), a supervisor's new answer, or an edit. */
export function kbAnswerModal(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  m: KbFormMetadata,
  v: Partial<KbFormValues>,
  intro?: string,
): View {
  const title: MessageKey =
    m.mode === 'capture'
      ? 'kb.modal.title.capture'
      : m.mode === 'new'
        ? 'kb.modal.title.new'
        : 'kb.modal.title.edit';
  const langOptions = [option('zh-CN', tr('kb.lang.zh')), option('en', tr('kb.lang.en'))];
  const initialLangs = langOptions.filter((o) => (v.languages ?? []).includes(o.value ?? ''));
  const languages: InputBlock = {
    type: 'input',
    block_id: KB_FIELD.languages,
    optional: false,
    label: plain(tr('kb.field.languages'), 2000),
    element: {
      type: 'checkboxes',
      action_id: INPUT_ACTION,
      options: langOptions,
      ...(initialLangs.length ? { initial_options: initialLangs } : {}),
    },
  };
  const review: InputBlock = {
    type: 'input',
    block_id: KB_FIELD.reviewDue,
    optional: true,
    label: plain(tr('kb.field.reviewDue'), 2000),
    hint: plain(tr('kb.field.reviewDue.hint', { months: config.knowledgeBase.reviewMonths }), 2000),
    element: {
      type: 'datepicker',
      action_id: INPUT_ACTION,
      ...(v.reviewDue ? { initial_date: v.reviewDue.toISOString().slice(0, 10) } : {}),
    },
  };
  const blocks: KnownBlock[] = [];
  if (intro) blocks.push({ type: 'section', text: mrkdwn(intro) });
  blocks.push(
    textInput({
      blockId: KB_FIELD.question,
      label: tr('kb.field.question'),
      maxLength: KB_TEXT_LIMITS.question,
      ...(v.question ? { initial: v.question } : {}),
    }),
    textInput({
      blockId: KB_FIELD.phrasings,
      label: tr('kb.field.phrasings'),
      hint: tr('kb.field.phrasings.hint'),
      optional: true,
      multiline: true,
      maxLength: KB_TEXT_LIMITS.phrasings,
      ...(v.phrasings?.length ? { initial: v.phrasings.join('\n') } : {}),
    }),
    textInput({
      blockId: KB_FIELD.body,
      label: tr('kb.field.body'),
      hint: tr('kb.field.body.hint'),
      multiline: true,
      maxLength: KB_TEXT_LIMITS.body,
      ...(v.body ? { initial: v.body } : {}),
    }),
    textInput({
      blockId: KB_FIELD.steps,
      label: tr('kb.field.steps'),
      hint: tr('kb.field.steps.hint'),
      optional: true,
      multiline: true,
      maxLength: KB_TEXT_LIMITS.steps,
      ...(v.steps?.length ? { initial: v.steps.join('\n') } : {}),
    }),
    selectInput({
      blockId: KB_FIELD.category,
      label: tr('kb.field.category'),
      options: config.categories.map((c) => option(c.id, c.name[lang])),
      ...(v.categoryId ? { initial: v.categoryId } : {}),
    }),
    textInput({
      blockId: KB_FIELD.keywords,
      label: tr('kb.field.keywords'),
      hint: tr('kb.field.keywords.hint'),
      optional: true,
      maxLength: KB_TEXT_LIMITS.keywords,
      ...(v.keywords?.length ? { initial: v.keywords.join(', ') } : {}),
    }),
    languages,
    review,
  );
  const json = JSON.stringify(m);
  return {
    type: 'modal',
    callback_id: KB_CALLBACK.answer,
    title: plain(tr(title), 24),
    submit: plain(tr('kb.modal.submit'), 24),
    close: plain(tr('kb.modal.cancel'), 24),
    private_metadata: json.length <= 3000 ? json : JSON.stringify({ mode: m.mode }),
    blocks,
  };
}

/** A modal that only says something (a refusal, a recorded deflection). */
export function kbNoticeModal(tr: Translate, title: MessageKey, text: string): View {
  return {
    type: 'modal',
    callback_id: KB_CALLBACK.notice,
    title: plain(tr(title), 24),
    close: plain(tr('kb.done'), 24),
    blocks: [{ type: 'section', text: mrkdwn(text) }],
  };
}

/** The standard reply picker for a ticket; with `filled`, the chosen reply filled in to copy. */
export function kbReplyModal(
  tr: Translate,
  lang: Lang,
  number: string,
  replies: StandardReply[],
  filled?: { reply: StandardReply; text: string },
): View {
  const options = replies.slice(0, 100).map((r) => option(r.id, r.name[lang]));
  const initial = filled ? options.find((o) => o.value === filled.reply.id) : undefined;
  const picker: ActionsBlock = {
    type: 'actions',
    block_id: KB_BLOCK.replyPick,
    elements: [
      {
        type: 'static_select',
        action_id: KB_ACTION.replyPick,
        placeholder: plain(tr('kb.reply.pick'), 150),
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
    ],
  };
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(tr('kb.reply.intro', { number })) }, picker];
  if (filled) {
    blocks.push({
      type: 'section',
      text: mrkdwn(tr('kb.reply.filled', { name: userText(filled.reply.name[lang], 75) })),
    });
    blocks.push({ type: 'section', text: mrkdwn(`\`\`\`${userText(filled.text, 2800)}\`\`\``) });
  }
  return {
    type: 'modal',
    callback_id: KB_CALLBACK.reply,
    title: plain(tr('kb.reply.title'), 24),
    close: plain(tr('kb.done'), 24),
    private_metadata: JSON.stringify({ number }),
    blocks,
  };
}

/** The "Find answers" button placed under the intake form's description. */
export function kbFindBlock(tr: Translate): KnownBlock {
  return {
    type: 'actions',
    block_id: KB_BLOCK.find,
    elements: [button(tr('kb.find'), KB_ACTION.find, 'find')],
  };
}

/** Suggested answers for the intake form (inserted after the Find answers button). */
export function kbSuggestionBlocks(
  tr: Translate,
  query: string,
  hits: KbHitView[],
  empty: boolean,
): KnownBlock[] {
  const p = KB_BLOCK.suggestPrefix;
  if (empty) return [{ type: 'context', block_id: `${p}empty`, elements: [mrkdwn(tr('kb.suggest.empty'))] }];
  if (!hits.length)
    return [{ type: 'context', block_id: `${p}none`, elements: [mrkdwn(tr('kb.suggest.none'))] }];
  const blocks: KnownBlock[] = [
    { type: 'section', block_id: `${p}title`, text: mrkdwn(tr('kb.suggest.title')) },
  ];
  hits.slice(0, 3).forEach((h, i) => {
    blocks.push({
      type: 'section',
      block_id: `${p}${i}`,
      text: mrkdwn(
        `❓ ${highlight(h.answer.question, query, 150)}\n${highlight(h.answer.body.replace(/\s+/g, ' '), query, 400)}`,
      ),
    });
    blocks.push({
      type: 'actions',
      block_id: `${p}act_${i}`,
      elements: [button(tr('kb.deflect'), KB_ACTION.deflect, h.answer.id)],
    });
  });
  blocks.push({ type: 'context', block_id: `${p}hint`, elements: [mrkdwn(tr('kb.suggest.hint'))] });
  return blocks;
}

/** Replaces the intake form's suggestions (if any) with new ones, right after the Find answers button. */
export function withSuggestions(blocks: KnownBlock[], suggestions: KnownBlock[]): KnownBlock[] {
  const kept = blocks.filter((b) => !(b.block_id ?? '').startsWith(KB_BLOCK.suggestPrefix));
  const at = kept.findIndex((b) => b.block_id === KB_BLOCK.find);
  const insertAt = at >= 0 ? at + 1 : kept.findIndex((b) => b.block_id === INTAKE_FIELD.description) + 1;
  return [...kept.slice(0, insertAt), ...suggestions, ...kept.slice(insertAt)].slice(0, 100);
}

/**
 * Answers that may help with a ticket: for its claimer (ephemeral under the card) and in the
 * owner's nudge DM, each with Show answer; `askSenior` adds the line pointing to Ask for help.
 */
export function kbTopAnswersBlocks(
  tr: Translate,
  query: string,
  hits: KbHitView[],
  askSenior = false,
): KnownBlock[] {
  if (!hits.length) return [];
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(tr('kb.top.title')) }];
  hits.slice(0, 3).forEach((h, i) => {
    blocks.push({
      type: 'section',
      block_id: `kb_top_${i}`,
      text: mrkdwn(`${i + 1}. ${highlight(h.answer.question, query, 200)}`),
      accessory: button(tr('kb.show'), KB_ACTION.show, h.answer.id),
    });
  });
  if (askSenior) blocks.push(context([tr('kb.top.askSenior')]));
  return blocks;
}

export interface KbReportView {
  deflected: number;
  opened: number;
  deflectionRate: number | null;
  topAnswers: { question: string; uses: number }[];
  repliesUsed: number;
  dueForReview: { question: string; reviewDue: Date }[];
  dueForReviewTotal: number;
  gapCategories: { categoryId: string; tickets: number }[];
  gapKeywords: { key: string; count: number }[];
  growth: { added: number; published: number; totalPublished: number };
}

function pct(x: number | null): string {
  return x === null ? '—' : `${Math.round(x * 1000) / 10}%`;
}

/** The knowledge base section of the weekly report (`month`: with answer growth). */
export function kbReportBlocks(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  f: KbReportView,
  kind: 'week' | 'month',
): KnownBlock[] {
  // Issue 18: a line with nothing to show is left out (no "—" placeholders in reports).
  const list = (xs: string[]) => xs.join(tr('kb.report.separator'));
  const item = (name: string, n: string | number) => tr('kb.report.item', { name, n });
  const question = (q: string) => userText(truncate(q, 60), 200);
  const lines = [
    ...(f.deflectionRate === null
      ? []
      : [
          tr('kb.report.deflection', {
            deflected: f.deflected,
            opened: f.opened,
            rate: pct(f.deflectionRate),
          }),
        ]),
    ...(f.topAnswers.length
      ? [
          tr('kb.report.topAnswers', {
            list: list(f.topAnswers.map((a) => item(question(a.question), a.uses))),
          }),
        ]
      : []),
    tr('kb.report.replies', { n: f.repliesUsed }),
    ...(f.dueForReviewTotal > 0
      ? [
          tr('kb.report.review', {
            n: f.dueForReviewTotal,
            list: list(
              f.dueForReview.map((a) => item(question(a.question), a.reviewDue.toISOString().slice(0, 10))),
            ),
          }),
        ]
      : []),
    ...(f.gapCategories.length
      ? [
          tr('kb.report.gapCategories', {
            list: list(f.gapCategories.map((c) => item(categoryName(config, lang, c.categoryId), c.tickets))),
          }),
        ]
      : []),
    ...(f.gapKeywords.length
      ? [
          tr('kb.report.gapKeywords', {
            list: list(f.gapKeywords.map((k) => item(userText(k.key, 40), k.count))),
          }),
        ]
      : []),
  ];
  if (kind === 'month')
    lines.push(
      tr('kb.report.growth', {
        added: f.growth.added,
        published: f.growth.published,
        total: f.growth.totalPublished,
      }),
    );
  return [
    { type: 'divider' },
    { type: 'section', text: mrkdwn(`${tr('kb.report.title')}\n${lines.join('\n')}`) },
  ];
}

export interface KbHomeView {
  published: number;
  /** For supervisors: drafts of their departments waiting to be published (newest first). */
  drafts?: { total: number; items: KbAnswerView[] };
  dueForReview?: number;
}

/** The knowledge base section of App Home: how to search, and for supervisors the drafts waiting. */
export function kbHomeBlocks(tr: Translate, h: KbHomeView): KnownBlock[] {
  const blocks: KnownBlock[] = [
    { type: 'divider' },
    { type: 'section', text: mrkdwn(tr('kb.home.title', { n: h.published })) },
  ];
  if (h.drafts) {
    const lines = h.drafts.items.slice(0, 3).map((a) => `• ${userText(truncate(a.question, 100), 300)}`);
    blocks.push({
      type: 'section',
      text: mrkdwn(
        [tr('kb.home.drafts', { n: h.drafts.total, review: h.dueForReview ?? 0 }), ...lines].join('\n'),
      ),
    });
    blocks.push({
      type: 'actions',
      block_id: 'kb_home_actions',
      elements: [button(tr('kb.home.new'), KB_ACTION.newAnswer, 'new', 'primary')],
    });
  }
  return blocks;
}
