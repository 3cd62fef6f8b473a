import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, verifySlackRequest } from '@slack/bolt';
import {
  type Logger,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebClient,
  type WebClientOptions,
  LogLevel as WebLogLevel,
} from '@slack/web-api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fillModal, SlackDriver } from './harness/driver.ts';
import { type SlackStub, startSlackStub, waitFor } from './harness/slack-stub.ts';

const TOKEN = 'xoxb-stub-token';
const SECRET = 'stub-signing-secret';

const silent: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => WebLogLevel.ERROR,
  setName: () => {},
};

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const section = (text: string) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text } });

/** The Slack error code of a rejected WebClient call. */
async function slackError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof WebAPIPlatformError) return e.data.error;
    throw e;
  }
  throw new Error('expected the call to fail');
}

function newStub(): Promise<SlackStub> {
  return startSlackStub({
    botToken: TOKEN,
    teamId: 'T1',
    users: [
      { id: 'U1', name: 'alice', real_name: 'Alice', locale: 'en-US', tz: 'Europe/Paris', tz_offset: 3600 },
      { id: 'U2', name: 'bo', real_name: '王波', locale: 'zh-CN', tz: 'Asia/Shanghai', tz_offset: 28800 },
      { id: 'U3', name: 'carl' },
    ],
    channels: { C1: ['U1', 'U2'], C2: ['U1'], CARCH: ['U1'], COUT: ['U1'] },
    archivedChannels: ['CARCH'],
    botNotInChannels: ['COUT'],
    usergroups: { S1: ['U1', 'U2'] },
  });
}

