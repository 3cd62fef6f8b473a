/** followup: satisfaction follow-ups scheduled at resolution, and their one reminder (src/notices/followup.ts). */
import { FOLLOWUP_KINDS, planFollowUps } from '../src/notices/followup.ts';
import type { JobDef } from './job.ts';

export const followupJob: JobDef = {
  name: 'followup',
  schedules: (c) => [c.jobs.followup.schedule],
  plan: (desk, ctx) => planFollowUps(desk, ctx),
  kinds: FOLLOWUP_KINDS,
};
