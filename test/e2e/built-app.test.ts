/**
 * The compiled app as an operator runs it: `npm start`'s command (node dist/src/main.js) as one child
 * process against the Slack stand-in, its database behind a gate this test opens later. /readyz
 * answers 503 until the database is up and 200 after; a signed slash command is answered; SIGTERM
 * stops it cleanly. Builds dist/ first when it is missing or older than the sources.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, CHANNELS, PEOPLE, SIGNING_SECRET, testChannels, testUsers } from '../harness/app.ts';
import { connectTestDb, type TestDb } from '../harness/db.ts';
import { SlackDriver } from '../harness/driver.ts';
import { type SlackStub, startSlackStub, waitFor } from '../harness/slack-stub.ts';

const run = promisify(execFile);
const MAIN = 'dist/src/main.js';

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** `npm run build` unless dist/ is newer than every source (CI builds before `npm test`). */
async function ensureBuilt(): Promise<void> {
  const sources = Math.max(
    ...['src', 'blocks', 'jobs'].map(newestSource),
    statSync('tsconfig.build.json').mtimeMs,
  );
  if (existsSync(MAIN) && statSync(MAIN).mtimeMs >= sources) return;
  await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    timeout: 240_000,
  });
}

/** A TCP gate in front of the test database: refuses connections until opened. */
function startGate(host: string, port: number): Promise<{ server: Server; port: number; open(): void }> {
  let isOpen = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    if (!isOpen) {
      client.destroy();
      return;
    }
    const upstream = netConnect(port, host);
    sockets.add(client).add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const s of [client, upstream]) {
      s.on('error', end);
      s.on('close', end);
    }
    client.pipe(upstream).pipe(client);
  });
  server.on('close', () => {
    for (const s of sockets) s.destroy();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        server,
        port: address && typeof address === 'object' ? address.port : 0,
        open: () => {
          isOpen = true;
        },
      });
    });
  });
}

let stub: SlackStub;
let db: TestDb;
let gate: Awaited<ReturnType<typeof startGate>> | undefined;
let child: ChildProcess | undefined;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  await ensureBuilt();
  stub = await startSlackStub({
    botToken: BOT_TOKEN,
    users: testUsers(),
    channels: testChannels(),
    teamDomain: 'acme',
  });
  db = await connectTestDb('built-app');
}, 300_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
  gate?.server.close();
  await stub?.stop();
  await db?.drop();
});

describe('the built app (npm start)', () => {
  it('runs as one node process: /readyz 503 before the database is up, 200 after; answers a signed request', async () => {
    // A single-host mongodb:// URI can sit behind the gate; other URIs (replica sets, SRV) cannot.
    const target = /^mongodb:\/\/([^/@,?]+):(\d+)\/([^?]+)/.exec(db.uri);
    if (!target) return;
    gate = await startGate(target[1]!, Number(target[2]));

    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    const [command, ...args] = pkg.scripts.start!.split(' ');
    expect(command).toBe('node');
    expect(args).toEqual([MAIN]);
    child = spawn(process.execPath, args, {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DOTENV_CONFIG_PATH: '/nonexistent',
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        PORT: '0',
        SLACK_API_URL: stub.url,
        MONGODB_URI: `mongodb://127.0.0.1:${gate.port}/${target[3]}?directConnection=true`,
        DESK_CONFIG: 'config/example.yml',
        LOG_LEVEL: 'info',
        JOBS_ENABLED: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stderr: string[] = [];
    child.stderr?.on('data', (d) => stderr.push(String(d)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        logLines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logLines.push({ msg: line });
      }
    });
    const listening = await waitFor(
      () =>
        logLines.find((l) => typeof l.port === 'number' && String(l.msg).startsWith('http server listening')),
      30_000,
      `the app's HTTP server (stderr: ${stderr.join('')})`,
    );
    const base = `http://127.0.0.1:${listening.port as number}`;

    // Database not reachable yet: alive, not ready, metrics off by default.
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ ready: false, checks: { config: 'ok' } });
    expect((await fetch(`${base}/healthz`)).status).toBe(503);
    expect((await fetch(`${base}/metrics`)).status).toBe(404);

    gate.open();
    await waitFor(async () => (await fetch(`${base}/readyz`)).status === 200, 60_000, '/readyz 200');
    const ready = (await (await fetch(`${base}/readyz`)).json()) as Record<string, unknown>;
    expect(ready).toMatchObject({ status: 'ready', checks: { config: 'ok', database: 'ok', slack: 'ok' } });
    expect(stub.callsTo('auth.test').length).toBeGreaterThan(0);

    // A signed slash command: answered, and the intake modal opened through the Web API.
    const driver = new SlackDriver({ appUrl: `${base}/slack/events`, signingSecret: SIGNING_SECRET, stub });
    const res = await driver.command('printer in branch 12', {
      user: PEOPLE.agentEn,
      channel: CHANNELS.frontDesk,
    });
    expect(res.status).toBe(200);
    const modal = await waitFor(() => stub.openModal(PEOPLE.agentEn), 10_000, 'the intake modal');
    expect(JSON.stringify(modal)).toContain('printer in branch 12');

    // One process: node itself, no launcher and no child processes.
    if (process.platform === 'linux') {
      const { stdout: children } = await run('ps', ['-o', 'pid=', '--ppid', String(child.pid)]).catch(
        (e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }),
      );
      expect(children.trim()).toBe('');
      const { stdout: rss } = await run('ps', ['-o', 'rss=', '-p', String(child.pid)]);
      console.log(
        `[built-app] resident memory after one request: ${Math.round(Number(rss.trim()) / 1024)} MB`,
      );
    }

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(logLines.some((l) => l.msg === 'service desk stopped')).toBe(true);
  });
});
