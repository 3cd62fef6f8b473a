/**
 * nudge: claimed tickets with no progress for N working days, and unclaimed tickets past their
 * response time, once per ticket per working day, in working hours (src/notices/nudge.ts).
 */
import { NUDGE_KINDS, planNudges } from '../src/notices/nudge.ts';
import type { JobDef } from './job.ts';

export const nudgeJob: JobDef = {
  name: 'nudge',
  schedules: (c) => [c.jobs.nudge.schedule],
  plan: (desk, ctx) => planNudges(desk, ctx),
  kinds: NUDGE_KINDS,
};
