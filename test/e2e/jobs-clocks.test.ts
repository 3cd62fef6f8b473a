/**
 * The customer-facing clocks end to end (issue 12) with `--now`-style runs of the `clocks` job:
 * for each clock not early, warned once, breached once and met by the right action (a recorded
 * customer contact, the emergency confirmation button, a plan, a progress note, an acknowledgement);
 * the first response by urgency; pause and resume moving the due time; the first-contact agent's
 * DMs and handover; modal errors; two instances running the job at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, CONTACT_FIELD, HAND_OVER_FIELD } from '../../blocks/ids.ts';
import { runJob } from '../../jobs/runner.ts';
import type { TicketDoc } from '../../src/db/models/index.ts';
import { claimTicket } from '../../src/tickets/claim.ts';
import { acknowledgeCollaboration, addCollaborators } from '../../src/tickets/collaborate.ts';
import { escalateTicket } from '../../src/tickets/escalate.ts';
import { postProgress } from '../../src/tickets/progress.ts';
import { resolveTicket } from '../../src/tickets/resolve.ts';
import { CHANNELS, PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { dmsAbout, type SeedOptions, seedTicket, threadAbout } from './jobs-fixtures.ts';
import { currentCard, shown, stored } from './workflow-fixtures.ts';

let t: TestDesk;
const owner = PEOPLE.techMember;
const agent = PEOPLE.agentEn;
const supervisor = PEOPLE.techSupervisor;

beforeAll(async () => {
  t = await startTestDesk('jobs-clocks', {
    config: (c) => {
      c.jobs.channelPaceMs = 0;
    },
  });
});
afterAll(async () => {
  await t?.stop();
});

async function clocksAt(iso: string, desk = t.running.desk) {
  t.clock.set(iso);
  const res = await runJob(desk, 'clocks', { now: new Date(iso) });
  await t.idle();
  return res;
}

/** Only these tickets have clocks due (earlier tests' tickets are set aside). */
async function onlyThese(keep: unknown[]) {
  await t.running.desk.models.Ticket.updateMany({ _id: { $nin: keep } }, { $set: { nextDueAt: null } });
}

/** Opens a ticket (the real open path, so its opening clocks start) and optionally claims it. */
async function ticketAt(o: SeedOptions & { claimAt?: string }): Promise<TicketDoc> {
  const ticket = await seedTicket(t, { ...o, owner: undefined });
  if (o.claimAt) {
    t.clock.set(o.claimAt);
    const res = await claimTicket(t.running.desk, { ticketId: ticket._id, by: owner });
    if (!res.ok) throw new Error(`claim refused: ${res.reason}`);
    await t.idle();
  }
  await onlyThese([ticket._id]);
  return stored(t, ticket);
}

const about = (user: string, ticket: TicketDoc, ...parts: string[]) =>
  dmsAbout(t, user, ticket.number).filter((m) => parts.every((p) => m.text.includes(p)));

/** Records a customer contact through the card's "Contacted customer" button and its modal. */
async function contact(
  ticket: TicketDoc,
  iso: string,
  values: { method?: string; summary?: string; accepted?: 'yes' | 'no' | 'na' },
  user = agent,
) {
  t.clock.set(iso);
  const card = await currentCard(t, ticket);
  await t.driver.clickButton({
    user,
    actionId: ACTION.contact,
    message: { channel: card.channel, ts: card.ts },
  });
  await t.stub.waitFor(() => t.stub.openModal(user));
  const res = await t.driver.submitView({
    user,
    values: {
      [CONTACT_FIELD.method]: values.method ?? 'phone',
      [CONTACT_FIELD.summary]: values.summary ?? 'Told the customer we are on it; next update tomorrow',
      [CONTACT_FIELD.accepted]: values.accepted ?? 'na',
    },
  });
  await t.idle();
  return res;
}

