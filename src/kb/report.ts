/**
 * The knowledge base's figures for the weekly report (deflection rate, most used answers and
 * standard replies, answers due for review, knowledge gaps) and the monthly review (answer growth).
 * Knowledge gaps: categories with at least `gapMinTickets` tickets in the period and no published
 * answer; and the most frequent keywords of the period's tickets that no published answer matches
 * (plus the words of /ticket kb searches that found nothing).
 */
import type { KnownBlock } from '@slack/types';
import { kbReportBlocks } from '../../blocks/kb.ts';
import type { Desk } from '../context.ts';
import { categoryGaps, deflectionRate, type KbAnswerView } from '../domain/kb.ts';
import { tokenize } from '../domain/search.ts';
import type { Period, Scope } from '../domain/views.ts';
import type { Lang, Translate } from '../i18n/index.ts';
import { ANSWER_FIELDS, type KbAnswerDoc, toView } from './answers.ts';

export interface KbPeriodFigures {
  deflected: number;
  opened: number;
  deflectionRate: number | null;
  topAnswers: { question: string; uses: number }[];
  repliesUsed: number;
  topReplies: { id: string; uses: number }[];
  dueForReview: { question: string; reviewDue: Date }[];
  dueForReviewTotal: number;
  gapCategories: { categoryId: string; tickets: number }[];
  gapKeywords: { key: string; count: number }[];
  /** Monthly: answers added, published in the period; published in total at its end. */
  growth: { added: number; published: number; totalPublished: number };
}

const TOP = 5;

export async function kbPeriodFigures(
  desk: Desk,
  scope: Scope,
  period: Pick<Period, 'from' | 'to'>,
): Promise<KbPeriodFigures> {
  const { Ticket, KbAnswer, KbEvent, KbDeflection } = desk.models;
  const dept = scope.departmentId ? { departmentId: scope.departmentId } : {};
  const inPeriod = { $gte: period.from, $lt: period.to };
  const [deflected, opened, usedAgg, replyAgg, dueDocs, dueTotal, catAgg, published, tickets, misses] =
    await Promise.all([
      KbDeflection.countDocuments({ ...dept, openedAt: inPeriod }),
      Ticket.countDocuments({ ...dept, openedAt: inPeriod }),
      KbEvent.aggregate<{ _id: unknown; uses: number }>([
        { $match: { ...dept, kind: 'answer_used', at: inPeriod } },
        { $group: { _id: '$answerId', uses: { $sum: 1 } } },
        { $sort: { uses: -1 } },
      ]),
      KbEvent.aggregate<{ _id: string; uses: number }>([
        { $match: { ...dept, kind: 'reply_used', at: inPeriod } },
        { $group: { _id: '$replyId', uses: { $sum: 1 } } },
        { $sort: { uses: -1 } },
      ]),
      KbAnswer.find(
        { ...dept, status: 'published', reviewDue: { $lt: period.to } },
        { question: 1, reviewDue: 1 },
      )
        .sort({ reviewDue: 1 })
        .limit(TOP)
        .lean(),
      KbAnswer.countDocuments({ ...dept, status: 'published', reviewDue: { $lt: period.to } }),
      Ticket.aggregate<{ _id: string; n: number }>([
        { $match: { ...dept, openedAt: inPeriod } },
        { $group: { _id: '$categoryId', n: { $sum: 1 } } },
      ]),
      KbAnswer.find({ status: 'published' }, ANSWER_FIELDS).limit(5000).lean(),
      Ticket.find({ ...dept, openedAt: inPeriod }, { keywords: 1, description: 1, categoryId: 1 })
        .sort({ openedAt: -1 })
        .limit(1000)
        .lean(),
      KbEvent.find({ kind: 'no_match', at: inPeriod }, { tokens: 1 }).limit(2000).lean(),
    ]);
  const answers = (published as unknown as KbAnswerDoc[]).map(toView);
  const usedIds = usedAgg.slice(0, TOP).map((u) => String(u._id));
  const usedDocs = usedIds.length
    ? await KbAnswer.find({ _id: { $in: usedIds } }, { question: 1 }).lean()
    : [];
  const questionOf = new Map(usedDocs.map((d) => [String(d._id), d.question]));
  const publishedByCategory: Record<string, number> = {};
  for (const a of answers) publishedByCategory[a.categoryId] = (publishedByCategory[a.categoryId] ?? 0) + 1;
  const gapCategories = categoryGaps({
    categories: catAgg.map((c) => ({ categoryId: c._id, tickets: c.n })),
    publishedByCategory,
    minTickets: desk.config.knowledgeBase.gapMinTickets,
  });
  const monthStart = period.from;
  const [added, publishedInPeriod, totalPublished] = await Promise.all([
    KbAnswer.countDocuments({ ...dept, createdAt: { $gte: monthStart, $lt: period.to } }),
    KbAnswer.countDocuments({ ...dept, publishedAt: { $gte: monthStart, $lt: period.to } }),
    KbAnswer.countDocuments({ ...dept, status: 'published', publishedAt: { $lt: period.to } }),
  ]);
  return {
    deflected,
    opened,
    deflectionRate: deflectionRate(deflected, opened),
    topAnswers: usedAgg
      .slice(0, TOP)
      .map((u) => ({ question: questionOf.get(String(u._id)) ?? '—', uses: u.uses })),
    repliesUsed: replyAgg.reduce((s, r) => s + r.uses, 0),
    topReplies: replyAgg.slice(0, TOP).map((r) => ({ id: r._id, uses: r.uses })),
    dueForReview: dueDocs.map((d) => ({ question: d.question, reviewDue: d.reviewDue! })),
    dueForReviewTotal: dueTotal,
    gapCategories,
    gapKeywords: unmatchedKeywords(
      tickets.map((t) => ({ keywords: (t.keywords ?? []).map(String), description: t.description })),
      answers,
      misses.map((m) => (m.tokens ?? []).map(String)),
    ),
    growth: { added, published: publishedInPeriod, totalPublished },
  };
}

