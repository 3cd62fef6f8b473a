/**
 * npm run bench [-- --quick]: the service desk measured as it runs in production, in its own process,
 * beside a bare Bolt app, with Slack's side and the load in processes of their own:
 *
 *   bench (this process) ── orchestrates; reads the test database
 *    ├─ test database (java wire server, test/harness/mongo.ts)
 *    ├─ load generator (bench/load.ts): signs, sends and times every request to the apps
 *    ├─ Slack process (bench/slack-process.ts): the Web API stand-in + the driver building Slack's requests
 *    ├─ service desk: BENCH_APP_CMD (default `node dist/src/main.js`, built first) with production env vars
 *    └─ bare Bolt app (bench/bare-app.ts): the minimum Slack work for the same actions
 *
 * Sections (results in bench/results/latest.{json,md}; targets are reported, not asserted):
 *  - answer times of /ticket, the intake submission and a Claim click at 1, 10 and 50 concurrent
 *    users, desk beside bare, with the ratios and answers ≥ 3 s;
 *  - the desk process's resident memory, idle after start and at the end;
 *  - tickets opened per second, sustained for BENCH_SECONDS (default 60; --quick: 10);
 *  - Slack calls and database round trips per action, and nudge/sla/digest job times with 1k, 10k
 *    and 100k stored tickets (BENCH_MAX_TICKETS caps the largest; --quick: 10k). These two run on an
 *    instance of the desk inside this process (database commands can only be counted from inside),
 *    after the desk process has been stopped.
 * Every child is stopped on exit, on failure, on SIGINT/SIGTERM and after BENCH_TIME_LIMIT_S
 * (default 3600; --quick: 900).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectDatabase } from '../src/db/connection.ts';
import { createModels } from '../src/db/models/index.ts';
import { createLogger } from '../src/logger.ts';
import { SIGNING_SECRET } from '../test/harness/app.ts';
import { startTestMongo, testDatabaseUri } from '../test/harness/mongo.ts';
import { DESK_CONFIG, ROOT, startBareProcess, startDeskProcess, startInProcessDesk } from './apps.ts';
import { measureCosts } from './costs.ts';
import { DUE, measureJobs } from './jobs.ts';
import { claimRegistered, measureLatency, measureThroughput } from './latency.ts';
import {
  type CpuUse,
  cpuBetween,
  cpuSnapshot,
  findDescendant,
  installCleanup,
  stopAll,
} from './processes.ts';
import { type BenchResult, render } from './report.ts';
import { LoadGenerator, SlackProcess } from './slack-client.ts';
import { benchUsers, log, r1, sleep } from './util.ts';

const QUICK = process.argv.includes('--quick');
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 10 : 60));
const MAX_TICKETS = Number(process.env.BENCH_MAX_TICKETS ?? (QUICK ? 10_000 : 100_000));
const TIME_LIMIT_S = Number(process.env.BENCH_TIME_LIMIT_S ?? (QUICK ? 900 : 3600));
const CONCURRENCY = [1, 10, 50];
const ROUNDS = QUICK ? 3 : 5; // requests per user per measured action at concurrency > 1
const DRAIN_LIMIT_S = Math.max(60, 3 * SECONDS);
const SIZES = [1_000, 10_000, 100_000].filter((n) => n <= MAX_TICKETS);
const RESULTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

async function main() {
  const startedAt = new Date().toISOString();
  const loadStart = r1(os.loadavg()[0] ?? NaN);
  installCleanup(TIME_LIMIT_S * 1000);
  log(`mode ${QUICK ? 'quick' : 'full'}; BENCH_SECONDS=${SECONDS}; BENCH_MAX_TICKETS=${MAX_TICKETS}`);
  const mongo = await startTestMongo();
  try {
    const mongoUri = testDatabaseUri(mongo.uri, 'bench');
    const load = await LoadGenerator.start(SIGNING_SECRET);
    const slack = await SlackProcess.start(load, SIGNING_SECRET);
    const users = benchUsers(Math.max(...CONCURRENCY, 10));
    await slack.call('addBenchUsers', users);

    if (!process.env.BENCH_APP_CMD) {
      log('building the app (npm run build), as production runs it');
      execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
    }
    log('starting the service desk process');
    const app = await startDeskProcess({ slackApiUrl: slack.url, mongoUri });
    log(`  ${app.command} (pid ${app.pid}) ready after ${Math.round(app.startMs)} ms`);
    await sleep(2_000); // let start-up work settle before reading idle memory
    const idle = app.memory();
    const bare = await startBareProcess(slack.url);
    await sleep(1_000);
    const bareIdle = bare.memory();
    const db = await connectDatabase(mongoUri, createLogger('silent'));
    const rig = {
      slack,
      deskUrl: `${app.url}/slack/events`,
      bareUrl: `${bare.url}/slack/events`,
      models: createModels(db.connection),
    };

    const pids = {
      desk: app.pid,
      bare: bare.pid,
      slack: slack.child.pid,
      load: load.child.pid,
      database: findDescendant('desk.testserver.Main'),
    };
    const cpu: Record<string, CpuUse> = {};
    const metered = async <T>(section: string, run: () => Promise<T>): Promise<T> => {
      const before = cpuSnapshot(pids);
      const t0 = performance.now();
      const out = await run();
      cpu[section] = cpuBetween(before, cpuSnapshot(pids), r1((performance.now() - t0) / 1000));
      return out;
    };

    const claim = await claimRegistered(rig);
    const latency = await metered('answer times', () =>
      measureLatency(rig, users, CONCURRENCY, ROUNDS, claim),
    );
    await slack.call('reset');
    log(`throughput for ${SECONDS} s`);
    const throughput = await metered('tickets per second', () =>
      measureThroughput(rig, users.slice(0, 10), SECONDS, DRAIN_LIMIT_S),
    );
    const end = app.memory();
    const bareEnd = bare.memory();
    log('stopping the desk and bare processes');
    const [appStop] = await Promise.all([app.stop(), bare.stop()]);
    log(
      `  the desk exited ${Math.round(appStop.ms)} ms after SIGTERM: code ${appStop.code}, signal ${appStop.signal}`,
    );
    await db.close();

    log('calls per action (in-process desk)');
    await slack.call('reset');
    const desk = await startInProcessDesk({ slackApiUrl: slack.url, mongoUri });
    let costs: BenchResult['costs'];
    let jobs: BenchResult['jobs'];
    try {
      costs = await measureCosts(desk, slack);
      await slack.call('reset');
      jobs = await measureJobs(desk, slack, SIZES);
    } finally {
      await desk.stop();
    }

    const result: BenchResult = {
      startedAt,
      finishedAt: new Date().toISOString(),
      mode: QUICK ? 'quick' : 'full',
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        node: process.version,
        db: mongo.kind,
        loadAverage: { start: loadStart, end: r1(os.loadavg()[0] ?? NaN) },
      },
      settings: {
        seconds: SECONDS,
        maxTickets: MAX_TICKETS,
        concurrency: CONCURRENCY,
        rounds: ROUNDS,
        due: DUE,
        appCommand: app.command,
        deskConfig: path.relative(ROOT, DESK_CONFIG),
      },
      processes: {
        app: app.pid,
        bare: bare.pid,
        slack: slack.child.pid!,
        load: load.child.pid!,
        bench: process.pid,
      },
      appStartMs: app.startMs,
      claimRegistered: claim,
      latency: latency.rows,
      modalFailuresAt: latency.modalFailuresAt,
      throughput,
      appMemory: { idle, end },
      bareMemory: { idle: bareIdle, end: bareEnd },
      appStop,
      appLog: app.logFile,
      cpu,
      costs,
      jobs,
    };
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(path.join(RESULTS, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    const md = render(result);
    writeFileSync(path.join(RESULTS, 'latest.md'), `${md}\n`);
    process.stdout.write(`${md}\n`);
  } finally {
    await stopAll();
    await mongo.stop().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
