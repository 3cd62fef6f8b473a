// App Home is redrawn after changes to the viewer's tickets, not only when the tab is opened.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACTION } from '../../blocks/ids.ts';
import { PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { waitFor } from '../harness/slack-stub.ts';
import { currentCard, openSeeded } from './workflow-fixtures.ts';

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
