/**
 * The department card as the channel sees it (issue 18), end to end: tickets opened with /ticket
 * and the intake form, claimed and resolved with the card's buttons and menus, overdue after the
 * sla job runs at a later time, in both languages (the card follows the organisation's default
 * language). Also: "Assign to…" on an unclaimed card (supervisors only, department members only,
 * audited, the assignee told by DM, one owner against a concurrent Claim) and the P1 card's mention
 * of the department's on-call user group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTION,
  CALLBACK,
  INPUT_ACTION,
  INTAKE_FIELD,
  PROGRESS_FIELD,
  RESOLVE_FIELD,
} from '../../blocks/ids.ts';
import { runJob } from '../../jobs/runner.ts';
import type { TicketDoc } from '../../src/db/models/index.ts';
import { CHANNELS, PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { submitIntake } from '../harness/intake.ts';
import type { StoredMessage } from '../harness/slack-stub.ts';
import { waitFor } from '../harness/slack-stub.ts';
import {
  buttons,
  click,
  currentCard,
  ephemeralTexts,
  expectCardCurrent,
  overflowOptions,
  stored,
} from './workflow-fixtures.ts';

const ON_CALL = 'S0TECHONC1';
const OPENED = '2026-11-24T02:00:00Z'; // Tuesday 10:00 in Shanghai; P2: response 4 h, resolution 48 h

/** What each language's card says (the copy the test pins). */
const COPY = {
  en: {
    subject: 'App login fails',
    description:
      'App login fails. Since 14:30 today every login in the app answers "wrong password" for all users.',
    need: 'Customers can log in again today',
    unclaimed: 'Unclaimed',
    claimed: 'Claimed',
    inProgress: 'In progress',
    resolved: 'Resolved',
    responseDue: 'Response due',
    resolutionDue: 'Resolution due',
    left: ' left)',
    lateBy: '(late by ',
    noOwner: 'No owner yet',
    owner: (u: string) => `Owner <@${u}>`,
    agent: (u: string) => `First contact <@${u}>`,
    needLabel: '*Customer needs:*',
    descriptionLabel: '*Description*',
    newMenu: ['Contacted customer', 'Details'],
    workMenus: [
      'Reassign (supervisor)',
      'Contacted customer',
      'Hand over agent role',
      'Transfer',
      'Add collaborating departments',
      'Escalate',
      'Standard reply',
      'Details',
    ],
    resolvedMenu: ['Contacted customer', 'Save as answer', 'Details'],
    resolvedLate: (h: number) => `, ${h}h late`,
    onTime: ', on time',
    executing: 'Executing',
  },
  'zh-CN': {
    subject: 'APP无法登录',
    description: 'APP无法登录。今天14:30起所有用户在APP登录时都提示密码错误，无法下单。',
    need: '今天内恢复客户登录',
    unclaimed: '待受理',
    claimed: '已认领',
    inProgress: '处理中',
    resolved: '已解决',
    responseDue: '响应时限',
    resolutionDue: '解决时限',
    left: '（剩余',
    lateBy: '（已超时',
    noOwner: '暂无负责人',
    owner: (u: string) => `负责人 <@${u}>`,
    agent: (u: string) => `首问负责人 <@${u}>`,
    needLabel: '*客户诉求：*',
    descriptionLabel: '*问题描述*',
    newMenu: ['已联系客户', '详情'],
    workMenus: [
      '改派（主管）',
      '已联系客户',
      '移交首问负责',
      '转派',
      '添加协同部门',
      '升级',
      '标准话术',
      '详情',
    ],
    resolvedMenu: ['已联系客户', '保存为答案', '详情'],
    resolvedLate: (h: number) => `解决，超时${h}小时`,
    onTime: '解决，未超时',
    executing: '执行中',
  },
} as const;

type Lang = keyof typeof COPY;

function intakeValues(lang: Lang, o: Record<string, string> = {}): Record<string, string> {
  return {
    customer_name: '王小明',
    customer_id: 'C20240501001',
    customer_phone: '13812345678',
    contact_channel: 'website',
    request_type: 'service_request',
    category: 'functional_fault',
    description: COPY[lang].description,
    desired_outcome: COPY[lang].need,
    urgency: 'normal',
    impact: 'partial',
    ...o,
  };
}

