/**
 * The Slack side of the bench, run as its own process (forked by bench/run.ts): the Slack Web API
 * stand-in (test/harness/slack-stub.ts) on 127.0.0.1, plus the SlackDriver that builds what Slack
 * would send to an app (slash commands, block actions, view submissions) from the stand-in's state
 * (trigger ids, response URLs, stored messages, open modals).
 *
 * The driver does not send the requests itself: each one goes to the bench over IPC
 * (`{ type: 'send', id, req }`), which hands it to the load generator process; the answer comes back
 * as `{ type: 'sent', id, res }` and is applied to the stand-in as Slack would (closing a modal…).
 * The bench drives this process with `{ type: 'call', id, op, args }` → `{ type: 'result', id, value | error }`
 * for the operations in `ops` below. It exits when the IPC channel closes (the bench is gone).
 */
import { ACTION, CALLBACK } from '../blocks/ids.ts';
import { BOT_TOKEN, CHANNELS, PEOPLE, testChannels, testUsers } from '../test/harness/app.ts';
import type { BlockFill, DriverResponse, RequestOptions } from '../test/harness/driver.ts';
import { SlackDriver } from '../test/harness/driver.ts';
import { submitIntake } from '../test/harness/intake.ts';
import { type SlackStub, startSlackStub, waitFor } from '../test/harness/slack-stub.ts';
import type { LoadRequest, LoadResponse } from './load.ts';

export type Card = { channel: string; ts: string };
/** What an operation reports about one request (timed by the load generator). */
export type Sent = { status: number; elapsedMs: number };

export type ToSlack =
  | { type: 'call'; id: number; op: string; args: unknown[] }
  | { type: 'sent'; id: number; res: LoadResponse };
export type FromSlack =
  | { type: 'ready'; url: string; pid: number }
  | { type: 'result'; id: number; value?: unknown; error?: string }
  | { type: 'send'; id: number; req: Omit<LoadRequest, 'id'> };

const SIGNING_SECRET = process.env.BENCH_SIGNING_SECRET ?? '';

// ---------------------------------------------------------------- requests through the bench

let nextSend = 0;
const pendingSends = new Map<number, (res: LoadResponse) => void>();

function send(msg: FromSlack): void {
  process.send?.(msg);
}

/** A SlackDriver whose HTTP requests are sent and timed by the load generator process. */
class RelayedDriver extends SlackDriver {
  override async raw(
    body: string,
    headers: Record<string, string>,
    opts: RequestOptions = {},
  ): Promise<DriverResponse> {
    const id = nextSend++;
    const res = await new Promise<LoadResponse>((resolve) => {
      pendingSends.set(id, resolve);
      send({
        type: 'send',
        id,
        req: {
          url: this.appUrl,
          body,
          headers: { ...headers, ...opts.headers },
          ageSeconds: opts.ageSeconds,
          badSignature: opts.badSignature,
          omitSignature: opts.omitSignature,
        },
      });
    });
    // No answer (refused, reset, timed out): status 0, counted as a failed request by the bench.
    if (res.error) return { status: 0, body: '', headers: {}, elapsedMs: res.elapsedMs };
    const contentType = res.headers['content-type'] ?? '';
    let parsed: unknown = res.text;
    if (res.text.length > 0 && contentType.includes('json')) {
      try {
        parsed = JSON.parse(res.text);
      } catch {
        parsed = res.text;
      }
    }
    return { status: res.status, body: parsed, headers: res.headers, elapsedMs: res.elapsedMs };
  }
}

// ---------------------------------------------------------------- payloads

export function intakeValues(i: number): Record<string, BlockFill> {
  return {
    customer_name: `Bench Customer ${i}`,
    customer_phone: '13812345678',
    contact_channel: 'website',
    request_type: 'service_request',
    category: 'functional_fault',
    description: `Bench ticket ${i}: paying order DD2024031500${i} with a coupon in the app shows "invalid".`,
    desired_outcome: 'refund',
    urgency: 'normal',
    impact: 'partial',
  };
}

