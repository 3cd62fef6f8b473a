/**
 * What each block builder shows, for representative data in both languages: the whole Block Kit
 * output is compared with a reviewed golden copy (test/unit/__snapshots__), every output passes
 * Slack's Block Kit checks, and the rules that matter most (masking, escaping, limits, buttons per
 * state, "… and N more") are asserted directly. A change to what people see fails here and is
 * reviewed by updating the golden copy (`npx vitest run -u test/unit/block-builders.test.ts`).
 */
import { describe, expect, it } from 'vitest';
import {
  dailyDigestMessage,
  dailySummaryLines,
  periodReportMessage,
  scopeName,
} from '../../blocks/digest.ts';
import { type HomeData, type HomeTicket, homeView } from '../../blocks/home.ts';
import { ACTION } from '../../blocks/ids.ts';
import { intakeModal } from '../../blocks/intake-modal.ts';
import { ticketNoticeBlocks } from '../../blocks/notice.ts';
import { mineBlocks, resultBlocks } from '../../blocks/search-results.ts';
import { surveyModal } from '../../blocks/survey.ts';
import { type CardTicket, cardText, formerCard, ticketCard } from '../../blocks/ticket-card.ts';
import { ticketDetailBlocks } from '../../blocks/ticket-detail.ts';
import {
  collaboratorsModal,
  escalateModal,
  noticeModal,
  progressModal,
  reasonModal,
  reassignModal,
  resolveModal,
  transferModal,
} from '../../blocks/workflow-modals.ts';
import { loadDeskConfig } from '../../src/config/desk-config.ts';
import type { TicketStatus } from '../../src/domain/types.ts';
import type { DailyFigures, Found, PeriodFigures, TicketRef } from '../../src/domain/views.ts';
import { translator } from '../../src/i18n/index.ts';
import { checkBlocks, checkMessage, checkView } from '../harness/block-kit.ts';

const config = loadDeskConfig('config/example.yml');
const at = new Date('2026-11-24T02:00:00Z');
/** When the cards are drawn (time left is counted from here). */
const NOW = new Date('2026-11-24T03:00:00Z');
const later = new Date('2026-11-24T06:30:00Z');
const LANGS = ['en', 'zh-CN'] as const;

function ticket(status: TicketStatus, extra: Partial<CardTicket> = {}): CardTicket {
  return {
    number: 'GW20261124007',
    status,
    priority: 'P2',
    priorityReason: 'category_default',
    requestType: 'complaint',
    categoryId: 'functional_fault',
    departmentId: 'tech',
    contactChannelId: 'website',
    customer: {
      name: '王小明',
      customerId: 'C20240501001',
      phone: '13812345678',
      phoneLast4: '5678',
      email: 'wang.xm@example.com',
      company: 'Acme <Retail>',
      keyAccount: true,
    },
    description: 'Paying order DD20240315001 with a coupon shows "invalid" <since> 14:30 & fails.',
    desiredOutcome: 'Refund the failed charge',
    urgency: 'high',
    urgencyReason: 'Customer travels tomorrow',
    orderNumber: 'DD20240315001',
    keywords: ['支付', 'coupon'],
    openedBy: 'U0AGENTEN1',
    openedAt: at,
    responseDueAt: later,
    resolutionDueAt: new Date('2026-11-25T10:00:00Z'),
    ...(status === 'new' ? {} : { ownerId: 'U0TECHMEM1', claimedAt: at }),
    ...extra,
  } as CardTicket;
}

