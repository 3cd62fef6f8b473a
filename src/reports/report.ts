/**
 * The figures behind digests, App Home and reports, computed with MongoDB aggregation pipelines
 * over indexed fields (status, departmentId, openedAt, resolvedAt, survey.at). Only the open working
 * set (for overdue / at-risk / stale lists) is read as documents, with a small projection; working-
 * hour durations are computed from `$push`ed (start, end) pairs of the period's tickets only.
 *
 * Definitions (documented in the README by the lead):
 * - open: status new, claimed, in_progress, waiting_customer or pending_approval.
 * - previous working day: the daily digest counts what was opened / resolved from the start
 *   (00:00 local) of the previous working day up to the start of today, so a Monday digest covers
 *   Friday and the weekend.
 * - overdue: open, and either the response is breached (no first response and responseDueAt ≤ now)
 *   or the resolution is breached (resolutionDueAt ≤ now).
 * - at risk: open, not overdue, and past `jobs.sla.warnAtShare` of a window still running (the
 *   response window while there is no first response, or the resolution window).
 * - stale: the nudge's rule (`staleSince` in src/domain/job-rules.ts): being worked (claimed,
 *   in_progress, waiting_customer) and no progress for `jobs.nudge.staleWorkingDays` working days.
 * - unclaimed: status new.
 * Period figures (weekly / monthly, [from, to) in local time):
 * - volume, categories, keywords, complaint rate: tickets opened in the period; complaint rate =
 *   requestType complaint / opened.
 * - response compliance: tickets opened in the period that were answered or whose response was due
 *   before the period end; met = firstResponseAt ≤ responseDueAt.
 * - resolution compliance: tickets resolved in the period; met = resolvedAt ≤ resolutionDueAt.
 * - first-response time: working hours from openedAt to firstResponseAt for tickets opened in the
 *   period and answered; resolution time: working hours from openedAt to resolvedAt for tickets
 *   resolved in the period. Median and 90th percentile (linear interpolation, src/domain/stats.ts).
 * - satisfaction: surveys recorded in the period (survey.at); CSAT = (satisfied + basically
 *   satisfied) / surveyed; the overall rating distribution (excellent / good / fair / poor).
 * - first-contact resolution (FCR): of the tickets resolved in the period, the share that were never
 *   transferred to another department, never reassigned to another owner (no 'transfer' or
 *   'reassign' history entry) and never reopened (reopenCount 0): resolved by the first owner.
 * - reopen rate: of the tickets resolved in the period, the share reopened at least once.
 */
import { DateTime } from 'luxon';
import type { Desk } from '../context.ts';
import type { ClockKind } from '../domain/clocks.ts';
import { staleSince } from '../domain/job-rules.ts';
import { warningAt } from '../domain/sla.ts';
import { csat, OVERALL_RATINGS, percentile, SATISFACTION_LEVELS, share, shares } from '../domain/stats.ts';
import { subjectOf } from '../domain/subject.ts';
import { PRIORITIES, type Priority, type TicketStatus } from '../domain/types.ts';
import type {
  ClockRef,
  DailyFigures,
  Distribution,
  Period,
  PeriodFigures,
  PeriodKind,
  PeriodReport,
  PersonRow,
  Rate,
  ReviewLists,
  Scope,
  TicketRef,
  TrendPoint,
} from '../domain/views.ts';

export const OPEN_STATUSES: TicketStatus[] = [
  'new',
  'claimed',
  'in_progress',
  'waiting_customer',
  'pending_approval',
];
/** History actions that mean the ticket left its first owner. */
export const HAND_OVER_ACTIONS = ['transfer', 'reassign'];

function deptMatch(scope: Scope): Record<string, unknown> {
  return scope.departmentId ? { departmentId: scope.departmentId } : {};
}

function zoneOf(desk: Desk): string {
  return desk.config.organisation.timezone;
}

/** Local midnight of a civil date. */
export function startOfLocalDay(desk: Desk, date: string): Date {
  return DateTime.fromISO(date, { zone: zoneOf(desk) })
    .startOf('day')
    .toJSDate();
}

