/**
 * Starts the real app in-process for end-to-end tests: real Bolt over HTTP on a free port,
 * the Slack stand-in on 127.0.0.1, a per-file database on the MongoDB wire test server, the
 * organisation config from config/example.yml, and a controllable clock.
 */

import type { DestinationStream } from 'pino';
import { type DeskConfig, loadDeskConfig } from '../../src/config/desk-config.ts';
import { loadEnv } from '../../src/config/env.ts';
import type { Clock } from '../../src/context.ts';
import { createLogger } from '../../src/logger.ts';
import { type RunningDesk, startDesk } from '../../src/main.ts';
import { SlackDriver } from './driver.ts';
import { type SlackStub, type StubUser, startSlackStub } from './slack-stub.ts';

export const BOT_TOKEN = 'xoxb-test-token';
export const SIGNING_SECRET = 'test-signing-secret';

/** People of config/example.yml, plus agents and department members. */
export const PEOPLE = {
  agentZh: 'U0AGENTZH1',
  agentEn: 'U0AGENTEN1',
  techSupervisor: 'U0TECHSUP1',
  techSenior: 'U0TECHSNR1',
  techMember: 'U0TECHMEM1',
  techMember2: 'U0TECHMEM2',
  csSupervisor: 'U0CSVCSUP1',
  csSenior: 'U0CSVCSNR1',
  csMember: 'U0CSVCMEM1',
  afterSalesSupervisor: 'U0AFTSSUP1',
  afterSalesMember: 'U0AFTSMEM1',
  relationsSupervisor: 'U0RELASUP1',
  director: 'U0DIRECTR1',
  outsider: 'U0OUTSIDE1',
  /** Named in access.technicalLeads by the tests that need one (no other role). */
  techLead: 'U0TECHLEA1',
  /** Given an access grant by the tests that need one (no other role). */
  granted: 'U0GRANTED1',
} as const;

export const CHANNELS = {
  tech: 'C0TECH0001',
  cs: 'C0CSVC0001',
  aftersales: 'C0AFTS0001',
  relations: 'C0RELA0001',
  frontDesk: 'C0FRONT001',
} as const;

export function testUsers(): StubUser[] {
  return Object.entries(PEOPLE).map(([key, id]) => ({
    id,
    name: key,
    real_name: key,
    locale: key === 'agentZh' || key === 'csSupervisor' ? 'zh-CN' : 'en-US',
    tz: 'Asia/Shanghai',
    tz_offset: 8 * 3600,
  }));
}

export function testChannels(): Record<string, string[]> {
  return {
    [CHANNELS.tech]: [PEOPLE.techSupervisor, PEOPLE.techSenior, PEOPLE.techMember, PEOPLE.techMember2],
    [CHANNELS.cs]: [PEOPLE.csSupervisor, PEOPLE.csSenior, PEOPLE.csMember],
    [CHANNELS.aftersales]: [PEOPLE.afterSalesSupervisor, PEOPLE.afterSalesMember],
    [CHANNELS.relations]: [PEOPLE.relationsSupervisor],
    [CHANNELS.frontDesk]: [PEOPLE.agentZh, PEOPLE.agentEn],
  };
}

export class TestClock implements Clock {
  private offset = 0;
  private fixed: Date | undefined;
  now(): Date {
    return this.fixed ? new Date(this.fixed.getTime() + this.offset) : new Date(Date.now() + this.offset);
  }
  /** Freezes the clock at `at` (ISO string or Date). */
  set(at: string | Date): void {
    this.fixed = new Date(at);
    this.offset = 0;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

export interface TestDesk {
  stub: SlackStub;
  driver: SlackDriver;
  running: RunningDesk;
  clock: TestClock;
  config: DeskConfig;
  url: string;
  /** Waits until the app has no background work in flight. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestDeskOptions {
  /** Changes to the example config (applied to a deep copy). */
  config?: (config: DeskConfig) => void;
  /** Reuse a stub (e.g. a second instance against the same Slack). */
  stub?: SlackStub;
  /** Reuse a database URI (e.g. a second instance). */
  mongoUri?: string;
  clock?: TestClock;
  /** Run the app in Socket Mode (SLACK_APP_TOKEN set): envelopes go through `stub.socketSend`. */
  socketMode?: boolean;
  /** Where the app's log lines go (default: stdout), e.g. an in-memory stream to scan them. */
  logDestination?: DestinationStream;
  /** Extra environment variables (e.g. METRICS_PORT, LOG_LEVEL), applied last. */
  env?: Record<string, string>;
}

export async function startTestDesk(tag: string, opts: TestDeskOptions = {}): Promise<TestDesk> {
  const stub =
    opts.stub ??
    (await startSlackStub({
      botToken: BOT_TOKEN,
      users: testUsers(),
      channels: testChannels(),
      teamDomain: 'acme',
    }));
  let dbUri = opts.mongoUri;
  let dropDb: (() => Promise<void>) | undefined;
  if (!dbUri) {
    // Imported lazily: db.ts uses vitest's inject(), which exists only inside the test runner (the demo runs outside).
    const { connectTestDb } = await import('./db.ts');
    const db = await connectTestDb(tag);
    dbUri = db.uri;
    dropDb = db.drop;
  }
  const config = structuredClone(loadDeskConfig('config/example.yml'));
  opts.config?.(config);
  const env = loadEnv({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    PORT: '0',
    SLACK_API_URL: stub.url,
    MONGODB_URI: dbUri,
    DESK_CONFIG: 'config/example.yml',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JOBS_ENABLED: 'false',
    ...(opts.socketMode ? { SLACK_APP_TOKEN: stub.appToken } : {}),
    ...opts.env,
  });
  const clock = opts.clock ?? new TestClock();
  const log = createLogger(env.LOG_LEVEL, opts.logDestination ?? process.stdout);
  const running = await startDesk({ env, config, clock, log, jobs: false });
  // The start-up channel check runs beside start-up; tests begin once its calls are done.
  await running.channelCheck;
  const url = `http://127.0.0.1:${running.port}`;
  const driver = new SlackDriver({ appUrl: `${url}/slack/events`, signingSecret: SIGNING_SECRET, stub });
  return {
    stub,
    driver,
    running,
    clock,
    config,
    url,
    idle: () => running.desk.background.drain(15_000),
    async stop() {
      await running.stop();
      if (!opts.stub) await stub.stop();
      await dropDb?.();
    },
  };
}
