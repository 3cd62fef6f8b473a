/**
 * Experiment (not part of `npm run bench`): where does the round-trip tail of a 50-user Claim burst
 * come from? `npx tsx bench/probe-claim.ts [users] [rounds]`
 *
 * Modes, each on fresh unclaimed cards:
 *  - inproc: the in-process SlackDriver (global fetch), with each request's phases timed through
 *    diagnostics channels on one clock: fetch called → undici sent the headers → the app's HTTP server
 *    saw the request → the app finished the answer → undici got the answer headers → body read;
 *  - agent: the same with fetch from the undici package and an Agent (connections 64, keep-alive 60 s);
 *  - child: the requests sent and timed by the load generator in a separate process (bench/load.ts).
 */
import diagnostics from 'node:diagnostics_channel';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Agent, fetch as undiciFetch } from 'undici';
import { ACTION } from '../blocks/ids.ts';
import { CHANNELS, PEOPLE, SIGNING_SECRET, startTestDesk, type TestDesk } from '../test/harness/app.ts';
import { type DriverResponse, type RequestOptions, SlackDriver } from '../test/harness/driver.ts';
import { startTestMongo, testDatabaseUri } from '../test/harness/mongo.ts';
import { waitFor } from '../test/harness/slack-stub.ts';
import { LoadGenerator, RemoteDriver } from './remote-driver.ts';

const USERS = Number(process.argv[2] ?? 50);
const ROUNDS = Number(process.argv[3] ?? 5);

type Phase = {
  start?: number;
  sent?: number;
  serverIn?: number;
  serverOut?: number;
  headers?: number;
  end?: number;
};
const phases = new Map<string, Phase>();
const byRequest = new WeakMap<object, string>();
const idOf = (headers: unknown): string | undefined => {
  if (typeof headers === 'string') return /x-bench-id: (\S+)/i.exec(headers)?.[1];
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length; i += 2)
      if (String(headers[i]).toLowerCase() === 'x-bench-id') return String(headers[i + 1]);
  }
  return undefined;
};
let connects = 0;
diagnostics.subscribe('undici:client:connected', () => connects++);
diagnostics.subscribe('undici:client:sendHeaders', (m) => {
  const { request } = m as { request: { headers: unknown } };
  const id = idOf(request.headers);
  if (!id) return;
  byRequest.set(request, id);
  const p = phases.get(id);
  if (p) p.sent = performance.now();
});
diagnostics.subscribe('undici:request:headers', (m) => {
  const id = byRequest.get((m as { request: object }).request);
  const p = id ? phases.get(id) : undefined;
  if (p) p.headers = performance.now();
});
diagnostics.subscribe('http.server.request.start', (m) => {
  const { request } = m as { request: { headers: Record<string, string> } };
  const p = phases.get(request.headers['x-bench-id'] ?? '');
  if (p) p.serverIn = performance.now();
});
diagnostics.subscribe('http.server.response.finish', (m) => {
  const { request } = m as { request: { headers: Record<string, string> } };
  const p = phases.get(request.headers['x-bench-id'] ?? '');
  if (p) p.serverOut = performance.now();
});

/** The in-process driver, with fetch from the undici package and its own Agent. */
class AgentDriver extends SlackDriver {
  agent = new Agent({ connections: 64, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 60_000 });
  override async raw(body: string, headers: Record<string, string>, opts: RequestOptions = {}) {
    const ts = Math.floor(Date.now() / 1000);
    const all: Record<string, string> = {
      ...headers,
      ...opts.headers,
      'x-slack-request-timestamp': String(ts),
    };
    all['x-slack-signature'] = this.sign(body, ts);
    const started = performance.now();
    const res = await undiciFetch(this.appUrl, {
      method: 'POST',
      headers: all,
      body,
      dispatcher: this.agent,
    });
    const text = await res.text();
    return { status: res.status, body: text, headers: {}, elapsedMs: performance.now() - started };
  }
}

function q(xs: number[], p: number) {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? NaN;
}
const fmt = (xs: number[]) =>
  `p50 ${q(xs, 0.5).toFixed(1)} / p95 ${q(xs, 0.95).toFixed(1)} / max ${q(xs, 1).toFixed(1)}`;

async function cards(t: TestDesk, n: number, users: string[]) {
  let i = 0;
  for (;;) {
    const fresh = await t.running.desk.models.Ticket.find({ status: 'new', 'card.ts': { $exists: true } })
      .limit(n)
      .lean();
    if (fresh.length >= n) return fresh.map((tk) => ({ channel: tk.card!.channel!, ts: tk.card!.ts! }));
    await Promise.allSettled(
      users.slice(0, 10).map(async (u) => {
        t.stub.closeModal(u, true);
        await t.driver.command('', { user: u, channel: CHANNELS.frontDesk });
        await waitFor(() => t.stub.openModal(u), 10_000, 'modal');
        await t.driver.submitView({
          user: u,
          values: {
            customer_name: `Probe ${i}`,
            customer_phone: '13812345678',
            contact_channel: 'website',
            request_type: 'service_request',
            category: 'functional_fault',
            description: `Probe ticket ${i++}: the coupon in the app shows "invalid".`,
            desired_outcome: 'refund',
            urgency: 'normal',
            impact: 'partial',
          },
        });
      }),
    );
    await t.idle();
  }
}

