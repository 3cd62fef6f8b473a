/**
 * retention: anonymises customer contact details of tickets closed longer than
 * dataProtection.retentionDays ago, once per ticket, keeping the statistics
 * (src/tickets/retention.ts). Sends nothing.
 */
import { anonymiseExpired } from '../src/tickets/retention.ts';
import type { JobDef } from './job.ts';

export const retentionJob: JobDef = {
  name: 'retention',
  schedules: (c) => [c.jobs.retention.schedule],
  plan: async (desk, ctx) => (await anonymiseExpired(desk, ctx)).anonymised,
  kinds: [],
};
