// Slack correctness (issue 13): markup from a message shortcut read back cleanly, text that fits
// whichever length Slack counts, a refused click in App Home answered, and the start-up channel check.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, PROGRESS_FIELD } from '../../blocks/ids.ts';
import {
  BOT_TOKEN,
  CHANNELS,
  PEOPLE,
  startTestDesk,
  type TestDesk,
  testChannels,
  testUsers,
} from '../harness/app.ts';
import { submitIntake } from '../harness/intake.ts';
import { startSlackStub, waitFor } from '../harness/slack-stub.ts';
import { currentCard, openSeeded } from './workflow-fixtures.ts';

let t: TestDesk;
beforeAll(async () => {
  t = await startTestDesk('slack_correct');
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(async () => {
  await t.idle();
  t.stub.reset();
});

const INTAKE = {
  customer_name: '王小明',
  customer_phone: '13812345678',
  contact_channel: 'website',
  request_type: 'service_request',
  category: 'functional_fault',
  desired_outcome: 'Works again',
  urgency: 'normal',
  impact: 'partial',
};

describe('message shortcut', () => {
  it('reads Slack markup back into readable text, and the card escapes it exactly once', async () => {
    const msg = t.stub.addMessage(CHANNELS.frontDesk, {
      user: PEOPLE.agentEn,
      text: 'Order total &lt;100&gt; &amp; fees wrong since 9:00, ask <@U0AGENTZH1>, see <https://shop.example.com/o/1|the order page>',
    });
    await t.driver.shortcut({
      user: PEOPLE.agentEn,
      callbackId: 'create_ticket',
      message: { channel: CHANNELS.frontDesk, ts: msg.ts },
    });
    const view = await waitFor(() => t.stub.openModal(PEOPLE.agentEn));
    const typed =
      'Order total <100> & fees wrong since 9:00, ask @U0AGENTZH1, see the order page (https://shop.example.com/o/1)';
    expect(JSON.stringify(view.blocks)).toContain(JSON.stringify(typed).slice(1, -1));
    const res = await submitIntake(t.driver, t.stub, { user: PEOPLE.agentEn, values: INTAKE });
    expect(res.result).toBe('created');
    await t.idle();
    const ticket = (await t.running.desk.models.Ticket.findOne({ 'source.ts': msg.ts }).lean())!;
    expect(ticket.description).toBe(typed);
    const card = await currentCard(t, ticket);
    const shown = JSON.stringify(card.blocks);
    expect(shown).toContain('Order total &lt;100&gt; &amp; fees');
    expect(shown).not.toContain('&amp;lt;');
    expect(shown).not.toContain('<@U0AGENTZH1>');
  });
});

describe('text length', () => {
  it('opens the intake form for a /ticket text full of emoji: within max_length in UTF-16 units, no pair cut', async () => {
    const text = `打印机坏了 ${'😀'.repeat(2000)}`;
    const res = await t.driver.command(text, { user: PEOPLE.agentEn, channel: CHANNELS.frontDesk });
    expect(res.status).toBe(200);
    const view = await waitFor(() => t.stub.openModal(PEOPLE.agentEn));
    const desc = JSON.stringify(view.blocks).match(/"initial_value":"(打印机坏了[^"]*)"/)?.[1] ?? '';
    expect(desc.length).toBeGreaterThan(100);
    // No lone surrogate survives the cut (a split pair would be a lone high surrogate).
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(JSON.parse(`"${desc}"`))).toBe(false);
  });
});

