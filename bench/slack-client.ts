/**
 * The bench's handles on two of its processes: the load generator (bench/load.ts), which sends and
 * times every request to the apps, and the Slack process (bench/slack-process.ts), which runs the
 * Web API stand-in and builds Slack's requests. Requests the Slack process wants sent are relayed
 * here to the load generator, and its answers back.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadRequest, LoadResponse } from './load.ts';
import { forkScript, stopChild } from './processes.ts';
import type { FromSlack, SlackOps, ToSlack } from './slack-process.ts';
import { log } from './util.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export class LoadGenerator {
  private nextId = 0;
  private pending = new Map<number, (r: LoadResponse) => void>();
  private constructor(readonly child: ChildProcess) {
    child.on('message', (m: LoadResponse) => {
      const done = this.pending.get(m.id);
      if (!done) return;
      this.pending.delete(m.id);
      done(m);
    });
  }

  static async start(signingSecret: string): Promise<LoadGenerator> {
    const { child } = await forkScript('load', path.join(HERE, 'load.ts'), {
      BENCH_SIGNING_SECRET: signingSecret,
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
    await stopChild(this.child);
  }
}

type Op = keyof SlackOps;

export class SlackProcess {
  private nextId = 0;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(
    readonly child: ChildProcess,
    /** The Web API base URL of the stand-in (SLACK_API_URL for the apps). */
    readonly url: string,
    load: LoadGenerator,
  ) {
    child.on('message', (m: FromSlack) => {
      if (m.type === 'send') {
        void load.send(m.req).then((res) => {
          if (child.connected) child.send({ type: 'sent', id: m.id, res } satisfies ToSlack);
        });
        return;
      }
      if (m.type !== 'result') return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.value);
    });
    child.once('exit', (code, signal) => {
      for (const p of this.pending.values()) p.reject(new Error(`Slack process exited (${code ?? signal})`));
      this.pending.clear();
    });
  }

  static async start(load: LoadGenerator, signingSecret: string): Promise<SlackProcess> {
    const { child, ready } = await forkScript<FromSlack>('slack', path.join(HERE, 'slack-process.ts'), {
      BENCH_SIGNING_SECRET: signingSecret,
    });
    if (ready.type !== 'ready') throw new Error('Slack process: unexpected first message');
    return new SlackProcess(child, ready.url, load);
  }

  /** Runs one operation of bench/slack-process.ts in the Slack process. */
  call<K extends Op>(op: K, ...args: Parameters<SlackOps[K]>): Promise<Awaited<ReturnType<SlackOps[K]>>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ type: 'call', id, op, args } satisfies ToSlack);
    });
  }

  /**
   * Waits until the apps' after-ack Slack calls have stopped (none for 200 ms; at most `timeoutMs`).
   * False (and a log line) when they had not.
   */
  async quiet(timeoutMs = 30_000): Promise<boolean> {
    const ok = await this.call('quiet', 200, timeoutMs);
    if (!ok) log(`  Slack calls still arriving after ${Math.round(timeoutMs / 1000)} s; going on`);
    return ok;
  }

  async stop(): Promise<void> {
    await stopChild(this.child);
  }
}