/** The working day before `now`'s local date (YYYY-MM-DD). */
export function previousWorkingDay(desk: Desk, now: Date): string {
  let d = DateTime.fromISO(desk.calendar.localDate(now), { zone: zoneOf(desk) });
  for (let i = 0; i < 3660; i++) {
    d = d.minus({ days: 1 });
    const iso = d.toISODate()!;
    if (desk.calendar.isWorkingDay(iso)) return iso;
  }
  throw new Error('no working day in the last ten years');
}

async function countOf(desk: Desk, match: Record<string, unknown>): Promise<number> {
  const [row] = await desk.models.Ticket.aggregate<{ n: number }>([{ $match: match }, { $count: 'n' }]);
  return row?.n ?? 0;
}

/** Tickets listed per review list (complaints, dissatisfied surveys) before "… and N more". */
export const REVIEW_LIST_MAX = 8;

/** The due time of the clock that runs now: the response until answered, then the resolution. */
function currentDue(t: { firstResponseAt?: Date | null; responseDueAt: Date; resolutionDueAt: Date }): Date {
  return t.firstResponseAt ? t.resolutionDueAt : t.responseDueAt;
}

const REVIEW_FIELDS = {
  number: 1,
  priority: 1,
  status: 1,
  departmentId: 1,
  ownerId: 1,
  subject: 1,
  description: 1,
  openedAt: 1,
  firstResponseAt: 1,
  responseDueAt: 1,
  resolutionDueAt: 1,
  'survey.at': 1,
  'card.permalink': 1,
};

interface ReviewDoc {
  number: string;
  priority: Priority;
  status: TicketStatus;
  departmentId: string;
  ownerId?: string | null;
  subject?: string | null;
  description?: string;
  openedAt: Date;
  firstResponseAt?: Date | null;
  responseDueAt: Date;
  resolutionDueAt: Date;
  survey?: { at?: Date } | null;
  card?: { permalink?: string | null } | null;
}

function reviewRef(t: ReviewDoc, why: 'complaint' | 'dissatisfied', showDue: boolean): TicketRef {
  return {
    number: t.number,
    priority: t.priority,
    status: t.status,
    departmentId: t.departmentId,
    ...(t.card?.permalink ? { permalink: t.card.permalink } : {}),
    ...(t.ownerId ? { ownerId: t.ownerId } : {}),
    why,
    at: why === 'dissatisfied' && t.survey?.at ? new Date(t.survey.at) : t.openedAt,
    subject: subjectOf({ subject: t.subject ?? null, description: t.description ?? '' }),
    ...(showDue && (OPEN_STATUSES as string[]).includes(t.status) ? { dueAt: currentDue(t) } : {}),
  };
}

/**
 * The tickets to review, in one aggregation: complaints matching `complaints` (open ones for the
 * daily digest, those opened in the period for a report) and dissatisfied surveys recorded in
 * [surveyFrom, surveyTo). Each list bounded, with its total.
 */
export async function reviewLists(
  desk: Desk,
  scope: Scope,
  complaints: Record<string, unknown>,
  surveyFrom: Date,
  surveyTo: Date,
  /** Show the time left of open tickets (the daily digest, drawn now; not a past period's report). */
  showDue: boolean,
): Promise<ReviewLists> {
  const dissatisfied = {
    'survey.satisfaction': 'dissatisfied',
    'survey.at': { $gte: surveyFrom, $lt: surveyTo },
  };
  const complaint = { requestType: 'complaint', ...complaints };
  type Facet = {
    c: ReviewDoc[];
    cn: { n: number }[];
    d: ReviewDoc[];
    dn: { n: number }[];
  };
  const [row] = await desk.models.Ticket.aggregate<Facet>([
    { $match: { ...deptMatch(scope), $or: [complaint, dissatisfied] } },
    {
      $facet: {
        c: [
          { $match: complaint },
          { $sort: { openedAt: 1 } },
          { $limit: REVIEW_LIST_MAX },
          { $project: REVIEW_FIELDS },
        ],
        cn: [{ $match: complaint }, { $count: 'n' }],
        d: [
          { $match: dissatisfied },
          { $sort: { 'survey.at': 1 } },
          { $limit: REVIEW_LIST_MAX },
          { $project: REVIEW_FIELDS },
        ],
        dn: [{ $match: dissatisfied }, { $count: 'n' }],
      },
    },
  ]);
  return {
    complaints: {
      items: (row?.c ?? []).map((t) => reviewRef(t, 'complaint', showDue)),
      total: row?.cn[0]?.n ?? 0,
    },
    dissatisfied: {
      items: (row?.d ?? []).map((t) => reviewRef(t, 'dissatisfied', showDue)),
      total: row?.dn[0]?.n ?? 0,
    },
  };
}

