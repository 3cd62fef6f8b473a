/**
 * Sections run against the service desk process: answer times (beside the bare Bolt app) and
 * tickets opened per second. Every request is built in the Slack process and sent and timed by the
 * load generator; this process only orchestrates and reads the database to find unclaimed cards.
 */
import { ACTION } from '../blocks/ids.ts';
import type { Models } from '../src/db/models/index.ts';
import { PEOPLE } from '../test/harness/app.ts';
import type { SlackProcess } from './slack-client.ts';
import type { Card } from './slack-process.ts';
import { log, r1, type Stats, sleep, stats } from './util.ts';

export interface Rig {
  slack: SlackProcess;
  /** The service desk's and the bare app's Slack request URLs (…/slack/events). */
  deskUrl: string;
  bareUrl: string;
  models: Models;
}

export interface LatencyRow {
  action: string;
  users: number;
  /** Round trips timed by the load generator (request start → whole answer read). */
  desk: Stats;
  bare: Stats | null;
  ratioP50: number | null;
  ratioP95: number | null;
  ratioP99: number | null;
  /** Desk answers that took 3 s or more (Slack would have shown an error). */
  over3s: number;
  bareOver3s: number;
  /** Requests that got no 200 answer, or (intake) a form that did not end up confirming the ticket. */
  deskFailed: number;
  bareFailed: number;
  /** Intake: from sending the submission until the form said "Ticket … created" (stored). */
  confirmed?: ReturnType<typeof stats>;
}

export interface ModalFailures {
  notOpened: number;
  viewsOpenErrors: string[];
}

/**
 * `result`: what the agent ended up looking at after an intake submission ('created' = the form
 * confirmed the stored ticket); `confirmedMs`: from sending it until then.
 */
type Timed = { status: number; elapsedMs: number; result?: string; confirmedMs?: number };
const failed = (x: Timed) => x.status !== 200 || (x.result !== undefined && x.result !== 'created');

function row(action: string, users: number, desk: Timed[], bare: Timed[]): LatencyRow {
  const d = stats(desk.map((x) => x.elapsedMs));
  const b = bare.length ? stats(bare.map((x) => x.elapsedMs)) : null;
  const ratio = (k: 'p50' | 'p95' | 'p99') => (b ? r1(d[k] / b[k]) : null);
  return {
    action,
    users,
    desk: d,
    bare: b,
    ratioP50: ratio('p50'),
    ratioP95: ratio('p95'),
    ratioP99: ratio('p99'),
    over3s: desk.filter((x) => x.elapsedMs >= 3000).length,
    bareOver3s: bare.filter((x) => x.elapsedMs >= 3000).length,
    deskFailed: desk.filter(failed).length,
    bareFailed: bare.filter(failed).length,
    ...(desk.some((x) => x.confirmedMs !== undefined)
      ? { confirmed: stats(desk.flatMap((x) => (x.confirmedMs === undefined ? [] : [x.confirmedMs]))) }
      : {}),
  };
}

/** Is Claim registered? Opens one ticket, waits for its card and clicks Claim on it. */
export async function claimRegistered(rig: Rig): Promise<boolean> {
  await rig.slack.call('openTicket', rig.deskUrl, PEOPLE.agentEn, 0);
  const [card] = await unclaimedCards(rig, 1, []);
  const res = await rig.slack.call('click', rig.deskUrl, PEOPLE.techMember, ACTION.claim, card!);
  await rig.slack.quiet();
  return res.status !== 404;
}

/** `n` unclaimed cards of the desk, newest first, opening tickets (10 at a time) until there are enough. */
async function unclaimedCards(rig: Rig, n: number, users: string[]): Promise<Card[]> {
  let i = 1_000;
  for (let attempt = 0; attempt < 200; attempt++) {
    await rig.slack.quiet();
    const fresh = await rig.models.Ticket.find({ status: 'new', 'card.ts': { $exists: true } })
      .sort({ openedAt: -1 })
      .limit(n)
      .lean();
    if (fresh.length >= n) return fresh.map((tk) => ({ channel: tk.card!.channel!, ts: tk.card!.ts! }));
    const batch = users.slice(0, Math.min(10, n - fresh.length));
    if (batch.length === 0) batch.push(PEOPLE.agentEn);
    await Promise.allSettled(batch.map((u) => rig.slack.call('openTicket', rig.deskUrl, u, i++)));
  }
  throw new Error(`could not get ${n} unclaimed cards`);
}

/** One burst: every user of `group` sends one request at once. */
async function burst(group: string[], send: (user: string, k: number) => Promise<Timed>): Promise<Timed[]> {
  return Promise.all(group.map((u, k) => send(u, k)));
}

/**
 * Each action is measured in rounds; a round is one burst to the desk, a pause until the Slack calls
 * it caused are done, then the same burst to the bare app. Interleaving desk and bare rounds keeps
 * the load of the (shared) machine from favouring either.
 */
