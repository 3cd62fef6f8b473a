/**
 * The knowledge base end to end (issue 14): capture from a resolved ticket with the customer's
 * details stripped, publishing by the department supervisor (once, even when clicked twice),
 * suggestions at intake (English and Chinese) and a request answered from the knowledge base,
 * /ticket kb ranking and paging, a standard reply filled with the ticket's values, and the
 * knowledge base section of the weekly report (deflection, gaps).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, INTAKE_FIELD, KB_ACTION, KB_CALLBACK, KB_FIELD } from '../../blocks/ids.ts';
import { runJob } from '../../jobs/runner.ts';
import { createAnswer, editAnswer, retireAnswer } from '../../src/kb/answers.ts';
import { recordDeflection } from '../../src/kb/deflection.ts';
import { claimTicket } from '../../src/tickets/claim.ts';
import { openTicket } from '../../src/tickets/open-ticket.ts';
import { resolveTicket } from '../../src/tickets/resolve.ts';
import { CHANNELS, PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { waitFor } from '../harness/slack-stub.ts';
import {
  buttons,
  click,
  expectCardCurrent,
  lastEphemeral,
  openSeeded,
  sampleIntake,
  stored,
} from './workflow-fixtures.ts';

let t: TestDesk;
beforeAll(async () => {
  t = await startTestDesk('kb', {
    config: (c) => {
      c.organisation.defaultLanguage = 'en';
    },
  });
  t.clock.set('2026-11-24T02:00:00Z'); // Tuesday 10:00 in Shanghai
});
afterAll(async () => {
  await t?.stop();
});

function textOf(blocks: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push(o.text);
      for (const [k, x] of Object.entries(o)) if (k !== 'text' || typeof x !== 'string') walk(x);
    }
  };
  walk(blocks);
  return out.join('\n');
}

/** /ticket <text> as `user`; the ephemeral answer. */
async function ask(user: string, text: string) {
  const res = await t.driver.command(text, { user, channel: CHANNELS.frontDesk });
  expect(res.status).toBe(200);
  const reply = await waitFor(() => t.stub.responses.find((r) => r.id === res.responseUrlId));
  return reply.body as { text: string; blocks?: unknown[] };
}

/** Opens the intake form as /ticket does. */
async function openIntake(user: string) {
  const res = await t.driver.command('', { user, channel: CHANNELS.frontDesk });
  expect(res.status).toBe(200);
  return waitFor(() => {
    const v = t.stub.openModal(user);
    return v?.callback_id === 'ticket_intake' ? v : undefined;
  });
}

/** The question lines of a /ticket kb page, in order. */
function questions(blocks: unknown[] | undefined): string[] {
  return (blocks ?? [])
    .filter((b) => (b as { type: string }).type === 'section')
    .map((b) => (b as { text?: { text?: string } }).text?.text ?? '')
    .filter((s) => /^\d+\. /.test(s))
    .map((s) => s.split('\n')[0]!.replace(/[\u200b*]/g, ''));
}

const CUSTOMER = {
  name: '王小明',
  phone: '13812345678',
  email: 'wang.xm@example.com',
  order: 'DD20240315001',
};
const SECRETS = [
  '王小明',
  '王先生',
  '13812345678',
  '138-1234-5678',
  'wang.xm@example.com',
  'DD20240315001',
  'C20240501001',
];

