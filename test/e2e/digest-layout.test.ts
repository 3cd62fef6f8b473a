/**
 * The daily digest and the weekly report as a supervisor reads them (issue 18): a quiet day is one
 * ✅ line, not empty sections or "—" placeholders; a busy day lists the overdue ticket, the open
 * complaint and the dissatisfied survey with owner and subject, and the workload per person; key
 * figures come first, against their targets (⚠️ below), before the categories.
 *
 * Tickets are opened through the desk's own services and claimed with the card's Claim button; their
 * due times, progress and survey are then set in the database so that each state is exact.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTION } from '../../blocks/ids.ts';
import { runJob } from '../../jobs/runner.ts';
import { parseDeskConfig, REPORT_TARGETS } from '../../src/config/desk-config.ts';
import type { Desk } from '../../src/context.ts';
import type { TicketDoc } from '../../src/db/models/index.ts';
import { openTicket, publishNewTicket } from '../../src/tickets/open-ticket.ts';
import { PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { type StoredMessage, waitFor } from '../harness/slack-stub.ts';
import { currentCard, sampleIntake } from './workflow-fixtures.ts';

const H = 3_600_000;
const TUE = new Date('2026-11-24T01:30:00.000Z'); // Tuesday 09:30 in Asia/Shanghai: daily only
const WED = new Date('2026-11-25T01:30:00.000Z'); // Wednesday 09:30: daily only
const MON = new Date('2026-11-30T01:30:00.000Z'); // Monday 09:30: daily and weekly (2026-11-23 – 29)

let t: TestDesk;
let desk: Desk;

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

/** The daily digest of `date` (YYYY-MM-DD) as DMed to `user`. */
function dailyOf(user: string, date: string, title = 'Daily digest'): StoredMessage {
  const m = t.stub
    .dmsTo(user)
    .find((x) => textOf(x.blocks).startsWith(title) && textOf(x.blocks).includes(`· ${date}`));
  if (!m) throw new Error(`no daily digest of ${date} for ${user}`);
  return m;
}

const count = (text: string, part: string) => text.split(part).length - 1;

let seq = 0;
/** Opens a tech ticket through the desk's services at the desk clock's time; claims it with the card's button. */
async function openAndClaim(subject: string, owner: string, extra: Parameters<typeof sampleIntake>[0] = {}) {
  const { ticket } = await openTicket(desk, {
    intake: sampleIntake({ subject, ...extra }),
    openedBy: PEOPLE.agentEn,
    intakeKey: `digest-layout-${++seq}`,
  });
  await publishNewTicket(desk, ticket);
  await t.idle();
  const card = await currentCard(t, ticket);
  await t.driver.clickButton({
    user: owner,
    actionId: ACTION.claim,
    message: { channel: card.channel, ts: card.ts },
  });
  await t.idle();
  const claimed = await waitFor(async () => {
    const doc = await desk.models.Ticket.findById(ticket._id).lean();
    return doc?.ownerId === owner ? doc : undefined;
  });
  return claimed as unknown as TicketDoc;
}

