import { describe, expect, it } from 'vitest';
import {
  ACTION,
  COLLAB_ROWS,
  collabField,
  KB_ACTION,
  PROGRESS_FIELD,
  RESOLVE_FIELD,
} from '../../blocks/ids.ts';
import { type CardTicket, cardText, formerCard, ticketCard } from '../../blocks/ticket-card.ts';
import {
  collaboratorsModal,
  escalateModal,
  progressModal,
  reasonModal,
  reassignModal,
  resolveModal,
  transferModal,
} from '../../blocks/workflow-modals.ts';
import { loadDeskConfig } from '../../src/config/desk-config.ts';
import { TICKET_STATUSES } from '../../src/domain/types.ts';
import {
  checkCollaborators,
  checkProgress,
  checkResolution,
  localDateTime,
  todayIn,
} from '../../src/domain/workflow-input.ts';
import { translator } from '../../src/i18n/index.ts';
import { checkMessage, checkView } from '../harness/block-kit.ts';

const config = loadDeskConfig('config/example.yml');
const at = new Date('2026-11-24T02:00:00Z');
/** When the cards are drawn (time left is counted from here). */
const NOW = new Date('2026-11-24T03:00:00Z');
const long = (n: number) => '很长的中文文本<&>'.repeat(Math.ceil(n / 9)).slice(0, n);

function fullTicket(status: (typeof TICKET_STATUSES)[number]): CardTicket {
  return {
    number: 'GW20261124001',
    status,
    priority: 'P1',
    priorityReason: 'core_blocked',
    requestType: 'complaint',
    categoryId: 'functional_fault',
    departmentId: 'tech',
    contactChannelId: 'website',
    customer: {
      name: '李雷',
      customerId: 'C1',
      phone: '13812345678',
      phoneLast4: '5678',
      email: 'li@example.com',
      company: '',
      keyAccount: true,
    },
    description: long(5000),
    desiredOutcome: long(1000),
    urgency: 'critical',
    urgencyReason: long(500),
    orderNumber: 'DD1',
    keywords: ['支付', 'APP'],
    openedBy: 'U0AGENTEN1',
    openedAt: at,
    responseDueAt: at,
    resolutionDueAt: at,
    ownerId: 'U0TECHMEM1',
    claimedAt: at,
    progress: {
      stage: 'executing',
      note: long(2000),
      nextStep: long(500),
      plannedDate: '2026-11-26',
      customerNeeds: long(500),
      by: 'U0TECHMEM1',
      at,
    },
    collaborators: Array.from({ length: 25 }, (_, i) => ({
      departmentId: i % 2 ? 'cs' : 'aftersales',
      need: long(500),
      dueDate: '2026-11-25',
      ...(i % 3 ? { acknowledgedBy: 'U0CSVCMEM1', acknowledgedAt: at } : {}),
    })),
    escalation: { level: 'director', to: ['U0DIRECTR1'], by: 'U0TECHMEM1', at, reason: long(1000) },
    resolution: {
      summary: long(2000),
      rootCause: long(1000),
      type: 'compensation',
      compensation: 800,
      by: 'U0TECHMEM1',
      at,
    },
    approval: { requestedAt: at, decidedBy: 'U0TECHSUP1', decidedAt: at, approved: false, note: long(1000) },
    resolvedAt: at,
    resolutionMet: false,
    customerNotifyDueAt: at,
    slaNotices: [
      'response_warning',
      'response_breach',
      'resolution_warning',
      'resolution_breach',
      'unknown_code',
    ],
    reopenCount: 2,
  } as unknown as CardTicket;
}

