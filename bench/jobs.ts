/**
 * Job run times with N stored tickets (DUE of them due per job). The jobs run in the bench process
 * on the in-process desk (bench/apps.ts) through runJob, as `npm run job` runs them (without the
 * CLI's start-up); their Slack posts go to the stand-in in the Slack process.
 */
import { Types } from 'mongoose';
import { JOBS, runJob } from '../jobs/runner.ts';
import { CHANNELS, PEOPLE } from '../test/harness/app.ts';
import type { InProcessDesk } from './apps.ts';
import type { SlackProcess } from './slack-client.ts';
import { log, r1 } from './util.ts';

export const DUE = 50;
const NOW = new Date('2026-11-24T09:30:00+08:00'); // Tuesday, working hours, a digest day
const DAY = 86_400_000;

function seedDoc(i: number, kind: 'closed' | 'open_fresh' | 'nudge' | 'sla' | 'recent', now: Date) {
  const openedAt =
    kind === 'closed'
      ? new Date(now.getTime() - (30 + (i % 600)) * DAY)
      : kind === 'recent'
        ? new Date(now.getTime() - 20 * 3600_000)
        : new Date(now.getTime() - 5 * DAY);
  const number = `BN${String(i).padStart(11, '0')}`;
  const base = {
    _id: new Types.ObjectId(),
    number,
    // The wire test server ignores the index's partialFilterExpression: give every seeded ticket a key.
    intakeKey: `bench-${i}`,
    channelCode: 'BN',
    datePart: '20261124',
    serial: i,
    status: 'new',
    priority: 'P3',
    priorityReason: 'bench',
    requestType: 'consultation',
    categoryId: 'consultation',
    departmentId: 'cs',
    contactChannelId: 'website',
    customer: {
      name: '',
      customerId: '',
      phone: '',
      phoneLast4: '',
      email: '',
      company: '',
      keyAccount: false,
    },
    description: `Bench seeded ticket ${i} about a payment question.`,
    desiredOutcome: '',
    urgency: 'normal',
    urgencyReason: '',
    impact: 'none',
    orderNumber: '',
    keywords: ['bench'],
    searchTokens: [number.toLowerCase(), 'bench'],
    openedBy: PEOPLE.agentEn,
    openedAt,
    responseDueAt: new Date(openedAt.getTime() + 8 * 3600_000),
    resolutionDueAt: new Date(openedAt.getTime() + 72 * 3600_000),
    card: { channel: CHANNELS.cs, ts: `1700000000.${String(i).padStart(6, '0')}`, drawnVersion: 1 },
    version: 1,
    formerCards: [],
    collaborators: [],
    slaNotices: [],
    nudge: { count: 0 },
    surveys: [],
    reopenCount: 0,
    history: [{ at: openedAt, by: PEOPLE.agentEn, action: 'open', to: 'new' }],
    createdAt: openedAt,
    updatedAt: openedAt,
  };
  switch (kind) {
    case 'closed':
      return {
        ...base,
        status: 'closed',
        ownerId: PEOPLE.csMember,
        claimedAt: openedAt,
        firstResponseAt: openedAt,
        responseMet: true,
        resolvedAt: new Date(openedAt.getTime() + DAY),
        resolutionMet: true,
        closedAt: new Date(openedAt.getTime() + 2 * DAY),
        slaNotices: ['response_warning'],
      };
    case 'open_fresh': // claimed, progress today: not stale, not near a due time
      return {
        ...base,
        status: 'in_progress',
        ownerId: PEOPLE.csMember,
        claimedAt: openedAt,
        firstResponseAt: openedAt,
        responseMet: true,
        lastProgressAt: new Date(now.getTime() - 3600_000),
        resolutionDueAt: new Date(now.getTime() + 30 * DAY),
        // The jobs' next instants, as the desk stores them: not due before tomorrow.
        slaCheckAt: new Date(now.getTime() + DAY),
        nudgeCheckAt: new Date(now.getTime() + DAY),
        nextDueAt: new Date(now.getTime() + DAY),
      };
    case 'nudge': // claimed 5 days ago, no progress since: stale
      return {
        ...base,
        status: 'claimed',
        ownerId: PEOPLE.csMember,
        claimedAt: openedAt,
        firstResponseAt: openedAt,
        responseMet: true,
        resolutionDueAt: new Date(now.getTime() + 30 * DAY),
        slaCheckAt: new Date(now.getTime() + 20 * DAY),
        nudgeCheckAt: new Date(now.getTime() - 3600_000),
        // The customer has not been told of progress for two working days: that clock is breached.
        clocks: [
          {
            kind: 'progress_sync',
            key: 'progress_sync',
            start: openedAt,
            dueAt: new Date(now.getTime() - 3600_000),
            warnAt: new Date(now.getTime() - 5 * 3600_000),
            state: 'running',
            basis: 'working',
            pausedMs: 0,
          },
        ],
        nextDueAt: new Date(now.getTime() - 3600_000),
      };
    case 'sla': // unclaimed, response time passed
      return {
        ...base,
        openedAt: new Date(now.getTime() - 10 * 3600_000),
        responseDueAt: new Date(now.getTime() - 3600_000),
        resolutionDueAt: new Date(now.getTime() + 62 * 3600_000),
        slaCheckAt: new Date(now.getTime() - 3600_000),
        nudgeCheckAt: new Date(now.getTime() - 3600_000),
      };
    default: // opened yesterday and closed: in the daily digest
      return {
        ...base,
        status: 'closed',
        ownerId: PEOPLE.csMember,
        claimedAt: openedAt,
        resolvedAt: openedAt,
        closedAt: openedAt,
      };
  }
}