/** A view_submission for the bare app (its /ticket modal is not the intake form: it reads nothing). */
function bareSubmission(stub: SlackStub, user: string) {
  return {
    type: 'view_submission',
    team: { id: stub.teamId, domain: stub.teamDomain },
    user: { id: user, username: user, name: user, team_id: stub.teamId },
    api_app_id: stub.appId,
    token: 'stub-verification-token',
    trigger_id: stub.issueTrigger({ user }),
    view: {
      id: `V0BARE${Math.random().toString(36).slice(2, 8)}`,
      type: 'modal',
      callback_id: CALLBACK.intake,
      private_metadata: '{}',
      blocks: [],
      state: { values: {} },
      hash: '1.a',
      title: { type: 'plain_text', text: 'Bare' },
    },
    response_urls: [],
  };
}

/** A Claim click for the bare app on a card the desk posted (it answers with chat.update on it). */
function bareClaim(stub: SlackStub, user: string, card: Card) {
  return {
    type: 'block_actions',
    user: { id: user, username: user, name: user, team_id: stub.teamId },
    api_app_id: stub.appId,
    token: 'stub-verification-token',
    trigger_id: stub.issueTrigger({ user }),
    team: { id: stub.teamId, domain: stub.teamDomain },
    container: { type: 'message', message_ts: card.ts, channel_id: card.channel, is_ephemeral: false },
    channel: { id: card.channel, name: card.channel },
    actions: [
      {
        type: 'button',
        action_id: ACTION.claim,
        block_id: 'card_actions',
        value: 'GW20261124001',
        text: { type: 'plain_text', text: 'Claim' },
        action_ts: stub.nextTs(),
      },
    ],
    response_url: stub.responseUrl(undefined, { user, channel: card.channel }),
  };
}

// ---------------------------------------------------------------- operations

