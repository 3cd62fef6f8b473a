/**
 * The nudge job end to end, with an injected clock (`runJob(desk, 'nudge', { now })`): calendar-aware
 * staleness (weekend, holiday, make-up working day), once per working day, restart-safe and
 * once-only across two instances, a Slack 429 leaves the nudge due for the next run, supervisors
 * from the 3rd nudge, Snooze and Ask for help, unclaimed reminders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../blocks/ids.ts';
import { runJob } from '../../jobs/runner.ts';
import { postProgress } from '../../src/tickets/progress.ts';
import { CHANNELS, PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { dmsAbout, seedTicket, threadAbout } from './jobs-fixtures.ts';

let t: TestDesk;
const owner = PEOPLE.techMember;

beforeAll(async () => {
  t = await startTestDesk('jobs-nudge', {
    config: (c) => {
      c.jobs.channelPaceMs = 0;
    },
  });
});
afterAll(async () => {
  await t?.stop();
});

async function nudgeAt(iso: string, desk = t.running.desk) {
  t.clock.set(iso);
  const res = await runJob(desk, 'nudge', { now: new Date(iso) });
  await t.idle();
  return res;
}

/** Leaves only `keep` among the claimed tickets (so each test sees its own tickets). */
async function resolveOthers(keep: unknown[] = []) {
  await t.running.desk.models.Ticket.updateMany(
    { _id: { $nin: keep } },
    { $set: { status: 'resolved', resolvedAt: new Date('2020-01-01T00:00:00Z') } },
  );
}

