/**
 * `npx tsx scripts/measure-memory.ts [tickets]` (default 100): resident memory (ps rss) of the bot as
 * operators run it, idle after start-up and after opening that many tickets over signed requests
 * (/ticket → modal → submit, one after another), against the Slack stand-in and the test database.
 * Measures the built app (`npm start`: node dist/src/main.js; run `npm run build` first) and, for
 * comparison, the built app with metrics on (METRICS_PORT) and `tsx src/main.ts` (the tsx launcher and the
 * app it starts, counted separately).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { BOT_TOKEN, CHANNELS, PEOPLE, SIGNING_SECRET, testChannels, testUsers } from '../test/harness/app.ts';
import { SlackDriver } from '../test/harness/driver.ts';
import { startTestMongo } from '../test/harness/mongo.ts';
import { type SlackStub, startSlackStub, waitFor } from '../test/harness/slack-stub.ts';

const run = promisify(execFile);
const tickets = Number(process.argv[2] ?? 100);

async function rssMb(pid: number): Promise<number> {
  const { stdout } = await run('ps', ['-o', 'rss=', '-p', String(pid)]);
  return Math.round(Number(stdout.trim()) / 1024);
}

async function childrenOf(pid: number): Promise<number[]> {
  const { stdout } = await run('ps', ['-o', 'pid=', '--ppid', String(pid)]).catch(
    (e: { stdout?: string }) => ({
      stdout: e.stdout ?? '',
    }),
  );
  return stdout
    .split('\n')
    .map((s) => Number(s.trim()))
    .filter((n) => n > 0);
}

const intake = {
  customer_name: 'Wang Xiaoming',
  customer_id: 'C20240501001',
  customer_phone: '13812345678',
  customer_email: 'wang.xm@example.com',
  contact_channel: 'website',
  request_type: 'service_request',
  category: 'functional_fault',
  description: 'Since 14:30 today paying order DD20240315001 with a coupon in the app shows "invalid".',
  desired_outcome: 'Payment works again; refund the failed charge',
  urgency: 'normal',
  impact: 'partial',
  keywords: 'payment, app',
};

async function measure(
  label: string,
  command: string,
  args: string[],
  stub: SlackStub,
  mongoUri: string,
  extraEnv: Record<string, string> = {},
) {
  const child: ChildProcess = spawn(command, args, {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DOTENV_CONFIG_PATH: '/nonexistent',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      PORT: '0',
      SLACK_API_URL: stub.url,
      MONGODB_URI: mongoUri,
      DESK_CONFIG: 'config/example.yml',
      LOG_LEVEL: 'info',
      JOBS_ENABLED: 'false',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let port: number | undefined;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const m = /"port":(\d+).*service desk listening/.exec(line);
    if (m) port = Number(m[1]);
  });
  const appPort = await waitFor(() => port, 60_000, 'service desk listening');
  const base = `http://127.0.0.1:${appPort}`;
  await waitFor(async () => (await fetch(`${base}/readyz`)).status === 200, 60_000, '/readyz');
  await sleep(2_000);
  const pids = [child.pid!, ...(await childrenOf(child.pid!))];
  const idle = await Promise.all(pids.map(rssMb));

  const driver = new SlackDriver({ appUrl: `${base}/slack/events`, signingSecret: SIGNING_SECRET, stub });
  const started = performance.now();
  for (let i = 0; i < tickets; i++) {
    const res = await driver.command('', { user: PEOPLE.agentEn, channel: CHANNELS.frontDesk });
    if (res.status !== 200) throw new Error(`/ticket answered ${res.status}`);
    await waitFor(() => stub.openModal(PEOPLE.agentEn), 10_000, 'modal');
    const sub = await driver.submitView({ user: PEOPLE.agentEn, values: intake });
    if (sub.status !== 200) throw new Error(`submission answered ${sub.status}`);
  }
  const seconds = (performance.now() - started) / 1000;
  await sleep(3_000); // the cards and DMs after the last submission
  const after = await Promise.all(pids.map(rssMb));
  child.kill('SIGTERM');
  await once(child, 'exit');
  const row = (values: number[]) =>
    values.length === 1
      ? `${values[0]} MB`
      : `${values.join(' + ')} = ${values.reduce((a, b) => a + b, 0)} MB`;
  console.log(
    `${label.padEnd(32)} processes ${pids.length}   idle ${row(idle).padEnd(22)} after ${tickets} tickets ${row(after)}   (${seconds.toFixed(1)} s)`,
  );
}

const mongo = await startTestMongo();
const stub = await startSlackStub({
  botToken: BOT_TOKEN,
  users: testUsers(),
  channels: testChannels(),
  teamDomain: 'acme',
});
try {
  await measure(
    'node dist/src/main.js',
    process.execPath,
    ['dist/src/main.js'],
    stub,
    `${mongo.uri}/mem_built_${Date.now()}`,
  );
  stub.reset();
  await measure(
    'node dist/src/main.js, metrics',
    process.execPath,
    ['dist/src/main.js'],
    stub,
    `${mongo.uri}/mem_metrics_${Date.now()}`,
    { METRICS_PORT: '0' },
  );
  stub.reset();
  await measure(
    'tsx src/main.ts',
    'node_modules/.bin/tsx',
    ['src/main.ts'],
    stub,
    `${mongo.uri}/mem_tsx_${Date.now()}`,
  );
} finally {
  await stub.stop();
  await mongo.stop();
}
