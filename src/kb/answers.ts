/**
 * The knowledge base's answers: storing (seed, capture from a resolved ticket, supervisors'
 * additions and edits), publishing and retiring (conditional on the version read, so a double
 * click or a Slack retry acts once), and ranked search (candidates by the indexed `tokens` array,
 * scored in code: src/domain/kb.ts).
 */
import { Types } from 'mongoose';
import type { DeskConfig } from '../config/desk-config.ts';
import type { Desk } from '../context.ts';
import type { KbAnswerFields } from '../db/models/index.ts';
import {
  type AnswerForm,
  answerTokens,
  type KbAnswerView,
  type KbStatus,
  kbQueryTokens,
  rankAnswers,
  type Scored,
  scoreAnswer,
} from '../domain/kb.ts';

/**
 * The fields read for display and scoring. An inclusion projection: leaving out the long `tokens`
 * array by exclusion measured ten times slower on the test server (bench/kb-search.ts).
 */
export const ANSWER_FIELDS = {
  question: 1,
  phrasings: 1,
  body: 1,
  steps: 1,
  categoryId: 1,
  keywords: 1,
  languages: 1,
  departmentId: 1,
  status: 1,
  reviewDue: 1,
  sourceTickets: 1,
  uses: 1,
  updatedAt: 1,
  version: 1,
} as const;

export type KbAnswerDoc = KbAnswerFields & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

/** May edit and publish answers of this department: its supervisors and the service directors. */
export function mayCurate(config: DeskConfig, user: string, departmentId?: string): boolean {
  if (config.serviceDirectors.includes(user)) return true;
  if (!departmentId) return config.departments.some((d) => d.supervisors.includes(user));
  return config.departments.find((d) => d.id === departmentId)?.supervisors.includes(user) ?? false;
}

/** Supervisors (any department) and directors see drafts in search. */
export function seesDrafts(config: DeskConfig, user: string): boolean {
  return mayCurate(config, user);
}

export function categoryDepartment(config: DeskConfig, categoryId: string): string | undefined {
  return config.categories.find((c) => c.id === categoryId)?.department;
}

function categoryNames(config: DeskConfig, categoryId: string): string {
  const c = config.categories.find((x) => x.id === categoryId);
  return c ? `${c.name.en} ${c.name['zh-CN']}` : '';
}

export function toView(a: KbAnswerDoc): KbAnswerView {
  return {
    id: String(a._id),
    question: a.question,
    phrasings: a.phrasings ?? [],
    body: a.body,
    steps: a.steps ?? [],
    categoryId: a.categoryId,
    keywords: a.keywords ?? [],
    languages: a.languages ?? [],
    departmentId: a.departmentId,
    status: a.status as KbStatus,
    reviewDue: a.reviewDue ?? null,
    sourceTickets: a.sourceTickets ?? [],
    uses: a.uses ?? 0,
    updatedAt: a.updatedAt,
  };
}

/** An answer as a form or the seed gives it (the review date may be left to the default). */
export type AnswerInput = Omit<AnswerForm, 'reviewDue'> & { reviewDue?: Date | null };

function tokensOf(config: DeskConfig, a: AnswerInput): string[] {
  return answerTokens({ ...a, categoryName: categoryNames(config, a.categoryId) });
}

/** The default review date: reviewMonths after `from`. */
export function defaultReviewDue(desk: Desk, from: Date): Date {
  const d = new Date(from);
  d.setUTCMonth(d.getUTCMonth() + desk.config.knowledgeBase.reviewMonths);
  return d;
}

/** Stores the config's seed answers that are not stored yet (published; by id, so once). */
export async function seedAnswers(desk: Desk): Promise<number> {
  const now = desk.clock.now();
  let added = 0;
  for (const s of desk.config.knowledgeBase.seedAnswers) {
    const departmentId = categoryDepartment(desk.config, s.category);
    if (!departmentId) continue;
    const input: AnswerInput = { ...s, categoryId: s.category };
    const res = await desk.models.KbAnswer.updateOne(
      { key: `seed:${s.id}` },
      {
        $setOnInsert: {
          key: `seed:${s.id}`,
          question: s.question,
          phrasings: s.phrasings,
          body: s.body,
          steps: s.steps,
          categoryId: s.category,
          keywords: s.keywords,
          languages: s.languages,
          departmentId,
          status: 'published',
          publishedAt: now,
          publishedBy: 'seed',
          createdBy: 'seed',
          reviewDue: defaultReviewDue(desk, now),
          tokens: tokensOf(desk.config, input),
        },
      },
      { upsert: true },
    );
    added += res.upsertedCount ?? 0;
  }
  return added;
}

export type KbRefusal = 'not_found' | 'not_supervisor' | 'conflict' | 'already_published' | 'retired';
export type KbResult = { ok: true; answer: KbAnswerView } | { ok: false; reason: KbRefusal };

/** A draft (capture from a ticket, or a supervisor's new answer); `key` makes a resubmission one draft. */
export async function createAnswer(
  desk: Desk,
  by: string,
  input: AnswerInput,
  opts: { key?: string; sourceTickets?: string[]; publish?: boolean } = {},
): Promise<KbAnswerView> {
  const now = desk.clock.now();
  const departmentId = categoryDepartment(desk.config, input.categoryId)!;
  const fields = {
    ...input,
    reviewDue: input.reviewDue ?? defaultReviewDue(desk, now),
    departmentId,
    tokens: tokensOf(desk.config, input),
    sourceTickets: opts.sourceTickets ?? [],
    createdBy: by,
    updatedBy: by,
    status: (opts.publish ? 'published' : 'draft') as KbStatus,
    ...(opts.publish ? { publishedBy: by, publishedAt: now } : {}),
  };
  const _id = new Types.ObjectId();
  const key = opts.key ? `form:${opts.key}` : `id:${_id}`;
  try {
    const doc = await desk.models.KbAnswer.create({ _id, key, ...fields });
    return toView(doc.toObject() as unknown as KbAnswerDoc);
  } catch (err) {
    if ((err as { code?: number }).code === 11000 && opts.key) {
      const doc = await desk.models.KbAnswer.findOne({ key }).lean();
      if (doc) return toView(doc as unknown as KbAnswerDoc);
    }
    throw err;
  }
}