describe('the department card in every state, with everything filled to the limits', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    for (const status of TICKET_STATUSES) {
      it(`${status} (${lang}) passes Slack's Block Kit checks`, () => {
        const tr = translator(lang);
        const t = fullTicket(status);
        const message = { text: cardText(tr, config, lang, t), blocks: ticketCard(tr, config, lang, t, NOW) };
        expect(checkMessage(message)).toBeUndefined();
      });
    }
  }

  it('offers the actions of each state: one or two buttons, the rest in overflow menus of 2 to 5', () => {
    const tr = translator('en');
    type El = { type: string; action_id: string; options?: { value: string }[] };
    const elementsOf = (status: (typeof TICKET_STATUSES)[number]) =>
      ticketCard(tr, config, 'en', fullTicket(status), NOW).flatMap((b) =>
        b.type === 'actions'
          ? ((b as { elements: El[] }).elements ?? [])
          : b.type === 'section' && (b as { accessory?: El }).accessory
            ? [(b as { accessory: El }).accessory]
            : [],
      );
    // Buttons and selects by their action id; an overflow option by the action it stands for.
    const ids = (status: (typeof TICKET_STATUSES)[number]) =>
      elementsOf(status).flatMap((e) =>
        e.type === 'overflow' ? (e.options ?? []).map((o) => `⋯${o.value.split('|')[0]}`) : [e.action_id],
      );
    for (const status of TICKET_STATUSES)
      for (const e of elementsOf(status).filter((x) => x.type === 'overflow')) {
        expect(e.options!.length).toBeGreaterThanOrEqual(2);
        expect(e.options!.length).toBeLessThanOrEqual(5);
      }
    expect(ids('new')).toEqual([ACTION.claim, ACTION.assignTo, `⋯${ACTION.contact}`, `⋯${ACTION.details}`]);
    expect(ids('in_progress')).toEqual([
      `⋯${ACTION.reassign}`,
      `⋯${ACTION.contact}`,
      `⋯${ACTION.handOver}`,
      ACTION.progress,
      ACTION.resolve,
      `⋯${ACTION.transfer}`,
      `⋯${ACTION.collaborators}`,
      `⋯${ACTION.escalate}`,
      `⋯${KB_ACTION.reply}`,
      `⋯${ACTION.details}`,
    ]);
    expect(ids('pending_approval')).toEqual([ACTION.details]);
    expect(ids('resolved')).toEqual([
      ACTION.reopen,
      `⋯${ACTION.contact}`,
      `⋯${KB_ACTION.save}`,
      `⋯${ACTION.details}`,
    ]);
    expect(ids('closed')).toEqual([ACTION.reopen, `⋯${KB_ACTION.save}`, `⋯${ACTION.details}`]);
  });

  it('the former card passes the checks and links to the current card', () => {
    const tr = translator('en');
    const m = formerCard(
      tr,
      config,
      'en',
      { ...fullTicket('new'), card: { permalink: 'https://x.slack.com/archives/C1/p1' } },
      { departmentId: 'tech', toDepartmentId: 'cs', by: 'U0TECHMEM1', at, reason: long(3000) },
    );
    expect(checkMessage(m)).toBeUndefined();
    expect(JSON.stringify(m.blocks)).toContain('Transferred to Customer service');
    expect(JSON.stringify(m.blocks)).toContain('https://x.slack.com/archives/C1/p1');
  });
});

describe('the handling modals', () => {
  it('pass the view checks in both languages', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const tr = translator(lang);
      const m = { number: 'GW20261124001', card: { channel: 'C0TECH0001', ts: '1.000001' } };
      for (const view of [
        progressModal(tr, lang, config, m),
        transferModal(tr, lang, config, m),
        collaboratorsModal(tr, lang, config, m),
        escalateModal(tr, m),
        resolveModal(tr, config, m),
        reassignModal(tr, m),
        reasonModal(tr, 'reopen', m),
        reasonModal(tr, 'reject', m),
      ])
        expect(checkView(view)).toEqual([]);
    }
  });

  it('show the need, time left or late and the last update at the top; the stage defaults to the current one', () => {
    const base = {
      need: long(1000),
      resolutionDueAt: new Date('2026-11-26T02:00:00Z'),
      done: false,
      now: at,
      opened: { at, by: 'U0AGENTEN1' },
    };
    const withLast = {
      ...base,
      stage: 'executing',
      last: { at, by: 'U0TECHMEM1', stage: '执行中', note: long(3000) },
    };
    const m = (context: typeof base) => ({ number: 'GW20261124001', context });
    const ctx = (v: ReturnType<typeof progressModal>) =>
      JSON.stringify((v.blocks as { block_id?: string }[]).find((b) => b.block_id === 'workflow_context'));
    const en = translator('en');
    const zh = translator('zh-CN');
    const first = progressModal(en, 'en', config, m(base));
    expect(ctx(first)).toContain('Resolution due <!date^');
    expect(ctx(first)).toContain(': 2d left');
    expect(ctx(first)).toContain('No progress update yet. Opened');
    expect(JSON.stringify(first.blocks)).toContain('"initial_option":{"value":"review"');
    const later = progressModal(zh, 'zh-CN', config, m(withLast));
    expect(checkView(later)).toEqual([]);
    expect(ctx(later)).toContain('最近更新');
    expect(ctx(later)).toContain('执行中');
    expect(JSON.stringify(later.blocks)).toContain('"initial_option":{"value":"executing"');
    const late = resolveModal(zh, config, m({ ...base, now: new Date('2026-11-26T05:00:00Z') }));
    expect(ctx(late)).toContain(':red_circle: 解决截止');
    expect(ctx(late)).toContain('已超时3小时');
    // Resolved: no time left, the need and the last update only.
    const done = reasonModal(en, 'reopen', m({ ...base, done: true }));
    expect(ctx(done)).not.toContain('Resolution due');
    expect(ctx(done)).toContain('*Need:*');
    // The context is shown, never carried in private_metadata.
    expect(JSON.parse(later.private_metadata ?? '{}')).toEqual({ number: 'GW20261124001' });
  });
});