describe('first response by urgency', () => {
  it('the stricter of the priority and urgency windows: a normal consultation 2 h, urgent 30 min', async () => {
    const normal = await ticketAt({
      openedAt: '2027-04-05T10:00:00+08:00',
      category: 'consultation',
      requestType: 'consultation',
      impact: 'none',
    });
    expect(normal.priority).toBe('P3');
    expect(normal.responseDueAt.toISOString()).toBe(new Date('2027-04-05T12:00:00+08:00').toISOString());
    const urgent = await ticketAt({
      openedAt: '2027-04-05T10:00:00+08:00',
      category: 'consultation',
      requestType: 'consultation',
      impact: 'none',
      urgency: 'urgent',
    });
    expect(urgent.responseDueAt.toISOString()).toBe(new Date('2027-04-05T10:30:00+08:00').toISOString());
    expect(urgent.clocks.map((c) => c.kind)).toEqual(['first_response']);
  });
});

describe('P1 customer contact and emergency confirmation', () => {
  it('warn and breach once each; the missed emergency goes to the director; a contact meets the 15 minutes', async () => {
    const ticket = await ticketAt({ openedAt: '2027-04-05T10:00:00+08:00', impact: 'blocking' });
    expect(ticket.priority).toBe('P1');
    expect(ticket.clocks.map((c) => c.kind).sort()).toEqual([
      'customer_contact',
      'emergency',
      'first_response',
    ]);
    expect(ticket.nextDueAt?.toISOString()).toBe(new Date('2027-04-05T10:08:00+08:00').toISOString());

    const emergencyWarn = () => about(supervisor, ticket, 'please confirm the emergency process');
    await clocksAt('2027-04-05T10:07:59+08:00');
    expect(emergencyWarn()).toHaveLength(0);
    await clocksAt('2027-04-05T10:08:00+08:00');
    await clocksAt('2027-04-05T10:09:00+08:00');
    expect(emergencyWarn()).toHaveLength(1);
    expect(JSON.stringify(emergencyWarn()[0]!.blocks)).toContain(ACTION.confirmEmergency);

    await clocksAt('2027-04-05T10:10:00+08:00');
    await clocksAt('2027-04-05T10:11:00+08:00');
    expect(about(supervisor, ticket, 'was not confirmed')).toHaveLength(1);
    expect(about(PEOPLE.director, ticket, 'no supervisor confirmed the emergency process')).toHaveLength(1);

    // The 15-minute customer contact: warned at 12 minutes (channel while unclaimed, and the agent).
    await clocksAt('2027-04-05T10:11:59+08:00');
    expect(about(agent, ticket, 'P1 customer contact')).toHaveLength(0);
    await clocksAt('2027-04-05T10:12:00+08:00');
    await clocksAt('2027-04-05T10:12:30+08:00');
    expect(about(agent, ticket, 'P1 customer contact', 'is due by')).toHaveLength(1);
    // The channel reads the organisation's language (zh-CN).
    expect(
      t.stub
        .messages(CHANNELS.tech)
        .filter(
          (m) => m.text.includes(ticket.number) && m.text.includes('P1 客户联系') && m.text.includes('⏰'),
        ),
    ).toHaveLength(1);

    const sub = await contact(ticket, '2027-04-05T10:13:00+08:00', {
      summary: 'Received, we are working on it',
    });
    expect(sub.outcome.action).toBe('closed');
    await clocksAt('2027-04-05T10:15:00+08:00');
    await clocksAt('2027-04-05T10:20:00+08:00');
    expect(about(agent, ticket, 'P1 customer contact', 'overdue')).toHaveLength(0);
    const after = await stored(t, ticket);
    expect(after.clocks.find((c) => c.kind === 'customer_contact')?.state).toBe('met');
    expect(after.contacts).toHaveLength(1);
    expect(after.history.at(-1)?.action).toBe('contact');
    expect(threadAbout(t, after, '通过电话联系了客户')).toHaveLength(1);
    const card = shown(await currentCard(t, after));
    expect(card).toContain('✅ P1 客户联系');
    expect(card).toContain('🔴 应急流程启动确认');

    // The first response is claim plus a customer contact: the contact came first, the claim meets it.
    expect(after.clocks.find((c) => c.kind === 'first_response')?.state).toBe('running');
    t.clock.set('2027-04-05T10:20:00+08:00');
    expect((await claimTicket(t.running.desk, { ticketId: ticket._id, by: owner })).ok).toBe(true);
    await t.idle();
    const claimed = await stored(t, ticket);
    const first = claimed.clocks.find((c) => c.kind === 'first_response')!;
    expect([first.state, first.metAt?.toISOString()]).toEqual([
      'met',
      new Date('2027-04-05T10:20:00+08:00').toISOString(),
    ]);
  });

  it('the supervisor’s button on the alert meets the emergency clock: no escalation', async () => {
    const ticket = await ticketAt({ openedAt: '2027-04-06T10:00:00+08:00', impact: 'blocking' });
    const alert = await t.stub.waitFor(() =>
      dmsAbout(t, supervisor, ticket.number).find((m) =>
        JSON.stringify(m.blocks).includes(ACTION.confirmEmergency),
      ),
    );
    t.clock.set('2027-04-06T10:05:00+08:00');
    await t.driver.clickButton({
      user: supervisor,
      actionId: ACTION.confirmEmergency,
      message: { channel: alert.channel, ts: alert.ts },
    });
    await t.idle();
    const after = await stored(t, ticket);
    expect(after.emergency?.confirmedBy).toBe(supervisor);
    expect(after.clocks.find((c) => c.kind === 'emergency')?.state).toBe('met');
    await clocksAt('2027-04-06T10:10:00+08:00');
    await clocksAt('2027-04-06T10:30:00+08:00');
    expect(about(PEOPLE.director, ticket, 'emergency')).toHaveLength(0);
    expect(about(supervisor, ticket, 'was not confirmed')).toHaveLength(0);
    expect(threadAbout(t, after, '已确认应急流程启动')).toHaveLength(1);
  });
});