describe('App Home', () => {
  it('answers a refused Claim clicked in the Home tab by DM and redraws Home (no response_url there)', async () => {
    await t.driver.event({
      type: 'app_home_opened',
      user: PEOPLE.techMember,
      channel: `D${PEOPLE.techMember}`,
      tab: 'home',
    });
    const ticket = await openSeeded(t, { opener: PEOPLE.agentEn });
    const home = await waitFor(() => {
      const h = t.stub.homeView(PEOPLE.techMember);
      return h && JSON.stringify(h.blocks).includes(ticket.number) ? h : undefined;
    });
    // Someone else claims it from the card first.
    const card = await currentCard(t, ticket);
    await t.driver.clickButton({
      user: PEOPLE.techMember2,
      actionId: ACTION.claim,
      message: { channel: card.channel, ts: card.ts },
    });
    await t.idle();
    const publishesBefore = t.stub
      .callsTo('views.publish')
      .filter((c) => c.args.user_id === PEOPLE.techMember).length;
    type B = {
      block_id?: string;
      accessory?: { action_id?: string; value?: string };
      elements?: { action_id?: string; value?: string }[];
    };
    const claimBlock = (home.blocks as B[]).find((b) =>
      [b.accessory, ...(b.elements ?? [])].some(
        (e) => e?.action_id === ACTION.claim && e.value === ticket.number,
      ),
    );
    const res = await t.driver.clickButton({
      user: PEOPLE.techMember,
      actionId: ACTION.claim,
      viewId: home.id,
      ...(claimBlock?.block_id ? { blockId: claimBlock.block_id } : {}),
    });
    expect(res.status).toBe(200);
    await t.idle();
    const dm = await waitFor(() =>
      t.stub.messages(`D${PEOPLE.techMember}`).find((m) => m.text.includes(PEOPLE.techMember2)),
    );
    expect(dm.text).toContain(`<@${PEOPLE.techMember2}>`);
    expect(
      t.stub.callsTo('views.publish').filter((c) => c.args.user_id === PEOPLE.techMember).length,
    ).toBeGreaterThan(publishesBefore);
  });
});

describe('field errors', () => {
  it('are plain text: a refusal naming the owner shows @U…, not raw <@U…> markup', async () => {
    const ticket = await openSeeded(t, { opener: PEOPLE.agentEn });
    const card = await currentCard(t, ticket);
    await t.driver.clickButton({
      user: PEOPLE.techMember,
      actionId: ACTION.claim,
      message: { channel: card.channel, ts: card.ts },
    });
    await t.idle();
    const claimed = await currentCard(t, ticket);
    await t.driver.clickButton({
      user: PEOPLE.techMember,
      actionId: ACTION.progress,
      message: { channel: claimed.channel, ts: claimed.ts },
    });
    await waitFor(() => t.stub.openModal(PEOPLE.techMember));
    // Meanwhile the ticket was given to someone else: the submission is refused on the form.
    await t.running.desk.models.Ticket.updateOne(
      { _id: ticket._id },
      { $set: { ownerId: PEOPLE.techMember2 } },
    );
    const res = await t.driver.submitView({
      user: PEOPLE.techMember,
      values: {
        [PROGRESS_FIELD.stage]: 'review',
        [PROGRESS_FIELD.note]: 'Looked at the coupon service logs',
      },
    });
    expect(res.outcome.action).toBe('errors');
    expect(res.outcome.problems).toEqual([]);
    const text = Object.values(res.outcome.errors ?? {}).join(' ');
    expect(text).toContain(`@${PEOPLE.techMember2}`);
    expect(text).not.toContain('<@');
    expect(text).not.toMatch(/&(amp|lt|gt);/);
  });
});

describe('start-up channel check', () => {
  it('warns with the fix for a configured channel the bot has not joined or cannot see', async () => {
    const stub = await startSlackStub({
      botToken: BOT_TOKEN,
      users: testUsers(),
      channels: testChannels(),
      botNotInChannels: [CHANNELS.cs],
      teamDomain: 'acme',
    });
    const other = await startTestDesk('slack_correct_channels', {
      stub,
      config: (c) => {
        c.departments[0]!.digestChannel = 'C0MISSING1';
      },
    });
    try {
      const problems = await other.running.channelCheck;
      expect(problems.map((p) => [p.channel, p.problem])).toEqual(
        expect.arrayContaining([
          [CHANNELS.cs, 'not_in_channel'],
          ['C0MISSING1', 'not_found'],
        ]),
      );
      expect(problems.find((p) => p.channel === CHANNELS.cs)?.fix).toContain('/invite @Service Desk');
      expect(problems.find((p) => p.channel === CHANNELS.tech)).toBeUndefined();
    } finally {
      await other.stop();
      await stub.stop();
    }
  });
});