const handled = (status: TicketStatus) =>
  ticket(status, {
    progress: {
      stage: 'waiting_customer',
      note: 'Reproduced; need the app version',
      nextStep: 'Check coupon service logs',
      plannedDate: '2026-11-26',
      customerNeeds: 'App version and a screenshot',
      by: 'U0TECHMEM1',
      at,
    },
    collaborators: [
      { departmentId: 'cs', need: 'Confirm the refund rule', dueDate: '2026-11-25' },
      {
        departmentId: 'aftersales',
        need: 'Check the order',
        dueDate: '2026-11-25',
        acknowledgedBy: 'U0AFTSMEM1',
        acknowledgedAt: later,
      },
    ],
    escalation: {
      level: 'senior',
      to: ['U0TECHSNR1'],
      by: 'U0TECHMEM1',
      at,
      reason: 'Beyond the knowledge base',
    },
    resolution: {
      summary: 'Coupon re-issued and refunded',
      rootCause: 'Expired coupon rule',
      type: 'compensation',
      compensation: 800,
      by: 'U0TECHMEM1',
      at: later,
    },
    approval: { requestedAt: later, decidedBy: 'U0TECHSUP1', decidedAt: later, approved: true, note: 'OK' },
    resolvedAt: later,
    resolutionMet: true,
    customerNotifyDueAt: new Date('2026-11-24T08:30:00Z'),
    slaNotices: ['response_warning', 'resolution_breach'],
    reopenCount: 1,
  } as Partial<CardTicket>);

const STATES: TicketStatus[] = [
  'new',
  'claimed',
  'in_progress',
  'waiting_customer',
  'pending_approval',
  'resolved',
  'closed',
];

describe('the department card', () => {
  for (const lang of LANGS) {
    const tr = translator(lang);
    it(`shows each state as a channel sees it (${lang})`, () => {
      const out = Object.fromEntries(
        STATES.map((s) => {
          const t = s === 'new' || s === 'claimed' ? ticket(s) : handled(s);
          const message = {
            text: cardText(tr, config, lang, t),
            blocks: ticketCard(tr, config, lang, t, NOW),
          };
          expect(checkMessage(message), s).toBeUndefined();
          return [s, message];
        }),
      );
      expect(out).toMatchSnapshot();
    });
    it(`the former card after a transfer (${lang})`, () => {
      const former = formerCard(
        tr,
        config,
        lang,
        { ...handled('in_progress'), card: { permalink: 'https://acme.slack.com/archives/C0CSVC0001/p2' } },
        {
          departmentId: 'tech',
          toDepartmentId: 'cs',
          by: 'U0TECHMEM1',
          at: later,
          reason: 'Coupon rules <belong> to CS',
        },
      );
      expect(checkBlocks(former.blocks, 'message')).toEqual([]);
      expect(former).toMatchSnapshot();
    });
  }

  it('never shows the customer in full, and escapes what people typed', () => {
    const tr = translator('en');
    const all = JSON.stringify(STATES.map((s) => ticketCard(tr, config, 'en', handled(s), NOW)));
    for (const secret of ['王小明', '13812345678', 'wang.xm@example.com']) expect(all).not.toContain(secret);
    expect(all).toContain('138****5678');
    expect(all).toContain('&lt;since&gt; 14:30 &amp; fails');
    expect(all).not.toContain('<since>');
  });
});

describe('details', () => {
  const detail = (full: boolean) =>
    ticketDetailBlocks(
      translator('en'),
      config,
      'en',
      {
        ...handled('resolved'),
        history: [
          { at, by: 'U0AGENTEN1', action: 'open', to: 'new', note: 'P2: category_default' },
          { at, by: 'U0TECHMEM1', action: 'claim', from: 'new', to: 'claimed' },
          { at: later, by: 'U0TECHMEM1', action: 'progress', note: 'Reproduced <again>' },
          { at: later, by: 'U0TECHSUP1', action: 'view_full', note: 'customer details' },
        ],
      } as never,
      full,
    );

  it('full only when permitted, masked otherwise; both within Slack limits', () => {
    const full = JSON.stringify(detail(true));
    const masked = JSON.stringify(detail(false));
    for (const v of ['王小明', '13812345678', 'wang.xm@example.com', 'Acme &lt;Retail&gt;']) {
      expect(full).toContain(v);
      expect(masked).not.toContain(v);
    }
    expect(masked).toContain('138****5678');
    expect(checkBlocks(detail(true), 'message')).toEqual([]);
    expect(checkBlocks(detail(false), 'message')).toEqual([]);
    expect({ full: detail(true), masked: detail(false) }).toMatchSnapshot();
  });

  it('long text is split into sections and the whole stays within 50 blocks', () => {
    const long = ticketDetailBlocks(
      translator('zh-CN'),
      config,
      'zh-CN',
      {
        ...handled('in_progress'),
        description: '很长的描述'.repeat(600), // 3000 characters: the intake maximum
        history: Array.from({ length: 60 }, (_, i) => ({
          at,
          by: 'U0TECHMEM1',
          action: 'progress',
          note: `n${i}`,
        })),
      } as never,
      true,
    );
    expect(long.length).toBeLessThanOrEqual(50);
    expect(checkBlocks(long, 'message')).toEqual([]);
  });

  // With the intake's maximum description and 300 history entries (a long-running ticket: daily
  // nudges, full views) the latest entries are listed and the older ones collapse to one line.
  it('a long-running ticket (300 history entries) still fits what Slack accepts', () => {
    const long = ticketDetailBlocks(
      translator('zh-CN'),
      config,
      'zh-CN',
      {
        ...handled('in_progress'),
        description: '很长的描述'.repeat(600), // 3000 characters: the intake maximum
        history: Array.from({ length: 300 }, (_, i) => ({
          at,
          by: 'U0TECHMEM1',
          action: 'progress',
          note: `n${i}`,
        })),
      } as never,
      true,
    );
    expect(long.length).toBeLessThanOrEqual(50);
    expect(checkBlocks(long, 'message')).toEqual([]);
    const text = JSON.stringify(long);
    // The newest entry is shown, the oldest is counted in the "earlier entries" line.
    expect(text).toContain('：n299');
    expect(text).not.toContain('：n0\\n');
    expect(text).toMatch(/另有 \d+ 条更早的记录未显示/);
  });
});