describe('plan, technical findings and customer progress sync', () => {
  it('claimed Friday 17:00: findings by 18:00, plan by Monday 17:00, sync by Tuesday 17:00', async () => {
    const ticket = await ticketAt({
      openedAt: '2027-04-09T16:30:00+08:00',
      claimAt: '2027-04-09T17:00:00+08:00',
    });
    const due = (kind: string) => ticket.clocks.find((c) => c.kind === kind)?.dueAt.toISOString();
    expect(due('findings')).toBe(new Date('2027-04-09T18:00:00+08:00').toISOString());
    expect(due('plan')).toBe(new Date('2027-04-12T17:00:00+08:00').toISOString());
    expect(due('progress_sync')).toBe(new Date('2027-04-13T17:00:00+08:00').toISOString());

    await clocksAt('2027-04-09T17:47:00+08:00');
    expect(about(owner, ticket, 'First technical findings')).toHaveLength(0);
    await clocksAt('2027-04-09T17:48:00+08:00');
    await clocksAt('2027-04-09T17:50:00+08:00');
    expect(about(owner, ticket, 'First technical findings', 'is due by')).toHaveLength(1);
    await clocksAt('2027-04-09T18:00:00+08:00');
    await clocksAt('2027-04-09T18:30:00+08:00');
    expect(about(owner, ticket, 'First technical findings', 'overdue')).toHaveLength(1);
    expect(about(supervisor, ticket, 'First technical findings', 'overdue')).toHaveLength(1);

    // Monday 10:00: a plan-stage update with its steps and expected date is the plan (and the findings).
    t.clock.set('2027-04-12T10:00:00+08:00');
    const res = await postProgress(t.running.desk, {
      ticketId: ticket._id,
      by: owner,
      stage: 'solution_design',
      note: 'Coupon validation rejects app orders since the 14:00 release',
      nextStep: 'Roll back the coupon service, then verify with the customer',
      plannedDate: '2027-04-14',
    });
    expect(res.ok).toBe(true);
    await t.idle();
    let after = await stored(t, ticket);
    expect(after.plan?.owner).toBe(owner);
    expect(after.clocks.find((c) => c.kind === 'plan')?.state).toBe('met');
    expect(after.clocks.find((c) => c.kind === 'findings')?.metAt?.toISOString()).toBe(
      new Date('2027-04-12T10:00:00+08:00').toISOString(),
    );
    await clocksAt('2027-04-12T15:12:00+08:00');
    await clocksAt('2027-04-12T17:00:00+08:00');
    expect(about(owner, ticket, 'Handling plan')).toHaveLength(0);

    // The progress sync warns at 80 % of its working time: Tuesday 13:24.
    await clocksAt('2027-04-13T13:23:00+08:00');
    expect(about(owner, ticket, 'Customer progress update')).toHaveLength(0);
    await clocksAt('2027-04-13T13:24:00+08:00');
    await clocksAt('2027-04-13T13:30:00+08:00');
    expect(about(owner, ticket, 'Customer progress update', 'is due by')).toHaveLength(1);
    const agentWarn = about(agent, ticket, 'Customer progress update', 'is due by');
    expect(agentWarn).toHaveLength(1);
    expect(JSON.stringify(agentWarn[0]!.blocks)).toContain(ACTION.contact);

    await contact(ticket, '2027-04-13T14:00:00+08:00', { method: 'wechat', summary: 'Rollback under way' });
    after = await stored(t, ticket);
    const syncs = after.clocks.filter((c) => c.kind === 'progress_sync');
    expect(syncs.map((c) => c.state)).toEqual(['met', 'running']);
    expect(syncs[1]!.dueAt.toISOString()).toBe(new Date('2027-04-15T14:00:00+08:00').toISOString());
    await clocksAt('2027-04-13T17:00:00+08:00');
    expect(about(owner, ticket, 'Customer progress update', 'overdue')).toHaveLength(0);
    expect(threadAbout(t, after, '已完成：')).toHaveLength(1);
    // Claimed at 17:00 without a contact, the first response (due 18:30) is met late by this contact.
    expect(after.clocks.find((c) => c.kind === 'first_response')?.state).toBe('met');
    const card = shown(await currentCard(t, after));
    expect(card).toContain('✅ 处理方案');
    expect(card).toContain('☑️ 初步技术排查结论：逾期完成');
    expect(card).toContain('最近一次联系客户：微信');
  });
});

