// Approval rules from config (issue 13): compensation above the threshold (supervisor), a major
// complaint (the director), a resolution type (refund → supervisor); staff-behaviour complaints
// routed to the HR department; keywords and the actual completion time recorded at resolve.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, CALLBACK, RESOLVE_FIELD } from '../../blocks/ids.ts';
import { t as translate } from '../../src/i18n/index.ts';
import { claimTicket } from '../../src/tickets/claim.ts';
import { openTicket, publishNewTicket } from '../../src/tickets/open-ticket.ts';
import { CHANNELS, PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { submitIntake } from '../harness/intake.ts';
import { waitFor } from '../harness/slack-stub.ts';
import { click, currentCard, lastEphemeral, sampleIntake, stored, withButton } from './workflow-fixtures.ts';

let t: TestDesk;
let seq = 0;
beforeAll(async () => {
  t = await startTestDesk('approval_rules', {
    config: (c) => {
      c.approval.rules.push({
        id: 'refunds',
        when: 'resolution_type',
        types: ['refund'],
        approver: 'supervisor',
      });
      c.approval.hrDepartment = 'relations';
    },
  });
  t.clock.set('2026-11-24T10:00:00+08:00');
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(async () => {
  await t.idle();
  t.stub.reset();
});

/** A customer-service ticket (complaint or not), claimed by the CS member. */
async function claimed(requestType = 'complaint') {
  const desk = t.running.desk;
  const { ticket } = await openTicket(desk, {
    intake: sampleIntake({ requestType, category: 'service_experience' }),
    openedBy: PEOPLE.agentEn,
    intakeKey: `approval-${++seq}`,
  });
  await publishNewTicket(desk, ticket);
  await t.idle();
  const res = await claimTicket(desk, { ticketId: ticket._id, by: PEOPLE.csMember });
  expect(res.ok).toBe(true);
  await t.idle();
  return stored(t, ticket);
}

async function resolve(ticket: { _id: unknown }, values: Record<string, string | string[] | number>) {
  const card = await currentCard(t, ticket as never);
  await click(t, PEOPLE.csMember, ACTION.resolve, card);
  expect(t.stub.openModal(PEOPLE.csMember)?.callback_id).toBe(CALLBACK.resolve);
  const res = await t.driver.submitView({
    user: PEOPLE.csMember,
    values: {
      [RESOLVE_FIELD.summary]: 'Apologised and explained the new queueing rule',
      [RESOLVE_FIELD.type]: 'answer',
      ...values,
    },
  });
  await t.idle();
  return res;
}

describe('approval rules', () => {
  it('compensation above the threshold: the department supervisor approves', async () => {
    const ticket = await claimed();
    await resolve(ticket, { [RESOLVE_FIELD.type]: 'compensation', [RESOLVE_FIELD.compensation]: '800' });
    const doc = await stored(t, ticket);
    expect(doc.status).toBe('pending_approval');
    expect(doc.approval?.rule).toBe('high_compensation');
    expect(doc.approval?.approver).toBe('supervisor');
    const dm = withButton(t.stub.dmsTo(PEOPLE.csSupervisor), ACTION.approve, ticket.number).at(-1)!;
    await click(t, PEOPLE.csSupervisor, ACTION.approve, dm);
    expect((await stored(t, ticket)).status).toBe('resolved');
  });

  it('a major complaint: only the service director approves', async () => {
    const ticket = await claimed();
    await resolve(ticket, { [RESOLVE_FIELD.major]: ['yes'] });
    const doc = await stored(t, ticket);
    expect(doc.status).toBe('pending_approval');
    expect(doc.approval?.rule).toBe('major_complaint');
    expect(doc.approval?.approver).toBe('director');
    expect(doc.resolution?.major).toBe(true);
    // The director is asked, the supervisor is not.
    const dm = await waitFor(() =>
      withButton(t.stub.dmsTo(PEOPLE.director), ACTION.approve, ticket.number).at(-1),
    );
    expect(dm.text).toContain('major_complaint');
    expect(withButton(t.stub.dmsTo(PEOPLE.csSupervisor), ACTION.approve, ticket.number)).toEqual([]);
    // The department supervisor cannot approve it.
    await click(t, PEOPLE.csSupervisor, ACTION.approve, dm);
    expect(lastEphemeral(t, PEOPLE.csSupervisor)).toBe(translate('zh-CN', 'deny.not_director'));
    expect((await stored(t, ticket)).status).toBe('pending_approval');
    await click(t, PEOPLE.director, ACTION.approve, dm);
    const after = await stored(t, ticket);
    expect(after.status).toBe('resolved');
    expect(after.approval?.decidedBy).toBe(PEOPLE.director);
  });

  it('a refund (resolution type rule) needs the supervisor; a plain answer does not', async () => {
    const refund = await claimed('after_sales');
    await resolve(refund, { [RESOLVE_FIELD.type]: 'refund' });
    const doc = await stored(t, refund);
    expect(doc.status).toBe('pending_approval');
    expect(doc.approval?.rule).toBe('refunds');
    expect(withButton(t.stub.dmsTo(PEOPLE.csSupervisor), ACTION.approve, refund.number)).toHaveLength(1);

    const answer = await claimed('consultation');
    await resolve(answer, {});
    expect((await stored(t, answer)).status).toBe('resolved');
  });

  it('records editable keywords and the actual completion time at resolve; refuses a future time', async () => {
    const ticket = await claimed('consultation');
    const future = Math.floor(t.clock.now().getTime() / 1000) + 3600;
    const refused = await resolve(ticket, { [RESOLVE_FIELD.completedAt]: future });
    expect(refused.outcome.action).toBe('errors');
    expect(refused.outcome.errors?.[RESOLVE_FIELD.completedAt]).toContain('future');
    t.stub.closeModal(PEOPLE.csMember, true);
    const done = Math.floor(t.clock.now().getTime() / 1000) - 2 * 3600;
    await resolve(ticket, {
      [RESOLVE_FIELD.keywords]: '排队, 门店',
      [RESOLVE_FIELD.completedAt]: done,
    });
    const doc = await stored(t, ticket);
    expect(doc.status).toBe('resolved');
    expect(doc.keywords).toEqual(['排队', '门店']);
    expect(doc.resolution?.completedAt?.getTime()).toBe(done * 1000);
  });
});

describe('staff-behaviour complaints', () => {
  it('go to the configured HR department', async () => {
    await t.driver.command('', { user: PEOPLE.agentEn, channel: CHANNELS.frontDesk });
    await waitFor(() => t.stub.openModal(PEOPLE.agentEn));
    const res = await submitIntake(t.driver, t.stub, {
      user: PEOPLE.agentEn,
      values: {
        customer_name: '王小明',
        customer_phone: '13812345678',
        contact_channel: 'store',
        request_type: 'complaint',
        category: 'service_experience',
        staff_behaviour: ['yes'],
        description:
          'The clerk at branch 12 shouted at the customer on 24 Nov at 10:00 when asked for a receipt.',
        desired_outcome: 'An apology',
        urgency: 'normal',
        impact: 'none',
      },
    });
    expect(res.result).toBe('created');
    await t.idle();
    const doc = (await t.running.desk.models.Ticket.findOne({ intakeKey: res.viewId }).lean())!;
    expect(doc.departmentId).toBe('relations');
    expect(
      t.stub.messages(CHANNELS.relations).some((m) => JSON.stringify(m.blocks).includes(doc.number)),
    ).toBe(true);
  });
});
