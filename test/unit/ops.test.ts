/**
 * The operations plumbing on its own: how a Slack request is named in logs and metrics, readiness
 * states, and the Web API client counting calls by outcome against a tiny local Web API that answers
 * ok, an error code, HTTP 500 and 429.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { describeRequest } from '../../src/listeners/middleware/request-scope.ts';
import { createLogger } from '../../src/logger.ts';
import { DeskMetrics } from '../../src/ops/metrics.ts';
import { Readiness } from '../../src/ops/readiness.ts';
import { MeteredWebClient } from '../../src/ops/slack-client.ts';

describe('describeRequest', () => {
  it.each([
    [
      { command: '/ticket', trigger_id: 'T1' },
      { rid: 'T1', type: 'command', action: '/ticket' },
    ],
    [
      { type: 'block_actions', trigger_id: 'T2', actions: [{ action_id: 'desk_claim' }] },
      { rid: 'T2', type: 'block_actions', action: 'desk_claim' },
    ],
    [
      { type: 'view_submission', trigger_id: 'T3', view: { id: 'V3', callback_id: 'intake' } },
      { rid: 'T3', type: 'view_submission', action: 'intake' },
    ],
    [
      { type: 'view_closed', view: { id: 'V4', callback_id: 'intake' } },
      { rid: 'V4', type: 'view_closed', action: 'intake' },
    ],
    [
      { type: 'message_action', trigger_id: 'T5', callback_id: 'create_ticket' },
      { rid: 'T5', type: 'message_action', action: 'create_ticket' },
    ],
    [
      { type: 'event_callback', event_id: 'Ev6', event: { type: 'app_home_opened' } },
      { rid: 'Ev6', type: 'event_callback', action: 'app_home_opened' },
    ],
  ])('%j', (body, expected) => {
    expect(describeRequest(body)).toEqual(expected);
  });

  it('makes up an id when Slack sends none', () => {
    const d = describeRequest({ type: 'block_suggestion', action_id: 'customer' });
    expect(d).toMatchObject({ type: 'block_suggestion', action: 'customer' });
    expect(d.rid).toMatch(/^r[0-9a-f]{12}$/);
  });
});

describe('Readiness', () => {
  it('is ready once config, database and Slack are ok, and not ready from shutdown on', () => {
    const r = new Readiness();
    expect(r.report()).toMatchObject({ ready: false, status: 'starting' });
    r.set('config', 'ok');
    r.set('database', 'ok');
    r.set('slack', 'invalid_auth');
    expect(r.report()).toMatchObject({ ready: false, checks: { slack: 'invalid_auth' } });
    r.set('slack', 'ok');
    expect(r.report()).toMatchObject({ ready: true, status: 'ready' });
    r.shuttingDown();
    expect(r.report()).toMatchObject({ ready: false, status: 'shutting_down' });
  });
});

describe('MeteredWebClient', () => {
  it('counts calls by method and outcome: ok, Slack error code, HTTP status, rate limited', async () => {
    const server = createServer((req, res) => {
      const method = (req.url ?? '').split('/').pop();
      if (method === 'auth.test')
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      else if (method === 'chat.postMessage')
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"ok":false,"error":"channel_not_found"}');
      else if (method === 'chat.update') res.writeHead(500).end('down');
      else res.writeHead(429, { 'retry-after': '30' }).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    const port = address && typeof address === 'object' ? address.port : 0;
    try {
      const metrics = new DeskMetrics();
      const client = new MeteredWebClient('xoxb-test', {
        slackApiUrl: `http://127.0.0.1:${port}/api/`,
        rejectRateLimitedCalls: true,
        retryConfig: { retries: 0 },
      });
      client.observe(metrics, createLogger('silent'));
      await client.auth.test();
      await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toThrow();
      await expect(client.chat.update({ channel: 'C1', ts: '1.2', text: 'x' })).rejects.toThrow();
      await expect(
        client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [] } }),
      ).rejects.toThrow();
      const text = (await metrics.render()).body;
      expect(text).toContain('desk_slack_api_calls_total{method="auth.test",outcome="ok"} 1');
      expect(text).toContain(
        'desk_slack_api_calls_total{method="chat.postMessage",outcome="channel_not_found"} 1',
      );
      expect(text).toContain('desk_slack_api_calls_total{method="chat.update",outcome="http_500"} 1');
      expect(text).toContain('desk_slack_api_calls_total{method="views.publish",outcome="rate_limited"} 1');
      expect(text).toContain('desk_slack_api_call_seconds_count{method="auth.test"} 1');
    } finally {
      server.close();
    }
  });
});
