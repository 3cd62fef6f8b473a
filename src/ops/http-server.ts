/**
 * The desk's HTTP server on PORT, in both modes, listening before the database is connected:
 * `GET /healthz` (liveness: 200 while the database answers a ping), `GET /readyz` (readiness, see
 * readiness.ts), `POST /slack/events` in HTTP mode (handed to Bolt's receiver once the app is built;
 * 503 before that and during shutdown, so Slack retries elsewhere) and, only when METRICS_TOKEN is
 * set and METRICS_PORT is not, `GET /metrics` behind that bearer token. With METRICS_PORT the metrics
 * get their own listener (startMetricsServer) on METRICS_HOST, by default 127.0.0.1.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Logger } from '../logger.ts';
import type { DeskMetrics } from './metrics.ts';
import type { Readiness } from './readiness.ts';

export const SLACK_PATH = '/slack/events';

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** True when the request carries `Authorization: Bearer <token>` (compared in constant time). */
function bearerOk(req: IncomingMessage, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return !!m && timingSafeEqual(digest(m[1]!), digest(token));
}

/** Serves /metrics: 401 without the token (when one is configured), else the exposition text. */
function serveMetrics(req: IncomingMessage, res: ServerResponse, metrics: DeskMetrics, token?: string): void {
  if (token && !bearerOk(req, token)) {
    res.writeHead(401, { 'www-authenticate': 'Bearer realm="metrics"' }).end();
    return;
  }
  metrics.render().then(
    ({ contentType, body }) => {
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
      res.end(body);
    },
    (err: Error) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${err.message}`);
    },
  );
}

async function listen(server: Server, port: number, host?: string): Promise<number> {
  server.listen(port, host);
  await once(server, 'listening'); // rejects on a listen error (port in use)
  const address = server.address();
  return address && typeof address === 'object' ? address.port : port;
}

async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), 2_000);
  force.unref();
  await closed;
  clearTimeout(force);
}

export interface DeskHttpServer {
  port: number;
  /** The liveness check once the database exists (before that /healthz answers 503). */
  setPing(ping: () => Promise<boolean>): void;
  /** HTTP mode: where Slack's requests go from now on. */
  attachSlack(listener: RequestListener): void;
  /** Shutdown, first step: new Slack requests get 503; resolves when those in flight are answered (at most 5 s). */
  stopSlack(): Promise<void>;
  close(): Promise<void>;
}

export interface HttpServerOptions {
  port: number;
  log: Logger;
  readiness: Readiness;
  metrics: DeskMetrics;
  /** Serve /metrics on this server behind this bearer token (undefined: not served here). */
  metricsToken?: string;
}

export async function startHttpServer(opts: HttpServerOptions): Promise<DeskHttpServer> {
  const { readiness } = opts;
  let ping: (() => Promise<boolean>) | undefined;
  let slack: RequestListener | undefined;
  let slackOpen = true;
  let inFlight = 0;
  let settled: (() => void) | undefined;

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === '/healthz') {
      if (!ping) {
        json(res, 503, { status: 'unavailable', database: 'connecting' });
        return;
      }
      void ping().then((up) =>
        json(res, up ? 200 : 503, {
          status: up ? 'ok' : 'unavailable',
          database: up ? 'reachable' : 'unreachable',
        }),
      );
      return;
    }
    if (req.method === 'GET' && path === '/readyz') {
      const report = readiness.report();
      json(res, report.ready ? 200 : 503, report);
      return;
    }
    if (req.method === 'GET' && path === '/metrics' && opts.metricsToken) {
      serveMetrics(req, res, opts.metrics, opts.metricsToken);
      return;
    }
    if (path === SLACK_PATH && req.method === 'POST') {
      if (!slack || !slackOpen) {
        res.writeHead(503, { 'retry-after': '1', connection: 'close' }).end();
        return;
      }
      inFlight++;
      res.once('close', () => {
        inFlight--;
        if (inFlight === 0) settled?.();
      });
      try {
        slack(req, res);
      } catch (err) {
        opts.log.error({ err: (err as Error).message }, 'slack request not dispatched');
        if (!res.headersSent) res.writeHead(500).end();
      }
      return;
    }
    res.writeHead(404).end();
  });
  const port = await listen(server, opts.port);
  opts.log.info({ port }, 'http server listening (/healthz, /readyz)');
  return {
    port,
    setPing(p) {
      ping = p;
    },
    attachSlack(listener) {
      slack = listener;
    },
    async stopSlack() {
      slackOpen = false;
      if (inFlight === 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => {
          settled = resolve;
        }),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, 5_000);
        }),
      ]);
      clearTimeout(timer);
    },
    close: () => closeServer(server),
  };
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** METRICS_PORT: /metrics on its own listener (METRICS_HOST), optionally behind METRICS_TOKEN. */
export async function startMetricsServer(opts: {
  host: string;
  port: number;
  token?: string;
  metrics: DeskMetrics;
  log: Logger;
}): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === '/metrics') serveMetrics(req, res, opts.metrics, opts.token);
    else res.writeHead(404).end();
  });
  const port = await listen(server, opts.port, opts.host);
  opts.log.info({ host: opts.host, port, auth: opts.token ? 'bearer' : 'none' }, 'metrics listening');
  return { port, close: () => closeServer(server) };
}