describe('Slack stub with a real WebClient', () => {
  let stub: SlackStub;
  let client: WebClient;
  // The stub's `[ERROR]` response_metadata messages are logged by WebClient at error level: keep quiet here.
  const clientFor = (opts: WebClientOptions = {}, token: string | undefined = TOKEN) =>
    new WebClient(token, { slackApiUrl: stub.url, retryConfig: { retries: 0 }, logger: silent, ...opts });

  beforeAll(async () => {
    stub = await newStub();
  });
  afterAll(async () => {
    await stub.stop();
  });
  beforeEach(() => {
    stub.reset();
    client = clientFor();
  });

  it('has a base URL ending with /api/ and answers auth.test', async () => {
    expect(stub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, user_id: stub.botUserId, team_id: 'T1', bot_id: stub.botId });
    expect(stub.callsTo('auth.test')).toHaveLength(1);
  });

  it('checks the bearer token', async () => {
    expect(await slackError(clientFor({}, 'xoxb-wrong').auth.test())).toBe('invalid_auth');
    const noToken = new WebClient(undefined, {
      slackApiUrl: stub.url,
      retryConfig: { retries: 0 },
      logger: silent,
    });
    expect(await slackError(noToken.auth.test())).toBe('not_authed');
    stub.setTokenError('token_revoked');
    expect(await slackError(client.auth.test())).toBe('token_revoked');
  });

  it('posts, updates, threads and links messages', async () => {
    const blocks = [section('*Printer broken*')];
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'Printer broken', blocks });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(posted.channel).toBe('C1');
    expect(posted.message?.text).toBe('Printer broken');

    const second = await client.chat.postMessage({ channel: 'C1', text: 'reply', thread_ts: posted.ts! });
    expect(Number(second.ts)).toBeGreaterThan(Number(posted.ts));
    expect(stub.callsTo('chat.postMessage')[0]?.args.blocks).toEqual(blocks);

    await client.chat.update({
      channel: 'C1',
      ts: posted.ts!,
      text: 'Claimed',
      blocks: [section('Claimed')],
    });
    const stored = stub.message('C1', posted.ts!);
    expect(stored?.text).toBe('Claimed');
    expect(stored?.edited).toBeDefined();
    expect(stub.messages('C1').map((m) => m.text)).toEqual(['Claimed', 'reply']);
    expect(stub.threadReplies('C1', posted.ts!).map((m) => m.text)).toEqual(['reply']);

    const link = await client.chat.getPermalink({ channel: 'C1', message_ts: posted.ts! });
    expect(link.permalink).toBe(`https://stub.slack.test/archives/C1/p${posted.ts!.replace('.', '')}`);
    const replyLink = await client.chat.getPermalink({ channel: 'C1', message_ts: second.ts! });
    expect(replyLink.permalink).toContain(`?thread_ts=${posted.ts}&cid=C1`);

    expect(await slackError(client.chat.update({ channel: 'C1', ts: '1.000001', text: 'x' }))).toBe(
      'message_not_found',
    );
    // manifest.yml asks for no reactions:write: Slack answers missing_scope until it is granted.
    expect(
      await slackError(client.reactions.add({ channel: 'C1', timestamp: posted.ts!, name: 'eyes' })),
    ).toBe('missing_scope');
    stub.scopes.add('reactions:write');
    await client.reactions.add({ channel: 'C1', timestamp: posted.ts!, name: 'eyes' });
    expect(stub.message('C1', posted.ts!)?.reactions).toEqual([
      { name: 'eyes', users: [stub.botUserId], count: 1 },
    ]);
    await client.chat.delete({ channel: 'C1', ts: second.ts! });
    expect(stub.messages('C1')).toHaveLength(1);
  });

  it('answers channel errors like Slack', async () => {
    expect(await slackError(client.chat.postMessage({ channel: 'CNOPE', text: 'x' }))).toBe(
      'channel_not_found',
    );
    expect(await slackError(client.chat.postMessage({ channel: 'CARCH', text: 'x' }))).toBe('is_archived');
    expect(await slackError(client.chat.postMessage({ channel: 'COUT', text: 'x' }))).toBe('not_in_channel');
    expect(await slackError(client.chat.postMessage({ channel: 'C1', text: '' }))).toBe('no_text');
    expect(await slackError(client.chat.postMessage({ channel: 'C1', text: 'x'.repeat(4001) }))).toBe(
      'msg_too_long',
    );
  });

  it('rejects invalid blocks with the violations', async () => {
    const err = await clientFor()
      .chat.postMessage({
        channel: 'C1',
        text: 'x',
        blocks: [{ type: 'header', text: plain('h'.repeat(151)) }],
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebAPIPlatformError);
    const data = (err as WebAPIPlatformError).data as unknown as { error: string; errors: string[] };
    expect(data.error).toBe('invalid_blocks');
    expect(data.errors[0]).toContain('[json-pointer:/blocks/0/text/text]');
    const big = Array.from({ length: 5 }, () => section('y'.repeat(2900)));
    expect(await slackError(client.chat.postMessage({ channel: 'C1', text: 'x', blocks: big }))).toBe(
      'msg_blocks_too_long',
    );
    expect(stub.messages('C1')).toEqual([]);
  });

  it('resolves DMs to stable D channels and keeps them per user', async () => {
    const opened = await client.conversations.open({ users: 'U1' });
    const again = await client.conversations.open({ users: 'U1' });
    expect(opened.channel?.id).toBe(again.channel?.id);
    const posted = await client.chat.postMessage({ channel: 'U1', text: 'Your ticket T-1' });
    expect(posted.channel).toBe(opened.channel?.id);
    await client.chat.postMessage({ channel: opened.channel!.id!, text: 'second' });
    expect(stub.dmsTo('U1').map((m) => m.text)).toEqual(['Your ticket T-1', 'second']);
    expect(stub.dmsTo('U2')).toEqual([]);
    const info = await client.conversations.info({ channel: opened.channel!.id! });
    expect(info.channel).toMatchObject({ is_im: true, user: 'U1' });
  });

  it('posts ephemerals only to channel members', async () => {
    const res = await client.chat.postEphemeral({ channel: 'C1', user: 'U2', text: 'only you' });
    expect(res.message_ts).toBeDefined();
    expect(stub.ephemeralsTo('U2').map((e) => e.text)).toEqual(['only you']);
    expect(await slackError(client.chat.postEphemeral({ channel: 'C2', user: 'U2', text: 'x' }))).toBe(
      'user_not_in_channel',
    );
  });

  it('returns users with locale only when asked, and usergroups', async () => {
    const plainInfo = await client.users.info({ user: 'U2' });
    expect(plainInfo.user?.locale).toBeUndefined();
    const res = await client.users.info({ user: 'U2', include_locale: true });
    expect(res.user).toMatchObject({
      id: 'U2',
      real_name: '王波',
      locale: 'zh-CN',
      tz: 'Asia/Shanghai',
      tz_offset: 28800,
    });
    expect(await slackError(client.users.info({ user: 'UNOPE' }))).toBe('user_not_found');
    const group = await client.usergroups.users.list({ usergroup: 'S1' });
    expect(group.users).toEqual(['U1', 'U2']);
  });

  it('paginates conversations.members with cursors', async () => {
    stub.setChannelMembers('CBIG', ['U1', 'U2', 'U3', 'U4', 'U5']);
    const first = await client.conversations.members({ channel: 'CBIG', limit: 2 });
    expect(first.members).toEqual(['U1', 'U2']);
    expect(first.response_metadata?.next_cursor).not.toBe('');
    const all: string[] = [];
    for await (const page of client.paginate('conversations.members', { channel: 'CBIG', limit: 2 })) {
      all.push(...((page as { members?: string[] }).members ?? []));
    }
    // the bot is listed as a member, as in Slack
    expect(all).toEqual(['U1', 'U2', 'U3', 'U4', 'U5', stub.botUserId]);
    expect(await slackError(client.conversations.members({ channel: 'CBIG', cursor: 'garbage' }))).toBe(
      'invalid_cursor',
    );
  });

  describe('triggers and views', () => {
    const modal = (title = 'New ticket') => ({
      type: 'modal' as const,
      callback_id: 'new_ticket',
      title: plain(title),
      submit: plain('Create'),
      blocks: [
        {
          type: 'input' as const,
          block_id: 'title',
          label: plain('Title'),
          element: { type: 'plain_text_input' as const, action_id: 'v' },
        },
      ],
    });

    it('opens a modal once per trigger', async () => {
      const trigger = stub.issueTrigger({ user: 'U1' });
      const res = await client.views.open({ trigger_id: trigger, view: modal() });
      expect(res.view?.id).toMatch(/^V/);
      expect(res.view?.hash).toBeTruthy();
      expect(stub.openModal('U1')?.callback_id).toBe('new_ticket');
      expect(await slackError(client.views.open({ trigger_id: trigger, view: modal() }))).toBe(
        'exchanged_trigger_id',
      );
    });

    it('expires triggers after 3 s', async () => {
      const old = stub.issueTrigger({ user: 'U1', ageMs: 3001 });
      expect(await slackError(client.views.open({ trigger_id: old, view: modal() }))).toBe(
        'expired_trigger_id',
      );
      const fresh = stub.issueTrigger({ user: 'U1' });
      stub.advanceClock(3500);
      expect(await slackError(client.views.open({ trigger_id: fresh, view: modal() }))).toBe(
        'expired_trigger_id',
      );
      expect(await slackError(client.views.open({ trigger_id: '1.2.abc', view: modal() }))).toBe(
        'expired_trigger_id',
      );
      expect(await slackError(client.views.open({ trigger_id: 'nonsense', view: modal() }))).toBe(
        'invalid_trigger_id',
      );
    });

    it('rejects invalid views without using the trigger', async () => {
      const trigger = stub.issueTrigger({ user: 'U1' });
      expect(await slackError(client.views.open({ trigger_id: trigger, view: modal('x'.repeat(25)) }))).toBe(
        'invalid_blocks',
      );
      await client.views.open({ trigger_id: trigger, view: modal() });
    });

    it('pushes up to 3 views and honours hash on update', async () => {
      const opened = await client.views.open({
        trigger_id: stub.issueTrigger({ user: 'U1' }),
        view: modal(),
      });
      await client.views.push({ trigger_id: stub.issueTrigger({ user: 'U1' }), view: modal('Step 2') });
      await client.views.push({ trigger_id: stub.issueTrigger({ user: 'U1' }), view: modal('Step 3') });
      expect(
        await slackError(
          client.views.push({ trigger_id: stub.issueTrigger({ user: 'U1' }), view: modal('4') }),
        ),
      ).toBe('push_limit_reached');
      expect(stub.modalStack('U1')).toHaveLength(3);

      const id = opened.view!.id!;
      const hash = opened.view!.hash!;
      const updated = await client.views.update({ view_id: id, hash, view: modal('Updated') });
      expect(updated.view?.hash).not.toBe(hash);
      expect(await slackError(client.views.update({ view_id: id, hash, view: modal('Stale') }))).toBe(
        'hash_conflict',
      );
      expect(stub.view(id)?.title).toEqual(plain('Updated'));
      expect(await slackError(client.views.update({ view_id: 'VNOPE', view: modal() }))).toBe('not_found');
    });

    it('publishes home tabs', async () => {
      const res = await client.views.publish({
        user_id: 'U1',
        view: { type: 'home', blocks: [section('Hi')] },
      });
      expect(res.view?.type).toBe('home');
      await client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [section('Again')] } });
      expect(stub.homeView('U1')?.id).toBe(res.view?.id);
      expect(stub.homeView('U1')?.blocks).toMatchObject([section('Again')]);
    });
  });

  describe('failure injection', () => {
    it('answers 429 with Retry-After; WebClient waits and retries', async () => {
      stub.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
      const retrying = clientFor({ retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 10 } });
      const started = Date.now();
      const res = await retrying.chat.postMessage({ channel: 'C1', text: 'after limit' });
      expect(res.ok).toBe(true);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      const calls = stub.callsTo('chat.postMessage');
      expect(calls.map((c) => c.status)).toEqual([429, 200]);
      expect(stub.messages('C1')).toHaveLength(1);
    });

    it('lets WebClient reject rate-limited calls when asked', async () => {
      stub.failNext('users.info', { status: 429, retryAfter: 30 });
      const err = await clientFor({ rejectRateLimitedCalls: true })
        .users.info({ user: 'U1' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WebAPIRateLimitedError);
      expect((err as WebAPIRateLimitedError).retryAfter).toBe(30);
    });

    it('answers 500 and named errors, the given number of times', async () => {
      stub.failNext('chat.postMessage', { status: 500 });
      const err = await client.chat.postMessage({ channel: 'C1', text: 'x' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WebAPIHTTPError);
      expect((err as WebAPIHTTPError).statusCode).toBe(500);

      stub.failNext('chat.postMessage', { error: 'account_inactive' }, 2);
      expect(await slackError(client.chat.postMessage({ channel: 'C1', text: 'x' }))).toBe(
        'account_inactive',
      );
      expect(await slackError(client.chat.postMessage({ channel: 'C1', text: 'x' }))).toBe(
        'account_inactive',
      );
      await client.chat.postMessage({ channel: 'C1', text: 'x' });
      expect(stub.messages('C1')).toHaveLength(1);
    });

    it('loses the answer of a post it performed (the message is stored, the client hears nothing)', async () => {
      stub.failNext('chat.postMessage', { lost: true });
      const once = clientFor({ retryConfig: { retries: 0 } });
      const err = await once.chat
        .postMessage({ channel: 'C1', text: 'lost answer' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(stub.messages('C1').map((m) => m.text)).toEqual(['lost answer']);
      // A retrying client posts again: the duplicate the outbox must prevent.
      stub.failNext('chat.postMessage', { lost: true });
      const retrying = clientFor({ retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 10 } });
      await retrying.chat.postMessage({ channel: 'C1', text: 'twice' });
      expect(stub.messages('C1').filter((m) => m.text === 'twice')).toHaveLength(2);
    });

    it('holds the answer of a performed post until released', async () => {
      stub.failNext('chat.postMessage', { hold: true });
      const pending = client.chat.postMessage({ channel: 'C1', text: 'held' });
      const held = await stub.waitForHeld(1);
      expect(held[0]?.method).toBe('chat.postMessage');
      expect(stub.messages('C1').map((m) => m.text)).toEqual(['held']);
      stub.releaseHeld();
      expect((await pending).ok).toBe(true);
    });
  });

  it('accepts files.uploadV2 end to end', async () => {
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'ticket' });
    const res = await client.files.uploadV2({
      channel_id: 'C1',
      thread_ts: posted.ts!,
      filename: 'tickets.csv',
      title: 'Export',
      content: 'id,title\nT-1,Printer 打印机\n',
      initial_comment: 'Here is the export',
    });
    expect(res.ok).toBe(true);
    expect(stub.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(stub.callsTo('files.completeUploadExternal')).toHaveLength(1);
    const [file] = stub.files;
    expect(file).toMatchObject({
      filename: 'tickets.csv',
      title: 'Export',
      completed: true,
      channel: 'C1',
      initial_comment: 'Here is the export',
      thread_ts: posted.ts,
    });
    expect(file?.bytes?.toString('utf8')).toBe('id,title\nT-1,Printer 打印机\n');
    expect(file?.bytes?.length).toBe(file?.length);
    const shared = stub.threadReplies('C1', posted.ts!);
    expect(shared[0]?.files?.[0]?.id).toBe(file?.id);
  });

  it('refuses an upload to a user ID: files go to a conversation (C…, G…, D…)', async () => {
    const err = await slackError(
      client.files.uploadV2({ channel_id: 'U1', filename: 'x.csv', content: 'a,b\n' }),
    );
    expect(err).toBe('invalid_channel');
    const dm = await client.conversations.open({ users: 'U1' });
    const ok = await client.files.uploadV2({
      channel_id: dm.channel!.id!,
      filename: 'x.csv',
      content: 'a,b\n',
    });
    expect(ok.ok).toBe(true);
  });

  it('refuses unescaped markup that is not a link, mention or date token, in text and in blocks', async () => {
    expect(
      await slackError(client.chat.postMessage({ channel: 'C1', text: 'Usage: /ticket show <number>' })),
    ).toBe('invalid_arguments');
    expect(await slackError(client.chat.postMessage({ channel: 'C1', text: 'fees & taxes' }))).toBe(
      'invalid_arguments',
    );
    expect(
      await slackError(client.chat.postMessage({ channel: 'C1', text: 'x', blocks: [section('a <b> c')] })),
    ).toBe('invalid_blocks');
    // Escaped text, entities, mentions, channels, dates and links pass.
    const fine = await client.chat.postMessage({
      channel: 'C1',
      text: '&lt;number&gt; &amp; <@U1> <#C1|general> <!here> <!date^1700000000^{date_short}|Nov 14> <https://x.test/a?b=1|a link> <mailto:a@b.c>',
    });
    expect(fine.ok).toBe(true);
  });

  it('records response URL posts and applies them', async () => {
    const posted = await client.chat.postMessage({
      channel: 'C1',
      text: 'Open ticket',
      blocks: [section('Open')],
    });
    const url = stub.responseUrl('r1', { user: 'U1', channel: 'C1', messageTs: posted.ts! });
    const post = (body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    expect((await post({ text: 'Only for you' })).status).toBe(200);
    expect(stub.ephemeralsTo('U1').map((e) => e.text)).toEqual(['Only for you']);

    await post({ replace_original: true, text: 'Claimed', blocks: [section('Claimed by Alice')] });
    expect(stub.message('C1', posted.ts!)?.text).toBe('Claimed');

    const bad = await post({ text: 'x', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'no' } }] });
    expect(bad.status).toBe(400);
    expect(stub.responses.map((r) => r.outcome)).toEqual(['ephemeral', 'replaced', 'rejected']);
    expect(stub.responses[2]?.errors[0]).toMatch(/^invalid_blocks/);

    await post({ response_type: 'in_channel', text: 'Everyone sees this' });
    await post({ text: 'fifth use' });
    expect((await post({ text: 'sixth use' })).status).toBe(404);
  });

  it('waitFor polls until the condition holds, and times out', async () => {
    setTimeout(() => void client.chat.postMessage({ channel: 'C2', text: 'later' }), 50);
    const m = await stub.waitFor(() => stub.messages('C2').find((x) => x.text === 'later'));
    expect(m.channel).toBe('C2');
    await expect(waitFor(() => false, 100, 'never')).rejects.toThrow(/never not met within 100 ms/);
  });
});