/** A day as a report period (the daily digest's KPIs). */
function dayPeriod(desk: Desk, day: string): Period {
  const from = startOfLocalDay(desk, day);
  const to = DateTime.fromISO(day, { zone: zoneOf(desk) })
    .plus({ days: 1 })
    .startOf('day')
    .toJSDate();
  return { kind: 'day', from, to, firstDay: day, lastDay: day };
}

/**
 * Open work per owner, from the open tickets already read (no query per person): open, overdue,
 * stale (the nudge's rule) and the earliest due time. Most overdue first, then most open.
 */
export function peopleRows(
  open: { ownerId?: string | null; due: Date; overdue: boolean; stale: boolean }[],
): PersonRow[] {
  const rows = new Map<string, PersonRow>();
  for (const t of open) {
    if (!t.ownerId) continue;
    const r = rows.get(t.ownerId) ?? { ownerId: t.ownerId, open: 0, overdue: 0, stale: 0, earliestDue: null };
    r.open++;
    if (t.overdue) r.overdue++;
    if (t.stale) r.stale++;
    if (!r.earliestDue || t.due.getTime() < r.earliestDue.getTime()) r.earliestDue = t.due;
    rows.set(t.ownerId, r);
  }
  return [...rows.values()].sort(
    (a, b) =>
      b.overdue - a.overdue ||
      b.open - a.open ||
      (a.earliestDue?.getTime() ?? 0) - (b.earliestDue?.getTime() ?? 0) ||
      a.ownerId.localeCompare(b.ownerId),
  );
}

export interface DailyOptions {
  /** The KPIs of the previous working day and the tickets to review (the digest; not App Home). */
  digest?: boolean;
}

