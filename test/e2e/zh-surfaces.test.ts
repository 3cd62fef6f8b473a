/**
 * Everything the running desk sends a Chinese-speaking team, checked for the zh-CN copy rule
 * (full-width ：（） next to Chinese; test/harness/zh-punctuation.ts). Every person's Slack locale is
 * zh-CN and the organisation's language is zh-CN; a ticket goes through its life as people and jobs
 * drive it (intake form, card, claim, progress, overdue notices, resolution, follow-up, survey form,
 * digests, App Home, /ticket commands), and every payload the app sent Slack is scanned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, CALLBACK, PROGRESS_FIELD, RESOLVE_FIELD } from '../../blocks/ids.ts';
import { runJob } from '../../jobs/runner.ts';
import {
  BOT_TOKEN,
  CHANNELS,
  PEOPLE,
  startTestDesk,
  type TestDesk,
  testChannels,
  testUsers,
} from '../harness/app.ts';
import { submitIntake } from '../harness/intake.ts';
import { startSlackStub, waitFor } from '../harness/slack-stub.ts';
import { punctuationProblems, stringsIn } from '../harness/zh-punctuation.ts';
import { click, currentCard, stored } from './workflow-fixtures.ts';

let t: TestDesk;

beforeAll(async () => {
  const stub = await startSlackStub({
    botToken: BOT_TOKEN,
    users: testUsers().map((u) => ({ ...u, locale: 'zh-CN' })),
    channels: testChannels(),
    teamDomain: 'acme',
  });
  t = await startTestDesk('zh-surfaces', {
    stub,
    config: (cfg) => {
      cfg.organisation.defaultLanguage = 'zh-CN';
      cfg.jobs.channelPaceMs = 0;
    },
  });
});
afterAll(async () => {
  await t?.stop();
  await t?.stub.stop();
});

async function jobAt(job: string, iso: string) {
  t.clock.set(iso);
  await runJob(t.running.desk, job, { now: new Date(iso) });
  await t.idle();
}

async function submit(user: string, callbackId: string, values: Record<string, string | string[]>) {
  expect(t.stub.openModal(user)?.callback_id).toBe(callbackId);
  const res = await t.driver.submitView({ user, values });
  expect(res.status).toBe(200);
  await t.idle();
}

describe('what a Chinese-speaking team sees', () => {
  it('uses full-width punctuation next to Chinese on every surface of a ticket’s life', async () => {
    // Intake: /ticket, the form, submitted (Tuesday 10:00 in Shanghai).
    t.clock.set('2026-11-24T02:00:00Z');
    await t.driver.command('', { user: PEOPLE.agentZh, channel: CHANNELS.frontDesk });
    await waitFor(() => t.stub.openModal(PEOPLE.agentZh));
    const submitted = await submitIntake(t.driver, t.stub, {
      user: PEOPLE.agentZh,
      values: {
        customer_name: '王小明',
        customer_id: 'C20240501001',
        customer_phone: '13812345678',
        contact_channel: 'website',
        request_type: 'service_request',
        category: 'functional_fault',
        description: 'APP无法登录。今天14:30起所有用户在APP登录时都提示密码错误，无法下单。',
        desired_outcome: '今天内恢复客户登录',
        urgency: 'normal',
        impact: 'partial',
      },
    });
    expect(submitted.result).toBe('created');
    await t.idle();
    const doc = await t.running.desk.models.Ticket.findOne({}).sort({ _id: -1 });
    if (!doc) throw new Error('no ticket stored');
    await waitFor(async () => (await stored(t, doc)).card?.ts);

    // The department: claim, a progress update.
    t.clock.set('2026-11-24T02:30:00Z');
    await click(t, PEOPLE.techMember, ACTION.claim, await currentCard(t, doc));
    await click(t, PEOPLE.techMember, ACTION.progress, await currentCard(t, doc));
    await submit(PEOPLE.techMember, CALLBACK.progress, {
      [PROGRESS_FIELD.stage]: 'executing',
      [PROGRESS_FIELD.note]: '已重启会话服务，正在观察登录情况。',
      [PROGRESS_FIELD.nextStep]: '与客户确认',
      [PROGRESS_FIELD.plannedDate]: '2026-11-25',
    });
    await click(t, PEOPLE.techMember, ACTION.details, await currentCard(t, doc));

    // The jobs, days later: stale-ticket nudges, service-level and clock notices, the cards job.
    await jobAt('nudge', '2026-11-26T02:00:00Z');
    await jobAt('sla', '2026-11-26T05:00:00Z');
    await jobAt('clocks', '2026-11-26T05:05:00Z');
    await jobAt('cards', '2026-11-26T05:10:00Z');

    // Resolution, the result notice and the satisfaction follow-up, the survey form.
    t.clock.set('2026-11-26T06:00:00Z');
    await click(t, PEOPLE.techMember, ACTION.resolve, await currentCard(t, doc));
    await submit(PEOPLE.techMember, CALLBACK.resolve, {
      [RESOLVE_FIELD.summary]: '会话服务已修复，客户已能登录',
      [RESOLVE_FIELD.type]: 'fix',
    });
    expect((await stored(t, doc)).status).toBe('resolved');
    await jobAt('followup', '2026-11-27T02:00:00Z');
    await jobAt('clocks', '2026-11-27T06:30:00Z');

    // Supervisors' digests (daily on a working day; the weekly report on Monday), App Home, commands.
    await jobAt('digest', '2026-11-27T01:00:00Z');
    await jobAt('digest', '2026-11-30T01:00:00Z');
    for (const user of [PEOPLE.agentZh, PEOPLE.techMember, PEOPLE.techSupervisor, PEOPLE.director]) {
      await t.driver.event({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home' });
      await waitFor(() => t.stub.homeView(user), 10_000, `${user}'s App Home`);
    }
    for (const text of ['mine', `show ${doc.number}`, '搜索 登录', `search ${doc.number}`, 'help']) {
      await t.driver.command(text, { user: PEOPLE.techSupervisor, channel: CHANNELS.tech });
    }
    await t.idle();

    // What was sent: enough Chinese to make the check meaningful, and no half-width : ( ) next to it.
    const sent = [...t.stub.calls.map((c) => c.args), ...t.stub.responses.map((r) => r.body)];
    const chinese = stringsIn(sent).filter((s) => /[\u4e00-\u9fff]/.test(s));
    expect(chinese.length).toBeGreaterThan(50);
    const methods = new Set(t.stub.calls.map((c) => c.method));
    for (const m of ['chat.postMessage', 'chat.update', 'views.open', 'views.publish'])
      expect(methods).toContain(m);
    expect([...new Set(punctuationProblems(sent))]).toEqual([]);
  });
});