const ref = (number: string, why: TicketRef['why'], extra: Partial<TicketRef> = {}): TicketRef => ({
  number,
  priority: 'P1',
  status: 'new',
  departmentId: 'tech',
  why,
  at,
  subject: `Payment fails ${number.slice(-3)}`,
  dueAt: later,
  ...extra,
});

function daily(scope: DailyFigures['scope'], n: number): DailyFigures {
  return {
    scope,
    now: later,
    today: '2026-11-24',
    previousDay: '2026-11-23',
    since: new Date('2026-11-22T16:00:00Z'),
    until: new Date('2026-11-23T16:00:00Z'),
    openTotal: 17,
    openByPriority: { P1: 2, P2: 5, P3: 10 },
    openByStatus: { new: 3, claimed: 4, in_progress: 6, waiting_customer: 2, pending_approval: 2 },
    opened: 9,
    resolved: 7,
    unclaimed: Array.from({ length: n }, (_, i) => ref(`GW2026112400${i}`, 'unclaimed')),
    overdue: [
      ref('GW20261123001', 'responseBreached', {
        permalink: 'https://acme.slack.com/archives/C0TECH0001/p1',
      }),
      ref('GW20261123002', 'resolutionBreached', {
        departmentId: 'cs',
        ownerId: 'U0CSVCMEM1',
        status: 'in_progress',
      }),
    ],
    atRisk: [ref('GW20261124011', 'responseAtRisk'), ref('GW20261124012', 'resolutionAtRisk')],
    stale: [ref('GW20261120001', 'stale', { status: 'in_progress', ownerId: 'U0TECHMEM1' })],
    people: [
      { ownerId: 'U0CSVCMEM1', open: 4, overdue: 1, stale: 0, earliestDue: at },
      { ownerId: 'U0TECHMEM1', open: 3, overdue: 0, stale: 1, earliestDue: later },
    ],
    review: {
      complaints: {
        items: [ref('GW20261123005', 'complaint', { ownerId: 'U0CSVCMEM1', status: 'in_progress' })],
        total: 1,
      },
      dissatisfied: {
        items: [ref('GW20261120003', 'dissatisfied', { status: 'claimed', dueAt: undefined })],
        total: 1,
      },
    },
    kpis: { current: period('day', 0), previous: period('day', 5) },
  };
}

/** A daily digest with nothing open to list: one ✅ line instead of empty sections. */
function quiet(): DailyFigures {
  const d = daily({ departmentId: 'tech' }, 0);
  return {
    ...d,
    overdue: [],
    atRisk: [],
    stale: [],
    people: [],
    review: { complaints: { items: [], total: 0 }, dissatisfied: { items: [], total: 0 } },
    kpis: {
      current: {
        ...period('day', 0),
        responseSla: rate(0, 0),
        fcr: rate(0, 0),
        csat: null,
        satisfaction: {},
      },
      previous: period('day', 0),
    },
  };
}

