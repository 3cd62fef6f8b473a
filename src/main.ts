/**
 * Entry point: environment → organisation config → database → Slack app → scheduler, and a
 * graceful shutdown on SIGINT/SIGTERM (stop taking requests, finish those in flight, stop jobs,
 * close the database) within 10 seconds.
 */
import 'dotenv/config';
import { pathToFileURL } from 'node:url';
import { WebClient } from '@slack/web-api';
import { type Scheduler, startScheduler } from '../jobs/scheduler.ts';
import { createApp } from './app.ts';
import { type DeskConfig, loadDeskConfig } from './config/desk-config.ts';
import { ConfigError, type Env, loadEnv } from './config/env.ts';
import { type Clock, type Desk, systemClock } from './context.ts';
import { connectDatabase, type Database } from './db/connection.ts';
import { createModels, ensureIndexes } from './db/models/index.ts';
import { createCalendar } from './domain/calendar.ts';
import { createLogger, type Logger } from './logger.ts';
import { AckTimes } from './services/ack-times.ts';
import { BackgroundWork } from './services/background.ts';
import { languageResolver, membershipResolver } from './services/people.ts';

export interface StartOptions {
  env: Env;
  config: DeskConfig;
  clock?: Clock;
  log?: Logger;
  /** Run the cron jobs in this instance (default: env.JOBS_ENABLED). */
  jobs?: boolean;
}

export interface RunningDesk {
  desk: Desk;
  port: number | undefined;
  db: Database;
  stop(): Promise<void>;
}

/** Builds the shared context on an open database (used by the app and by `npm run job`). */
export function buildDesk(
  env: Env,
  config: DeskConfig,
  db: Database,
  log: Logger,
  clock: Clock = systemClock,
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
  const slack = new WebClient(env.SLACK_BOT_TOKEN, {
    ...options,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2_000, randomize: false },
  });
  // Posts are not retried by the client: a lost answer would post twice (see Desk.slackOnce).
  const slackOnce = new WebClient(env.SLACK_BOT_TOKEN, { ...options, retryConfig: { retries: 0 } });
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
    background: new BackgroundWork(log),
    ackTimes: new AckTimes(log),
  };
}

export async function startDesk(options: StartOptions): Promise<RunningDesk> {
  const { env, config } = options;
  const log = options.log ?? createLogger(env.LOG_LEVEL);
  const db = await connectDatabase(env.MONGODB_URI, log);
  const desk = buildDesk(env, config, db, log, options.clock);
  await ensureIndexes(desk.models);
  const deskApp = createApp(desk, db);
  const { port } = await deskApp.start();
  let scheduler: Scheduler | undefined;
  if (options.jobs ?? env.JOBS_ENABLED) scheduler = startScheduler(desk);
  let stopped: Promise<void> | undefined;
  return {
    desk,
    port,
    db,
    stop() {
      stopped ??= (async () => {
        await scheduler?.stop();
        await deskApp.stop();
        await desk.background.drain(8_000);
        await db.close();
        log.info('service desk stopped');
      })();
      return stopped;
    },
  };
}

async function main(): Promise<void> {
  let env: Env;
  let config: DeskConfig;
  try {
    env = loadEnv();
    config = loadDeskConfig(env.DESK_CONFIG);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(env.LOG_LEVEL);
  if (env.DESK_CONFIG === 'config/example.yml')
    log.warn('using config/example.yml: set DESK_CONFIG to your own file');
  let running: RunningDesk;
  try {
    running = await startDesk({ env, config, log });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    log.fatal({ err: (err as Error).message }, 'start-up failed');
    process.exit(1);
  }
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    running.stop().then(
      () => process.exit(0),
      (err: Error) => {
        log.error({ err: err.message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void main();
}