describe('SlackDriver', () => {
  let stub: SlackStub;
  beforeAll(async () => {
    stub = await newStub();
  });
  afterAll(async () => {
    await stub.stop();
  });

  describe('request signing', () => {
    let server: Server;
    let received: { body: string; headers: IncomingHttpHeaders }[] = [];
    let driver: SlackDriver;
    beforeAll(async () => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
          res.writeHead(200).end();
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const { port } = server.address() as AddressInfo;
      driver = new SlackDriver({
        appUrl: `http://127.0.0.1:${port}/slack/events`,
        signingSecret: SECRET,
        stub,
      });
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));
    afterEach(() => {
      received = [];
    });

    const verify = (r: { body: string; headers: IncomingHttpHeaders }, secret = SECRET) =>
      verifySlackRequest({
        signingSecret: secret,
        body: r.body,
        headers: {
          'x-slack-signature': String(r.headers['x-slack-signature']),
          'x-slack-request-timestamp': Number(r.headers['x-slack-request-timestamp']),
        },
      });

    it('signs slash commands as Slack does', async () => {
      const res = await driver.command('printer broken', { user: 'U1', channel: 'C1' });
      expect(res.status).toBe(200);
      const [req] = received;
      expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(() => verify(req!)).not.toThrow();
      expect(() => verify(req!, 'other-secret')).toThrow();
      const form = new URLSearchParams(req!.body);
      expect(form.get('command')).toBe('/ticket');
      expect(form.get('text')).toBe('printer broken');
      expect(form.get('trigger_id')).toBe(res.triggerId);
      expect(form.get('response_url')).toBe(res.responseUrl);
    });

    it('can send a bad signature or an old timestamp', async () => {
      await driver.command('x', { user: 'U1', channel: 'C1', badSignature: true });
      await driver.command('x', { user: 'U1', channel: 'C1', ageSeconds: 600 });
      expect(() => verify(received[0]!)).toThrow();
      expect(() => verify(received[1]!)).toThrow(/stale|old|timestamp/i);
    });

    it('sends events as signed JSON with retry headers', async () => {
      const first = await driver.event({ type: 'app_mention', user: 'U1', channel: 'C1', text: 'hi' });
      await driver.event(
        { type: 'app_mention', user: 'U1', channel: 'C1', text: 'hi' },
        { eventId: first.eventId, retryNum: 1 },
      );
      expect(() => verify(received[0]!)).not.toThrow();
      const body = JSON.parse(received[1]!.body) as { type: string; event_id: string };
      expect(body).toMatchObject({ type: 'event_callback', event_id: first.eventId });
      expect(received[1]!.headers['x-slack-retry-num']).toBe('1');
      expect(received[1]!.headers['x-slack-retry-reason']).toBe('http_timeout');
    });
  });

  it('fillModal builds state.values in Slack shapes, unfilled inputs included', () => {
    const view = {
      blocks: [
        {
          type: 'input',
          block_id: 'title',
          label: plain('T'),
          element: { type: 'plain_text_input', action_id: 'v' },
        },
        {
          type: 'input',
          block_id: 'prio',
          label: plain('P'),
          element: {
            type: 'static_select',
            action_id: 'v',
            options: [
              { text: plain('High'), value: 'high' },
              { text: plain('Low'), value: 'low' },
            ],
          },
        },
        {
          type: 'input',
          block_id: 'tags',
          optional: true,
          label: plain('Tags'),
          element: {
            type: 'multi_static_select',
            action_id: 'v',
            options: [{ text: plain('A'), value: 'a' }],
          },
        },
        {
          type: 'input',
          block_id: 'due',
          label: plain('D'),
          element: { type: 'datepicker', action_id: 'v' },
        },
        {
          type: 'input',
          block_id: 'who',
          label: plain('W'),
          element: { type: 'users_select', action_id: 'v' },
        },
        {
          type: 'input',
          block_id: 'where',
          label: plain('C'),
          element: { type: 'multi_conversations_select', action_id: 'v', initial_conversations: ['C1'] },
        },
      ],
    };
    expect(fillModal(view, { title: 'Printer', prio: 'high', due: '2026-12-01', who: 'U2' })).toEqual({
      title: { v: { type: 'plain_text_input', value: 'Printer' } },
      prio: { v: { type: 'static_select', selected_option: { text: plain('High'), value: 'high' } } },
      tags: { v: { type: 'multi_static_select', selected_options: [] } },
      due: { v: { type: 'datepicker', selected_date: '2026-12-01' } },
      who: { v: { type: 'users_select', selected_user: 'U2' } },
      where: { v: { type: 'multi_conversations_select', selected_conversations: ['C1'] } },
    });
    expect(fillModal(view, {}).title).toEqual({ v: { type: 'plain_text_input', value: null } });
    expect(() => fillModal(view, { prio: 'medium' })).toThrow(/option "medium" is not defined/);
    expect(() => fillModal(view, { nope: 'x' })).toThrow(/no block with block_id nope/);
  });

  describe('against a real Bolt app', () => {
    let app: App;
    let driver: SlackDriver;

    beforeAll(async () => {
      app = new App({
        token: TOKEN,
        signingSecret: SECRET,
        logLevel: LogLevel.ERROR,
        clientOptions: { slackApiUrl: stub.url, retryConfig: { retries: 0 } },
      });
      app.command('/ticket', async ({ ack, body, client }) => {
        await ack();
        await client.views.open({
          trigger_id: body.trigger_id,
          view: {
            type: 'modal',
            callback_id: 'new_ticket',
            private_metadata: body.channel_id,
            title: plain('New ticket'),
            submit: plain('Create'),
            blocks: [
              {
                type: 'input',
                block_id: 'title',
                label: plain('Title'),
                element: { type: 'plain_text_input', action_id: 'v', initial_value: body.text },
              },
              {
                type: 'input',
                block_id: 'prio',
                label: plain('Priority'),
                element: {
                  type: 'static_select',
                  action_id: 'v',
                  options: [
                    { text: plain('High'), value: 'high' },
                    { text: plain('Low'), value: 'low' },
                  ],
                },
              },
            ],
          },
        });
      });
      app.view('new_ticket', async ({ ack, view, client }) => {
        const title = view.state.values.title?.v?.value ?? '';
        const prio = view.state.values.prio?.v?.selected_option?.value;
        if (title === 'more') {
          await ack({
            response_action: 'push',
            view: {
              type: 'modal',
              callback_id: 'details',
              title: plain('Details'),
              blocks: [
                section('Rows: 0'),
                {
                  type: 'actions',
                  block_id: 'rows',
                  elements: [{ type: 'button', action_id: 'add_row', text: plain('Add row') }],
                },
              ],
            },
          });
          return;
        }
        if (title.length < 3) {
          await ack({ response_action: 'errors', errors: { title: 'Too short' } });
          return;
        }
        await ack();
        await client.chat.postMessage({
          channel: view.private_metadata,
          text: `New ticket: ${title} (${prio})`,
          blocks: [
            section(`*${title}* (${prio})`),
            {
              type: 'actions',
              block_id: 'ticket',
              elements: [{ type: 'button', action_id: 'claim', text: plain('Claim'), value: 'T-1' }],
            },
          ],
        });
      });
      app.action('claim', async ({ ack, body, client }) => {
        await ack();
        if (body.type !== 'block_actions' || !body.channel || !body.message) return;
        const value = body.actions[0]?.type === 'button' ? body.actions[0].value : '';
        await client.chat.update({
          channel: body.channel.id,
          ts: body.message.ts,
          text: `${value} claimed by <@${body.user.id}>`,
          blocks: [section(`${value} claimed by <@${body.user.id}>`)],
        });
      });
      app.action('add_row', async ({ ack, body, client }) => {
        await ack();
        if (body.type !== 'block_actions' || !body.view) return;
        const rows = Number(/Rows: (\d+)/.exec(JSON.stringify(body.view.blocks))?.[1] ?? 0) + 1;
        await client.views.update({
          view_id: body.view.id,
          hash: body.view.hash,
          view: {
            type: 'modal',
            callback_id: 'details',
            title: plain('Details'),
            blocks: [section(`Rows: ${rows}`), ...body.view.blocks.slice(1)],
          },
        });
      });
      app.shortcut('to_ticket', async ({ ack, respond, shortcut }) => {
        await ack();
        if (shortcut.type === 'message_action')
          await respond({ text: `Ticket from "${shortcut.message.text}"` });
      });
      app.event('app_mention', async ({ event, say }) => {
        await say({ text: 'On it', thread_ts: event.ts });
      });
      const server = (await app.start(0)) as Server;
      const { port } = server.address() as AddressInfo;
      driver = new SlackDriver({
        appUrl: `http://127.0.0.1:${port}/slack/events`,
        signingSecret: SECRET,
        stub,
      });
    });
    afterAll(async () => {
      await app.stop();
    });

    it('runs command → modal → errors → submit → message → button → update', async () => {
      const cmd = await driver.command('pr', { user: 'U1', channel: 'C1' });
      expect(cmd.status).toBe(200);
      const modal = await stub.waitFor(() => stub.openModal('U1'));
      expect(modal.callback_id).toBe('new_ticket');

      const rejected = await driver.submitView({ user: 'U1', values: { prio: 'high' } });
      expect(rejected.outcome).toEqual({ action: 'errors', problems: [], errors: { title: 'Too short' } });
      expect(stub.openModal('U1')?.id).toBe(modal.id);

      const accepted = await driver.submitView({
        user: 'U1',
        values: { title: 'Printer broken', prio: 'high' },
      });
      expect(accepted.outcome.action).toBe('closed');
      expect(stub.openModal('U1')).toBeUndefined();
      const msg = await stub.waitFor(() => stub.messages('C1').find((m) => m.text.startsWith('New ticket')));
      expect(msg.text).toBe('New ticket: Printer broken (high)');

      const click = await driver.clickButton({
        user: 'U2',
        actionId: 'claim',
        message: { channel: 'C1', ts: msg.ts },
      });
      expect(click.status).toBe(200);
      await stub.waitFor(() => stub.message('C1', msg.ts)?.text === 'T-1 claimed by <@U2>');
    });

    it('handles pushed views and actions inside a modal (views.update with hash)', async () => {
      await driver.command('', { user: 'U3', channel: 'C1' });
      const first = await stub.waitFor(() => stub.openModal('U3'));
      const pushed = await driver.submitView({
        user: 'U3',
        view: first,
        values: { title: 'more', prio: 'low' },
      });
      expect(pushed.outcome.action).toBe('push');
      const details = stub.openModal('U3')!;
      expect(details).toMatchObject({
        callback_id: 'details',
        previous_view_id: first.id,
        root_view_id: first.id,
      });
      expect(stub.modalStack('U3')).toHaveLength(2);

      for (const expected of ['Rows: 1', 'Rows: 2']) {
        const before = stub.view(details.id)!.hash;
        await driver.clickButton({ user: 'U3', actionId: 'add_row', viewId: details.id });
        await stub.waitFor(() => stub.view(details.id)?.hash !== before);
        expect(stub.view(details.id)?.blocks[0]).toMatchObject(section(expected));
      }
      expect(stub.callsTo('views.update').map((c) => (c.response as { ok: boolean }).ok)).toEqual([
        true,
        true,
      ]);

      await driver.closeView({ user: 'U3' });
      expect(stub.openModal('U3')).toBeUndefined();
    });

    it('answers url_verification and rejects bad signatures', async () => {
      const ok = await driver.urlVerification('abc');
      expect(ok.body).toEqual({ challenge: 'abc' });
      expect((await driver.urlVerification('abc', { badSignature: true })).status).toBe(401);
      expect((await driver.urlVerification('abc', { ageSeconds: 600 })).status).toBe(401);
      expect((await driver.command('x', { user: 'U1', channel: 'C1', omitSignature: true })).status).toBe(
        401,
      );
    });

    it('delivers mentions and message shortcuts', async () => {
      const mention = await driver.userMessage({
        user: 'U1',
        channel: 'C1',
        text: `<@${stub.botUserId}> help`,
        eventType: 'app_mention',
      });
      expect(mention.status).toBe(200);
      await stub.waitFor(() => stub.threadReplies('C1', mention.message.ts).find((m) => m.text === 'On it'));

      await driver.shortcut({
        user: 'U2',
        callbackId: 'to_ticket',
        message: { channel: 'C1', ts: mention.message.ts },
      });
      await stub.waitFor(() => stub.ephemeralsTo('U2').find((e) => e.text?.startsWith('Ticket from')));
    });
  });
});
