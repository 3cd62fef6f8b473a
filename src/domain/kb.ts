/**
 * Knowledge base rules (issue 14), pure: the tokens an answer is found by, the relevance score of
 * an answer for a query, the highlighting of matches, the stripping of customer details from text
 * captured from a ticket, and the filling of standard replies.
 *
 * Search runs without `$text` (the test server has none, and MongoDB's text search does not
 * segment Chinese): every answer stores the union of its tokens (src/domain/search.ts: Latin words
 * and numbers, CJK characters and bigrams) in an indexed array; candidates are the answers holding
 * any query token, and `scoreAnswer` ranks them in code.
 *
 * Score = Σ over matched query tokens of the best field weight it matches in
 *   (keywords 4, question 3, alternative phrasings 2.5, category name 1.5, answer text 1),
 * times the share of query tokens matched (a partial match ranks below a full one),
 * plus a keyword boost of 10 for each keyword the query contains whole (an exact keyword match
 * ranks above any partial match), then × recency (1 + 0.25·e^(−days since update / 180))
 * × usage (1 + 0.1·ln(1 + uses)).
 * Published answers rank above drafts; retired answers are never candidates.
 */
import { tokenize } from './search.ts';

export const KB_STATUSES = ['draft', 'published', 'retired'] as const;
export type KbStatus = (typeof KB_STATUSES)[number];
export const KB_LANGUAGES = ['zh-CN', 'en'] as const;
export type KbLanguage = (typeof KB_LANGUAGES)[number];

/** What search and the blocks read of an answer. */
export interface KbAnswerView {
  id: string;
  question: string;
  phrasings: string[];
  body: string;
  steps: string[];
  categoryId: string;
  keywords: string[];
  languages: string[];
  departmentId: string;
  status: KbStatus;
  reviewDue?: Date | null;
  sourceTickets: string[];
  uses: number;
  updatedAt: Date;
}

export const FIELD_WEIGHTS = {
  keywords: 4,
  question: 3,
  phrasings: 2.5,
  category: 1.5,
  body: 1,
} as const;
export const KEYWORD_BOOST = 10;

/** Words too common to find an answer by (English function words; CJK bigrams of particles). */
export const KB_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if of in on at to for from by with without is are was were be been it its ' +
    'this that these those our my your his her their we you he she they i me us them do does did not ' +
    'no can could should would will shall may might has have had as so than then there here what ' +
    'when where which who how why all any some again also just only very 了 的 吗 呢 吧 啊 是 在 和 我 您 你 他 她 '
  )
    .trim()
    .split(/\s+/),
);

/** The tokens a query is searched and scored by: the desk's tokens without the stop words. */
export function kbQueryTokens(query: string): string[] {
  return tokenize(query)
    .filter((t) => !KB_STOP_WORDS.has(t))
    .slice(0, 30);
}

function norm(s: string): string {
  return s.normalize('NFKC').toLowerCase().trim();
}

/** Every token of an answer (stored in the indexed `tokens` field). */
export function answerTokens(a: {
  question: string;
  phrasings: string[];
  body: string;
  steps: string[];
  keywords: string[];
  categoryName?: string;
}): string[] {
  const all = new Set<string>([
    ...tokenize(a.question),
    ...a.phrasings.flatMap(tokenize),
    ...tokenize(a.body),
    ...a.steps.flatMap(tokenize),
    ...a.keywords.flatMap((k) => [norm(k), ...tokenize(k)]),
    ...tokenize(a.categoryName ?? ''),
  ]);
  all.delete('');
  return [...all].slice(0, 3000);
}

export interface ScoreInput {
  question: string;
  phrasings: string[];
  body: string;
  steps: string[];
  keywords: string[];
  categoryName?: string;
  uses: number;
  updatedAt: Date;
}

export interface Scored {
  score: number;
  /** Keywords the query contains whole. */
  exactKeywords: string[];
  /** Share of the query's tokens the answer holds (0–1). */
  coverage: number;
}

