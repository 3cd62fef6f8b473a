/** The scheduled jobs: name, cron schedules from the config, what they plan and deliver. */
import type { DeskConfig } from '../src/config/desk-config.ts';
import type { Desk } from '../src/context.ts';
import { planDigests } from '../src/services/digest.ts';
import { FOLLOWUP_KINDS, planFollowUps } from '../src/services/followup.ts';
import { NUDGE_KINDS, planNudges } from '../src/services/nudge.ts';
import { sweepPending } from '../src/services/outbox.ts';
import { anonymiseExpired } from '../src/services/retention.ts';
import { planSlaNotices, SLA_KINDS } from '../src/services/sla-watch.ts';
import type { TaskContext } from '../src/services/task-types.ts';

export type JobContext = TaskContext;

/** One scheduled job (jobs/runner.ts runs it: lease → plan → deliver its kinds). */
export interface JobDef {
  name: string;
  schedules(config: DeskConfig): string[];
  /** Finds what fell due and schedules tasks for it (idempotent keys). */
  plan?(desk: Desk, ctx: JobContext): Promise<number>;
  /** The task kinds this job delivers. */
  kinds: string[];
}

export const JOB_DEFS: JobDef[] = [
  {
    // Posts and redraws department cards and sends notices that Slack did not accept at once
    // (outage, rate limit, channel problems), after first sweeping work that tickets are owed but a
    // crashed instance never moved into the outbox. Runs every minute and once at start-up; the
    // first attempt is made right after the action.
    name: 'cards',
    schedules: () => ['* * * * *'],
    plan: (desk, ctx) => sweepPending(desk, ctx.now, { dryRun: ctx.dryRun }),
    kinds: ['post_card', 'redraw_card', 'emergency', 'notify', 'redraw_former_card', 'survey_outcome'],
  },
  {
    // Supervisors' and the director's digests: daily on working days, weekly on the first working
    // day of the week, monthly on the first working day of the month (decided by `now`, see
    // src/services/digest.ts). The three schedules run the same job; task keys make it once-only.
    name: 'digest',
    schedules: (c) => [c.jobs.digest.daily, c.jobs.digest.weekly, c.jobs.digest.monthly],
    plan: (desk, ctx) => planDigests(desk, ctx),
    kinds: ['digest'],
  },
  {
    // Stale claimed tickets (no progress for N working days) and unclaimed tickets past their
    // response time: once per ticket per working day, in working hours (src/services/nudge.ts).
    name: 'nudge',
    schedules: (c) => [c.jobs.nudge.schedule],
    plan: (desk, ctx) => planNudges(desk, ctx),
    kinds: NUDGE_KINDS,
  },
  {
    // Service-level warnings (at warnAtShare of the window) and breaches, each once (src/services/sla-watch.ts).
    name: 'sla',
    schedules: (c) => [c.jobs.sla.schedule],
    plan: (desk, ctx) => planSlaNotices(desk, ctx),
    kinds: SLA_KINDS,
  },
  {
    // Satisfaction follow-ups scheduled at resolution, and their one reminder (src/services/followup.ts).
    name: 'followup',
    schedules: (c) => [c.jobs.followup.schedule],
    plan: (desk, ctx) => planFollowUps(desk, ctx),
    kinds: FOLLOWUP_KINDS,
  },
  {
    // Anonymises customer contact details of tickets closed longer than dataProtection.retentionDays
    // ago, once per ticket, keeping the statistics (src/services/retention.ts). Sends nothing.
    name: 'retention',
    schedules: (c) => [c.jobs.retention.schedule],
    plan: async (desk, ctx) => (await anonymiseExpired(desk, ctx)).anonymised,
    kinds: [],
  },
];