describe('capture, publish and suggest', () => {
  let answerId = '';

  it('saves a resolved ticket as a draft answer with the customer details stripped', async () => {
    const desk = t.running.desk;
    const ticket = await openSeeded(t);
    await desk.models.Ticket.updateOne(
      { _id: ticket._id },
      {
        $set: {
          'customer.name': CUSTOMER.name,
          'customer.email': CUSTOMER.email,
          description: `Customer ${CUSTOMER.name} (${CUSTOMER.phone}, ${CUSTOMER.email}) says the receipt printer prints blank pages for order ${CUSTOMER.order}; 王先生 called twice`,
        },
      },
    );
    expect((await claimTicket(desk, { ticketId: ticket._id, by: PEOPLE.techMember })).ok).toBe(true);
    const resolved = await resolveTicket(desk, {
      ticketId: ticket._id,
      by: PEOPLE.techMember,
      summary:
        'Told 王先生 to turn the thermal paper roll over (shiny side to the print head); called him on 138-1234-5678',
      rootCause: 'Thermal paper loaded upside down',
      type: 'answer',
    });
    expect(resolved.ok).toBe(true);
    await t.idle();
    const card = await expectCardCurrent(t, ticket);
    expect(buttons(card)).toContain(KB_ACTION.save);

    // Someone who is neither the owner nor a supervisor: refused, nothing stored.
    await click(t, PEOPLE.techMember2, KB_ACTION.save, card);
    expect(lastEphemeral(t, PEOPLE.techMember2)).toContain('Only the owner');
    expect(await desk.models.KbAnswer.countDocuments({ sourceTickets: ticket.number })).toBe(0);

    // The owner: the form is prefilled from the ticket, with no customer detail left.
    await click(t, PEOPLE.techMember, KB_ACTION.save, card);
    const form = await waitFor(() => {
      const v = t.stub.openModal(PEOPLE.techMember);
      return v?.callback_id === KB_CALLBACK.answer ? v : undefined;
    });
    const prefilled = JSON.stringify(form.blocks);
    for (const s of SECRETS) expect(prefilled).not.toContain(s);
    expect(prefilled).toContain('receipt printer prints blank pages');
    expect(prefilled).toContain('thermal paper roll over');
    expect(prefilled).toContain('[customer]');

    // A field error keeps the form open and stores nothing.
    const bad = await t.driver.submitView({
      user: PEOPLE.techMember,
      values: { [KB_FIELD.body]: 'short' },
    });
    expect(bad.outcome.action).toBe('errors');
    expect(JSON.stringify(bad.body)).toContain('at least 10 characters');
    expect(await desk.models.KbAnswer.countDocuments({ sourceTickets: ticket.number })).toBe(0);

    // The name typed back in is stripped again on submit.
    const ok = await t.driver.submitView({
      user: PEOPLE.techMember,
      values: {
        [KB_FIELD.question]: 'Receipt printer prints blank pages (asked by 王小明)',
        [KB_FIELD.phrasings]: 'Printed receipts are empty\n小票打印机打印空白',
        [KB_FIELD.keywords]: 'printer, 打印机',
        [KB_FIELD.languages]: ['en', 'zh-CN'],
      },
    });
    expect(ok.outcome.action).toBe('update');
    expect(textOf(t.stub.view(ok.viewId)?.blocks)).toContain('Saved as a draft answer');
    const answer = await desk.models.KbAnswer.findOne({ sourceTickets: ticket.number }).lean();
    expect(answer).toMatchObject({ status: 'draft', departmentId: 'tech', categoryId: 'functional_fault' });
    for (const s of SECRETS) expect(JSON.stringify(answer)).not.toContain(s);
    expect(answer!.question).toBe('Receipt printer prints blank pages (asked by [customer])');
    answerId = String(answer!._id);
    // Slack delivers the same submission again: still one draft.
    const again = await t.driver.interaction(ok.payload);
    expect(again.status).toBe(200);
    expect(await desk.models.KbAnswer.countDocuments({ sourceTickets: ticket.number })).toBe(1);

    // The department supervisor is told, with a Publish button.
    await t.idle();
    const notice = await waitFor(() =>
      t.stub
        .dmsTo(PEOPLE.techSupervisor)
        .find((m) => m.text.includes('draft answer') && m.text.includes(ticket.number)),
    );
    expect(buttons(notice)).toContain(KB_ACTION.publish);

    // Agents do not see drafts.
    const search = await ask(PEOPLE.agentEn, 'kb receipt printer');
    expect(search.text).toContain('No answer matches');
    // No words: how to use it.
    expect((await ask(PEOPLE.agentEn, 'kb')).text).toContain('/ticket kb &lt;words&gt;');
  });

  it('publishes once for the department supervisor, even when clicked twice; others are refused', async () => {
    const desk = t.running.desk;
    const notice = t.stub.dmsTo(PEOPLE.techSupervisor).find((m) => buttons(m).includes(KB_ACTION.publish))!;
    // A supervisor of another department is refused.
    await t.driver.clickButton({ user: PEOPLE.csSupervisor, actionId: KB_ACTION.publish, message: notice });
    await t.idle();
    expect(lastEphemeral(t, PEOPLE.csSupervisor)).toContain('只有技术支持主管可以执行此操作'); // zh-CN locale
    expect((await desk.models.KbAnswer.findById(answerId).lean())!.status).toBe('draft');

    const before = (await desk.models.KbAnswer.findById(answerId).lean())!.version;
    await Promise.all([
      t.driver.clickButton({ user: PEOPLE.techSupervisor, actionId: KB_ACTION.publish, message: notice }),
      t.driver.clickButton({ user: PEOPLE.techSupervisor, actionId: KB_ACTION.publish, message: notice }),
    ]);
    await t.idle();
    const after = (await desk.models.KbAnswer.findById(answerId).lean())!;
    expect(after.status).toBe('published');
    expect(after.version).toBe(before + 1);
    const said = t.stub.ephemeralsTo(PEOPLE.techSupervisor).map((e) => e.text ?? '');
    expect(said.filter((s) => s.startsWith('✅ Published'))).toHaveLength(1);
    expect(said.filter((s) => s.includes('already published'))).toHaveLength(1);
  });

  it('suggests the published answer at intake for a similar English description', async () => {
    const intake = await openIntake(PEOPLE.agentEn);
    await t.driver.blockAction({
      user: PEOPLE.agentEn,
      actionId: KB_ACTION.find,
      viewId: intake.id,
      values: { [INTAKE_FIELD.description]: 'The receipt printer in our store prints blank pages' },
    });
    await t.idle();
    const updated = textOf(t.stub.view(intake.id)?.blocks);
    expect(updated).toContain('Suggested answers');
    expect(updated).toContain('Receipt printer prints blank pages');
    // The form is still the intake form (inputs kept, can still be submitted).
    expect(t.stub.view(intake.id)?.callback_id).toBe('ticket_intake');
  });

  it('adds a Chinese answer directly (supervisor), suggests it for a Chinese description, and records a deflection', async () => {
    const desk = t.running.desk;
    // An agent may not add answers directly.
    await ask(PEOPLE.agentEn, 'kb new');
    await t.idle();
    expect(lastEphemeral(t, PEOPLE.agentEn)).toContain('Only supervisors can add answers');

    await t.driver.command('kb new', { user: PEOPLE.techSupervisor, channel: CHANNELS.frontDesk });
    const form = await waitFor(() => {
      const v = t.stub.openModal(PEOPLE.techSupervisor);
      return v?.callback_id === KB_CALLBACK.answer ? v : undefined;
    });
    // A category of another department is refused with a field error.
    const wrong = await t.driver.submitView({
      user: PEOPLE.techSupervisor,
      viewId: form.id,
      values: {
        [KB_FIELD.question]: '会员积分怎么查询？',
        [KB_FIELD.body]: '在APP“我的-积分”页面可以查看积分明细。',
        [KB_FIELD.category]: 'customer_care',
        [KB_FIELD.languages]: ['zh-CN'],
      },
    });
    expect(wrong.outcome.action).toBe('errors');
    expect(JSON.stringify(wrong.body)).toContain(KB_FIELD.category);
    const ok = await t.driver.submitView({
      user: PEOPLE.techSupervisor,
      viewId: form.id,
      values: {
        [KB_FIELD.question]: '扫码枪无法识别条码怎么办？',
        [KB_FIELD.body]: '请先检查扫码枪的连接线，再重新配对蓝牙；仍无法识别时请更换扫码枪。',
        [KB_FIELD.steps]: '1. 检查连接线\n2. 重新配对蓝牙',
        [KB_FIELD.category]: 'functional_fault',
        [KB_FIELD.keywords]: '扫码枪, 条码',
        [KB_FIELD.languages]: ['zh-CN'],
      },
    });
    expect(ok.outcome.action).toBe('update');
    const zhAnswer = await desk.models.KbAnswer.findOne({ question: '扫码枪无法识别条码怎么办？' }).lean();
    expect(zhAnswer).toMatchObject({ status: 'published', steps: ['检查连接线', '重新配对蓝牙'] });

    const ticketsBefore = await desk.models.Ticket.countDocuments({});
    const intake = await openIntake(PEOPLE.agentZh);
    const values = {
      [INTAKE_FIELD.customerName]: '李四',
      [INTAKE_FIELD.phone]: '13900001111',
      [INTAKE_FIELD.contactChannel]: 'store',
      [INTAKE_FIELD.category]: 'functional_fault',
      [INTAKE_FIELD.description]: '门店的扫码枪扫不出条码，收银很慢',
    };
    await t.driver.blockAction({ user: PEOPLE.agentZh, actionId: KB_ACTION.find, viewId: intake.id, values });
    await t.idle();
    const suggested = t.stub.view(intake.id)!;
    expect(textOf(suggested.blocks)).toContain('推荐答案');
    expect(textOf(suggested.blocks).replace(/[\u200b*]/g, '')).toContain('❓ 扫码枪无法识别条码怎么办？');
    // Highlighted match.
    expect(textOf(suggested.blocks)).toContain('*扫码枪*');

    await t.driver.blockAction({
      user: PEOPLE.agentZh,
      actionId: KB_ACTION.deflect,
      blockId: 'kb_suggest_act_0',
      viewId: intake.id,
      values,
    });
    await t.idle();
    const done = textOf(t.stub.view(intake.id)?.blocks);
    expect(done).toContain('已记录为“知识库解答”');
    const deflection = await desk.models.KbDeflection.findOne({}).lean();
    expect(deflection).toMatchObject({
      status: 'closed',
      kind: 'deflected',
      contactChannelId: 'store',
      categoryId: 'functional_fault',
      customer: { name: '李四', phone: '13900001111' },
    });
    expect(deflection!.number).toMatch(/^MD20261124\d{3}$/);
    expect(done).toContain(deflection!.number);
    // No ticket was opened; the same click again records nothing more.
    expect(await desk.models.Ticket.countDocuments({})).toBe(ticketsBefore);
    const again = await recordDeflection(desk, {
      by: PEOPLE.agentZh,
      viewId: intake.id,
      answerId: String(zhAnswer!._id),
      contactChannelId: 'store',
      customer: {},
      description: '',
    });
    expect(again).toMatchObject({ ok: true, again: true, number: deflection!.number });
    expect(await desk.models.KbDeflection.countDocuments({})).toBe(1);
    expect((await desk.models.KbAnswer.findById(zhAnswer!._id).lean())!.uses).toBe(1);
  });
});