describe('result notice and follow-up', () => {
  it('a contact the customer did not accept keeps the result notice running and is flagged; breach once; met late', async () => {
    const ticket = await ticketAt({
      openedAt: '2027-04-14T08:00:00+08:00',
      claimAt: '2027-04-14T08:30:00+08:00',
    });
    t.clock.set('2027-04-14T10:00:00+08:00');
    const res = await resolveTicket(t.running.desk, {
      ticketId: ticket._id,
      by: owner,
      summary: 'Coupon service rolled back; payments with coupons work again',
      type: 'fix',
    });
    expect(res.ok).toBe(true);
    await t.idle();
    let after = await stored(t, ticket);
    await onlyThese([ticket._id]);
    const notice = after.clocks.find((c) => c.kind === 'result_notice')!;
    expect(notice.dueAt.toISOString()).toBe(new Date('2027-04-14T12:00:00+08:00').toISOString());
    expect(after.clocks.find((c) => c.kind === 'follow_up')!.dueAt.toISOString()).toBe(
      new Date('2027-04-15T10:00:00+08:00').toISOString(),
    );
    expect(after.clocks.find((c) => c.kind === 'progress_sync')?.state).toBe('cancelled');

    const result = (user: string, ...parts: string[]) =>
      about(user, ticket, 'Telling the customer the result', ...parts);
    await clocksAt('2027-04-14T11:35:00+08:00');
    expect(result(owner)).toHaveLength(0);
    await clocksAt('2027-04-14T11:36:00+08:00');
    expect(result(owner, 'is due by')).toHaveLength(1);
    expect(result(agent, 'is due by')).toHaveLength(1);

    await contact(ticket, '2027-04-14T11:40:00+08:00', {
      summary: 'Told the customer the fix',
      accepted: 'no',
    });
    after = await stored(t, ticket);
    expect(after.clocks.find((c) => c.kind === 'result_notice')?.state).toBe('running');
    expect(threadAbout(t, after, '客户未确认')).toHaveLength(1);
    expect(shown(await currentCard(t, after))).toContain('客户未确认');

    await clocksAt('2027-04-14T12:00:00+08:00');
    await clocksAt('2027-04-14T12:05:00+08:00');
    expect(result(owner, 'overdue')).toHaveLength(1);
    expect(result(agent, 'overdue')).toHaveLength(1);
    expect(result(supervisor, 'overdue')).toHaveLength(1);

    await contact(ticket, '2027-04-14T12:10:00+08:00', {
      summary: 'Customer confirmed it works',
      accepted: 'yes',
    });
    after = await stored(t, ticket);
    expect(after.clocks.find((c) => c.kind === 'result_notice')?.state).toBe('met');
    expect(after.customerNotifiedAt?.toISOString()).toBe(new Date('2027-04-14T12:10:00+08:00').toISOString());
    expect(shown(await currentCard(t, after))).toContain('☑️ 告知客户处理结果：逾期完成');

    // The follow-up within 24 h warns the agent at 80 % (Thursday 05:12), once.
    await clocksAt('2027-04-15T05:11:00+08:00');
    expect(about(agent, ticket, 'Satisfaction follow-up', '⏰')).toHaveLength(0);
    await clocksAt('2027-04-15T05:12:00+08:00');
    await clocksAt('2027-04-15T06:00:00+08:00');
    expect(about(agent, ticket, 'Satisfaction follow-up', '⏰')).toHaveLength(1);
  });
});