async function seedBackground(t: InProcessDesk, from: number, to: number): Promise<number> {
  const coll = t.running.desk.models.Ticket.collection;
  const started = performance.now();
  const BATCH = 2_000;
  for (let i = from; i < to; i += BATCH) {
    const docs = [];
    for (let j = i; j < Math.min(to, i + BATCH); j++)
      docs.push(seedDoc(j, j % 5 === 0 ? 'open_fresh' : 'closed', NOW));
    await coll.insertMany(docs, { ordered: false });
  }
  return performance.now() - started;
}

/** Replaces the due tickets (DUE per job) and clears the outbox, so each run has the same due work. */
async function resetDue(t: InProcessDesk, run: number) {
  const { Ticket, Task, Lease } = t.running.desk.models;
  await Ticket.deleteMany({ channelCode: 'BD' });
  await Task.deleteMany({});
  await Lease.deleteMany({});
  const docs = [];
  let n = 900_000_000 + run * 1000;
  for (const kind of ['nudge', 'sla', 'recent'] as const)
    for (let i = 0; i < DUE; i++)
      docs.push({ ...seedDoc(n++, kind, NOW), channelCode: 'BD', number: `BD${n}` });
  await Ticket.collection.insertMany(docs);
}

export interface JobRow {
  stored: number;
  seedSeconds: number;
  job: string;
  ms: number | null;
  planned: number | null;
  delivered: number | null;
  /** Documents the database returned to the job's reads (a tracked count, not a time). */
  docsRead?: number | null;
}

export async function measureJobs(t: InProcessDesk, slack: SlackProcess, sizes: number[]): Promise<JobRow[]> {
  const rows: JobRow[] = [];
  const names = ['nudge', 'sla', 'clocks', 'digest'];
  const { Ticket } = t.running.desk.models;
  await Ticket.deleteMany({});
  let stored = 0;
  let run = 0;
  for (const size of sizes) {
    log(`seeding to ${size} stored tickets`);
    const ms = await seedBackground(t, stored, size);
    stored = size;
    for (const job of names) {
      if (!JOBS.some((j) => j.name === job)) {
        rows.push({
          stored,
          seedSeconds: r1(ms / 1000),
          job,
          ms: null,
          planned: null,
          delivered: null,
          docsRead: null,
        });
        continue;
      }
      await resetDue(t, run++);
      await t.idle();
      await slack.quiet();
      await slack.call('clear');
      t.resetCount();
      const started = performance.now();
      const res = await runJob(t.running.desk, job, { now: NOW });
      await t.idle();
      const docsRead = t.db.docsRead;
      rows.push({
        stored,
        seedSeconds: r1(ms / 1000),
        job,
        ms: r1(performance.now() - started),
        planned: res.planned,
        delivered: res.delivered,
        docsRead,
      });
      log(
        `  ${job}: ${Math.round(performance.now() - started)} ms (planned ${res.planned}, sent ${res.delivered}, documents read ${docsRead})`,
      );
    }
  }
  return rows;
}