const rate = (n: number, total: number) => ({ n, total, rate: total ? n / total : null });
function period(kind: 'day' | 'week' | 'month', k: number): PeriodFigures {
  return {
    scope: {},
    period: {
      kind,
      from: new Date('2026-11-15T16:00:00Z'),
      to: new Date('2026-11-22T16:00:00Z'),
      firstDay: '2026-11-16',
      lastDay: '2026-11-22',
    },
    opened: 40 + k,
    resolved: 35 + k,
    categories: [
      { key: 'functional_fault', count: 20, share: 0.5 },
      { key: 'service_experience', count: 12, share: 0.3 },
    ],
    keywords: [
      { key: '支付', count: 9 },
      { key: 'coupon', count: 4 },
    ],
    responseSla: rate(30 + k, 40),
    resolutionSla: rate(28, 35),
    responseSlaByPriority: { P1: rate(2, 3), P2: rate(10, 12) },
    resolutionSlaByPriority: { P1: rate(1, 3) },
    responseSlaByDepartment: { tech: rate(20, 25), cs: rate(10, 15) },
    resolutionSlaByDepartment: { tech: rate(18, 20) },
    responseTime: { median: 1_800_000 + k * 60_000, p90: 7_200_000, count: 40 },
    resolutionTime: { median: 20 * 3_600_000, p90: null, count: 35 },
    surveyed: 12,
    overall: { excellent: 5, good: 4, fair: 2, poor: 1 },
    satisfaction: { very_satisfied: 4, satisfied: 5, neutral: 2, dissatisfied: 1 },
    csat: 0.75 + k / 100,
    fcr: rate(20, 35),
    reopen: rate(2, 35),
    complaints: rate(5, 40),
  };
}

describe('digests', () => {
  for (const lang of LANGS) {
    const tr = translator(lang);
    it(`the daily digest for the organisation and a department (${lang})`, () => {
      const org = dailyDigestMessage(tr, config, lang, daily({}, 10));
      const tech = dailyDigestMessage(tr, config, lang, daily({ departmentId: 'tech' }, 0));
      const calm = dailyDigestMessage(tr, config, lang, quiet());
      expect(checkMessage(org)).toBeUndefined();
      expect(checkMessage(tech)).toBeUndefined();
      expect(checkMessage(calm)).toBeUndefined();
      expect({ org, tech, calm }).toMatchSnapshot();
    });
    it(`the weekly and monthly reports with the change against the previous period (${lang})`, () => {
      const week = periodReportMessage(tr, config, lang, {
        current: period('week', 5),
        previous: period('week', 0),
        review: daily({}, 0).review!,
      });
      const month = periodReportMessage(tr, config, lang, {
        current: period('month', 0),
        previous: { ...period('month', 3), csat: null, responseTime: { median: null, p90: null, count: 0 } },
      });
      expect(checkMessage(week)).toBeUndefined();
      expect(checkMessage(month)).toBeUndefined();
      expect({ week, month }).toMatchSnapshot();
    });
  }

  it('lists at most 8 per group, then "… and N more"; names the scope', () => {
    const tr = translator('en');
    const text = JSON.stringify(dailyDigestMessage(tr, config, 'en', daily({}, 10)).blocks);
    expect(text).toContain('GW20261124007');
    expect(text).not.toContain('GW20261124008');
    expect(text).toContain(tr('digest.more', { n: 2 }));
    expect(scopeName(tr, config, 'en', {})).toBe(tr('digest.scope.org'));
    expect(scopeName(tr, config, 'en', { departmentId: 'tech' })).toBe('Tech support');
    expect(dailySummaryLines(tr, daily({}, 0)).join('\n')).toContain('17');
  });
});

