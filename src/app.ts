/**
 * Builds the Bolt app (HTTP mode on /slack/events, or Socket Mode when SLACK_APP_TOKEN is set)
 * and registers the listeners. Kept thin: behaviour lives in src/services/. The HTTP server itself
 * (/slack/events, /healthz, /readyz, /metrics) is src/ops/http-server.ts: it listens before the
 * database is up, and this app's request listener is attached to it once the desk is built.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { App, type Logger as BoltLogger, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Desk } from './context.ts';
import { registerListeners } from './listeners/index.ts';
import { dedupeEvents } from './listeners/middleware/dedupe-events.ts';
import { describeRequest, requestScope } from './listeners/middleware/request-scope.ts';
import type { Logger } from './logger.ts';
import { type LogScope, runInScope } from './ops/log-scope.ts';

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

type Ack = (response?: Record<string, unknown>) => Promise<void>;

export interface DeskApp {
  app: App;
  /**
   * HTTP mode: Slack's requests, for the desk's HTTP server. Each request runs in its own log scope
   * and its answer time is recorded (AckTimes and the ack histogram) by request type and action
   * (in Socket Mode: from the envelope's arrival to its ack).
   */
  slackListener: RequestListener | undefined;
  /** Socket Mode: connects (resolves on Slack's `hello`). HTTP mode: nothing to do. */
  start(): Promise<void>;
  /** Socket Mode: closes the WebSocket (at most 2 s) so no new envelope arrives. */
  stop(): Promise<void>;
}

export function createApp(desk: Desk): DeskApp {
  const { env, log } = desk;
  const logger = boltLogger(log);
  // Fresh objects each time: Bolt and the Socket Mode client write into the options they are given.
  const clientOptions = () => (env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {});
  // Socket Mode: our own receiver, so stop() can wait for the WebSocket to close.
  const socket = env.SLACK_APP_TOKEN
    ? new SocketModeReceiver({
        appToken: env.SLACK_APP_TOKEN,
        logger,
        installerOptions: { clientOptions: clientOptions() },
      })
    : undefined;
  // HTTP mode: Bolt's receiver without its own server; its request listener is served by ours.
  // Request signatures are always verified: there is deliberately no setting to turn it off.
  const http = socket
    ? undefined
    : new HTTPReceiver({
        signingSecret: env.SLACK_SIGNING_SECRET ?? '',
        endpoints: '/slack/events',
        logger,
        processBeforeResponse: false,
      });
  const app = new App({
    token: env.SLACK_BOT_TOKEN,
    ...(socket ? { socketMode: true, receiver: socket } : { receiver: http }),
    clientOptions: clientOptions(),
    logger,
  });
  app.error(async (err) => {
    log.error({ err: err.message, code: (err as { code?: string }).code }, 'unhandled listener error');
  });
  app.use(requestScope());
  app.use(dedupeEvents(desk));
  registerListeners(app, desk);

  const answered = (
    started: number,
    type: string | undefined,
    action: string | undefined,
    fallback: string,
  ) => {
    const ms = performance.now() - started;
    desk.ackTimes.record(ms, type ? `${type} ${action ?? ''}` : fallback);
    if (type) desk.metrics.observeAck(type, action, ms / 1000);
  };
  const slackListener = http
    ? (req: IncomingMessage, res: ServerResponse) => {
        const scope: LogScope = {};
        const started = performance.now();
        const done = desk.background.answerStarted();
        res.once('close', done);
        res.once('finish', () => {
          done();
          answered(started, scope.type, scope.action, req.url ?? '');
        });
        runInScope(scope, () => http.requestListener(req, res));
      }
    : undefined;
  // Socket Mode: time each envelope from its arrival to its ack frame. The timing listener must run
  // before Bolt's (which takes the envelope's ack at once), and the client's emitter (eventemitter3)
  // cannot prepend: so Bolt's listeners are taken off and put back after it.
  if (socket) {
    const client = socket.client;
    const bolts = client.listeners('slack_event');
    client.removeAllListeners('slack_event');
    client.on('slack_event', (envelope: { ack: Ack; body: unknown }) => {
      const started = performance.now();
      const ack = envelope.ack;
      const done = desk.background.answerStarted();
      envelope.ack = async (response) => {
        await ack(response).finally(done);
        const { type, action } = describeRequest(envelope.body);
        answered(started, type, action, 'socket envelope');
      };
    });
    for (const listener of bolts) client.on('slack_event', listener);
  }

  return {
    app,
    slackListener,
    async start() {
      if (socket) await app.start(); // resolves on Slack's `hello`
    },
    async stop() {
      if (!socket) return;
      let timer: NodeJS.Timeout | undefined;
      const capped = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 2_000);
      });
      await Promise.race([socket.client.disconnect(), capped]);
      clearTimeout(timer);
    },
  };
}
