/**
 * cards: posts and redraws department cards and sends notices that Slack did not accept at once
 * (outage, rate limit, channel problems), after first sweeping work that tickets are owed but a
 * crashed instance never moved into the outbox; and the timed steps of automatic assignment
 * (an unclaimed ticket's assignment, an assignee's accept time), and timed escalation levels. Every minute, and at start-up (the
 * first attempt is made right after the action).
 */
import { sweepPending } from '../src/outbox/outbox.ts';
import type { JobDef } from './job.ts';

export const cardsJob: JobDef = {
  name: 'cards',
  schedules: () => ['* * * * *'],
  plan: (desk, ctx) => sweepPending(desk, ctx.now, { dryRun: ctx.dryRun }),
  kinds: [
    'post_card',
    'redraw_card',
    'emergency',
    'notify',
    'redraw_former_card',
    'survey_outcome',
    'source_reply',
    'assign_start',
    'assign_timeout',
    'escalation_level',
  ],
};
