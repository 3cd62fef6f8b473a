/**
 * Work that continues after Slack has been acknowledged (posting cards, DMs, redraws). At most
 * `limit` pieces run at once and the rest wait in order, so a burst of clicks cannot starve the
 * acknowledgements of new requests (Slack's 3-second limit). Tracked so that shutdown can wait
 * for it and tests can wait until the app is idle.
 */
import type { Logger } from '../logger.ts';

export class BackgroundWork {
  private running = 0;
  private queue: (() => void)[] = [];
  private inFlight = new Set<Promise<unknown>>();

  constructor(
    private log: Logger,
    private limit = 8,
  ) {}

  /**
   * Runs `fn` in the background when a slot is free; its failure is logged, never thrown.
   * `urgent` work (opening a modal while its trigger_id lives) starts at once, without a slot.
   */
  run(label: string, fn: () => Promise<unknown>, urgent = false): void {
    const p: Promise<unknown> = (urgent ? Promise.resolve() : this.slot())
      .then(fn)
      .catch((err: Error) => this.log.error({ task: label, err: err.message }, 'background work failed'))
      .finally(() => {
        this.inFlight.delete(p);
        if (!urgent) this.release();
      });
    this.inFlight.add(p);
  }

  private slot(): Promise<void> {
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  private release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.running--;
  }

  get size(): number {
    return this.inFlight.size;
  }

  /** Resolves when nothing is in flight or queued (or after `timeoutMs`). */
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
