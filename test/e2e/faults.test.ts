/**
 * Fault injection: Slack rate limits and server errors while posting, the database going away
 * and coming back, the job process killed mid-run, and Slack's own event retries.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, BLOCK, CALLBACK } from '../../blocks/ids.ts';
import { runJob } from '../../jobs/runner.ts';
import type { Desk } from '../../src/context.ts';
import { openTicket, publishNewTicket } from '../../src/tickets/open-ticket.ts';
import { BOT_TOKEN, CHANNELS, PEOPLE, SIGNING_SECRET, startTestDesk, type TestDesk } from '../harness/app.ts';
import { submitIntake } from '../harness/intake.ts';
import { waitFor } from '../harness/slack-stub.ts';
import { dmsAbout, threadAbout } from './jobs-fixtures.ts';
import { sampleIntake } from './workflow-fixtures.ts';

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
  // Whatever the agent had open before (e.g. a "Ticket … created" form) was closed.
  t.stub.closeModal(user, true);
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
    const res = await submitIntake(t.driver, t.stub, { user: PEOPLE.agentEn, values: intakeValues() });
    expect(res.result).toBe('created');
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

  it('HTTP 500 once: the client does not re-post by itself; the next cards run posts it once', async () => {
    t.stub.failNext('chat.postMessage', { status: 500 });
    await openModal(t);
    await t.driver.submitView({ user: PEOPLE.agentEn, values: intakeValues() });
    await t.idle();
    // Only the outbox retries a post (after its look-up): one refused attempt, no card yet.
    expect(t.stub.callsTo('chat.postMessage').filter((c) => c.args.channel === CHANNELS.tech)).toHaveLength(
      1,
    );
    expect(topLevel(t, CHANNELS.tech)).toHaveLength(0);
    expect((await t.running.desk.models.Task.findOne({ kind: 'post_card' }).lean())?.status).toBe('due');
    t.clock.advance(60_000);
    await runJob(t.running.desk, 'cards', { now: t.clock.now() });
    await t.idle();
    expect(topLevel(t, CHANNELS.tech)).toHaveLength(1);
    expect((await t.running.desk.models.Task.findOne({ kind: 'post_card' }).lean())?.status).toBe('done');
  });

  it('answer lost once (Slack stored the card, the connection closed unanswered): no second card', async () => {
    t.stub.failNext('chat.postMessage', { lost: true });
    await openModal(t);
    await t.driver.submitView({ user: PEOPLE.agentEn, values: intakeValues() });
    await t.idle();
    const ticket = (await t.running.desk.models.Ticket.findOne({}).lean())!;
    const cards = () => topLevel(t, CHANNELS.tech).filter((m) => JSON.stringify(m).includes(ticket.number));
    // The answer really was lost after Slack stored the card.
    expect(cards().length).toBeGreaterThan(0);
    // Whatever is still due goes out with the next runs; Slack ends up with one card, the one the ticket names.
    t.clock.advance(15 * 60_000);
    await runJob(t.running.desk, 'cards', { now: t.clock.now() });
    await runJob(t.running.desk, 'cards', { now: t.clock.now() });
    await t.idle();
    expect(cards()).toHaveLength(1);
    expect((await t.running.desk.models.Ticket.findById(ticket._id).lean())?.card?.ts).toBe(cards()[0]!.ts);
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

/** A database the test can freeze (it stops answering, connections stay open) and resume. */
interface FreezableDb {
  uri: string;
  how: string;
  freeze(): void;
  resume(): void;
  close(): Promise<void>;
}

/** The Java wire server as a child process: frozen with SIGSTOP, resumed with SIGCONT. */
async function javaServerFrozenBySignal(): Promise<FreezableDb> {
  const server = await startWireServer(0);
  return {
    uri: `mongodb://127.0.0.1:${server.port}/faultsdb`,
    how: 'SIGSTOP / SIGCONT of the Java wire server',
    freeze: () => void server.child.kill('SIGSTOP'),
    resume: () => void server.child.kill('SIGCONT'),
    close: async () => {
      server.child.kill('SIGCONT');
      await killChild(server.child);
    },
  };
}

/**
 * Against MONGODB_URI the server is not our child process, so it cannot be sent SIGSTOP. The
 * closest honest thing: a TCP proxy in front of it that, when frozen, stops passing bytes either
 * way and holds them (the connections stay open, as with a stopped process), then passes the held
 * bytes in order on resume. The difference: a request already past the proxy keeps running on the
 * real server while "frozen"; one sent after the freeze waits, as it would on a stopped server.
 * Only a single-host mongodb:// URI can be proxied (an SRV or replica-set URI makes the driver
 * connect to the members it discovers, around the proxy).
 */