beforeAll(async () => {
  t = await startTestDesk('digest_layout');
  desk = t.running.desk;
  t.clock.set(TUE);
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

describe('daily digest', () => {
  it('a quiet day: exactly one ✅ line, no "Nothing here", no "—" and "no data yet" once per figure', async () => {
    await runJob(desk, 'digest', { now: TUE });
    const en = textOf(dailyOf(PEOPLE.techSupervisor, '2026-11-24').blocks);
    expect(count(en, '✅ Nothing overdue, at risk or unclaimed')).toBe(1);
    expect(en).not.toContain('Nothing here');
    expect(en).not.toContain('—');
    expect(en).not.toContain('(0/0)');
    expect(en).not.toContain('🔴');
    expect(en).not.toContain('Workload per person');
    expect(en).not.toContain('To review');
    expect(en).not.toContain('*Unclaimed:* 0');
    for (const line of en.split('\n').filter((l) => l.includes('no data yet')))
      expect(count(line, 'no data yet'), line).toBe(1);
    expect(count(en, 'no data yet')).toBe(5); // the five key figures, each once

    // The Chinese-speaking supervisor: 日报, the same single line, no placeholders.
    const zh = textOf(dailyOf(PEOPLE.csSupervisor, '2026-11-24', '日报').blocks);
    expect(zh.startsWith('日报：')).toBe(true);
    expect(count(zh, '✅ 没有超时、即将超时或待认领的工单')).toBe(1);
    expect(zh).not.toContain('暂无。');
    expect(zh).not.toContain('—');
    expect(zh).not.toContain('每日简报');
  });

  it('lists the overdue ticket, the open complaint and the dissatisfied survey with owner and subject; the workload per person', async () => {
    t.clock.set(TUE);
    const overdue = await openAndClaim('Payment page times out', PEOPLE.techMember);
    const overdue2 = await openAndClaim('Login code never arrives', PEOPLE.techMember);
    const stale = await openAndClaim('Invoice PDF is blank', PEOPLE.techMember);
    const complaint = await openAndClaim('Rude reply on the hotline', PEOPLE.techMember2, {
      requestType: 'complaint',
    });
    const unhappy = await openAndClaim('Refund still not received', PEOPLE.techMember2);
    const late = await openAndClaim('Export button does nothing', PEOPLE.techMember2);
    const { Ticket } = desk.models;
    const all = [overdue, overdue2, stale, complaint, unhappy, late];
    // Answered in time, resolution due well after Wednesday (not at risk), clocks out of the way.
    await Ticket.updateMany(
      { _id: { $in: all.map((x) => x._id) } },
      {
        $set: {
          firstResponseAt: new Date(TUE.getTime() + 10 * 60_000),
          responseDueAt: new Date(TUE.getTime() + 2 * H),
          resolutionDueAt: new Date(WED.getTime() + 30 * H),
          lastProgressAt: new Date(TUE.getTime() + 20 * 60_000),
          clocks: [],
        },
      },
    );
    await Ticket.updateOne(
      { _id: overdue._id },
      { $set: { resolutionDueAt: new Date(WED.getTime() - 2 * H) } },
    );
    await Ticket.updateOne(
      { _id: overdue2._id },
      { $set: { resolutionDueAt: new Date(WED.getTime() - 1 * H) } },
    );
    await Ticket.updateOne(
      { _id: stale._id },
      { $set: { claimedAt: new Date(TUE.getTime() - 7 * 24 * H) }, $unset: { lastProgressAt: 1 } },
    );
    // Resolved on Tuesday, surveyed dissatisfied, reopened for a second round.
    const resolvedAt = new Date(TUE.getTime() + H);
    await Ticket.updateOne(
      { _id: unhappy._id },
      {
        $set: {
          status: 'in_progress',
          resolvedAt,
          reopenCount: 1,
          survey: {
            resolvedAt,
            overall: 'poor',
            satisfaction: 'dissatisfied',
            dimensions: {
              responseSpeed: 2,
              problemSolving: 1,
              serviceAttitude: 3,
              processClarity: 2,
              result: 1,
            },
            solved: false,
            by: PEOPLE.agentEn,
            at: new Date(TUE.getTime() + 3 * H),
          },
        },
      },
    );
    // Resolved on Tuesday after its deadline.
    await Ticket.updateOne(
      { _id: late._id },
      {
        $set: {
          status: 'resolved',
          resolvedAt: new Date(TUE.getTime() + 5 * H),
          resolutionDueAt: new Date(TUE.getTime() + 3 * H),
        },
      },
    );

    t.clock.set(WED);
    await runJob(desk, 'digest', { now: WED });
    const text = textOf(dailyOf(PEOPLE.techSupervisor, '2026-11-25').blocks);
    const lines = text.split('\n');
    const lineOf = (number: string) => lines.find((l) => l.includes(number) && l.startsWith('•')) ?? '';

    // Key figures of the previous working day first, against their targets.
    expect(text.indexOf('*Key figures of 2026-11-24*')).toBeGreaterThan(0);
    expect(text.indexOf('*Key figures of 2026-11-24*')).toBeLessThan(text.indexOf('🔴 *Overdue* (2)'));
    expect(text).toContain('⚠️ *Resolution on time:* 50% (1/2) · below the target of 90%');
    expect(text).not.toContain('✅ Nothing overdue');

    // The overdue ticket: owner, subject, how late.
    const o = lineOf(overdue.number);
    expect(o).toContain(`<@${PEOPLE.techMember}>`);
    expect(o).toContain('Payment page times out');
    expect(o).toContain('resolution late by 2h');
    expect(text.indexOf(o)).toBeGreaterThan(text.indexOf('🔴 *Overdue* (2)'));
    // The stalled one, in orange.
    expect(text).toContain('🟠 *Due soon or stalled* (1)');
    expect(lineOf(stale.number)).toContain('Invoice PDF is blank');
    expect(lineOf(stale.number)).toContain('no progress since');

    // To review: the open complaint and the dissatisfied survey, with owner and subject.
    expect(text).toContain('*To review*');
    expect(text).toContain('*Complaints still open* (1)');
    const c = lineOf(complaint.number);
    expect(c).toContain(`<@${PEOPLE.techMember2}>`);
    expect(c).toContain('Rude reply on the hotline');
    expect(text).toContain('*Dissatisfied surveys since 2026-11-24* (1)');
    const u = lineOf(unhappy.number);
    expect(u).toContain(`<@${PEOPLE.techMember2}>`);
    expect(u).toContain('Refund still not received');
    expect(u).toContain('surveyed');

    // Workload per person: techMember 3 open (2 overdue, 1 stale); techMember2 2 open (the resolved one not counted).
    expect(text).toContain('*Workload per person* (2)');
    const rowOf = (user: string) => lines.find((l) => l.includes(`<@${user}>:`)) ?? '';
    expect(rowOf(PEOPLE.techMember)).toMatch(
      /^🔴 <@U0TECHMEM1>: 3 open · 2 overdue · 1 stale · earliest due <!date\^\d+\^[^>]+> \(late by 2h\)$/,
    );
    expect(rowOf(PEOPLE.techMember2)).toMatch(
      /^<@U0TECHMEM2>: 2 open · 0 overdue · 0 stale · earliest due <!date\^\d+\^[^>]+> \(1d 6h left\)$/,
    );
    // Most overdue first.
    expect(text.indexOf(rowOf(PEOPLE.techMember))).toBeLessThan(text.indexOf(rowOf(PEOPLE.techMember2)));
    expect(text).not.toContain('—');

    // The supervisor's App Home shows the same table, row for row.
    await t.driver.event({
      type: 'app_home_opened',
      user: PEOPLE.techSupervisor,
      channel: `D${PEOPLE.techSupervisor}`,
      tab: 'home',
    });
    const home = await waitFor(() => {
      const v = t.stub.homeView(PEOPLE.techSupervisor);
      return v && textOf(v.blocks).includes('*Workload per person* (2)') ? textOf(v.blocks) : undefined;
    });
    expect(home).toContain(rowOf(PEOPLE.techMember));
    expect(home).toContain(rowOf(PEOPLE.techMember2));
  });
});

describe('weekly report', () => {
  it('key figures first, each with its target (⚠️ below), changes labelled "vs last week", then the categories', async () => {
    t.clock.set(MON);
    await runJob(desk, 'digest', { now: MON });
    const weekly = t.stub
      .dmsTo(PEOPLE.techSupervisor)
      .find((m) => textOf(m.blocks).startsWith('Weekly report: Tech support · 2026-11-23 – 2026-11-29'));
    const w = textOf(weekly?.blocks);
    const key = w.indexOf('*Key figures*');
    expect(key).toBeGreaterThan(0);
    expect(key).toBeLessThan(w.indexOf('*Problem categories*'));
    expect(key).toBeLessThan(w.indexOf('*Opened:*'));
    // Six tickets opened, all answered in time; two resolved, one of them late.
    expect(w).toContain('*First response on time:* 100% (6/6) · target 90%');
    expect(w).toContain('⚠️ *Resolution on time:* 50% (1/2) · below the target of 90%');
    expect(w).toContain('⚠️ *Reopen rate:* 50% (1/2) · above the maximum of 5%');
    expect(w).toContain('*Opened:* 6 (+6 vs last week)');
    expect(w).toContain('• Functional fault: 6 (100%)');
    // The complaint of the week and the dissatisfied survey are listed to review.
    expect(w).toContain('*Complaints opened in the period* (1)');
    expect(w).toContain('*Dissatisfied surveys in the period* (1)');
    expect(w).not.toContain('—');
    expect(w).not.toContain('(0/0)');

    // Chinese: 周报, changes 较上周.
    const zh = textOf(
      t.stub.dmsTo(PEOPLE.csSupervisor).find((m) => textOf(m.blocks).startsWith('周报：'))?.blocks,
    );
    expect(zh.indexOf('*关键指标*')).toBeGreaterThan(0);
    expect(zh).not.toContain('—');
  });
});

describe('targets', () => {
  it('come from reports.targets, default to REPORT_TARGETS, and a digest uses the configured ones', async () => {
    expect(desk.config.reports.targets).toEqual(REPORT_TARGETS);
    // Checked when the config is loaded: a percentage above 100 is refused, naming the key.
    const raw = parse(readFileSync('config/example.yml', 'utf8')) as {
      reports: { targets: Record<string, number> };
    };
    raw.reports.targets.fcrPct = 150;
    expect(() => parseDeskConfig(raw, 'test.yml')).toThrow(/reports\.targets\.fcrPct/);

    // A lower resolution target: 50% is no longer flagged once the digest is redrawn.
    desk.config.reports.targets.resolutionOnTimePct = 50;
    t.clock.set(WED);
    try {
      const wed = textOf(dailyOf(PEOPLE.techSupervisor, '2026-11-25').blocks);
      expect(wed).toContain('⚠️ *Resolution on time:* 50% (1/2) · below the target of 90%');
      await t.driver.clickButton({
        user: PEOPLE.techSupervisor,
        actionId: ACTION.digestRefresh,
        message: {
          channel: dailyOf(PEOPLE.techSupervisor, '2026-11-25').channel,
          ts: dailyOf(PEOPLE.techSupervisor, '2026-11-25').ts,
        },
      });
      const redrawn = await waitFor(() => {
        const d = dailyOf(PEOPLE.techSupervisor, '2026-11-25');
        const m = t.stub.message(d.channel, d.ts);
        return m?.edited ? textOf(m.blocks) : undefined;
      });
      expect(redrawn).toContain('*Resolution on time:* 50% (1/2) · target 50%');
      expect(redrawn).not.toContain('⚠️ *Resolution on time:*');
    } finally {
      desk.config.reports.targets.resolutionOnTimePct = REPORT_TARGETS.resolutionOnTimePct;
    }
  });
});
