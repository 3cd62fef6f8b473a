/**
 * Triggers the scheduled jobs with node-cron in the organisation's time zone. Each run takes a
 * MongoDB lease first, so with several instances one runs a job at a time; work items are then
 * claimed one by one (see jobs/runner.ts), so nothing is sent twice.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Desk } from '../src/context.ts';
import { LOCK_MS, SWEEP_GRACE_MS } from '../src/outbox/outbox.ts';
import { JOBS, runJob } from './runner.ts';

export interface Scheduler {
  stop(): Promise<void>;
}

export function startScheduler(desk: Desk): Scheduler {
  const tasks: ScheduledTask[] = [];
  const running = new Set<Promise<unknown>>();
  const run = (name: string) => {
    const p = runJob(desk, name, { now: desk.clock.now() })
      .catch(() => undefined) // runJob has logged it under the run's id
      .finally(() => running.delete(p));
    running.add(p);
  };
  for (const job of JOBS) {
    for (const schedule of job.schedules(desk.config)) {
      const task = cron.schedule(schedule, () => run(job.name), {
        timezone: desk.config.organisation.timezone,
        name: `${job.name}:${schedule}`,
        noOverlap: true,
      });
      tasks.push(task);
    }
  }
  // Catch up after a restart without waiting for the minute: owed work a crashed instance left
  // behind is swept at once, and again once the claims it held have lapsed (LOCK_MS) and the work
  // it wrote on tickets is old enough to sweep (SWEEP_GRACE_MS).
  run('cards');
  const again = setTimeout(() => run('cards'), Math.max(LOCK_MS, SWEEP_GRACE_MS) + 5_000);
  again.unref();
  desk.log.info({ jobs: JOBS.map((j) => j.name) }, 'scheduler started');
  return {
    async stop() {
      clearTimeout(again);
      await Promise.all(tasks.map((t) => t.stop()));
      await Promise.allSettled([...running]);
    },
  };
}