async function externalServerFrozenByProxy(external: string): Promise<FreezableDb> {
  const m = /^mongodb:\/\/(?:([^@/]*)@)?([^,/?]+?)(?::(\d+))?(?:\/[^?]*)?(?:\?(.*))?$/.exec(external.trim());
  if (!m) throw new Error('only a single-host mongodb:// MONGODB_URI can be put behind the freezing proxy');
  const [, auth, host, port = '27017', query = ''] = m;
  let frozen = false;
  const held: (() => void)[] = [];
  const sockets = new Set<Socket>();
  const proxy = createServer((client) => {
    const upstream = connect(Number(port), host!);
    for (const sock of [client, upstream]) {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
      sock.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    const pass = (from: Socket, to: Socket) =>
      from.on('data', (chunk: Buffer) => {
        if (frozen) held.push(() => to.write(chunk));
        else to.write(chunk);
      });
    pass(client, upstream);
    pass(upstream, client);
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  const proxyPort = (proxy.address() as AddressInfo).port;
  const options = [
    ...query.split('&').filter((o) => o && !/^directConnection=/i.test(o)),
    'directConnection=true',
  ];
  if (auth && !options.some((o) => /^authSource=/i.test(o))) options.push('authSource=admin');
  const db = `faults_${Math.random().toString(36).slice(2, 8)}`;
  return {
    uri: `mongodb://${auth ? `${auth}@` : ''}127.0.0.1:${proxyPort}/${db}?${options.join('&')}`,
    how: 'a TCP proxy in front of MONGODB_URI that holds all bytes (the server is not ours to SIGSTOP)',
    freeze: () => {
      frozen = true;
    },
    resume: () => {
      for (const send of held.splice(0)) send();
      frozen = false;
    },
    close: async () => {
      for (const send of held.splice(0)) send();
      frozen = false;
      for (const sock of sockets) sock.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}

const EXTERNAL = process.env.MONGODB_URI;
const PROXYABLE = !EXTERNAL || /^mongodb:\/\/[^,/?]+(\/|\?|$)/.test(EXTERNAL.trim());

// With an SRV or multi-host MONGODB_URI neither a signal nor the proxy can freeze the server: skipped.
describe.runIf(PROXYABLE)('the database frozen during an in-flight write, then resumed', () => {
  let db: FreezableDb;
  let t: TestDesk;
  beforeAll(async () => {
    db = EXTERNAL ? await externalServerFrozenByProxy(EXTERNAL) : await javaServerFrozenBySignal();
    t = await startTestDesk('faults-db', { mongoUri: db.uri });
    t.clock.set('2026-11-24T10:00:00+08:00');
  }, 60_000);
  afterAll(async () => {
    db?.resume();
    if (EXTERNAL) await t?.running.desk.models.Ticket.db.dropDatabase().catch(() => undefined);
    await t?.stop().catch(() => undefined);
    await db?.close();
  });

  const healthz = async () => (await fetch(`${t.url}/healthz`)).status;
  const cardsOf = (number: string) =>
    topLevel(t, CHANNELS.tech).filter((m) => JSON.stringify(m).includes(number));

  /** After the database is back: the form's ticket is stored once and whole, with exactly one card. */
  async function expectStoredOnceAndWhole(viewId: string, description: string) {
    const desk = t.running.desk;
    await waitFor(async () => (await healthz()) === 200, 20_000, 'healthz 200 again');
    // The write that was in flight completes after the resume; its late result publishes the card.
    const stored = await waitFor(
      async () => {
        const found = await desk.models.Ticket.find({ intakeKey: viewId }).lean();
        return found.length > 0 && found;
      },
      20_000,
      'the in-flight ticket stored',
    );
    expect(stored).toHaveLength(1);
    const ticket = stored[0]!;
    expect(ticket.number).toMatch(/^GW20261124\d{3}$/);
    expect(ticket.description).toBe(description);
    expect(ticket.customer).toMatchObject({ name: 'Li Lei', phone: '13812345678', phoneLast4: '5678' });
    expect(ticket.priority).toMatch(/^P[1-4]$/);
    expect(ticket.responseDueAt).toBeInstanceOf(Date);
    expect(ticket.history.map((h) => h.action)).toEqual(['open']);
    await waitFor(() => cardsOf(ticket.number).length > 0, 20_000, 'its card');
    await t.idle();
    expect(cardsOf(ticket.number)).toHaveLength(1);
    expect((await desk.models.Ticket.findById(ticket._id).lean())?.card?.ts).toBe(
      cardsOf(ticket.number)[0]!.ts,
    );
    return ticket;
  }

  /** The intake form, once the agent's ticket is stored, says "Ticket … created" with its number. */
  const confirmed = (viewId: string) =>
    waitFor(() => t.stub.view(viewId)?.callback_id === CALLBACK.intakeCreated, 20_000, 'the form confirming');

  it('answers at once while frozen ("saving", everything typed kept), then stores the ticket once and whole, with one card, and confirms it', async () => {
    const desk = t.running.desk;
    // Works before the outage (also warms the user-language cache).
    await openModal(t);
    expect(
      (await submitIntake(t.driver, t.stub, { user: PEOPLE.agentEn, values: intakeValues() })).result,
    ).toBe('created');
    await t.idle();
    const ticketsBefore = await desk.models.Ticket.countDocuments();
    const cardsBefore = topLevel(t, CHANNELS.tech).length;

    // /ticket still opens the modal (no database work before views.open).
    const view = await openModal(t);
    const description = 'Outage test: the branch 12 printer prints blank pages since Monday 09:00.';
    const typed = intakeValues(description);
    db.freeze();
    try {
      // SIGSTOP takes effect asynchronously: a ping already being read may still be answered.
      await waitFor(async () => (await healthz()) === 503, 5_000, 'healthz 503 once frozen');
      // Answered at once: "saving", with the gist of what was typed; the write waits on the frozen
      // server, in flight.
      const res = await t.driver.submitView({ user: PEOPLE.agentEn, values: typed });
      expect(res.status).toBe(200);
      expect(res.outcome.action).toBe('update');
      const saving = JSON.stringify(t.stub.view(view.id));
      expect(saving).toContain('Saving the ticket');
      expect(saving).toContain(description);
      expect(saving).toContain('Li Lei');
      // Other requests during the outage are acknowledged too.
      const show = await t.driver.command('show GW20261124001', {
        user: PEOPLE.agentEn,
        channel: CHANNELS.frontDesk,
      });
      expect(show.status).toBe(200);
      expect(cardsOf('GW20261124002')).toHaveLength(0);
    } finally {
      db.resume();
    }

    const ticket = await expectStoredOnceAndWhole(view.id, description);
    await confirmed(view.id);
    expect(JSON.stringify(t.stub.view(view.id))).toContain(ticket.number);
    await t.idle();
    expect(await desk.models.Ticket.countDocuments({ intakeKey: view.id })).toBe(1);
    expect(await desk.models.Ticket.countDocuments()).toBe(ticketsBefore + 1);
    expect(cardsOf(ticket.number)).toHaveLength(1);
    expect(topLevel(t, CHANNELS.tech)).toHaveLength(cardsBefore + 1);
  }, 60_000);

  it('frozen at different moments of the write sequence (numbering, storing, publishing): never half-written, never twice', async () => {
    // The answer ("saving") is immediate; where in the store-and-publish sequence the freeze lands
    // varies with the offset; the outcome may not.
    for (const offsetMs of [0, 5, 20]) {
      const view = await openModal(t);
      const description = `Freeze at ${offsetMs} ms: order DD2024031500${offsetMs} cannot be paid with a coupon.`;
      const submitting = t.driver.submitView({ user: PEOPLE.agentEn, values: intakeValues(description) });
      await new Promise((r) => setTimeout(r, offsetMs));
      db.freeze();
      let res: Awaited<typeof submitting>;
      try {
        res = await submitting;
        await new Promise((r) => setTimeout(r, 300));
      } finally {
        db.resume();
      }
      expect(res.status).toBe(200);
      expect(res.outcome.action).toBe('update');
      await expectStoredOnceAndWhole(view.id, description);
      await confirmed(view.id);
      t.stub.closeModal(PEOPLE.agentEn, true);
    }
    // No number given twice by the daily counter.
    const numbers = (await t.running.desk.models.Ticket.find({}, { number: 1 }).lean()).map((x) => x.number);
    expect(new Set(numbers).size).toBe(numbers.length);
  }, 90_000);

  it('the App Home search while frozen: Slack gets a "try again" field error in time, not a timeout', async () => {
    await t.driver.event({
      type: 'app_home_opened',
      user: PEOPLE.agentEn,
      channel: `D${PEOPLE.agentEn}`,
      tab: 'home',
    });
    const home = await waitFor(() => t.stub.homeView(PEOPLE.agentEn), 10_000, 'App Home');
    db.freeze();
    try {
      await waitFor(async () => (await healthz()) === 503, 5_000, 'healthz 503 once frozen');
      await t.driver.clickButton({ user: PEOPLE.agentEn, actionId: ACTION.homeSearch, viewId: home.id });
      await waitFor(
        () => (t.stub.openModal(PEOPLE.agentEn)?.callback_id === CALLBACK.homeSearch ? true : undefined),
        5_000,
        'the search modal',
      );
      const res = await t.driver.submitView({
        user: PEOPLE.agentEn,
        values: { [BLOCK.homeSearchQuery]: 'printer' },
      });
      expect(res.status).toBe(200);
      expect(res.outcome.action).toBe('errors');
      expect(JSON.stringify(res.outcome)).toContain('cannot reach its database');
    } finally {
      db.resume();
    }
    t.stub.closeModal(PEOPLE.agentEn, true);
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
    t?.stub.releaseHeld();
    await t?.stop();
  });
  beforeEach(async () => {
    t.stub.releaseHeld();
    await t.idle();
    await t.running.desk.models.Ticket.deleteMany({});
    await t.running.desk.models.Task.deleteMany({});
    await t.running.desk.models.Counter.deleteMany({});
    t.stub.reset();
  });

  /** Posts of the nudge for `number`: the owner's DM and the note in the card's thread. */
  async function nudgePostsOf(number: string, owner: string) {
    const ticket = (await t.running.desk.models.Ticket.findOne({ number }))!;
    return { dm: dmsAbout(t, owner, number).length, thread: threadAbout(t, ticket, number).length };
  }

  it('killed after Slack accepted a nudge and before the job recorded it: nothing lost, at most one duplicate of that post, none of the others', async () => {
    const desk = t.running.desk;
    t.clock.set('2026-11-24T10:00:00+08:00'); // a Tuesday, in working hours
    const owner = PEOPLE.techMember;
    const numbers = await seedStaleTickets(desk, 3, owner);
    await t.idle();
    t.stub.clear();

    // The job's first post is applied by Slack and its answer held: the job waits for it, so the
    // task is claimed ('sending') and not recorded as done. That is when the process dies.
    t.stub.failNext('chat.postMessage', { hold: true });
    const first = runCli(t, ['nudge', '--now', '2026-11-24T10:30:00+08:00']);
    const [held] = await t.stub.waitForHeld(1, 30_000);
    first.child.kill('SIGKILL');
    expect(await first.done).toBeNull();
    t.stub.releaseHeld(); // the answer goes to a dead process
    const heldText = String(held!.args.text ?? '');
    const heldNumber = numbers.find((n) => heldText.includes(n));
    expect(heldNumber, 'the held post names its ticket').toBeDefined();
    expect(await desk.models.Task.countDocuments({ kind: 'nudge', status: 'sending' })).toBe(1);
    expect(await desk.models.Task.countDocuments({ kind: 'nudge', status: 'done' })).toBe(0);

    // The killed run's job lease (5 min) and task lock (2 min) expire; the next runs send what is left.
    const later = '2026-11-24T10:36:00+08:00';
    expect(await runCli(t, ['nudge', '--now', later]).done).toBe(0);
    expect(await runCli(t, ['nudge', '--now', later]).done).toBe(0);

    const heldIsDm = held!.args.channel === owner;
    for (const n of numbers) {
      const posts = await nudgePostsOf(n, owner);
      if (n !== heldNumber) expect(posts, n).toEqual({ dm: 1, thread: 1 });
      else if (heldIsDm) {
        expect(
          posts.dm,
          `${n}: the post whose answer was lost, sent again at most once`,
        ).toBeGreaterThanOrEqual(1);
        expect(posts.dm).toBeLessThanOrEqual(2);
        expect(posts.thread, n).toBe(1);
      } else {
        expect(posts.thread, `${n}: the post whose answer was lost`).toBeGreaterThanOrEqual(1);
        expect(posts.thread).toBeLessThanOrEqual(2);
        expect(posts.dm, n).toBe(1);
      }
    }
    expect(await desk.models.Task.countDocuments({ kind: 'nudge', status: { $ne: 'done' } })).toBe(0);
  }, 60_000);

  it('killed after Slack accepted a card and before the job recorded it: the next run finds the card, never a second one', async () => {
    const desk = t.running.desk;
    t.clock.set('2026-11-24T10:00:00+08:00');
    // The first post of the card is refused (channel archived): the card stays due for the cards job.
    t.stub.setChannelArchived(CHANNELS.tech, true);
    const { ticket } = await openTicket(desk, {
      intake: sampleIntake({
        customerId: '',
        orderNumber: '',
        keywords: [],
        description: 'Order DD20240315001: payment with a coupon fails since 14:30.',
      }),
      openedBy: PEOPLE.agentEn,
      intakeKey: 'kill-card',
    });
    await publishNewTicket(desk, ticket);
    await t.idle();
    t.stub.setChannelArchived(CHANNELS.tech, false);
    const cards = () => topLevel(t, CHANNELS.tech).filter((m) => JSON.stringify(m).includes(ticket.number));
    expect(cards()).toHaveLength(0);

    t.stub.failNext('chat.postMessage', { hold: true });
    const first = runCli(t, ['cards', '--now', '2026-11-24T10:10:00+08:00']);
    const [held] = await t.stub.waitForHeld(1, 30_000);
    expect(held!.args.channel).toBe(CHANNELS.tech);
    first.child.kill('SIGKILL');
    expect(await first.done).toBeNull();
    t.stub.releaseHeld();
    // Slack shows the card; the ticket does not know it yet.
    expect(cards()).toHaveLength(1);
    expect((await desk.models.Ticket.findById(ticket._id).lean())?.card?.ts).toBeFalsy();

    const later = '2026-11-24T10:20:00+08:00';
    expect(await runCli(t, ['cards', '--now', later]).done).toBe(0);
    expect(await runCli(t, ['cards', '--now', later]).done).toBe(0);
    expect(cards()).toHaveLength(1);
    const stored = await desk.models.Ticket.findById(ticket._id).lean();
    expect(stored?.card?.ts).toBe(cards()[0]!.ts);
    expect(await desk.models.Task.countDocuments({ kind: 'post_card', status: { $ne: 'done' } })).toBe(0);
  }, 60_000);

  it('killed between claiming a nudge and posting it (the pacing wait): the next runs send it, each exactly once', async () => {
    const desk = t.running.desk;
    t.clock.set('2026-11-24T10:00:00+08:00');
    const owner = PEOPLE.techMember;
    const N = 3;
    const numbers = await seedStaleTickets(desk, N, owner);
    await t.idle();
    t.stub.clear();
    const ownerDms = () => t.stub.dmsTo(owner).filter((m) => numbers.some((n) => m.text.includes(n)));

    // All nudges go to the same owner's DM, so the job paces them (channelPaceMs, ~1.1 s apart).
    // Kill once a DM went out and the next task is claimed (in the database) but not yet posted.
    const first = runCli(t, ['nudge', '--now', '2026-11-24T10:30:00+08:00']);
    const numberOf = new Map(
      (await desk.models.Ticket.find({ number: { $in: numbers } }, { number: 1 }).lean()).map((x) => [
        String(x._id),
        x.number,
      ]),
    );
    const posted = await waitFor(
      async () => {
        const sent = ownerDms().length;
        const claimed = await desk.models.Task.find({ kind: 'nudge', status: 'sending' }).lean();
        if (sent < 1 || claimed.length !== 1) return false;
        // The claimed task is an owner DM that has not reached Slack yet.
        const task = claimed[0]!;
        const number = numberOf.get(String(task.ticketId));
        const notYetSent =
          !task.key.endsWith(':thread') && !!number && dmsAbout(t, owner, number).length === 0;
        return notYetSent && sent;
      },
      30_000,
      'a nudge sent and the next owner DM claimed, not yet posted',
    );
    first.child.kill('SIGKILL');
    expect(await first.done).toBeNull();
    expect(ownerDms().length).toBeLessThan(N);
    expect(ownerDms().length).toBeGreaterThanOrEqual(posted);

    const later = '2026-11-24T10:36:00+08:00';
    expect(await runCli(t, ['nudge', '--now', later]).done).toBe(0);
    expect(await runCli(t, ['nudge', '--now', later]).done).toBe(0);

    const dms = ownerDms();
    expect(numbers.map((n) => dms.filter((m) => m.text.includes(n)).length)).toEqual(numbers.map(() => 1));
    expect(await desk.models.Task.countDocuments({ kind: 'nudge', status: { $ne: 'done' } })).toBe(0);
  }, 60_000);
});
