/**
 * Builds the Bolt app (HTTP mode on /slack/events, or Socket Mode when SLACK_APP_TOKEN is set)
 * and registers the listeners. Kept thin: behaviour lives in src/services/.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { App, type Logger as BoltLogger, LogLevel, SocketModeReceiver } from '@slack/bolt';
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
  const logger = boltLogger(log);
  // Fresh objects each time: Bolt and the Socket Mode client write into the options they are given.
  const clientOptions = () => (env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {});
  // Socket Mode: our own receiver (so stop() can wait for the WebSocket to close) and our own small
  // HTTP server for /healthz on PORT. Bolt's receiver would serve customRoutes itself, but it neither
  // reports the port it bound (PORT=0) nor waits for listen/close, and lets a listen error crash.
  const receiver = env.SLACK_APP_TOKEN
    ? new SocketModeReceiver({
        appToken: env.SLACK_APP_TOKEN,
        logger,
        installerOptions: { clientOptions: clientOptions() },
      })
    : undefined;
  const app = new App({
    token: env.SLACK_BOT_TOKEN,
    // Request signatures are always verified in HTTP mode: there is deliberately no setting to turn it off.
    signingSecret: env.SLACK_SIGNING_SECRET ?? '',
    ...(receiver
      ? { socketMode: true, receiver }
      : { port: env.PORT, endpoints: '/slack/events', customRoutes: [healthz] }),
    clientOptions: clientOptions(),
    logger,
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
      if (receiver) {
        server = createServer((req, res) => {
          const path = new URL(req.url ?? '/', 'http://localhost').pathname;
          if (req.method === 'GET' && path === healthz.path) healthz.handler(req, res);
          else res.writeHead(404).end();
        });
        server.listen(env.PORT);
        await once(server, 'listening'); // rejects on a listen error (port in use)
        try {
          await app.start(); // resolves on Slack's `hello`
        } catch (err) {
          server.close();
          throw err;
        }
      } else {
        const started = (await app.start(env.PORT)) as unknown;
        if (started && typeof (started as Server).address === 'function') server = started as Server;
        server?.on('request', (req: IncomingMessage, res: ServerResponse) => {
          if (req.method !== 'POST') return;
          const t0 = performance.now();
          res.once('finish', () => desk.ackTimes.record(performance.now() - t0, req.url ?? ''));
        });
      }
      const address = server?.address();
      const port = address && typeof address === 'object' ? address.port : env.PORT;
      log.info({ port, mode: socketMode ? 'socket' : 'http' }, 'service desk listening');
      return { port };
    },
    async stop() {
      if (receiver) {
        // Close the WebSocket first (close handshake, at most 2 s) so no new envelope arrives;
        // envelopes already received finish (background work is drained by the caller). Then /healthz.
        let timer: NodeJS.Timeout | undefined;
        const capped = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, 2_000);
        });
        await Promise.race([receiver.client.disconnect(), capped]);
        clearTimeout(timer);
        const health = server;
        if (health) {
          const closed = new Promise<void>((resolve) => health.close(() => resolve()));
          health.closeIdleConnections();
          await closed;
        }
        return;
      }
      // Stop taking requests; in-flight ones finish, idle keep-alive sockets close now.
      const stopping = app.stop();
      server?.closeIdleConnections();
      await stopping;
    },
  };
}
