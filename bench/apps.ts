/**
 * The apps under test:
 *  - the service desk as its own process, started like production (BENCH_APP_CMD, default
 *    `node --import tsx src/main.ts`, with the environment an operator would set);
 *  - the bare Bolt app (bench/bare-app.ts) as its own process;
 *  - an in-process instance of the desk, used only where the bench must see inside the app: database
 *    round trips per action (counted through the MongoDB driver's command monitoring) and job run
 *    times (runJob, as `npm run job` runs them, without the CLI's start-up).
 */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DeskConfig, loadDeskConfig } from '../src/config/desk-config.ts';
import { loadEnv } from '../src/config/env.ts';
import { createLogger } from '../src/logger.ts';
import { type RunningDesk, startDesk } from '../src/main.ts';
import { BOT_TOKEN, SIGNING_SECRET, TestClock } from '../test/harness/app.ts';
import {
  forkScript,
  type Memory,
  memoryOf,
  type Stopped,
  spawnCommand,
  stopChild,
  waitForHttp,
} from './processes.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..');
/** The organisation config the test harness uses (test/harness/app.ts). */
export const DESK_CONFIG = path.join(ROOT, 'config', 'example.yml');
/** As production runs it: the compiled build (bench/run.ts runs `npm run build` first). */
export const DEFAULT_APP_CMD = 'node dist/src/main.js';

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface DeskProcess {
  command: string;
  pid: number;
  url: string;
  /** Everything the app printed (its log, LOG_LEVEL=warn). */
  logFile: string;
  /** Time from spawn to the first 200 from /readyz. */
  startMs: number;
  memory(): Memory;
  stop(): Promise<Stopped>;
}

/** Starts the service desk as production does and waits until /readyz answers 200 (database, config, Slack). */
export async function startDeskProcess(opts: {
  slackApiUrl: string;
  mongoUri: string;
}): Promise<DeskProcess> {
  const command = (process.env.BENCH_APP_CMD ?? DEFAULT_APP_CMD).trim();
  const port = await freePort();
  const logFile = path.join(os.tmpdir(), `bench-app-${process.pid}.log`);
  const app = spawnCommand(
    'app',
    command.split(/\s+/),
    {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_APP_TOKEN: '', // HTTP mode even if the environment or .env has one
      PORT: String(port),
      SLACK_API_URL: opts.slackApiUrl,
      MONGODB_URI: opts.mongoUri,
      DESK_CONFIG,
      LOG_LEVEL: 'warn',
      JOBS_ENABLED: 'false',
    },
    ROOT,
    logFile,
  );
  const url = `http://127.0.0.1:${port}`;
  const startMs = await waitForHttp(`${url}/readyz`, {
    status: 200,
    timeoutMs: 120_000,
    child: app.child,
    what: `the app (${command})`,
    tail: app.tail,
  });
  return {
    command,
    pid: app.pid,
    url,
    logFile,
    startMs,
    memory: () => memoryOf(app.pid),
    // The app's own shutdown takes up to 10 s; SIGKILL after 15 s.
    stop: () => stopChild(app.child, 15_000),
  };
}

export interface BareProcess {
  pid: number;
  url: string;
  child: ChildProcess;
  memory(): Memory;
  stop(): Promise<Stopped>;
}

export async function startBareProcess(slackApiUrl: string): Promise<BareProcess> {
  const { child, ready } = await forkScript<{ port: number }>('bare', path.join(HERE, 'bare-app.ts'), {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slackApiUrl,
    PORT: '0',
  });
  return {
    pid: child.pid!,
    url: `http://127.0.0.1:${ready.port}`,
    child,
    memory: () => memoryOf(child.pid!),
    stop: () => stopChild(child),
  };
}

export interface InProcessDesk {
  running: RunningDesk;
  url: string;
  config: DeskConfig;
  /**
   * Database commands sent since the last `resetCount`, in total and by command and collection, and
   * the documents the database returned to reads (find/aggregate batches and their getMores).
   */
  db: { count: number; names: Map<string, number>; docsRead: number };
  resetCount(): void;
  /** Waits until the desk has no background work in flight. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The desk in this process, against the same stand-in and database, with the test clock at a
 * working Tuesday morning and jobs' per-channel pacing off (job times measure the bot's work).
 */
export async function startInProcessDesk(opts: {
  slackApiUrl: string;
  mongoUri: string;
}): Promise<InProcessDesk> {
  const config = structuredClone(loadDeskConfig(DESK_CONFIG));
  config.jobs.channelPaceMs = 0;
  // monitorCommands: the driver then reports every command it sends (a database round trip).
  const uri = `${opts.mongoUri}${opts.mongoUri.includes('?') ? '&' : '?'}monitorCommands=true`;
  const env = loadEnv({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    PORT: '0',
    SLACK_API_URL: opts.slackApiUrl,
    MONGODB_URI: uri,
    DESK_CONFIG,
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
  });
  const clock = new TestClock();
  clock.set('2026-11-24T10:00:00+08:00');
  const running = await startDesk({ env, config, clock, log: createLogger('silent'), jobs: false });
  const db = { count: 0, names: new Map<string, number>(), docsRead: 0 };
  running.db.connection
    .getClient()
    .on('commandStarted', (e: { commandName: string; command: Record<string, unknown> }) => {
      db.count++;
      const target = e.command[e.commandName];
      const name = typeof target === 'string' ? `${e.commandName} ${target}` : e.commandName;
      db.names.set(name, (db.names.get(name) ?? 0) + 1);
    });
  running.db.connection
    .getClient()
    .on(
      'commandSucceeded',
      (e: { reply?: { cursor?: { firstBatch?: unknown[]; nextBatch?: unknown[] } } }) => {
        const c = e.reply?.cursor;
        db.docsRead += (c?.firstBatch?.length ?? 0) + (c?.nextBatch?.length ?? 0);
      },
    );
  return {
    running,
    url: `http://127.0.0.1:${running.port}`,
    config,
    db,
    resetCount() {
      db.count = 0;
      db.names.clear();
      db.docsRead = 0;
    },
    idle: () => running.desk.background.drain(15_000),
    stop: () => running.stop(),
  };
}
