/**
 * The one pino logger. Pretty on a terminal, JSON otherwise. Customer contact fields and
 * secrets are redacted wherever they appear in a logged object (up to two levels deep). Inside a
 * Slack request or job run every line carries the scope's `rid` and `ticket` (src/ops/log-scope.ts).
 */
import { type Logger, pino } from 'pino';
import { scopeFields } from './ops/log-scope.ts';

const SENSITIVE = [
  'phone',
  'email',
  'customerName',
  'name',
  'token',
  'authorization',
  'signingSecret',
  'password',
];
export const REDACT_PATHS = [
  ...SENSITIVE,
  ...SENSITIVE.map((k) => `*.${k}`),
  ...SENSITIVE.map((k) => `*.*.${k}`),
  'customer',
  '*.customer',
  'headers.authorization',
  'req.headers.authorization',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: undefined,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    mixin: scopeFields,
  };
  if (destination) return pino(options, destination);
  if (process.stdout.isTTY) {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { translateTime: 'SYS:standard' } },
    });
  }
  return pino(options);
}

export type { Logger };