const homeTicket = (i: number, extra: Partial<HomeTicket> = {}): HomeTicket => ({
  number: `GW202611240${String(i).padStart(2, '0')}`,
  status: i % 2 ? 'in_progress' : 'new',
  priority: i % 3 ? 'P2' : 'P1',
  categoryId: 'functional_fault',
  departmentId: 'tech',
  subject: `Coupon invalid at checkout ${i}`,
  customer: { name: '李雷', phone: '13812345678' },
  ownerId: i % 2 ? 'U0TECHMEM1' : null,
  openedAt: at,
  responseDueAt: later,
  resolutionDueAt: new Date('2026-11-25T10:00:00Z'),
  firstResponseAt: i % 2 ? at : null,
  ...(i % 4 === 0 ? { card: { permalink: `https://acme.slack.com/archives/C1/p${i}` } } : {}),
  ...extra,
});

describe('App Home', () => {
  for (const lang of LANGS) {
    it(`an agent, a member with claimed work and a supervisor (${lang})`, () => {
      const tr = translator(lang);
      const agent: HomeData = {
        now: at,
        summaries: [],
        opened: { items: [homeTicket(1), homeTicket(2)], total: 2 },
        waiting: {
          items: [
            {
              ...homeTicket(3, { status: 'resolved', customerNotifyDueAt: later }),
              task: 'notify',
              due: later,
            },
            { ...homeTicket(4, { status: 'resolved', customerNotifiedAt: at }), task: 'followup', due: null },
          ],
          total: 2,
        },
        owned: null,
        queues: [],
      };
      const supervisor: HomeData = {
        now: at,
        summaries: [{ scope: { departmentId: 'tech' }, figures: daily({ departmentId: 'tech' }, 3) }],
        opened: { items: [], total: 0 },
        waiting: { items: [], total: 0 },
        owned: { items: Array.from({ length: 14 }, (_, i) => homeTicket(i)), total: 20 },
        queues: [{ departmentId: 'tech', items: [homeTicket(5), homeTicket(6)], total: 15 }],
      };
      const views = {
        agent: homeView(tr, config, lang, agent),
        supervisor: homeView(tr, config, lang, supervisor),
      };
      for (const v of Object.values(views)) expect(checkView(v)).toEqual([]);
      expect(views).toMatchSnapshot();
    });
  }
});

describe('search results', () => {
  const found = (full: boolean, i: number): Found =>
    ({ ticket: { ...handled('in_progress'), number: `GW2026112400${i}`, _id: i }, full }) as unknown as Found;
  for (const lang of LANGS) {
    it(`masked unless permitted, capped, with mine split into opened and owned (${lang})`, () => {
      const tr = translator(lang);
      const res = resultBlocks(
        tr,
        config,
        lang,
        'Results for *coupon*',
        [found(true, 1), found(false, 2)],
        25,
      );
      const mine = mineBlocks(tr, config, lang, [found(true, 3)], []);
      expect(checkBlocks(res, 'message')).toEqual([]);
      expect(checkBlocks(mine, 'message')).toEqual([]);
      const text = JSON.stringify(res);
      expect(text.match(/13812345678/g)).toHaveLength(1);
      expect({ res, mine }).toMatchSnapshot();
    });
  }
});

describe('modals', () => {
  for (const lang of LANGS) {
    it(`intake (prefilled and empty) and the survey (requester and agent) (${lang})`, () => {
      const tr = translator(lang);
      const views = {
        intake: intakeModal(tr, lang, config, {}, { channel: 'C0FRONT001' }),
        prefilled: intakeModal(
          tr,
          lang,
          config,
          { description: 'Printer <prints> blank pages' },
          {
            source: { channel: 'C0FRONT001', ts: '1.2', permalink: 'https://acme.slack.com/p1' },
          },
        ),
        surveyDirect: surveyModal(tr, { number: 'GW20261124007', resolvedAt: at.getTime() }, true),
        surveyAgent: surveyModal(tr, { number: 'GW20261124007', resolvedAt: at.getTime() }, false),
      };
      for (const v of Object.values(views)) expect(checkView(v)).toEqual([]);
      expect(views).toMatchSnapshot();
    });
  }
});

