/**
 * Automatic assignment: round robin and least loaded over the department channel's members
 * (supervisors aside), skipping members who are away, out of office or off shift; Accept claims,
 * Decline or no answer in time passes the ticket on; a claim-policy ticket left unclaimed is
 * assigned the same way. Driven through the real app: DMs, buttons, the cards job, the stored ticket.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../blocks/ids.ts';
import { runJob } from '../../jobs/runner.ts';
import type { TicketDoc } from '../../src/db/models/index.ts';
import { PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { waitFor } from '../harness/slack-stub.ts';
import { currentCard, openSeeded, shown, stored } from './workflow-fixtures.ts';

let t: TestDesk;
const { techMember: M1, techMember2: M2, techSenior: S1 } = PEOPLE;

beforeAll(async () => {
  t = await startTestDesk('assignment', {
    config: (c) => {
      const tech = c.departments.find((d) => d.id === 'tech')!;
      tech.assignment = { policy: 'round_robin', acceptMinutes: 10 };
    },
  });
  t.clock.set('2026-11-24T02:00:00Z'); // Tuesday 10:00 in Shanghai
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(async () => {
  await t.idle();
  await t.running.desk.models.Ticket.deleteMany({});
  await t.running.desk.models.Task.deleteMany({});
  await t.running.desk.models.Counter.deleteMany({ _id: /^assign:/ });
  t.stub.reset();
  for (const u of [M1, M2, S1])
    t.stub.setUserStatus(u, { presence: 'active', status_emoji: '', status_text: '' });
  // Two minutes later each test: presence and status are cached for a minute.
  t.clock.advance(2 * 60_000);
  const { availability } = t.running.desk.config;
  availability.shifts = {};
  const tech = t.running.desk.config.departments.find((d) => d.id === 'tech')!;
  tech.assignment = { policy: 'round_robin', acceptMinutes: 10 };
});

/** Assignment DMs to `user` (with the Accept button) about `number`. */
function offers(user: string, number: string) {
  return t.stub
    .dmsTo(user)
    .filter((m) => m.text.includes(number) && JSON.stringify(m.blocks ?? []).includes(ACTION.assignAccept));
}

/** Clicks Accept or Decline on the assignment DM; returns the answer shown (actions run after their ack). */
async function press(user: string, actionId: string, number: string): Promise<string> {
  const dm = offers(user, number).at(-1);
  if (!dm) throw new Error(`no assignment DM to ${user} for ${number}`);
  const before = t.stub.ephemeralsTo(user).length;
  const res = await t.driver.clickButton({ user, actionId, message: { channel: dm.channel, ts: dm.ts } });
  expect(res.status).toBe(200);
  await waitFor(() => t.stub.ephemeralsTo(user).length > before, 5_000, `an answer to ${user}`);
  await t.idle();
  return t.stub.ephemeralsTo(user).at(-1)?.text ?? '';
}

async function assigneeOf(ticket: Pick<TicketDoc, '_id'>): Promise<string | null | undefined> {
  return (await stored(t, ticket)).assignment?.userId;
}

describe('round robin', () => {
  it('asks the next member by DM, skipping one who is away, one out of office and one off shift', async () => {
    t.stub.setUserStatus(M1, { presence: 'away' });
    t.stub.setUserStatus(S1, { status_emoji: ':palm_tree:', status_text: 'Back Monday' });
    // M2 works weekends only; S1 is on shift but on leave; M1 is away: nobody is available.
    t.running.desk.config.availability.shifts = { [M2]: [{ days: [6, 7], from: '09:00', to: '18:00' }] };
    const none = await openSeeded(t);
    expect(await assigneeOf(none)).toBeNull();
    const doc = await stored(t, none);
    expect(doc.history.map((h) => h.action)).toContain('assign_none');
    expect(t.stub.dmsTo(PEOPLE.techSupervisor).some((m) => m.text.includes(none.number))).toBe(true);
    for (const u of [M1, M2, S1]) expect(offers(u, none.number)).toHaveLength(0);

    // S1 clears the status: the next ticket goes to S1, whose turn it is not but who is the only one free.
    t.stub.setUserStatus(S1, { status_emoji: '', status_text: '' });
    t.clock.advance(61_000);
    const ticket = await openSeeded(t);
    expect(await assigneeOf(ticket)).toBe(S1);
    expect(offers(S1, ticket.number)).toHaveLength(1);
    expect(offers(M1, ticket.number)).toHaveLength(0);
    expect(offers(M2, ticket.number)).toHaveLength(0);
    const card = await currentCard(t, ticket);
    expect(shown(card)).toContain(`<@${S1}>`);
    expect((await stored(t, ticket)).history.find((h) => h.action === 'assign')?.to).toBe(S1);
  });

  it('takes turns when everyone is available', async () => {
    const a = await openSeeded(t);
    const b = await openSeeded(t);
    const c = await openSeeded(t);
    const d = await openSeeded(t);
    expect([await assigneeOf(a), await assigneeOf(b), await assigneeOf(c), await assigneeOf(d)]).toEqual([
      M1,
      M2,
      S1,
      M1,
    ]);
  });
});

