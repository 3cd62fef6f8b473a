/**
 * A SlackDriver whose requests are sent (and timed) by the load generator in a separate process
 * (bench/load.ts). Payloads are still built here, against the in-process Slack stand-in (trigger
 * ids, response URLs, stored messages and modals), and the answers are applied to it as usual.
 */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type DriverOptions,
  type DriverResponse,
  type RequestOptions,
  SlackDriver,
} from '../test/harness/driver.ts';
import type { LoadRequest, LoadResponse } from './load.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The forked load generator; `send` resolves with its answer. */
export class LoadGenerator {
  private nextId = 0;
  private pending = new Map<number, (r: LoadResponse) => void>();
  private constructor(private child: ChildProcess) {
    child.on('message', (m: LoadResponse) => {
      const done = this.pending.get(m.id);
      if (!done) return;
      this.pending.delete(m.id);
      done(m);
    });
  }

  static async start(signingSecret: string): Promise<LoadGenerator> {
    const child = fork(path.join(HERE, 'load.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BENCH_SIGNING_SECRET: signingSecret },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`load generator exited (${code})`)));
    });
    return new LoadGenerator(child);
  }

  send(req: Omit<LoadRequest, 'id'>): Promise<LoadResponse> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.send({ ...req, id } satisfies LoadRequest);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.disconnect();
    await exited;
  }
}

export class RemoteDriver extends SlackDriver {
  constructor(
    opts: DriverOptions,
    private load: LoadGenerator,
  ) {
    super(opts);
  }

  override async raw(
    body: string,
    headers: Record<string, string>,
    opts: RequestOptions = {},
  ): Promise<DriverResponse> {
    const res = await this.load.send({
      url: this.appUrl,
      body,
      headers: { ...headers, ...opts.headers },
      ageSeconds: opts.ageSeconds,
      badSignature: opts.badSignature,
      omitSignature: opts.omitSignature,
    });
    if (res.error) throw new Error(`load generator: ${res.error}`);
    const contentType = res.headers['content-type'] ?? '';
    let parsed: unknown = res.text;
    if (res.text.length > 0 && contentType.includes('json')) {
      try {
        parsed = JSON.parse(res.text);
      } catch {
        parsed = res.text;
      }
    }
    return { status: res.status, body: parsed, headers: res.headers, elapsedMs: res.elapsedMs };
  }
}
