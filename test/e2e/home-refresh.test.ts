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

it("redraws the opener's and the new owner's Home tab after the ticket is opened and claimed", async () => {
  const ticket = await openSeeded(t, { opener: PEOPLE.agentEn });
  const agentHome = await waitFor(() => t.stub.homeView(PEOPLE.agentEn));
  expect(JSON.stringify(agentHome.blocks)).toContain(ticket.number);

  const card = await currentCard(t, ticket);
  await t.driver.clickButton({
    user: PEOPLE.techMember,
    actionId: ACTION.claim,
    message: { channel: card.channel, ts: card.ts },
  });
  await t.idle();
  const ownerHome = await waitFor(() => t.stub.homeView(PEOPLE.techMember));
  expect(JSON.stringify(ownerHome.blocks)).toContain(ticket.number);
  const agentAfter = t.stub.homeView(PEOPLE.agentEn)!;
  expect(JSON.stringify(agentAfter.blocks)).toContain(PEOPLE.techMember);
});
