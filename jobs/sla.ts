/** sla: service-level warnings (at warnAtShare of the window) and breaches, each once (src/notices/sla-watch.ts). */
import { planSlaNotices, SLA_KINDS } from '../src/notices/sla-watch.ts';
import type { JobDef } from './job.ts';

export const slaJob: JobDef = {
  name: 'sla',
  schedules: (c) => [c.jobs.sla.schedule],
  plan: (desk, ctx) => planSlaNotices(desk, ctx),
  kinds: SLA_KINDS,
};