export async function dailyFigures(
  desk: Desk,
  scope: Scope,
  now: Date,
  opts: DailyOptions = {},
): Promise<DailyFigures> {
  const { Ticket } = desk.models;
  const dm = deptMatch(scope);
  const previousDay = previousWorkingDay(desk, now);
  const since = startOfLocalDay(desk, previousDay);
  const today = desk.calendar.localDate(now);
  const until = startOfLocalDay(desk, today);

  const [grouped, opened, resolved, open, clocked] = await Promise.all([
    Ticket.aggregate<{ _id: { p: Priority; s: TicketStatus }; n: number }>([
      { $match: { ...dm, status: { $in: OPEN_STATUSES } } },
      { $group: { _id: { p: '$priority', s: '$status' }, n: { $sum: 1 } } },
    ]),
    countOf(desk, { ...dm, openedAt: { $gte: since, $lt: until } }),
    countOf(desk, { ...dm, resolvedAt: { $gte: since, $lt: until } }),
    Ticket.find(
      { ...dm, status: { $in: OPEN_STATUSES } },
      {
        number: 1,
        priority: 1,
        status: 1,
        departmentId: 1,
        ownerId: 1,
        openedAt: 1,
        claimedAt: 1,
        firstResponseAt: 1,
        responseDueAt: 1,
        resolutionDueAt: 1,
        lastProgressAt: 1,
        subject: 1,
        // The subject of old tickets is derived from the description: read only for the digest's
        // lists (App Home, redrawn often, shows counts and the per-person table only).
        ...(opts.digest ? { description: 1 } : {}),
        card: 1,
      },
    )
      .sort({ openedAt: 1 })
      .lean(),
    // Clocks past their warning (at risk) or due (breached) and not met, of every kind.
    Ticket.find(
      { ...dm, clocks: { $elemMatch: { state: { $in: ['running', 'breached'] }, warnAt: { $lte: now } } } },
      { number: 1, departmentId: 1, ownerId: 1, card: 1, clocks: 1 },
    ).lean(),
  ]);
  const clocks: ClockRef[] = [];
  for (const t of clocked)
    for (const c of t.clocks ?? []) {
      if (!(c.state === 'running' || c.state === 'breached') || c.warnAt.getTime() > now.getTime()) continue;
      clocks.push({
        number: t.number,
        departmentId: t.departmentId,
        ...(t.card?.permalink ? { permalink: t.card.permalink } : {}),
        ...(t.ownerId ? { ownerId: t.ownerId } : {}),
        kind: c.kind as ClockKind,
        ...(c.subject ? { subject: c.subject } : {}),
        state: c.state === 'breached' || c.dueAt.getTime() <= now.getTime() ? 'breached' : 'atRisk',
        dueAt: c.dueAt,
      });
    }
  clocks.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());

  const openByPriority = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number>;
  const openByStatus: Partial<Record<TicketStatus, number>> = {};
  let openTotal = 0;
  for (const g of grouped) {
    openByPriority[g._id.p] = (openByPriority[g._id.p] ?? 0) + g.n;
    openByStatus[g._id.s] = (openByStatus[g._id.s] ?? 0) + g.n;
    openTotal += g.n;
  }

  const share_ = desk.config.jobs.sla.warnAtShare;
  const staleDays = desk.config.jobs.nudge.staleWorkingDays;
  const nowMs = now.getTime();
  const out: Pick<DailyFigures, 'unclaimed' | 'overdue' | 'atRisk' | 'stale'> = {
    unclaimed: [],
    overdue: [],
    atRisk: [],
    stale: [],
  };
  const perPerson: { ownerId?: string | null; due: Date; overdue: boolean; stale: boolean }[] = [];
  for (const t of open) {
    const due = currentDue(t);
    const base = {
      number: t.number,
      priority: t.priority as Priority,
      status: t.status as TicketStatus,
      departmentId: t.departmentId,
      ...(t.card?.permalink ? { permalink: t.card.permalink } : {}),
      ...(t.ownerId ? { ownerId: t.ownerId } : {}),
      subject: subjectOf({ subject: t.subject ?? null, description: t.description ?? '' }),
      dueAt: due,
    };
    const overdueBefore = out.overdue.length;
    const responsePending = !t.firstResponseAt;
    if (responsePending && t.responseDueAt.getTime() <= nowMs) {
      out.overdue.push({ ...base, why: 'responseBreached', at: t.responseDueAt });
    } else if (t.resolutionDueAt.getTime() <= nowMs) {
      out.overdue.push({ ...base, why: 'resolutionBreached', at: t.resolutionDueAt });
    } else if (responsePending && warningAt(t.openedAt, t.responseDueAt, share_).getTime() <= nowMs) {
      out.atRisk.push({ ...base, why: 'responseAtRisk', at: t.responseDueAt });
    } else if (warningAt(t.openedAt, t.resolutionDueAt, share_).getTime() <= nowMs) {
      out.atRisk.push({ ...base, why: 'resolutionAtRisk', at: t.resolutionDueAt });
    }
    if (t.status === 'new') out.unclaimed.push({ ...base, why: 'unclaimed', at: t.openedAt });
    const since = staleSince(t, now, desk.calendar, staleDays);
    if (since) out.stale.push({ ...base, why: 'stale', at: since });
    perPerson.push({ ownerId: t.ownerId, due, overdue: out.overdue.length > overdueBefore, stale: !!since });
  }
  let extras: Pick<DailyFigures, 'kpis' | 'review'> = {};
  if (opts.digest) {
    const before = previousWorkingDay(desk, since);
    const [current, previous, review] = await Promise.all([
      periodFigures(desk, scope, dayPeriod(desk, previousDay)),
      periodFigures(desk, scope, dayPeriod(desk, before)),
      reviewLists(desk, scope, { status: { $in: OPEN_STATUSES } }, since, now, true),
    ]);
    extras = { kpis: { current, previous }, review };
  }
  // Most urgent first: the longest overdue, then the nearest due.
  const byDue = (a: { at: Date }, b: { at: Date }) => a.at.getTime() - b.at.getTime();
  out.overdue.sort(byDue);
  out.atRisk.sort(byDue);
  return {
    scope,
    now,
    today,
    previousDay,
    since,
    until,
    openTotal,
    openByPriority,
    openByStatus,
    opened,
    resolved,
    ...out,
    clocks,
    people: peopleRows(perPerson),
    ...extras,
  };
}

