/**
 * The desk's Prometheus metrics (prom-client), one registry per running desk. Counters and
 * histograms are updated where things happen (HTTP answers to Slack, Web API calls, job runs,
 * database commands, ticket verbs, the sla job); the outbox gauges are read from MongoDB when
 * Prometheus scrapes. Served only when enabled (METRICS_PORT or METRICS_TOKEN, src/ops/http-server.ts).
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Models } from '../db/models/index.ts';

export type TicketEvent = 'opened' | 'claimed' | 'resolved';
export type JobOutcome = 'ok' | 'failed' | 'skipped' | 'dry_run';

export interface OutboxState {
  /** Tasks due now (status `due`, due time passed), counted up to a cap. */
  due: number;
  /** Seconds since the oldest due task fell due (0 when none is due). */
  oldestDueSeconds: number;
}

/** Label values come from Slack payloads: keep them short. */
const label = (v: string | undefined): string => (v ? v.slice(0, 64) : 'none');

export class DeskMetrics {
  readonly registry = new Registry();
  private processMetrics = false;
  private readonly ack: Histogram<'type' | 'action'>;
  private readonly slackCalls: Counter<'method' | 'outcome'>;
  private readonly slackSeconds: Histogram<'method'>;
  private readonly jobRuns: Counter<'job' | 'outcome'>;
  private readonly jobSeconds: Histogram<'job' | 'outcome'>;
  private readonly dbSeconds: Histogram<'command' | 'outcome'>;
  private readonly tickets: Counter<'event' | 'department' | 'priority'>;
  private readonly breaches: Counter<'clock'>;
  private outbox?: () => Promise<OutboxState>;

  constructor() {
    const registers = [this.registry];
    this.ack = new Histogram({
      name: 'desk_slack_ack_seconds',
      help: "Time from receiving a Slack request to answering it (Slack's limit is 3 s), by request type and action",
      labelNames: ['type', 'action'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
      registers,
    });
    this.slackCalls = new Counter({
      name: 'desk_slack_api_calls_total',
      help: 'Slack Web API calls by method and outcome (ok, rate_limited, http_error, request_error, or Slack error code)',
      labelNames: ['method', 'outcome'],
      registers,
    });
    this.slackSeconds = new Histogram({
      name: 'desk_slack_api_call_seconds',
      help: 'Duration of Slack Web API calls (including the client queue and its retries), by method',
      labelNames: ['method'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.jobRuns = new Counter({
      name: 'desk_job_runs_total',
      help: 'Scheduled job runs by job and outcome (ok, failed, skipped: another instance held the lease, dry_run)',
      labelNames: ['job', 'outcome'],
      registers,
    });
    this.jobSeconds = new Histogram({
      name: 'desk_job_run_seconds',
      help: 'Duration of scheduled job runs by job and outcome',
      labelNames: ['job', 'outcome'],
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    });
    this.dbSeconds = new Histogram({
      name: 'desk_db_command_seconds',
      help: 'MongoDB command latency seen by the driver (command monitoring), by command and outcome',
      labelNames: ['command', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.tickets = new Counter({
      name: 'desk_ticket_events_total',
      help: 'Tickets opened, claimed and resolved, by department and priority',
      labelNames: ['event', 'department', 'priority'],
      registers,
    });
    this.breaches = new Counter({
      name: 'desk_sla_breaches_total',
      help: 'Service-level clocks found breached by the sla job, by clock (response, resolution)',
      labelNames: ['clock'],
      registers,
    });
    const probe = () => this.outbox?.();
    let last: Promise<OutboxState | undefined> | undefined;
    // Both gauges are filled from one query pair per scrape.
    const read = () => {
      last ??= probe()?.finally(() => {
        last = undefined;
      });
      return last ?? Promise.resolve(undefined);
    };
    new Gauge({
      name: 'desk_outbox_due_tasks',
      help: 'Outbox tasks (Slack work owed) that are due now, counted up to 100000',
      registers,
      async collect() {
        const s = await read().catch(() => undefined);
        if (s) this.set(s.due);
        else this.reset();
      },
    });
    new Gauge({
      name: 'desk_outbox_oldest_due_seconds',
      help: 'Age of the oldest due outbox task in seconds (0 when nothing is due)',
      registers,
      async collect() {
        const s = await read().catch(() => undefined);
        if (s) this.set(s.oldestDueSeconds);
        else this.reset();
      },
    });
  }

  /** Adds Node's process metrics (CPU, resident memory, heap, event loop lag, GC); once. */
  enableProcessMetrics(): void {
    if (this.processMetrics) return;
    this.processMetrics = true;
    collectDefaultMetrics({ register: this.registry });
  }

  /** Where the outbox gauges are read from at scrape time. */
  watchOutbox(probe: () => Promise<OutboxState>): void {
    this.outbox = probe;
  }

  observeAck(type: string | undefined, action: string | undefined, seconds: number): void {
    this.ack.observe({ type: label(type), action: label(action) }, seconds);
  }

  slackCall(method: string, outcome: string, seconds: number): void {
    this.slackCalls.inc({ method: label(method), outcome: label(outcome) });
    this.slackSeconds.observe({ method: label(method) }, seconds);
  }

  jobRun(job: string, outcome: JobOutcome, seconds: number): void {
    this.jobRuns.inc({ job, outcome });
    this.jobSeconds.observe({ job, outcome }, seconds);
  }

  dbCommand(command: string, ok: boolean, seconds: number): void {
    this.dbSeconds.observe({ command: label(command), outcome: ok ? 'ok' : 'failed' }, seconds);
  }

  ticket(event: TicketEvent, t: { departmentId?: string | null; priority?: string | null }): void {
    this.tickets.inc({
      event,
      department: label(t.departmentId ?? undefined),
      priority: label(t.priority ?? undefined),
    });
  }

  /** `kind` is the sla notice kind, e.g. `response_breach`. */
  breach(kind: string): void {
    this.breaches.inc({ clock: kind.replace(/_breach$/, '') });
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** Reads the outbox backlog with two bounded queries on the `{ status, dueAt }` index. */
export function outboxProbe(Task: Models['Task'], now: () => Date): () => Promise<OutboxState> {
  return async () => {
    const at = now();
    const filter = { status: 'due' as const, dueAt: { $lte: at } };
    const [due, oldest] = await Promise.all([
      Task.countDocuments(filter, { limit: 100_000, maxTimeMS: 2_000 }),
      Task.findOne(filter, { dueAt: 1 }, { sort: { dueAt: 1 }, maxTimeMS: 2_000 }).lean(),
    ]);
    const dueAt = oldest?.dueAt;
    return { due, oldestDueSeconds: dueAt ? Math.max(0, (at.getTime() - dueAt.getTime()) / 1000) : 0 };
  };
}
