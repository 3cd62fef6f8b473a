/**
 * Running the desk as a service, seen from outside: Prometheus metrics on their own listener behind a
 * token (scraped before and after a ticket is opened and claimed over signed requests), job-run and
 * breach metrics, request-scoped log lines (one id per Slack interaction and per job run, with the
 * ticket number), and /readyz turning 503 as soon as shutdown begins.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../blocks/ids.ts';
import { runJob } from '../../jobs/runner.ts';
import type { TicketDoc } from '../../src/db/models/index.ts';
import { CHANNELS, PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { waitFor } from '../harness/slack-stub.ts';

const TOKEN = 'test-metrics-token-0123456789';
type Line = Record<string, unknown> & { msg?: string; rid?: string; ticket?: string };
const lines: Line[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Line);
    done();
  },
});

let t: TestDesk;
beforeAll(async () => {
  t = await startTestDesk('operations', {
    logDestination: sink,
    env: { METRICS_PORT: '0', METRICS_TOKEN: TOKEN, LOG_LEVEL: 'debug' },
  });
});
afterAll(async () => {
  await t?.stop();
});

// ---- Prometheus text format -------------------------------------------------------------------

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/** Sum of the samples of `name` whose labels include `labels`. */
function total(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

async function scrape(): Promise<Sample[]> {
  const res = await fetch(`http://127.0.0.1:${t.running.metricsPort}/metrics`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return parseMetrics(await res.text());
}

function intakeValues(): Record<string, string> {
  return {
    customer_name: 'Wang Xiaoming',
    customer_id: 'C20240501001',
    customer_phone: '13812345678',
    customer_email: 'wang.xm@example.com',
    contact_channel: 'website',
    request_type: 'service_request',
    category: 'functional_fault',
    description: 'Since 14:30 today paying order DD20240315001 with a coupon in the app shows "invalid".',
    desired_outcome: 'Payment works again; refund the failed charge',
    urgency: 'normal',
    impact: 'partial',
    keywords: 'payment, app',
  };
}

let ticket: TicketDoc;
let commandTrigger = '';

describe('GET /metrics', () => {
  it('is not served without the token, nor on the Slack port', async () => {
    const url = `http://127.0.0.1:${t.running.metricsPort}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(
      401,
    );
    expect((await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(
      404,
    );
  });

  it('counters and histograms move when a ticket is opened and claimed over signed requests', async () => {
    const before = await scrape();

    const cmd = await t.driver.command('', { user: PEOPLE.agentEn, channel: CHANNELS.frontDesk });
    expect(cmd.status).toBe(200);
    commandTrigger = cmd.triggerId;
    await waitFor(() => t.stub.openModal(PEOPLE.agentEn));
    const submitted = await t.driver.submitView({ user: PEOPLE.agentEn, values: intakeValues() });
    expect(submitted.status).toBe(200);
    await t.idle();
    const found = await t.running.desk.models.Ticket.findOne({ openedBy: PEOPLE.agentEn });
    expect(found?.card?.ts).toBeTruthy();
    ticket = found!;
    const claim = await t.driver.clickButton({
      user: PEOPLE.techMember,
      actionId: ACTION.claim,
      message: { channel: ticket.card!.channel!, ts: ticket.card!.ts! },
    });
    expect(claim.status).toBe(200);
    await t.idle();
    await waitFor(
      async () => (await t.running.desk.models.Ticket.findById(ticket._id))?.status === 'claimed',
    );

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}) =>
      total(after, name, labels) - total(before, name, labels);

    const of = { department: ticket.departmentId, priority: ticket.priority };
    expect(moved('desk_ticket_events_total', { event: 'opened', ...of })).toBe(1);
    expect(moved('desk_ticket_events_total', { event: 'claimed', ...of })).toBe(1);
    expect(moved('desk_ticket_events_total', { event: 'resolved' })).toBe(0);

    // Ack latency histograms, per request type and action.
    expect(moved('desk_slack_ack_seconds_count', { type: 'command', action: '/ticket' })).toBe(1);
    expect(moved('desk_slack_ack_seconds_count', { type: 'view_submission' })).toBe(1);
    expect(moved('desk_slack_ack_seconds_count', { type: 'block_actions', action: ACTION.claim })).toBe(1);
    expect(
      moved('desk_slack_ack_seconds_bucket', { type: 'block_actions', action: ACTION.claim, le: '+Inf' }),
    ).toBe(1);
    expect(moved('desk_slack_ack_seconds_sum', { type: 'command' })).toBeGreaterThan(0);

    // Web API calls by method and outcome, with their durations.
    expect(moved('desk_slack_api_calls_total', { method: 'views.open', outcome: 'ok' })).toBe(1);
    expect(
      moved('desk_slack_api_calls_total', { method: 'chat.postMessage', outcome: 'ok' }),
    ).toBeGreaterThan(0);
    expect(moved('desk_slack_api_call_seconds_count', { method: 'chat.postMessage' })).toBeGreaterThan(0);

    // Database command latency from the driver's command monitoring.
    expect(
      moved('desk_db_command_seconds_count', { command: 'findAndModify', outcome: 'ok' }),
    ).toBeGreaterThan(0);
    expect(moved('desk_db_command_seconds_count', { command: 'insert', outcome: 'ok' })).toBeGreaterThan(0);

    // The outbox is read at scrape time; process metrics are there.
    expect(after.some((s) => s.name === 'desk_outbox_due_tasks')).toBe(true);
    expect(after.some((s) => s.name === 'desk_outbox_oldest_due_seconds')).toBe(true);
    expect(total(after, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('counts the outbox backlog and its oldest due age', async () => {
    const { Task } = t.running.desk.models;
    const now = t.running.desk.clock.now();
    await Task.create([
      { key: 'ops-test:1', kind: 'ops_test', dueAt: new Date(now.getTime() - 600_000), status: 'due' },
      { key: 'ops-test:2', kind: 'ops_test', dueAt: new Date(now.getTime() - 60_000), status: 'due' },
      { key: 'ops-test:3', kind: 'ops_test', dueAt: new Date(now.getTime() + 600_000), status: 'due' },
    ]);
    try {
      const samples = await scrape();
      expect(total(samples, 'desk_outbox_due_tasks')).toBeGreaterThanOrEqual(2);
      expect(total(samples, 'desk_outbox_oldest_due_seconds')).toBeGreaterThanOrEqual(600);
    } finally {
      await Task.deleteMany({ kind: 'ops_test' });
    }
  });

  it('counts job runs by job and outcome, and the clocks the sla job finds breached', async () => {
    const before = await scrape();
    const desk = t.running.desk;
    const late = new Date(ticket.resolutionDueAt.getTime() + 3_600_000);
    const result = await runJob(desk, 'sla', { now: late });
    expect(result.ran).toBe(true);
    await runJob(desk, 'sla', { now: late, dryRun: true });
    await t.idle();
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) =>
      total(after, name, labels) - total(before, name, labels);
    expect(moved('desk_job_runs_total', { job: 'sla', outcome: 'ok' })).toBe(1);
    expect(moved('desk_job_runs_total', { job: 'sla', outcome: 'dry_run' })).toBe(1);
    expect(moved('desk_job_run_seconds_count', { job: 'sla', outcome: 'ok' })).toBe(1);
    expect(moved('desk_sla_breaches_total', { clock: 'resolution' })).toBe(1);
  });
});

describe('request-scoped log lines', () => {
  it('every line of one interaction carries its id and, once known, the ticket number', () => {
    // The slash command: logged under Slack's trigger id.
    expect(lines.filter((l) => l.rid === commandTrigger).length).toBeGreaterThan(0);

    // The Claim click: Bolt's own lines, the service's and the Slack calls of its background work.
    const claimed = lines.find((l) => l.msg === 'claimed' && l.ticket === ticket.number);
    const rid = claimed?.rid;
    expect(rid).toBeTruthy();
    const request = lines.filter((l) => l.rid === rid);
    expect(request.find((l) => l.msg === 'ticket changed')?.ticket).toBe(ticket.number);
    expect(request.some((l) => l.component === 'bolt')).toBe(true);
    const slackCalls = request.filter((l) => l.msg === 'slack call').map((l) => l.slack);
    expect(slackCalls).toContain('chat.update'); // the card redraw, after the ack
    expect(slackCalls).toContain('chat.postMessage'); // the opener's DM, after the ack
    // From the permission check on, every line names the ticket.
    const first = request.findIndex((l) => l.ticket === ticket.number);
    expect(request.slice(first).every((l) => l.ticket === ticket.number)).toBe(true);
    // The submission that opened the ticket is another interaction with another id.
    const opened = lines.find((l) => l.msg === 'ticket opened' && l.ticket === ticket.number);
    expect(opened?.rid).toBeTruthy();
    expect(opened?.rid).not.toBe(rid);
    expect(opened?.rid).not.toBe(commandTrigger);
  });

  it('every line of one job run carries the run id', () => {
    const run = lines.find((l) => l.msg === 'job run' && l.job === 'sla');
    expect(run?.rid).toMatch(/^job-sla-/);
    const ofRun = lines.filter((l) => l.rid === run?.rid);
    expect(ofRun.filter((l) => l.msg === 'slack call').length).toBeGreaterThan(0);
    expect(ofRun.some((l) => l.ticket === ticket.number)).toBe(true);
  });
});

describe('GET /readyz', () => {
  it('is 200 when running and 503 from the moment shutdown begins, while work in flight finishes', async () => {
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      checks: { config: 'ok', database: 'ok', slack: 'ok' },
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    t.running.desk.background.run('held by the test', () => held);
    const stopping = t.running.stop();
    try {
      const res = await fetch(`${t.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'shutting_down' });
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200); // still alive
      const slack = await t.driver.command('', { user: PEOPLE.agentEn, channel: CHANNELS.frontDesk });
      expect(slack.status).toBe(503); // Slack retries it on another instance
    } finally {
      release();
      await stopping;
    }
  });
});