describe('nudge job', () => {
  it('claimed Friday 17:00: not nudged Monday 10:00, nudged Tuesday 17:00 (DM + thread, with buttons), once', async () => {
    const ticket = await seedTicket(t, {
      openedAt: '2026-11-20T16:30:00+08:00',
      owner,
      claimedAt: '2026-11-20T17:00:00+08:00',
    });
    await resolveOthers([ticket._id]);

    await nudgeAt('2026-11-23T10:00:00+08:00');
    expect(dmsAbout(t, owner, ticket.number)).toHaveLength(0);
    await nudgeAt('2026-11-24T16:59:00+08:00');
    expect(dmsAbout(t, owner, ticket.number)).toHaveLength(0);

    const run = await nudgeAt('2026-11-24T17:00:00+08:00');
    expect(run.delivered).toBe(2);
    const dms = dmsAbout(t, owner, ticket.number);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.text).toContain('no progress update for 2 working days');
    const buttons = JSON.stringify(dms[0]!.blocks);
    for (const id of [ACTION.progress, ACTION.snooze, ACTION.askHelp]) expect(buttons).toContain(id);
    expect(buttons).toContain(`"value":"${ticket.number}"`);
    expect(threadAbout(t, ticket, '⏰')).toHaveLength(1);
    const stored = await t.running.desk.models.Ticket.findById(ticket._id);
    expect(stored!.nudge?.count).toBe(1);
    expect(stored!.nudge?.lastDay).toBe('2026-11-24');

    // Again at the same time, and later the same day: nothing new.
    const again = await nudgeAt('2026-11-24T17:00:00+08:00');
    expect(again.planned + again.delivered).toBe(0);
    await nudgeAt('2026-11-24T17:45:00+08:00');
    expect(dmsAbout(t, owner, ticket.number)).toHaveLength(1);
    expect(threadAbout(t, ticket, '⏰')).toHaveLength(1);
    // Outside working hours: nothing; next working day: the second nudge.
    await nudgeAt('2026-11-24T19:00:00+08:00');
    await nudgeAt('2026-11-25T08:59:00+08:00');
    expect(dmsAbout(t, owner, ticket.number)).toHaveLength(1);
    await nudgeAt('2026-11-25T09:00:00+08:00');
    expect(dmsAbout(t, owner, ticket.number)).toHaveLength(2);
  });

  it('a holiday and a make-up working day move the nudge as the calendar says', async () => {
    // Wed 30 Sep 17:00, then the national holiday 1–7 Oct: 2 working days are Thu 8 and Fri 9 Oct.
    const before = await seedTicket(t, {
      openedAt: '2026-09-30T16:00:00+08:00',
      owner,
      claimedAt: '2026-09-30T17:00:00+08:00',
    });
    // Thu 8 Oct 17:00: Fri 9 Oct and Saturday 10 Oct (a make-up working day) are the 2 working days.
    const makeup = await seedTicket(t, {
      openedAt: '2026-10-08T16:00:00+08:00',
      owner,
      claimedAt: '2026-10-08T17:00:00+08:00',
    });
    await resolveOthers([before._id, makeup._id]);

    await nudgeAt('2026-10-02T10:00:00+08:00'); // a holiday: nothing goes out
    await nudgeAt('2026-10-08T17:00:00+08:00');
    expect(dmsAbout(t, owner, before.number)).toHaveLength(0);
    await nudgeAt('2026-10-09T17:00:00+08:00');
    expect(dmsAbout(t, owner, before.number)).toHaveLength(1);
    expect(dmsAbout(t, owner, makeup.number)).toHaveLength(0);
    await nudgeAt('2026-10-10T17:00:00+08:00'); // Saturday, worked
    expect(dmsAbout(t, owner, makeup.number)).toHaveLength(1);
    expect(dmsAbout(t, owner, before.number)).toHaveLength(2);
    // A normal Sunday: nothing.
    await nudgeAt('2026-10-11T17:00:00+08:00');
    expect(dmsAbout(t, owner, makeup.number)).toHaveLength(1);
  });

  it('reads only the tickets whose next nudge instant has come (documents read follow the due items)', async () => {
    const seeded = [];
    for (let i = 0; i < 3; i++)
      seeded.push(
        await seedTicket(t, {
          openedAt: '2027-03-08T10:00:00+08:00',
          owner,
          claimedAt: '2027-03-08T10:00:00+08:00',
        }),
      );
    await resolveOthers(seeded.map((x) => x._id));
    const read = async (iso: string) =>
      (await nudgeAt(iso)).report.find((l) => l.startsWith('read '))?.split(' ')[1];
    // Never looked at: read once, then not before they turn stale (Wednesday 10:00).
    expect(await read('2027-03-08T10:30:00+08:00')).toBe('3');
    expect(await read('2027-03-08T11:00:00+08:00')).toBe('0');
    expect(await read('2027-03-10T09:45:00+08:00')).toBe('0');
    expect(await read('2027-03-10T10:00:00+08:00')).toBe('3');
    expect(dmsAbout(t, owner, seeded[1]!.number)).toHaveLength(1);
    // Nudged today: not read again before tomorrow's start.
    expect(await read('2027-03-10T10:15:00+08:00')).toBe('0');
    expect(await read('2027-03-11T09:00:00+08:00')).toBe('3');
  });

  it('two instances running the job at once send one DM', async () => {
    const ticket = await seedTicket(t, {
      openedAt: '2026-11-30T10:00:00+08:00',
      owner,
      claimedAt: '2026-11-30T10:00:00+08:00',
    });
    await resolveOthers([ticket._id]);
    const second = await startTestDesk('jobs-nudge-2', {
      stub: t.stub,
      mongoUri: t.running.desk.env.MONGODB_URI,
      clock: t.clock,
      config: (c) => {
        c.jobs.channelPaceMs = 0;
      },
    });
    try {
      const now = new Date('2026-12-02T10:00:00+08:00');
      t.clock.set(now);
      const results = await Promise.all([
        runJob(t.running.desk, 'nudge', { now }),
        runJob(second.running.desk, 'nudge', { now }),
        runJob(second.running.desk, 'nudge', { now }),
      ]);
      await t.idle();
      await second.idle();
      expect(results.reduce((n, r) => n + r.delivered, 0)).toBe(2);
      expect(dmsAbout(t, owner, ticket.number)).toHaveLength(1);
      expect(threadAbout(t, ticket, '⏰')).toHaveLength(1);
    } finally {
      await second.running.stop();
    }
  });

  it('a 429 from Slack leaves the nudge due; the next run sends it, once', async () => {
    const ticket = await seedTicket(t, {
      openedAt: '2026-12-07T10:00:00+08:00',
      owner,
      claimedAt: '2026-12-07T10:00:00+08:00',
    });
    await resolveOthers([ticket._id]);
    t.stub.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const first = await nudgeAt('2026-12-09T10:00:00+08:00');
    expect(first.delivered).toBe(1);
    expect(first.retried).toBe(1);
    const pending = await t.running.desk.models.Task.find({
      key: new RegExp(`^nudge:${ticket._id}:`),
      status: 'due',
    }).lean();
    expect(pending).toHaveLength(1);
    expect(pending[0]!.lastError).toBe('rate limited');
    const sentBefore = dmsAbout(t, owner, ticket.number).length + threadAbout(t, ticket, '⏰').length;
    expect(sentBefore).toBe(1);

    const second = await nudgeAt('2026-12-09T10:01:00+08:00');
    expect(second.delivered).toBe(1);
    await nudgeAt('2026-12-09T10:02:00+08:00');
    expect(dmsAbout(t, owner, ticket.number)).toHaveLength(1);
    expect(threadAbout(t, ticket, '⏰')).toHaveLength(1);
  });

  it('the supervisor is told from the 3rd unanswered nudge; a progress update resets the count', async () => {
    const ticket = await seedTicket(t, {
      openedAt: '2026-12-14T10:00:00+08:00',
      owner,
      claimedAt: '2026-12-14T10:00:00+08:00',
    });
    await resolveOthers([ticket._id]);
    await nudgeAt('2026-12-16T10:00:00+08:00');
    await nudgeAt('2026-12-17T10:00:00+08:00');
    expect(dmsAbout(t, PEOPLE.techSupervisor, ticket.number)).toHaveLength(0);
    await nudgeAt('2026-12-18T10:00:00+08:00');
    const sup = dmsAbout(t, PEOPLE.techSupervisor, ticket.number);
    expect(sup).toHaveLength(1);
    expect(sup[0]!.text).toContain('reminder 3');
    // The owner posts progress (the product's own path, not a hand reset): the count goes back to 0
    // and there is no nudge until the ticket is stale again.
    expect((await t.running.desk.models.Ticket.findById(ticket._id).lean())?.nudge?.count).toBe(3);
    t.clock.set('2026-12-18T11:00:00+08:00');
    const progressed = await postProgress(t.running.desk, {
      ticketId: ticket._id,
      by: owner,
      stage: 'executing',
      note: 'Found the coupon rule that fails; fix in test',
      nextStep: '',
      plannedDate: '',
      customerNeeds: '',
    });
    expect(progressed.ok).toBe(true);
    await t.idle();
    const afterProgress = await t.running.desk.models.Ticket.findById(ticket._id).lean();
    expect(afterProgress?.nudge?.count).toBe(0);
    expect(afterProgress?.lastProgressAt?.toISOString()).toBe('2026-12-18T03:00:00.000Z');
    await nudgeAt('2026-12-21T10:00:00+08:00');
    expect(dmsAbout(t, owner, ticket.number)).toHaveLength(3);
    await nudgeAt('2026-12-22T11:00:00+08:00');
    expect(dmsAbout(t, owner, ticket.number)).toHaveLength(4);
    expect(dmsAbout(t, PEOPLE.techSupervisor, ticket.number)).toHaveLength(1);
  });

  it('Snooze postpones the reminders one working day; Ask for help brings in the supervisor', async () => {
    const ticket = await seedTicket(t, {
      openedAt: '2027-01-04T10:00:00+08:00',
      owner,
      claimedAt: '2027-01-04T10:00:00+08:00',
    });
    await resolveOthers([ticket._id]);
    await nudgeAt('2027-01-06T10:00:00+08:00');
    const dm = dmsAbout(t, owner, ticket.number)[0]!;

    // Someone else may not snooze.
    const denied = await t.driver.clickButton({
      user: PEOPLE.techMember2,
      actionId: ACTION.snooze,
      message: { channel: dm.channel, ts: dm.ts },
    });
    const deniedReply = await t.stub.waitFor(() =>
      t.stub.responses.find((r) => !!r.id && !!denied.responseUrl?.includes(`/${r.id}/`)),
    );
    expect(JSON.stringify(deniedReply.body)).toContain('Only the owner');

    t.clock.set('2027-01-06T10:30:00+08:00');
    const click = await t.driver.clickButton({
      user: owner,
      actionId: ACTION.snooze,
      message: { channel: dm.channel, ts: dm.ts },
    });
    const reply = await t.stub.waitFor(() =>
      t.stub.responses.find((r) => !!r.id && !!click.responseUrl?.includes(`/${r.id}/`)),
    );
    expect(JSON.stringify(reply.body)).toContain('snoozed until');
    await t.idle();
    const snoozed = await t.running.desk.models.Ticket.findById(ticket._id);
    expect(snoozed!.nudge?.snoozedUntil?.toISOString()).toBe(
      new Date('2027-01-07T10:30:00+08:00').toISOString(),
    );
    expect(snoozed!.history.at(-1)?.action).toBe('snooze');

    await nudgeAt('2027-01-07T10:00:00+08:00');
    expect(dmsAbout(t, owner, ticket.number)).toHaveLength(1);
    await nudgeAt('2027-01-07T10:31:00+08:00');
    expect(dmsAbout(t, owner, ticket.number)).toHaveLength(2);

    const help = await t.driver.clickButton({
      user: owner,
      actionId: ACTION.askHelp,
      message: { channel: dm.channel, ts: dm.ts },
    });
    const helpReply = await t.stub.waitFor(() =>
      t.stub.responses.find((r) => !!r.id && !!help.responseUrl?.includes(`/${r.id}/`)),
    );
    expect(JSON.stringify(helpReply.body)).toContain(PEOPLE.techSupervisor);
    await t.idle();
    const asked = await t.stub.waitFor(() =>
      dmsAbout(t, PEOPLE.techSupervisor, ticket.number).find((m) => m.text.includes('asks for your help')),
    );
    expect(asked.text).toContain(owner);
    expect(threadAbout(t, ticket, '🙋')).toHaveLength(1);
  });

  it('an unclaimed ticket past its response time: a reminder in the department channel and to its supervisors, once per working day', async () => {
    const ticket = await seedTicket(t, { openedAt: '2027-01-11T09:00:00+08:00' });
    await resolveOthers([ticket._id]);
    await nudgeAt('2027-01-11T10:59:00+08:00'); // response due at 11:00 (2 h)
    const inChannel = () =>
      t.stub
        .messages(CHANNELS.tech)
        .filter((m) => !m.thread_ts && m.text.includes(ticket.number) && m.text.includes('⏰'));
    expect(inChannel()).toHaveLength(0);
    await nudgeAt('2027-01-11T11:00:00+08:00');
    await nudgeAt('2027-01-11T15:00:00+08:00');
    expect(inChannel()).toHaveLength(1);
    expect(dmsAbout(t, PEOPLE.techSupervisor, ticket.number)).toHaveLength(1);
    await nudgeAt('2027-01-12T09:30:00+08:00');
    expect(inChannel()).toHaveLength(2);
  });
});
