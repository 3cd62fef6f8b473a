/** The retention job: contact details anonymised a configured time after closing, once, statistics kept. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS, runJob } from '../../jobs/runner.ts';
import { openTicket } from '../../src/tickets/open-ticket.ts';
import { RETENTION_ACTOR } from '../../src/tickets/retention.ts';
import { PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';

let t: TestDesk;
beforeAll(async () => {
  t = await startTestDesk('retention');
});
afterAll(async () => {
  await t?.stop();
});

const DAY = 86_400_000;

async function seed(key: string, status: 'closed' | 'resolved', closedDaysAgo: number, now: Date) {
  const desk = t.running.desk;
  const { ticket } = await openTicket(desk, {
    intake: {
      customerName: '王小明',
      customerId: 'C20240501001',
      phone: '13812345678',
      email: 'wang.xm@example.com',
      company: 'Acme',
      keyAccount: true,
      contactChannel: 'website',
      requestType: 'complaint',
      category: 'functional_fault',
      description: 'Paying order DD20240315001 with a coupon in the app shows invalid since 14:30.',
      desiredOutcome: 'refund',
      urgency: 'normal',
      impact: 'partial',
      urgencyReason: '',
      orderNumber: 'DD20240315001',
      keywords: ['支付'],
    },
    openedBy: PEOPLE.agentEn,
    intakeKey: key,
  });
  const closedAt = new Date(now.getTime() - closedDaysAgo * DAY);
  const survey = {
    resolvedAt: closedAt,
    overall: 'good',
    satisfaction: 'satisfied',
    dimensions: { responseSpeed: 4, problemSolving: 5, serviceAttitude: 5, processClarity: 4, result: 5 },
    solved: true,
    suggestions: 'A faster first answer, please',
    by: PEOPLE.agentEn,
    at: closedAt,
  };
  await desk.models.Ticket.updateOne(
    { _id: ticket._id },
    {
      $set: {
        status,
        ownerId: PEOPLE.techMember,
        resolvedAt: closedAt,
        resolutionMet: true,
        responseMet: true,
        reopenCount: 1,
        ...(status === 'closed' ? { closedAt, survey, surveys: [survey] } : {}),
      },
      $push: {
        history: {
          at: closedAt,
          by: PEOPLE.techMember,
          action: 'progress',
          note: 'Coupon rule fixed and tested',
        },
      },
    },
  );
  return ticket._id;
}

describe('retention job', () => {
  it('is a registered job on the configured schedule', () => {
    const def = JOBS.find((j) => j.name === 'retention');
    expect(def?.schedules(t.config)).toEqual([t.config.jobs.retention.schedule]);
    expect(t.config.dataProtection.retentionDays).toBe(730);
  });

  it('anonymises contact details only of tickets closed more than retentionDays ago: 729 and 730 days kept, 730 days + 1 s and 731 days anonymised', async () => {
    const desk = t.running.desk;
    const now = new Date('2028-12-01T03:00:00+08:00');
    t.clock.set(now);
    const old = await seed('ret-731', 'closed', 731, now);
    const justOver = await seed('ret-730s', 'closed', 730 + 1 / 86_400, now);
    const exactly = await seed('ret-730', 'closed', 730, now);
    const recent = await seed('ret-729', 'closed', 729, now);
    const resolvedOnly = await seed('ret-resolved', 'resolved', 900, now);
    const kept = [exactly, recent, resolvedOnly];
    const snapshot = async (id: (typeof kept)[number]) =>
      JSON.parse(JSON.stringify(await desk.models.Ticket.findById(id).lean()));
    const keptBefore = await Promise.all(kept.map(snapshot));
    const before = await snapshot(old);
    expect(before.searchTokens).toContain('c20240501001');

    const dry = await runJob(desk, 'retention', { now, dryRun: true });
    expect(dry.planned).toBe(2);
    expect(await snapshot(old)).toEqual(before);

    t.stub.clear();
    const run = await runJob(desk, 'retention', { now });
    expect(run.planned).toBe(2);
    // Nothing posted to Slack (the card only ever showed masked values).
    expect(t.stub.calls.filter((c) => c.method.startsWith('chat.') || c.method.startsWith('files.'))).toEqual(
      [],
    );

    for (const id of [old, justOver]) {
      const after = (await desk.models.Ticket.findById(id).lean())!;
      expect(after.customer).toMatchObject({
        name: '',
        phone: '',
        phoneLast4: '',
        email: '',
        customerId: '',
      });
      expect(after.customer?.anonymisedAt?.toISOString()).toBe(now.toISOString());
    }
    const after = JSON.parse(JSON.stringify(await desk.models.Ticket.findById(old).lean()));
    expect(after.searchTokens).not.toContain('c20240501001');
    expect(after.searchTokens).toContain('dd20240315001');
    // One audit entry appended; every earlier entry (with its note) kept as it was.
    expect(after.history.slice(0, before.history.length)).toEqual(before.history);
    expect(after.history.slice(before.history.length)).toEqual([
      {
        at: now.toISOString(),
        by: RETENTION_ACTOR,
        action: 'anonymise',
        note: 'contact details removed 730 days after closing',
        ...(after.history.at(-1)._id ? { _id: after.history.at(-1)._id } : {}),
      },
    ]);
    // Everything but the contact fields, their search tokens and the new audit entry is as it was:
    // statistics, survey (with its suggestions), company and key-account flag, description, notes.
    const strip = (d: Record<string, unknown>) => {
      const { customer, searchTokens, history, updatedAt, ...rest } = d as Record<string, unknown> & {
        customer: Record<string, unknown>;
      };
      const { name, phone, phoneLast4, email, customerId, anonymisedAt, ...otherCustomer } = customer;
      return { rest, otherCustomer };
    };
    expect(strip(after)).toEqual(strip(before));
    expect(after.customer.company).toBe('Acme');
    expect(after.customer.keyAccount).toBe(true);
    expect(after.survey.suggestions).toBe('A faster first answer, please');
    // The tickets inside the period (729 and exactly 730 days) and the unclosed one are untouched.
    expect(await Promise.all(kept.map(snapshot))).toEqual(keptBefore);

    // Once: a second run a day later anonymises the 730-day ticket (now 731) and nothing else again.
    const again = await runJob(desk, 'retention', { now: new Date(now.getTime() + DAY) });
    expect(again.planned).toBe(1);
    expect((await desk.models.Ticket.findById(exactly).lean())!.customer?.phone).toBe('');
    const twice = (await desk.models.Ticket.findById(old).lean())!;
    expect(twice.history.filter((h) => h.action === 'anonymise')).toHaveLength(1);
    expect(twice.customer?.anonymisedAt?.toISOString()).toBe(now.toISOString());
    expect((await desk.models.Ticket.findById(recent).lean())!.customer?.phone).toBe('13812345678');
  });

  it('follows the configured retentionDays', async () => {
    const desk = t.running.desk;
    const now = new Date('2029-06-01T03:00:00+08:00');
    const id = await seed('ret-config', 'closed', 40, now);
    desk.config.dataProtection.retentionDays = 30;
    try {
      await runJob(desk, 'retention', { now });
    } finally {
      desk.config.dataProtection.retentionDays = 730;
    }
    expect((await desk.models.Ticket.findById(id).lean())!.customer?.email).toBe('');
  });
});