describe('answers for the claimer and in a junior owner’s nudge', () => {
  it('shows the claimer answers that may help, and the nudge DM shows them with Ask for help', async () => {
    const desk = t.running.desk;
    const ticket = await openSeeded(t);
    await desk.models.Ticket.updateOne(
      { _id: ticket._id },
      { $set: { description: 'The receipt printer at the till prints blank pages since this morning' } },
    );
    const card = await expectCardCurrent(t, ticket);
    await click(t, PEOPLE.techMember2, ACTION.claim, card);
    const shown = await waitFor(() =>
      t.stub.ephemeralsTo(PEOPLE.techMember2).find((e) => e.text?.includes('Answers that may help')),
    );
    expect(textOf(shown.blocks)).toContain('Receipt printer prints blank pages');
    expect(JSON.stringify(shown.blocks)).toContain(KB_ACTION.show);

    // Three working days without progress: the nudge job DMs the (junior) owner, with the answers.
    await desk.models.Ticket.updateOne(
      { _id: ticket._id },
      {
        $set: {
          claimedAt: new Date('2026-11-19T02:00:00Z'),
          lastProgressAt: new Date('2026-11-19T02:00:00Z'),
        },
      },
    );
    await runJob(desk, 'nudge', { now: new Date('2026-11-24T03:00:00Z') });
    await t.idle();
    const dm = await waitFor(() =>
      t.stub.dmsTo(PEOPLE.techMember2).find((m) => textOf(m.blocks).includes('Answers that may help')),
    );
    const text = textOf(dm.blocks);
    expect(text).toContain('Receipt printer prints blank pages');
    expect(text).toContain('Ask for help');
    expect(buttons(dm)).toContain(ACTION.askHelp);
  });
});

