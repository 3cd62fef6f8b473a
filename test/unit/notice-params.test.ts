/**
 * Pins what the two notice paths show, before and after their parameter rendering is shared:
 * ticket-change notices (`notify` tasks) link the bare card permalink, or say the card is not
 * posted yet; scheduled notices (nudges, service levels, follow-ups) link the ticket number to
 * the card, or show the bare number. Uses a stand-in Desk: no database, no Slack.
 */
import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { loadDeskConfig } from '../../src/config/desk-config.ts';
import type { Desk } from '../../src/context.ts';
import type { TicketDoc } from '../../src/db/models/index.ts';
import type { MessageKey, Params } from '../../src/i18n/index.ts';
import { notifyTask } from '../../src/notices/notify-task.ts';
import { type NoticePayload, renderNotice } from '../../src/notices/scheduled-notice.ts';

const config = loadDeskConfig('config/example.yml');
const PERMALINK = 'https://example.slack.com/archives/C0TECH/p1764000000000100';
const withCard = {
  _id: new Types.ObjectId(),
  number: 'GW20261124001',
  priorityReason: 'core_blocked',
  card: { channel: 'C0TECH', ts: '1764000000.000100', permalink: PERMALINK },
  // What the shared notice summary reads (issue 18).
  status: 'new',
  departmentId: 'tech',
  openedBy: 'U0AGENTEN1',
  description: 'Payment fails with a coupon',
  desiredOutcome: 'refund',
  customer: { name: 'Li Lei', phone: '13812345678', email: '' },
  responseDueAt: new Date('2026-11-24T10:00:00.000Z'),
  resolutionDueAt: new Date('2026-11-25T09:30:00.000Z'),
};
const noCard = { ...withCard, card: {} };
const DUE = '2026-11-24T09:30:00.000Z';
/** DUE as a Slack date (each reader sees their own time zone). */
const SLACK_DUE = '<!date^1795512600^{date_short_pretty} {time}|2026-11-24 09:30 UTC>';

function stubDesk(ticket: object | null, lang: 'en' | 'zh-CN' = 'en'): Desk {
  return {
    config,
    clock: { now: () => new Date(DUE) },
    langOf: async () => lang,
    models: { Ticket: { findById: async () => ticket } },
  } as unknown as Desk;
}

async function viaNotify(
  ticket: object | null,
  message: MessageKey,
  params: Params,
  lang: 'en' | 'zh-CN' = 'en',
) {
  const report: string[] = [];
  const outcome = await notifyTask(
    stubDesk(ticket, lang),
    {
      _id: new Types.ObjectId(),
      key: 'notify:test',
      kind: 'notify',
      ticketId: withCard._id,
      dueAt: new Date(DUE),
      attempts: 1,
      payload: { to: 'U0SUPERVIS', message, params, inThread: false, buttons: [] },
    },
    { now: new Date(DUE), dryRun: true, report },
  );
  expect(outcome).toBe('done');
  return report[0];
}

async function viaScheduled(
  ticket: object | null,
  message: MessageKey,
  params: Params,
  lang: 'en' | 'zh-CN' = 'en',
) {
  const p: NoticePayload = { to: 'U0TECHMEM1', message, params, inThread: false, buttons: [] };
  return (await renderNotice(stubDesk(ticket, lang), p, ticket as TicketDoc | null)).text;
}