describe('handling modals', () => {
  const m = { number: 'GW20261124007', card: { channel: 'C0TECH0001', ts: '1795485600.000100' } };
  for (const lang of LANGS) {
    it(`each modal's fields: required or optional, multiline, limits, hints (${lang})`, () => {
      const tr = translator(lang);
      const views = {
        progress: progressModal(tr, lang, config, m),
        transfer: transferModal(tr, lang, config, m),
        collaborators: collaboratorsModal(tr, lang, config, m),
        escalate: escalateModal(tr, m),
        resolve: resolveModal(tr, config, m),
        reassign: reassignModal(tr, m),
        reopen: reasonModal(tr, 'reopen', m),
        reject: reasonModal(tr, 'reject', m),
        notice: noticeModal(tr, 'Only the owner may do this.'),
      };
      for (const v of Object.values(views)) expect(checkView(v)).toEqual([]);
      expect(views).toMatchSnapshot();
    });
  }

  it('keeps the card in the metadata while it fits in 3000 characters, else only the number', () => {
    const tr = translator('en');
    expect(JSON.parse(reasonModal(tr, 'reopen', m).private_metadata!)).toEqual(m);
    const pad = (n: number) => ({ number: 'GW20261124007', card: { channel: 'C1', ts: 'x'.repeat(n) } });
    const fits = 3000 - JSON.stringify(pad(0)).length;
    expect(JSON.parse(reasonModal(tr, 'reopen', pad(fits)).private_metadata!)).toEqual(pad(fits));
    expect(JSON.parse(reasonModal(tr, 'reopen', pad(fits + 1)).private_metadata!)).toEqual({
      number: 'GW20261124007',
    });
  });
});

describe('alerts and DMs about a ticket (issue 18)', () => {
  const permalink = 'https://acme.slack.com/archives/C0TECH0001/p1795485600000100';
  const card = { channel: 'C0TECH0001', ts: '1795485600.000100', permalink };
  const contact = {
    name: '王小明',
    phone: '13812345678',
    email: 'wang.xm@example.com',
    need: 'Refund <all>',
  };
  for (const lang of LANGS) {
    it(`one layout: summary, contact details only when given, exactly one primary button (${lang})`, () => {
      const tr = translator(lang);
      const notices = {
        supervisorUnclaimed: ticketNoticeBlocks(tr, {
          text: 'P1 alert',
          ticket: ticket('new', { card }),
          role: 'supervisor',
          now: at,
          buttons: [['button.confirmEmergency', ACTION.confirmEmergency, 'GW20261124007']],
        }),
        channelUnclaimed: ticketNoticeBlocks(tr, {
          text: 'response warning',
          ticket: ticket('new', { card }),
          role: 'channel',
          now: at,
          buttons: [],
        }),
        ownerLate: ticketNoticeBlocks(tr, {
          text: 'resolution breach',
          ticket: ticket('in_progress', { card }),
          role: 'other',
          now: new Date('2026-11-26T12:00:00Z'),
          buttons: [['button.contact', ACTION.contact, 'GW20261124007']],
        }),
        agentResult: ticketNoticeBlocks(tr, {
          text: 'resolved',
          ticket: ticket('resolved', { card, customerNotifyDueAt: later }),
          role: 'agent',
          now: at,
          buttons: [
            ['button.customerNotified', ACTION.customerNotified, 'GW20261124007'],
            ['card.reopenButton', ACTION.reopen, 'GW20261124007'],
          ],
          contact,
        }),
      };
      const primaries = Object.fromEntries(
        Object.entries(notices).map(([k, blocks]) => [
          k,
          blocks
            .flatMap((b) => (b.type === 'actions' ? b.elements : []))
            .filter((e) => (e as { style?: string }).style === 'primary')
            .map((e) => (e as { action_id?: string }).action_id),
        ]),
      );
      expect(primaries).toEqual({
        supervisorUnclaimed: [ACTION.noticeAssign],
        channelUnclaimed: [ACTION.claim],
        ownerLate: [ACTION.details],
        agentResult: [ACTION.customerNotified],
      });
      for (const [k, blocks] of Object.entries(notices)) {
        expect(checkBlocks(blocks, 'message')).toEqual([]);
        const text = JSON.stringify(blocks);
        expect(text).toContain('138****5678');
        expect(text.includes('13812345678')).toBe(k === 'agentResult');
      }
      expect(JSON.stringify(notices.ownerLate)).toContain('🔴');
      expect(notices).toMatchSnapshot();
    });
  }
});
