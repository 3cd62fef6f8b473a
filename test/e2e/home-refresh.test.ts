// App Home is redrawn after changes to the viewer's tickets, not only when the tab is opened; what it
// shows first (Create ticket, Search, Waiting for you by due time) and its buttons (issue 18).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACTION, BLOCK, CALLBACK } from '../../blocks/ids.ts';
import { translator } from '../../src/i18n/index.ts';
import { openTicket, publishNewTicket } from '../../src/tickets/open-ticket.ts';
import { CHANNELS, PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { waitFor } from '../harness/slack-stub.ts';
import { currentCard, openSeeded, sampleIntake } from './workflow-fixtures.ts';

let t: TestDesk;
beforeAll(async () => {
  t = await startTestDesk('home_refresh');
});
afterAll(async () => {
  await t?.stop();
});

async function openHomeTab(user: string) {
  await t.driver.event({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home' });
  await waitFor(() => t.stub.homeView(user));
}

it("redraws the opener's and the new owner's Home tab after the ticket is opened and claimed", async () => {
  await openHomeTab(PEOPLE.agentEn);
  await openHomeTab(PEOPLE.techMember);
  const ticket = await openSeeded(t, { opener: PEOPLE.agentEn });
  const agentHome = await waitFor(() => {
    const home = t.stub.homeView(PEOPLE.agentEn);
    return home && JSON.stringify(home.blocks).includes(ticket.number) ? home : undefined;
  });
  expect(JSON.stringify(agentHome.blocks)).toContain(ticket.number);

  const card = await currentCard(t, ticket);
  await t.driver.clickButton({
    user: PEOPLE.techMember,
    actionId: ACTION.claim,
    message: { channel: card.channel, ts: card.ts },
  });
  await t.idle();
  const ownerHome = await waitFor(() => {
    const home = t.stub.homeView(PEOPLE.techMember);
    return home && JSON.stringify(home.blocks).includes(ticket.number) ? home : undefined;
  });
  expect(JSON.stringify(ownerHome.blocks)).toContain(ticket.number);
  const agentAfter = t.stub.homeView(PEOPLE.agentEn)!;
  expect(JSON.stringify(agentAfter.blocks)).toContain(PEOPLE.techMember);
});

it('does not publish a Home tab for someone who never opened it', async () => {
  const before = t.stub.callsTo('views.publish').filter((c) => c.args.user_id === PEOPLE.agentZh).length;
  await openSeeded(t, { opener: PEOPLE.agentZh });
  await t.idle();
  expect(t.stub.callsTo('views.publish').filter((c) => c.args.user_id === PEOPLE.agentZh).length).toBe(
    before,
  );
});

/** All visible text of blocks (sections, fields, context, headers, buttons). */
function textOf(blocks: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push(o.text);
      for (const [k, x] of Object.entries(o)) if (k !== 'text' || typeof x !== 'string') walk(x);
    }
  };
  walk(blocks);
  return out.join('\n');
}

type Block = { type: string; text?: { text: string }; elements?: { action_id?: string }[] };

/** Opens the Home tab and waits until it is redrawn with `part` in it. */
async function homeWith(user: string, part: string) {
  await t.driver.event({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home' });
  return waitFor(() => {
    const v = t.stub.homeView(user);
    return v && JSON.stringify(v.blocks).includes(part) ? v : undefined;
  });
}

/** Four resolved tickets of agentZh's, each waiting for them: three results to tell, one follow-up. */
async function seedWaiting() {
  const desk = t.running.desk;
  const now = desk.clock.now().getTime();
  const M = 60_000;
  const subjects = [
    'Coupon rejected at checkout',
    'Parcel lost in transit',
    'Password reset loops',
    'Survey: refund done',
  ];
  const tickets = [];
  for (const [i, subject] of subjects.entries()) {
    const { ticket } = await openTicket(desk, {
      intake: sampleIntake({ subject, customerName: '李雷', phone: '13912345678' }),
      openedBy: PEOPLE.agentZh,
      intakeKey: `home-waiting-${i}`,
    });
    await publishNewTicket(desk, ticket);
    tickets.push(ticket);
  }
  await t.idle();
  const { Ticket } = desk.models;
  const resolved = (notifyInMin: number | null) => ({
    status: 'resolved',
    resolvedAt: new Date(now - 60 * M),
    ...(notifyInMin === null
      ? { customerNotifiedAt: new Date(now - 30 * M) }
      : { customerNotifiedAt: null, customerNotifyDueAt: new Date(now + notifyInMin * M) }),
  });
  // Stored in an order that is not the due order: 3 h, 1 h, 2 h, and the follow-up due in 30 min.
  await Ticket.updateOne({ _id: tickets[0]!._id }, { $set: resolved(180) });
  await Ticket.updateOne({ _id: tickets[1]!._id }, { $set: resolved(60) });
  await Ticket.updateOne({ _id: tickets[2]!._id }, { $set: resolved(120) });
  await Ticket.updateOne(
    { _id: tickets[3]!._id },
    {
      $set: {
        ...resolved(null),
        clocks: [
          {
            kind: 'follow_up',
            key: 'follow_up',
            start: new Date(now - 60 * M),
            dueAt: new Date(now + 30 * M),
            warnAt: new Date(now + 20 * M),
            state: 'running',
            basis: 'calendar',
          },
        ],
      },
    },
  );
  return tickets;
}

it('Home starts with Create ticket and Search, then "Waiting for you" sorted by due time with subject and masked customer', async () => {
  const tickets = await seedWaiting();
  const home = await homeWith(PEOPLE.agentZh, tickets[3]!.number);
  const blocks = home.blocks as Block[];
  expect(blocks[0]!.type).toBe('header');
  expect(blocks[1]!.type).toBe('actions');
  expect(blocks[1]!.elements!.map((e) => e.action_id)).toEqual([ACTION.homeCreate, ACTION.homeSearch]);
  // agentZh reads Chinese: 待你处理 is the first section.
  const firstSection = blocks.find((b) => b.type === 'section')!;
  expect(firstSection.text!.text).toBe('*待你处理*（4）');
  expect(blocks.indexOf(firstSection)).toBe(2);
  const text = textOf(blocks);
  const at = (i: number) => text.indexOf(tickets[i]!.number);
  // Earliest due first: the follow-up (30 min), then the results due in 1 h, 2 h, 3 h.
  const order = [at(3), at(1), at(2), at(0)];
  expect(Math.min(...order)).toBeGreaterThan(0);
  expect(order).toEqual([...order].sort((x, y) => x - y));
  const line = text.split('\n').find((l) => l.includes(tickets[1]!.number))!;
  expect(line).toContain('Parcel lost in transit');
  expect(line).toContain('李*');
  expect(line).toContain('告知客户处理结果');
  expect(line).toMatch(/剩余(59分钟|1小时)/);
  expect(text).not.toContain('李雷');
  expect(text).not.toContain('13912345678');
  expect(home.blocks.length).toBeLessThanOrEqual(100);
});

it("Home's Create ticket opens the intake form; Search opens a modal whose results respect the same access as /ticket search", async () => {
  const home = t.stub.homeView(PEOPLE.agentZh)!;
  await t.driver.clickButton({ user: PEOPLE.agentZh, actionId: ACTION.homeCreate, viewId: home.id });
  const intake = await waitFor(() => {
    const m = t.stub.openModal(PEOPLE.agentZh);
    return m?.callback_id === CALLBACK.intake ? m : undefined;
  });
  expect(intake.callback_id).toBe(CALLBACK.intake);
  await t.driver.closeView({ user: PEOPLE.agentZh });

  const target = (await t.running.desk.models.Ticket.findOne({ intakeKey: 'home-waiting-1' }).lean())!;
  await t.driver.clickButton({ user: PEOPLE.agentZh, actionId: ACTION.homeSearch, viewId: home.id });
  await waitFor(() =>
    t.stub.openModal(PEOPLE.agentZh)?.callback_id === CALLBACK.homeSearch ? true : undefined,
  );
  const res = await t.driver.submitView({
    user: PEOPLE.agentZh,
    values: { [BLOCK.homeSearchQuery]: target.number },
  });
  expect(res.outcome).toEqual({ action: 'update', problems: [] });
  const results = textOf(t.stub.openModal(PEOPLE.agentZh)!.blocks);
  expect(results).toContain(`搜索“${target.number}”：共 1 条`);
  expect(results).toContain(target.number);
  expect(results).toContain('Parcel lost in transit');

  // Someone with no role finds it counted but not shown, as with /ticket search.
  const outsiderHome = await homeWith(PEOPLE.outsider, ACTION.homeSearch);
  await t.driver.clickButton({ user: PEOPLE.outsider, actionId: ACTION.homeSearch, viewId: outsiderHome.id });
  await waitFor(() =>
    t.stub.openModal(PEOPLE.outsider)?.callback_id === CALLBACK.homeSearch ? true : undefined,
  );
  await t.driver.submitView({ user: PEOPLE.outsider, values: { [BLOCK.homeSearchQuery]: target.number } });
  const refused = textOf(t.stub.openModal(PEOPLE.outsider)!.blocks);
  expect(refused).not.toContain('Parcel lost in transit');
  expect(refused).not.toContain(`|${target.number}>`);
  expect(refused).toContain('1 more results are not shown');
});

it('the tickets you own have one name on Home and in /ticket mine', async () => {
  const tr = translator('en');
  const owned = await t.running.desk.models.Ticket.countDocuments({
    ownerId: PEOPLE.techMember,
    status: { $in: ['new', 'claimed', 'in_progress', 'waiting_customer', 'pending_approval'] },
  });
  expect(owned).toBeGreaterThan(0);
  const name = tr('lists.owned', { n: owned });
  expect(name).toBe(`Your tickets (${owned})`);
  const home = await homeWith(PEOPLE.techMember, name);
  expect(textOf(home.blocks)).toContain(`*${name}*`);
  const cmd = await t.driver.command('mine', { user: PEOPLE.techMember, channel: CHANNELS.frontDesk });
  const reply = await waitFor(() => t.stub.responses.find((r) => r.id === cmd.responseUrlId));
  const mine = textOf((reply.body as { blocks?: unknown[] }).blocks);
  expect(mine).toContain(`*${name}*`);
  expect(mine).toContain(`*${tr('lists.opened', { n: 0 })}*`);
});
