/**
 * Tickets from conversations: a 🎫 reaction on a message in an intake channel, or a mention of the
 * bot, offers a ticket prefilled from the message; the message becomes at most one ticket, and its
 * thread shows the ticket's number and status as the ticket moves.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, CALLBACK, RESOLVE_FIELD } from '../../blocks/ids.ts';
import { CHANNELS, PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { type StoredEphemeral, waitFor } from '../harness/slack-stub.ts';
import { click, currentCard } from './workflow-fixtures.ts';

let t: TestDesk;
const CUSTOMER_MSG =
  'Customer Wang: paying order DD20240315001 with a coupon fails with "invalid" since 14:30 & the app shows <nothing>.';

beforeAll(async () => {
  t = await startTestDesk('conversations');
  t.clock.set('2026-11-24T02:00:00Z'); // Tuesday 10:00 in Shanghai
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(async () => {
  await t.idle();
  await t.running.desk.models.Ticket.deleteMany({});
  t.stub.reset();
});

/** The intake values besides the description (prefilled from the message). */
const fields = {
  customer_name: 'Wang Fang',
  customer_id: 'C20240501001',
  customer_phone: '13812345678',
  contact_channel: 'social',
  request_type: 'service_request',
  category: 'functional_fault',
  desired_outcome: 'Payment works again',
  urgency: 'normal',
  impact: 'partial',
};

function react(user: string, channel: string, ts: string, reaction = 'ticket', eventId?: string) {
  return t.driver.event(
    {
      type: 'reaction_added',
      user,
      reaction,
      item: { type: 'message', channel, ts },
      item_user: PEOPLE.agentZh,
    },
    eventId ? { eventId } : {},
  );
}

function offerTo(user: string): Promise<StoredEphemeral> {
  return waitFor(
    () =>
      t.stub
        .ephemeralsTo(user)
        .find((e) => JSON.stringify(e.blocks ?? []).includes(ACTION.ticketFromMessage)),
    5_000,
    `a ticket offer to ${user}`,
  );
}

/** Waits for an ephemeral to `user` whose text contains `text` (events are answered before they run). */
function ephemeralWith(user: string, text: string): Promise<StoredEphemeral> {
  return waitFor(
    () => t.stub.ephemeralsTo(user).find((e) => e.text?.includes(text)),
    5_000,
    `an ephemeral with ${text} to ${user}`,
  );
}

async function openFromOffer(user: string, offer: StoredEphemeral) {
  const res = await t.driver.clickButton({
    user,
    actionId: ACTION.ticketFromMessage,
    message: { channel: offer.channel, ts: offer.message_ts },
  });
  expect(res.status).toBe(200);
  return waitFor(
    () => {
      const view = t.stub.openModal(user);
      return view?.callback_id === CALLBACK.intake && view;
    },
    5_000,
    `the intake form for ${user}`,
  );
}

function threadReplies(channel: string, ts: string) {
  return t.stub.threadReplies(channel, ts).filter((m) => m.ts !== ts);
}