// ------------------------------------------------------------------ period (weekly / monthly)

/** The complete week (Monday–Sunday) or month before the one containing `now`, and the one before that. */
export function reportPeriods(
  desk: Desk,
  kind: PeriodKind,
  now: Date,
): { current: Period; previous: Period } {
  const local = DateTime.fromJSDate(now, { zone: zoneOf(desk) });
  const unit = kind === 'week' ? 'week' : 'month';
  const thisStart = local.startOf(unit);
  const make = (start: DateTime): Period => {
    const end = start.plus(kind === 'week' ? { weeks: 1 } : { months: 1 });
    return {
      kind,
      from: start.toJSDate(),
      to: end.toJSDate(),
      firstDay: start.toISODate()!,
      lastDay: end.minus({ days: 1 }).toISODate()!,
    };
  };
  const current = make(thisStart.minus(kind === 'week' ? { weeks: 1 } : { months: 1 }));
  const previous = make(thisStart.minus(kind === 'week' ? { weeks: 2 } : { months: 2 }));
  return { current, previous };
}

const rate = (n: number, total: number): Rate => ({ n, total, rate: share(n, total) });

const TOP_KEYWORDS = 10;

interface SlaRow {
  _id: { p: string; d: string };
  total: number;
  met: number;
}

function slaRates(rows: SlaRow[]) {
  const all = { n: 0, total: 0 };
  const byP: Record<string, { n: number; total: number }> = {};
  const byD: Record<string, { n: number; total: number }> = {};
  for (const r of rows) {
    all.n += r.met;
    all.total += r.total;
    byP[r._id.p] ??= { n: 0, total: 0 };
    byP[r._id.p]!.n += r.met;
    byP[r._id.p]!.total += r.total;
    byD[r._id.d] ??= { n: 0, total: 0 };
    byD[r._id.d]!.n += r.met;
    byD[r._id.d]!.total += r.total;
  }
  const conv = (m: Record<string, { n: number; total: number }>) =>
    Object.fromEntries(Object.entries(m).map(([k, v]) => [k, rate(v.n, v.total)]));
  return { all: rate(all.n, all.total), byPriority: conv(byP), byDepartment: conv(byD) };
}

/** `a` set and a ≤ b (a missing date never counts as met). */
const onTime = (a: string, b: string) => ({
  $cond: [{ $and: [{ $ne: [{ $ifNull: [a, null] }, null] }, { $lte: [a, b] }] }, 1, 0],
});