/**
 * Keywords of tickets no published answer matches (no shared keyword, and under half of the
 * description's tokens in any one answer), with the words of searches that found nothing; most
 * frequent first.
 */
export function unmatchedKeywords(
  tickets: { keywords: string[]; description: string }[],
  answers: KbAnswerView[],
  misses: string[][],
): { key: string; count: number }[] {
  const answerSets = answers.map(
    (a) =>
      new Set([
        ...a.keywords.map((k) => k.toLowerCase()),
        ...tokenize([a.question, ...a.phrasings, a.body, ...a.keywords].join(' ')),
      ]),
  );
  const counts = new Map<string, number>();
  const bump = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const t of tickets) {
    if (!t.keywords.length) continue;
    const kws = t.keywords.map((k) => k.toLowerCase());
    const desc = tokenize(t.description);
    const matched = answerSets.some((set) => {
      if (kws.some((k) => set.has(k))) return true;
      if (!desc.length) return false;
      return desc.filter((x) => set.has(x)).length / desc.length >= 0.5;
    });
    if (!matched) for (const k of t.keywords) bump(k);
  }
  for (const m of misses) for (const tok of m) if (Array.from(tok).length >= 2) bump(tok);
  return [...counts.entries()]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
    .slice(0, 10);
}

/** The knowledge base section appended to the weekly / monthly report (src/reports/digest.ts). */
export async function kbReportSection(
  desk: Desk,
  tr: Translate,
  lang: Lang,
  scope: Scope,
  period: Period,
): Promise<KnownBlock[]> {
  if (period.kind === 'day') return []; // weekly and monthly reports only
  const f = await kbPeriodFigures(desk, scope, period);
  return kbReportBlocks(tr, desk.config, lang, f, period.kind);
}