describe('pause while waiting on the customer', () => {
  it('the resolution due time moves by the time paused; the card shows "paused since"; the sla job waits', async () => {
    const ticket = await ticketAt({
      openedAt: '2027-04-19T10:00:00+08:00',
      claimAt: '2027-04-19T10:00:00+08:00',
    });
    const desk = t.running.desk;
    expect(ticket.resolutionDueAt.toISOString()).toBe(new Date('2027-04-21T10:00:00+08:00').toISOString());
    const syncDue = ticket.clocks.find((c) => c.kind === 'progress_sync')!.dueAt;
    expect(syncDue.toISOString()).toBe(new Date('2027-04-21T10:00:00+08:00').toISOString());

    t.clock.set('2027-04-19T11:00:00+08:00');
    await postProgress(desk, {
      ticketId: ticket._id,
      by: owner,
      stage: 'waiting_customer',
      note: 'Need the screenshot of the error',
      customerNeeds: 'Screenshot of the coupon error',
    });
    await t.idle();
    let after = await stored(t, ticket);
    expect(after.status).toBe('waiting_customer');
    expect(after.pause?.since?.toISOString()).toBe(new Date('2027-04-19T11:00:00+08:00').toISOString());
    expect(after.clocks.find((c) => c.kind === 'progress_sync')?.state).toBe('paused');
    expect(shown(await currentCard(t, after))).toContain('暂停计时');
    expect(about(agent, ticket, 'waits on the customer', 'Screenshot')).toHaveLength(1);

    t.clock.set('2027-04-19T14:00:00+08:00');
    await postProgress(desk, {
      ticketId: ticket._id,
      by: owner,
      stage: 'executing',
      note: 'Screenshot received',
    });
    await t.idle();
    after = await stored(t, ticket);
    expect(after.pause?.since ?? null).toBeNull();
    expect(after.pause?.totalMs).toBe(3 * 3_600_000);
    expect(after.resolutionDueAt.toISOString()).toBe(new Date('2027-04-21T13:00:00+08:00').toISOString());
    const sync = after.clocks.find((c) => c.kind === 'progress_sync')!;
    expect(sync.state).toBe('running');
    expect(sync.dueAt.toISOString()).toBe(new Date('2027-04-21T13:00:00+08:00').toISOString());
    expect(shown(await currentCard(t, after))).not.toContain('暂停计时');

    // The sla job measures against the moved due time: no breach at the old one.
    const breach = () => about(owner, ticket, 'missed its resolution time');
    t.clock.set('2027-04-21T10:30:00+08:00');
    await runJob(desk, 'sla', { now: new Date('2027-04-21T10:30:00+08:00') });
    await t.idle();
    expect(breach()).toHaveLength(0);
    t.clock.set('2027-04-21T13:00:00+08:00');
    await runJob(desk, 'sla', { now: new Date('2027-04-21T13:00:00+08:00') });
    await t.idle();
    expect(breach()).toHaveLength(1);
  });
});