/** The relevance of one answer for a query (see the file comment for the formula). */
export function scoreAnswer(query: string, a: ScoreInput, now: Date): Scored {
  const qTokens = kbQueryTokens(query);
  if (qTokens.length === 0) return { score: 0, exactKeywords: [], coverage: 0 };
  const fields: [number, Set<string>][] = [
    [FIELD_WEIGHTS.keywords, new Set(a.keywords.flatMap((k) => [norm(k), ...tokenize(k)]))],
    [FIELD_WEIGHTS.question, new Set(tokenize(a.question))],
    [FIELD_WEIGHTS.phrasings, new Set(a.phrasings.flatMap(tokenize))],
    [FIELD_WEIGHTS.category, new Set(tokenize(a.categoryName ?? ''))],
    [FIELD_WEIGHTS.body, new Set([...tokenize(a.body), ...a.steps.flatMap(tokenize)])],
  ];
  let sum = 0;
  let matched = 0;
  for (const tok of qTokens) {
    let best = 0;
    for (const [w, set] of fields) if (w > best && set.has(tok)) best = w;
    if (best > 0) matched++;
    sum += best;
  }
  const coverage = matched / qTokens.length;
  const q = norm(query);
  const exactKeywords = a.keywords.filter((k) => {
    const nk = norm(k);
    if (!nk) return false;
    // A Latin keyword matches as a whole word; a CJK keyword as a substring.
    if (/^[\p{L}\p{N}\s-]+$/u.test(nk) && !/[\u3400-\u9fff]/.test(nk))
      return new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRe(nk)}($|[^\\p{L}\\p{N}])`, 'u').test(q);
    return q.includes(nk);
  });
  const days = Math.max(0, (now.getTime() - a.updatedAt.getTime()) / 86_400_000);
  const recency = 1 + 0.25 * Math.exp(-days / 180);
  const usage = 1 + 0.1 * Math.log1p(Math.max(0, a.uses));
  const score = (sum * coverage + KEYWORD_BOOST * exactKeywords.length) * recency * usage;
  return { score: Math.round(score * 1000) / 1000, exactKeywords, coverage };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const STATUS_RANK: Record<KbStatus, number> = { published: 0, draft: 1, retired: 2 };

/** Orders scored answers: published before drafts, then by score, then the most used, newest. */
export function rankAnswers<T extends { status: KbStatus; uses: number; updatedAt: Date }>(
  items: { answer: T; scored: Scored }[],
): { answer: T; scored: Scored }[] {
  return items
    .filter((x) => x.answer.status !== 'retired' && x.scored.score > 0)
    .sort(
      (a, b) =>
        STATUS_RANK[a.answer.status] - STATUS_RANK[b.answer.status] ||
        b.scored.score - a.scored.score ||
        b.answer.uses - a.answer.uses ||
        b.answer.updatedAt.getTime() - a.answer.updatedAt.getTime(),
    );
}

const CJK_RE = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * Marks the query's matches in `text` for mrkdwn: matched runs are wrapped in `*…*` (with a
 * zero-width space outside, so Slack bolds a run inside Chinese text), the rest is escaped
 * (&, <, >). Returns the marked text cut to `max` characters of the original.
 */
export function highlight(text: string, query: string, max = 300): string {
  const chars = Array.from(text);
  const cut = chars.length > max ? chars.slice(0, max - 1) : chars;
  // Compared as the tokens are made (NFKC, lower case), shown as written.
  const lower = cut.map((c) => {
    const n = c.normalize('NFKC').toLowerCase();
    return Array.from(n).length === 1 ? n : c.toLowerCase();
  });
  const marked = new Array<boolean>(cut.length).fill(false);
  for (const tok of kbQueryTokens(query)) {
    const tc = Array.from(tok);
    const cjk = CJK_RE.test(tc[0] ?? '');
    for (let i = 0; i + tc.length <= lower.length; i++) {
      let ok = true;
      for (let j = 0; j < tc.length && ok; j++) ok = lower[i + j] === tc[j];
      if (!ok) continue;
      if (!cjk) {
        const before = lower[i - 1] ?? ' ';
        const after = lower[i + tc.length] ?? ' ';
        if (/[\p{L}\p{N}]/u.test(before) || /[\p{L}\p{N}]/u.test(after)) continue;
      }
      for (let j = 0; j < tc.length; j++) marked[i + j] = true;
    }
  }
  // Matches separated only by spaces form one run ("receipt printer" rather than two).
  for (let i = 1; i < cut.length - 1; i++) {
    if (marked[i] || !/\s/.test(cut[i]!) || !marked[i - 1]) continue;
    let j = i;
    while (j < cut.length && /\s/.test(cut[j]!)) j++;
    if (marked[j]) for (let k = i; k < j; k++) marked[k] = true;
  }
  const esc = (c: string) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c);
  let out = '';
  let i = 0;
  while (i < cut.length) {
    if (marked[i] && cut[i] !== '*' && !/\s/.test(cut[i]!)) {
      let j = i;
      while (j < cut.length && marked[j] && cut[j] !== '*') j++;
      // Trailing spaces stay outside the bold run.
      let k = j;
      while (k > i && /\s/.test(cut[k - 1]!)) k--;
      out += `\u200b*${cut.slice(i, k).map(esc).join('')}*\u200b${cut.slice(k, j).map(esc).join('')}`;
      i = j;
    } else {
      out += esc(cut[i]!);
      i++;
    }
  }
  return chars.length > max ? `${out}…` : out;
}

// ------------------------------------------------------------------ customer details in text

export interface CustomerDetails {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  customerId?: string | null;
  company?: string | null;
  orderNumber?: string | null;
}

export const MASK_PLACEHOLDERS = {
  name: '[customer]',
  phone: '[phone]',
  email: '[email]',
  order: '[order]',
  customerId: '[customer ID]',
} as const;

const HONORIFICS = ['先生', '女士', '小姐', '太太', '老师'];

/**
 * Text captured from a ticket with the customer's details taken out (domain.md "Data
 * protection"): the customer's name (whole, its parts, and the surname + 先生/女士… forms), any
 * email address, any phone-like run of 7 or more digits (spaces, dashes, dots, a leading +), the
 * ticket's order number and anything shaped like one (2–4 capital letters + 8 or more digits,
 * or 10+ digits), and the customer ID. What is left is safe to keep in an answer.
 */
export function stripCustomerDetails(text: string, c: CustomerDetails): string {
  let out = text.normalize('NFC');
  const replaceAll = (needle: string, by: string) => {
    if (!needle) return;
    out = out.replace(new RegExp(escapeRe(needle), 'giu'), by);
  };
  replaceAll((c.email ?? '').trim(), MASK_PLACEHOLDERS.email);
  out = out.replace(/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu, MASK_PLACEHOLDERS.email);
  replaceAll((c.orderNumber ?? '').trim(), MASK_PLACEHOLDERS.order);
  replaceAll((c.customerId ?? '').trim(), MASK_PLACEHOLDERS.customerId);
  out = out.replace(/\b[A-Z]{1,4}\d{8,}\b/g, MASK_PLACEHOLDERS.order);
  out = out.replace(/(?<![\p{L}\p{N}])\+?\d[\d\s().-]{5,}\d(?![\p{L}\p{N}])/gu, (m) =>
    m.replace(/\D/g, '').length >= 7 && !/^\d{4}[-./]\d{1,2}[-./]\d{1,2}$/.test(m.trim())
      ? MASK_PLACEHOLDERS.phone
      : m,
  );
  const name = (c.name ?? '').trim();
  if (name) {
    const parts = new Set<string>([name]);
    if (/^[\p{Script=Han}·]+$/u.test(name)) {
      const chars = Array.from(name);
      for (const h of HONORIFICS) if (name.endsWith(h)) parts.add(name.slice(0, -h.length));
      const bare = [...parts]
        .sort((a, b) => b.length - a.length)[0]!
        .replace(/(先生|女士|小姐|太太|老师)$/, '');
      const surname =
        chars.length >= 3 && /^(欧阳|司马|诸葛|上官|东方|慕容)/.test(bare) ? bare.slice(0, 2) : bare[0];
      if (surname) for (const h of HONORIFICS) parts.add(surname + h);
      if (Array.from(bare).length >= 2) parts.add(bare);
    } else {
      for (const p of name.split(/\s+/)) if (Array.from(p).length >= 2) parts.add(p);
    }
    for (const p of [...parts].sort((a, b) => b.length - a.length)) {
      if (/^[\p{L}'-]+$/u.test(p) && !/\p{Script=Han}/u.test(p))
        out = out.replace(
          new RegExp(`(?<![\\p{L}])${escapeRe(p)}(?![\\p{L}])`, 'giu'),
          MASK_PLACEHOLDERS.name,
        );
      else replaceAll(p, MASK_PLACEHOLDERS.name);
    }
  }
  const company = (c.company ?? '').trim();
  if (company.length >= 2) replaceAll(company, MASK_PLACEHOLDERS.name);
  return out;
}

// ------------------------------------------------------------------ standard replies

export interface ReplyValues {
  customer: string;
  number: string;
  due: string;
  owner: string;
}

/** Fills `{customer}`, `{number}`, `{due}`, `{owner}`; other braces stay as written. */
export function fillReply(template: string, v: ReplyValues): string {
  return template.replace(/\{(customer|number|due|owner)\}/g, (_m, k: keyof ReplyValues) => v[k]);
}

// ------------------------------------------------------------------ reports

export interface GapInput {
  categories: { categoryId: string; tickets: number }[];
  publishedByCategory: Record<string, number>;
  minTickets: number;
}

/** Categories with at least `minTickets` tickets and no published answer, most tickets first. */
export function categoryGaps(g: GapInput): { categoryId: string; tickets: number }[] {
  return g.categories
    .filter((c) => c.tickets >= g.minTickets && !(g.publishedByCategory[c.categoryId] ?? 0))
    .sort((a, b) => b.tickets - a.tickets || a.categoryId.localeCompare(b.categoryId));
}

/** Deflected requests / (deflected + opened tickets), null when there were none. */
export function deflectionRate(deflected: number, opened: number): number | null {
  const all = deflected + opened;
  return all === 0 ? null : deflected / all;
}

/** Keyword list from a comma / 、 / ， / space separated input, de-duplicated, at most 20. */
export function parseKeywords(raw: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const k of raw.split(/[,，、;；\n]+/)) {
    const t = k.trim().slice(0, 40);
    if (t && !seen.has(t.toLowerCase())) {
      seen.add(t.toLowerCase());
      out.push(t);
    }
  }
  return out.slice(0, 20);
}

/** Lines of a multi-line input as steps (numbering like "1." or "1、" removed), at most 20. */
export function parseSteps(raw: string): string[] {
  return raw
    .split('\n')
    .map((s) => s.replace(/^\s*(\d+[.、)]|[-•*])\s*/, '').trim())
    .filter(Boolean)
    .slice(0, 20);
}

// ------------------------------------------------------------------ the answer form

export interface AnswerFormRaw {
  question: string | string[] | null;
  phrasings: string | string[] | null;
  body: string | string[] | null;
  steps: string | string[] | null;
  category: string | string[] | null;
  keywords: string | string[] | null;
  languages: string | string[] | null;
  reviewDue: string | string[] | null;
}

export type AnswerFormError = 'question' | 'body' | 'category' | 'languages' | 'reviewDue';

export interface AnswerForm {
  question: string;
  phrasings: string[];
  body: string;
  steps: string[];
  categoryId: string;
  keywords: string[];
  languages: string[];
  reviewDue: Date | null;
}

const str = (v: string | string[] | null): string => (typeof v === 'string' ? v : '');

/**
 * Validates the answer form: a question of at least 5 characters, an answer of at least 10, a known
 * category, at least one language, and a review date (YYYY-MM-DD) after `today` when given.
 */
export function checkAnswerForm(
  raw: AnswerFormRaw,
  categories: readonly string[],
  today: string,
): { ok: true; value: AnswerForm } | { ok: false; errors: Partial<Record<AnswerFormError, true>> } {
  const errors: Partial<Record<AnswerFormError, true>> = {};
  const question = str(raw.question).trim();
  const body = str(raw.body).trim();
  const categoryId = str(raw.category);
  const languages = (Array.isArray(raw.languages) ? raw.languages : []).filter((l) =>
    (KB_LANGUAGES as readonly string[]).includes(l),
  );
  const review = str(raw.reviewDue);
  if (Array.from(question).length < 5) errors.question = true;
  if (Array.from(body).length < 10) errors.body = true;
  if (!categories.includes(categoryId)) errors.category = true;
  if (!languages.length) errors.languages = true;
  if (review && (!/^\d{4}-\d{2}-\d{2}$/.test(review) || review <= today)) errors.reviewDue = true;
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      question,
      phrasings: str(raw.phrasings)
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean)
        .slice(0, 20),
      body,
      steps: parseSteps(str(raw.steps)),
      categoryId,
      keywords: parseKeywords(str(raw.keywords)),
      languages,
      reviewDue: review ? new Date(`${review}T00:00:00Z`) : null,
    },
  };
}
