// Start-up behaviour as an operator sees it: the real entry point as a child process, and /healthz
// answering 503 while the database is down.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startTestDesk } from '../harness/app.ts';
import { startTestMongo } from '../harness/mongo.ts';
import { waitFor } from '../harness/slack-stub.ts';

const run = promisify(execFile);

async function startMain(env: Record<string, string>) {
  try {
    const res = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      timeout: 30_000,
      cwd: process.cwd(),
    });
    return { code: 0, stdout: res.stdout, stderr: res.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('start-up checks', () => {
  it('names every missing Slack variable, with purpose and example, and exits 1 without a stack trace', async () => {
    const res = await startMain({ DOTENV_CONFIG_PATH: '/nonexistent' });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('SLACK_BOT_TOKEN is missing');
    expect(res.stderr).toContain('Example: SLACK_BOT_TOKEN=xoxb-');
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('without MONGODB_URI and no embedded MongoDB to be had: one clear message, no library stack trace', async () => {
    const res = await startMain({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      PORT: '0',
      DOTENV_CONFIG_PATH: '/nonexistent',
      // Nothing cached, and the download refused at once (as on machines without internet).
      MONGOMS_DOWNLOAD_DIR: path.join(tmpdir(), `no-mongod-${process.pid}`),
      MONGOMS_DOWNLOAD_URL: 'http://127.0.0.1:9/mongodb.tgz',
      MONGOMS_SYSTEM_BINARY: '',
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('MONGODB_URI is not set and the embedded MongoDB could not be started');
    expect(res.stderr).toContain('Set MONGODB_URI to a MongoDB 4.4+ server');
    expect(res.stderr).not.toContain('MongoMemoryServer Instance failed');
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports an unreadable config file and a config with a typo by file, key path and problem', async () => {
    const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', DOTENV_CONFIG_PATH: '/nonexistent' };
    const missing = await startMain({ ...base, DESK_CONFIG: '/nonexistent/desk.yml' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot read the organisation config /nonexistent/desk.yml');

    const file = path.join(tmpdir(), `desk-typo-${process.pid}.yml`);
    writeFileSync(file, 'organisation:\n  name: X\n  timzone: Asia/Shanghai\n');
    const typo = await startMain({ ...base, DESK_CONFIG: file });
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain(`Invalid organisation config ${file}`);
    expect(typo.stderr).toContain('organisation.timzone: unknown key');
    expect(typo.stderr).toContain('departments: is required');
    expect(typo.stderr).not.toMatch(/\n\s+at /);
  });

  it('answers /healthz 503 while the database is unreachable', async () => {
    const mongo = await startTestMongo();
    const t = await startTestDesk('healthz', { mongoUri: `${mongo.uri}/healthz` });
    try {
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
      if (mongo.kind === 'external') await t.running.db.connection.close();
      else await mongo.stop();
      await waitFor(async () => (await fetch(`${t.url}/healthz`)).status === 503 || undefined, 10_000);
      expect((await fetch(`${t.url}/healthz`)).status).toBe(503);
    } finally {
      await t.stop().catch(() => undefined);
      await mongo.stop();
    }
  });
});