describe('collaboration due date', () => {
  it('reminds the cooperating department, then its supervisor; an acknowledgement meets it', async () => {
    const ticket = await ticketAt({
      openedAt: '2027-04-26T09:00:00+08:00',
      claimAt: '2027-04-26T09:30:00+08:00',
    });
    const other = await ticketAt({
      openedAt: '2027-04-26T09:00:00+08:00',
      claimAt: '2027-04-26T09:30:00+08:00',
    });
    const desk = t.running.desk;
    t.clock.set('2027-04-26T10:00:00+08:00');
    for (const x of [ticket, other]) {
      const res = await addCollaborators(desk, {
        ticketId: x._id,
        by: owner,
        requests: [{ departmentId: 'cs', need: 'Call the customer about the refund', dueDate: '2027-04-27' }],
      });
      expect(res.ok).toBe(true);
    }
    await t.idle();
    await onlyThese([ticket._id, other._id]);
    t.clock.set('2027-04-26T11:00:00+08:00');
    const ack = await acknowledgeCollaboration(desk, {
      number: other.number,
      departmentId: 'cs',
      by: PEOPLE.csMember,
    });
    expect(ack.ok).toBe(true);
    await t.idle();
    const clock = (await stored(t, ticket)).clocks.find((c) => c.kind === 'collaboration')!;
    expect(clock.dueAt.toISOString()).toBe(new Date('2027-04-27T18:00:00+08:00').toISOString());

    const inCs = (x: TicketDoc, part: string) =>
      t.stub.messages(CHANNELS.cs).filter((m) => m.text.includes(x.number) && m.text.includes(part));
    await clocksAt('2027-04-27T14:35:00+08:00');
    expect(inCs(ticket, '⏰')).toHaveLength(0);
    await clocksAt('2027-04-27T14:36:00+08:00');
    await clocksAt('2027-04-27T15:00:00+08:00');
    expect(inCs(ticket, '⏰')).toHaveLength(1);
    await clocksAt('2027-04-27T18:00:00+08:00');
    await clocksAt('2027-04-27T18:30:00+08:00');
    expect(inCs(ticket, '🔴')).toHaveLength(1);
    expect(about(PEOPLE.csSupervisor, ticket, '🔴')).toHaveLength(1);
    expect(about(owner, ticket, '🔴', 'has not answered your collaboration request')).toHaveLength(1);
    expect(inCs(other, '⏰').length + inCs(other, '🔴').length).toBe(0);
    expect((await stored(t, other)).clocks.find((c) => c.kind === 'collaboration')?.state).toBe('met');
  });
});

