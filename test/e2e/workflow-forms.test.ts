/**
 * Issue 18, the handling forms: each shows the customer's need, the time left (or late) against the
 * resolution due time and the last update at the top; the progress stage defaults to the current
 * one; a planned date after the resolution deadline is refused with the deadline shown, in English
 * and in Chinese, and nothing changes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, CALLBACK, PROGRESS_FIELD, RESOLVE_FIELD, TRANSFER_FIELD } from '../../blocks/ids.ts';
import { openTicket, publishNewTicket } from '../../src/tickets/open-ticket.ts';
import { startTestDesk, type TestDesk } from '../harness/app.ts';
import type { StoredView } from '../harness/slack-stub.ts';
import { click, currentCard, openSeeded, PEOPLE, sampleIntake, stored } from './workflow-fixtures.ts';

let t: TestDesk;
beforeAll(async () => {
  t = await startTestDesk('workflow-forms');
});
beforeEach(() => {
  t.clock.set('2026-11-24T02:00:00Z'); // Tuesday 10:00 in Shanghai
});
afterAll(async () => {
  await t?.stop();
});

type Block = { block_id?: string; type: string; element?: Record<string, unknown> };
const contextOf = (v: StoredView | undefined) =>
  JSON.stringify((v?.blocks as Block[] | undefined)?.find((b) => b.block_id === 'workflow_context') ?? null);
const initialStage = (v: StoredView | undefined) =>
  (
    (v?.blocks as Block[] | undefined)?.find((b) => b.block_id === PROGRESS_FIELD.stage)?.element
      ?.initial_option as { value?: string } | undefined
  )?.value;

async function openForm(user: string, action: string, ticket: { _id: unknown }, callback: string) {
  const card = await currentCard(t, ticket as never);
  await click(t, user, action, card);
  const view = t.stub.openModal(user);
  expect(view?.callback_id).toBe(callback);
  return view!;
}

describe('the handling forms (issue 18)', () => {
  it('show need, time left and last update; the stage defaults to the current one', async () => {
    const ticket = await openSeeded(t);
    await click(t, PEOPLE.techMember, ACTION.claim, await currentCard(t, ticket));

    // P2 fault opened Tuesday 10:00: resolution due Thursday 10:00, 48 h left.
    const first = await openForm(PEOPLE.techMember, ACTION.progress, ticket, CALLBACK.progress);
    expect(contextOf(first)).toContain('*Need:* refund');
    expect(contextOf(first)).toContain('Resolution due <!date^');
    expect(contextOf(first)).toContain('2d left');
    expect(contextOf(first)).toContain('No progress update yet');
    expect(contextOf(first)).not.toContain(':red_circle:');
    // No stage yet: the first one.
    expect(initialStage(first)).toBe('review');
    const res = await t.driver.submitView({
      user: PEOPLE.techMember,
      values: {
        [PROGRESS_FIELD.stage]: 'executing',
        [PROGRESS_FIELD.note]: 'Coupon service patched on staging',
      },
    });
    expect(res.outcome.action).toBe('closed');
    await t.idle();

    // Three hours later: the last update and the current stage.
    t.clock.set('2026-11-24T05:00:00Z');
    const again = await openForm(PEOPLE.techMember, ACTION.progress, ticket, CALLBACK.progress);
    expect(initialStage(again)).toBe('executing');
    expect(contextOf(again)).toContain(
      `by <@${PEOPLE.techMember}>: Executing. Coupon service patched on staging`,
    );
    expect(contextOf(again)).toContain('1d 21h left');
    // Every handling form carries the same context (transfer, resolve).
    await t.driver.closeView({ user: PEOPLE.techMember });
    const transfer = await openForm(PEOPLE.techMember, ACTION.transfer, ticket, CALLBACK.transfer);
    expect(contextOf(transfer)).toContain('*Need:* refund');
    expect(transfer.blocks.some((b) => (b as Block).block_id === TRANSFER_FIELD.department)).toBe(true);
    await t.driver.closeView({ user: PEOPLE.techMember });
    // Past the deadline: late, in red.
    t.clock.set('2026-11-26T03:30:00Z');
    const late = await openForm(PEOPLE.techMember, ACTION.resolve, ticket, CALLBACK.resolve);
    expect(contextOf(late)).toContain(':red_circle: Resolution due');
    expect(contextOf(late)).toContain('late by 1h 30m');
    expect(late.blocks.some((b) => (b as Block).block_id === RESOLVE_FIELD.summary)).toBe(true);
    await t.driver.closeView({ user: PEOPLE.techMember });
  });

  it('refuses a planned date after the resolution deadline, showing the deadline, and changes nothing (en)', async () => {
    const ticket = await openSeeded(t);
    await click(t, PEOPLE.techMember, ACTION.claim, await currentCard(t, ticket));
    const before = await stored(t, ticket);
    await openForm(PEOPLE.techMember, ACTION.progress, ticket, CALLBACK.progress);
    const values = {
      [PROGRESS_FIELD.stage]: 'solution_design',
      [PROGRESS_FIELD.note]: 'Plan: patch the coupon service',
      [PROGRESS_FIELD.nextStep]: 'Patch and deploy',
    };
    const res = await t.driver.submitView({
      user: PEOPLE.techMember,
      values: { ...values, [PROGRESS_FIELD.plannedDate]: '2026-11-27' },
    });
    expect(res.outcome.action).toBe('errors');
    expect(res.outcome.errors?.[PROGRESS_FIELD.plannedDate]).toBe(
      'This date is after the resolution deadline, 2026-11-26 10:00. Plan to finish by then, or escalate the ticket.',
    );
    await t.idle();
    const after = await stored(t, ticket);
    expect(after.version).toBe(before.version);
    expect(after.progress?.stage ?? null).toBe(before.progress?.stage ?? null);
    // The deadline's own day is accepted.
    const ok = await t.driver.submitView({
      user: PEOPLE.techMember,
      values: { ...values, [PROGRESS_FIELD.plannedDate]: '2026-11-26' },
    });
    expect(ok.outcome.action).toBe('closed');
    await t.idle();
    expect((await stored(t, ticket)).progress?.plannedDate).toBe('2026-11-26');
  });

  it('refuses it in Chinese for a Chinese-speaking handler', async () => {
    const desk = t.running.desk;
    const { ticket } = await openTicket(desk, {
      intake: sampleIntake({
        category: 'service_experience',
        requestType: 'complaint',
        desiredOutcome: '道歉并退款',
      }),
      openedBy: PEOPLE.agentZh,
      intakeKey: `forms-zh-${Date.now()}`,
    });
    await publishNewTicket(desk, ticket);
    await t.idle();
    await click(t, PEOPLE.csSupervisor, ACTION.claim, await currentCard(t, ticket));
    const view = await openForm(PEOPLE.csSupervisor, ACTION.progress, ticket, CALLBACK.progress);
    expect(contextOf(view)).toContain('*诉求：*道歉并退款');
    expect(contextOf(view)).toContain('解决截止');
    expect(contextOf(view)).toContain('尚无进展更新');
    const due = (await stored(t, ticket)).resolutionDueAt;
    const res = await t.driver.submitView({
      user: PEOPLE.csSupervisor,
      values: {
        [PROGRESS_FIELD.stage]: 'review',
        [PROGRESS_FIELD.note]: '已联系客户了解情况',
        [PROGRESS_FIELD.plannedDate]: '2026-12-31',
      },
    });
    expect(res.outcome.errors?.[PROGRESS_FIELD.plannedDate]).toContain('该日期晚于解决截止时间（');
    // Service experience is P2: 48 h, Thursday 10:00 local.
    expect(due.toISOString()).toBe('2026-11-26T02:00:00.000Z');
    expect(res.outcome.errors?.[PROGRESS_FIELD.plannedDate]).toContain('2026-11-26 10:00');
    expect((await stored(t, ticket)).progress?.stage ?? null).toBe(null);
  });
});
