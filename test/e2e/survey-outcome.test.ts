/**
 * Issue 18, the survey's call outcome: reached needs only satisfaction and "solved"; reached without
 * satisfaction shows the field error; not reached records the attempt (ticket history) and the
 * retry DM comes the next working day when the followup job runs, and the last unanswered call ends
 * the follow-up; refused closes the ticket without reopening and without a survey.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, SURVEY_FIELD } from '../../blocks/ids.ts';
import { runJob } from '../../jobs/runner.ts';
import type { TicketDoc } from '../../src/db/models/index.ts';
import { onResolved } from '../../src/tickets/resolve-hooks.ts';
import { changeTicket } from '../../src/tickets/ticket-change.ts';
import { PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { dmsAbout, seedTicket } from './jobs-fixtures.ts';

let t: TestDesk;
const owner = PEOPLE.techMember;
const agent = PEOPLE.agentEn;

beforeAll(async () => {
  t = await startTestDesk('survey-outcome', {
    config: (c) => {
      c.jobs.channelPaceMs = 0;
      c.followUp.maxAttempts = 2;
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

/** A resolved ticket whose follow-up DM went out; returns it and the DM. */
async function followedUp() {
  const desk = t.running.desk;
  const seeded = await seedTicket(t, {
    openedAt: '2027-05-03T09:00:00+08:00',
    owner,
    claimedAt: '2027-05-03T09:30:00+08:00',
  });
  t.clock.set('2027-05-03T15:00:00+08:00');
  const res = await changeTicket(desk, {
    ticketId: seeded._id,
    action: 'resolve',
    by: owner,
    set: {
      resolvedAt: new Date('2027-05-03T15:00:00+08:00'),
      resolution: { summary: 'fixed', type: 'fix', by: owner, at: new Date('2027-05-03T15:00:00+08:00') },
    },
  });
  if (!res.ok) throw new Error(res.reason);
  await onResolved(desk, res.ticket);
  await t.idle();
  await jobAt('followup', '2027-05-04T09:00:00+08:00');
  const dm = dmsAbout(t, agent, res.ticket.number).find((m) => m.text.includes('Satisfaction follow-up'));
  expect(dm).toBeDefined();
  return { ticket: res.ticket, dm: dm! };
}

async function openSurvey(dm: { channel: string; ts: string }) {
  await t.driver.clickButton({ user: agent, actionId: ACTION.survey, message: dm });
  return t.stub.waitFor(() => t.stub.openModal(agent));
}

const stored = async (ticket: TicketDoc) => (await t.running.desk.models.Ticket.findById(ticket._id))!;

describe('the survey outcome', () => {
  it('asks the outcome first; reached with only satisfaction and solved saves and closes', async () => {
    const { ticket, dm } = await followedUp();
    const modal = await openSurvey(dm);
    const inputs = (modal.blocks as { type: string; block_id?: string }[]).filter((b) => b.type === 'input');
    expect(inputs[0]!.block_id).toBe(SURVEY_FIELD.outcome);
    t.clock.set('2027-05-04T10:00:00+08:00');
    const sub = await t.driver.submitView({
      user: agent,
      values: {
        [SURVEY_FIELD.outcome]: 'reached',
        [SURVEY_FIELD.satisfaction]: 'satisfied',
        [SURVEY_FIELD.solved]: 'yes',
      },
    });
    expect(sub.outcome.action).toBe('closed');
    await t.idle();
    const doc = await stored(ticket);
    expect(doc.survey?.satisfaction).toBe('satisfied');
    expect(doc.survey?.solved).toBe(true);
    expect(doc.survey?.overall ?? null).toBeNull();
    expect(doc.status).toBe('closed');
  });

  it('reached without satisfaction shows the field error and stores nothing', async () => {
    const { ticket, dm } = await followedUp();
    await openSurvey(dm);
    const sub = await t.driver.submitView({
      user: agent,
      values: { [SURVEY_FIELD.outcome]: 'reached', [SURVEY_FIELD.solved]: 'yes' },
    });
    expect(sub.outcome.action).toBe('errors');
    expect(sub.outcome.errors).toEqual({
      [SURVEY_FIELD.satisfaction]: 'Choose the satisfaction: the customer was reached.',
    });
    const doc = await stored(ticket);
    expect(doc.survey ?? null).toBeNull();
    expect(doc.status).toBe('resolved');
  });

  it('not reached records the attempt and the retry DM comes the next working day; the last unanswered call ends it', async () => {
    const { ticket, dm } = await followedUp();
    await openSurvey(dm);
    t.clock.set('2027-05-04T11:00:00+08:00');
    const sub = await t.driver.submitView({
      user: agent,
      values: { [SURVEY_FIELD.outcome]: 'not_reached' },
    });
    expect(sub.outcome.action).toBe('closed');
    await t.idle();
    let doc = await stored(ticket);
    expect(doc.status).toBe('resolved');
    expect(doc.survey ?? null).toBeNull();
    expect(doc.followUpAttempts.map((a) => [a.outcome, a.attempt])).toEqual([['not_reached', 1]]);
    expect(doc.history.at(-1)).toMatchObject({ action: 'survey_attempt', by: agent });
    expect(doc.history.at(-1)?.note).toContain('not_reached (attempt 1 of 2)');

    const retries = () =>
      dmsAbout(t, agent, ticket.number).filter((m) => m.text.includes('Try the satisfaction follow-up'));
    await jobAt('followup', '2027-05-05T09:59:00+08:00');
    expect(retries()).toHaveLength(0);
    await jobAt('followup', '2027-05-05T10:00:00+08:00');
    await jobAt('followup', '2027-05-05T10:10:00+08:00');
    expect(retries()).toHaveLength(1);
    expect(retries()[0]!.text).toContain('1 of 2 attempts');
    // The first DM's reminder was replaced by the retry.
    expect(dmsAbout(t, agent, ticket.number).filter((m) => m.text.includes('Reminder'))).toHaveLength(0);

    // The second (last) unanswered call ends the follow-up: closed, not reopened, no survey.
    await openSurvey(retries()[0]!);
    t.clock.set('2027-05-05T11:00:00+08:00');
    await t.driver.submitView({ user: agent, values: { [SURVEY_FIELD.outcome]: 'not_reached' } });
    await t.idle();
    doc = await stored(ticket);
    expect(doc.followUpAttempts.map((a) => a.key.endsWith(':final'))).toEqual([false, true]);
    expect(doc.status).toBe('closed');
    expect(doc.reopenCount ?? 0).toBe(0);
    await jobAt('followup', '2027-05-06T10:00:00+08:00');
    expect(retries()).toHaveLength(1);
  });

  it('refused closes the ticket without reopening and without a survey', async () => {
    const { ticket, dm } = await followedUp();
    await openSurvey(dm);
    t.clock.set('2027-05-04T11:00:00+08:00');
    await t.driver.submitView({ user: agent, values: { [SURVEY_FIELD.outcome]: 'refused' } });
    await t.idle();
    const doc = await stored(ticket);
    expect(doc.status).toBe('closed');
    expect(doc.reopenCount ?? 0).toBe(0);
    expect(doc.survey ?? null).toBeNull();
    expect(doc.followUpAttempts.map((a) => a.outcome)).toEqual(['refused']);
    await t.stub.waitFor(() =>
      dmsAbout(t, agent, ticket.number).find((m) => m.text.includes('Refused the survey')),
    );
  });
});
