/**
 * Environment variables, validated with zod at start-up. Each variable carries what it is
 * for and an example, so a missing or invalid one is reported in words an operator can act on.
 */
import { z } from 'zod';

interface VarDoc {
  purpose: string;
  example: string;
}

export const ENV_DOCS: Record<string, VarDoc> = {
  SLACK_BOT_TOKEN: {
    purpose: "the bot token from the Slack app's OAuth & Permissions page",
    example: 'xoxb-1234-5678-abcdef',
  },
  SLACK_SIGNING_SECRET: {
    purpose: "the signing secret from the Slack app's Basic Information page (checks every request)",
    example: '8f742231b10e8888abcd99yyyzzz85a5',
  },
  SLACK_APP_TOKEN: {
    purpose: 'an app-level token with connections:write; when set, the bot runs in Socket Mode',
    example: 'xapp-1-A0123-4567-abcdef',
  },
  PORT: {
    purpose: 'the HTTP port for Slack requests (HTTP mode) and /healthz (both modes)',
    example: '3000',
  },
  SLACK_API_URL: {
    purpose: 'the Slack Web API base URL (only for tests and proxies)',
    example: 'https://slack.com/api/',
  },
  MONGODB_URI: {
    purpose: 'the MongoDB connection string; unset runs an embedded MongoDB under ./data/mongo',
    example: 'mongodb://db1.example.net:27017,db2.example.net:27017/desk?replicaSet=rs0',
  },
  DESK_CONFIG: {
    purpose: 'the path of the organisation config file (YAML)',
    example: 'config/example.yml',
  },
  LOG_LEVEL: { purpose: 'the log level', example: 'info (one of trace, debug, info, warn, error, fatal)' },
  JOBS_ENABLED: {
    purpose: 'whether this instance runs the scheduled jobs (true/false)',
    example: 'true',
  },
  METRICS_PORT: {
    purpose:
      'when set, Prometheus metrics are served at GET /metrics on this port (its own listener on METRICS_HOST, never the Slack port)',
    example: '9464',
  },
  METRICS_HOST: {
    purpose: 'the address the METRICS_PORT listener binds (default 127.0.0.1: this host only)',
    example: '0.0.0.0',
  },
  METRICS_TOKEN: {
    purpose:
      'a bearer token (at least 16 characters) that /metrics requires; without METRICS_PORT it also serves /metrics on PORT behind the token',
    example: 'b6c1f0e4a7d24e1c9a3f5d8e2c7b9a10',
  },
};

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

export const envSchema = z
  .object({
    SLACK_BOT_TOKEN: z.string({ error: 'is missing' }).regex(/^xoxb-\S+$/, 'must start with xoxb-'),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_APP_TOKEN: optionalText.pipe(
      z
        .string()
        .regex(/^xapp-\S+$/, 'must start with xapp-')
        .optional(),
    ),
    PORT: z.coerce.number({ error: 'must be a number' }).int().min(0).max(65535).default(3000),
    SLACK_API_URL: optionalText.pipe(z.url({ error: 'must be a URL' }).optional()),
    MONGODB_URI: optionalText.pipe(
      z
        .string()
        .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
        .optional(),
    ),
    DESK_CONFIG: optionalText.transform((v) => v ?? 'config/example.yml'),
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    JOBS_ENABLED: z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
      .default('true')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
    // Metrics are off unless one of these is set; see src/ops/http-server.ts.
    METRICS_PORT: optionalText.pipe(
      z.coerce.number<string | undefined>({ error: 'must be a number' }).int().min(0).max(65535).optional(),
    ),
    METRICS_HOST: optionalText.transform((v) => v ?? '127.0.0.1'),
    METRICS_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  })
  .superRefine((env, ctx) => {
    // HTTP mode verifies every request with the signing secret; Socket Mode does not need it.
    if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'is missing (required in HTTP mode, that is when SLACK_APP_TOKEN is not set)',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws a ConfigError whose message lists every problem by name. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '');
    const doc = ENV_DOCS[name];
    const problem =
      issue.code === 'invalid_type' && source[name] === undefined ? 'is missing' : issue.message;
    return doc
      ? `  ${name} ${problem}: ${doc.purpose}. Example: ${name}=${doc.example}`
      : `  ${name} ${problem}`;
  });
  throw new ConfigError(`Invalid environment (see .env.example):\n${lines.join('\n')}`);
}
