/**
 * The real scheduler (jobs/scheduler.ts, node-cron) started with schedules from the organisation
 * config: a job fires on its cron expression, in the organisation's time zone, and does its work.
 * node-cron accepts a 6-field expression (seconds first), so "every second during the current
 * hour" fires within a second and the test waits on a condition, not on a sleep.
 */
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Scheduler, startScheduler } from '../../jobs/scheduler.ts';
import { type DeskConfig, parseDeskConfig } from '../../src/config/desk-config.ts';
import { openTicket } from '../../src/tickets/open-ticket.ts';
import { PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { waitFor } from '../harness/slack-stub.ts';

const NEVER = '0 0 1 1 *'; // 1 January, midnight: does not fire during the test

const logLines: string[] = [];
const logStream = new Writable({
  write(chunk, _enc, done) {
    logLines.push(String(chunk));
    done();
  },
});
/** Runs of `job` the app logged ('job run' lines). */
function runsOf(job: string): number {
  return logLines.filter((l) => {
    const entry = JSON.parse(l) as { job?: string; msg?: string };
    return entry.msg === 'job run' && entry.job === job;
  }).length;
}

let t: TestDesk;
let scheduler: Scheduler | undefined;
let previousLevel: string | undefined;
let jobs: DeskConfig['jobs'];
let zone: string;

beforeAll(async () => {
  // The schedules go through the config parser, as an operator's config file would.
  const raw = parse(readFileSync('config/example.yml', 'utf8'));
  zone = raw.organisation.timezone;
  const start = DateTime.now();
  if (start.minute === 59 && start.second > 40) await waitFor(() => DateTime.now().minute !== 59, 25_000);
  const localHour = DateTime.now().setZone(zone).hour;
  const utcHour = DateTime.utc().hour;
  expect(localHour, `${zone} must differ from UTC for this test`).not.toBe(utcHour);
  raw.jobs.retention.schedule = `* * ${localHour} * * *`; // every second, this hour in the organisation's zone
  raw.jobs.followup.schedule = `* * ${utcHour} * * *`; // every second, this hour in UTC: must never fire
  raw.jobs.nudge.schedule = NEVER;
  raw.jobs.sla.schedule = NEVER;
  raw.jobs.digest = { daily: NEVER, weekly: NEVER, monthly: NEVER };
  jobs = parseDeskConfig(raw, 'scheduler test').jobs;

  previousLevel = process.env.TEST_LOG_LEVEL;
  process.env.TEST_LOG_LEVEL = 'info';
  t = await startTestDesk('scheduler', {
    logDestination: logStream,
    config: (c) => {
      c.jobs = jobs;
    },
  });
});

afterAll(async () => {
  await scheduler?.stop();
  if (previousLevel === undefined) delete process.env.TEST_LOG_LEVEL;
  else process.env.TEST_LOG_LEVEL = previousLevel;
  await t?.stop();
});

describe('the scheduler', () => {
  it('runs a job on its configured cron schedule in the organisation time zone, and not in UTC', async () => {
    const desk = t.running.desk;
    expect(desk.config.organisation.timezone).toBe(zone);
    // A ticket closed three years ago (by the desk clock): the retention job anonymises it.
    t.clock.set('2029-01-10T10:00:00+08:00');
    const { ticket } = await openTicket(desk, {
      intake: {
        customerName: '王小明',
        customerId: 'C20240501001',
        phone: '13812345678',
        email: 'wang.xm@example.com',
        company: '',
        keyAccount: false,
        contactChannel: 'website',
        requestType: 'service_request',
        category: 'functional_fault',
        description: 'Paying order DD20240315001 with a coupon in the app shows invalid since 14:30.',
        desiredOutcome: 'refund',
        urgency: 'normal',
        impact: 'partial',
        urgencyReason: '',
        orderNumber: '',
        keywords: [],
      },
      openedBy: PEOPLE.agentEn,
      intakeKey: 'scheduler-1',
    });
    const closedAt = new Date('2026-01-05T10:00:00+08:00');
    await desk.models.Ticket.updateOne(
      { _id: ticket._id },
      { $set: { status: 'closed', resolvedAt: closedAt, closedAt } },
    );
    expect(runsOf('retention')).toBe(0);

    scheduler = startScheduler(desk);
    // The job ran on its own (no runJob call here) and did its work.
    await waitFor(
      async () => (await desk.models.Ticket.findById(ticket._id).lean())?.customer?.anonymisedAt,
      15_000,
      'the scheduled retention run',
    );
    const after = (await desk.models.Ticket.findById(ticket._id).lean())!;
    expect(after.customer?.phone).toBe('');
    expect(after.history.filter((h) => h.action === 'anonymise')).toHaveLength(1);
    // Fires again each second while its hour lasts: wait for a second run, so the UTC-hour
    // schedule has had the same time to fire had the time zone been ignored.
    await waitFor(() => runsOf('retention') >= 2, 15_000, 'a second scheduled retention run');
    expect(runsOf('followup')).toBe(0);
    // Still anonymised once.
    const again = (await desk.models.Ticket.findById(ticket._id).lean())!;
    expect(again.history.filter((h) => h.action === 'anonymise')).toHaveLength(1);
  }, 60_000);
});