/** Opens a ticket as an agent does: /ticket, the intake form, submitted; waits for its card. */
async function openByIntake(t: TestDesk, values: Record<string, string>, user: string = PEOPLE.agentEn) {
  const before = await t.running.desk.models.Ticket.countDocuments({});
  const res = await t.driver.command('', { user, channel: CHANNELS.frontDesk });
  expect(res.status).toBe(200);
  const view = await waitFor(() => t.stub.openModal(user));
  if (values.urgency === 'critical') {
    // The reason field appears once Critical is chosen (the form is redrawn), as the agent sees it.
    const before = t.stub.callsTo('views.update').length;
    await t.driver.blockAction({
      user,
      actionId: INPUT_ACTION,
      blockId: INTAKE_FIELD.urgency,
      viewId: view.id,
      value: 'critical',
      values: { [INTAKE_FIELD.urgency]: 'critical' },
    });
    await waitFor(() => t.stub.callsTo('views.update').length > before || undefined);
    await t.idle();
  }
  const submitted = await submitIntake(t.driver, t.stub, { user, values });
  expect(submitted.result).toBe('created');
  await t.idle();
  const doc = await t.running.desk.models.Ticket.findOne({}).sort({ _id: -1 });
  expect(await t.running.desk.models.Ticket.countDocuments({})).toBe(before + 1);
  await waitFor(async () => (await stored(t, doc!)).card?.ts);
  await t.idle();
  return stored(t, doc!);
}

function headerOf(m: StoredMessage): string {
  const h = (m.blocks as { type: string; text?: { text: string } }[]).find((b) => b.type === 'header');
  return h?.text?.text ?? '';
}

function secondLineOf(m: StoredMessage): string {
  const b = (m.blocks as { block_id?: string; text?: { text: string } }[]).find(
    (x) => x.block_id === 'card_line',
  );
  return b?.text?.text ?? '';
}

async function jobAt(t: TestDesk, job: string, iso: string) {
  t.clock.set(iso);
  await runJob(t.running.desk, job, { now: new Date(iso) });
  await t.idle();
}

async function submit(
  t: TestDesk,
  user: string,
  callbackId: string,
  values: Record<string, string | string[]>,
) {
  expect(t.stub.openModal(user)?.callback_id).toBe(callbackId);
  const res = await t.driver.submitView({ user, values });
  expect(res.status).toBe(200);
  await t.idle();
}

