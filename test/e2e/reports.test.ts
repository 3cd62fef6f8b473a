/**
 * Supervisors' reporting end to end: about 200 tickets of known history over two weeks are seeded
 * directly; the digest job runs; every figure of the daily digest and the weekly report is
 * recomputed here with plain JS over the seed data and compared with what Slack shows. Also: the
 * chart PNG, the Refresh button, App Home per role, search, customer history and the export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../blocks/ids.ts';
import { runJob } from '../../jobs/runner.ts';
import type { Desk } from '../../src/context.ts';
import { parseCsv } from '../../src/domain/csv.ts';
import { maskPhone } from '../../src/domain/masking.ts';
import { ticketTokens } from '../../src/domain/search.ts';
import { subjectOf } from '../../src/domain/subject.ts';
import { CHANNELS, PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { waitFor } from '../harness/slack-stub.ts';

const NOW = new Date('2026-11-23T01:30:00.000Z'); // Monday 09:30 in Asia/Shanghai
const START = Date.parse('2026-11-08T16:00:00.000Z'); // Monday 2026-11-09 00:00 local
const H = 3_600_000;
const OPEN = ['new', 'claimed', 'in_progress', 'waiting_customer', 'pending_approval'];
const CLAIMED = ['claimed', 'in_progress', 'waiting_customer', 'pending_approval'];
const KEYWORDS = ['支付', '物流', 'APP', '退款', 'login', '发票'];
const OWNER: Record<string, string> = {
  tech: PEOPLE.techMember,
  cs: PEOPLE.csMember,
  aftersales: PEOPLE.afterSalesMember,
  relations: PEOPLE.relationsSupervisor,
};
const CHANNEL_OF: Record<string, string> = {
  tech: CHANNELS.tech,
  cs: CHANNELS.cs,
  aftersales: CHANNELS.aftersales,
  relations: CHANNELS.relations,
};

interface Seed {
  number: string;
  status: string;
  priority: 'P1' | 'P2' | 'P3';
  requestType: string;
  categoryId: string;
  departmentId: string;
  openedBy: string;
  openedAt: Date;
  responseDueAt: Date;
  resolutionDueAt: Date;
  ownerId?: string;
  claimedAt?: Date;
  firstResponseAt?: Date;
  lastProgressAt?: Date;
  resolvedAt?: Date;
  customerNotifiedAt?: Date;
  reopenCount: number;
  keywords: string[];
  description: string;
  customer: { name: string; customerId: string; phone: string; phoneLast4: string };
  history: { at: Date; by: string; action: string }[];
  survey?: {
    resolvedAt: Date;
    overall: string;
    satisfaction: string;
    dimensions: Record<string, number>;
    at: Date;
    by: string;
    solved: boolean;
  };
  card: { channel: string; permalink: string };
}

let t: TestDesk;
let desk: Desk;
const seeds: Seed[] = [];

function makeSeeds(categories: { id: string; department: string }[]): Seed[] {
  let state = 20261123;
  const rnd = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const out: Seed[] = [];
  const nowMs = NOW.getTime();
  for (let i = 0; i < 200; i++) {
    const openedAt = new Date(START + Math.floor(rnd() * (nowMs - START - H)));
    const priority = pick(['P1', 'P2', 'P3'] as const);
    const respH = { P1: 2, P2: 4, P3: 8 }[priority];
    const resH = { P1: 24, P2: 48, P3: 72 }[priority];
    const cat = pick(categories);
    const local = new Date(openedAt.getTime() + 8 * H).toISOString().slice(0, 10).replace(/-/g, '');
    const number = `GW${local}${String(i + 1).padStart(3, '0')}`;
    const phone = `138${String((i * 7919 + 1234567) % 100_000_000).padStart(8, '0')}`;
    const keywords = KEYWORDS.filter(() => rnd() < 0.25);
    const s: Seed = {
      number,
      status: 'new',
      priority,
      requestType: rnd() < 0.15 ? 'complaint' : pick(['consultation', 'service_request', 'after_sales']),
      categoryId: cat.id,
      departmentId: cat.department,
      openedBy: i % 3 === 0 ? PEOPLE.agentEn : PEOPLE.agentZh,
      openedAt,
      responseDueAt: new Date(openedAt.getTime() + respH * H),
      resolutionDueAt: new Date(openedAt.getTime() + resH * H),
      reopenCount: 0,
      keywords,
      description:
        i % 10 === 0
          ? '用户反馈：支付订单时提示优惠券无效。APP, since 14:30'
          : 'Customer reports that the invoice page shows an error after login',
      customer: {
        name: i % 2 === 0 ? '李雷' : 'Han Meimei',
        customerId: `C2026${String(i % 60).padStart(4, '0')}`,
        phone,
        phoneLast4: phone.slice(-4),
      },
      history: [{ at: openedAt, by: PEOPLE.agentEn, action: 'open' }],
      card: {
        channel: CHANNEL_OF[cat.department]!,
        permalink: `https://stub.slack.test/archives/${CHANNEL_OF[cat.department]}/p${1000 + i}`,
      },
    };
    const r = rnd();
    const claimedAt = new Date(openedAt.getTime() + Math.floor(rnd() * 6 * H));
    if (r >= 0.15 && claimedAt < NOW) {
      s.ownerId = OWNER[cat.department]!;
      s.claimedAt = claimedAt;
      s.firstResponseAt = claimedAt;
      s.history.push({ at: claimedAt, by: s.ownerId, action: 'claim' });
      const resolvedAt = new Date(claimedAt.getTime() + Math.floor(rnd() * 70 * H));
      if (r < 0.4 || resolvedAt >= NOW) {
        s.status = pick(CLAIMED);
        if (rnd() < 0.5)
          s.lastProgressAt = new Date(
            claimedAt.getTime() + Math.floor(rnd() * (nowMs - claimedAt.getTime())),
          );
      } else {
        s.status = rnd() < 0.5 ? 'resolved' : 'closed';
        s.resolvedAt = resolvedAt;
        if (rnd() < 0.1) s.reopenCount = 1;
        if (rnd() < 0.1) s.history.push({ at: claimedAt, by: s.ownerId, action: 'transfer' });
        s.history.push({ at: resolvedAt, by: s.ownerId, action: 'resolve' });
        const notified = new Date(resolvedAt.getTime() + 10 * 60_000);
        if (rnd() < 0.7 && notified < NOW) s.customerNotifiedAt = notified;
        const surveyAt = new Date(resolvedAt.getTime() + Math.floor(rnd() * 24 * H));
        if (rnd() < 0.6 && surveyAt < NOW && s.customerNotifiedAt) {
          s.survey = {
            resolvedAt,
            dimensions: {
              responseSpeed: 4,
              problemSolving: 4,
              serviceAttitude: 5,
              processClarity: 3,
              result: 4,
            },
            overall: pick(['excellent', 'good', 'fair', 'poor']),
            satisfaction: pick(['satisfied', 'basically_satisfied', 'dissatisfied']),
            at: surveyAt,
            by: s.openedBy,
            solved: true,
          };
        }
      }
    }
    out.push(s);
  }
  return out;
}

// ------------------------------------------------------------ independent expectations (plain JS)

const inRange = (d: Date | undefined, from: Date, to: Date) => !!d && d >= from && d < to;
const fmtPct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
const fmtPp = (d: number | null) => {
  if (d === null) return '—';
  const p = Math.round(d * 100);
  return p > 0 ? `+${p} pp` : p < 0 ? `−${-p} pp` : '±0 pp';
};
const fmtSigned = (d: number | null, digits = 0) => {
  if (d === null) return '—';
  const f = Number(d.toFixed(digits));
  return f > 0 ? `+${f.toFixed(digits)}` : f < 0 ? `−${Math.abs(f).toFixed(digits)}` : '±0';
};
const fmtH = (ms: number | null) => (ms === null ? '—' : (ms / H).toFixed(1));
function pctl(values: number[], p: number): number | null {
  const v = [...values].sort((a, b) => a - b);
  if (!v.length) return null;
  const r = ((v.length - 1) * p) / 100;
  const lo = Math.floor(r);
  const hi = Math.ceil(r);
  return v[lo]! + (v[hi]! - v[lo]!) * (r - lo);
}
const rate = (n: number, total: number) => ({ n, total, rate: total ? n / total : null });
const rateText = (r: { n: number; total: number; rate: number | null }) =>
  r.rate === null ? 'no data yet' : `${fmtPct(r.rate)} (${r.n}/${r.total})`;
/** A KPI line as the report should show it: value, target (⚠️ when missed), change vs last week. */
function kpiText(
  name: string,
  cur: { n: number; total: number; rate: number | null },
  prev: { rate: number | null },
  targetPct: number,
  max = false,
  vs = 'vs last week',
): string {
  const target = max ? `target at most ${targetPct}%` : `target ${targetPct}%`;
  if (cur.rate === null) return `*${name}:* no data yet · ${target}`;
  const missed = max ? cur.rate * 100 > targetPct : cur.rate * 100 < targetPct;
  const shownTarget = missed
    ? max
      ? `above the maximum of ${targetPct}%`
      : `below the target of ${targetPct}%`
    : target;
  const change = prev.rate === null ? '' : ` · ${fmtPp(cur.rate - prev.rate)} ${vs}`;
  return `${missed ? '⚠️ ' : ''}*${name}:* ${rateText(cur)} · ${shownTarget}${change}`;
}

