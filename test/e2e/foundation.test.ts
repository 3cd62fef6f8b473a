import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { waitFor } from '../harness/slack-stub.ts';

let t: TestDesk;
beforeAll(async () => {
  t = await startTestDesk('foundation');
});
afterAll(async () => {
  await t?.stop();
});

describe('foundation over signed HTTP', () => {
  it('rejects a wrong signature and an old timestamp with 401', async () => {
    const bad = await t.driver.command('help', {
      user: PEOPLE.agentEn,
      channel: CHANNELS.frontDesk,
      badSignature: true,
    });
    expect(bad.status).toBe(401);
    const old = await t.driver.command('help', {
      user: PEOPLE.agentEn,
      channel: CHANNELS.frontDesk,
      ageSeconds: 6 * 60,
    });
    expect(old.status).toBe(401);
    expect(t.stub.responses.length).toBe(0);
  });

  it('answers /ticket help in English and Chinese, ephemerally', async () => {
    const en = await t.driver.command('help', { user: PEOPLE.agentEn, channel: CHANNELS.frontDesk });
    expect(en.status).toBe(200);
    const enReply = await waitFor(() => t.stub.responses.find((r) => r.id === en.responseUrlId));
    expect((enReply.body as { response_type: string }).response_type).toBe('ephemeral');
    expect(JSON.stringify(enReply.body)).toContain('open a ticket');

    const zh = await t.driver.command('help', { user: PEOPLE.agentZh, channel: CHANNELS.frontDesk });
    const zhReply = await waitFor(() => t.stub.responses.find((r) => r.id === zh.responseUrlId));
    expect(JSON.stringify(zhReply.body)).toContain('新建工单');
  });

  it('answers an unknown subcommand with the help and what was not understood', async () => {
    const res = await t.driver.command('shwo', { user: PEOPLE.agentEn, channel: CHANNELS.frontDesk });
    const reply = await waitFor(() => t.stub.responses.find((r) => r.id === res.responseUrlId));
    const text = JSON.stringify(reply.body);
    expect(text).toContain('I did not understand “shwo”');
    expect(text).toContain('/ticket show');
  });

  it('reports health: 200 with the database reachable', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });
});
