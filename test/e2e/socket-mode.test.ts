/**
 * Socket Mode end to end: the real app with SLACK_APP_TOKEN set connects through
 * apps.connections.open (app-level token) to the stand-in's WebSocket, receives slash commands,
 * view submissions and events as envelopes, and answers with ack frames; /healthz stays on PORT.
 */
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK } from '../../blocks/ids.ts';
import { CHANNELS, PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { type BlockFill, fillModal } from '../harness/driver.ts';
import { type SocketAck, waitFor } from '../harness/slack-stub.ts';

let t: TestDesk;
beforeAll(async () => {
  t = await startTestDesk('socket-mode', { socketMode: true });
});
afterAll(async () => {
  await t?.stop();
});

let seq = 0;

/** A slash command as Slack sends it in Socket Mode (`slash_commands` envelope); a reply in the ack is shown. */
async function command(text: string, user: string, channel: string) {
  const triggerId = t.stub.issueTrigger({ user });
  const responseUrlId = `SM${++seq}`;
  const responseUrl = t.stub.responseUrl(responseUrlId, { user, channel });
  const envelopeId = `env-cmd-${seq}`;
  const ack = await t.stub.socketSend({
    type: 'slash_commands',
    envelope_id: envelopeId,
    accepts_response_payload: true,
    payload: {
      token: 'stub-verification-token',
      team_id: t.stub.teamId,
      team_domain: t.stub.teamDomain,
      channel_id: channel,
      channel_name: t.stub.channel(channel)?.name ?? channel,
      user_id: user,
      user_name: t.stub.user(user)?.name ?? user,
      command: '/ticket',
      text,
      api_app_id: t.stub.appId,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: triggerId,
    },
  });
  if (ack.payload && Object.keys(ack.payload).length > 0)
    t.stub.deliverResponse(responseUrlId, ack.payload, 'ack');
  return { ack, responseUrlId, triggerId, envelopeId };
}

/** Submits the user's open modal as an `interactive` envelope and applies the ack's payload to the stub. */
async function submitView(user: string, values: Record<string, BlockFill>) {
  const view = t.stub.openModal(user);
  if (!view) throw new Error(`no open modal for ${user}`);
  const ack: SocketAck = await t.stub.socketSend({
    type: 'interactive',
    accepts_response_payload: true,
    payload: {
      type: 'view_submission',
      team: { id: t.stub.teamId, domain: t.stub.teamDomain },
      user: { id: user, username: user, name: user, team_id: t.stub.teamId },
      api_app_id: t.stub.appId,
      token: 'stub-verification-token',
      trigger_id: t.stub.issueTrigger({ user }),
      view: { ...t.stub.viewPayload(view), state: { values: fillModal(view, values) } },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    },
  });
  const outcome = t.stub.applyViewSubmissionAnswer(user, view.id, 200, ack.payload ?? {});
  return { ack, outcome };
}

/** An Events API callback in an `events_api` envelope. */
function eventEnvelope(event: Record<string, unknown>, eventId: string, envelopeId: string, retry?: number) {
  return {
    type: 'events_api' as const,
    envelope_id: envelopeId,
    accepts_response_payload: false,
    ...(retry ? { retry_attempt: retry, retry_reason: 'timeout' } : { retry_attempt: 0 }),
    payload: {
      token: 'stub-verification-token',
      team_id: t.stub.teamId,
      api_app_id: t.stub.appId,
      event: { ...event, event_ts: t.stub.nextTs() },
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        {
          enterprise_id: null,
          team_id: t.stub.teamId,
          user_id: t.stub.botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
    },
  };
}

const GOOD = {
  customer_name: 'Li Lei',
  customer_phone: '13812345678',
  contact_channel: 'website',
  request_type: 'service_request',
  category: 'functional_fault',
  description: 'The coupon is refused as invalid at checkout since this morning.',
  desired_outcome: 'refund',
  urgency: 'normal',
  impact: 'partial',
};

describe('Socket Mode', () => {
  it('connects with the app-level token (the bot token is refused by apps.connections.open)', async () => {
    expect(t.stub.socketConnections()).toBe(1);
    const opens = t.stub.callsTo('apps.connections.open');
    expect(opens.length).toBe(1);
    expect(opens[0]?.response).toMatchObject({ ok: true });
    const withBotToken = new WebClient(t.stub.botToken, {
      slackApiUrl: t.stub.url,
      retryConfig: { retries: 0 },
    });
    await expect(withBotToken.apps.connections.open({})).rejects.toThrow(/not_allowed_token_type/);
  });

  it('serves /healthz on PORT', async () => {
    expect(t.running.port).toBeGreaterThan(0);
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('acks /ticket help over the socket and answers ephemerally through the response URL', async () => {
    const { ack, responseUrlId, envelopeId } = await command('help', PEOPLE.agentEn, CHANNELS.frontDesk);
    expect(ack.envelope_id).toBe(envelopeId);
    const reply = await waitFor(() => t.stub.responses.find((r) => r.id === responseUrlId));
    expect((reply.body as { response_type: string }).response_type).toBe('ephemeral');
    expect(JSON.stringify(reply.body)).toContain('open a ticket');
  });

  it('opens the intake modal with the trigger, shows field errors in the ack, and stores a good submission', async () => {
    t.clock.set('2026-11-23T10:00:00+08:00');
    const { triggerId } = await command('', PEOPLE.agentEn, CHANNELS.frontDesk);
    await waitFor(() => t.stub.openModal(PEOPLE.agentEn));
    expect(t.stub.callsTo('views.open').at(-1)?.args.trigger_id).toBe(triggerId);

    const bad = await submitView(PEOPLE.agentEn, { ...GOOD, customer_phone: '12345' });
    expect(bad.ack.payload).toMatchObject({ response_action: 'errors' });
    expect(bad.outcome.action).toBe('errors');
    expect(Object.keys(bad.outcome.errors ?? {})).toEqual(['customer_phone']);

    const good = await submitView(PEOPLE.agentEn, GOOD);
    // Answered in the ack frame with the form marked "saving"; it turns into "created" once stored.
    expect(good.outcome).toEqual({ action: 'update', problems: [] });
    await waitFor(() => t.stub.openModal(PEOPLE.agentEn)?.callback_id === CALLBACK.intakeCreated);
    await t.idle();
    const tickets = await t.running.desk.models.Ticket.find({});
    expect(tickets).toHaveLength(1);
    const cardTs = tickets[0]!.card?.ts;
    const card = t.stub.messages(CHANNELS.tech).find((m) => m.ts === cardTs);
    expect(card?.user).toBe(t.stub.botUserId);
    expect(JSON.stringify(card?.blocks)).toContain(tickets[0]!.number);
  });

  it('processes the same event delivered twice (same envelope, same event_id) once', async () => {
    const event = { type: 'app_home_opened', user: PEOPLE.techMember, channel: 'D0HOME0001', tab: 'home' };
    const first = await t.stub.socketSend(eventEnvelope(event, 'Ev0SOCKDUP1', 'env-dup-1'));
    expect(first.envelope_id).toBe('env-dup-1');
    await waitFor(() => t.stub.homeView(PEOPLE.techMember));
    await t.idle();
    const again = await t.stub.socketSend(eventEnvelope(event, 'Ev0SOCKDUP1', 'env-dup-1', 1));
    expect(again.envelope_id).toBe('env-dup-1');
    // A later, different event as a barrier: once it is handled, the duplicate has been too.
    const other = { ...event, user: PEOPLE.techMember2 };
    await t.stub.socketSend(eventEnvelope(other, 'Ev0SOCKDUP2', 'env-dup-2'));
    await waitFor(() => t.stub.homeView(PEOPLE.techMember2));
    await t.idle();
    expect(t.stub.callsTo('views.publish').filter((c) => c.args.user_id === PEOPLE.techMember)).toHaveLength(
      1,
    );
    expect(await t.running.desk.models.ProcessedEvent.countDocuments({ _id: 'Ev0SOCKDUP1' })).toBe(1);
  });

  it('reconnects with a new URL after Slack sends `disconnect`', async () => {
    const opened = t.stub.callsTo('apps.connections.open').length;
    t.stub.socketDisconnect('refresh_requested');
    await waitFor(() => t.stub.socketConnections() === 0);
    // The client waits its ping timeout (5 s) before reconnecting.
    await waitFor(
      () => t.stub.callsTo('apps.connections.open').length === opened + 1 && t.stub.socketConnections() === 1,
      9000,
    );
    const { responseUrlId } = await command('help', PEOPLE.agentEn, CHANNELS.frontDesk);
    await waitFor(() => t.stub.responses.find((r) => r.id === responseUrlId));
  }, 15_000);

  it('stop() closes the WebSocket and /healthz', async () => {
    // Behaviour, not a time budget: stop() resolves, and by then the socket and the server are closed.
    await t.running.stop();
    expect(t.stub.socketConnections()).toBe(0);
    await expect(fetch(`${t.url}/healthz`)).rejects.toThrow();
  });
});
