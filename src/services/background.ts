/**
 * Work that continues after Slack has been acknowledged (posting cards, DMs). Tracked so that
 * shutdown can wait for it and tests can wait until the app is idle.
 */
import type { Logger } from '../logger.ts';

export class BackgroundWork {
  private inFlight = new Set<Promise<unknown>>();
  constructor(private log: Logger) {}

  /** Runs `fn` in the background; its failure is logged, never thrown into the request. */
  run(label: string, fn: () => Promise<unknown>): void {
    const p: Promise<unknown> = fn()
      .catch((err: Error) => this.log.error({ task: label, err: err.message }, 'background work failed'))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  get size(): number {
    return this.inFlight.size;
  }

  /** Resolves when nothing is in flight (or after `timeoutMs`). */
  async drain(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight.size > 0 && Date.now() < deadline) {
      await Promise.race([
        Promise.allSettled([...this.inFlight]),
        new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())).unref()),
      ]);
    }
  }
}
