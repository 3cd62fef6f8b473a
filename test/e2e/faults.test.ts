/**
 * Fault injection: Slack rate limits and server errors while posting, the database going away
 * and coming back, the job process killed mid-run, and Slack's own event retries.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INTAKE_FIELD } from '../../blocks/ids.ts';
import { runJob } from '../../jobs/runner.ts';
import type { Desk } from '../../src/context.ts';
import { t as translate } from '../../src/i18n/index.ts';
import { openTicket, publishNewTicket } from '../../src/services/open-ticket.ts';
import { BOT_TOKEN, CHANNELS, PEOPLE, SIGNING_SECRET, startTestDesk, type TestDesk } from '../harness/app.ts';
import { waitFor } from '../harness/slack-stub.ts';

function intakeValues(
  description = 'Since 14:30 today paying order DD20240315001 with a coupon shows "invalid".',
) {
  return {
    customer_name: 'Li Lei',
    customer_phone: '13812345678',
    contact_channel: 'website',
    request_type: 'service_request',
    category: 'functional_fault',
    description,
    desired_outcome: 'refund',
    urgency: 'normal',
    impact: 'partial',
  };
}

async function openModal(t: TestDesk, user: string = PEOPLE.agentEn) {
  const res = await t.driver.command('', { user, channel: CHANNELS.frontDesk });
  expect(res.status).toBe(200);
  return waitFor(() => t.stub.openModal(user));
}

function topLevel(t: TestDesk, channel: string) {
  return t.stub.messages(channel).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
}

// ---------------------------------------------------------------- Slack failures

describe('Slack failing while the card is posted', () => {
  let t: TestDesk;
  beforeAll(async () => {
    t = await startTestDesk('faults-slack');
  });
  afterAll(async () => {
    await t?.stop();
  });
  beforeEach(async () => {
    await t.idle();
    await t.running.desk.models.Ticket.deleteMany({});
    await t.running.desk.models.Task.deleteMany({});
    t.stub.reset();
    t.clock.set('2026-11-24T10:00:00+08:00');
  });

  it('429 with Retry-After: the card stays due, the next run posts it once after Retry-After', async () => {
    t.stub.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
    await openModal(t);
    const res = await t.driver.submitView({ user: PEOPLE.agentEn, values: intakeValues() });
    expect(res.outcome.action).toBe('closed');
    await t.idle();
    expect(topLevel(t, CHANNELS.tech)).toHaveLength(0);
    const task = await t.running.desk.models.Task.findOne({ kind: 'post_card' }).lean();
    expect(task?.status).toBe('due');
    // Retry-After is honoured: not before 30 s …
    await runJob(t.running.desk, 'cards', { now: new Date(t.clock.now().getTime() + 10_000) });
    expect(topLevel(t, CHANNELS.tech)).toHaveLength(0);
    // … and after it the card goes out exactly once, even when the job runs again.
    t.clock.advance(31_000);
    await runJob(t.running.desk, 'cards', { now: t.clock.now() });
    await runJob(t.running.desk, 'cards', { now: t.clock.now() });
    await t.idle();
    const cards = topLevel(t, CHANNELS.tech);
    expect(cards).toHaveLength(1);
    const ticket = await t.running.desk.models.Ticket.findOne({}).lean();
    expect(ticket?.card?.ts).toBe(cards[0]!.ts);
    expect(t.stub.callsTo('chat.postMessage').filter((c) => c.status === 429)).toHaveLength(1);
  });

  it('HTTP 500 once: the client retries at once; no duplicate card', async () => {
    t.stub.failNext('chat.postMessage', { status: 500 });
    await openModal(t);
    await t.driver.submitView({ user: PEOPLE.agentEn, values: intakeValues() });
    await t.idle();
    const cards = await waitFor(() => {
      const c = topLevel(t, CHANNELS.tech);
      return c.length > 0 && c;
    });
    expect(cards).toHaveLength(1);
    expect((await t.running.desk.models.Task.findOne({ kind: 'post_card' }).lean())?.status).toBe('done');
  });

  it('HTTP 500 until the retries run out: left due, posted once by the next run; nothing lost', async () => {
    t.stub.failNext('chat.postMessage', { status: 500 }, 3);
    await openModal(t);
    await t.driver.submitView({ user: PEOPLE.agentEn, values: intakeValues() });
    await t.idle();
    expect(topLevel(t, CHANNELS.tech)).toHaveLength(0);
    t.clock.advance(15 * 60_000);
    await runJob(t.running.desk, 'cards', { now: t.clock.now() });
    await runJob(t.running.desk, 'cards', { now: t.clock.now() });
    await t.idle();
    expect(topLevel(t, CHANNELS.tech)).toHaveLength(1);
    const ticket = await t.running.desk.models.Ticket.findOne({}).lean();
    expect(ticket?.card?.ts).toBe(topLevel(t, CHANNELS.tech)[0]!.ts);
  });

  it('Slack retries of an event (x-slack-retry-num) are processed once; an unseen retry is processed', async () => {
    const event = { type: 'app_home_opened', user: PEOPLE.techMember, channel: 'D0HOME', tab: 'home' };
    const first = await t.driver.event(event, { eventId: 'Ev0FAULT0001' });
    expect(first.status).toBe(200);
    await waitFor(() => t.stub.callsTo('views.publish').length === 1);
    const retry = await t.driver.event(event, {
      eventId: 'Ev0FAULT0001',
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    const retry2 = await t.driver.event(event, {
      eventId: 'Ev0FAULT0001',
      retryNum: 2,
      retryReason: 'http_timeout',
    });
    expect([retry.status, retry2.status]).toEqual([200, 200]);
    await t.idle();
    expect(t.stub.callsTo('views.publish')).toHaveLength(1);
    // A retry of an event whose first delivery never reached the app is still processed.
    await t.driver.event(event, { eventId: 'Ev0FAULT0002', retryNum: 1, retryReason: 'http_error' });
    await waitFor(() => t.stub.callsTo('views.publish').length === 2);
    expect(await t.running.desk.models.ProcessedEvent.countDocuments()).toBe(2);
  });
});

// ---------------------------------------------------------------- database outage

const SERVER_DIR = path.resolve('test/harness/mongo-server');

/** The Java wire server on a given port (0 = any), so it can be stopped and started again on the same port. */
async function startWireServer(port: number): Promise<{ port: number; child: ChildProcess }> {
  const classpath = [
    path.join(SERVER_DIR, 'target', 'classes'),
    path.join(SERVER_DIR, 'target', 'lib', '*'),
  ].join(path.delimiter);
  const child = spawn('java', ['-cp', classpath, 'desk.testserver.Main', String(port)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines = createInterface({ input: child.stdout! });
  const found = await Promise.race([
    (async () => {
      for await (const line of lines) {
        const m = /^LISTENING (\d+)$/.exec(line.trim());
        if (m) return Number(m[1]);
      }
      return 0;
    })(),
    new Promise<number>((resolve) => setTimeout(() => resolve(0), 30_000).unref()),
  ]);
  if (!found) {
    child.kill('SIGKILL');
    throw new Error('wire server did not start');
  }
  return { port: found, child };
}

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

describe.runIf(!process.env.MONGODB_URI)('the database stopped mid-run and restarted', () => {
  let server: { port: number; child: ChildProcess };
  let t: TestDesk;
  beforeAll(async () => {
    server = await startWireServer(0);
    t = await startTestDesk('faults-db', { mongoUri: `mongodb://127.0.0.1:${server.port}/faultsdb` });
    t.clock.set('2026-11-24T10:00:00+08:00');
  }, 60_000);
  afterAll(async () => {
    await t?.stop().catch(() => undefined);
    if (server) await killChild(server.child);
  });

  it('answers "try again", keeps what was typed, writes nothing, and recovers by itself', async () => {
    const desk = t.running.desk;
    // Works before the outage (also warms the user-language cache).
    await openModal(t);
    expect((await t.driver.submitView({ user: PEOPLE.agentEn, values: intakeValues() })).outcome.action).toBe(
      'closed',
    );
    await t.idle();

    const cardsBefore = topLevel(t, CHANNELS.tech).length;
    await killChild(server.child);
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(503);

    // /ticket still opens the modal (no database work before views.open).
    const view = await openModal(t);
    const typed = intakeValues('Outage test: the branch 12 printer prints blank pages since Monday 09:00.');
    // Several tries during the outage: each is answered in the modal with "try again" (the answer
    // that the ack budget gives; how fast it comes is measured by the bench, not asserted here).
    for (let i = 0; i < 3; i++) {
      const res = await t.driver.submitView({ user: PEOPLE.agentEn, values: typed });
      expect(res.status).toBe(200);
      expect(res.outcome.action).toBe('errors');
      expect(res.outcome.errors?.[INTAKE_FIELD.description]).toBe(translate('en', 'intake.error.database'));
      // A field error keeps the same modal open (Slack keeps what was typed); it is not replaced or closed.
      const still = t.stub.openModal(PEOPLE.agentEn);
      expect(still?.id).toBe(view.id);
      expect(still?.hash).toBe(view.hash);
    }

    // Other requests during the outage are acknowledged too.
    const show = await t.driver.command('show GW20261124001', {
      user: PEOPLE.agentEn,
      channel: CHANNELS.frontDesk,
    });
    expect(show.status).toBe(200);
    const home = await t.driver.event({
      type: 'app_home_opened',
      user: PEOPLE.agentEn,
      channel: 'D0X',
      tab: 'home',
    });
    expect(home.status).toBe(200);

    // Same port again; the in-memory server starts empty. The driver reconnects by itself.
    server = await startWireServer(server.port);
    await waitFor(async () => (await fetch(`${t.url}/healthz`)).status === 200, 20_000, 'healthz 200 again');
    // The restarted in-memory server is empty: build the unique indexes again (a real server keeps them).
    await Promise.all(Object.values(desk.models).map((m) => m.createIndexes()));
    await t.idle();
    // A try still waiting for a server when it came back may have stored the ticket late (with its
    // card): never half of it, and at most once.
    const late = await desk.models.Ticket.find({ intakeKey: view.id }).lean();
    expect(late.length).toBeLessThanOrEqual(1);
    for (const l of late) expect(l.history.map((h) => h.action)).toEqual(['open']);

    // Submitting the same modal again stores exactly one ticket.
    const again = await t.driver.submitView({ user: PEOPLE.agentEn, values: typed });
    expect(again.outcome.action).toBe('closed');
    await t.idle();
    const stored = await desk.models.Ticket.find({ intakeKey: view.id }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.description).toContain('branch 12 printer');
    // One more card than before the outage (the restarted server lost the first ticket and reuses its number).
    expect(topLevel(t, CHANNELS.tech)).toHaveLength(cardsBefore + 1);
    expect(stored[0]!.card?.ts).toBe(topLevel(t, CHANNELS.tech).at(-1)!.ts);
  }, 60_000);
});

// ---------------------------------------------------------------- job process killed

async function seedStaleTickets(desk: Desk, n: number, owner: string): Promise<string[]> {
  const numbers: string[] = [];
  for (let i = 0; i < n; i++) {
    const { ticket } = await openTicket(desk, {
      intake: {
        customerName: 'Li Lei',
        customerId: '',
        phone: '13812345678',
        email: '',
        company: '',
        keyAccount: false,
        contactChannel: 'website',
        requestType: 'service_request',
        category: 'functional_fault',
        description: `Stale ticket ${i}: order DD2024031500${i} payment fails with a coupon.`,
        desiredOutcome: 'refund',
        urgency: 'normal',
        impact: 'partial',
        urgencyReason: '',
        orderNumber: '',
        keywords: [],
      },
      openedBy: PEOPLE.agentEn,
      intakeKey: `stale-${i}`,
    });
    await publishNewTicket(desk, ticket);
    const claimedAt = new Date(desk.clock.now().getTime() - 7 * 24 * 3600_000);
    await desk.models.Ticket.updateOne(
      { _id: ticket._id },
      { $set: { status: 'claimed', ownerId: owner, claimedAt, firstResponseAt: claimedAt } },
    );
    numbers.push(ticket.number);
  }
  return numbers;
}

function runCli(t: TestDesk, args: string[]): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'jobs/cli.ts', ...args], {
    env: {
      ...process.env,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: t.stub.url,
      MONGODB_URI: t.running.db.uri,
      DESK_CONFIG: 'config/example.yml',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.resume();
  child.stderr!.resume();
  const done = once(child, 'exit').then(([code]) => code as number | null);
  return { child, done };
}

describe('the job process killed with SIGKILL mid-run and run again', () => {
  let t: TestDesk;
  beforeAll(async () => {
    t = await startTestDesk('faults-kill');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('sends every nudge exactly once: nothing lost, nothing twice', async () => {
    const desk = t.running.desk;
    t.clock.set('2026-11-24T10:00:00+08:00'); // a Tuesday, in working hours
    const N = 6;
    const numbers = await seedStaleTickets(desk, N, PEOPLE.techMember);
    await t.idle();
    t.stub.clear();
    const ownerDms = () =>
      t.stub
        .callsTo('chat.postMessage')
        .filter((c) => c.args.channel === PEOPLE.techMember && (c.response as { ok?: boolean }).ok);

    // All nudges go to the same owner's DM, so the job paces them (channelPaceMs, ~1.1 s apart):
    // kill the process while it waits between two posts.
    const now = '2026-11-24T10:30:00+08:00';
    const first = runCli(t, ['nudge', '--now', now]);
    await waitFor(() => ownerDms().length >= 2, 30_000, 'two nudges sent');
    await new Promise((r) => setTimeout(r, 300)); // inside the pacing wait, after the task was marked done
    first.child.kill('SIGKILL');
    expect(await first.done).toBeNull();
    const sentBeforeKill = ownerDms().length;
    expect(sentBeforeKill).toBeLessThan(N);
    expect(
      await desk.models.Task.countDocuments({ kind: 'nudge', status: 'sending' }),
    ).toBeGreaterThanOrEqual(0);

    // The killed run's job lease (5 min) and task lock (2 min) expire; the next run hands over what is left.
    const later = '2026-11-24T10:36:00+08:00';
    const second = runCli(t, ['nudge', '--now', later]);
    expect(await second.done).toBe(0);
    const third = runCli(t, ['nudge', '--now', later]);
    expect(await third.done).toBe(0);

    const dms = ownerDms();
    const perTicket = numbers.map((n) => dms.filter((c) => JSON.stringify(c.args).includes(n)).length);
    expect(perTicket).toEqual(numbers.map(() => 1));
    expect(await desk.models.Task.countDocuments({ kind: 'nudge', status: { $ne: 'done' } })).toBe(0);
  }, 60_000);
});
