// Need-to-know access (issue 13): an outsider is refused with "Request access", the department's
// supervisor approves, the outsider is let in (and sees the grant in App Home), and is refused again
// once the grant expires; a rejected request lets nobody in; only the department's supervisor decides.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../blocks/ids.ts';
import { CHANNELS, PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { waitFor } from '../harness/slack-stub.ts';
import { openSeeded, withButton } from './workflow-fixtures.ts';

let t: TestDesk;
beforeAll(async () => {
  t = await startTestDesk('access', {
    config: (c) => {
      c.access.grantDays = 7;
    },
  });
  t.clock.set('2026-11-24T10:00:00+08:00');
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(async () => {
  await t.idle();
  await t.running.desk.models.AccessGrant.deleteMany({});
  t.stub.reset();
});

async function ask(user: string, text: string) {
  const res = await t.driver.command(text, { user, channel: CHANNELS.frontDesk });
  const answer = await waitFor(() => t.stub.responses.find((r) => r.id === res.responseUrlId));
  return answer.body as { text: string; blocks?: unknown[] };
}

/** The ephemeral answer holding the Request access button, as a clickable message. */
async function refusalMessage(user: string) {
  const e = await waitFor(() =>
    t.stub.ephemeralsTo(user).find((x) => JSON.stringify(x.blocks ?? []).includes(ACTION.requestAccess)),
  );
  return { channel: e.channel, ts: e.message_ts };
}

describe('an outsider looking up a ticket', () => {
  it('is refused, requests access, is approved by the supervisor, let in, and refused again after expiry', async () => {
    const ticket = await openSeeded(t);
    const refused = await ask(PEOPLE.outsider, `show ${ticket.number}`);
    expect(refused.text).toContain('Records are for the ticket’s handlers');
    expect(JSON.stringify(refused.blocks)).toContain('Request access');
    expect(JSON.stringify(refused.blocks)).not.toContain(ticket.description.slice(0, 30));

    // Request access: the supervisor of tech support is asked by DM; the audit has the request.
    await t.driver.clickButton({
      user: PEOPLE.outsider,
      actionId: ACTION.requestAccess,
      message: await refusalMessage(PEOPLE.outsider),
    });
    await t.idle();
    const sent = await waitFor(() =>
      t.stub.responses.find(
        (r) => r.context.user === PEOPLE.outsider && JSON.stringify(r.body).includes('was sent to'),
      ),
    );
    expect(JSON.stringify(sent.body)).toContain(`<@${PEOPLE.techSupervisor}>`);
    const dm = await waitFor(() =>
      withButton(t.stub.dmsTo(PEOPLE.techSupervisor), ACTION.approveAccess, '').at(-1),
    );
    expect(dm.text).toContain(`<@${PEOPLE.outsider}>`);
    expect(dm.text).toContain(ticket.number);
    const desk = t.running.desk;
    expect(
      await desk.models.AuditEvent.countDocuments({ action: 'access_request', by: PEOPLE.outsider }),
    ).toBe(1);

    // Asking twice does not ask twice.
    await t.driver.clickButton({
      user: PEOPLE.outsider,
      actionId: ACTION.requestAccess,
      message: await refusalMessage(PEOPLE.outsider),
    });
    await t.idle();
    expect(await desk.models.AccessGrant.countDocuments({ user: PEOPLE.outsider })).toBe(1);

    // Someone else's supervisor cannot decide.
    const wrong = await t.driver.clickButton({
      user: PEOPLE.csSupervisor,
      actionId: ACTION.approveAccess,
      message: { channel: dm.channel, ts: dm.ts },
    });
    expect(wrong.status).toBe(200);
    await t.idle();
    expect((await desk.models.AccessGrant.findOne({ user: PEOPLE.outsider }).lean())?.status).toBe('pending');

    // The tech supervisor approves: the requester is told, the decision is audited.
    await t.driver.clickButton({
      user: PEOPLE.techSupervisor,
      actionId: ACTION.approveAccess,
      message: { channel: dm.channel, ts: dm.ts },
    });
    await t.idle();
    const grant = (await desk.models.AccessGrant.findOne({ user: PEOPLE.outsider }).lean())!;
    expect(grant.status).toBe('approved');
    expect(grant.decidedBy).toBe(PEOPLE.techSupervisor);
    expect(grant.expiresAt?.getTime()).toBe(t.clock.now().getTime() + 7 * 86_400_000);
    expect(
      await desk.models.AuditEvent.countDocuments({ action: 'access_approve', by: PEOPLE.techSupervisor }),
    ).toBe(1);
    await waitFor(() => t.stub.dmsTo(PEOPLE.outsider).find((m) => m.text.includes('approved your access')));

    // Let in: the ticket is shown (masked: a grant to look up is not a grant of full details).
    const shown = await ask(PEOPLE.outsider, `show ${ticket.number}`);
    expect(shown.text).toBe(ticket.number);
    expect(JSON.stringify(shown.blocks)).toContain('138****5678');

    // App Home lists the grant and when it ends.
    await t.driver.event({
      type: 'app_home_opened',
      user: PEOPLE.outsider,
      channel: `D${PEOPLE.outsider}`,
      tab: 'home',
    });
    const home = await waitFor(() => {
      const h = t.stub.homeView(PEOPLE.outsider);
      return h && JSON.stringify(h.blocks).includes('Your granted access') ? h : undefined;
    });
    expect(JSON.stringify(home.blocks)).toContain(ticket.number);

    // Seven days later the grant has ended by itself.
    t.clock.advance(7 * 86_400_000 + 60_000);
    const again = await ask(PEOPLE.outsider, `show ${ticket.number}`);
    expect(again.text).toContain('Records are for the ticket’s handlers');
    t.clock.set('2026-11-24T10:00:00+08:00');
  });

  it('a rejected request lets nobody in, and a decided request cannot be decided again', async () => {
    const ticket = await openSeeded(t);
    await ask(PEOPLE.outsider, `show ${ticket.number}`);
    await t.driver.clickButton({
      user: PEOPLE.outsider,
      actionId: ACTION.requestAccess,
      message: await refusalMessage(PEOPLE.outsider),
    });
    await t.idle();
    const dm = await waitFor(() =>
      withButton(t.stub.dmsTo(PEOPLE.techSupervisor), ACTION.rejectAccess, '').at(-1),
    );
    await t.driver.clickButton({
      user: PEOPLE.techSupervisor,
      actionId: ACTION.rejectAccess,
      message: { channel: dm.channel, ts: dm.ts },
    });
    await t.idle();
    expect((await t.running.desk.models.AccessGrant.findOne({ user: PEOPLE.outsider }).lean())?.status).toBe(
      'rejected',
    );
    await waitFor(() => t.stub.dmsTo(PEOPLE.outsider).find((m) => m.text.includes('rejected your request')));
    const still = await ask(PEOPLE.outsider, `show ${ticket.number}`);
    expect(still.text).toContain('Records are for the ticket’s handlers');
  });

  it('search and customer history hide what the asker may not look up, with Request access', async () => {
    const ticket = await openSeeded(t);
    const search = await ask(PEOPLE.outsider, `search ${ticket.number}`);
    expect(search.text).toContain('Records are for the ticket’s handlers');
    expect(JSON.stringify(search.blocks)).toContain('Request access');
    const customer = await ask(PEOPLE.outsider, `customer ${ticket.customer?.customerId}`);
    expect(JSON.stringify(customer.blocks)).not.toContain(ticket.number);
    expect(JSON.stringify(customer.blocks)).toContain(ACTION.requestAccess);
    // A department member sees it.
    const member = await ask(PEOPLE.techMember, `search ${ticket.number}`);
    expect(JSON.stringify(member.blocks)).toContain(ticket.number);
  });
});