function expectedDaily(list: Seed[]) {
  const since = new Date('2026-11-19T16:00:00.000Z'); // Friday 2026-11-20 00:00 local
  const until = new Date('2026-11-22T16:00:00.000Z'); // Monday 00:00 local
  const open = list.filter((s) => OPEN.includes(s.status));
  const warn = (a: Date, b: Date) =>
    a.getTime() + Math.round((b.getTime() - a.getTime()) * desk.config.jobs.sla.warnAtShare) <= NOW.getTime();
  const overdue = open.filter(
    (s) => (!s.firstResponseAt && s.responseDueAt <= NOW) || s.resolutionDueAt <= NOW,
  );
  const atRisk = open.filter(
    (s) =>
      !overdue.includes(s) &&
      ((!s.firstResponseAt && warn(s.openedAt, s.responseDueAt)) || warn(s.openedAt, s.resolutionDueAt)),
  );
  // Stale (one rule with the nudge): being worked, not awaiting approval, no progress since the claim.
  const stale = open.filter(
    (s) =>
      ['claimed', 'in_progress', 'waiting_customer'].includes(s.status) &&
      (s.lastProgressAt ?? s.claimedAt) &&
      desk.calendar.isOlderThanWorkingDays(
        (s.lastProgressAt ?? s.claimedAt)!,
        NOW,
        desk.config.jobs.nudge.staleWorkingDays,
      ),
  );
  const byPriority = (p: string) => open.filter((s) => s.priority === p).length;
  return {
    open: open.length,
    byPriority: `P1 Urgent: ${byPriority('P1')} · P2 Important: ${byPriority('P2')} · P3 Normal: ${byPriority('P3')}`,
    byStatus: OPEN.map((st) => [st, open.filter((s) => s.status === st).length] as const).filter(
      ([, n]) => n > 0,
    ),
    opened: list.filter((s) => inRange(s.openedAt, since, until)).length,
    resolved: list.filter((s) => inRange(s.resolvedAt, since, until)).length,
    unclaimed: open.filter((s) => s.status === 'new').length,
    overdue,
    atRisk: atRisk.length,
    stale: stale.length,
  };
}

