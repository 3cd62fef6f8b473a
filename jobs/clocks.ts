/**
 * clocks: the customer-facing clocks' warnings and breaches (first response, P1 customer contact,
 * emergency confirmation, plan, technical findings, progress sync, result notice, follow-up,
 * collaboration), each once; reads only tickets whose nextDueAt has come (src/notices/clock-watch.ts).
 */
import { CLOCK_NOTICE_KINDS, planClockNotices } from '../src/notices/clock-watch.ts';
import type { JobDef } from './job.ts';

export const clocksJob: JobDef = {
  name: 'clocks',
  schedules: (c) => [c.jobs.clocks.schedule],
  plan: (desk, ctx) => planClockNotices(desk, ctx),
  kinds: CLOCK_NOTICE_KINDS,
};