for (const lang of ['en', 'zh-CN'] as const) {
  describe(`the department card (${lang})`, () => {
    const c = COPY[lang];
    let t: TestDesk;
    beforeAll(async () => {
      t = await startTestDesk(`card-layout-${lang}`, {
        config: (cfg) => {
          cfg.organisation.defaultLanguage = lang;
          cfg.jobs.channelPaceMs = 0;
        },
      });
    });
    afterAll(async () => {
      await t?.stop();
    });

    it('new → claimed → progress → overdue (sla job) → resolved late: header, second line, need first, menus', async () => {
      t.clock.set(OPENED);
      const doc = await openByIntake(t, intakeValues(lang));
      const n = doc.number;
      expect(doc.priority).toBe('P2');

      // New: "P2 · Unclaimed · subject"; number, response due with time left, no owner, first contact.
      let card = await expectCardCurrent(t, doc);
      expect(headerOf(card)).toBe(`P2 · ${c.unclaimed} · ${c.subject}`);
      expect(card.text).toBe(`P2 · ${c.subject} · ${n}`);
      let line = secondLineOf(card);
      expect(line.startsWith(`*<`) || line.startsWith(`*${n}`)).toBe(true);
      expect(line).toContain(n);
      expect(line).toContain(c.responseDue);
      expect(line).toContain(c.left);
      expect(line).toContain(c.noOwner);
      expect(line).toContain(c.agent(PEOPLE.agentEn));
      const json = JSON.stringify(card.blocks);
      expect(json.indexOf(c.needLabel)).toBeGreaterThan(-1);
      expect(json.indexOf(c.needLabel)).toBeLessThan(json.indexOf(c.descriptionLabel));
      expect(json).not.toContain('🔴');
      expect(buttons(card).slice(0, 2)).toEqual([ACTION.claim, ACTION.assignTo]);
      expect(overflowOptions(card)).toEqual(c.newMenu);
      // Urgency is shown only when critical; the 8-field grid is gone.
      expect(json).not.toContain('"fields"');

      // Claimed: the resolution due time and the owner; primary buttons and the menus.
      t.clock.set('2026-11-24T02:30:00Z');
      await click(t, PEOPLE.techMember, ACTION.claim, card);
      card = await expectCardCurrent(t, doc);
      expect(headerOf(card)).toBe(`P2 · ${c.claimed} · ${c.subject}`);
      line = secondLineOf(card);
      expect(line).toContain(c.resolutionDue);
      expect(line).toContain(c.owner(PEOPLE.techMember));
      expect(line).toContain(c.agent(PEOPLE.agentEn));
      expect(buttons(card).filter((b) => b === ACTION.progress || b === ACTION.resolve)).toEqual([
        ACTION.progress,
        ACTION.resolve,
      ]);
      expect(overflowOptions(card)).toEqual(c.workMenus);

      // A progress update through the primary button.
      await click(t, PEOPLE.techMember, ACTION.progress, card);
      await submit(t, PEOPLE.techMember, CALLBACK.progress, {
        [PROGRESS_FIELD.stage]: 'executing',
        [PROGRESS_FIELD.note]: 'Session store restarted; watching logins.',
        [PROGRESS_FIELD.nextStep]: 'Confirm with the customer',
        [PROGRESS_FIELD.plannedDate]: '2026-11-25',
      });
      card = await expectCardCurrent(t, doc);
      expect(headerOf(card)).toBe(`P2 · ${c.inProgress} · ${c.subject}`);
      expect(JSON.stringify(card.blocks)).toContain(c.executing);

      // Overdue: the sla job, run after the resolution due time, redraws the card red.
      await jobAt(t, 'sla', '2026-11-26T05:00:00Z');
      card = await expectCardCurrent(t, doc);
      expect(headerOf(card)).toBe(`🔴 P2 · ${c.inProgress} · ${c.subject}`);
      expect(secondLineOf(card)).toContain(c.lateBy);

      // Resolved 4 hours late: ✅, the lateness said once, the progress section gone, no red left.
      t.clock.set('2026-11-26T06:00:00Z');
      await click(t, PEOPLE.techMember, ACTION.resolve, card);
      await submit(t, PEOPLE.techMember, CALLBACK.resolve, {
        [RESOLVE_FIELD.summary]: 'Session store fixed; the customer logged in',
        [RESOLVE_FIELD.type]: 'fix',
      });
      expect((await stored(t, doc)).status).toBe('resolved');
      card = await expectCardCurrent(t, doc);
      expect(headerOf(card)).toBe(`✅ P2 · ${c.resolved} · ${c.subject}`);
      expect(secondLineOf(card)).toContain(c.resolvedLate(4));
      const done = JSON.stringify(card.blocks);
      expect(done).not.toContain('🔴');
      expect(done).not.toContain(c.executing);
      expect(done).not.toContain('2026-11-25'); // the stale planned date
      expect(buttons(card)[0]).toBe(ACTION.reopen);
      expect(overflowOptions(card)).toEqual(c.resolvedMenu);
    });

    it('a ticket resolved in time says "on time"; the menus open the same modals as the buttons did', async () => {
      t.clock.set(OPENED);
      const doc = await openByIntake(t, intakeValues(lang));
      let card = await currentCard(t, doc);
      await click(t, PEOPLE.techMember2, ACTION.claim, card);
      card = await expectCardCurrent(t, doc);
      // "Transfer" sits in the overflow menu now: choosing it opens the transfer form.
      await click(t, PEOPLE.techMember2, ACTION.transfer, card);
      expect(t.stub.openModal(PEOPLE.techMember2)?.callback_id).toBe(CALLBACK.transfer);
      t.stub.closeModal(PEOPLE.techMember2);
      // "Hand over agent role" sits in the second line's menu: the opener gets its form.
      await click(t, PEOPLE.agentEn, ACTION.handOver, card);
      expect(t.stub.openModal(PEOPLE.agentEn)?.callback_id).toBe(CALLBACK.handOver);
      t.stub.closeModal(PEOPLE.agentEn);

      t.clock.set('2026-11-24T05:00:00Z');
      await click(t, PEOPLE.techMember2, ACTION.resolve, card);
      await submit(t, PEOPLE.techMember2, CALLBACK.resolve, {
        [RESOLVE_FIELD.summary]: 'Explained the new login flow',
        [RESOLVE_FIELD.type]: 'fix',
      });
      card = await expectCardCurrent(t, doc);
      expect(headerOf(card)).toBe(`✅ P2 · ${c.resolved} · ${c.subject}`);
      expect(secondLineOf(card)).toContain(c.onTime);
    });

    it('a P1 card mentions the on-call user group when configured; a P2 card does not', async () => {
      t.clock.set(OPENED);
      const p2 = await openByIntake(t, intakeValues(lang));
      expect(JSON.stringify((await currentCard(t, p2)).blocks)).not.toContain('subteam');
      expect((await currentCard(t, p2)).text).not.toContain('subteam');

      t.config.departments.find((d) => d.id === 'tech')!.onCallGroup = ON_CALL;
      try {
        const p1 = await openByIntake(
          t,
          intakeValues(lang, {
            urgency: 'critical',
            urgency_reason: 'All stores cannot sell',
            impact: 'blocking',
          }),
        );
        expect(p1.priority).toBe('P1');
        const card = await currentCard(t, p1);
        // In the message text (what Slack notifies with) and on the card itself.
        expect(card.text.startsWith(`<!subteam^${ON_CALL}>`)).toBe(true);
        expect(JSON.stringify(card.blocks)).toContain(`<!subteam^${ON_CALL}>`);
        const posted = t.stub
          .callsTo('chat.postMessage')
          .find((x) => x.args.channel === CHANNELS.tech && String(x.args.text).includes(p1.number));
        expect(String(posted?.args.text)).toContain(`<!subteam^${ON_CALL}>`);
        // Critical urgency is shown, with its reason.
        expect(JSON.stringify(card.blocks)).toContain('All stores cannot sell');
        // Another department's P1 has no group configured: no mention.
        const otherP1 = await openByIntake(
          t,
          intakeValues(lang, {
            category: 'service_experience',
            urgency: 'critical',
            urgency_reason: 'All stores cannot sell',
            impact: 'blocking',
          }),
        );
        expect(otherP1.priority).toBe('P1');
        expect((await currentCard(t, otherP1)).text).not.toContain('subteam');
      } finally {
        delete t.config.departments.find((d) => d.id === 'tech')!.onCallGroup;
      }
    });
  });
}

