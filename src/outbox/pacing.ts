/**
 * Per-channel pacing of job deliveries: Slack accepts about one message per second per channel, so
 * after downtime a catch-up run spaces its posts to the same channel by `jobs.channelPaceMs`
 * (0 turns pacing off, e.g. in tests). Real (wall-clock) time: this is about Slack's rate limits,
 * not business time. One pacer per Desk, shared by every job of the instance.
 */
import type { Desk } from '../context.ts';
import type { TaskRecord } from './task-types.ts';

export class ChannelPacer {
  private readonly last = new Map<string, number>();
  constructor(
    private readonly intervalMs: number,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Waits until `channel` may be posted to again, and books the slot. */
  async wait(channel: string): Promise<void> {
    if (this.intervalMs <= 0) return;
    const prev = this.last.get(channel);
    const now = this.clock();
    const at = prev === undefined ? now : Math.max(now, prev + this.intervalMs);
    this.last.set(channel, at);
    if (at > now) await this.sleep(at - now);
    if (this.last.size > 10_000) this.last.clear();
  }
}

const pacers = new WeakMap<Desk, ChannelPacer>();

export function pacerOf(desk: Desk): ChannelPacer {
  let p = pacers.get(desk);
  if (!p) {
    p = new ChannelPacer(desk.config.jobs.channelPaceMs);
    pacers.set(desk, p);
  }
  return p;
}

/** The channel a task will post to, as far as the task tells (notices name it; else the ticket). */
export function paceKeyOf(task: TaskRecord): string {
  const p = task.payload as { paceKey?: unknown; to?: unknown };
  if (typeof p.paceKey === 'string') return p.paceKey;
  if (typeof p.to === 'string') return p.to;
  return `ticket:${String(task.ticketId ?? task.key)}`;
}