async function burst(t: TestDesk, mode: string, driver: SlackDriver, users: string[]) {
  const list = await cards(t, users.length * ROUNDS, users);
  await t.idle();
  phases.clear();
  connects = 0;
  t.running.desk.ackTimes.take();
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const elu0 = performance.eventLoopUtilization();
  const session = process.env.PROBE_PROFILE ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const elapsed: number[] = [];
  let k = 0;
  const t0 = performance.now();
  await Promise.all(
    users.map(async (u) => {
      for (let r = 0; r < ROUNDS; r++) {
        const card = list[k++]!;
        const id = `${mode}-${k}`;
        phases.set(id, { start: performance.now() });
        const res: DriverResponse = await driver.clickButton({
          user: u,
          actionId: ACTION.claim,
          message: card,
          headers: { 'x-bench-id': id },
        });
        phases.get(id)!.end = performance.now();
        elapsed.push(res.elapsedMs);
      }
    }),
  );
  const wall = performance.now() - t0;
  h.disable();
  const server = t.running.desk.ackTimes.take();
  await t.idle();
  const drained = performance.now() - t0;
  const elu = performance.eventLoopUtilization(elu0).utilization;
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    const self = new Map<string, number>();
    const fns = new Map<string, number>();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const dt = profile.timeDeltas ?? [];
    (profile.samples ?? []).forEach((id, i) => {
      const n = byId.get(id)!;
      const url = n.callFrame.url;
      const area = !url
        ? `(${n.callFrame.functionName || 'program'})`
        : /test\/harness\/(slack-stub|block-kit)/.test(url)
          ? 'stand-in (slack-stub, block-kit)'
          : /test\/harness\/driver/.test(url)
            ? 'driver'
            : /node_modules\/(mongodb|mongoose|bson)/.test(url)
              ? 'mongodb/mongoose/bson'
              : /node_modules\/(@slack|axios)/.test(url)
                ? '@slack/* + axios'
                : /node_modules/.test(url)
                  ? 'other node_modules'
                  : /^node:/.test(url)
                    ? 'node core'
                    : /\/work\/main\/(src|blocks)/.test(url)
                      ? 'app (src, blocks)'
                      : url;
      self.set(area, (self.get(area) ?? 0) + (dt[i] ?? 0) / 1000);
      if (area.startsWith('stand-in')) {
        const f = `${n.callFrame.functionName} ${url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
        fns.set(f, (fns.get(f) ?? 0) + (dt[i] ?? 0) / 1000);
      }
    });
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 10))
      console.log(`  cpu ${k.padEnd(34)} ${v.toFixed(0).padStart(6)} ms ${((100 * v) / total).toFixed(0)}%`);
    for (const [k, v] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, 6))
      console.log(`    stand-in ${k.padEnd(40)} ${v.toFixed(0).padStart(6)} ms`);
    session.disconnect();
  }
  const ps = [...phases.values()];
  const d = (a: keyof Phase, b: keyof Phase) =>
    ps.map((p) => (p[a] !== undefined && p[b] !== undefined ? p[b]! - p[a]! : NaN));
  console.log(
    `\n== ${mode}: ${elapsed.length} clicks, burst ${wall.toFixed(0)} ms, drained ${drained.toFixed(0)} ms`,
  );
  console.log(`  event-loop utilisation       ${(elu * 100).toFixed(0)}%`);
  console.log(`  round trip (driver)          ${fmt(elapsed)}`);
  console.log(`  at the server (ackTimes)     ${fmt(server)}`);
  console.log(
    `  event-loop delay             p50 ${(h.percentile(50) / 1e6).toFixed(1)} / p99 ${(h.percentile(99) / 1e6).toFixed(1)} / max ${(h.max / 1e6).toFixed(1)} ms`,
  );
  if (mode !== 'child') {
    console.log(`  new undici connections       ${connects}`);
    console.log(`  fetch called → headers sent  ${fmt(d('start', 'sent'))}`);
    console.log(`  headers sent → server saw it ${fmt(d('sent', 'serverIn'))}`);
    console.log(`  server in → server finished  ${fmt(d('serverIn', 'serverOut'))}`);
    console.log(`  server finished → resp. hdrs ${fmt(d('serverOut', 'headers'))}`);
    console.log(`  resp. headers → body read    ${fmt(d('headers', 'end'))}`);
  }
}

async function main() {
  const mongo = await startTestMongo();
  const t = await startTestDesk('probe', { mongoUri: testDatabaseUri(mongo.uri, 'probe') });
  const users = Array.from({ length: Math.max(USERS, 10) }, (_, i) => `U0BENCH${String(i).padStart(3, '0')}`);
  for (const u of users)
    t.stub.addUser({ id: u, name: u.toLowerCase(), real_name: u, locale: 'en-US', tz: 'Asia/Shanghai' });
  t.stub.setChannelMembers(CHANNELS.tech, [PEOPLE.techSupervisor, PEOPLE.techMember, ...users]);
  t.stub.setChannelMembers(CHANNELS.frontDesk, [PEOPLE.agentEn, ...users]);
  t.clock.set('2026-11-24T10:00:00+08:00');
  const load = await LoadGenerator.start(SIGNING_SECRET);
  const opts = { appUrl: `${t.url}/slack/events`, signingSecret: SIGNING_SECRET, stub: t.stub };
  const modes = (process.env.PROBE_MODES ?? 'inproc,agent,child,inproc,child').split(',');
  try {
    for (const mode of modes) {
      const driver =
        mode === 'agent' ? new AgentDriver(opts) : mode === 'child' ? new RemoteDriver(opts, load) : t.driver;
      await burst(t, mode, driver, users.slice(0, USERS));
      t.stub.clear();
    }
  } finally {
    await load.stop();
    await t.stop();
    await mongo.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err);
    process.exit(1);
  },
);
