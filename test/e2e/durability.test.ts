/**
 * An acknowledged ticket always reaches its department, exactly once. The app runs as its own
 * process (as `npm start` does) against the Slack stand-in and the test database while bursts of
 * agents submit the intake form and a quarter of Slack's chat.postMessage answers are errors or
 * never arrive (the post is made, the answer is lost). The app is killed with SIGKILL mid-burst
 * and restarted, or stopped with SIGTERM mid-burst; then the `cards` job runs. Every submission the
 * agent saw confirmed (the form turned into "Ticket … created", which happens only once the ticket
 * and the work it is owed are stored) must be stored once, with exactly one card and one "opened"
 * thread note; every stored ticket, confirmed or not, gets exactly one card; no card is doubled. A DM may be doubled at most once per lost answer (the README says so).
 */
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, PEOPLE, SIGNING_SECRET, startTestDesk, testChannels, testUsers } from '../harness/app.ts';
import {
  type AppProcess,
  type AppProcessOptions,
  runJobProcess,
  startAppProcess,
} from '../harness/app-process.ts';
import { connectTestDb, type TestDb } from '../harness/db.ts';
import { SlackDriver } from '../harness/driver.ts';
import { submitIntake } from '../harness/intake.ts';
import { type SlackStub, type StoredMessage, startSlackStub, waitFor } from '../harness/slack-stub.ts';

const AGENTS = Array.from({ length: 90 }, (_, i) => `U0DURA${String(i).padStart(4, '0')}`);

function intakeValues(i: number) {
  return {
    customer_name: `Customer ${i}`,
    customer_phone: '13812345678',
    contact_channel: 'website',
    request_type: 'service_request',
    category: 'functional_fault',
    description: `Ticket ${i}: since 14:30 paying order DD20240315${String(i).padStart(3, '0')} with a coupon shows "invalid".`,
    desired_outcome: 'refund',
    urgency: 'normal',
    impact: 'partial',
  };
}

type Submission = { user: string; acked: boolean; viewId?: string };

/** One agent: /ticket, the modal opens, the form is submitted. Acknowledged = the modal closed. */
async function submitOne(stub: SlackStub, driver: SlackDriver, user: string, i: number): Promise<Submission> {
  try {
    const cmd = await driver.command('', { user, channel: CHANNELS.frontDesk });
    if (cmd.status !== 200) return { user, acked: false };
    await waitFor(() => stub.openModal(user), 5_000, `modal for ${user}`);
    // The promise is the form turning into "Ticket … created" (only once it is stored).
    const res = await submitIntake(driver, stub, { user, values: intakeValues(i) });
    return { user, acked: res.result === 'created', viewId: res.viewId };
  } catch {
    return { user, acked: false };
  }
}

/** A burst of concurrent agents; `onAck` sees each acknowledgement as it arrives. */
function burst(stub: SlackStub, driver: SlackDriver, users: string[], first: number, onAck?: () => void) {
  return Promise.all(
    users.map(async (user, k) => {
      const s = await submitOne(stub, driver, user, first + k);
      if (s.acked) onAck?.();
      return s;
    }),
  );
}

const payloadOf = (m: StoredMessage) =>
  (m as { metadata?: { event_type?: string; event_payload?: Record<string, string> } }).metadata;

