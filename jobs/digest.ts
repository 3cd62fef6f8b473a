/**
 * digest: supervisors' and the director's digests, daily on working days, weekly on the first
 * working day of the week, monthly on the first working day of the month (decided by `now`, see
 * src/reports/digest.ts). The three schedules run the same job; task keys make each digest once-only.
 */
import { planDigests } from '../src/reports/digest.ts';
import type { JobDef } from './job.ts';

export const digestJob: JobDef = {
  name: 'digest',
  schedules: (c) => [c.jobs.digest.daily, c.jobs.digest.weekly, c.jobs.digest.monthly],
  plan: (desk, ctx) => planDigests(desk, ctx),
  kinds: ['digest'],
};
