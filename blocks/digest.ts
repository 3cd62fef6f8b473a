/**
 * Digests for supervisors and the service director: the daily digest (key figures of the previous
 * working day against their targets, then open work: overdue / due soon or stalled / unclaimed, each
 * ticket with its subject, owner and time left or late; the tickets to review; the workload per
 * person) and the weekly / monthly reports (key figures with targets first, then volume, categories
 * and the rest, every change labelled with what it is compared to). Sections without anything to
 * show are left out; a figure without data says so once. Pure: figures in, Block Kit out, ≤ 50 blocks.
 */
import type { KnownBlock } from '@slack/types';
import type { DeskConfig } from '../src/config/desk-config.ts';
import { CLOCK_KINDS } from '../src/domain/clocks.ts';
import { hours1, pct, ppChange, signed } from '../src/domain/stats.ts';
import { PRIORITIES } from '../src/domain/types.ts';
import {
  type ClockRef,
  type DailyFigures,
  type PeriodFigures,
  type PeriodKind,
  type PeriodReport,
  type PersonRow,
  type Rate,
  type ReviewLists,
  type Scope,
  STATUS_ORDER,
  type TicketRef,
} from '../src/domain/views.ts';
import type { Lang, MessageKey, Translate } from '../src/i18n/index.ts';
import { clockName } from './clocks.ts';
import { button, context, mrkdwn, plain } from './elements.ts';
import { ACTION } from './ids.ts';
import { slackTime, truncate, userText } from './text.ts';
import { names } from './ticket-card.ts';
import { timeLeftText } from './time-left.ts';

/** Tickets listed per group before "… and N more". */
export const DIGEST_LIST_MAX = 8;
/** People listed in the workload table before "… and N more". */
export const PEOPLE_MAX = 15;

export function scopeName(tr: Translate, config: DeskConfig, lang: Lang, scope: Scope): string {
  return scope.departmentId ? names(config, lang).department(scope.departmentId) : tr('digest.scope.org');
}

/** The Refresh button's value: which digest to redraw. */
export function digestRefreshValue(scope: Scope): string {
  return `daily:${scope.departmentId ?? 'org'}`;
}

export function parseDigestRefreshValue(value: string): Scope | null {
  const m = /^daily:([a-z][a-z0-9_]*)$/.exec(value);
  if (!m) return null;
  return m[1] === 'org' ? {} : { departmentId: m[1]! };
}

function ticketNum(t: { number: string; permalink?: string }): string {
  return t.permalink ? `<${t.permalink}|${t.number}>` : `*${t.number}*`;
}

/** Why the ticket is listed, with the time left or late where a clock runs. */
function whyText(tr: Translate, t: TicketRef, now: Date): string {
  const left = t.dueAt ? timeLeftText(tr, t.dueAt, now) : '';
  switch (t.why) {
    case 'responseBreached':
    case 'resolutionBreached':
    case 'responseAtRisk':
    case 'resolutionAtRisk':
      return tr(`digest.why.${t.why}`, { left: timeLeftText(tr, t.at, now) });
    case 'unclaimed':
      return tr('digest.why.unclaimed', { left: left || timeLeftText(tr, t.at, now) });
    case 'stale':
      return tr('digest.why.stale', { when: slackTime(t.at) });
    case 'complaint':
      return left
        ? tr('digest.why.complaint', { left })
        : tr('digest.why.complaintClosed', { when: slackTime(t.at) });
    case 'dissatisfied':
      return tr('digest.why.dissatisfied', { when: slackTime(t.at) });
  }
}

/** One ticket of a digest list: number, priority, subject, owner, and why it is listed (time left / late). */
export function ticketLine(tr: Translate, t: TicketRef, now: Date): string {
  return tr('digest.line', {
    ticket: ticketNum(t),
    priority: tr(`priority.${t.priority}` as MessageKey),
    subject: userText(t.subject ?? '', 120),
    owner: t.ownerId ? `<@${t.ownerId}>` : tr('digest.unowned'),
    why: whyText(tr, t, now),
  });
}