describe('Socket Mode', () => {
  it('serves /readyz on PORT once the WebSocket, database and Slack auth are up; METRICS_TOKEN alone puts /metrics there behind the token', async () => {
    const s = await startTestDesk('operations-socket', { socketMode: true, env: { METRICS_TOKEN: TOKEN } });
    try {
      const res = await fetch(`${s.url}/readyz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ready' });
      expect(s.running.metricsPort).toBeUndefined();
      expect((await fetch(`${s.url}/metrics`)).status).toBe(401);
      const metrics = await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('desk_slack_api_calls_total{method="auth.test",outcome="ok"}');

      // A slash command envelope: its ack is timed from arrival to the ack frame.
      const ack = await s.stub.socketSend({
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          token: 'stub-verification-token',
          team_id: s.stub.teamId,
          team_domain: s.stub.teamDomain,
          channel_id: CHANNELS.frontDesk,
          channel_name: 'front-desk',
          user_id: PEOPLE.agentEn,
          user_name: 'agentEn',
          command: '/ticket',
          text: '',
          api_app_id: s.stub.appId,
          is_enterprise_install: 'false',
          response_url: s.stub.responseUrl('OPS1', { user: PEOPLE.agentEn, channel: CHANNELS.frontDesk }),
          trigger_id: s.stub.issueTrigger({ user: PEOPLE.agentEn }),
        },
      });
      expect(ack.envelope_id).toBeTruthy();
      // Counted once the ack frame is sent (the stand-in may see the frame first).
      const acked = async () => {
        const res = await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
        return total(parseMetrics(await res.text()), 'desk_slack_ack_seconds_count', {
          type: 'command',
          action: '/ticket',
        });
      };
      expect(await waitFor(acked)).toBe(1);
    } finally {
      await s.stop();
    }
  });
});