describe('notice parameters', () => {
  it('ticket-change notices: department, priority, reason, level, due date, bare permalink', async () => {
    const params = {
      number: 'GW20261124001',
      priority: 'P1',
      departmentId: 'tech',
      reasonOf: 'core_blocked',
    };
    expect(await viaNotify(withCard, 'notice.emergency', params)).toBe(
      `→ U0SUPERVIS: 🚨 *P1 Urgent* ticket *GW20261124001* in Tech support: core business blocked. Start the emergency process within 10 minutes. ${PERMALINK}`,
    );
    expect(await viaNotify(noCard, 'notice.emergency', params)).toBe(
      `→ U0SUPERVIS: 🚨 *P1 Urgent* ticket *GW20261124001* in Tech support: core business blocked. Start the emergency process within 10 minutes. (card not posted yet)`,
    );
    expect(await viaNotify(withCard, 'notice.emergency', params, 'zh-CN')).toBe(
      `→ U0SUPERVIS: 🚨 技术支持的 *P1 紧急* 工单 *GW20261124001*：核心业务受阻。请在10分钟内启动应急处理。${PERMALINK}`,
    );
    expect(
      await viaNotify(withCard, 'notice.escalated', {
        number: 'GW20261124001',
        priority: 'P2',
        departmentId: 'tech',
        escalationLevel: 'supervisor',
        user: 'U0TECHMEM1',
        reason: 'customer waiting',
      }),
    ).toBe(
      `→ U0SUPERVIS: ⬆️ Ticket *GW20261124001* (P2 Important, Tech support) was escalated to the department supervisor by <@U0TECHMEM1>: customer waiting. ${PERMALINK}`,
    );
    expect(
      await viaNotify(withCard, 'confirm.created', {
        number: 'GW20261124001',
        priority: 'P1',
        departmentId: 'tech',
        dueAt: DUE,
      }),
    ).toBe(
      `→ U0SUPERVIS: Ticket *GW20261124001* (P1 Urgent) is open and was sent to Tech support: <${PERMALINK}|view the card>. Response due ${SLACK_DUE}.`,
    );
  });

  it('scheduled notices: department, priority, dates, the number linked to the card', async () => {
    const nudge = { number: 'GW20261124001', priority: 'P1', departmentId: 'tech', dueAt: DUE };
    expect(await viaScheduled(withCard, 'sla.response_breach.supervisor', nudge)).toBe(
      `🔴 Ticket *GW20261124001* (P1 Urgent) in Tech support missed its response time (${SLACK_DUE}) and is still unclaimed. <${PERMALINK}|GW20261124001>`,
    );
    expect(await viaScheduled(noCard, 'sla.response_breach.supervisor', nudge)).toBe(
      `🔴 Ticket *GW20261124001* (P1 Urgent) in Tech support missed its response time (${SLACK_DUE}) and is still unclaimed. GW20261124001`,
    );
    expect(await viaScheduled(withCard, 'sla.response_breach.supervisor', nudge, 'zh-CN')).toBe(
      `🔴 技术支持 的工单 *GW20261124001*（P1 紧急）已超过响应时限（${SLACK_DUE}），仍无人认领。<${PERMALINK}|GW20261124001>`,
    );
    expect(await viaScheduled(withCard, 'followup.agent', { number: 'GW20261124001', deadlineAt: DUE })).toBe(
      `📞 Satisfaction follow-up for ticket *GW20261124001*: please call the customer by ${SLACK_DUE}, then press *Record* to enter the survey. <${PERMALINK}|GW20261124001>`,
    );
    expect(await viaScheduled(null, 'snooze.done', { number: 'GW20261124001', untilAt: DUE })).toBe(
      `Reminders for *GW20261124001* are snoozed until ${SLACK_DUE}.`,
    );
  });

  it('a scheduled notice is its text in a section, then its buttons', async () => {
    const p: NoticePayload = {
      to: 'U0TECHMEM1',
      message: 'snooze.done',
      params: { number: 'GW20261124001', untilAt: DUE },
      inThread: false,
      buttons: [['followup.button.record', 'survey_open', 'GW20261124001']],
    };
    const { blocks } = await renderNotice(stubDesk(null), p, null);
    expect(blocks).toEqual([
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `Reminders for *GW20261124001* are snoozed until ${SLACK_DUE}.` },
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Record', emoji: true },
            action_id: 'survey_open',
            value: 'GW20261124001',
          },
        ],
      },
    ]);
  });
});