export async function periodFigures(desk: Desk, scope: Scope, period: Period): Promise<PeriodFigures> {
  const { Ticket } = desk.models;
  const dm = deptMatch(scope);
  const range = { $gte: period.from, $lt: period.to };
  type OpenedFacet = {
    totals: { total: number; complaints: number }[];
    categories: { _id: string; n: number }[];
    keywords: { _id: string; n: number }[];
    sla: SlaRow[];
    times: { _id: null; pairs: { a: Date; b: Date }[] }[];
  };
  type ResolvedFacet = {
    totals: { total: number; reopened: number; pausedMs: number; paused: number }[];
    fcr: { n: number }[];
    sla: SlaRow[];
    times: { _id: null; pairs: { a: Date; b: Date }[] }[];
  };
  const [openedAgg, resolvedAgg, surveyAgg, clockAgg, dimensionAgg] = await Promise.all([
    Ticket.aggregate<OpenedFacet>([
      { $match: { ...dm, openedAt: range } },
      {
        $facet: {
          totals: [
            {
              $group: {
                _id: null,
                total: { $sum: 1 },
                complaints: { $sum: { $cond: [{ $eq: ['$requestType', 'complaint'] }, 1, 0] } },
              },
            },
          ],
          categories: [{ $group: { _id: '$categoryId', n: { $sum: 1 } } }],
          keywords: [
            { $unwind: '$keywords' },
            { $group: { _id: '$keywords', n: { $sum: 1 } } },
            { $sort: { n: -1, _id: 1 } },
            { $limit: TOP_KEYWORDS },
          ],
          sla: [
            { $match: { $or: [{ firstResponseAt: { $ne: null } }, { responseDueAt: { $lt: period.to } }] } },
            {
              $group: {
                _id: { p: '$priority', d: '$departmentId' },
                total: { $sum: 1 },
                met: { $sum: onTime('$firstResponseAt', '$responseDueAt') },
              },
            },
          ],
          times: [
            { $match: { firstResponseAt: { $ne: null } } },
            { $group: { _id: null, pairs: { $push: { a: '$openedAt', b: '$firstResponseAt' } } } },
          ],
        },
      },
    ]),
    Ticket.aggregate<ResolvedFacet>([
      { $match: { ...dm, resolvedAt: range } },
      {
        $facet: {
          totals: [
            {
              $group: {
                _id: null,
                total: { $sum: 1 },
                reopened: { $sum: { $cond: [{ $gt: ['$reopenCount', 0] }, 1, 0] } },
                pausedMs: { $sum: { $ifNull: ['$pause.totalMs', 0] } },
                paused: { $sum: { $cond: [{ $gt: [{ $ifNull: ['$pause.totalMs', 0] }, 0] }, 1, 0] } },
              },
            },
          ],
          fcr: [
            { $match: { reopenCount: { $in: [0, null] }, 'history.action': { $nin: HAND_OVER_ACTIONS } } },
            { $count: 'n' },
          ],
          sla: [
            {
              $group: {
                _id: { p: '$priority', d: '$departmentId' },
                total: { $sum: 1 },
                met: { $sum: onTime('$resolvedAt', '$resolutionDueAt') },
              },
            },
          ],
          times: [{ $group: { _id: null, pairs: { $push: { a: '$openedAt', b: '$resolvedAt' } } } }],
        },
      },
    ]),
    Ticket.aggregate<{ _id: { o?: string; s?: string }; n: number }>([
      { $match: { ...dm, 'survey.at': range } },
      { $group: { _id: { o: '$survey.overall', s: '$survey.satisfaction' }, n: { $sum: 1 } } },
    ]),
    // On-time rate per clock: clocks due in the period that were decided (met, or breached).
    Ticket.aggregate<{ _id: string; total: number; met: number }>([
      { $match: { ...dm, 'clocks.dueAt': range } },
      { $unwind: '$clocks' },
      {
        $match: {
          'clocks.dueAt': range,
          $or: [
            { 'clocks.state': 'met' },
            { 'clocks.breachedAt': { $ne: null } },
            { 'clocks.state': 'breached' },
          ],
        },
      },
      {
        $group: {
          _id: '$clocks.kind',
          total: { $sum: 1 },
          met: {
            $sum: {
              $cond: [
                { $and: [{ $eq: ['$clocks.state', 'met'] }, { $lte: ['$clocks.metAt', '$clocks.dueAt'] }] },
                1,
                0,
              ],
            },
          },
        },
      },
    ]),
    Ticket.aggregate<Record<string, number | null> & { _id: null }>([
      { $match: { ...dm, 'survey.at': range } },
      {
        $group: {
          _id: null,
          responseSpeed: { $avg: '$survey.dimensions.responseSpeed' },
          problemSolving: { $avg: '$survey.dimensions.problemSolving' },
          serviceAttitude: { $avg: '$survey.dimensions.serviceAttitude' },
          processClarity: { $avg: '$survey.dimensions.processClarity' },
          result: { $avg: '$survey.dimensions.result' },
        },
      },
    ]),
  ]);
  const o = openedAgg[0]!;
  const r = resolvedAgg[0]!;
  const openedTotals = o.totals[0] ?? { total: 0, complaints: 0 };
  const resolvedTotals = r.totals[0] ?? { total: 0, reopened: 0, pausedMs: 0, paused: 0 };
  const clockRates: Partial<Record<ClockKind, Rate>> = {};
  for (const row of clockAgg) clockRates[row._id as ClockKind] = rate(row.met, row.total);
  const dims = dimensionAgg[0];
  const dimensions: Record<string, number | null> = Object.fromEntries(
    ['responseSpeed', 'problemSolving', 'serviceAttitude', 'processClarity', 'result'].map((k) => [
      k,
      typeof dims?.[k] === 'number' ? Math.round((dims[k] as number) * 100) / 100 : null,
    ]),
  );
  const responseSla = slaRates(o.sla);
  const resolutionSla = slaRates(r.sla);
  const durations = (pairs: { a: Date; b: Date }[] | undefined): Distribution => {
    const ms = (pairs ?? []).map((p) => desk.calendar.workingMillisBetween(new Date(p.a), new Date(p.b)));
    return { median: percentile(ms, 50), p90: percentile(ms, 90), count: ms.length };
  };
  const overall: Record<string, number> = Object.fromEntries(OVERALL_RATINGS.map((k) => [k, 0]));
  const satisfaction: Record<string, number> = Object.fromEntries(SATISFACTION_LEVELS.map((k) => [k, 0]));
  let surveyed = 0;
  for (const s of surveyAgg) {
    surveyed += s.n;
    if (s._id.o) overall[s._id.o] = (overall[s._id.o] ?? 0) + s.n;
    if (s._id.s) satisfaction[s._id.s] = (satisfaction[s._id.s] ?? 0) + s.n;
  }
  return {
    scope,
    period,
    opened: openedTotals.total,
    resolved: resolvedTotals.total,
    categories: shares(Object.fromEntries(o.categories.map((c) => [c._id, c.n]))),
    keywords: o.keywords.map((k) => ({ key: k._id, count: k.n })),
    responseSla: responseSla.all,
    resolutionSla: resolutionSla.all,
    responseSlaByPriority: responseSla.byPriority,
    resolutionSlaByPriority: resolutionSla.byPriority,
    responseSlaByDepartment: responseSla.byDepartment,
    resolutionSlaByDepartment: resolutionSla.byDepartment,
    responseTime: durations(o.times[0]?.pairs),
    resolutionTime: durations(r.times[0]?.pairs),
    surveyed,
    overall,
    satisfaction,
    csat: csat(satisfaction),
    fcr: rate(r.fcr[0]?.n ?? 0, resolvedTotals.total),
    reopen: rate(resolvedTotals.reopened, resolvedTotals.total),
    complaints: rate(openedTotals.complaints, openedTotals.total),
    clockRates,
    dimensions,
    paused: { ms: resolvedTotals.pausedMs ?? 0, tickets: resolvedTotals.paused ?? 0 },
  };
}

