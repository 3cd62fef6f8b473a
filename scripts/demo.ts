/**
 * npm run demo: starts the real app against the Slack stand-in and the test database, plays a
 * scripted walk-through as Slack users would, and prints what each Slack surface shows.
 */
import { CHANNELS, PEOPLE, startTestDesk, type TestDesk } from '../test/harness/app.ts';
import { startTestMongo } from '../test/harness/mongo.ts';
import { waitFor } from '../test/harness/slack-stub.ts';
import { renderBlocks } from './render.ts';

const say = (title: string) => console.log(`\n\x1b[1m▶ ${title}\x1b[0m`);

function show(label: string, blocks: unknown, text?: string) {
  console.log(`  ${label}`);
  console.log(blocks ? renderBlocks(blocks, '    ') : `    ${text ?? ''}`);
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
      await t.driver.submitView({
        user: PEOPLE.agentZh,
        values: {
          customer_name: '王小明',
          customer_id: 'C20240501001',
          customer_phone: '13812345678',
          contact_channel: 'app',
          request_type: 'service_request',
          category: 'functional_fault',
          desired_outcome: '尽快恢复支付，退还重复扣款',
          urgency: 'urgent',
          impact: 'blocking',
          keywords: '支付, 优惠券, APP',
        },
      });
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
];

async function main() {
  const mongo = await startTestMongo();
  const t = await startTestDesk('demo', { mongoUri: `${mongo.uri}/demo_${Date.now()}` });
  console.log(
    `Service desk demo: app on ${t.url}, Slack stand-in on ${t.stub.url}, MongoDB (${mongo.kind}) on ${mongo.uri}`,
  );
  const state: DemoState = {};
  try {
    for (const step of steps) {
      say(step.title);
      await step.run(t, state);
    }
    console.log('\nDemo finished.');
  } finally {
    await t.running.db.connection.dropDatabase().catch(() => undefined);
    await t.stop();
    await mongo.stop();
  }
}

await main();
