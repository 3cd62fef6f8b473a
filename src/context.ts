/**
 * What every listener, service and job needs, built once in main.ts and passed down explicitly
 * (tests build their own with a controllable clock).
 */
import type { WebClient } from '@slack/web-api';
import type { DeskConfig } from './config/desk-config.ts';
import type { Env } from './config/env.ts';
import type { Models } from './db/models/index.ts';
import type { BusinessCalendar } from './domain/calendar.ts';
import type { Clock } from './domain/clock.ts';
import type { Lang } from './i18n/index.ts';
import type { Logger } from './logger.ts';
import type { DeskMetrics } from './ops/metrics.ts';
import type { TaskContext, TaskOutcome, TaskRecord } from './outbox/task-types.ts';
import type { AckTimes } from './runtime/ack-times.ts';
import type { BackgroundWork } from './runtime/background.ts';
import type { Availability, MembershipResolver } from './runtime/people.ts';

// The clock lives in src/domain/clock.ts (people.ts needs it too); re-exported for existing importers.
export { type Clock, systemClock } from './domain/clock.ts';

/**
 * Sends one outbox task of its kind and says whether it is done, should be dropped, or stays due
 * (a thrown Slack error also leaves it due). Each feature exports the handlers of its own kinds.
 */
export type TaskHandler = (desk: Desk, task: TaskRecord, ctx: TaskContext) => Promise<TaskOutcome>;
/** The outbox task handlers by kind, built at the composition root (src/main.ts). */
export type TaskHandlers = Readonly<Record<string, TaskHandler>>;

export interface Desk {
  env: Env;
  config: DeskConfig;
  models: Models;
  calendar: BusinessCalendar;
  clock: Clock;
  log: Logger;
  /** The bot's Web API client (SLACK_API_URL applied); retries failed calls by itself. */
  slack: WebClient;
  /**
   * The same client without its own retries, for posts (chat.postMessage, file shares): retrying a
   * post whose answer was lost posts it twice, so only the outbox retries them, after its look-up.
   */
  slackOnce: WebClient;
  /** The user's language from their Slack locale (cached), the organisation default otherwise. */
  langOf(userId: string): Promise<Lang>;
  /** Department membership (channel members + user group + supervisors), cached briefly. */
  members: MembershipResolver;
  /** Presence and status (cached a minute), for automatic assignment. */
  availability(userId: string): Promise<Availability>;
  /** Answer times to Slack's HTTP requests (slow ones are logged). */
  ackTimes: AckTimes;
  /** Work continuing after the ack; drained on shutdown. */
  background: BackgroundWork;
  /** Prometheus metrics (served only when enabled, see src/ops/http-server.ts). */
  metrics: DeskMetrics;
  /** What sends each kind of outbox task (registered at the composition root, src/main.ts). */
  tasks: TaskHandlers;
}