describe('least loaded', () => {
  it('asks the member with the least open work, weighted by priority', async () => {
    const tech = t.running.desk.config.departments.find((d) => d.id === 'tech')!;
    tech.assignment = { policy: 'claim', acceptMinutes: 10 };
    const owned = async (owner: string, priority: 'P1' | 'P2' | 'P3') => {
      const x = await openSeeded(t);
      await t.running.desk.models.Ticket.updateOne(
        { _id: x._id },
        { $set: { ownerId: owner, status: 'in_progress', claimedAt: t.clock.now(), priority } },
      );
    };
    await owned(M1, 'P2');
    await owned(M1, 'P2'); // 4
    await owned(M2, 'P1'); // 3
    await owned(S1, 'P3');
    await owned(S1, 'P3'); // 2
    tech.assignment = { policy: 'least_loaded', acceptMinutes: 10 };
    const ticket = await openSeeded(t);
    expect(await assigneeOf(ticket)).toBe(S1);
    // One more P1 for S1 (load 5): now M2 (3) has the least.
    await owned(S1, 'P1');
    const next = await openSeeded(t);
    expect(await assigneeOf(next)).toBe(M2);
  });
});

describe('answering an assignment', () => {
  it('a decline and a timeout pass the ticket on; accept claims it; a late answer is refused', async () => {
    const ticket = await openSeeded(t);
    expect(await assigneeOf(ticket)).toBe(M1);

    expect(await press(M1, ACTION.assignDecline, ticket.number)).toContain(
      'goes to the next available colleague',
    );
    expect(await assigneeOf(ticket)).toBe(M2);
    expect(offers(M2, ticket.number)).toHaveLength(1);

    // M2 does not answer: 9 minutes is not yet too late, 10 is.
    await runJob(t.running.desk, 'cards', { now: new Date(t.clock.now().getTime() + 9 * 60_000) });
    await t.idle();
    expect(await assigneeOf(ticket)).toBe(M2);
    t.clock.advance(10 * 60_000 + 1_000);
    await runJob(t.running.desk, 'cards', { now: t.clock.now() });
    await t.idle();
    expect(await assigneeOf(ticket)).toBe(S1);
    // The timeout runs once even when the job runs again.
    await runJob(t.running.desk, 'cards', { now: t.clock.now() });
    await t.idle();
    expect(await assigneeOf(ticket)).toBe(S1);

    expect(await press(S1, ACTION.assignAccept, ticket.number)).toContain('it is yours now');
    const doc = await stored(t, ticket);
    expect(doc.status).toBe('claimed');
    expect(doc.ownerId).toBe(S1);
    expect(doc.history.map((h) => h.action)).toEqual(
      expect.arrayContaining(['assign', 'assign_decline', 'assign_timeout', 'claim']),
    );
    expect(doc.history.filter((h) => h.action === 'assign').map((h) => h.to)).toEqual([M1, M2, S1]);
    expect(shown(await currentCard(t, ticket))).toContain(`<@${S1}>`);

    // M2's late accept is refused and changes nothing.
    expect(await press(M2, ACTION.assignAccept, ticket.number)).toContain(`Already claimed by <@${S1}>`);
    expect((await stored(t, ticket)).ownerId).toBe(S1);
  });
});

describe('claim policy with auto-assignment', () => {
  it('assigns a ticket still unclaimed after the configured time, once', async () => {
    const tech = t.running.desk.config.departments.find((d) => d.id === 'tech')!;
    tech.assignment = { policy: 'claim', acceptMinutes: 10, autoAssignAfterMinutes: 30 };
    const ticket = await openSeeded(t);
    expect(await assigneeOf(ticket)).toBeUndefined();
    await runJob(t.running.desk, 'cards', { now: new Date(t.clock.now().getTime() + 29 * 60_000) });
    await t.idle();
    expect(await assigneeOf(ticket)).toBeUndefined();
    t.clock.advance(31 * 60_000);
    await runJob(t.running.desk, 'cards', { now: t.clock.now() });
    await runJob(t.running.desk, 'cards', { now: t.clock.now() });
    await t.idle();
    const doc = await stored(t, ticket);
    expect(doc.assignment?.userId).toBe(M1);
    expect(doc.history.filter((h) => h.action === 'assign')).toHaveLength(1);
    expect(doc.history.find((h) => h.action === 'assign')?.note).toBe('unclaimed');
    // A ticket claimed before the time is not assigned.
    const claimed = await openSeeded(t);
    await t.driver.clickButton({
      user: M2,
      actionId: ACTION.claim,
      message: { channel: claimed.card!.channel!, ts: claimed.card!.ts! },
    });
    await t.idle();
    t.clock.advance(31 * 60_000);
    await runJob(t.running.desk, 'cards', { now: t.clock.now() });
    await t.idle();
    expect((await stored(t, claimed)).assignment?.userId).toBeUndefined();
  });
});