describe('a 🎫 reaction on a message in an intake channel', () => {
  it('offers a ticket prefilled from the message; the thread shows its number and follows claim and resolve', async () => {
    const msg = t.stub.addMessage(CHANNELS.frontDesk, { user: PEOPLE.agentZh, text: CUSTOMER_MSG });
    expect((await react(PEOPLE.agentEn, CHANNELS.frontDesk, msg.ts)).status).toBe(200);
    const offer = await offerTo(PEOPLE.agentEn);
    expect(offer.channel).toBe(CHANNELS.frontDesk);
    expect(offer.text).toBe('Open a service ticket from this message?');
    // The quote is escaped: the customer's "<nothing>" cannot become a link.
    expect(JSON.stringify(offer.blocks)).toContain('&lt;nothing&gt;');

    const form = await openFromOffer(PEOPLE.agentEn, offer);
    expect(JSON.stringify(form.blocks)).toContain('paying order DD20240315001 with a coupon');
    const res = await t.driver.submitView({ user: PEOPLE.agentEn, values: fields });
    expect(res.status).toBe(200);
    await t.idle();

    const ticket = await t.running.desk.models.Ticket.findOne({}).lean();
    expect(ticket?.description).toContain('paying order DD20240315001');
    expect(ticket?.openedBy).toBe(PEOPLE.agentEn);
    expect(ticket?.source).toMatchObject({
      channel: CHANNELS.frontDesk,
      ts: msg.ts,
      kind: 'reaction',
      author: PEOPLE.agentZh,
    });
    expect(ticket?.conversationKey).toBe(`${CHANNELS.frontDesk}:${msg.ts}`);

    // The conversation is told the number and status in the message's thread.
    let replies = threadReplies(CHANNELS.frontDesk, msg.ts);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain(ticket!.number);
    expect(replies[0]!.text).toContain('待认领'); // the organisation's language (status: new)
    expect(ticket?.source?.replyTs).toBe(replies[0]!.ts);

    // Claimed: the same reply now says so, with the owner.
    const card = await currentCard(t, ticket!);
    await click(t, PEOPLE.techMember, ACTION.claim, card);
    replies = threadReplies(CHANNELS.frontDesk, msg.ts);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain('已认领');
    expect(JSON.stringify(replies[0]!.blocks)).toContain(`<@${PEOPLE.techMember}>`);

    // Resolved: updated again, still one reply.
    await click(t, PEOPLE.techMember, ACTION.resolve, card);
    await t.driver.submitView({
      user: PEOPLE.techMember,
      values: {
        [RESOLVE_FIELD.summary]: 'Coupon validation fixed; charge refunded.',
        [RESOLVE_FIELD.rootCause]: 'Expired coupon cache',
        [RESOLVE_FIELD.type]: 'fix',
      },
    });
    await t.idle();
    replies = threadReplies(CHANNELS.frontDesk, msg.ts);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain('已解决');
  });

  it('two people reacting at once, and Slack retrying the event: one ticket; later reactions are told which', async () => {
    const msg = t.stub.addMessage(CHANNELS.frontDesk, { user: PEOPLE.agentZh, text: CUSTOMER_MSG });
    await Promise.all([
      react(PEOPLE.agentEn, CHANNELS.frontDesk, msg.ts, 'ticket', 'Ev0DUP0001'),
      react(PEOPLE.agentZh, CHANNELS.frontDesk, msg.ts, 'ticket::skin-tone-2'),
      t.driver.event(
        {
          type: 'reaction_added',
          user: PEOPLE.agentEn,
          reaction: 'ticket',
          item: { type: 'message', channel: CHANNELS.frontDesk, ts: msg.ts },
        },
        { eventId: 'Ev0DUP0001', retryNum: 1 },
      ),
    ]);
    const [a, b] = [await offerTo(PEOPLE.agentEn), await offerTo(PEOPLE.agentZh)];
    // The retry of the same event offers nothing more (events run after their answer: give it time).
    await new Promise((r) => setTimeout(r, 300));
    expect(t.stub.ephemeralsTo(PEOPLE.agentEn).filter((e) => e.text === a.text)).toHaveLength(1);
    // Both open the form and submit at once: one ticket, and the second form says which it is.
    await openFromOffer(PEOPLE.agentEn, a);
    await openFromOffer(PEOPLE.agentZh, b);
    await Promise.all([
      t.driver.submitView({ user: PEOPLE.agentEn, values: fields }),
      t.driver.submitView({ user: PEOPLE.agentZh, values: fields }),
    ]);
    await t.idle();
    const tickets = await t.running.desk.models.Ticket.find({}).lean();
    expect(tickets).toHaveLength(1);
    const number = tickets[0]!.number;
    const forms = [t.stub.openModal(PEOPLE.agentEn), t.stub.openModal(PEOPLE.agentZh)];
    const told = forms.filter(
      (v) =>
        JSON.stringify(v?.blocks ?? []).includes(`already ticket *${number}*`) ||
        JSON.stringify(v?.blocks ?? []).includes(`已创建工单 *${number}*`),
    );
    expect(told).toHaveLength(1);
    expect(threadReplies(CHANNELS.frontDesk, msg.ts)).toHaveLength(1);
    // A later 🎫 is answered with the ticket, not a new offer.
    await react(PEOPLE.agentZh, CHANNELS.frontDesk, msg.ts);
    const later = await ephemeralWith(PEOPLE.agentZh, number);
    expect(JSON.stringify(later.blocks ?? [])).not.toContain(ACTION.ticketFromMessage);
  });

  it('ignores other emoji and channels that are not intake channels', async () => {
    const msg = t.stub.addMessage(CHANNELS.frontDesk, { user: PEOPLE.agentZh, text: CUSTOMER_MSG });
    await react(PEOPLE.agentEn, CHANNELS.frontDesk, msg.ts, 'eyes');
    const elsewhere = t.stub.addMessage(CHANNELS.tech, { user: PEOPLE.techMember, text: CUSTOMER_MSG });
    await react(PEOPLE.techMember, CHANNELS.tech, elsewhere.ts);
    // Events run after their answer; the ignored reactions return at once, before any I/O, so by
    // the time a later mention's offer (database and Slack calls) is shown they have been handled.
    await t.driver.userMessage({
      user: PEOPLE.agentZh,
      channel: CHANNELS.frontDesk,
      text: `<@${t.stub.botUserId}> 测试`,
      eventType: 'app_mention',
    });
    await offerTo(PEOPLE.agentZh);
    expect(t.stub.ephemeralsTo(PEOPLE.agentEn)).toHaveLength(0);
    expect(t.stub.ephemeralsTo(PEOPLE.techMember)).toHaveLength(0);
  });
});

