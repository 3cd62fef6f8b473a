/**
 * Entry point: environment → organisation config → HTTP server (/healthz, /readyz answer from here
 * on) → database → Slack app → Slack auth → scheduler, and a graceful shutdown on SIGINT/SIGTERM
 * (not ready, stop taking requests, finish those in flight, stop jobs, close the database) within
 * 10 seconds. Run compiled: `npm run build && npm start` (node dist/src/main.js).
 */
import 'dotenv/config';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { type Scheduler, startScheduler } from '../jobs/scheduler.ts';
import { createApp } from './app.ts';
import { buildDesk } from './compose.ts';
import { type DeskConfig, loadDeskConfig } from './config/desk-config.ts';
import { ConfigError, type Env, loadEnv } from './config/env.ts';
import type { Clock, Desk } from './context.ts';
import { connectDatabase, type Database } from './db/connection.ts';
import { ensureIndexes } from './db/models/index.ts';
import { seedAnswers } from './kb/answers.ts';
import { createLogger, type Logger } from './logger.ts';
import { startHttpServer, startMetricsServer } from './ops/http-server.ts';
import { DeskMetrics, outboxProbe } from './ops/metrics.ts';
import { Readiness } from './ops/readiness.ts';
import { slackCallOutcome } from './ops/slack-client.ts';
import { type ChannelProblem, checkChannels } from './runtime/channel-check.ts';

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
  /** The METRICS_PORT listener's port, when metrics have their own listener. */
  metricsPort: number | undefined;
  db: Database;
  readiness: Readiness;
  /** The start-up check of the configured channels (problems are logged with their fix). */
  channelCheck: Promise<ChannelProblem[]>;
  stop(): Promise<void>;
}

/** Metrics are served only when METRICS_PORT or METRICS_TOKEN is set. */
export function metricsEnabled(env: Env): boolean {
  return env.METRICS_PORT !== undefined || !!env.METRICS_TOKEN;
}

/**
 * Connects to MONGODB_URI, retrying with back-off while it cannot be reached (/readyz answers 503
 * meanwhile). The embedded default is not retried: when it cannot start, retrying does not help.
 */
async function connectUntilUp(
  env: Env,
  log: Logger,
  readiness: Readiness,
  options: Parameters<typeof connectDatabase>[2],
): Promise<Database> {
  for (let attempt = 1; ; attempt++) {
    readiness.set('database', attempt === 1 ? 'connecting' : 'unreachable');
    try {
      return await connectDatabase(env.MONGODB_URI, log, options);
    } catch (err) {
      if (!env.MONGODB_URI) throw err;
      const retryInMs = Math.min(15_000, 1_000 * 2 ** (attempt - 1));
      log.error({ err: (err as Error).message, attempt, retryInMs }, 'database not reachable; retrying');
      await sleep(retryInMs);
    }
  }
}

export async function startDesk(options: StartOptions): Promise<RunningDesk> {
  const { env, config } = options;
  const log = options.log ?? createLogger(env.LOG_LEVEL);
  const metrics = new DeskMetrics();
  const metricsOn = metricsEnabled(env);
  if (metricsOn) metrics.enableProcessMetrics();
  const readiness = new Readiness();
  readiness.set('config', 'ok'); // the environment and the organisation config were validated by the caller
  // Listening before the database is up: /healthz and /readyz answer (503) while it connects.
  const http = await startHttpServer({
    port: env.PORT,
    log,
    readiness,
    metrics,
    metricsToken: env.METRICS_PORT === undefined ? env.METRICS_TOKEN : undefined,
  });
  const metricsServer =
    env.METRICS_PORT !== undefined
      ? await startMetricsServer({
          host: env.METRICS_HOST,
          port: env.METRICS_PORT,
          token: env.METRICS_TOKEN,
          metrics,
          log,
        }).catch(async (err: Error) => {
          await http.close();
          throw err;
        })
      : undefined;
  let db: Database;
  try {
    db = await connectUntilUp(env, log, readiness, metricsOn ? { monitorCommands: true } : {});
  } catch (err) {
    await metricsServer?.close();
    await http.close();
    throw err;
  }
  http.setPing(() => db.ping());
  if (metricsOn) {
    const client = db.connection.getClient();
    client.on('commandSucceeded', (e) => metrics.dbCommand(e.commandName, true, e.duration / 1000));
    client.on('commandFailed', (e) => metrics.dbCommand(e.commandName, false, e.duration / 1000));
  }
  const desk = buildDesk(env, config, db, log, options.clock, metrics);
  metrics.watchOutbox(outboxProbe(desk.models.Task, () => desk.clock.now()));
  const deskApp = createApp(desk);
  try {
    await ensureIndexes(desk.models);
    await seedAnswers(desk); // knowledge base seed answers (config knowledgeBase.seedAnswers), once each
    readiness.set('database', 'ok');
    if (deskApp.slackListener) http.attachSlack(deskApp.slackListener);
    await deskApp.start();
  } catch (err) {
    await metricsServer?.close();
    await http.close();
    await db.close().catch(() => undefined);
    throw err;
  }

  // Slack auth: the first auth.test is awaited; while it fails it is retried in the background.
  let stopping = false;
  let authTimer: NodeJS.Timeout | undefined;
  const checkSlackAuth = async (attempt: number): Promise<void> => {
    try {
      const auth = await desk.slack.auth.test();
      readiness.set('slack', 'ok');
      log.info({ team: auth.team_id, bot: auth.user_id }, 'slack auth confirmed');
    } catch (err) {
      const outcome = slackCallOutcome(err);
      readiness.set('slack', outcome);
      const retryInMs = Math.min(60_000, 1_000 * 2 ** (attempt - 1));
      log.error({ err: outcome, attempt, retryInMs }, 'slack auth.test failed; /readyz answers 503');
      if (!stopping) authTimer = setTimeout(() => void checkSlackAuth(attempt + 1), retryInMs);
    }
  };
  await checkSlackAuth(1);
  // Runs beside start-up: a channel the bot has not joined is a warning, not a reason to stop.
  const channelCheck = checkChannels(desk).catch((err: unknown) => {
    log.warn({ err: (err as Error).message }, 'channel check failed');
    return [];
  });

  let scheduler: Scheduler | undefined;
  if (options.jobs ?? env.JOBS_ENABLED) scheduler = startScheduler(desk);
  log.info(
    { port: http.port, mode: env.SLACK_APP_TOKEN ? 'socket' : 'http', metrics: metricsOn },
    'service desk listening',
  );
  let stopped: Promise<void> | undefined;
  return {
    desk,
    port: http.port,
    metricsPort: metricsServer?.port,
    db,
    readiness,
    channelCheck,
    stop() {
      stopped ??= (async () => {
        // Not ready from now on; new Slack requests get 503 (Slack retries them elsewhere), those
        // in flight and the background work they started finish; then the servers and the database close.
        stopping = true;
        clearTimeout(authTimer);
        readiness.shuttingDown();
        await scheduler?.stop();
        await http.stopSlack();
        await deskApp.stop();
        await desk.background.drain(8_000);
        await http.close();
        await metricsServer?.close();
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