describe('/ticket kb', () => {
  it('ranks an exact keyword above a partial match, published above draft, and never shows retired', async () => {
    const desk = t.running.desk;
    const base = { phrasings: [], steps: [], languages: ['en'], categoryId: 'after_sales' };
    await createAnswer(
      desk,
      PEOPLE.afterSalesSupervisor,
      {
        ...base,
        question: 'How long does the warranty last?',
        body: 'Two years from delivery.',
        keywords: ['warranty'],
      },
      { publish: true },
    );
    await createAnswer(
      desk,
      PEOPLE.afterSalesSupervisor,
      {
        ...base,
        question: 'Lost card replacement',
        body: 'Order a replacement card in the app.',
        keywords: ['replacement'],
      },
      { publish: true },
    );
    await createAnswer(desk, PEOPLE.afterSalesSupervisor, {
      ...base,
      question: 'Warranty card lost: what now?',
      body: 'A lost warranty card is no problem: the order is the proof.',
      keywords: ['warranty card'],
    });
    const retired = await createAnswer(
      desk,
      PEOPLE.afterSalesSupervisor,
      {
        ...base,
        question: 'Warranty card lost (old)',
        body: 'Outdated answer about the warranty card.',
        keywords: ['warranty'],
      },
      { publish: true },
    );
    expect((await retireAnswer(desk, PEOPLE.afterSalesSupervisor, retired.id)).ok).toBe(true);

    const agent = await ask(PEOPLE.agentEn, 'kb warranty card lost');
    expect(questions(agent.blocks)).toEqual([
      '1. How long does the warranty last?',
      '2. Lost card replacement',
    ]);
    expect(textOf(agent.blocks)).toContain('*warranty*');

    const supervisor = await ask(PEOPLE.afterSalesSupervisor, 'kb warranty card lost');
    expect(questions(supervisor.blocks)).toEqual([
      '1. How long does the warranty last?',
      '2. Lost card replacement',
      '3. Warranty card lost: what now? _(📝 draft)_',
    ]);
    expect(textOf(supervisor.blocks)).not.toContain('(old)');
    expect(JSON.stringify(supervisor.blocks)).toContain(KB_ACTION.publish);

    // Edits are conditional on the version read, and only for the answer's department's supervisors.
    const draft = await t.running.desk.models.KbAnswer.findOne({
      question: 'Warranty card lost: what now?',
    }).lean();
    const stale = await editAnswer(
      desk,
      PEOPLE.afterSalesSupervisor,
      String(draft!._id),
      draft!.version + 5,
      {
        question: 'Stale edit',
        phrasings: [],
        body: 'This edit was made on an old copy.',
        steps: [],
        categoryId: 'after_sales',
        keywords: [],
        languages: ['en'],
      },
    );
    expect(stale).toEqual({ ok: false, reason: 'conflict' });
    const other = await editAnswer(desk, PEOPLE.techSupervisor, String(draft!._id), draft!.version, {
      question: 'Not mine',
      phrasings: [],
      body: 'A supervisor of another department.',
      steps: [],
      categoryId: 'after_sales',
      keywords: [],
      languages: ['en'],
    });
    expect(other).toEqual({ ok: false, reason: 'not_supervisor' });
    expect((await t.running.desk.models.KbAnswer.findById(draft!._id).lean())!.question).toBe(
      'Warranty card lost: what now?',
    );
  });

  it('pages the results and shows an answer in full, counting the use', async () => {
    const desk = t.running.desk;
    for (let i = 1; i <= 7; i++)
      await createAnswer(
        desk,
        PEOPLE.relationsSupervisor,
        {
          question: `Gadget question ${i}`,
          phrasings: [],
          body: `Gadget answer number ${i} for the customer.`,
          steps: [],
          categoryId: 'customer_care',
          keywords: [],
          languages: ['en'],
        },
        { publish: true },
      );
    const res = await t.driver.command('kb gadget', { user: PEOPLE.agentEn, channel: CHANNELS.frontDesk });
    const first = await waitFor(() =>
      t.stub.ephemeralsTo(PEOPLE.agentEn).find((e) => e.text?.includes('gadget')),
    );
    expect(res.status).toBe(200);
    expect(questions(first.blocks)).toHaveLength(5);
    expect(textOf(first.blocks)).toContain('Page 1 of 2');
    await click(t, PEOPLE.agentEn, KB_ACTION.page, { channel: first.channel, ts: first.message_ts });
    const second = await waitFor(() =>
      t.stub.ephemeralsTo(PEOPLE.agentEn).find((e) => textOf(e.blocks).includes('Page 2 of 2')),
    );
    expect(questions(second.blocks)).toHaveLength(2);

    const show = await waitFor(() => {
      const b = (second.blocks ?? []) as { type: string; block_id?: string }[];
      return b.find((x) => x.type === 'actions' && x.block_id === 'kb_hit_6');
    });
    await t.driver.clickButton({
      user: PEOPLE.agentEn,
      actionId: KB_ACTION.show,
      blockId: show.block_id!,
      message: { channel: second.channel, ts: second.message_ts },
    });
    await t.idle();
    const full = t.stub.ephemeralsTo(PEOPLE.agentEn).at(-1)!;
    expect(textOf(full.blocks)).toMatch(/Gadget answer number \d for the customer\./);
    expect(await desk.models.KbEvent.countDocuments({ kind: 'answer_used' })).toBeGreaterThanOrEqual(1);
  });

  it('finds the seeded bilingual answers', async () => {
    const zh = await ask(PEOPLE.agentZh, 'kb 退款什么时候到账');
    expect(questions(zh.blocks)[0]).toBe('1. 退款什么时候到账？');
    const en = await ask(PEOPLE.agentEn, 'kb payment failed');
    expect(questions(en.blocks)[0]).toBe('1. 支付失败怎么办？');
  });
});