export async function measureLatency(
  rig: Rig,
  users: string[],
  concurrency: number[],
  rounds: number,
  claim: boolean,
): Promise<{ rows: LatencyRow[]; modalFailuresAt: Record<number, ModalFailures> }> {
  const { slack, deskUrl, bareUrl } = rig;
  const rows: LatencyRow[] = [];
  const modalFailuresAt: Record<number, ModalFailures> = {};
  let n = 0;
  for (const c of concurrency) {
    const group = users.slice(0, c);
    const perUser = c === 1 ? 20 : rounds;
    log(`latency at ${c} concurrent user(s), ${perUser} round(s)`);

    // /ticket: the desk answers at once and opens the intake modal; the bare app the same.
    const cmd: Timed[] = [];
    const cmdBare: Timed[] = [];
    for (let r = 0; r < perUser; r++) {
      cmd.push(...(await burst(group, (u) => slack.call('command', deskUrl, u))));
      await slack.quiet();
      cmdBare.push(...(await burst(group, (u) => slack.call('command', bareUrl, u))));
      await slack.quiet();
    }
    rows.push(row('/ticket', c, cmd, cmdBare));

    // Intake submission: each round opens everyone's modal first (not timed), then all submit at once.
    const sub: Timed[] = [];
    const subBare: Timed[] = [];
    let notOpened = 0;
    await slack.call('clear');
    for (let r = 0; r < perUser; r++) {
      const opened = await Promise.all(
        group.map((u) =>
          slack.call('openModal', deskUrl, u).then(
            () => u,
            () => {
              notOpened++; // e.g. the trigger expired under load
              return undefined;
            },
          ),
        ),
      );
      await slack.quiet();
      const ready = opened.filter((u): u is string => u !== undefined);
      sub.push(...(await burst(ready, (u) => slack.call('submitIntake', deskUrl, u, n++))));
      await slack.quiet();
      subBare.push(...(await burst(group, (u) => slack.call('bareSubmission', bareUrl, u))));
    }
    const viewsOpenErrors = await slack.call('viewsOpenErrors');
    modalFailuresAt[c] = { notOpened, viewsOpenErrors };
    if (notOpened)
      log(
        `  ${notOpened} intake modal(s) not opened; views.open errors: ${[...new Set(viewsOpenErrors)].join(', ')}`,
      );
    rows.push(row('intake submission', c, sub, subBare));

    // Claim: each desk click on its own unclaimed card; the bare app then gets the same clicks.
    if (claim) {
      const cards = await unclaimedCards(rig, c * perUser, group);
      const clk: Timed[] = [];
      const clkBare: Timed[] = [];
      for (let r = 0; r < perUser; r++) {
        const mine = cards.slice(r * c, (r + 1) * c);
        clk.push(...(await burst(group, (u, k) => slack.call('click', deskUrl, u, ACTION.claim, mine[k]!))));
        await slack.quiet();
        clkBare.push(...(await burst(group, (u, k) => slack.call('bareClaim', bareUrl, u, mine[k]!))));
        await slack.quiet();
      }
      rows.push(row('Claim click', c, clk, clkBare));
    }
  }
  return { rows, modalFailuresAt };
}

export interface Throughput {
  seconds: number;
  workers: number;
  /** Intake submissions answered with the modal closed (the agent was told the ticket was taken). */
  opened: number;
  stored: number;
  failed: number;
  /** opened / seconds. */
  perSecond: number;
  /** Cards posted for this run's tickets when the load stopped. */
  cardsAtEnd: number;
  /** Seconds after the load stopped until every stored ticket had its card (null: not within drainLimit). */
  drainSeconds: number | null;
  drainLimit: number;
  /** Cards posted when the wait ended. */
  cardsPosted: number;
  /** Tickets with a card per second, from the start of the load to the last card (or the end of the wait). */
  deliveredPerSecond: number;
}

/**
 * `workers` users each doing /ticket → modal → submit in a loop for `seconds`; then a wait (at most
 * `drainLimit` s) until every ticket stored has its department card, i.e. until the desk has caught up.
 */
export async function measureThroughput(
  rig: Rig,
  workers: string[],
  seconds: number,
  drainLimit: number,
): Promise<Throughput> {
  const { Ticket } = rig.models;
  const before = await Ticket.countDocuments();
  const noCard = { 'card.ts': { $exists: false } };
  const missingBefore = await Ticket.countDocuments(noCard);
  const end = performance.now() + seconds * 1000;
  let opened = 0;
  let refused = 0;
  let i = 100_000;
  const started = performance.now();
  await Promise.all(
    workers.map(async (u) => {
      while (performance.now() < end) {
        try {
          await rig.slack.call('openTicket', rig.deskUrl, u, i++);
          opened++;
        } catch {
          refused++;
        }
      }
    }),
  );
  const loadEnded = performance.now();
  const elapsed = (loadEnded - started) / 1000;
  const stored = (await Ticket.countDocuments()) - before;
  const cardsAtEnd = stored - ((await Ticket.countDocuments(noCard)) - missingBefore);
  log(`  ${opened} opened in ${r1(elapsed)} s, ${cardsAtEnd} cards posted; waiting for the rest`);
  let drainSeconds: number | null = null;
  let missing = stored - cardsAtEnd;
  while (performance.now() - loadEnded < drainLimit * 1000) {
    missing = (await Ticket.countDocuments(noCard)) - missingBefore;
    if (missing <= 0) {
      drainSeconds = r1((performance.now() - loadEnded) / 1000);
      break;
    }
    await sleep(500);
  }
  const total = (performance.now() - started) / 1000;
  await rig.slack.quiet();
  return {
    seconds: r1(elapsed),
    workers: workers.length,
    opened,
    stored,
    failed: refused,
    perSecond: r1(opened / elapsed),
    cardsAtEnd,
    drainSeconds,
    drainLimit,
    cardsPosted: stored - Math.max(0, missing),
    deliveredPerSecond: r1((stored - Math.max(0, missing)) / total),
  };
}
