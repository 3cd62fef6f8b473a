/**
 * `npm run job` as child processes against the Slack stand-in and the test database: --dry-run sends
 * nothing, two processes at the same --now send one nudge, a rerun sends nothing new, errors exit 1.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, PEOPLE, SIGNING_SECRET, startTestDesk, type TestDesk } from '../harness/app.ts';
import { dmsAbout, seedTicket, threadAbout } from './jobs-fixtures.ts';

const run = promisify(execFile);
let t: TestDesk;

beforeAll(async () => {
  t = await startTestDesk('jobs-cli');
});
afterAll(async () => {
  await t?.stop();
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node_modules/.bin/tsx', ['jobs/cli.ts', ...args], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        SLACK_API_URL: t.stub.url,
        MONGODB_URI: t.running.desk.env.MONGODB_URI,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        DESK_CONFIG: 'config/example.yml',
        LOG_LEVEL: 'error',
      },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('npm run job (jobs/cli.ts)', () => {
  it('dry run, then two processes at the same --now: one nudge; a rerun sends nothing new', async () => {
    const owner = PEOPLE.techMember;
    const ticket = await seedTicket(t, {
      openedAt: '2026-11-20T16:30:00+08:00',
      owner,
      claimedAt: '2026-11-20T17:00:00+08:00',
    });

    const early = await cli(['nudge', '--now', '2026-11-23T10:00:00+08:00']);
    expect(early.code).toBe(0);
    expect(early.stdout).toContain('planned 0, sent 0');

    const dry = await cli(['nudge', '--now', '2026-11-24T17:00:00+08:00', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would send');
    expect(dry.stdout).toContain(ticket.number);
    expect(dmsAbout(t, owner, ticket.number)).toHaveLength(0);

    const [a, b] = await Promise.all([
      cli(['nudge', '--now', '2026-11-24T17:00:00+08:00']),
      cli(['nudge', '--now', '2026-11-24T17:00:00+08:00']),
    ]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(`${a.stdout}\n${b.stdout}`).toContain(`sent → ${owner}`);
    expect(dmsAbout(t, owner, ticket.number)).toHaveLength(1);
    expect(threadAbout(t, ticket, '⏰')).toHaveLength(1);

    const again = await cli(['nudge', '--now', '2026-11-24T17:00:00+08:00']);
    expect(again.stdout).toContain('planned 0, sent 0');
    expect(dmsAbout(t, owner, ticket.number)).toHaveLength(1);
  });

  it('explains bad input and exits 1', async () => {
    const unknown = await cli(['nudgee']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown job "nudgee"');
    const badNow = await cli(['sla', '--now', 'tomorrow']);
    expect(badNow.code).toBe(1);
    expect(badNow.stderr).toContain('is not an ISO time');
  });
});
