/** Classifies errors from @slack/web-api so callers can tell "retry later" from "fix the config". */
import { ErrorCode } from '@slack/web-api';

export interface SlackErrorInfo {
  /** Slack's error code (channel_not_found…) or the transport's. */
  code: string;
  message: string;
  retryAfterSec?: number;
  /** A configuration problem an operator must fix (the bot is not in the channel…). */
  needsOperator: boolean;
}

const OPERATOR_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'token_revoked',
  'invalid_auth',
  'account_inactive',
  'missing_scope',
]);

export function slackErrorInfo(err: unknown): SlackErrorInfo {
  const e = err as {
    code?: string;
    data?: { error?: string };
    retryAfter?: number;
    message?: string;
    statusCode?: number;
  };
  if (e?.code === ErrorCode.PlatformError) {
    const code = e.data?.error ?? 'platform_error';
    return { code, message: code, needsOperator: OPERATOR_ERRORS.has(code) };
  }
  if (e?.code === ErrorCode.RateLimitedError) {
    return {
      code: 'ratelimited',
      message: 'rate limited',
      retryAfterSec: e.retryAfter,
      needsOperator: false,
    };
  }
  if (e?.code === ErrorCode.HTTPError) {
    return {
      code: `http_${e.statusCode ?? 'error'}`,
      message: `Slack answered HTTP ${e.statusCode}`,
      needsOperator: false,
    };
  }
  return { code: e?.code ?? 'error', message: e?.message ?? String(err), needsOperator: false };
}