describe('validating the handling modals', () => {
  const raw = (values: Record<string, string | string[]>) => (id: string) => values[id] ?? null;

  it('today is the organisation’s calendar date', () => {
    expect(todayIn(new Date('2026-11-24T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-25');
    expect(todayIn(new Date('2026-11-24T17:00:00Z'), 'UTC')).toBe('2026-11-24');
  });

  it('progress: a planned date after the resolution deadline is refused with the deadline', () => {
    const deadline = { date: '2026-11-26', text: '2026-11-26 10:00' };
    const values = (plannedDate: string) =>
      raw({
        [PROGRESS_FIELD.stage]: 'review',
        [PROGRESS_FIELD.note]: 'Planned the fix',
        [PROGRESS_FIELD.plannedDate]: plannedDate,
      });
    const after = checkProgress(values('2026-11-27'), PROGRESS_FIELD, ['review'], '2026-11-24', deadline);
    expect(!after.ok && after.errors[PROGRESS_FIELD.plannedDate]).toEqual({
      key: 'progress.error.afterDeadline',
      params: { deadline: '2026-11-26 10:00' },
    });
    expect(checkProgress(values('2026-11-26'), PROGRESS_FIELD, ['review'], '2026-11-24', deadline).ok).toBe(
      true,
    );
    expect(localDateTime(new Date('2026-11-26T02:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-26 10:00');
    expect(localDateTime(new Date('2026-11-26T16:05:00Z'), 'Asia/Shanghai')).toBe('2026-11-27 00:05');
  });

  it('progress: known stage, a real note, no planned date in the past', () => {
    const bad = checkProgress(
      raw({
        [PROGRESS_FIELD.stage]: 'nope',
        [PROGRESS_FIELD.note]: 'ok',
        [PROGRESS_FIELD.plannedDate]: '2026-11-01',
      }),
      PROGRESS_FIELD,
      ['review'],
      '2026-11-24',
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(Object.fromEntries(Object.entries(bad.errors).map(([k, v]) => [k, v.key]))).toEqual({
        [PROGRESS_FIELD.stage]: 'workflow.error.choice',
        [PROGRESS_FIELD.note]: 'workflow.error.tooShort',
        [PROGRESS_FIELD.plannedDate]: 'workflow.error.pastDate',
      });
    const good = checkProgress(
      raw({ [PROGRESS_FIELD.stage]: 'review', [PROGRESS_FIELD.note]: '  Checked the logs  ' }),
      PROGRESS_FIELD,
      ['review'],
      '2026-11-24',
    );
    expect(good).toEqual({
      ok: true,
      value: { stage: 'review', note: 'Checked the logs', nextStep: '', plannedDate: '', customerNeeds: '' },
    });
  });

  it('collaborators: not the lead, not twice, not one with an open request; empty rows skipped', () => {
    const depts = ['tech', 'cs', 'aftersales', 'relations'];
    const rows = (r: Record<number, [string, string]>) => {
      const v: Record<string, string> = {};
      for (const [row, [d, need]] of Object.entries(r)) {
        v[collabField(Number(row)).department] = d;
        v[collabField(Number(row)).need] = need;
      }
      return raw(v);
    };
    const res = checkCollaborators(
      rows({ 1: ['tech', 'logs please'], 2: ['cs', 'refund?'], 3: ['cs', 'again'] }),
      { rows: COLLAB_ROWS, row: collabField },
      depts,
      'tech',
      [],
      '2026-11-24',
    );
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.errors[collabField(1).department]?.key).toBe('collab.error.lead');
      expect(res.errors[collabField(3).department]?.key).toBe('collab.error.duplicate');
    }
    const pending = checkCollaborators(
      rows({ 1: ['aftersales', 'parts'] }),
      { rows: COLLAB_ROWS, row: collabField },
      depts,
      'tech',
      ['aftersales'],
      '2026-11-24',
    );
    expect(pending.ok).toBe(false);
    const ok = checkCollaborators(
      rows({ 1: ['cs', 'Confirm refund'] }),
      { rows: COLLAB_ROWS, row: collabField },
      depts,
      'tech',
      [],
      '2026-11-24',
    );
    expect(ok).toEqual({ ok: true, value: [{ departmentId: 'cs', need: 'Confirm refund' }] });
    expect(COLLAB_ROWS).toBe(3);
  });

  it('resolution: a compensation needs an amount of 0 or more', () => {
    const missing = checkResolution(
      raw({ [RESOLVE_FIELD.summary]: 'Paid back', [RESOLVE_FIELD.type]: 'compensation' }),
      RESOLVE_FIELD,
    );
    expect(missing.ok).toBe(false);
    const negative = checkResolution(
      raw({
        [RESOLVE_FIELD.summary]: 'Paid back',
        [RESOLVE_FIELD.type]: 'refund',
        [RESOLVE_FIELD.compensation]: '-1',
      }),
      RESOLVE_FIELD,
    );
    expect(negative.ok).toBe(false);
    const ok = checkResolution(
      raw({
        [RESOLVE_FIELD.summary]: 'Paid back',
        [RESOLVE_FIELD.type]: 'compensation',
        [RESOLVE_FIELD.compensation]: '800.456',
      }),
      RESOLVE_FIELD,
    );
    expect(ok).toEqual({
      ok: true,
      value: { summary: 'Paid back', rootCause: '', type: 'compensation', compensation: 800.46 },
    });
  });
});
