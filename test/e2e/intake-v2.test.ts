/**
 * Issue 18, the intake form: category first with the request types filtered by it (the form redrawn
 * on change, keeping what was typed), a mismatched type refused, the short subject stored (given or
 * derived), "Solved during the contact" opening a resolved ticket counted in FCR, and the sentence to
 * tell the customer in both languages. Driven over signed requests against the real app.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INPUT_ACTION, INTAKE_FIELD } from '../../blocks/ids.ts';
import { deriveSubject } from '../../src/domain/subject.ts';
import { periodReport } from '../../src/reports/report.ts';
import { CHANNELS, PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { checkView } from '../harness/block-kit.ts';
import { submitIntake } from '../harness/intake.ts';
import { type StoredView, waitFor } from '../harness/slack-stub.ts';

let t: TestDesk;
beforeAll(async () => {
  t = await startTestDesk('intake-v2');
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(async () => {
  await t.idle();
  await t.running.desk.models.Ticket.deleteMany({});
  await t.running.desk.models.Task.deleteMany({});
  await t.running.desk.models.Counter.deleteMany({});
  t.stub.reset();
  t.clock.set('2026-11-23T10:00:00+08:00'); // Monday 10:00 in Shanghai
});

const DESCRIPTION = 'Since 14:30 today paying order DD20240315001 with a coupon in the app shows "invalid".';

function values(overrides: Record<string, unknown> = {}) {
  return {
    customer_name: '王小明',
    customer_phone: '13812345678',
    contact_channel: 'website',
    request_type: 'service_request',
    category: 'functional_fault',
    description: DESCRIPTION,
    desired_outcome: 'Payment works again',
    urgency: 'normal',
    impact: 'partial',
    ...overrides,
  } as Record<string, string | string[]>;
}

async function openModal(user: string = PEOPLE.agentEn) {
  const res = await t.driver.command('', { user, channel: CHANNELS.frontDesk });
  expect(res.status).toBe(200);
  return waitFor(() => t.stub.openModal(user));
}

type Block = { type?: string; block_id?: string; element?: Record<string, unknown> };
const blockOf = (v: StoredView | undefined, id: string) =>
  (v?.blocks as Block[] | undefined)?.find((b) => b.block_id === id);
const optionValues = (v: StoredView | undefined, id: string) =>
  ((blockOf(v, id)?.element?.options ?? []) as { value: string }[]).map((o) => o.value);
const initialOption = (v: StoredView | undefined, id: string) =>
  (blockOf(v, id)?.element?.initial_option as { value?: string } | undefined)?.value;

/** Chooses `value` in the form's dispatching input `blockId` (with `typed` in the other fields). */
async function choose(user: string, view: StoredView, blockId: string, value: string | string[], typed = {}) {
  const before = t.stub.callsTo('views.update').length;
  const res = await t.driver.blockAction({
    user,
    actionId: INPUT_ACTION,
    blockId,
    viewId: view.id,
    value,
    values: { ...typed, [blockId]: value },
  });
  expect(res.status).toBe(200);
  await waitFor(() => t.stub.callsTo('views.update').length > before || undefined);
  await t.idle();
  return t.stub.view(view.id)!;
}

