/**
 * Runs one job once: take the job's lease, let it schedule what fell due (idempotent task keys),
 * then deliver due tasks one claimed item at a time, paced per Slack channel. A Slack failure
 * leaves the task due for the next run. Used by the scheduler and by `npm run job`. Each run logs
 * under one run id (`rid`, src/ops/log-scope.ts) and is counted and timed in the desk's metrics.
 */
import { randomBytes } from 'node:crypto';
import type { Desk } from '../src/context.ts';
import { currentScope, runInScope } from '../src/ops/log-scope.ts';
import type { JobOutcome } from '../src/ops/metrics.ts';
import { runTask } from '../src/outbox/deliver-now.ts';
import { acquireLease, releaseLease } from '../src/outbox/lease.ts';
import { claimTask } from '../src/outbox/outbox.ts';
import { paceKeyOf, pacerOf } from '../src/outbox/pacing.ts';
import { JOBS } from './index.ts';
import type { JobContext, JobDef } from './job.ts';

export { JOBS } from './index.ts';
export type { JobContext, JobDef } from './job.ts';

export interface JobResult {
  job: string;
  ran: boolean;
  planned: number;
  delivered: number;
  retried: number;
  report: string[];
}

const LEASE_MS = 5 * 60_000;

export async function runJob(desk: Desk, name: string, ctx: JobContext): Promise<JobResult> {
  const job = JOBS.find((j) => j.name === name);
  if (!job) throw new Error(`unknown job "${name}" (known: ${JOBS.map((j) => j.name).join(', ')})`);
  const rid = `job-${name}-${randomBytes(4).toString('hex')}`;
  return runInScope({ rid, type: 'job', action: name }, async () => {
    const started = performance.now();
    let outcome: JobOutcome = 'failed';
    try {
      const result = await runOnce(desk, job, ctx);
      outcome = ctx.dryRun ? 'dry_run' : result.ran ? 'ok' : 'skipped';
      return result;
    } catch (err) {
      desk.log.error({ job: name, err: (err as Error).message }, 'job failed');
      throw err;
    } finally {
      desk.metrics.jobRun(name, outcome, (performance.now() - started) / 1000);
    }
  });
}

async function runOnce(desk: Desk, job: JobDef, ctx: JobContext): Promise<JobResult> {
  const name = job.name;
  const result: JobResult = {
    job: name,
    ran: false,
    planned: 0,
    delivered: 0,
    retried: 0,
    report: ctx.report ?? [],
  };
  ctx.report = result.report;
  if (ctx.dryRun) {
    result.ran = true;
    result.planned = job.plan ? await job.plan(desk, ctx) : 0;
    return result;
  }
  const leaseName = `job:${name}`;
  if (!(await acquireLease(desk, leaseName, ctx.now, LEASE_MS))) {
    desk.log.info({ job: name }, 'another instance holds the lease; skipping this run');
    return result;
  }
  try {
    result.ran = true;
    if (job.plan) result.planned = await job.plan(desk, ctx);
    const delivered = await deliverDue(desk, job.kinds, ctx);
    result.delivered = delivered.done;
    result.retried = delivered.retried;
  } finally {
    await releaseLease(desk, leaseName);
  }
  desk.log.info(
    { job: name, planned: result.planned, delivered: result.delivered, retried: result.retried },
    'job run',
  );
  return result;
}

/** Delivers due tasks of the given kinds until none is left. */
export async function deliverDue(desk: Desk, kinds: string[], ctx: JobContext, maxTasks = 100_000) {
  let done = 0;
  let retried = 0;
  const scope = currentScope();
  for (let i = 0; i < maxTasks; i++) {
    const task = await claimTask(desk, kinds, ctx.now);
    if (!task) break;
    if (scope) scope.ticket = ticketNumberOf(task.payload);
    await pacerOf(desk).wait(paceKeyOf(task));
    const outcome = await runTask(desk, task, ctx);
    if (outcome === 'done') done++;
    if (outcome === 'retry') retried++;
  }
  if (scope) scope.ticket = undefined;
  return { done, retried };
}

/** The ticket number a task's notice names, for the run's log lines while it is delivered. */
function ticketNumberOf(payload: unknown): string | undefined {
  const n = (payload as { params?: { number?: unknown } } | undefined)?.params?.number;
  return typeof n === 'string' ? n : undefined;
}
