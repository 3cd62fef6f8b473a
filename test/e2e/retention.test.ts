/** The retention job: contact details anonymised a configured time after closing, once, statistics kept. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS, runJob } from '../../jobs/runner.ts';
import { openTicket } from '../../src/services/open-ticket.ts';
import { RETENTION_ACTOR } from '../../src/services/retention.ts';
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
    suggestions: '',
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

  it('anonymises contact details of tickets closed longer ago than retentionDays, once, keeping the statistics', async () => {
    const desk = t.running.desk;
    const now = new Date('2028-12-01T03:00:00+08:00');
    t.clock.set(now);
    const old = await seed('ret-old', 'closed', 731, now);
    const recent = await seed('ret-recent', 'closed', 700, now);
    const resolvedOnly = await seed('ret-resolved', 'resolved', 900, now);
    const before = (await desk.models.Ticket.findById(old).lean())!;
    expect(before.searchTokens).toContain('c20240501001');

    const dry = await runJob(desk, 'retention', { now, dryRun: true });
    expect(dry.planned).toBe(1);
    expect((await desk.models.Ticket.findById(old).lean())!.customer?.name).toBe('王小明');

    const run = await runJob(desk, 'retention', { now });
    expect(run.planned).toBe(1);
    const after = (await desk.models.Ticket.findById(old).lean())!;
    expect(after.customer).toMatchObject({
      name: '',
      phone: '',
      phoneLast4: '',
      email: '',
      customerId: '',
      keyAccount: true,
    });
    expect(after.customer?.anonymisedAt?.toISOString()).toBe(now.toISOString());
    expect(after.searchTokens).not.toContain('c20240501001');
    expect(after.searchTokens).toContain('dd20240315001');
    const history = after.history.filter((h) => h.action === 'anonymise');
    expect(history).toHaveLength(1);
    expect(history[0]!.by).toBe(RETENTION_ACTOR);
    // Statistics untouched.
    for (const k of [
      'priority',
      'categoryId',
      'departmentId',
      'requestType',
      'status',
      'openedAt',
      'resolvedAt',
      'closedAt',
      'responseMet',
      'resolutionMet',
      'reopenCount',
      'survey',
      'keywords',
      'number',
    ] as const)
      expect(after[k], k).toEqual(before[k]);
    // Nothing else touched; nothing posted.
    expect((await desk.models.Ticket.findById(recent).lean())!.customer?.name).toBe('王小明');
    expect((await desk.models.Ticket.findById(resolvedOnly).lean())!.customer?.phone).toBe('13812345678');

    // Once: a second run changes nothing and adds no history.
    const again = await runJob(desk, 'retention', { now: new Date(now.getTime() + DAY) });
    expect(again.planned).toBe(0);
    const twice = (await desk.models.Ticket.findById(old).lean())!;
    expect(twice.history.filter((h) => h.action === 'anonymise')).toHaveLength(1);
    expect(twice.customer?.anonymisedAt?.toISOString()).toBe(now.toISOString());
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