describe('acknowledged tickets survive crashes and lost Slack answers', () => {
  let stub: SlackStub;
  let db: TestDb;
  let opts: AppProcessOptions;
  let lostAnswers = 0;
  const apps: AppProcess[] = [];
  const submissions: Submission[] = [];

  beforeAll(async () => {
    stub = await startSlackStub({
      botToken: 'xoxb-test-token',
      users: [...testUsers(), ...AGENTS.map((id) => ({ id, name: id.toLowerCase(), locale: 'en-US' }))],
      channels: testChannels(),
      teamDomain: 'acme',
    });
    db = await connectTestDb('durability');
    opts = { stubUrl: stub.url, mongoUri: db.uri };
    // A quarter of the posts fail: every 8th answer is lost after the post was made, every 8th
    // (offset by 4) is a 500.
    stub.setFailurePlan('chat.postMessage', (n) => {
      if (n % 8 === 1) {
        lostAnswers++;
        return { lost: true };
      }
      return n % 8 === 5 ? { status: 500 } : undefined;
    });
  }, 60_000);

  afterAll(async () => {
    for (const a of apps) await a.kill('SIGKILL');
    await stub?.stop();
    await db?.drop();
  });

  const driverFor = (app: AppProcess) =>
    new SlackDriver({ appUrl: `${app.url}/slack/events`, signingSecret: SIGNING_SECRET, stub });

  /** Runs the cards job as its own process, as late as `minutesAhead` (locks and retry delays passed). */
  async function runCardsUntilDone(conn: Connection) {
    for (let round = 0; round < 5; round++) {
      const now = new Date(Date.now() + (round + 1) * 30 * 60_000).toISOString();
      const res = await runJobProcess(opts, ['cards', '--now', now]);
      expect(res.code, res.stderr).toBe(0);
      const left = await conn
        .collection('tasks')
        .countDocuments({ kind: { $in: ['post_card', 'notify'] }, status: { $in: ['due', 'sending'] } });
      const pending = await conn
        .collection('tickets')
        .countDocuments({ 'pendingTasks.0': { $exists: true } });
      if (left === 0 && pending === 0) return;
    }
  }

  /** What every stored ticket must show, and every acknowledged submission. */
  async function expectEveryTicketOnce(conn: Connection) {
    const tickets = await conn.collection('tickets').find({}).toArray();
    const acked = submissions.filter((s) => s.acked);
    for (const s of acked) {
      expect(
        tickets.filter((t) => t.intakeKey === s.viewId),
        `acknowledged ${s.viewId}`,
      ).toHaveLength(1);
    }
    const cards = stub.messages(CHANNELS.tech).filter((m) => payloadOf(m)?.event_type === 'ticket_card');
    const cardsOf = (number: string) => cards.filter((m) => payloadOf(m)?.event_payload?.ticket === number);
    for (const t of tickets) {
      expect(t.pendingTasks, `${t.number} pending work`).toEqual([]);
      const own = cardsOf(t.number);
      expect(own, `cards of ${t.number}`).toHaveLength(1);
      expect(t.card?.ts, `${t.number} card recorded`).toBe(own[0]!.ts);
      const notes = stub
        .threadReplies(CHANNELS.tech, own[0]!.ts)
        .filter((m) => payloadOf(m)?.event_payload?.key === `notify:opened-thread:${t._id}`);
      expect(notes, `"opened" thread notes of ${t.number}`).toHaveLength(1);
    }
    expect(cards).toHaveLength(tickets.length);
    // DMs cannot be looked up: each lost answer may double one confirmation, nothing more.
    let extraConfirmations = 0;
    for (const t of tickets) {
      const dms = stub
        .messages(stub.dmChannelId(t.openedBy))
        .filter((m) => m.text.includes(`Ticket *${t.number}*`) && m.text.includes('is open and was sent to'));
      expect(dms.length, `confirmation of ${t.number}`).toBeGreaterThanOrEqual(1);
      extraConfirmations += dms.length - 1;
    }
    expect(extraConfirmations).toBeLessThanOrEqual(lostAnswers);
    return { tickets, acked };
  }

  it('SIGKILL mid-burst, restart, cards job: every acknowledged ticket stored once with exactly one card', async () => {
    const first = await startAppProcess(opts);
    apps.push(first);
    submissions.push(...(await burst(stub, driverFor(first), AGENTS.slice(0, 30), 0)));
    // The second burst: killed as soon as ten of its submissions were acknowledged.
    let acks = 0;
    const killed = waitFor(() => acks >= 10, 60_000, 'ten acknowledgements').then(() =>
      first.kill('SIGKILL'),
    );
    submissions.push(
      ...(await burst(stub, driverFor(first), AGENTS.slice(30, 60), 30, () => {
        acks++;
      })),
    );
    await killed;
    expect(first.child.signalCode).toBe('SIGKILL');
    const ackedBeforeCrash = submissions.filter((s) => s.acked).length;
    expect(ackedBeforeCrash).toBeGreaterThanOrEqual(40);
    expect(ackedBeforeCrash).toBeLessThan(60);

    // Restarted; Slack answers normally again; the cards job catches up.
    stub.setFailurePlan('chat.postMessage', undefined);
    const second = await startAppProcess(opts);
    apps.push(second);
    await runCardsUntilDone(db.connection);
    const { tickets } = await expectEveryTicketOnce(db.connection);
    expect(tickets.length).toBeGreaterThanOrEqual(ackedBeforeCrash);
    expect(lostAnswers).toBeGreaterThan(0);
    await second.kill('SIGTERM');
  }, 180_000);

  it('SIGTERM mid-burst: the app finishes what it acknowledged and exits 0; nothing is doubled', async () => {
    stub.setFailurePlan('chat.postMessage', (n) => {
      if (n % 8 === 1) {
        lostAnswers++;
        return { lost: true };
      }
      return n % 8 === 5 ? { status: 500 } : undefined;
    });
    const app = await startAppProcess(opts);
    apps.push(app);
    let acks = 0;
    const stopped = waitFor(() => acks >= 8, 60_000, 'eight acknowledgements').then(() =>
      app.kill('SIGTERM'),
    );
    submissions.push(
      ...(await burst(stub, driverFor(app), AGENTS.slice(60, 90), 60, () => {
        acks++;
      })),
    );
    expect(await stopped).toBe(0);
    stub.setFailurePlan('chat.postMessage', undefined);
    await runCardsUntilDone(db.connection);
    await expectEveryTicketOnce(db.connection);
  }, 180_000);
});

describe('the 3-second budget holds while Slack is slow', () => {
  it('users.info taking 2 s: a new user still gets the intake field errors in the answer', async () => {
    const t = await startTestDesk('durability-slow');
    try {
      t.stub.addUser({ id: 'U0SLOWLANG', name: 'slow', locale: 'en-US' });
      t.stub.setFailurePlan('users.info', () => ({ slowMs: 2_000 }));
      const cmd = await t.driver.command('', { user: 'U0SLOWLANG', channel: CHANNELS.frontDesk });
      expect(cmd.status).toBe(200);
      await waitFor(() => t.stub.openModal('U0SLOWLANG'));
      const res = await t.driver.submitView({
        user: 'U0SLOWLANG',
        values: { ...intakeValues(1), description: 'too short' },
      });
      // Bolt answers 404 after its 3 s limit; a 200 with the field error is an answer in time.
      expect(res.status).toBe(200);
      expect(res.outcome.action).toBe('errors');
      expect(Object.values(res.outcome.errors ?? {}).join(' ')).toMatch(/\S/);
      const agentRes = await t.driver.command('help', { user: PEOPLE.agentEn, channel: CHANNELS.frontDesk });
      expect(agentRes.status).toBe(200);
    } finally {
      await t.stop();
    }
  }, 30_000);
});