/** A heading and its tickets (at most DIGEST_LIST_MAX, then "… and N more"); nothing when empty. */
function listText(tr: Translate, heading: string, items: TicketRef[], total: number, now: Date): string {
  const shown = items.slice(0, DIGEST_LIST_MAX).map((t) => `• ${ticketLine(tr, t, now)}`);
  const more = total - shown.length;
  return truncate(
    [heading, ...shown, ...(more > 0 ? [tr('digest.more', { n: more })] : [])].join('\n'),
    3000,
  );
}

function listSection(tr: Translate, heading: string, items: TicketRef[], now: Date): KnownBlock[] {
  if (items.length === 0) return [];
  return [{ type: 'section', text: mrkdwn(listText(tr, heading, items, items.length, now)) }];
}

/** The tickets to review: complaints and dissatisfied surveys; nothing when both are empty. */
function reviewSection(
  tr: Translate,
  review: ReviewLists | undefined,
  headings: { complaints: string; dissatisfied: string },
  now: Date,
): KnownBlock[] {
  if (!review || (review.complaints.total === 0 && review.dissatisfied.total === 0)) return [];
  const parts = [tr('digest.review.heading')];
  if (review.complaints.total > 0)
    parts.push(listText(tr, headings.complaints, review.complaints.items, review.complaints.total, now));
  if (review.dissatisfied.total > 0)
    parts.push(
      listText(tr, headings.dissatisfied, review.dissatisfied.items, review.dissatisfied.total, now),
    );
  return [{ type: 'section', text: mrkdwn(truncate(parts.join('\n'), 3000)) }];
}

/**
 * The workload per person (open, overdue, stale, earliest due), one line each, most overdue first;
 * shared by the daily digest and the supervisor's App Home. Nothing when no one owns open tickets.
 */
export function peopleBlocks(tr: Translate, rows: PersonRow[] | undefined, now: Date): KnownBlock[] {
  if (!rows?.length) return [];
  const lines = rows.slice(0, PEOPLE_MAX).map((r) =>
    tr('people.row', {
      flag: r.overdue > 0 ? tr('people.flagOverdue') : '',
      user: r.ownerId,
      open: r.open,
      overdue: r.overdue,
      stale: r.stale,
      due: r.earliestDue ? slackTime(r.earliestDue) : '',
      left: r.earliestDue ? timeLeftText(tr, r.earliestDue, now) : '',
    }),
  );
  const more = rows.length - lines.length;
  const text = [
    tr('people.heading', { n: rows.length }),
    ...lines,
    ...(more > 0 ? [tr('digest.more', { n: more })] : []),
  ].join('\n');
  return [{ type: 'section', text: mrkdwn(truncate(text, 3000)) }];
}

/** Customer-facing clocks overdue or due soon, of every kind (issue 12); nothing when there are none. */
function clockSection(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  clocks: ClockRef[] | undefined,
): KnownBlock[] {
  if (!clocks?.length) return [];
  const n = names(config, lang);
  const lines = clocks.slice(0, DIGEST_LIST_MAX).map((c) => {
    const num = ticketNum(c);
    return `• ${tr(c.state === 'breached' ? 'digest.clock.breached' : 'digest.clock.atRisk', {
      ticket: num,
      clock: clockName(tr, config, lang, c),
      department: n.department(c.departmentId),
      due: slackTime(c.dueAt),
    })}`;
  });
  const more = clocks.length - lines.length;
  const breached = clocks.filter((c) => c.state === 'breached').length;
  const heading = tr('digest.group.clocks', { breached, atRisk: clocks.length - breached });
  const text = [heading, ...lines, ...(more > 0 ? [tr('digest.more', { n: more })] : [])].join('\n');
  return [{ type: 'section', text: mrkdwn(truncate(text, 3000)) }];
}

