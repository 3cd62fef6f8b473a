/**
 * Runs the real app as its own process (`src/main.ts`, as `npm start` does) against the Slack
 * stand-in and a test database, for tests that kill it (SIGKILL, SIGTERM) and start it again, and
 * runs `npm run job` the same way.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { BOT_TOKEN, SIGNING_SECRET } from './app.ts';
import { waitFor } from './slack-stub.ts';

export interface AppProcess {
  child: ChildProcess;
  port: number;
  /** Base URL of the app (no trailing slash). */
  url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export interface AppProcessOptions {
  stubUrl: string;
  mongoUri: string;
  /** Extra environment (e.g. JOBS_ENABLED). */
  env?: Record<string, string>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function appEnv(opts: AppProcessOptions, port?: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: opts.stubUrl,
    MONGODB_URI: opts.mongoUri,
    DESK_CONFIG: 'config/example.yml',
    LOG_LEVEL: 'warn',
    JOBS_ENABLED: 'false',
    ...(port ? { PORT: String(port) } : {}),
    ...opts.env,
  };
}

/** Starts the app and waits until /readyz answers 200 (database, config and Slack confirmed). */
export async function startAppProcess(opts: AppProcessOptions): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: appEnv(opts, port),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  await waitFor(
    async () => {
      if (gone) throw new Error(`the app exited during start-up:\n${out}`);
      const res = await fetch(`${url}/readyz`).catch(() => undefined);
      return res?.status === 200;
    },
    30_000,
    'the app process ready (/readyz)',
  );
  return {
    child,
    port,
    url,
    output: () => out,
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs `npm run job -- <args>` (jobs/cli.ts) against the same Slack and database. */
export async function runJobProcess(
  opts: AppProcessOptions,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'jobs/cli.ts', ...args],
      { env: { ...appEnv(opts), LOG_LEVEL: 'error' }, timeout: 60_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
