/**
 * The bench's load generator, run as its own process (forked by bench/run.ts), so that the round
 * trips it times are not queued behind the app's, the Slack stand-in's or the bench's own work.
 *
 * Protocol (IPC): the bench sends `{ id, url, body, headers }` (the body built by the SlackDriver in
 * the stand-in process, unsigned); this process signs it with the signing secret it was given
 * (`BENCH_SIGNING_SECRET`), sends it and answers `{ id, status, text, headers, elapsedMs }`.
 * elapsedMs is request start → whole answer read, timed here. A request still unanswered after
 * TIMEOUT_MS is abandoned and answered with status 0 (Slack gives up after 3 s).
 */
import { createHmac } from 'node:crypto';

export interface LoadRequest {
  id: number;
  url: string;
  body: string;
  headers: Record<string, string>;
  /** Make the signature timestamp this many seconds old. */
  ageSeconds?: number;
  badSignature?: boolean;
  omitSignature?: boolean;
}

export interface LoadResponse {
  id: number;
  status: number;
  text: string;
  headers: Record<string, string>;
  elapsedMs: number;
  error?: string;
}

const secret = process.env.BENCH_SIGNING_SECRET ?? '';
const TIMEOUT_MS = 15_000;

function sign(body: string, ts: number): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
}

async function send(req: LoadRequest): Promise<LoadResponse> {
  const ts = Math.floor(Date.now() / 1000) - (req.ageSeconds ?? 0);
  const headers = { ...req.headers };
  if (!req.omitSignature) {
    headers['x-slack-request-timestamp'] = String(ts);
    headers['x-slack-signature'] = req.badSignature ? sign(`${req.body}tampered`, ts) : sign(req.body, ts);
  }
  const started = performance.now();
  try {
    const res = await fetch(req.url, {
      method: 'POST',
      headers,
      body: req.body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await res.text();
    const elapsedMs = performance.now() - started;
    return { id: req.id, status: res.status, text, headers: Object.fromEntries(res.headers), elapsedMs };
  } catch (err) {
    return {
      id: req.id,
      status: 0,
      text: '',
      headers: {},
      elapsedMs: performance.now() - started,
      error: (err as Error).message,
    };
  }
}

if (process.send) {
  process.on('message', (msg: LoadRequest) => {
    void send(msg).then((res) => process.send?.(res));
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ id: -1, status: 0, text: 'ready', headers: {}, elapsedMs: 0 } satisfies LoadResponse);
}
