/**
 * npm run demo: starts the real app against the Slack stand-in and the test database, plays a
 * scripted walk-through as Slack users would, and prints what each Slack surface shows.
 */
import {
  ACTION,
  INPUT_ACTION,
  INTAKE_FIELD,
  PROGRESS_FIELD,
  RESOLVE_FIELD,
  SURVEY_FIELD,
} from '../blocks/ids.ts';
import { runJob } from '../jobs/runner.ts';
import { CHANNELS, PEOPLE, startTestDesk, type TestDesk } from '../test/harness/app.ts';
import { submitIntake } from '../test/harness/intake.ts';
import { startTestMongo } from '../test/harness/mongo.ts';
import { waitFor } from '../test/harness/slack-stub.ts';
import { renderBlocks } from './render.ts';

const say = (title: string) => console.log(`\n\x1b[1m▶ ${title}\x1b[0m`);

function show(label: string, blocks: unknown, text?: string) {
  console.log(`  ${label}`);
  console.log(blocks ? renderBlocks(blocks, '    ') : `    ${text ?? ''}`);
}

/** A form submission as the demo makes it: a form that comes back with field errors fails the step. */
async function submitForm(t: TestDesk, user: string, values: Record<string, string | string[]>) {
  const res = await t.driver.submitView({ user, values });
  if (res.outcome.action === 'errors')
    throw new Error(`the form refused: ${JSON.stringify(res.outcome.errors)}`);
  return res;
}

export interface DemoStep {
  title: string;
  run(t: TestDesk, state: DemoState): Promise<void>;
}
export interface DemoState {
  number?: string;
}

async function rootCard(t: TestDesk, channel: string, number: string) {
  return waitFor(() =>
    t.stub
      .messages(channel)
      .find((m) => (!m.thread_ts || m.thread_ts === m.ts) && JSON.stringify(m.blocks).includes(number)),
  );
}