describe('the intake form (issue 18)', () => {
  it('asks for the contact person and preferences only when the agent ticks them, keeping what was typed', async () => {
    const view = await openModal();
    const inputs = (v: StoredView) => (v.blocks as Block[]).filter((b) => b.type === 'input');
    const details = [
      INTAKE_FIELD.contactName,
      INTAKE_FIELD.contactRole,
      INTAKE_FIELD.industry,
      INTAKE_FIELD.preferredContact,
      INTAKE_FIELD.preferredHours,
      INTAKE_FIELD.expectedBy,
    ];
    for (const id of details) expect(blockOf(view, id)).toBeUndefined();
    const shown = inputs(view).length;
    expect(inputs(view).filter((b) => !(b as { optional?: boolean }).optional)).toHaveLength(8);
    const more = await choose(PEOPLE.agentEn, view, INTAKE_FIELD.moreDetails, ['yes'], {
      [INTAKE_FIELD.customerName]: '王小明',
    });
    for (const id of details) expect(blockOf(more, id)).toBeDefined();
    expect(inputs(more)).toHaveLength(shown + details.length);
    expect(JSON.stringify(blockOf(more, INTAKE_FIELD.customerName))).toContain('王小明');
  });

  it('asks for the category first, filters the request types by it and keeps what was typed', async () => {
    const view = await openModal();
    const ids = (view.blocks as Block[]).map((b) => b.block_id).filter(Boolean);
    expect(ids.indexOf(INTAKE_FIELD.category)).toBeLessThan(ids.indexOf(INTAKE_FIELD.requestType));
    expect(ids.indexOf(INTAKE_FIELD.category)).toBeLessThan(ids.indexOf(INTAKE_FIELD.customerName));
    expect(JSON.stringify(blockOf(view, INTAKE_FIELD.category))).toContain('Decides the department');
    // Radio buttons for urgency (Normal / High / Critical), impact and key account.
    expect(blockOf(view, INTAKE_FIELD.urgency)?.element?.type).toBe('radio_buttons');
    expect(blockOf(view, INTAKE_FIELD.impact)?.element?.type).toBe('radio_buttons');
    expect(blockOf(view, INTAKE_FIELD.keyAccount)?.element?.type).toBe('radio_buttons');
    expect(JSON.stringify(blockOf(view, INTAKE_FIELD.urgency))).toContain('"High"');
    expect(optionValues(view, INTAKE_FIELD.requestType)).toHaveLength(6);

    const typed = { customer_name: '王小明', description: DESCRIPTION, request_type: 'complaint' };
    const consult = await choose(PEOPLE.agentEn, view, INTAKE_FIELD.category, 'consultation', typed);
    expect(checkView(t.stub.callsTo('views.update').at(-1)?.args.view)).toEqual([]);
    // Only consultation fits a consultation: offered alone and preselected; what was typed stays.
    expect(optionValues(consult, INTAKE_FIELD.requestType)).toEqual(['consultation']);
    expect(initialOption(consult, INTAKE_FIELD.requestType)).toBe('consultation');
    expect(initialOption(consult, INTAKE_FIELD.category)).toBe('consultation');
    // No complaint can be chosen: the staff-behaviour question is not asked.
    expect(blockOf(view, INTAKE_FIELD.staffBehaviour)).toBeDefined();
    expect(blockOf(consult, INTAKE_FIELD.staffBehaviour)).toBeUndefined();
    expect(JSON.stringify(blockOf(consult, INTAKE_FIELD.customerName))).toContain('王小明');
    expect(JSON.stringify(blockOf(consult, INTAKE_FIELD.description))).toContain('DD20240315001');
    // The redraw names the version it replaces (views.update with the view's hash).
    expect(t.stub.callsTo('views.update').at(-1)?.args.hash).toBeTruthy();

    const fault = await choose(PEOPLE.agentEn, consult, INTAKE_FIELD.category, 'functional_fault', {
      ...typed,
      request_type: 'consultation',
    });
    expect(optionValues(fault, INTAKE_FIELD.requestType)).toEqual([
      'consultation',
      'service_request',
      'complaint',
      'after_sales',
    ]);
    expect(blockOf(fault, INTAKE_FIELD.staffBehaviour)).toBeDefined();
    // A type that still fits stays chosen.
    expect(initialOption(fault, INTAKE_FIELD.requestType)).toBe('consultation');
  });

  it('refuses a request type that does not fit the category, and stores nothing', async () => {
    await openModal();
    const res = await t.driver.submitView({
      user: PEOPLE.agentEn,
      values: values({ category: 'consultation', request_type: 'complaint' }),
    });
    expect(res.outcome.action).toBe('errors');
    expect(res.outcome.errors?.[INTAKE_FIELD.requestType]).toContain('does not fit the category');
    expect(await t.running.desk.models.Ticket.countDocuments()).toBe(0);
  });

  it('stores the subject as given, or derived from the description', async () => {
    await openModal();
    const given = await submitIntake(t.driver, t.stub, {
      user: PEOPLE.agentEn,
      values: values({ subject: 'Coupon refused at checkout' }),
    });
    expect(given.result).toBe('created');
    await openModal();
    const derived = await submitIntake(t.driver, t.stub, { user: PEOPLE.agentEn, values: values() });
    expect(derived.result).toBe('created');
    await t.idle();
    const tickets = await t.running.desk.models.Ticket.find({}).sort({ serial: 1 });
    expect(tickets.map((x) => x.subject)).toEqual(['Coupon refused at checkout', deriveSubject(DESCRIPTION)]);
    expect(tickets[1]!.subject).toBeTruthy();
  });

  it('gives the agent the sentence to tell the customer, in English and in Chinese', async () => {
    await openModal(PEOPLE.agentEn);
    const en = await submitIntake(t.driver, t.stub, { user: PEOPLE.agentEn, values: values() });
    // P2 fault, normal urgency: first response within 2 h, by 12:00 today.
    expect(JSON.stringify(en.view?.blocks)).toContain(
      'Tell the customer: Your ticket number is GW20261123001; we will contact you by 12:00 today.',
    );
    await openModal(PEOPLE.agentZh);
    const zh = await submitIntake(t.driver, t.stub, { user: PEOPLE.agentZh, values: values() });
    expect(JSON.stringify(zh.view?.blocks)).toContain(
      '请告诉客户：您的工单号是 GW20261123002，我们将在今天12:00前联系您。',
    );
    // A P1 (core business blocked): the customer is contacted within 15 minutes, so that is the promise.
    await openModal(PEOPLE.agentEn);
    const p1 = await submitIntake(t.driver, t.stub, {
      user: PEOPLE.agentEn,
      values: values({ impact: 'blocking' }),
    });
    expect(JSON.stringify(p1.view?.blocks)).toContain('(P1');
    expect(JSON.stringify(p1.view?.blocks)).toContain('we will contact you by 10:15 today.');
    // Late in the day the first response falls tomorrow.
    t.clock.set('2026-11-23T23:00:00+08:00');
    await openModal(PEOPLE.agentZh);
    const late = await submitIntake(t.driver, t.stub, { user: PEOPLE.agentZh, values: values() });
    expect(JSON.stringify(late.view?.blocks)).toContain('我们将在明天01:00前联系您。');
  });

  it('asks for the reason once critical urgency is chosen', async () => {
    const view = await openModal();
    expect(blockOf(view, INTAKE_FIELD.urgencyReason)).toBeUndefined();
    const critical = await choose(PEOPLE.agentEn, view, INTAKE_FIELD.urgency, 'critical');
    expect(blockOf(critical, INTAKE_FIELD.urgencyReason)).toBeDefined();
    const res = await t.driver.submitView({ user: PEOPLE.agentEn, values: values({ urgency: 'critical' }) });
    expect(res.outcome.errors?.[INTAKE_FIELD.urgencyReason]).toContain('needs a reason');
  });

  it('opens a ticket solved during the contact already resolved, with its follow-up, counted in FCR', async () => {
    const desk = t.running.desk;
    const week = () => periodReport(desk, {}, 'week', new Date('2026-11-30T10:00:00+08:00'));
    expect((await week()).current.fcr).toMatchObject({ n: 0, total: 0 });

    const view = await openModal();
    // Ticked without a result: refused (on the checkbox while the result field is not shown yet).
    const bare = await t.driver.submitView({
      user: PEOPLE.agentEn,
      values: values({ solved_at_contact: ['yes'] }),
    });
    expect(bare.outcome.errors?.[INTAKE_FIELD.solvedAtContact]).toContain('needs the result');
    const ticked = await choose(PEOPLE.agentEn, view, INTAKE_FIELD.solvedAtContact, ['yes']);
    expect(blockOf(ticked, INTAKE_FIELD.contactResult)).toBeDefined();
    const res = await submitIntake(t.driver, t.stub, {
      user: PEOPLE.agentEn,
      values: values({
        solved_at_contact: ['yes'],
        contact_result: 'Explained that the coupon needs a minimum order of 100; paid again, works.',
      }),
    });
    expect(res.result).toBe('created');
    expect(JSON.stringify(res.view?.blocks)).toContain('recorded as solved during the contact');
    expect(JSON.stringify(res.view?.blocks)).toContain(
      'Tell the customer: Your request is recorded under ticket number GW20261123001',
    );
    await t.idle();
    const ticket = (await desk.models.Ticket.findOne({}))!;
    expect(ticket.status).toBe('resolved');
    expect(ticket.number).toBe('GW20261123001');
    expect(ticket.resolution?.summary).toContain('minimum order of 100');
    expect(ticket.resolution?.by).toBe(PEOPLE.agentEn);
    expect(ticket.resolvedAt?.toISOString()).toBe('2026-11-23T02:00:00.000Z');
    expect(ticket.firstResponseAt?.toISOString()).toBe('2026-11-23T02:00:00.000Z');
    expect(ticket.ownerId).toBe(PEOPLE.agentEn);
    expect(ticket.customerNotifiedAt).toBeTruthy();
    expect(ticket.history.map((h) => h.action)).toEqual(['open', 'resolve']);
    const clock = (kind: string) => ticket.clocks.find((c) => c.kind === kind)?.state;
    expect(clock('first_response')).toBe('met');
    expect(clock('result_notice')).toBe('met');
    expect(clock('follow_up')).toBe('running');
    // The card is posted to the department as the record (reopen and knowledge capture start there).
    await waitFor(() => t.stub.messages(CHANNELS.tech).length > 0 || undefined);
    expect((await desk.models.Ticket.findById(ticket._id))?.card?.ts).toBeTruthy();
    // The satisfaction follow-up is scheduled as for any resolution.
    const followUp = await waitFor(async () => {
      const task = await desk.models.Task.findOne({ kind: 'followup', ticketId: ticket._id });
      return task ? task.key : undefined;
    });
    expect(followUp).toBe(`followup:${ticket._id}:${ticket.resolvedAt!.getTime()}`);
    // Counted in the weekly report's first-contact resolution (the digest's aggregation).
    expect((await week()).current.fcr).toMatchObject({ n: 1, total: 1, rate: 1 });
  });
});