function periodExpect(list: Seed[], from: Date, to: Date) {
  const opened = list.filter((s) => inRange(s.openedAt, from, to));
  const resolved = list.filter((s) => inRange(s.resolvedAt, from, to));
  const respPop = opened.filter((s) => s.firstResponseAt || s.responseDueAt < to);
  const respMet = (s: Seed) => !!s.firstResponseAt && s.firstResponseAt <= s.responseDueAt;
  const resMet = (s: Seed) => s.resolvedAt! <= s.resolutionDueAt;
  const surveys = list.filter((s) => s.survey && inRange(s.survey.at, from, to));
  const sat = (k: string) => surveys.filter((s) => s.survey!.satisfaction === k).length;
  const respMs = opened
    .filter((s) => s.firstResponseAt)
    .map((s) => desk.calendar.workingMillisBetween(s.openedAt, s.firstResponseAt!));
  const resMs = resolved.map((s) => desk.calendar.workingMillisBetween(s.openedAt, s.resolvedAt!));
  const cats: Record<string, number> = {};
  for (const s of opened) cats[s.categoryId] = (cats[s.categoryId] ?? 0) + 1;
  const kws: Record<string, number> = {};
  for (const s of opened) for (const k of s.keywords) kws[k] = (kws[k] ?? 0) + 1;
  const byKey = (pop: Seed[], key: (s: Seed) => string, met: (s: Seed) => boolean) => {
    const out: Record<string, { n: number; total: number; rate: number | null }> = {};
    for (const k of new Set(pop.map(key))) {
      const g = pop.filter((s) => key(s) === k);
      out[k] = rate(g.filter(met).length, g.length);
    }
    return out;
  };
  return {
    opened: opened.length,
    resolved: resolved.length,
    cats,
    kws,
    resp: rate(respPop.filter(respMet).length, respPop.length),
    res: rate(resolved.filter(resMet).length, resolved.length),
    respByP: byKey(respPop, (s) => s.priority, respMet),
    resByP: byKey(resolved, (s) => s.priority, resMet),
    respByD: byKey(respPop, (s) => s.departmentId, respMet),
    resByD: byKey(resolved, (s) => s.departmentId, resMet),
    respMedian: pctl(respMs, 50),
    respP90: pctl(respMs, 90),
    resMedian: pctl(resMs, 50),
    resP90: pctl(resMs, 90),
    surveyed: surveys.length,
    overall: (k: string) => surveys.filter((s) => s.survey!.overall === k).length,
    sat,
    csat: surveys.length
      ? (sat('satisfied') + sat('basically_satisfied')) / surveys.length
      : (null as number | null),
    fcr: rate(
      resolved.filter(
        (s) => s.reopenCount === 0 && !s.history.some((h) => ['transfer', 'reassign'].includes(h.action)),
      ).length,
      resolved.length,
    ),
    reopen: rate(resolved.filter((s) => s.reopenCount > 0).length, resolved.length),
    complaints: rate(opened.filter((s) => s.requestType === 'complaint').length, opened.length),
  };
}