export const steps: DemoStep[] = [
  {
    title: 'An agent asks for help: /ticket help',
    async run(t) {
      const res = await t.driver.command('help', { user: PEOPLE.agentEn, channel: CHANNELS.frontDesk });
      const reply = await waitFor(() => t.stub.responses.find((r) => r.id === res.responseUrlId));
      show('Ephemeral reply (English):', (reply.body as { blocks?: unknown }).blocks);
    },
  },
  {
    title: 'A Chinese-speaking agent types /ticket APP 支付失败… and fills the intake form',
    async run(t, state) {
      t.clock.set('2026-11-20T16:55:00+08:00');
      await t.driver.command('今天14:30起，客户在APP用优惠券支付订单DD20240315001时一直提示“无效”', {
        user: PEOPLE.agentZh,
        channel: CHANNELS.frontDesk,
      });
      const view = await waitFor(() => t.stub.openModal(PEOPLE.agentZh));
      show('Modal:', view.blocks);
      const submitted = await submitIntake(t.driver, t.stub, {
        user: PEOPLE.agentZh,
        values: {
          customer_name: '王小明',
          customer_id: 'C20240501001',
          customer_phone: '13812345678',
          contact_channel: 'app',
          request_type: 'service_request',
          category: 'functional_fault',
          subject: 'APP优惠券支付提示无效',
          desired_outcome: '尽快恢复支付，退还重复扣款',
          urgency: 'urgent',
          impact: 'blocking',
          keywords: '支付, 优惠券, APP',
        },
      });
      // The form answers "saving" at once, then says "created" once the ticket is stored (then closed with Done).
      if (submitted.view) show('The form, once stored:', submitted.view.blocks);
      await t.idle();
      const ticket = await t.running.desk.models.Ticket.findOne({}).sort({ openedAt: -1 });
      state.number = ticket!.number;
      const card = await rootCard(t, CHANNELS.tech, state.number);
      show(`Card in #tech (${CHANNELS.tech}), customer masked:`, card.blocks);
      for (const r of t.stub.threadReplies(CHANNELS.tech, card.ts)) show('Thread reply:', r.blocks, r.text);
      for (const dm of t.stub.dmsTo(PEOPLE.agentZh)) show('DM to the agent:', dm.blocks, dm.text);
      for (const dm of t.stub.dmsTo(PEOPLE.techSupervisor))
        show('DM to the tech supervisor (P1 emergency rule):', dm.blocks, dm.text);
    },
  },
  {
    title: 'A tech member claims it from the card',
    async run(t, state) {
      const card = await rootCard(t, CHANNELS.tech, state.number!);
      await t.driver.clickButton({
        user: PEOPLE.techMember,
        actionId: ACTION.claim,
        message: { channel: card.channel, ts: card.ts },
      });
      await t.idle();
      show('Card after the claim:', (await rootCard(t, CHANNELS.tech, state.number!)).blocks);
      const dm = t.stub.dmsTo(PEOPLE.agentZh).at(-1);
      show('DM to the agent (first-contact owner):', dm?.blocks, dm?.text);
    },
  },
  {
    title: 'The owner posts progress (Friday 16:57)',
    async run(t, state) {
      t.clock.set('2026-11-20T16:57:00+08:00');
      const card = await rootCard(t, CHANNELS.tech, state.number!);
      await t.driver.clickButton({
        user: PEOPLE.techMember,
        actionId: ACTION.progress,
        message: { channel: card.channel, ts: card.ts },
      });
      const modal = await waitFor(() => t.stub.openModal(PEOPLE.techMember));
      show('Progress modal:', modal.blocks);
      await submitForm(t, PEOPLE.techMember, {
        [PROGRESS_FIELD.stage]: 'executing',
        [PROGRESS_FIELD.note]: 'Coupon service rejects coupons issued before 14:00; fix being deployed.',
        [PROGRESS_FIELD.nextStep]: 'Deploy the fix and re-run the payment',
        [PROGRESS_FIELD.plannedDate]: '2026-11-21',
      });
      await t.idle();
      const updated = await rootCard(t, CHANNELS.tech, state.number!);
      show('Thread reply:', t.stub.threadReplies(CHANNELS.tech, updated.ts).at(-1)?.blocks);
      show('Card:', updated.blocks);
    },
  },
  {
    title: 'No progress for 2 working days: the nudge job runs on Monday 10:00 (nothing) and Tuesday 17:00',
    async run(t) {
      const monday = await runJob(t.running.desk, 'nudge', { now: new Date('2026-11-23T10:00:00+08:00') });
      console.log(`  Monday 10:00: ${monday.delivered} message(s) sent`);
      const tuesday = await runJob(t.running.desk, 'nudge', { now: new Date('2026-11-24T17:00:00+08:00') });
      console.log(`  Tuesday 17:00: ${tuesday.delivered} message(s) sent`);
      const dm = t.stub.dmsTo(PEOPLE.techMember).at(-1);
      show('DM to the owner:', dm?.blocks, dm?.text);
    },
  },
  {
    title: 'The owner resolves it; the agent is asked to tell the customer and confirms',
    async run(t, state) {
      t.clock.set('2026-11-24T17:30:00+08:00');
      const card = await rootCard(t, CHANNELS.tech, state.number!);
      await t.driver.clickButton({
        user: PEOPLE.techMember,
        actionId: ACTION.resolve,
        message: { channel: card.channel, ts: card.ts },
      });
      await waitFor(() => t.stub.openModal(PEOPLE.techMember));
      await submitForm(t, PEOPLE.techMember, {
        [RESOLVE_FIELD.summary]: 'Coupon service fixed; the customer paid the order successfully.',
        [RESOLVE_FIELD.rootCause]: 'Coupon rules were out of sync after a release.',
        [RESOLVE_FIELD.type]: 'fix',
      });
      await t.idle();
      show('Card:', (await rootCard(t, CHANNELS.tech, state.number!)).blocks);
      const dm = await waitFor(() =>
        t.stub.dmsTo(PEOPLE.agentZh).find((m) => JSON.stringify(m.blocks).includes(ACTION.customerNotified)),
      );
      show('DM to the agent:', dm.blocks, dm.text);
      await t.driver.clickButton({
        user: PEOPLE.agentZh,
        actionId: ACTION.customerNotified,
        message: { channel: dm.channel, ts: dm.ts },
      });
      await t.idle();
    },
  },
  {
    title: 'Satisfaction follow-up: next working day at 10:00 the agent gets the survey',
    async run(t, state) {
      t.clock.set('2026-11-25T10:00:00+08:00');
      await runJob(t.running.desk, 'followup', { now: t.clock.now() });
      const dm = await waitFor(() =>
        t.stub.dmsTo(PEOPLE.agentZh).find((m) => JSON.stringify(m.blocks).includes(ACTION.survey)),
      );
      show('DM to the agent:', dm.blocks, dm.text);
      await t.driver.clickButton({
        user: PEOPLE.agentZh,
        actionId: ACTION.survey,
        message: { channel: dm.channel, ts: dm.ts },
      });
      const modal = await waitFor(() => t.stub.openModal(PEOPLE.agentZh));
      show('Survey modal:', modal.blocks);
      await submitForm(t, PEOPLE.agentZh, {
        [SURVEY_FIELD.outcome]: 'reached',
        [SURVEY_FIELD.satisfaction]: 'satisfied',
        [SURVEY_FIELD.overall]: 'excellent',
        [SURVEY_FIELD.solved]: 'yes',
      });
      await t.idle();
      const ticket = await t.running.desk.models.Ticket.findOne({ number: state.number });
      console.log(
        `  Ticket ${state.number} is now: ${ticket?.status}; history: ${ticket?.history.map((h) => h.action).join(' → ')}`,
      );
    },
  },
  {
    title: 'An unclaimed ticket: the tech supervisor picks "Assign to…" on the card',
    async run(t) {
      t.clock.set('2026-11-25T11:00:00+08:00');
      await t.driver.command('', { user: PEOPLE.agentEn, channel: CHANNELS.frontDesk });
      await waitFor(() => t.stub.openModal(PEOPLE.agentEn));
      const submitted = await submitIntake(t.driver, t.stub, {
        user: PEOPLE.agentEn,
        values: {
          customer_name: 'Li Lei',
          customer_phone: '13912345678',
          contact_channel: 'website',
          request_type: 'consultation',
          category: 'functional_fault',
          description: 'Invoice PDF downloads are blank since this morning for order DD20241125002.',
          desired_outcome: 'A readable invoice by email',
          urgency: 'normal',
          impact: 'partial',
        },
      });
      if (submitted.view) show('The form, once stored (English agent):', submitted.view.blocks);
      await t.idle();
      const ticket = await t.running.desk.models.Ticket.findOne({}).sort({ openedAt: -1 });
      const card = await rootCard(t, CHANNELS.tech, ticket!.number);
      show('Unclaimed card (Claim, Assign to…, and a menu):', card.blocks);
      await t.driver.blockAction({
        user: PEOPLE.techSupervisor,
        actionId: ACTION.assignTo,
        message: { channel: card.channel, ts: card.ts },
        value: PEOPLE.techMember2,
      });
      await t.idle();
      show('Card after "Assign to…":', (await rootCard(t, CHANNELS.tech, ticket!.number)).blocks);
      const dm = t.stub.dmsTo(PEOPLE.techMember2).at(-1);
      show('DM to the assignee:', dm?.blocks, dm?.text);
    },
  },
  {
    title: 'Solved during the contact (首问解决): the agent records the answer given on the call',
    async run(t) {
      t.clock.set('2026-11-25T14:00:00+08:00');
      await t.driver.command('', { user: PEOPLE.agentZh, channel: CHANNELS.frontDesk });
      const view = await waitFor(() => t.stub.openModal(PEOPLE.agentZh));
      await t.driver.blockAction({
        user: PEOPLE.agentZh,
        actionId: INPUT_ACTION,
        blockId: INTAKE_FIELD.solvedAtContact,
        viewId: view.id,
        value: ['yes'],
        values: { [INTAKE_FIELD.solvedAtContact]: ['yes'] },
      });
      await t.idle();
      const submitted = await submitIntake(t.driver, t.stub, {
        user: PEOPLE.agentZh,
        values: {
          customer_name: '张伟',
          customer_phone: '13712345678',
          contact_channel: 'hotline',
          request_type: 'consultation',
          category: 'consultation',
          description: '客户询问会员积分的有效期以及到期前如何兑换，已在电话中说明。',
          desired_outcome: '了解积分有效期',
          urgency: 'normal',
          impact: 'none',
          [INTAKE_FIELD.solvedAtContact]: ['yes'],
          [INTAKE_FIELD.contactResult]: '已告知积分有效期为两年，可在APP“我的-积分”中兑换。',
        },
      });
      if (submitted.view) show('The form, once stored:', submitted.view.blocks);
      await t.idle();
      const ticket = await t.running.desk.models.Ticket.findOne({}).sort({ openedAt: -1 });
      console.log(`  Ticket ${ticket?.number} is ${ticket?.status} (counted in first-contact resolution).`);
    },
  },
  {
    title: 'Supervisors: the daily digest (Thursday 09:30) and the weekly digest (Monday 10:00)',
    async run(t) {
      await runJob(t.running.desk, 'digest', { now: new Date('2026-11-26T09:30:00+08:00') });
      const daily = t.stub.dmsTo(PEOPLE.techSupervisor).at(-1);
      show('Daily digest to the tech supervisor:', daily?.blocks, daily?.text);
      const before = t.stub.dmsTo(PEOPLE.director).length;
      await runJob(t.running.desk, 'digest', { now: new Date('2026-11-30T10:00:00+08:00') });
      for (const m of t.stub.dmsTo(PEOPLE.director).slice(before))
        show('To the service director:', m.blocks, m.text);
      const png = t.stub.files.at(-1);
      if (png) console.log(`  Chart uploaded: ${png.filename} (${png.bytes?.length ?? 0} bytes)`);
    },
  },
  {
    title: 'App Home: the Chinese-speaking agent, then the tech supervisor',
    async run(t) {
      for (const [user, label] of [
        [PEOPLE.agentZh, 'Home tab of the agent:'],
        [PEOPLE.techSupervisor, 'Home tab of the tech supervisor:'],
      ] as const) {
        await t.driver.event({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home' });
        const home = await waitFor(() => t.stub.homeView(user));
        show(label, home.blocks);
      }
    },
  },
];

async function main() {
  const mongo = await startTestMongo();
  const t = await startTestDesk('demo', { mongoUri: `${mongo.uri}/demo_${Date.now()}` });
  console.log(
    `Service desk demo: app on ${t.url}, Slack stand-in on ${t.stub.url}, MongoDB (${mongo.kind}) on ${mongo.uri}`,
  );
  const state: DemoState = {};
  let failed = 0;
  try {
    for (const step of steps) {
      say(step.title);
      try {
        await step.run(t, state);
      } catch (err) {
        failed++;
        console.log(`  ✗ this step failed: ${(err as Error).message}`);
      }
    }
    console.log(failed ? `\nDemo finished with ${failed} failed step(s).` : '\nDemo finished.');
    process.exitCode = failed ? 1 : 0;
  } finally {
    await t.running.db.connection.dropDatabase().catch(() => undefined);
    await t.stop();
    await mongo.stop();
  }
}

await main();
