/**
 * The bot's Web API client, counting every call by method and outcome into the desk's metrics.
 * A subclass because @slack/web-api binds its method helpers (`chat.postMessage`…) to `apiCall`
 * when the client is constructed: replacing `apiCall` on an instance afterwards would miss them.
 */
import { ErrorCode, type WebAPICallResult, WebClient } from '@slack/web-api';
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
  /** Where calls are counted (set by buildDesk). */
  metrics: DeskMetrics | undefined;

  override async apiCall(method: string, options?: Record<string, unknown>): Promise<WebAPICallResult> {
    const started = performance.now();
    try {
      const result = await super.apiCall(method, options);
      this.metrics?.slackCall(method, 'ok', (performance.now() - started) / 1000);
      return result;
    } catch (err) {
      this.metrics?.slackCall(method, slackCallOutcome(err), (performance.now() - started) / 1000);
      throw err;
    }
  }
}
