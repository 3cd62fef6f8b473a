/**
 * How long the app takes to answer Slack's requests, measured at the HTTP server (request received
 * → response finished). A slow answer (over 2 s of Slack's 3) is logged as a warning; the last
 * answers are kept for `npm run bench`. The same times feed the `desk_slack_ack_seconds` histogram.
 */
import type { Logger } from '../logger.ts';

const KEEP = 20_000;
const SLOW_MS = 2_000;

export class AckTimes {
  private times: number[] = [];
  constructor(private log: Logger) {}

  /** `request`: what was answered, e.g. `block_actions desk_claim` (the HTTP path when not known). */
  record(ms: number, request: string): void {
    if (this.times.length >= KEEP) this.times.shift();
    this.times.push(ms);
    if (ms > SLOW_MS) this.log.warn({ ms: Math.round(ms), request }, 'slow answer to Slack (limit 3 s)');
  }

  /** The recorded times since the last call, oldest first. */
  take(): number[] {
    const out = this.times;
    this.times = [];
    return out;
  }
}
