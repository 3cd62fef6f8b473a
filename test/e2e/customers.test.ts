// Customers as records (issue 13): created at intake with a generated ID, matched at the next
// intake, created once when two intakes of a new customer race, shown in the form when a known phone
// or customer ID is entered (with "add to an open ticket"), and the tier feeding the priority.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, CUSTOMER_FIELD, INPUT_ACTION, INTAKE_FIELD } from '../../blocks/ids.ts';
import { anonymiseExpired } from '../../src/tickets/retention.ts';
import { CHANNELS, PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { submitIntake } from '../harness/intake.ts';
import { waitFor } from '../harness/slack-stub.ts';

let t: TestDesk;
beforeAll(async () => {
  t = await startTestDesk('customers');
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(async () => {
  await t.idle();
  const m = t.running.desk.models;
  await Promise.all([
    m.Ticket.deleteMany({}),
    m.Customer.deleteMany({}),
    m.Counter.deleteMany({ _id: 'customer' }),
  ]);
  t.stub.reset();
});

function values(o: Record<string, string> = {}) {
  return {
    customer_name: '深圳市星河科技有限公司',
    customer_phone: '0755 8888 6666',
    contact_name: '李雷',
    contact_role: 'IT manager',
    customer_industry: 'Retail',
    preferred_contact: 'phone',
    preferred_hours: 'weekdays 9:00-12:00',
    expected_by: '2026-12-31',
    contact_channel: 'hotline',
    request_type: 'consultation',
    category: 'consultation',
    description: 'The store POS cannot print invoices since the update this morning at 9:30.',
    desired_outcome: 'Invoices print again',
    urgency: 'normal',
    impact: 'none',
    ...o,
  };
}

/** Opens the form and ticks "Contact person and preferences", which shows those fields (as the agent does). */
async function openForm(user: string = PEOPLE.agentEn) {
  t.stub.closeModal(user, true);
  await t.driver.command('', { user, channel: CHANNELS.frontDesk });
  const view = await waitFor(() => t.stub.openModal(user));
  const res = await t.driver.blockAction({
    user,
    actionId: INPUT_ACTION,
    blockId: INTAKE_FIELD.moreDetails,
    viewId: view.id,
    value: ['yes'],
    values: { [INTAKE_FIELD.moreDetails]: ['yes'] },
  });
  expect(res.status).toBe(200);
  return waitFor(() => {
    const v = t.stub.view(view.id);
    return v && JSON.stringify(v.blocks).includes(INTAKE_FIELD.contactName) ? v : undefined;
  });
}

async function intake(user: string = PEOPLE.agentEn, o: Record<string, string> = {}) {
  await openForm(user);
  const res = await submitIntake(t.driver, t.stub, { user, values: values(o) });
  expect(res.result).toBe('created');
  await t.idle();
}

describe('customer records at intake', () => {
  it('creates the customer with a generated ID at the first intake and matches it at the second', async () => {
    t.clock.set('2026-11-24T10:00:00+08:00');
    await intake();
    const { Customer, Ticket } = t.running.desk.models;
    const customers = await Customer.find({}).lean();
    expect(customers).toHaveLength(1);
    const c = customers[0]!;
    expect(c.customerId).toBe('C000001');
    expect(c.name).toBe('深圳市星河科技有限公司');
    expect(c.phones).toEqual(['0755-88886666']);
    expect(c.contacts).toEqual([{ name: '李雷', role: 'IT manager', phones: ['0755-88886666'], email: '' }]);
    expect(c.industry).toBe('Retail');
    expect(c.tier).toBe('normal');
    expect(c.preferredContact).toEqual({ method: 'phone', hours: 'weekdays 9:00-12:00' });
    const first = (await Ticket.findOne({}).lean())!;
    expect(first.customer?.customerId).toBe('C000001');
    expect(first.customer?.contactName).toBe('李雷');
    expect(first.expectedBy).toBe('2026-12-31');

    // Same phone written differently, another contact person: matched, the contact added.
    await intake(PEOPLE.agentZh, {
      customer_phone: '(0755)88886666',
      contact_name: '韩梅梅',
      contact_role: 'Purchaser',
    });
    const again = await Customer.find({}).lean();
    expect(again).toHaveLength(1);
    expect(again[0]!.contacts.map((x) => x.name)).toEqual(['李雷', '韩梅梅']);
    const tickets = await Ticket.find({}).lean();
    expect(tickets.map((x) => x.customer?.customerId)).toEqual(['C000001', 'C000001']);
  });

  it('two intakes of the same new customer at once create one customer', async () => {
    await Promise.all([openForm(PEOPLE.agentEn), openForm(PEOPLE.agentZh)]);
    const both = await Promise.all(
      [PEOPLE.agentEn, PEOPLE.agentZh].map((user) =>
        submitIntake(t.driver, t.stub, { user, values: values({ customer_phone: '13912345678' }) }),
      ),
    );
    expect(both.map((r) => r.result)).toEqual(['created', 'created']);
    await t.idle();
    const { Customer, Ticket } = t.running.desk.models;
    expect(await Customer.countDocuments({})).toBe(1);
    const ids = (await Ticket.find({}).lean()).map((x) => x.customer?.customerId);
    expect(new Set(ids).size).toBe(1);
  });

  it("the customer's tier feeds the priority (a key-account tier raises it one level)", async () => {
    await intake();
    const { Customer, Ticket } = t.running.desk.models;
    await Customer.updateOne({}, { $set: { tier: 'key_account' } });
    await intake(PEOPLE.agentEn, {
      description: 'The store POS shows a wrong price for item 4711 since 10:00 today.',
    });
    const latest = (await Ticket.find({}).sort({ openedAt: -1, _id: -1 }).lean())[0]!;
    expect(latest.customer?.tier).toBe('key_account');
    expect(latest.priority).toBe('P2');
    expect(latest.priorityReason).toBe('key_account');
  });
});

describe('the intake form for a known customer', () => {
  it('shows tier and open tickets when a known phone is entered, and adds to an open ticket instead of a duplicate', async () => {
    await intake();
    const { Ticket } = t.running.desk.models;
    const existing = (await Ticket.findOne({}).lean())!;
    const view = await openForm(PEOPLE.agentZh);
    const res = await t.driver.blockAction({
      user: PEOPLE.agentZh,
      actionId: INPUT_ACTION,
      blockId: INTAKE_FIELD.phone,
      viewId: view.id,
      value: '0755-8888-6666',
    });
    expect(res.status).toBe(200);
    const updated = await waitFor(() => {
      const v = t.stub.openModal(PEOPLE.agentZh);
      return v && JSON.stringify(v.blocks).includes('C000001') ? v : undefined;
    });
    const shown = JSON.stringify(updated.blocks);
    expect(shown).toContain('普通'); // the tier, in the agent's language
    expect(shown).toContain(existing.number);
    expect(shown).toContain(INTAKE_FIELD.addTo);

    const sub = await submitIntake(t.driver, t.stub, {
      user: PEOPLE.agentZh,
      values: { ...values(), [INTAKE_FIELD.addTo]: existing.number },
    });
    await t.idle();
    expect(JSON.stringify(t.stub.view(sub.viewId)?.blocks)).toContain(existing.number);
    expect(await Ticket.countDocuments({})).toBe(1);
    const after = (await Ticket.findById(existing._id).lean())!;
    expect(after.history.some((h) => h.action === 'customer_again' && h.by === PEOPLE.agentZh)).toBe(true);
  });

  it('says so when the phone or ID entered is not a known customer', async () => {
    const view = await openForm();
    await t.driver.blockAction({
      user: PEOPLE.agentEn,
      actionId: INPUT_ACTION,
      blockId: INTAKE_FIELD.customerId,
      viewId: view.id,
      value: 'C999999',
    });
    const updated = await waitFor(() => {
      const v = t.stub.openModal(PEOPLE.agentEn);
      return v && JSON.stringify(v.blocks).includes('No customer is known') ? v : undefined;
    });
    expect(JSON.stringify(updated.blocks)).toContain('C999999');
  });
});

describe('/ticket customer', () => {
  it('shows the profile and the history; a supervisor edits the profile through a modal, audited', async () => {
    await intake();
    const ask = async (user: string, text: string) => {
      const res = await t.driver.command(text, { user, channel: CHANNELS.frontDesk });
      return (await waitFor(() => t.stub.responses.find((r) => r.id === res.responseUrlId))).body as {
        text: string;
        blocks: unknown[];
      };
    };
    const sup = await ask(PEOPLE.techSupervisor, 'customer C000001');
    const supText = JSON.stringify(sup.blocks);
    expect(supText).toContain('深圳市星河科技有限公司');
    expect(supText).toContain('0755-88886666'); // contacts in full for a supervisor
    expect(supText).toContain(ACTION.editCustomer);
    const number = (await t.running.desk.models.Ticket.findOne({}).lean())!.number;
    expect(supText).toContain(number);

    // A customer-service member sees it masked and cannot edit.
    const member = JSON.stringify((await ask(PEOPLE.csMember, 'customer 0755 8888 6666')).blocks);
    expect(member).toContain('C000001');
    expect(member).not.toContain('0755-88886666');
    expect(member).not.toContain(ACTION.editCustomer);

    const msg = t.stub.responses.find((r) => JSON.stringify(r.body).includes(ACTION.editCustomer))!;
    const e = t.stub
      .ephemeralsTo(PEOPLE.techSupervisor)
      .find((x) => JSON.stringify(x.blocks).includes(ACTION.editCustomer))!;
    expect(msg).toBeDefined();
    await t.driver.clickButton({
      user: PEOPLE.techSupervisor,
      actionId: ACTION.editCustomer,
      message: { channel: e.channel, ts: e.message_ts },
    });
    const modal = await waitFor(() => t.stub.openModal(PEOPLE.techSupervisor));
    expect(JSON.stringify(modal.blocks)).toContain('Retail');
    const saved = await t.driver.submitView({
      user: PEOPLE.techSupervisor,
      values: {
        [CUSTOMER_FIELD.name]: '深圳市星河科技有限公司',
        [CUSTOMER_FIELD.industry]: 'Retail chain',
        [CUSTOMER_FIELD.tier]: 'vip',
        [CUSTOMER_FIELD.method]: 'email',
        [CUSTOMER_FIELD.hours]: 'any time',
        [CUSTOMER_FIELD.tags]: 'POS, 发票',
      },
    });
    expect(saved.outcome.action).toBe('closed');
    const c = (await t.running.desk.models.Customer.findOne({ customerId: 'C000001' }).lean())!;
    expect(c.tier).toBe('vip');
    expect(c.tags).toEqual(['POS', '发票']);
    const audit = await t.running.desk.models.AuditEvent.findOne({ action: 'customer_edit' }).lean();
    expect(audit?.by).toBe(PEOPLE.techSupervisor);
    expect(
      (audit!.details as { changed: Record<string, { from: unknown; to: unknown }> }).changed.tier,
    ).toEqual({
      from: 'normal',
      to: 'vip',
    });
  });
});

describe('retention', () => {
  it('anonymises a customer record once none of its tickets holds contact data any more', async () => {
    t.clock.set('2026-11-24T10:00:00+08:00');
    await intake();
    const { Customer, Ticket } = t.running.desk.models;
    await Ticket.updateMany({}, { $set: { status: 'closed', closedAt: new Date('2026-11-25T00:00:00Z') } });
    const days = t.running.desk.config.dataProtection.retentionDays;
    // Not yet: the ticket is still within its retention period.
    await anonymiseExpired(t.running.desk, { now: new Date('2027-01-01T00:00:00Z') });
    expect((await Customer.findOne({}).lean())?.phones).toEqual(['0755-88886666']);
    await anonymiseExpired(t.running.desk, {
      now: new Date(Date.parse('2026-11-25T00:00:00Z') + (days + 1) * 86_400_000),
    });
    const c = (await Customer.findOne({}).lean())!;
    expect(c.anonymisedAt).toBeInstanceOf(Date);
    expect([c.name, c.phones, c.emails, c.contacts]).toEqual(['', [], [], []]);
    expect(c.customerId).toBe('C000001');
    expect(c.tier).toBe('normal');
    const ticket = (await Ticket.findOne({}).lean())!;
    expect(ticket.customer?.contactName).toBe('');
  });
});
