/** The scheduled jobs: name, cron schedules from the config, what they plan and deliver. */
import type { JobDef } from './runner.ts';

export const JOB_DEFS: JobDef[] = [
  {
    // Posts and redraws department cards that Slack did not accept at once (outage, rate limit,
    // channel problems). Runs every minute; the first attempt is made right after the action.
    name: 'cards',
    schedules: () => ['* * * * *'],
    kinds: ['post_card', 'redraw_card', 'emergency', 'notify'],
  },
];