export async function answerById(
  desk: Desk,
  id: string,
): Promise<(KbAnswerView & { version: number }) | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const doc = (await desk.models.KbAnswer.findById(
    id,
    ANSWER_FIELDS,
  ).lean()) as unknown as KbAnswerDoc | null;
  return doc ? { ...toView(doc), version: doc.version ?? 1 } : null;
}

/** Edits an answer (supervisor of its department, or of the new category's department). */
export async function editAnswer(
  desk: Desk,
  by: string,
  id: string,
  version: number,
  input: AnswerInput,
): Promise<KbResult> {
  const current = await answerById(desk, id);
  if (!current) return { ok: false, reason: 'not_found' };
  const departmentId = categoryDepartment(desk.config, input.categoryId)!;
  if (!mayCurate(desk.config, by, current.departmentId) || !mayCurate(desk.config, by, departmentId))
    return { ok: false, reason: 'not_supervisor' };
  const doc = await desk.models.KbAnswer.findOneAndUpdate(
    { _id: id, version },
    {
      $set: {
        ...input,
        reviewDue: input.reviewDue ?? defaultReviewDue(desk, desk.clock.now()),
        departmentId,
        tokens: tokensOf(desk.config, input),
        updatedBy: by,
      },
      $inc: { version: 1 },
    },
    { returnDocument: 'after', lean: true },
  );
  if (!doc) return { ok: false, reason: 'conflict' };
  return { ok: true, answer: toView(doc as unknown as KbAnswerDoc) };
}

/** Publishes a draft: only its department's supervisors (or a director); a second click changes nothing. */
export async function publishAnswer(desk: Desk, by: string, id: string): Promise<KbResult> {
  return setStatus(desk, by, id, 'draft', 'published');
}

/** Retires an answer (never shown in search again). */
export async function retireAnswer(desk: Desk, by: string, id: string): Promise<KbResult> {
  return setStatus(desk, by, id, { $in: ['draft', 'published'] }, 'retired');
}

async function setStatus(
  desk: Desk,
  by: string,
  id: string,
  from: string | { $in: string[] },
  to: KbStatus,
): Promise<KbResult> {
  const current = await answerById(desk, id);
  if (!current) return { ok: false, reason: 'not_found' };
  if (!mayCurate(desk.config, by, current.departmentId)) return { ok: false, reason: 'not_supervisor' };
  const now = desk.clock.now();
  const doc = await desk.models.KbAnswer.findOneAndUpdate(
    { _id: new Types.ObjectId(id), status: from } as Record<string, unknown>,
    {
      $set: {
        status: to,
        updatedBy: by,
        ...(to === 'published'
          ? { publishedBy: by, publishedAt: now, reviewDue: defaultReviewDue(desk, now) }
          : {}),
      },
      $inc: { version: 1 },
    },
    { returnDocument: 'after', lean: true },
  );
  if (!doc) return { ok: false, reason: current.status === 'retired' ? 'retired' : 'already_published' };
  return { ok: true, answer: toView(doc as unknown as KbAnswerDoc) };
}

export interface SearchOptions {
  /** Include drafts (supervisors). */
  drafts?: boolean;
  /** Only answers in these languages (when given). */
  limitCandidates?: number;
}

export interface KbHit {
  answer: KbAnswerView;
  scored: Scored;
}

/** Ranked answers for a query (published, and drafts when asked); retired never. */
export async function searchAnswers(desk: Desk, query: string, opts: SearchOptions = {}): Promise<KbHit[]> {
  const tokens = kbQueryTokens(query);
  if (!tokens.length) return [];
  const docs = (await desk.models.KbAnswer.find(
    { tokens: { $in: tokens }, status: { $in: opts.drafts ? ['published', 'draft'] : ['published'] } },
    ANSWER_FIELDS,
  )
    .limit(opts.limitCandidates ?? 5000)
    .lean()) as unknown as KbAnswerDoc[];
  const now = desk.clock.now();
  const scored = docs.map((d) => {
    const answer = toView(d);
    return {
      answer,
      scored: scoreAnswer(
        query,
        { ...answer, categoryName: categoryNames(desk.config, answer.categoryId) },
        now,
      ),
    };
  });
  return rankAnswers(scored);
}

/** Counts a use of an answer (shown in full, or used to answer a request). */
export async function recordAnswerUse(desk: Desk, by: string, answer: KbAnswerView): Promise<void> {
  await Promise.all([
    desk.models.KbAnswer.updateOne({ _id: answer.id }, { $inc: { uses: 1 } }),
    desk.models.KbEvent.create({
      at: desk.clock.now(),
      kind: 'answer_used',
      by,
      answerId: new Types.ObjectId(answer.id),
      categoryId: answer.categoryId,
      departmentId: answer.departmentId,
    }),
  ]);
}

/** A search that found no answer: its tokens feed the report's knowledge gaps. */
export async function recordNoMatch(desk: Desk, by: string, query: string): Promise<void> {
  const tokens = kbQueryTokens(query);
  if (!tokens.length) return;
  await desk.models.KbEvent.create({ at: desk.clock.now(), kind: 'no_match', by, tokens });
}
