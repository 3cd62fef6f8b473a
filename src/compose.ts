/**
 * The composition root's parts that every entry point shares: the table of outbox task handlers
 * (each feature exports the handlers of its own kinds) and `buildDesk`, which puts the shared
 * context together on an open database. Used by src/main.ts (the app) and jobs/cli.ts (`npm run job`).
 */
import type { DeskConfig } from './config/desk-config.ts';
import type { Env } from './config/env.ts';
import { type Clock, type Desk, systemClock, type TaskHandlers } from './context.ts';
import type { Database } from './db/connection.ts';
import { createModels } from './db/models/index.ts';
import { createCalendar } from './domain/calendar.ts';
import { KB_DRAFT_TASK, kbDraftNoticeTask } from './kb/notices.ts';
import type { Logger } from './logger.ts';
import { postCardTask, redrawCardTask } from './notices/card.ts';
import { clockNoticeTask } from './notices/clock-watch.ts';
import { followUpReminderTask, followUpRetryTask, followUpTask } from './notices/followup.ts';
import { redrawFormerCardTask } from './notices/former-card.ts';
import { notifyTask } from './notices/notify-task.ts';
import { nudgeTask } from './notices/nudge.ts';
import { slaNoticeTask } from './notices/sla-watch.ts';
import { sourceReplyTask } from './notices/source-reply.ts';
import { DeskMetrics } from './ops/metrics.ts';
import { MeteredWebClient } from './ops/slack-client.ts';
import { digestTaskHandler } from './reports/digest.ts';
import { AckTimes } from './runtime/ack-times.ts';
import { BackgroundWork } from './runtime/background.ts';
import { availabilityResolver, languageResolver, membershipResolver } from './runtime/people.ts';
import { assignStartTask, assignTimeoutTask } from './tickets/assign.ts';
import { escalationLevelTask } from './tickets/escalation-levels.ts';
import { emergencyTask } from './tickets/open-ticket.ts';
import { surveyOutcomeTask } from './tickets/survey.ts';

/**
 * What sends each kind of outbox task. Each feature exports the handlers of its own kinds; they are
 * put together here, at the composition root, and reach delivery (src/outbox/deliver-now.ts and
 * the jobs) on the Desk, so the delivery machinery imports no feature and no feature imports it back.
 */
export const TASK_HANDLERS: TaskHandlers = {
  post_card: postCardTask,
  redraw_card: redrawCardTask,
  emergency: emergencyTask,
  notify: notifyTask,
  redraw_former_card: redrawFormerCardTask,
  digest: digestTaskHandler,
  nudge: nudgeTask,
  sla_notice: slaNoticeTask,
  followup: followUpTask,
  followup_reminder: followUpReminderTask,
  followup_retry: followUpRetryTask,
  survey_outcome: surveyOutcomeTask,
  source_reply: sourceReplyTask,
  assign_start: assignStartTask,
  assign_timeout: assignTimeoutTask,
  escalation_level: escalationLevelTask,
  clock_notice: clockNoticeTask,
  [KB_DRAFT_TASK]: kbDraftNoticeTask,
};

/** Builds the shared context on an open database (used by the app and by `npm run job`). */
export function buildDesk(
  env: Env,
  config: DeskConfig,
  db: Database,
  log: Logger,
  clock: Clock = systemClock,
  metrics: DeskMetrics = new DeskMetrics(),
): Desk {
  const options = {
    ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}),
    logger: undefined,
    // A 429 fails fast (WebAPIRateLimitedError) instead of pausing the whole client: the outbox
    // task stays due with Slack's Retry-After and the next job run sends it.
    rejectRateLimitedCalls: true,
    // A call that hangs gives up well within the outbox's claim (LOCK_MS).
    timeout: 15_000,
  };
  const slack = new MeteredWebClient(env.SLACK_BOT_TOKEN, {
    ...options,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2_000, randomize: false },
  });
  // Posts are not retried by the client: a lost answer would post twice (see Desk.slackOnce).
  const slackOnce = new MeteredWebClient(env.SLACK_BOT_TOKEN, { ...options, retryConfig: { retries: 0 } });
  slack.observe(metrics, log);
  slackOnce.observe(metrics, log);
  return {
    env,
    config,
    models: createModels(db.connection),
    calendar: createCalendar({ timezone: config.organisation.timezone, ...config.calendar }),
    clock,
    log,
    slack,
    slackOnce,
    langOf: languageResolver(slack, config, clock, log),
    members: membershipResolver(slack, clock),
    availability: availabilityResolver(slack, clock, log),
    background: new BackgroundWork(log),
    ackTimes: new AckTimes(log),
    metrics,
    tasks: TASK_HANDLERS,
  };
}
