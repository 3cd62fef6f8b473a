/**
 * The bot's Web API client, counting every call by method and outcome into the desk's metrics.
 * A subclass because @slack/web-api binds its method helpers (`chat.postMessage`…) to `apiCall`
 * when the client is constructed: replacing `apiCall` on an instance afterwards would miss them.
 */
import { ErrorCode, type WebAPICallResult, WebClient } from '@slack/web-api';
import type { Logger } from '../logger.ts';
import type { DeskMetrics } from './metrics.ts';

/** `ok`, `rate_limited`, `http_<status>`, `request_error`, or Slack's error code (`channel_not_found`…). */
export function slackCallOutcome(err: unknown): string {
  const e = err as { code?: string; data?: { error?: string }; statusCode?: number };
  switch (e?.code) {
    case ErrorCode.PlatformError:
      return e.data?.error ?? 'platform_error';
    case ErrorCode.RateLimitedError:
      return 'rate_limited';
    case ErrorCode.HTTPError:
      return `http_${e.statusCode ?? 'error'}`;
    case ErrorCode.RequestError:
      return 'request_error';
    default:
      return 'error';
  }
}

export class MeteredWebClient extends WebClient {
  private metrics: DeskMetrics | undefined;
  private log: Logger | undefined;

  /** Counts calls into `metrics` and logs each at debug level (set by buildDesk). */
  observe(metrics: DeskMetrics, log: Logger): void {
    this.metrics = metrics;
    this.log = log;
  }

  override async apiCall(method: string, options?: Record<string, unknown>): Promise<WebAPICallResult> {
    const started = performance.now();
    let outcome = 'ok';
    try {
      return await super.apiCall(method, options);
    } catch (err) {
      outcome = slackCallOutcome(err);
      throw err;
    } finally {
      const ms = performance.now() - started;
      this.metrics?.slackCall(method, outcome, ms / 1000);
      this.log?.debug({ slack: method, outcome, ms: Math.round(ms) }, 'slack call');
    }
  }
}