describe('quickFromReaction: the ticket opens at once', () => {
  beforeEach(() => {
    Object.assign(t.running.desk.config.conversations, {
      quickFromReaction: true,
      contactChannel: 'social',
      requestType: 'service_request',
      defaultCategory: 'consultation',
      keywords: [
        { words: ['refund', '退款'], category: 'complaint_suggestion' },
        { words: ['white screen', '白屏', 'crash'], category: 'functional_fault' },
      ],
    });
  });
  afterAll(() => {
    Object.assign(t.running.desk.config.conversations, { quickFromReaction: false, keywords: [] });
  });

  it('opens one ticket with the guessed category, marked to be completed, even with two reactions and a retry', async () => {
    const customersBefore = await t.running.desk.models.Customer.countDocuments({});
    const msg = t.stub.addMessage(CHANNELS.frontDesk, {
      user: PEOPLE.agentZh,
      text: '客户反馈：APP 登录后一直白屏 &amp; 无法下单，<@U0AGENTEN1> 请跟进',
    });
    await Promise.all([
      react(PEOPLE.agentEn, CHANNELS.frontDesk, msg.ts, 'ticket', 'Ev0QUICK01'),
      react(PEOPLE.agentZh, CHANNELS.frontDesk, msg.ts),
      t.driver.event(
        {
          type: 'reaction_added',
          user: PEOPLE.agentEn,
          reaction: 'ticket',
          item: { type: 'message', channel: CHANNELS.frontDesk, ts: msg.ts },
        },
        { eventId: 'Ev0QUICK01', retryNum: 1 },
      ),
    ]);
    // Whoever's reaction came first is told the ticket was opened (in their language).
    const both = () => [...t.stub.ephemeralsTo(PEOPLE.agentEn), ...t.stub.ephemeralsTo(PEOPLE.agentZh)];
    await waitFor(
      () => both().some((e) => /still to be completed|待补全/.test(e.text ?? '')),
      5_000,
      'someone told the ticket was opened',
    );
    await t.idle();
    const tickets = await t.running.desk.models.Ticket.find({}).lean();
    expect(tickets).toHaveLength(1);
    const ticket = tickets[0]!;
    expect(ticket.categoryId).toBe('functional_fault');
    expect(ticket.departmentId).toBe('tech');
    expect(ticket.incomplete).toBe(true);
    expect(ticket.number.startsWith('SM')).toBe(true);
    expect(ticket.description).toBe('客户反馈：APP 登录后一直白屏 & 无法下单，@U0AGENTEN1 请跟进');
    expect(ticket.source).toMatchObject({ ts: msg.ts, kind: 'reaction', author: PEOPLE.agentZh });
    // No customer record from an incomplete ticket.
    expect(await t.running.desk.models.Customer.countDocuments({})).toBe(customersBefore);
    // The card says it is to be completed; the thread shows the number.
    const card = await currentCard(t, ticket);
    expect(JSON.stringify(card.blocks)).toContain('由 🎫 表情创建');
    const replies = threadReplies(CHANNELS.frontDesk, msg.ts);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain(ticket.number);
    // Whoever reacted second is told which ticket it is, with no offer.
    const toldOf = () => both().filter((e) => e.text?.includes(ticket.number));
    await waitFor(() => toldOf().length >= 2, 5_000, 'both reactors told the ticket').catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200)); // and nothing more: the retry is not processed
    const told = toldOf();
    expect(told).toHaveLength(2);
    expect(JSON.stringify(told.map((e) => e.blocks ?? []))).not.toContain(ACTION.ticketFromMessage);
  });

  it('a message without a known word goes to the default category', async () => {
    const msg = t.stub.addMessage(CHANNELS.frontDesk, {
      user: PEOPLE.agentZh,
      text: 'How do I change my invoice title?',
    });
    await react(PEOPLE.agentEn, CHANNELS.frontDesk, msg.ts);
    await ephemeralWith(PEOPLE.agentEn, 'still to be completed');
    await t.idle();
    const ticket = await t.running.desk.models.Ticket.findOne({}).lean();
    expect(ticket?.categoryId).toBe('consultation');
    expect(ticket?.departmentId).toBe('cs');
  });
});