describe('the first-contact agent', () => {
  it('is told of progress and escalation by DM; hands the role over (audited); bad input keeps the modal open', async () => {
    const ticket = await ticketAt({
      openedAt: '2027-05-03T09:00:00+08:00',
      claimAt: '2027-05-03T09:10:00+08:00',
    });
    const desk = t.running.desk;
    t.clock.set('2027-05-03T10:00:00+08:00');
    await postProgress(desk, {
      ticketId: ticket._id,
      by: owner,
      stage: 'review',
      note: 'Reproduced on Android',
    });
    await t.idle();
    expect(about(agent, ticket, 'posted progress', 'Reproduced on Android')).toHaveLength(1);
    await escalateTicket(desk, {
      ticketId: ticket._id,
      by: owner,
      level: 'supervisor',
      major: false,
      reason: 'Needs a refund decision',
    });
    await t.idle();
    expect(about(agent, ticket, 'was escalated', 'Needs a refund decision')).toHaveLength(1);

    // A contact without a real summary: the modal shows the error, nothing is stored.
    const bad = await contact(ticket, '2027-05-03T10:30:00+08:00', { summary: 'ok' });
    expect(bad.outcome.action).toBe('errors');
    expect(JSON.stringify(bad.outcome.errors)).toContain(CONTACT_FIELD.summary);
    expect((await stored(t, ticket)).contacts).toHaveLength(0);

    await t.driver.closeView({ user: agent });
    // Hand over from the card to a colleague.
    t.clock.set('2027-05-03T11:00:00+08:00');
    const card = await currentCard(t, ticket);
    await t.driver.clickButton({
      user: agent,
      actionId: ACTION.handOver,
      message: { channel: card.channel, ts: card.ts },
    });
    await t.stub.waitFor(() => t.stub.openModal(agent));
    const same = await t.driver.submitView({
      user: agent,
      values: { [HAND_OVER_FIELD.agent]: agent, [HAND_OVER_FIELD.reason]: 'Going on leave' },
    });
    expect(same.outcome.action).toBe('errors');
    const sub = await t.driver.submitView({
      user: agent,
      values: { [HAND_OVER_FIELD.agent]: PEOPLE.agentZh, [HAND_OVER_FIELD.reason]: 'Going on leave' },
    });
    expect(sub.outcome.action).toBe('closed');
    await t.idle();
    const after = await stored(t, ticket);
    expect(after.agentId).toBe(PEOPLE.agentZh);
    const entry = after.history.find((h) => h.action === 'hand_over')!;
    expect([entry.by, entry.from, entry.to, entry.note]).toEqual([
      agent,
      agent,
      PEOPLE.agentZh,
      'Going on leave',
    ]);
    expect(about(PEOPLE.agentZh, ticket, '你已成为工单')).toHaveLength(1);
    expect(threadAbout(t, after, '首问负责人')).toHaveLength(1);
    expect(shown(await currentCard(t, after))).toContain(`首问负责人 <@${PEOPLE.agentZh}>`);

    t.clock.set('2027-05-03T12:00:00+08:00');
    await postProgress(desk, {
      ticketId: ticket._id,
      by: owner,
      stage: 'executing',
      note: 'Fix deployed to staging',
    });
    await t.idle();
    expect(about(PEOPLE.agentZh, ticket, '你是首问负责人', 'Fix deployed')).toHaveLength(1);
    expect(about(agent, ticket, 'Fix deployed')).toHaveLength(0);
  });
});

describe('two instances', () => {
  it('running the clocks job at once send each notice once', async () => {
    const ticket = await ticketAt({
      openedAt: '2027-05-10T10:00:00+08:00',
      claimAt: '2027-05-10T10:05:00+08:00',
    });
    const second = await startTestDesk('jobs-clocks-2', {
      stub: t.stub,
      mongoUri: t.running.desk.env.MONGODB_URI,
      clock: t.clock,
      config: (c) => {
        c.jobs.channelPaceMs = 0;
      },
    });
    try {
      const now = new Date('2027-05-10T11:10:00+08:00');
      t.clock.set(now);
      await Promise.all([
        runJob(t.running.desk, 'clocks', { now }),
        runJob(second.running.desk, 'clocks', { now }),
        runJob(second.running.desk, 'clocks', { now }),
      ]);
      await t.idle();
      await second.idle();
      expect(about(owner, ticket, 'First technical findings', 'overdue')).toHaveLength(1);
      expect(about(supervisor, ticket, 'First technical findings', 'overdue')).toHaveLength(1);
      // Run again after both: nothing new.
      await clocksAt('2027-05-10T11:11:00+08:00', second.running.desk);
      expect(about(owner, ticket, 'First technical findings')).toHaveLength(1);
    } finally {
      await second.running.stop();
    }
  });
});