/** The monthly review's trend: complaint rate and median resolution time of the last `months` months. */
export async function monthlyTrend(desk: Desk, scope: Scope, now: Date, months = 6): Promise<TrendPoint[]> {
  const local = DateTime.fromJSDate(now, { zone: zoneOf(desk) }).startOf('month');
  const points: TrendPoint[] = [];
  for (let i = months; i >= 1; i--) {
    const start = local.minus({ months: i });
    const end = start.plus({ months: 1 });
    const f = await periodFigures(desk, scope, {
      kind: 'month',
      from: start.toJSDate(),
      to: end.toJSDate(),
      firstDay: start.toISODate()!,
      lastDay: end.minus({ days: 1 }).toISODate()!,
    });
    points.push({
      month: start.toFormat('yyyy-MM'),
      complaints: f.complaints,
      resolutionMedianMs: f.resolutionTime.median,
    });
  }
  return points;
}

export async function periodReport(
  desk: Desk,
  scope: Scope,
  kind: PeriodKind,
  now: Date,
): Promise<PeriodReport> {
  const periods = reportPeriods(desk, kind, now);
  const [current, previous] = await Promise.all([
    periodFigures(desk, scope, periods.current),
    periodFigures(desk, scope, periods.previous),
  ]);
  const review = await reviewLists(
    desk,
    scope,
    { openedAt: { $gte: periods.current.from, $lt: periods.current.to } },
    periods.current.from,
    periods.current.to,
    false,
  );
  if (kind === 'month') return { current, previous, review, trend: await monthlyTrend(desk, scope, now) };
  return { current, previous, review };
}
