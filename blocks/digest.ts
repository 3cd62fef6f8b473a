/**
 * Digests for supervisors and the service director: the daily digest (open work, grouped as
 * overdue / act fast / queue, each ticket linked to its card) and the weekly / monthly reports
 * (figures with the change against the previous period). Pure: figures in, Block Kit out, ≤ 50 blocks.
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
  type PeriodReport,
  type Rate,
  type Scope,
  STATUS_ORDER,
  type TicketRef,
} from '../src/domain/views.ts';
import type { Lang, MessageKey, Translate } from '../src/i18n/index.ts';
import { clockName } from './clocks.ts';
import { button, context, mrkdwn, plain } from './elements.ts';
import { ACTION } from './ids.ts';
import { slackTime, truncate } from './text.ts';
import { names } from './ticket-card.ts';

/** Tickets listed per group before "… and N more". */
export const DIGEST_LIST_MAX = 8;

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

function ticketLine(tr: Translate, config: DeskConfig, lang: Lang, t: TicketRef): string {
  const n = names(config, lang);
  const num = t.permalink ? `<${t.permalink}|${t.number}>` : `*${t.number}*`;
  const when = slackTime(t.at);
  const why = tr(`digest.why.${t.why}` as MessageKey, { when });
  return `${num} · ${tr(`priority.${t.priority}` as MessageKey)} · ${n.department(t.departmentId)} · ${why}`;
}

