/**
 * Builds the Bolt app (HTTP mode on /slack/events, or Socket Mode when SLACK_APP_TOKEN is set)
 * and registers the listeners. Kept thin: behaviour lives in src/services/.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { App, type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Desk } from './context.ts';
import type { Database } from './db/connection.ts';
import { registerListeners } from './listeners/index.ts';
import { dedupeEvents } from './listeners/middleware/dedupe-events.ts';
import type { Logger } from './logger.ts';

/** Bolt's logger interface on top of pino. */
function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'bolt' });
  let level = LogLevel.INFO;
  const join = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg) => child.debug(join(msg)),
    info: (...msg) => child.info(join(msg)),
    warn: (...msg) => child.warn(join(msg)),
    error: (...msg) => child.error(join(msg)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

export interface DeskApp {
  app: App;
  start(): Promise<{ port: number | undefined }>;
  stop(): Promise<void>;
}

export function createApp(desk: Desk, db: Database): DeskApp {
  const { env, log } = desk;
  const socketMode = !!env.SLACK_APP_TOKEN;
  const healthz = {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: unknown, res: ServerResponse) => {
      void db.ping().then((up) => {
        res.writeHead(up ? 200 : 503, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ status: up ? 'ok' : 'unavailable', database: up ? 'reachable' : 'unreachable' }),
        );
      });
    },
  };
  const app = new App({
    token: env.SLACK_BOT_TOKEN,
    // Request signatures are always verified in HTTP mode: there is deliberately no setting to turn it off.
    signingSecret: env.SLACK_SIGNING_SECRET ?? '',
    socketMode,
    appToken: env.SLACK_APP_TOKEN,
    port: env.PORT,
    endpoints: '/slack/events',
    customRoutes: [healthz],
    // In Socket Mode /healthz is served on PORT by the receiver's own small HTTP server.
    ...(socketMode ? { installerOptions: { port: env.PORT } } : {}),
    clientOptions: env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {},
    logger: boltLogger(log),
    processBeforeResponse: false,
  });
  app.error(async (err) => {
    log.error({ err: err.message, code: (err as { code?: string }).code }, 'unhandled listener error');
  });
  app.use(dedupeEvents(desk));
  registerListeners(app, desk);

  let server: Server | undefined;
  return {
    app,
    async start() {
      const started = (await app.start(env.PORT)) as unknown;
      if (started && typeof (started as Server).address === 'function') server = started as Server;
      server?.on('request', (req: IncomingMessage, res: ServerResponse) => {
        if (req.method !== 'POST') return;
        const t0 = performance.now();
        res.once('finish', () => desk.ackTimes.record(performance.now() - t0, req.url ?? ''));
      });
      const address = server?.address();
      const port = address && typeof address === 'object' ? address.port : env.PORT;
      log.info({ port, mode: socketMode ? 'socket' : 'http' }, 'service desk listening');
      return { port };
    },
    async stop() {
      // Stop taking requests; in-flight ones finish, idle keep-alive sockets close now.
      const stopping = app.stop();
      server?.closeIdleConnections();
      await stopping;
    },
  };
}