function operations(stub: SlackStub) {
  const drivers = new Map<string, SlackDriver>();
  const driver = (appUrl: string) => {
    let d = drivers.get(appUrl);
    if (!d) {
      d = new RelayedDriver({ appUrl, signingSecret: SIGNING_SECRET, stub });
      drivers.set(appUrl, d);
    }
    return d;
  };
  const timed = (r: DriverResponse): Sent => ({ status: r.status, elapsedMs: r.elapsedMs });

  const ops = {
    /** Adds the bench users; they may open tickets (front desk) and claim (tech department). */
    addBenchUsers(users: string[]) {
      for (const u of users)
        stub.addUser({ id: u, name: u.toLowerCase(), real_name: u, locale: 'en-US', tz: 'Asia/Shanghai' });
      stub.setChannelMembers(CHANNELS.tech, [...(testChannels()[CHANNELS.tech] ?? []), ...users]);
      stub.setChannelMembers(CHANNELS.frontDesk, [PEOPLE.agentZh, PEOPLE.agentEn, ...users]);
    },
    /** Forgets the recorded calls (not the workspace state). */
    clear() {
      stub.clear();
    },
    /** Forgets recorded calls and everything the apps created (messages, views, triggers…). */
    reset() {
      stub.reset();
    },
    /** Web API calls recorded since the last clear, by method. */
    calls() {
      const byMethod: Record<string, number> = {};
      for (const c of stub.calls) byMethod[c.method] = (byMethod[c.method] ?? 0) + 1;
      return { total: stub.calls.length, byMethod };
    },
    /** Errors views.open answered since the last clear. */
    viewsOpenErrors() {
      return stub
        .callsTo('views.open')
        .filter((x) => (x.response as { ok?: boolean }).ok === false)
        .map((x) => String((x.response as { error?: string }).error ?? ''));
    },
    /** Resolves once no Web API call has arrived for `quietMs` (the apps' after-ack work is done). */
    async quiet(quietMs: number, timeoutMs: number) {
      const deadline = Date.now() + timeoutMs;
      let seen = -1;
      let since = Date.now();
      for (;;) {
        const n = stub.calls.length;
        if (n !== seen) {
          seen = n;
          since = Date.now();
        } else if (Date.now() - since >= quietMs) return true;
        if (Date.now() > deadline) return false;
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async command(appUrl: string, user: string, channel: string = CHANNELS.frontDesk) {
      return timed(await driver(appUrl).command('', { user, channel }));
    },
    /** /ticket, then waits until the app has opened the intake modal (set-up, not measured). */
    async openModal(appUrl: string, user: string) {
      stub.closeModal(user, true);
      const res = await driver(appUrl).command('', { user, channel: CHANNELS.frontDesk });
      if (res.status !== 200) throw new Error(`/ticket answered ${res.status}`);
      await waitFor(() => stub.openModal(user), 10_000, 'intake modal');
      return timed(res);
    },
    /**
     * Submits the user's open intake modal: the answer (timed by the load generator) says "saving";
     * `confirmedMs` is from sending the submission until the form said "Ticket … created" (the
     * ticket stored), as the agent sees it; `result` is that outcome.
     */
    async submitIntake(appUrl: string, user: string, i: number) {
      const t0 = performance.now();
      const res = await submitIntake(driver(appUrl), stub, { user, values: intakeValues(i) }, 30_000);
      const confirmedMs = res.result === 'created' ? performance.now() - t0 : undefined;
      return {
        ...timed(res),
        action: res.outcome.action,
        result: res.result,
        confirmedMs,
        viewId: res.viewId,
        errors: res.outcome.errors,
      };
    },
    /** /ticket → modal → submit; throws unless the form confirmed the ticket. */
    async openTicket(appUrl: string, user: string, i: number) {
      await ops.openModal(appUrl, user);
      const res = await ops.submitIntake(appUrl, user, i);
      if (res.result !== 'created')
        throw new Error(`intake not confirmed: ${res.result} ${JSON.stringify(res.errors)}`);
      return res;
    },
    /** Clicks a button on a stored message. */
    async click(appUrl: string, user: string, actionId: string, card: Card) {
      return timed(await driver(appUrl).clickButton({ user, actionId, message: card }));
    },
    /** Waits until `user` has an open modal (false after `timeoutMs`). */
    async waitModal(user: string, timeoutMs: number) {
      return waitFor(() => stub.openModal(user), timeoutMs).then(
        () => true,
        () => false,
      );
    },
    closeModal(user: string) {
      stub.closeModal(user, true);
    },
    /** Submits the user's open modal with `values`. */
    async submitModal(appUrl: string, user: string, values: Record<string, BlockFill>) {
      const res = await driver(appUrl).submitView({ user, values });
      return { ...timed(res), action: res.outcome.action, errors: res.outcome.errors };
    },
    async bareSubmission(appUrl: string, user: string) {
      return timed(await driver(appUrl).interaction(bareSubmission(stub, user)));
    },
    async bareClaim(appUrl: string, user: string, card: Card) {
      return timed(await driver(appUrl).interaction(bareClaim(stub, user, card)));
    },
  };
  return ops;
}

export type SlackOps = ReturnType<typeof operations>;

// ---------------------------------------------------------------- process

async function main() {
  const stub = await startSlackStub({
    botToken: BOT_TOKEN,
    users: testUsers(),
    channels: testChannels(),
    teamDomain: 'acme',
  });
  const ops = operations(stub) as unknown as Record<string, (...args: unknown[]) => unknown>;
  process.on('message', (msg: ToSlack) => {
    if (msg.type === 'sent') {
      const done = pendingSends.get(msg.id);
      pendingSends.delete(msg.id);
      done?.(msg.res);
      return;
    }
    const fn = ops[msg.op];
    Promise.resolve()
      .then(() => {
        if (!fn) throw new Error(`unknown operation ${msg.op}`);
        return fn(...msg.args);
      })
      .then(
        (value) => send({ type: 'result', id: msg.id, value }),
        (err: Error) => send({ type: 'result', id: msg.id, error: err.message }),
      );
  });
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
  send({ type: 'ready', url: stub.url, pid: process.pid });
}

if (process.send) void main();
