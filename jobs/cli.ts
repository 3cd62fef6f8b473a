/**
 * `npm run job -- <nudge|sla|followup|digest|cards> [--now <ISO time>] [--dry-run]`
 * Runs one scheduled job once, as if it were `--now` (the clock is fixed there), against the
 * configured database and Slack; prints what it sent (with --dry-run: what it would send, sending
 * nothing) and exits 0. Errors are printed as one clear message and exit 1. Logs go to stderr.
 */
import 'dotenv/config';
import { pathToFileURL } from 'node:url';
import { buildDesk } from '../src/compose.ts';
import { type DeskConfig, loadDeskConfig } from '../src/config/desk-config.ts';
import { ConfigError, type Env, loadEnv } from '../src/config/env.ts';
import { connectDatabase, type Database } from '../src/db/connection.ts';
import { ensureIndexes } from '../src/db/models/index.ts';
import { createLogger } from '../src/logger.ts';
import { JOBS, runJob } from './runner.ts';

const USAGE = 'Usage: npm run job -- <job> [--now <ISO time>] [--dry-run]';

export interface CliArgs {
  job: string;
  now?: Date;
  dryRun: boolean;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], known: string[]): CliArgs {
  let job: string | undefined;
  let now: Date | undefined;
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--dry-run') dryRun = true;
    else if (a === '--now' || a.startsWith('--now=')) {
      const v = a === '--now' ? argv[++i] : a.slice('--now='.length);
      if (!v) throw new UsageError(`--now needs an ISO time, e.g. --now 2026-11-24T17:00:00+08:00\n${USAGE}`);
      const d = new Date(v);
      if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(v))
        throw new UsageError(`--now "${v}" is not an ISO time (e.g. 2026-11-24T17:00:00+08:00)`);
      now = d;
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}\n${USAGE}`);
    else if (job) throw new UsageError(`only one job at a time (got "${job}" and "${a}")\n${USAGE}`);
    else job = a;
  }
  if (!job) throw new UsageError(`which job? (${known.join(', ')})\n${USAGE}`);
  if (!known.includes(job)) {
    if (job === 'digest') throw new UsageError('digest job not available in this version');
    throw new UsageError(`unknown job "${job}" (known: ${known.join(', ')})\n${USAGE}`);
  }
  return { job, now, dryRun };
}

async function main(argv: string[]): Promise<number> {
  let args: CliArgs;
  let env: Env;
  let config: DeskConfig;
  try {
    args = parseArgs(
      argv,
      JOBS.map((j) => j.name),
    );
    env = loadEnv();
    config = loadDeskConfig(env.DESK_CONFIG);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
  const log = createLogger(env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL, process.stderr);
  const fixed = args.now;
  const clock = { now: () => (fixed ? new Date(fixed) : new Date()) };
  let db: Database | undefined;
  try {
    db = await connectDatabase(env.MONGODB_URI, log);
    const desk = buildDesk(env, config, db, log, clock);
    await ensureIndexes(desk.models);
    const now = clock.now();
    const report: string[] = [];
    const started = performance.now();
    const result = await runJob(desk, args.job, { now, dryRun: args.dryRun, report });
    await desk.background.drain(8_000);
    const ms = Math.round(performance.now() - started);
    const head = args.dryRun ? `${args.job} (dry run)` : args.job;
    console.log(`${head} at ${now.toISOString()}:`);
    if (!result.ran) console.log('  another instance is running this job right now; nothing was sent.');
    for (const line of result.report) console.log(`  ${line}`);
    if (args.dryRun)
      console.log(`  ${result.planned} message(s) would be sent; nothing was sent. (${ms} ms)`);
    else
      console.log(
        `  planned ${result.planned}, sent ${result.delivered}, left for the next run ${result.retried} (${ms} ms)`,
      );
    return 0;
  } catch (err) {
    const e = err as Error;
    console.error(`job ${args.job} failed: ${e instanceof ConfigError ? e.message : e.message || String(e)}`);
    return 1;
  } finally {
    await db?.close().catch(() => undefined);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      console.error(`job failed: ${err.message}`);
      process.exit(1);
    },
  );
}
