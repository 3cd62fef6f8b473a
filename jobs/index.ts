/** Every scheduled job, one file each (what falls due, which task kinds it sends). */
import { cardsJob } from './cards.ts';
import { clocksJob } from './clocks.ts';
import { digestJob } from './digest.ts';
import { followupJob } from './followup.ts';
import type { JobDef } from './job.ts';
import { nudgeJob } from './nudge.ts';
import { retentionJob } from './retention.ts';
import { slaJob } from './sla.ts';

export type { JobContext, JobDef } from './job.ts';

export const JOBS: JobDef[] = [cardsJob, digestJob, nudgeJob, slaJob, followupJob, retentionJob, clocksJob];