describe('standard replies', () => {
  it('fills a reply with the ticket’s values for its owner and counts the use', async () => {
    const desk = t.running.desk;
    const ticket = await openSeeded(t);
    expect((await claimTicket(desk, { ticketId: ticket._id, by: PEOPLE.techMember })).ok).toBe(true);
    await t.idle();
    const card = await expectCardCurrent(t, ticket);
    expect(buttons(card)).toContain(KB_ACTION.reply);

    await click(t, PEOPLE.techMember2, KB_ACTION.reply, card);
    expect(lastEphemeral(t, PEOPLE.techMember2)).toContain('Only the owner');

    await click(t, PEOPLE.techMember, KB_ACTION.reply, card);
    const modal = await waitFor(() => {
      const v = t.stub.openModal(PEOPLE.techMember);
      return v?.callback_id === KB_CALLBACK.reply ? v : undefined;
    });
    await t.driver.blockAction({
      user: PEOPLE.techMember,
      actionId: KB_ACTION.replyPick,
      viewId: modal.id,
      value: 'payment_received',
    });
    await t.idle();
    const filled = textOf(t.stub.view(modal.id)?.blocks);
    const doc = await stored(t, ticket);
    expect(filled).toContain(`Dear Li Lei, your payment problem is being handled (${doc.number}).`);
    expect(filled).toContain('Our engineer techMember is investigating');
    expect(filled).toMatch(/by 2026-11-2\d \d\d:\d\d\./);
    expect(filled).not.toContain('{');
    expect(
      await desk.models.KbEvent.countDocuments({ kind: 'reply_used', replyId: 'payment_received' }),
    ).toBe(1);
    // Only the replies for the ticket's category are offered.
    expect(JSON.stringify(t.stub.view(modal.id)?.blocks)).not.toContain('complaint_ack');
  });
});