/** All visible text of a message's blocks (sections, fields, context, headers, buttons). */
function textOf(blocks: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push(o.text);
      for (const [k, x] of Object.entries(o)) if (k !== 'text' || typeof x !== 'string') walk(x);
    }
  };
  walk(blocks);
  return out.join('\n');
}

beforeAll(async () => {
  t = await startTestDesk('reports');
  desk = t.running.desk;
  t.clock.set(NOW);
  seeds.push(...makeSeeds(desk.config.categories.map((c) => ({ id: c.id, department: c.department }))));
  await desk.models.Ticket.insertMany(
    seeds.map((s) => ({
      ...s,
      intakeKey: `seed:${s.number}`,
      channelCode: 'GW',
      datePart: s.number.slice(2, 10),
      serial: Number(s.number.slice(10)),
      priorityReason: 'category_default',
      contactChannelId: 'website',
      urgency: 'normal',
      impact: 'partial',
      searchTokens: ticketTokens({
        number: s.number,
        description: s.description,
        keywords: s.keywords,
        customerId: s.customer.customerId,
      }),
    })),
  );
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

describe('digest job over ~200 seeded tickets', () => {
  it('sends daily and weekly digests whose every figure matches the seed data', async () => {
    const result = await runJob(desk, 'digest', { now: NOW });
    // Monday: daily + weekly (first working day of the week), not monthly. 4 departments + 1 director.
    expect(result.planned).toBe(10);
    expect(result.delivered).toBe(10);

    for (const [user, deptId] of [
      [PEOPLE.director, undefined],
      [PEOPLE.techSupervisor, 'tech'],
    ] as const) {
      const list = deptId ? seeds.filter((s) => s.departmentId === deptId) : seeds;
      const dms = t.stub.dmsTo(user);
      const daily = dms.find((m) => textOf(m.blocks).startsWith('Daily digest'));
      expect(daily, `daily digest for ${user}`).toBeDefined();
      const text = textOf(daily!.blocks);
      expect(text).toContain('· 2026-11-23');
      const e = expectedDaily(list);
      expect(text).toContain(`*Open tickets:* ${e.open}`);
      expect(text).toContain(`*By priority:* ${e.byPriority}`);
      for (const [status, n] of e.byStatus) {
        const label = {
          new: 'New, unclaimed',
          claimed: 'Claimed',
          in_progress: 'In progress',
          waiting_customer: 'Waiting on customer',
          pending_approval: 'Awaiting approval',
        }[status];
        expect(text).toContain(`${label}: ${n}`);
      }
      expect(text).toContain(
        `*Previous working day (2026-11-20):* opened ${e.opened} · resolved ${e.resolved}`,
      );
      expect(text).toContain(
        `*Unclaimed:* ${e.unclaimed} · *Overdue:* ${e.overdue.length} · *At risk:* ${e.atRisk} · *Stale:* ${e.stale}`,
      );
      expect(text).toContain(`🔴 *Overdue* (${e.overdue.length})`);
      // Overdue tickets link to their cards, the longest overdue first.
      const breachedAt = (x: Seed) =>
        !x.firstResponseAt && x.responseDueAt <= NOW ? x.responseDueAt : x.resolutionDueAt;
      const firstOverdue = [...e.overdue].sort(
        (a, b) => breachedAt(a).getTime() - breachedAt(b).getTime(),
      )[0]!;
      expect(text).toContain(`<${firstOverdue.card.permalink}|${firstOverdue.number}>`);
      const overdueSection = text.slice(text.indexOf('🔴 *Overdue*'));
      expect(overdueSection.match(/\|([A-Z]+\d{11,})>/)?.[1]).toBe(firstOverdue.number);
      // Each line: the ticket, its priority, subject, owner and how late it is.
      const firstLine = overdueSection.split('\n')[1]!;
      expect(firstLine).toContain(subjectOf({ description: firstOverdue.description }));
      expect(firstLine).toContain(firstOverdue.ownerId ? `<@${firstOverdue.ownerId}>` : 'unclaimed');
      expect(firstLine).toMatch(/ late by \d/);
      expect(textOf(daily!.blocks)).toContain('Refresh');
      expect(e.overdue.length).toBeGreaterThan(0);
      expect(e.open).toBeGreaterThan(deptId ? 5 : 20);

      // Weekly report: 2026-11-16 – 2026-11-22 against the week before.
      const weekly = dms.find((m) => textOf(m.blocks).startsWith('Weekly report'));
      expect(weekly, `weekly report for ${user}`).toBeDefined();
      const w = textOf(weekly!.blocks);
      const cur = periodExpect(list, new Date('2026-11-15T16:00:00Z'), new Date('2026-11-22T16:00:00Z'));
      const prev = periodExpect(list, new Date('2026-11-08T16:00:00Z'), new Date('2026-11-15T16:00:00Z'));
      expect(w).toContain('2026-11-16 – 2026-11-22');
      expect(w).toContain(
        `*Opened:* ${cur.opened} (${fmtSigned(cur.opened - prev.opened)} vs last week) · *Resolved:* ${cur.resolved}`,
      );
      // Key figures first, each against its target; categories after them.
      expect(w.indexOf('*Key figures*')).toBeGreaterThan(0);
      expect(w.indexOf('*Key figures*')).toBeLessThan(w.indexOf('*Problem categories*'));
      const targets = desk.config.reports.targets;
      for (const [cat, n] of Object.entries(cur.cats)) {
        const name = desk.config.categories.find((c) => c.id === cat)!.name.en;
        expect(w).toContain(`• ${name}: ${n} (${fmtPct(n / cur.opened)})`);
      }
      for (const [kw, n] of Object.entries(cur.kws)) expect(w).toContain(`${kw} (${n})`);
      const d = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
      expect(w).toContain(kpiText('First response on time', cur.resp, prev.resp, targets.responseOnTimePct));
      expect(w).toContain(kpiText('Resolution on time', cur.res, prev.res, targets.resolutionOnTimePct));
      for (const p of ['P1', 'P2', 'P3'] as const) {
        const label = { P1: 'P1 Urgent', P2: 'P2 Important', P3: 'P3 Normal' }[p];
        const empty = { n: 0, total: 0, rate: null };
        if (cur.respByP[p] || cur.resByP[p])
          expect(w).toContain(
            `• ${label}: ${rateText(cur.respByP[p] ?? empty)} / ${rateText(cur.resByP[p] ?? empty)}`,
          );
      }
      for (const dept of desk.config.departments) {
        const empty = { n: 0, total: 0, rate: null };
        if (cur.respByD[dept.id] || cur.resByD[dept.id])
          expect(w).toContain(
            `• ${dept.name.en}: ${rateText(cur.respByD[dept.id] ?? empty)} / ${rateText(cur.resByD[dept.id] ?? empty)}`,
          );
      }
      const dh = (a: number | null, b: number | null) => (a === null || b === null ? null : (a - b) / H);
      expect(w).toContain(
        `*First response (working hours):* median ${fmtH(cur.respMedian)} h (${fmtSigned(dh(cur.respMedian, prev.respMedian), 1)} vs last week) · 90th percentile ${fmtH(cur.respP90)} h (${fmtSigned(dh(cur.respP90, prev.respP90), 1)} vs last week)`,
      );
      expect(w).toContain(
        `*Resolution (working hours):* median ${fmtH(cur.resMedian)} h (${fmtSigned(dh(cur.resMedian, prev.resMedian), 1)} vs last week) · 90th percentile ${fmtH(cur.resP90)} h (${fmtSigned(dh(cur.resP90, prev.resP90), 1)} vs last week)`,
      );
      expect(w).toContain(kpiText('First-contact resolution (FCR)', cur.fcr, prev.fcr, targets.fcrPct));
      expect(w).toContain(kpiText('Reopen rate', cur.reopen, prev.reopen, targets.reopenMaxPct, true));
      expect(w).toContain(
        `*Complaint rate:* ${rateText(cur.complaints)} (${fmtPp(d(cur.complaints.rate, prev.complaints.rate))} vs last week)`,
      );
      const satisfied = (x: typeof cur) => x.sat('satisfied') + x.sat('basically_satisfied');
      const satRate = (x: typeof cur) => rate(satisfied(x), satisfied(x) + x.sat('dissatisfied'));
      expect(w).toContain(kpiText('Satisfaction', satRate(cur), satRate(prev), targets.satisfactionPct));
      expect(w).toContain(`*Surveys recorded:* ${cur.surveyed}`);
      // Dissatisfied surveys of the week are listed to review.
      const dissatisfied = list.filter(
        (s) =>
          s.survey?.satisfaction === 'dissatisfied' &&
          inRange(s.survey.at, new Date('2026-11-15T16:00:00Z'), new Date('2026-11-22T16:00:00Z')),
      );
      if (dissatisfied.length)
        expect(w).toContain(`*Dissatisfied surveys in the period* (${dissatisfied.length})`);
      expect(w.match(/.{0,60}—.{0,30}/g)).toBeNull();
      expect(w).toContain(
        `Satisfied ${cur.sat('satisfied')} · Basically satisfied ${cur.sat('basically_satisfied')} · Dissatisfied ${cur.sat('dissatisfied')}`,
      );
      expect(w).toContain(
        `Excellent ${cur.overall('excellent')} · Good ${cur.overall('good')} · Fair ${cur.overall('fair')} · Poor ${cur.overall('poor')}`,
      );
      if (!deptId) {
        expect(cur.opened).toBeGreaterThan(50);
        expect(cur.surveyed).toBeGreaterThan(5);
      }
    }

    // The chart: a real PNG, uploaded through the external-upload flow into the director's DM.
    const chart = t.stub.files.find((f) => f.filename.startsWith('report-week-org-2026-11-16'));
    expect(chart?.completed).toBe(true);
    expect(chart?.bytes?.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(chart?.channel).toBe(t.stub.dmChannelId(PEOPLE.director));
    expect(t.stub.files.filter((f) => f.filename.endsWith('.png'))).toHaveLength(5);

    // The Chinese-speaking CS supervisor gets the digest in Chinese.
    expect(textOf(t.stub.dmsTo(PEOPLE.csSupervisor).map((m) => m.blocks))).toContain('日报：');
    expect(textOf(t.stub.dmsTo(PEOPLE.csSupervisor).map((m) => m.blocks))).not.toContain('每日简报');

    // Running the job again the same day sends nothing twice.
    const before = t.stub.callsTo('chat.postMessage').length;
    const again = await runJob(desk, 'digest', { now: new Date(NOW.getTime() + 30 * 60_000) });
    expect(again.planned).toBe(0);
    expect(t.stub.callsTo('chat.postMessage').length).toBe(before);
  });

  it('Refresh redraws the daily digest in place with current numbers; others are refused', async () => {
    const daily = t.stub
      .dmsTo(PEOPLE.techSupervisor)
      .find((m) => textOf(m.blocks).startsWith('Daily digest'))!;
    const open = expectedDaily(seeds.filter((s) => s.departmentId === 'tech')).open;
    await desk.models.Ticket.create({
      number: 'GW20261123999',
      intakeKey: 'seed:GW20261123999',
      channelCode: 'GW',
      datePart: '20261123',
      serial: 999,
      status: 'new',
      priority: 'P2',
      priorityReason: 'category_default',
      requestType: 'service_request',
      categoryId: 'functional_fault',
      departmentId: 'tech',
      contactChannelId: 'website',
      description: 'new since the digest went out',
      urgency: 'normal',
      impact: 'partial',
      openedBy: PEOPLE.agentEn,
      openedAt: NOW,
      responseDueAt: new Date(NOW.getTime() + 2 * H),
      resolutionDueAt: new Date(NOW.getTime() + 24 * H),
    });
    const outsider = await t.driver.clickButton({
      user: PEOPLE.techMember,
      actionId: ACTION.digestRefresh,
      message: { channel: daily.channel, ts: daily.ts },
    });
    const refusal = await waitFor(() => t.stub.responses.find((r) => r.context.user === PEOPLE.techMember));
    expect(JSON.stringify(refusal.body)).toContain(
      'only for department supervisors and the service director',
    );
    expect(outsider.status).toBe(200);

    await t.idle();
    const postsBefore = t.stub.callsTo('chat.postMessage').length;
    const dmsBefore = t.stub.dmsTo(PEOPLE.techSupervisor).length;
    await t.driver.clickButton({
      user: PEOPLE.techSupervisor,
      actionId: ACTION.digestRefresh,
      message: { channel: daily.channel, ts: daily.ts },
    });
    const updated = await waitFor(() => {
      const m = t.stub.message(daily.channel, daily.ts);
      return m?.edited && textOf(m.blocks).includes(`*Open tickets:* ${open + 1}`) ? m : undefined;
    });
    await t.idle();
    // Redrawn in place: nothing new posted, no DM.
    expect(t.stub.callsTo('chat.postMessage').length).toBe(postsBefore);
    expect(t.stub.dmsTo(PEOPLE.techSupervisor).length).toBe(dmsBefore);
    expect(updated.ts).toBe(daily.ts);
    await desk.models.Ticket.deleteOne({ number: 'GW20261123999' });
  });
});

describe('monthly review', () => {
  it('on the first working day of the month sends the previous month with the trend', async () => {
    const dec1 = new Date('2026-12-01T02:00:00.000Z'); // Tuesday 10:00 local: daily + monthly, no weekly
    t.clock.set(dec1);
    const result = await runJob(desk, 'digest', { now: dec1 });
    expect(result.planned).toBe(10);
    const monthly = t.stub.dmsTo(PEOPLE.director).find((m) => textOf(m.blocks).startsWith('Monthly review'));
    const text = textOf(monthly!.blocks);
    expect(text).toContain('Monthly review: whole organisation · 2026-11');
    const nov = periodExpect(seeds, new Date('2026-10-31T16:00:00Z'), new Date('2026-11-30T16:00:00Z'));
    expect(text).toContain(
      `*Opened:* ${nov.opened} (+${nov.opened} vs last month) · *Resolved:* ${nov.resolved}`,
    );
    // October has no data: the change is left out rather than shown as "—".
    expect(text).toContain(
      kpiText('First-contact resolution (FCR)', nov.fcr, { rate: null }, desk.config.reports.targets.fcrPct),
    );
    expect(text).not.toContain('—');
    const chart = t.stub.files.find((f) => f.filename === 'report-month-org-2026-11-01.png');
    expect(chart?.bytes?.subarray(1, 4).toString('latin1')).toBe('PNG');
    t.clock.set(NOW);
  });
});

describe('App Home by role', () => {
  const openHome = async (user: string) => {
    const before = t.stub.homeView(user)?.hash;
    await t.driver.event({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home' });
    return waitFor(() => {
      const v = t.stub.homeView(user);
      return v && v.hash !== before ? v : undefined;
    });
  };

  it('agent: the tickets they opened and those awaiting the customer notification or follow-up', async () => {
    const view = await openHome(PEOPLE.agentEn);
    const text = textOf(view.blocks);
    const mine = seeds.filter((s) => s.openedBy === PEOPLE.agentEn);
    const open = mine.filter((s) => OPEN.includes(s.status));
    const awaiting = mine.filter((s) => s.status === 'resolved' && (!s.customerNotifiedAt || !s.survey));
    expect(text).toContain(`Tickets you opened (${open.length})`);
    expect(text).toContain(`*Waiting for you* (${awaiting.length})`);
    const newest = [...open].sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime())[0]!;
    expect(text).toContain(newest.number);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(text).not.toContain('Today in');
    expect(text).not.toContain('Unclaimed in');
  });

  it('department member: claimed tickets and the unclaimed queue with Claim buttons', async () => {
    const view = await openHome(PEOPLE.techMember);
    const text = textOf(view.blocks);
    const tech = seeds.filter((s) => s.departmentId === 'tech');
    const claimed = tech.filter((s) => s.ownerId === PEOPLE.techMember && OPEN.includes(s.status));
    const queue = tech
      .filter((s) => s.status === 'new')
      .sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime());
    expect(text).toContain(`Your tickets (${claimed.length})`);
    expect(text).toContain(`Unclaimed in Tech support (${queue.length})`);
    const claims = JSON.stringify(view.blocks).match(/"action_id":"ticket_claim"/g) ?? [];
    expect(claims.length).toBe(Math.min(12, queue.length));
    expect(JSON.stringify(view.blocks)).toContain(`"value":"${queue[0]!.number}"`);
    if (queue.length > 12) expect(text).toContain(`… and ${queue.length - 12} more`);
    expect(text).not.toContain('Today in');
  });

  it('supervisor and director: the digest summary', async () => {
    const sup = textOf((await openHome(PEOPLE.techSupervisor)).blocks);
    expect(sup).toContain('Today in Tech support');
    expect(sup).toContain(
      `*Open tickets:* ${expectedDaily(seeds.filter((s) => s.departmentId === 'tech')).open}`,
    );
    const dir = textOf((await openHome(PEOPLE.director)).blocks);
    expect(dir).toContain('Today in whole organisation');
    expect(dir).toContain(`*Open tickets:* ${expectedDaily(seeds).open}`);
  });
});

describe('search and customer history', () => {
  const ask = async (user: string, text: string) => {
    const res = await t.driver.command(text, { user, channel: CHANNELS.frontDesk });
    const reply = await waitFor(() => t.stub.responses.find((r) => r.id === res.responseUrlId));
    return reply.body as { text: string; blocks?: unknown[] };
  };

  it('finds a ticket by number, a Chinese keyword and the last 4 digits of a phone', async () => {
    // Looking up records needs a role (issue 13): a supervisor may look up every department's tickets.
    const SEARCHER = PEOPLE.afterSalesSupervisor;
    const target = seeds[37]!;
    const byNumber = await ask(SEARCHER, `search ${target.number.toLowerCase()}`);
    expect(textOf(byNumber.blocks)).toContain(target.number);

    const coupon = seeds.filter((s) => s.description.includes('优惠券'));
    const zh = await ask(SEARCHER, 'search 优惠券');
    expect(zh.text).toContain(`${coupon.length} found`);
    const zhText = textOf(zh.blocks);
    const newest = [...coupon].sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime())[0]!;
    expect(zhText).toContain(newest.number);

    const last4 = await ask(SEARCHER, `search ${target.customer.phoneLast4}`);
    const l4Text = textOf(last4.blocks);
    expect(l4Text).toContain(target.number);
    // A supervisor of another department may look it up, masked.
    if (target.departmentId !== 'aftersales') {
      expect(l4Text).toContain(maskPhone(target.customer.phone));
      expect(l4Text).not.toContain(target.customer.phone);
    }

    const kw = await ask(SEARCHER, 'search 支付 login');
    const both = seeds.filter(
      (s) =>
        (s.keywords.includes('支付') || s.description.includes('支付')) &&
        (s.keywords.includes('login') || s.description.includes('login')),
    );
    expect(kw.text).toContain(`${both.length} found`);
  });

  it('/ticket customer shows the whole history, full for the director, masked for others', async () => {
    const id = seeds[5]!.customer.customerId;
    const history = seeds.filter((s) => s.customer.customerId === id);
    const dir = await ask(PEOPLE.director, `customer ${id}`);
    expect(dir.text).toContain(`${history.length} tickets`);
    const dirText = textOf(dir.blocks);
    for (const s of history) expect(dirText).toContain(s.number);
    expect(dirText).toContain(seeds[5]!.customer.phone);
    const viewed = await desk.models.Ticket.findOne({ number: seeds[5]!.number }).lean();
    expect(viewed!.history.some((h) => h.action === 'view_full' && h.by === PEOPLE.director)).toBe(true);

    // Someone with no role is refused (with Request access) and sees nothing of the history.
    const out = await ask(PEOPLE.outsider, `customer ${seeds[5]!.customer.phone}`);
    const outText = textOf(out.blocks);
    expect(outText).toContain('Request access');
    expect(outText).not.toContain(seeds[5]!.number);
    expect(outText).not.toContain(seeds[5]!.customer.phone);
    // A supervisor of another department sees it masked.
    const other = await ask(PEOPLE.relationsSupervisor, `customer ${seeds[5]!.customer.phone}`);
    const otherText = textOf(other.blocks);
    expect(otherText).toContain(seeds[5]!.number);
    if (seeds[5]!.departmentId !== 'relations') {
      expect(otherText).not.toContain(seeds[5]!.customer.phone);
      expect(otherText).toContain(maskPhone(seeds[5]!.customer.phone));
    }
  });

  it('/ticket mine lists the tickets the user opened and handles', async () => {
    const res = await ask(PEOPLE.techMember, 'mine');
    const owned = seeds.filter((s) => s.ownerId === PEOPLE.techMember && OPEN.includes(s.status));
    expect(textOf(res.blocks)).toContain(`Your tickets (${Math.min(20, owned.length)})`);
  });
});

describe('export', () => {
  it('sends the supervisor a CSV with BOM of their department, recorded in the audit', async () => {
    const res = await t.driver.command('export 2026-11-09 2026-11-22', {
      user: PEOPLE.techSupervisor,
      channel: CHANNELS.tech,
    });
    const reply = await waitFor(() => t.stub.responses.find((r) => r.id === res.responseUrlId));
    const expected = seeds
      .filter(
        (s) =>
          s.departmentId === 'tech' &&
          s.openedAt >= new Date('2026-11-08T16:00:00Z') &&
          s.openedAt < new Date('2026-11-22T16:00:00Z'),
      )
      .sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime());
    expect((reply.body as { text: string }).text).toContain(`${expected.length} tickets`);
    const file = t.stub.files.find((f) => f.filename === 'tickets-2026-11-09-2026-11-22.csv')!;
    expect(file.completed).toBe(true);
    expect(file.channel).toBe(t.stub.dmChannelId(PEOPLE.techSupervisor));
    expect(file.bytes!.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(file.bytes!.toString('utf8'));
    const [header, ...data] = rows;
    expect(header![0]).toBe('number');
    expect(data.map((r) => r[0])).toEqual(expected.map((s) => s.number));
    const phoneCol = header!.indexOf('customer_phone');
    // The supervisor of the department may see full details.
    expect(data[0]![phoneCol]).toBe(expected[0]!.customer.phone);
    expect(data[0]![header!.indexOf('masked')]).toBe('false');
    const audit = await desk.models.AuditEvent.find({ action: 'export' }).lean();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ by: PEOPLE.techSupervisor, details: { rows: expected.length } });
  });

  it('refuses exports to anyone who is not a supervisor or the director', async () => {
    const res = await t.driver.command('export', { user: PEOPLE.agentEn, channel: CHANNELS.frontDesk });
    const reply = await waitFor(() => t.stub.responses.find((r) => r.id === res.responseUrlId));
    expect((reply.body as { text: string }).text).toContain(
      'only for department supervisors and the service director',
    );
    expect(t.stub.files.filter((f) => f.filename.endsWith('.csv'))).toHaveLength(1);
  });
});