describe('documents read', () => {
  it('the clocks job reads only the tickets whose nextDueAt has come', async () => {
    const seeded = [];
    for (let i = 0; i < 3; i++)
      seeded.push(await seedTicket(t, { openedAt: '2027-05-12T10:00:00+08:00', impact: 'blocking' }));
    await onlyThese(seeded.map((x) => x._id));
    const read = async (iso: string) =>
      (await clocksAt(iso)).report.find((l) => l.startsWith('read '))?.split(' ')[1];
    expect(await read('2027-05-12T10:05:00+08:00')).toBe('0');
    expect(await read('2027-05-12T10:08:00+08:00')).toBe('3');
    expect(await read('2027-05-12T10:09:00+08:00')).toBe('0');
    expect(await read('2027-05-12T10:10:00+08:00')).toBe('3');
  });
});

describe('reports', () => {
  const textOf = (m: { text: string; blocks?: unknown[] }) => JSON.stringify(m.blocks ?? []);
  it('the daily digest lists overdue clocks of every kind; the weekly report gives the on-time rate per clock; the monthly review a 6-month trend', async () => {
    const ticket = await ticketAt({ openedAt: '2027-05-14T10:00:00+08:00', impact: 'blocking' });
    // The earlier tests' clocks are set aside so that the digest's list shows this ticket's.
    await t.running.desk.models.Ticket.updateMany({ _id: { $ne: ticket._id } }, { $set: { clocks: [] } });
    await clocksAt('2027-05-14T10:30:00+08:00');
    t.clock.set('2027-05-17T09:30:00+08:00');
    await runJob(t.running.desk, 'digest', { now: new Date('2027-05-17T09:30:00+08:00') });
    await t.idle();
    const dms = t.stub.dmsTo(PEOPLE.director);
    const daily = dms.find((m) => textOf(m).includes('Daily digest') && textOf(m).includes('2027-05-17'));
    expect(daily).toBeDefined();
    const dailyText = textOf(daily!);
    expect(dailyText).toContain('Customer clocks:');
    expect(dailyText).toMatch(
      new RegExp(`${ticket.number}[^"]*Emergency process confirmation: overdue since`),
    );
    expect(dailyText).toMatch(new RegExp(`${ticket.number}[^"]*P1 customer contact[^"]*: overdue since`));

    const weekly = dms.find((m) => textOf(m).includes('Weekly report') && textOf(m).includes('2027-05-10'));
    expect(weekly).toBeDefined();
    const weeklyText = textOf(weekly!);
    expect(weeklyText).toContain('On time, per clock');
    expect(weeklyText).toMatch(/Emergency process confirmation: [^(]*\(0\/1\)/);
    expect(weeklyText).toContain('Survey dimensions (average of 1–5)');

    t.clock.set('2027-06-01T10:00:00+08:00');
    await runJob(t.running.desk, 'digest', { now: new Date('2027-06-01T10:00:00+08:00') });
    await t.idle();
    const monthly = t.stub
      .dmsTo(PEOPLE.director)
      .find((m) => textOf(m).includes('Six-month trend') && textOf(m).includes('2027-05'));
    expect(monthly).toBeDefined();
    const monthlyText = textOf(monthly!);
    for (const month of ['2026-12', '2027-01', '2027-02', '2027-03', '2027-04', '2027-05'])
      expect(monthlyText).toContain(`• ${month}: complaint rate`);
  });
});
