/**
 * Timed escalation levels: senior staff at 50 % of the resolution window, the supervisor at 80 %,
 * the service director at 100 % (the P2 functional fault: 48 calendar hours), each told once by the
 * cards job at its time, shown in the history; a resolved ticket escalates no further.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../blocks/ids.ts';
import { runJob } from '../../jobs/runner.ts';
import type { TicketDoc } from '../../src/db/models/index.ts';
import { PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { click, currentCard, openSeeded, stored } from './workflow-fixtures.ts';

let t: TestDesk;
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await startTestDesk('escalation-levels', {
    config: (c) => {
      c.escalationLevels = [
        { share: 0.5, level: 'senior', priorities: ['P1', 'P2'] },
        { share: 0.8, level: 'supervisor', priorities: ['P1', 'P2'] },
        { share: 1, level: 'director', priorities: ['P1', 'P2', 'P3'] },
      ];
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
  t.clock.set('2026-11-24T02:00:00Z'); // Tuesday 10:00 in Shanghai
});

const escalationDms = (user: string, number: string) =>
  t.stub.dmsTo(user).filter((m) => m.text.includes(number) && m.text.includes('of its resolution time'));

async function cardsAt(ticket: TicketDoc, hours: number) {
  await runJob(t.running.desk, 'cards', { now: new Date(ticket.openedAt.getTime() + hours * HOUR) });
  await t.idle();
}

describe('timed escalation levels', () => {
  it('tell senior staff at 50 %, the supervisor at 80 % and the director at 100 %, each once', async () => {
    const ticket = await openSeeded(t);
    expect(ticket.priority).toBe('P2');
    expect(ticket.resolutionDueAt.getTime() - ticket.openedAt.getTime()).toBe(48 * HOUR);
    await click(t, PEOPLE.techMember, ACTION.claim, await currentCard(t, ticket));

    await cardsAt(ticket, 23.9);
    expect(escalationDms(PEOPLE.techSenior, ticket.number)).toHaveLength(0);
    await cardsAt(ticket, 24);
    await cardsAt(ticket, 25);
    const senior = escalationDms(PEOPLE.techSenior, ticket.number);
    expect(senior).toHaveLength(1);
    expect(senior[0]!.text).toContain('has used 50% of its resolution time');
    expect(senior[0]!.text).toContain(`handled by <@${PEOPLE.techMember}>`);
    expect(senior[0]!.text).toContain('Claimed');
    expect(escalationDms(PEOPLE.techSupervisor, ticket.number)).toHaveLength(0);

    await cardsAt(ticket, 38.3);
    expect(escalationDms(PEOPLE.techSupervisor, ticket.number)).toHaveLength(0);
    await cardsAt(ticket, 38.4);
    await cardsAt(ticket, 40);
    expect(escalationDms(PEOPLE.techSupervisor, ticket.number)).toHaveLength(1);
    expect(escalationDms(PEOPLE.techSupervisor, ticket.number)[0]!.text).toContain('80%');

    await cardsAt(ticket, 48);
    await cardsAt(ticket, 49);
    const director = escalationDms(PEOPLE.director, ticket.number);
    expect(director).toHaveLength(1);
    expect(director[0]!.text).toContain('100%');
    expect(escalationDms(PEOPLE.techSenior, ticket.number)).toHaveLength(1);

    const doc = await stored(t, ticket);
    expect(doc.autoEscalations).toEqual(['senior@0.5', 'supervisor@0.8', 'director@1']);
    expect(doc.history.filter((h) => h.action === 'auto_escalate').map((h) => [h.to, h.note])).toEqual([
      ['senior', '50%'],
      ['supervisor', '80%'],
      ['director', '100%'],
    ]);
  });

  it('two instances running the job at once tell each level once', async () => {
    const ticket = await openSeeded(t);
    const now = new Date(ticket.openedAt.getTime() + 24 * HOUR);
    await Promise.all([runJob(t.running.desk, 'cards', { now }), runJob(t.running.desk, 'cards', { now })]);
    await t.idle();
    expect(escalationDms(PEOPLE.techSenior, ticket.number)).toHaveLength(1);
    expect(escalationDms(PEOPLE.techSenior, ticket.number)[0]!.text).toContain('nobody has claimed it');
  });

  it('a ticket resolved before a level is not escalated', async () => {
    const ticket = await openSeeded(t);
    await t.running.desk.models.Ticket.updateOne(
      { _id: ticket._id },
      { $set: { status: 'resolved', resolvedAt: new Date(ticket.openedAt.getTime() + HOUR) } },
    );
    await cardsAt(ticket, 49);
    expect(escalationDms(PEOPLE.techSenior, ticket.number)).toHaveLength(0);
    expect(escalationDms(PEOPLE.director, ticket.number)).toHaveLength(0);
    expect((await stored(t, ticket)).autoEscalations).toEqual([]);
  });
});
