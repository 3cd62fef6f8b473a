/**
 * Work that continues after Slack has been acknowledged (storing a submitted ticket, posting cards,
 * DMs, redraws). Answers come first: at most `limit` pieces run at once and the rest wait in order,
 * and new pieces do not start while requests from Slack are being answered (for at most
 * `maxHoldMs`), so a burst of submissions or clicks is answered before the work they cause
 * competes with it (Slack's 3-second limit). Correctness never depends on this queue: what an
 * answer promised is already stored. Tracked so that shutdown can wait for it and tests can wait
 * until the app is idle.
 */
import type { Logger } from '../logger.ts';

export class BackgroundWork {
  private running = 0;
  private queue: (() => void)[] = [];
  private inFlight = new Set<Promise<unknown>>();
  private answering = 0;
  private answered: (() => void)[] = [];
  private lastAnswerAt = -Infinity;

  constructor(
    private log: Logger,
    private limit = 8,
    private maxHoldMs = 200,
    private quietMs = 10,
  ) {}

  /** A request from Slack is being answered; call the returned function once it is (idempotent). */
  answerStarted(): () => void {
    this.answering++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.lastAnswerAt = performance.now();
      if (--this.answering === 0) for (const wake of this.answered.splice(0)) wake();
    };
  }

  /**
   * Waits until no request is being answered and none was for `quietMs` (the rest of a burst is
   * usually still arriving), or `maxHoldMs` in all.
   */
  private async answersFirst(): Promise<void> {
    const deadline = performance.now() + this.maxHoldMs;
    for (;;) {
      const now = performance.now();
      const quietFor = now - this.lastAnswerAt;
      if ((this.answering === 0 && quietFor >= this.quietMs) || now >= deadline) return;
      const wait = Math.min(deadline - now, this.answering === 0 ? this.quietMs - quietFor : this.maxHoldMs);
      await new Promise<void>((resolve) => {
        if (this.answering > 0) this.answered.push(resolve);
        setTimeout(resolve, Math.max(1, wait)).unref();
      });
    }
  }

  /**
   * Runs `fn` in the background when a slot is free; its failure is logged, never thrown.
   * `urgent` work (opening a modal while its trigger_id lives) starts at once, without a slot.
   */
  run(label: string, fn: () => Promise<unknown>, urgent = false): void {
    const p: Promise<unknown> = (urgent ? Promise.resolve() : this.slot().then(() => this.answersFirst()))
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