/** On-time rate per clock, survey dimensions, paused time and (monthly) the 6-month trend. */
function clockReportSections(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  report: PeriodReport,
): KnownBlock[] {
  const c = report.current;
  const blocks: KnownBlock[] = [];
  const rates = CLOCK_KINDS.filter((k) => (c.clockRates?.[k]?.total ?? 0) > 0).map((k) =>
    tr('report.clockRow', {
      name: clockName(tr, config, lang, { kind: k, subject: null }),
      rate: rateText(tr, c.clockRates![k]!),
    }),
  );
  if (rates.length)
    blocks.push({
      type: 'section',
      text: mrkdwn(truncate([tr('report.clocks'), ...rates].join('\n'), 3000)),
    });
  const dims = Object.entries(c.dimensions ?? {})
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${tr(`survey.dimension.${k}` as MessageKey)} ${v!.toFixed(2)}`)
    .join(tr('list.sep'));
  const lines = [`${tr('report.dimensions')} ${dims || tr('report.noData')}`];
  if (c.paused?.tickets) lines.push(tr('report.paused', { hours: hours1(c.paused.ms), n: c.paused.tickets }));
  blocks.push({ type: 'section', text: mrkdwn(lines.join('\n')) });
  if (report.trend?.length)
    blocks.push({
      type: 'section',
      text: mrkdwn(
        [
          tr('report.trend'),
          ...report.trend.map((p) =>
            p.resolutionMedianMs === null
              ? tr('report.trendLineNoTime', { month: p.month, complaints: rateText(tr, p.complaints) })
              : tr('report.trendLine', {
                  month: p.month,
                  complaints: rateText(tr, p.complaints),
                  median: hours1(p.resolutionMedianMs),
                }),
          ),
        ].join('\n'),
      ),
    });
  return blocks;
}

/** The summary lines shared by the daily digest and App Home. */
export function dailySummaryLines(tr: Translate, f: DailyFigures): string[] {
  const sep = tr('list.sep');
  const byPriority = PRIORITIES.map((p) =>
    tr('digest.countItem', { label: tr(`priority.${p}` as MessageKey), n: f.openByPriority[p] ?? 0 }),
  ).join(sep);
  const byStatus = STATUS_ORDER.filter((s) => (f.openByStatus[s] ?? 0) > 0)
    .map((s) => tr('digest.countItem', { label: tr(`status.${s}` as MessageKey), n: f.openByStatus[s]! }))
    .join(sep);
  return [
    tr('digest.daily.open', { n: f.openTotal }),
    ...(f.openTotal > 0 ? [tr('digest.daily.byPriority', { list: byPriority })] : []),
    ...(byStatus ? [tr('digest.daily.byStatus', { list: byStatus })] : []),
    tr('digest.daily.flow', { date: f.previousDay, opened: f.opened, resolved: f.resolved }),
    // All four at zero says nothing the ✅ line does not: left out.
    ...(f.unclaimed.length + f.overdue.length + f.atRisk.length + f.stale.length > 0
      ? [
          tr('digest.daily.counts', {
            unclaimed: f.unclaimed.length,
            overdue: f.overdue.length,
            atRisk: f.atRisk.length,
            stale: f.stale.length,
          }),
        ]
      : []),
  ];
}

/** Due soon or stalled = at risk, then stale tickets not already listed; unclaimed = the rest of the new ones. */
export function digestGroups(f: DailyFigures) {
  const overdueNo = new Set(f.overdue.map((t) => t.number));
  const actFast = [...f.atRisk];
  const listed = new Set([...overdueNo, ...actFast.map((t) => t.number)]);
  for (const t of f.stale) if (!listed.has(t.number)) actFast.push(t);
  for (const t of actFast) listed.add(t.number);
  const queue = f.unclaimed.filter((t) => !listed.has(t.number));
  return { overdue: f.overdue, actFast, queue };
}

// ------------------------------------------------------------------ key figures (KPIs)

export interface KpiTargets {
  responseOnTimePct: number;
  resolutionOnTimePct: number;
  fcrPct: number;
  satisfactionPct: number;
  reopenMaxPct: number;
}

function rateText(tr: Translate, r: Rate): string {
  return r.rate === null
    ? tr('report.noData')
    : tr('report.rate', { pct: pct(r.rate), n: r.n, total: r.total });
}

const CHANGE_KEY: Record<PeriodKind, MessageKey> = {
  day: 'change.day',
  week: 'change.week',
  month: 'change.month',
};

/** "+3 pp vs last week" (较上周+3 pp); null when either side has no data. */
function changeText(tr: Translate, kind: PeriodKind, delta: string | null): string | null {
  return delta === null || delta === '—' ? null : tr(CHANGE_KEY[kind], { delta });
}

function satisfactionRate(f: PeriodFigures): Rate {
  const s = f.satisfaction.satisfied ?? 0;
  const b = f.satisfaction.basically_satisfied ?? 0;
  const d = f.satisfaction.dissatisfied ?? 0;
  return { n: s + b, total: s + b + d, rate: f.csat };
}

/**
 * The five KPIs, each with its target, flagged ⚠️ when it misses it, and its change labelled with
 * what it is compared to. A KPI without data says "no data yet" once.
 */
export function kpiLines(
  tr: Translate,
  cur: PeriodFigures,
  prev: PeriodFigures,
  targets: KpiTargets,
): string[] {
  const kpis: { name: MessageKey; cur: Rate; prev: Rate; target: number; max?: boolean }[] = [
    {
      name: 'kpi.responseOnTime',
      cur: cur.responseSla,
      prev: prev.responseSla,
      target: targets.responseOnTimePct,
    },
    {
      name: 'kpi.resolutionOnTime',
      cur: cur.resolutionSla,
      prev: prev.resolutionSla,
      target: targets.resolutionOnTimePct,
    },
    { name: 'kpi.fcr', cur: cur.fcr, prev: prev.fcr, target: targets.fcrPct },
    {
      name: 'kpi.satisfaction',
      cur: satisfactionRate(cur),
      prev: satisfactionRate(prev),
      target: targets.satisfactionPct,
    },
    { name: 'kpi.reopen', cur: cur.reopen, prev: prev.reopen, target: targets.reopenMaxPct, max: true },
  ];
  return kpis.map((k) => {
    const name = tr(k.name);
    const targetPct = `${k.target}%`;
    if (k.cur.rate === null)
      return tr('kpi.noData', {
        name,
        target: tr(k.max ? 'kpi.target.max' : 'kpi.target.min', { pct: targetPct }),
      });
    const missed = k.max ? k.cur.rate * 100 > k.target : k.cur.rate * 100 < k.target;
    const target = missed
      ? tr(k.max ? 'kpi.missed.max' : 'kpi.missed.min', { pct: targetPct })
      : tr(k.max ? 'kpi.target.max' : 'kpi.target.min', { pct: targetPct });
    const change = changeText(
      tr,
      cur.period.kind,
      k.prev.rate === null ? null : ppChange(k.cur.rate - k.prev.rate),
    );
    const vars = { flag: missed ? tr('kpi.flag') : '', name, value: rateText(tr, k.cur), target };
    return change ? tr('kpi.line', { ...vars, change }) : tr('kpi.lineNoChange', vars);
  });
}

function kpiSection(
  tr: Translate,
  heading: string,
  kpis: { current: PeriodFigures; previous: PeriodFigures },
  targets: KpiTargets,
): KnownBlock {
  return {
    type: 'section',
    text: mrkdwn(truncate([heading, ...kpiLines(tr, kpis.current, kpis.previous, targets)].join('\n'), 3000)),
  };
}

// ------------------------------------------------------------------ daily

export function dailyDigestMessage(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  f: DailyFigures,
): { text: string; blocks: KnownBlock[] } {
  const scope = scopeName(tr, config, lang, f.scope);
  const title = tr('digest.daily.title', { scope, date: f.today });
  const groups = digestGroups(f);
  const nothing = groups.overdue.length + groups.actFast.length + groups.queue.length === 0;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(truncate(title, 150), 150) },
    ...(f.kpis
      ? [
          kpiSection(tr, tr('kpi.heading.day', { date: f.previousDay }), f.kpis, config.reports.targets),
          context([tr('report.kpiNote')]),
        ]
      : []),
    { type: 'section', text: mrkdwn(dailySummaryLines(tr, f).join('\n')) },
    { type: 'divider' },
    ...(nothing
      ? [{ type: 'section', text: mrkdwn(tr('digest.allClear')) } as KnownBlock]
      : [
          ...listSection(tr, tr('digest.group.overdue', { n: groups.overdue.length }), groups.overdue, f.now),
          ...listSection(tr, tr('digest.group.actFast', { n: groups.actFast.length }), groups.actFast, f.now),
          ...listSection(tr, tr('digest.group.queue', { n: groups.queue.length }), groups.queue, f.now),
        ]),
    ...reviewSection(
      tr,
      f.review,
      {
        complaints: tr('digest.review.complaintsOpen', { n: f.review?.complaints.total ?? 0 }),
        dissatisfied: tr('digest.review.dissatisfiedSince', {
          date: f.previousDay,
          n: f.review?.dissatisfied.total ?? 0,
        }),
      },
      f.now,
    ),
    ...peopleBlocks(tr, f.people, f.now),
    ...clockSection(tr, config, lang, f.clocks),
    {
      type: 'actions',
      elements: [button(tr('digest.refresh'), ACTION.digestRefresh, digestRefreshValue(f.scope))],
    },
    context([tr('digest.asOf', { when: slackTime(f.now) })]),
  ];
  const counts = tr('digest.daily.counts', {
    unclaimed: f.unclaimed.length,
    overdue: f.overdue.length,
    atRisk: f.atRisk.length,
    stale: f.stale.length,
  }).replace(/\*/g, '');
  const text = truncate(tr('digest.fallback', { title, counts }), 3000);
  return { text, blocks: blocks.slice(0, 50) };
}

// ------------------------------------------------------------------ weekly / monthly

function deltaHours(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : (a - b) / 3_600_000;
}

function slaTable(
  tr: Translate,
  label: (k: string) => string,
  keys: string[],
  resp: Record<string, Rate>,
  res: Record<string, Rate>,
): string[] {
  const empty: Rate = { n: 0, total: 0, rate: null };
  return keys
    .filter((k) => (resp[k]?.total ?? 0) > 0 || (res[k]?.total ?? 0) > 0)
    .map((k) =>
      tr('report.slaRow', {
        name: label(k),
        response: rateText(tr, resp[k] ?? empty),
        resolution: rateText(tr, res[k] ?? empty),
      }),
    );
}

export function periodTitle(tr: Translate, config: DeskConfig, lang: Lang, f: PeriodFigures): string {
  const scope = scopeName(tr, config, lang, f.scope);
  return f.period.kind === 'week'
    ? tr('report.weekly.title', { scope, from: f.period.firstDay, to: f.period.lastDay })
    : tr('report.monthly.title', { scope, month: f.period.firstDay.slice(0, 7) });
}

/** A working-hours distribution line; "no data yet" when nothing was measured. */
function timeLine(
  tr: Translate,
  kind: PeriodKind,
  key: 'report.responseTime' | 'report.resolutionTime',
  cur: PeriodFigures['responseTime'],
  prev: PeriodFigures['responseTime'],
): string {
  const none =
    key === 'report.responseTime' ? 'report.responseTimeNoChange' : 'report.resolutionTimeNoChange';
  if (cur.median === null || cur.p90 === null)
    return tr(key === 'report.responseTime' ? 'report.responseTimeNoData' : 'report.resolutionTimeNoData');
  const dMedian = changeText(tr, kind, signed(deltaHours(cur.median, prev.median), 1));
  const dP90 = changeText(tr, kind, signed(deltaHours(cur.p90, prev.p90), 1));
  const vals = { median: hours1(cur.median), p90: hours1(cur.p90) };
  return dMedian && dP90 ? tr(key, { ...vals, dMedian, dP90 }) : tr(none, vals);
}

export function periodReportMessage(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  report: PeriodReport,
): { text: string; blocks: KnownBlock[] } {
  const { current: c, previous: p } = report;
  const n = names(config, lang);
  const kind = c.period.kind;
  const title = periodTitle(tr, config, lang, c);
  const sep = tr('list.sep');
  const cats = c.categories.map((x) =>
    tr('report.categoryLine', { name: n.category(x.key), count: x.count, share: pct(x.share) }),
  );
  const keywords = c.keywords.map((k) => tr('report.keywordItem', { key: k.key, n: k.count })).join(sep);
  const priorityRows = slaTable(
    tr,
    (k) => tr(`priority.${k}` as MessageKey),
    [...PRIORITIES],
    c.responseSlaByPriority,
    c.resolutionSlaByPriority,
  );
  const deptRows = slaTable(
    tr,
    (k) => n.department(k),
    config.departments.map((d) => d.id),
    c.responseSlaByDepartment,
    c.resolutionSlaByDepartment,
  );
  const ratings = (['excellent', 'good', 'fair', 'poor'] as const)
    .map((k) => `${tr(`report.rating.${k}` as MessageKey)} ${c.overall[k] ?? 0}`)
    .join(sep);
  const levels = (['satisfied', 'basically_satisfied', 'dissatisfied'] as const)
    .map((k) => `${tr(`report.level.${k}` as MessageKey)} ${c.satisfaction[k] ?? 0}`)
    .join(sep);
  const volumeChange = changeText(tr, kind, signed(c.opened - p.opened));
  const complaintChange = changeText(
    tr,
    kind,
    c.complaints.rate !== null && p.complaints.rate !== null
      ? ppChange(c.complaints.rate - p.complaints.rate)
      : null,
  );
  const figures = [
    volumeChange
      ? tr('report.volume', { opened: c.opened, resolved: c.resolved, change: volumeChange })
      : tr('report.volumeNoChange', { opened: c.opened, resolved: c.resolved }),
    timeLine(tr, kind, 'report.responseTime', c.responseTime, p.responseTime),
    timeLine(tr, kind, 'report.resolutionTime', c.resolutionTime, p.resolutionTime),
    ...(c.complaints.rate === null
      ? []
      : [
          complaintChange
            ? tr('report.complaint', { rate: rateText(tr, c.complaints), change: complaintChange })
            : tr('report.complaintNoChange', { rate: rateText(tr, c.complaints) }),
        ]),
    ...(c.surveyed > 0
      ? [
          tr('report.surveyed', { n: c.surveyed }),
          `${tr('report.levels')} ${levels}`,
          `${tr('report.ratings')} ${ratings}`,
        ]
      : []),
  ];
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(truncate(title, 150), 150) },
    kpiSection(tr, tr('kpi.heading.period'), { current: c, previous: p }, config.reports.targets),
    context([tr('report.kpiNote')]),
    { type: 'section', text: mrkdwn(truncate(figures.join('\n'), 3000)) },
    ...reviewSection(
      tr,
      report.review,
      {
        complaints: tr('report.review.complaints', { n: report.review?.complaints.total ?? 0 }),
        dissatisfied: tr('report.review.dissatisfied', { n: report.review?.dissatisfied.total ?? 0 }),
      },
      c.period.to,
    ),
    { type: 'divider' },
    ...(cats.length
      ? [
          {
            type: 'section',
            text: mrkdwn(truncate([tr('report.categories'), ...cats].join('\n'), 3000)),
          } as KnownBlock,
        ]
      : []),
    ...(keywords
      ? [{ type: 'section', text: mrkdwn(tr('report.keywords', { list: keywords })) } as KnownBlock]
      : []),
    ...(priorityRows.length
      ? [
          {
            type: 'section',
            text: mrkdwn([tr('report.slaByPriority'), ...priorityRows].join('\n')),
          } as KnownBlock,
        ]
      : []),
    ...(deptRows.length
      ? [
          {
            type: 'section',
            text: mrkdwn([tr('report.slaByDepartment'), ...deptRows].join('\n')),
          } as KnownBlock,
        ]
      : []),
    ...clockReportSections(tr, config, lang, report),
    context([tr('report.definitions')]),
  ];
  return {
    text: truncate(
      tr('digest.fallback', {
        title,
        counts: tr('report.volumeNoChange', { opened: c.opened, resolved: c.resolved }).replace(/\*/g, ''),
      }),
      3000,
    ),
    blocks: blocks.slice(0, 50),
  };
}