describe('weekly report', () => {
  it('counts deflections and lists knowledge gaps', async () => {
    const desk = t.running.desk;
    // Three customer-care tickets this week about a topic no published answer covers.
    for (let i = 0; i < 3; i++)
      await openTicket(desk, {
        intake: sampleIntake({
          category: 'customer_care',
          requestType: 'care',
          description: `会员积分第${i + 1}次没有到账，客户询问积分规则`,
          keywords: ['会员积分'],
        }),
        openedBy: PEOPLE.agentZh,
        intakeKey: `kb-gap-${i}`,
      });
    await t.idle();
    // The only customer-care answers are the gadget ones (drafts would not count): retire them.
    const gadgets = await desk.models.KbAnswer.find({ categoryId: 'customer_care' }).lean();
    for (const g of gadgets) await retireAnswer(desk, PEOPLE.relationsSupervisor, String(g._id));

    t.stub.reset();
    await runJob(desk, 'digest', { now: new Date('2026-11-30T02:00:00Z') }); // Monday: weekly report
    await t.idle();
    const report = await waitFor(() =>
      t.stub.dmsTo(PEOPLE.director).find((m) => textOf(m.blocks).includes('Knowledge base')),
    );
    const text = textOf(report.blocks);
    const opened = await desk.models.Ticket.countDocuments({});
    expect(text).toContain(
      `Deflection: 1 requests answered from the knowledge base, ${opened} tickets opened`,
    );
    expect(text).toMatch(
      /Knowledge gaps, categories with many tickets and no published answer: Customer care \(3\)/,
    );
    expect(text).toContain('会员积分 (3)');
    expect(text).toContain('扫码枪无法识别条码怎么办？ (1)');
  });
});