describe('mentioning the bot', () => {
  it('offers a ticket with the text of the mention, and opens the form with it', async () => {
    await t.driver.userMessage({
      user: PEOPLE.agentEn,
      channel: CHANNELS.frontDesk,
      text: `<@${t.stub.botUserId}> customer cannot log in to the app since the update this morning`,
      eventType: 'app_mention',
    });
    const offer = await offerTo(PEOPLE.agentEn);
    expect(JSON.stringify(offer.blocks)).toContain('customer cannot log in to the app since the update');
    expect(JSON.stringify(offer.blocks)).not.toContain(`<@${t.stub.botUserId}>`);
    const form = await openFromOffer(PEOPLE.agentEn, offer);
    const description = JSON.stringify(form.blocks);
    expect(description).toContain('customer cannot log in to the app since the update this morning');
    expect(description).not.toContain(t.stub.botUserId);
  });

  it('in a thread, offers the thread as the ticket, and names the ticket once the thread is one', async () => {
    const parent = t.stub.addMessage(CHANNELS.frontDesk, { user: PEOPLE.agentZh, text: CUSTOMER_MSG });
    await t.driver.userMessage({
      user: PEOPLE.agentEn,
      channel: CHANNELS.frontDesk,
      threadTs: parent.ts,
      text: `<@${t.stub.botUserId}> please track this`,
      eventType: 'app_mention',
    });
    const offer = await offerTo(PEOPLE.agentEn);
    expect(offer.thread_ts).toBe(parent.ts);
    expect(JSON.stringify(offer.blocks)).toContain('paying order DD20240315001');
    await openFromOffer(PEOPLE.agentEn, offer);
    await t.driver.submitView({ user: PEOPLE.agentEn, values: fields });
    await t.idle();
    const ticket = await t.running.desk.models.Ticket.findOne({}).lean();
    expect(ticket?.source).toMatchObject({ ts: parent.ts, kind: 'mention' });
    await t.driver.userMessage({
      user: PEOPLE.agentZh,
      channel: CHANNELS.frontDesk,
      threadTs: parent.ts,
      text: `<@${t.stub.botUserId}> 这个有进展吗`,
      eventType: 'app_mention',
    });
    const told = await ephemeralWith(PEOPLE.agentZh, ticket!.number);
    expect(told.thread_ts).toBe(parent.ts);
    expect(JSON.stringify(told.blocks ?? [])).not.toContain(ACTION.ticketFromMessage);
  });
});
