/**
 * Issue 18, alerts and DMs: every alert about a ticket carries, in one layout, the ticket number
 * linked to its card, the subject, the masked customer, the state and the time left or late, and
 * exactly one primary button with the action that fits (View, Take it, Assign to…, Mark customer
 * informed, Record). Take it in a DM claims as the card's Claim does. The first-contact agent's
 * result and follow-up DMs carry the need and the full contact details, each sending audited.
 */
import type { Button } from '@slack/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../blocks/ids.ts';
import { runJob } from '../../jobs/runner.ts';
import type { TicketDoc } from '../../src/db/models/index.ts';
import { maskName, maskPhone } from '../../src/domain/masking.ts';
import { subjectOf } from '../../src/domain/subject.ts';
import { resolvedNotices } from '../../src/tickets/resolve.ts';
import { onResolved } from '../../src/tickets/resolve-hooks.ts';
import { changeTicket } from '../../src/tickets/ticket-change.ts';
import { CHANNELS, PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import type { StoredMessage } from '../harness/slack-stub.ts';
import { dmsAbout, seedTicket } from './jobs-fixtures.ts';

let t: TestDesk;
const owner = PEOPLE.techMember;
const agent = PEOPLE.agentEn;
const PHONE = '13812345678';

beforeAll(async () => {
  t = await startTestDesk('alerts', {
    config: (c) => {
      c.jobs.channelPaceMs = 0;
      c.escalationLevels = [{ share: 0.5, level: 'senior', priorities: ['P2'] }];
    },
  });
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(async () => {
  await t.idle();
  await t.running.desk.models.Ticket.deleteMany({});
  await t.running.desk.models.Task.deleteMany({});
  t.stub.reset();
});

async function jobAt(job: string, iso: string) {
  t.clock.set(iso);
  const res = await runJob(t.running.desk, job, { now: new Date(iso) });
  await t.idle();
  return res;
}

function allButtons(m: StoredMessage): Button[] {
  return ((m.blocks ?? []) as { type: string; elements?: Button[] }[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []).filter((e) => e.type === 'button'));
}

/** The summary line of the notice (its context block). */
function summaryOf(m: StoredMessage): string {
  const ctx = ((m.blocks ?? []) as { type: string; elements?: { text?: string }[] }[]).find(
    (b) => b.type === 'context',
  );
  return (ctx?.elements ?? []).map((e) => e.text ?? '').join('\n');
}

/**
 * The shared layout: number linked to the card, subject, masked customer, state, time left or late;
 * exactly one primary button, with `primary` as its action id.
 */
function expectAlert(m: StoredMessage | undefined, ticket: TicketDoc, state: RegExp, primary: string) {
  expect(m, 'alert posted').toBeDefined();
  const summary = summaryOf(m!);
  expect(summary).toContain(`<${ticket.card!.permalink}|${ticket.number}>`);
  expect(summary).toContain(subjectOf(ticket));
  expect(summary).toContain(maskName('Li Lei'));
  expect(summary).toContain(maskPhone(PHONE));
  expect(summary).not.toContain(PHONE);
  expect(summary).toMatch(state);
  expect(summary).toMatch(/\d+[dhm]( \d+[hm])? left|late by \d+[dhm]|剩余\d+|已超时\d+/);
  const primaries = allButtons(m!).filter((b) => b.style === 'primary');
  expect(primaries.map((b) => b.action_id)).toEqual([primary]);
  return primaries[0]!;
}

async function resolveWithNotices(ticket: TicketDoc, iso: string): Promise<TicketDoc> {
  const desk = t.running.desk;
  t.clock.set(iso);
  const res = await changeTicket(desk, {
    ticketId: ticket._id,
    action: 'resolve',
    by: owner,
    set: {
      resolvedAt: new Date(iso),
      customerNotifyDueAt: new Date(new Date(iso).getTime() + 2 * 3_600_000),
      resolution: { summary: 'fixed', type: 'fix', by: owner, at: new Date(iso) },
    },
    notices: resolvedNotices(
      ticket,
      { summary: 'fixed', by: owner },
      new Date(new Date(iso).getTime() + 2 * 3_600_000),
    ),
  });
  if (!res.ok) throw new Error(`resolve refused: ${res.reason}`);
  await onResolved(desk, res.ticket);
  await t.idle();
  return res.ticket;
}

describe('alerts and DMs about a ticket', () => {
  it('the P1 alert tells the supervisors the subject, masked customer, state and time left, with Assign to… (the card)', async () => {
    const ticket = await seedTicket(t, { openedAt: '2027-04-05T10:00:00+08:00', impact: 'blocking' });
    expect(ticket.priority).toBe('P1');
    const alert = await t.stub.waitFor(() =>
      dmsAbout(t, PEOPLE.techSupervisor, ticket.number).find((m) => m.text.includes('🚨')),
    );
    const primary = expectAlert(alert, ticket, /New, unclaimed|Unclaimed/, ACTION.noticeAssign);
    expect(primary.url).toBe(ticket.card!.permalink);
    expect(allButtons(alert).map((b) => b.action_id)).toContain(ACTION.confirmEmergency);
  });

  it('service-level alerts: Take it in the channel while unclaimed; View for the owner and the supervisors once claimed and late', async () => {
    const desk = t.running.desk;
    const ticket = await seedTicket(t, { openedAt: '2027-04-05T10:00:00+08:00' });
    await jobAt('sla', '2027-04-05T11:40:00+08:00');
    const warning = t.stub
      .messages(CHANNELS.tech)
      .find((m) => !m.thread_ts && m.text.includes(ticket.number) && m.text.includes('⚠️'));
    // The channel reads the organisation's language (zh-CN here).
    expectAlert(warning, ticket, /待认领/, ACTION.claim);

    await desk.models.Ticket.updateOne(
      { _id: ticket._id },
      { $set: { status: 'claimed', ownerId: owner, claimedAt: new Date('2027-04-05T12:30:00+08:00') } },
    );
    await jobAt('sla', '2027-04-08T10:00:00+08:00');
    const breach = dmsAbout(t, owner, ticket.number).find((m) =>
      m.text.includes('missed its resolution time'),
    );
    expectAlert(breach, ticket, new RegExp(`owned by <@${owner}>`), ACTION.details);
    expect(summaryOf(breach!)).toContain('🔴 late by');
    const sup = dmsAbout(t, PEOPLE.techSupervisor, ticket.number).find((m) =>
      m.text.includes('missed its resolution time'),
    );
    expectAlert(sup, ticket, /owned by/, ACTION.details);
  });

  it('Take it in an escalation DM claims the ticket as the card does (a non-member is refused)', async () => {
    const desk = t.running.desk;
    const ticket = await seedTicket(t, { openedAt: '2027-04-05T10:00:00+08:00' });
    expect(ticket.priority).toBe('P2');
    await jobAt('cards', new Date(ticket.openedAt.getTime() + 24 * 3_600_000 + 60_000).toISOString());
    const dm = await t.stub.waitFor(() =>
      dmsAbout(t, PEOPLE.techSenior, ticket.number).find((m) => m.text.includes('resolution time')),
    );
    expectAlert(dm, ticket, /Unclaimed|New, unclaimed/, ACTION.claim);

    // Someone outside the department pressing it is refused, as on the card.
    await t.driver.clickButton({ user: PEOPLE.csMember, actionId: ACTION.claim, message: dm });
    await t.idle();
    expect((await desk.models.Ticket.findById(ticket._id))!.ownerId ?? null).toBeNull();

    await t.driver.clickButton({ user: PEOPLE.techSenior, actionId: ACTION.claim, message: dm });
    await t.idle();
    const claimed = await desk.models.Ticket.findById(ticket._id);
    expect(claimed!.status).toBe('claimed');
    expect(claimed!.ownerId).toBe(PEOPLE.techSenior);
    expect(claimed!.history.at(-1)?.action).toBe('claim');
  });

  it('a P1 stale-ticket nudge says P1 and how many working days past due, with View', async () => {
    const ticket = await seedTicket(t, {
      openedAt: '2027-04-05T10:00:00+08:00',
      impact: 'blocking',
      owner,
      claimedAt: '2027-04-05T10:10:00+08:00',
    });
    await jobAt('nudge', '2027-04-09T10:30:00+08:00');
    const nudge = dmsAbout(t, owner, ticket.number).find((m) => m.text.includes('no progress update'));
    expect(nudge?.text).toContain('*P1* Ticket');
    expect(nudge?.text).toMatch(/It is \d+ working days past its resolution due time/);
    expectAlert(nudge, ticket, new RegExp(`owned by <@${owner}>`), ACTION.details);
  });

  it('the result DM gives the agent the need and full contact details (audited) with Mark customer informed; the follow-up DM too, with Record', async () => {
    const desk = t.running.desk;
    let ticket = await seedTicket(t, {
      openedAt: '2027-04-05T10:00:00+08:00',
      owner,
      claimedAt: '2027-04-05T10:30:00+08:00',
    });
    ticket = await resolveWithNotices(ticket, '2027-04-05T15:00:00+08:00');
    const result = await t.stub.waitFor(() =>
      dmsAbout(t, agent, ticket.number).find((m) => m.text.includes('was resolved')),
    );
    expectAlert(result, ticket, /Resolved/, ACTION.customerNotified);
    const shown = JSON.stringify(result.blocks);
    expect(shown).toContain(PHONE);
    expect(shown).toContain('Li Lei');
    expect(shown).toContain('*Need:* refund');
    await t.stub.waitFor(async () =>
      (await desk.models.Ticket.findById(ticket._id))!.history.find(
        (h) => h.action === 'view_full' && h.by === agent && h.note?.includes('notice.resolved'),
      ),
    );
    // Nobody else gets the details: the owner's and the supervisor's notices are masked.
    for (const m of [...t.stub.dmsTo(owner), ...t.stub.dmsTo(PEOPLE.techSupervisor)])
      expect(JSON.stringify(m.blocks ?? [])).not.toContain(PHONE);

    await jobAt('followup', '2027-04-06T09:00:00+08:00');
    const followUp = dmsAbout(t, agent, ticket.number).find((m) => m.text.includes('Satisfaction follow-up'));
    expectAlert(followUp, ticket, /Resolved/, ACTION.survey);
    expect(JSON.stringify(followUp!.blocks)).toContain(PHONE);
    const audits = (await desk.models.Ticket.findById(ticket._id))!.history.filter(
      (h) => h.action === 'view_full' && h.by === agent,
    );
    expect(audits.map((h) => h.note)).toEqual([
      'customer contact details sent by DM (notice.resolved)',
      'customer contact details sent by DM (followup.agent)',
    ]);
  });

  it('clock warnings: the agent gets View, the supervisors the emergency warning with Assign to…', async () => {
    const ticket = await seedTicket(t, { openedAt: '2027-04-06T10:00:00+08:00', impact: 'blocking' });
    expect(ticket.priority).toBe('P1');
    await jobAt('clocks', '2027-04-06T10:13:00+08:00');
    const agentWarning = dmsAbout(t, agent, ticket.number).find((m) => m.text.includes('⏰'));
    expectAlert(agentWarning, ticket, /Unclaimed|New, unclaimed/, ACTION.details);
    const emergency = dmsAbout(t, PEOPLE.techSupervisor, ticket.number).filter((m) => !m.text.includes('🚨'));
    expect(emergency.length).toBeGreaterThan(0);
    for (const m of emergency) expectAlert(m, ticket, /Unclaimed|New, unclaimed/, ACTION.noticeAssign);
  });

  it('an assignment ask carries the summary, with Accept as its one primary button', async () => {
    const desk = t.running.desk;
    const tech = desk.config.departments.find((d) => d.id === 'tech')!;
    const members = [PEOPLE.techMember, PEOPLE.techMember2, PEOPLE.techSenior];
    for (const u of members)
      t.stub.setUserStatus(u, { presence: 'active', status_emoji: '', status_text: '' });
    desk.config.availability.shifts = {};
    const before = tech.assignment;
    tech.assignment = { policy: 'round_robin', acceptMinutes: 10 };
    try {
      const ticket = await seedTicket(t, { openedAt: '2027-04-06T10:00:00+08:00' });
      const offer = await t.stub.waitFor(() =>
        members
          .flatMap((u) => dmsAbout(t, u, ticket.number))
          .find((m) => JSON.stringify(m.blocks ?? []).includes(ACTION.assignAccept)),
      );
      expectAlert(offer, ticket, /Unclaimed|New, unclaimed/, ACTION.assignAccept);
      expect(allButtons(offer).map((b) => b.action_id)).toEqual([ACTION.assignAccept, ACTION.assignDecline]);
    } finally {
      tech.assignment = before;
    }
  });
});