describe('App Home and the monthly review', () => {
  it('shows the knowledge base in App Home, with the drafts waiting for a supervisor and New answer', async () => {
    const desk = t.running.desk;
    await createAnswer(desk, PEOPLE.techMember, {
      question: 'Card reader beeps twice',
      phrasings: [],
      body: 'Clean the card reader contacts and restart it.',
      steps: [],
      categoryId: 'functional_fault',
      keywords: [],
      languages: ['en'],
    });
    const open = async (user: string) => {
      await t.driver.event({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home' });
      return waitFor(() => {
        const v = t.stub.homeView(user);
        return v && textOf(v.blocks).includes('Knowledge base') ? v : undefined;
      });
    };
    const published = await desk.models.KbAnswer.countDocuments({ status: 'published' });
    const sup = await open(PEOPLE.techSupervisor);
    const text = textOf(sup.blocks);
    expect(text).toContain(`(${published} published answers)`);
    expect(text).toContain('1 draft answers');
    expect(text).toContain('Card reader beeps twice');
    const agent = await open(PEOPLE.agentEn);
    expect(textOf(agent.blocks)).not.toContain('draft answers');
    expect(JSON.stringify(agent.blocks)).not.toContain(KB_ACTION.newAnswer);

    await t.driver.clickButton({
      user: PEOPLE.techSupervisor,
      actionId: KB_ACTION.newAnswer,
      viewId: sup.id,
    });
    await t.idle();
    expect(t.stub.openModal(PEOPLE.techSupervisor)?.callback_id).toBe(KB_CALLBACK.answer);
    t.stub.closeModal(PEOPLE.techSupervisor);
  });

  it('adds answer growth to the monthly review', async () => {
    const desk = t.running.desk;
    t.stub.reset();
    await runJob(desk, 'digest', { now: new Date('2026-12-01T02:00:00Z') }); // Tuesday 1 December: monthly
    await t.idle();
    const report = await waitFor(() =>
      t.stub.dmsTo(PEOPLE.director).find((m) => textOf(m.blocks).includes('Answer growth')),
    );
    const from = new Date('2026-10-31T16:00:00Z');
    const to = new Date('2026-11-30T16:00:00Z');
    const added = await desk.models.KbAnswer.countDocuments({ createdAt: { $gte: from, $lt: to } });
    const published = await desk.models.KbAnswer.countDocuments({ publishedAt: { $gte: from, $lt: to } });
    expect(added).toBeGreaterThan(10);
    expect(textOf(report.blocks)).toContain(
      `Answer growth: ${added} added, ${published} published this month`,
    );
  });
});