function listSection(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  heading: string,
  items: TicketRef[],
): KnownBlock[] {
  if (items.length === 0) return [{ type: 'section', text: mrkdwn(`${heading}\n${tr('digest.none')}`) }];
  const shown = items.slice(0, DIGEST_LIST_MAX).map((t) => `• ${ticketLine(tr, config, lang, t)}`);
  const more = items.length - shown.length;
  const text = [heading, ...shown, ...(more > 0 ? [tr('digest.more', { n: more })] : [])].join('\n');
  return [{ type: 'section', text: mrkdwn(text) }];
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
    const num = c.permalink ? `<${c.permalink}|${c.number}>` : `*${c.number}*`;
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
  const rates = CLOCK_KINDS.filter((k) => (c.clockRates?.[k]?.total ?? 0) > 0).map(
    (k) => `• ${clockName(tr, config, lang, { kind: k, subject: null })}: ${rateText(c.clockRates![k]!)}`,
  );
  blocks.push({
    type: 'section',
    text: mrkdwn([tr('report.clocks'), ...(rates.length ? rates : ['—'])].join('\n')),
  });
  const dims = Object.entries(c.dimensions ?? {})
    .map(([k, v]) => `${tr(`survey.dimension.${k}` as MessageKey)} ${v === null ? '—' : v.toFixed(2)}`)
    .join(' · ');
  const lines = [`${tr('report.dimensions')} ${dims || '—'}`];
  if (c.paused) lines.push(tr('report.paused', { hours: hours1(c.paused.ms), n: c.paused.tickets }));
  blocks.push({ type: 'section', text: mrkdwn(lines.join('\n')) });
  if (report.trend?.length)
    blocks.push({
      type: 'section',
      text: mrkdwn(
        [
          tr('report.trend'),
          ...report.trend.map((p) =>
            tr('report.trendLine', {
              month: p.month,
              complaints: rateText(p.complaints),
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
  const byPriority = PRIORITIES.map(
    (p) => `${tr(`priority.${p}` as MessageKey)}: ${f.openByPriority[p] ?? 0}`,
  ).join(' · ');
  const byStatus = STATUS_ORDER.filter((s) => (f.openByStatus[s] ?? 0) > 0)
    .map((s) => `${tr(`status.${s}` as MessageKey)}: ${f.openByStatus[s]}`)
    .join(' · ');
  return [
    tr('digest.daily.open', { n: f.openTotal }),
    tr('digest.daily.byPriority', { list: byPriority }),
    tr('digest.daily.byStatus', { list: byStatus || '—' }),
    tr('digest.daily.flow', { date: f.previousDay, opened: f.opened, resolved: f.resolved }),
    tr('digest.daily.counts', {
      unclaimed: f.unclaimed.length,
      overdue: f.overdue.length,
      atRisk: f.atRisk.length,
      stale: f.stale.length,
    }),
  ];
}

/** Act fast = at risk, then stale tickets that are not already listed; queue = the rest of the unclaimed. */
export function digestGroups(f: DailyFigures) {
  const overdueNo = new Set(f.overdue.map((t) => t.number));
  const actFast = [...f.atRisk];
  const listed = new Set([...overdueNo, ...actFast.map((t) => t.number)]);
  for (const t of f.stale) if (!listed.has(t.number)) actFast.push(t);
  for (const t of actFast) listed.add(t.number);
  const queue = f.unclaimed.filter((t) => !listed.has(t.number));
  return { overdue: f.overdue, actFast, queue };
}

export function dailyDigestMessage(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  f: DailyFigures,
): { text: string; blocks: KnownBlock[] } {
  const scope = scopeName(tr, config, lang, f.scope);
  const title = tr('digest.daily.title', { scope, date: f.today });
  const groups = digestGroups(f);
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(truncate(title, 150), 150) },
    { type: 'section', text: mrkdwn(dailySummaryLines(tr, f).join('\n')) },
    { type: 'divider' },
    ...listSection(
      tr,
      config,
      lang,
      tr('digest.group.overdue', { n: groups.overdue.length }),
      groups.overdue,
    ),
    ...listSection(
      tr,
      config,
      lang,
      tr('digest.group.actFast', { n: groups.actFast.length }),
      groups.actFast,
    ),
    ...listSection(tr, config, lang, tr('digest.group.queue', { n: groups.queue.length }), groups.queue),
    ...clockSection(tr, config, lang, f.clocks),
    {
      type: 'actions',
      elements: [button(tr('digest.refresh'), ACTION.digestRefresh, digestRefreshValue(f.scope))],
    },
    context([tr('digest.asOf', { when: slackTime(f.now) })]),
  ];
  const text = truncate(
    `${title}: ${tr('digest.daily.counts', {
      unclaimed: f.unclaimed.length,
      overdue: f.overdue.length,
      atRisk: f.atRisk.length,
      stale: f.stale.length,
    }).replace(/\*/g, '')}`,
    3000,
  );
  return { text, blocks };
}

// ------------------------------------------------------------------ weekly / monthly

function rateText(r: Rate): string {
  return `${pct(r.rate)} (${r.n}/${r.total})`;
}

function rateLine(tr: Translate, key: MessageKey, cur: Rate, prev: Rate): string {
  return tr(key, {
    rate: rateText(cur),
    delta: ppChange(cur.rate !== null && prev.rate !== null ? cur.rate - prev.rate : null),
  });
}

function deltaMs(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : (a - b) / 3_600_000;
}

function slaTable(
  label: (k: string) => string,
  keys: string[],
  resp: Record<string, Rate>,
  res: Record<string, Rate>,
): string[] {
  const empty: Rate = { n: 0, total: 0, rate: null };
  return keys
    .filter((k) => (resp[k]?.total ?? 0) > 0 || (res[k]?.total ?? 0) > 0)
    .map((k) => `• ${label(k)}: ${rateText(resp[k] ?? empty)} / ${rateText(res[k] ?? empty)}`);
}

export function periodTitle(tr: Translate, config: DeskConfig, lang: Lang, f: PeriodFigures): string {
  const scope = scopeName(tr, config, lang, f.scope);
  return f.period.kind === 'week'
    ? tr('report.weekly.title', { scope, from: f.period.firstDay, to: f.period.lastDay })
    : tr('report.monthly.title', { scope, month: f.period.firstDay.slice(0, 7) });
}

export function periodReportMessage(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  report: PeriodReport,
): { text: string; blocks: KnownBlock[] } {
  const { current: c, previous: p } = report;
  const n = names(config, lang);
  const title = periodTitle(tr, config, lang, c);
  const vs = tr(c.period.kind === 'week' ? 'report.vsWeek' : 'report.vsMonth');
  const cats = c.categories.length
    ? c.categories.map((x) => `• ${n.category(x.key)}: ${x.count} (${pct(x.share)})`).join('\n')
    : tr('digest.none');
  const keywords = c.keywords.length ? c.keywords.map((k) => `${k.key} (${k.count})`).join(' · ') : '—';
  const priorityRows = slaTable(
    (k) => tr(`priority.${k}` as MessageKey),
    [...PRIORITIES],
    c.responseSlaByPriority,
    c.resolutionSlaByPriority,
  );
  const deptRows = slaTable(
    (k) => n.department(k),
    config.departments.map((d) => d.id),
    c.responseSlaByDepartment,
    c.resolutionSlaByDepartment,
  );
  const ratings = (['excellent', 'good', 'fair', 'poor'] as const)
    .map((k) => `${tr(`report.rating.${k}` as MessageKey)} ${c.overall[k] ?? 0}`)
    .join(' · ');
  const levels = (['satisfied', 'basically_satisfied', 'dissatisfied'] as const)
    .map((k) => `${tr(`report.level.${k}` as MessageKey)} ${c.satisfaction[k] ?? 0}`)
    .join(' · ');
  const figures = [
    tr('report.volume', { opened: c.opened, resolved: c.resolved, delta: signed(c.opened - p.opened) }),
    tr('report.responseTime', {
      median: hours1(c.responseTime.median),
      p90: hours1(c.responseTime.p90),
      dMedian: signed(deltaMs(c.responseTime.median, p.responseTime.median), 1),
      dP90: signed(deltaMs(c.responseTime.p90, p.responseTime.p90), 1),
    }),
    tr('report.resolutionTime', {
      median: hours1(c.resolutionTime.median),
      p90: hours1(c.resolutionTime.p90),
      dMedian: signed(deltaMs(c.resolutionTime.median, p.resolutionTime.median), 1),
      dP90: signed(deltaMs(c.resolutionTime.p90, p.resolutionTime.p90), 1),
    }),
    rateLine(tr, 'report.slaResponse', c.responseSla, p.responseSla),
    rateLine(tr, 'report.slaResolution', c.resolutionSla, p.resolutionSla),
    rateLine(tr, 'report.fcr', c.fcr, p.fcr),
    rateLine(tr, 'report.reopen', c.reopen, p.reopen),
    rateLine(tr, 'report.complaint', c.complaints, p.complaints),
    tr('report.satisfaction', {
      csat: pct(c.csat),
      n: c.surveyed,
      delta: ppChange(c.csat !== null && p.csat !== null ? c.csat - p.csat : null),
    }),
    `${tr('report.levels')} ${levels}`,
    `${tr('report.ratings')} ${ratings}`,
  ];
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(truncate(title, 150), 150) },
    context([vs]),
    { type: 'section', text: mrkdwn(`${tr('report.categories')}\n${cats}`) },
    { type: 'section', text: mrkdwn(tr('report.keywords', { list: keywords })) },
    { type: 'divider' },
    { type: 'section', text: mrkdwn(figures.join('\n')) },
    {
      type: 'section',
      text: mrkdwn([tr('report.slaByPriority'), ...(priorityRows.length ? priorityRows : ['—'])].join('\n')),
    },
    {
      type: 'section',
      text: mrkdwn([tr('report.slaByDepartment'), ...(deptRows.length ? deptRows : ['—'])].join('\n')),
    },
    ...clockReportSections(tr, config, lang, report),
    context([tr('report.definitions')]),
  ];
  return {
    text: truncate(
      `${title}: ${tr('report.volume', { opened: c.opened, resolved: c.resolved, delta: signed(c.opened - p.opened) }).replace(/\*/g, '')}`,
      3000,
    ),
    blocks,
  };
}