describe('Assign to… on an unclaimed card', () => {
  let t: TestDesk;
  beforeAll(async () => {
    t = await startTestDesk('card-assign-to', {
      config: (cfg) => {
        cfg.organisation.defaultLanguage = 'en';
      },
    });
    t.clock.set(OPENED);
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function assign(by: string, to: string, ticket: TicketDoc, idle = true) {
    const card = await currentCard(t, ticket);
    const res = await t.driver.blockAction({
      user: by,
      actionId: ACTION.assignTo,
      message: { channel: card.channel, ts: card.ts },
      value: to,
    });
    expect(res.status).toBe(200);
    if (idle) await t.idle();
  }

  it('a supervisor assigns a member: owner set, audited (by whom, to whom), the assignee told by DM', async () => {
    const doc = await openByIntake(t, intakeValues('en'));
    await assign(PEOPLE.techSupervisor, PEOPLE.techMember2, doc);
    const after = await stored(t, doc);
    expect(after.status).toBe('claimed');
    expect(after.ownerId).toBe(PEOPLE.techMember2);
    expect(after.firstResponseAt).toBeTruthy();
    const entry = after.history.find((h) => h.action === 'assign_to');
    expect(entry).toMatchObject({ by: PEOPLE.techSupervisor, to: PEOPLE.techMember2 });
    const dm = t.stub.dmsTo(PEOPLE.techMember2).find((m) => m.text.includes(doc.number));
    expect(dm?.text).toContain(`<@${PEOPLE.techSupervisor}> assigned ticket`);
    expect(dm?.text).toContain('App login fails');
    expect(ephemeralTexts(t, PEOPLE.techSupervisor).at(-1)).toContain(`assigned to <@${PEOPLE.techMember2}>`);
    const card = await expectCardCurrent(t, doc);
    expect(secondLineOf(card)).toContain(`Owner <@${PEOPLE.techMember2}>`);
    expect(buttons(card)).not.toContain(ACTION.assignTo);
  });

  it('a non-member is refused with a clear message and nothing changes', async () => {
    const doc = await openByIntake(t, intakeValues('en'));
    await assign(PEOPLE.techSupervisor, PEOPLE.csMember, doc);
    const after = await stored(t, doc);
    expect(after.status).toBe('new');
    expect(after.ownerId ?? null).toBeNull();
    expect(after.version).toBe(doc.version);
    expect(after.history.some((h) => h.action === 'assign_to')).toBe(false);
    expect(ephemeralTexts(t, PEOPLE.techSupervisor).at(-1)).toBe(
      `<@${PEOPLE.csMember}> is not a member of Tech support (its channel), so the ticket was not assigned. Nothing was changed.`,
    );
    expect(t.stub.dmsTo(PEOPLE.csMember).some((m) => m.text.includes(doc.number))).toBe(false);
  });

  it('only supervisors may assign (a member, and a Chinese-speaking agent, are refused in their language)', async () => {
    const doc = await openByIntake(t, intakeValues('en'));
    await assign(PEOPLE.techMember, PEOPLE.techMember2, doc);
    await assign(PEOPLE.agentZh, PEOPLE.techMember2, doc);
    const after = await stored(t, doc);
    expect(after.status).toBe('new');
    expect(after.version).toBe(doc.version);
    expect(ephemeralTexts(t, PEOPLE.techMember).at(-1)).toContain('supervisor');
    expect(ephemeralTexts(t, PEOPLE.agentZh).at(-1)).toContain('主管');
  });

  it('a Chinese-speaking supervisor is refused a non-member in Chinese', async () => {
    const doc = await openByIntake(t, intakeValues('en', { category: 'service_experience' }));
    expect(doc.departmentId).toBe('cs');
    await assign(PEOPLE.csSupervisor, PEOPLE.techMember, doc);
    expect((await stored(t, doc)).status).toBe('new');
    expect(ephemeralTexts(t, PEOPLE.csSupervisor).at(-1)).toBe(
      `<@${PEOPLE.techMember}> 不是客服部（部门频道）的成员，工单未指派。未做任何更改。`,
    );
  });

  it('a Claim and an Assign at the same moment leave exactly one owner', async () => {
    for (let round = 0; round < 3; round++) {
      const doc = await openByIntake(t, intakeValues('en'));
      const card = await currentCard(t, doc);
      await Promise.all([
        assign(PEOPLE.techSupervisor, PEOPLE.techMember2, doc, false),
        t.driver.clickButton({
          user: PEOPLE.techMember,
          actionId: ACTION.claim,
          message: { channel: card.channel, ts: card.ts },
        }),
      ]);
      await t.idle();
      const after = await stored(t, doc);
      expect(after.status).toBe('claimed');
      const taken = after.history.filter((h) => h.action === 'claim' || h.action === 'assign_to');
      expect(taken).toHaveLength(1);
      expect(after.ownerId).toBe(taken[0]!.action === 'claim' ? PEOPLE.techMember : PEOPLE.techMember2);
    }
  });
});
