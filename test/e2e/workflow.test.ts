import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTION,
  CALLBACK,
  collabField,
  ESCALATE_FIELD,
  KB_ACTION,
  PROGRESS_FIELD,
  REASON_FIELD,
  RESOLVE_FIELD,
  TRANSFER_FIELD,
} from '../../blocks/ids.ts';
import { t as translate } from '../../src/i18n/index.ts';
import { scheduleTask } from '../../src/outbox/outbox.ts';
import { CHANNELS, PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import {
  buttons,
  click,
  currentCard,
  expectCardCurrent,
  lastEphemeral,
  openSeeded,
  shown,
  stored,
  withButton,
} from './workflow-fixtures.ts';

let t: TestDesk;
beforeAll(async () => {
  t = await startTestDesk('workflow', {
    config: (c) => {
      c.organisation.defaultLanguage = 'en';
    },
  });
  t.clock.set('2026-11-24T02:00:00Z'); // Tuesday 10:00 in Shanghai
});
afterAll(async () => {
  await t?.stop();
});

async function submit(user: string, callbackId: string, values: Record<string, string | string[] | null>) {
  const modal = t.stub.openModal(user);
  expect(modal?.callback_id).toBe(callbackId);
  const res = await t.driver.submitView({ user, values });
  await t.idle();
  return res;
}

describe('a ticket from intake to a second resolution', () => {
  it('goes new → claimed → progress → transfer → claimed → collaborators → escalated → approval → resolved → customer notified → reopened → resolved', async () => {
    const desk = t.running.desk;
    const ticket = await openSeeded(t);
    const n = ticket.number;
    let card = await expectCardCurrent(t, ticket);
    expect(buttons(card)).toEqual([ACTION.claim, ACTION.assignTo, ACTION.contact, ACTION.details]);

    // Claim.
    await click(t, PEOPLE.techMember, ACTION.claim, card);
    card = await expectCardCurrent(t, ticket);
    expect(shown(card)).toContain(`Claimed by <@${PEOPLE.techMember}>`);

    // Someone else may not post progress: explained ephemerally, nothing changes.
    const v1 = (await stored(t, ticket)).version;
    await click(t, PEOPLE.techMember2, ACTION.progress, card);
    expect(lastEphemeral(t, PEOPLE.techMember2)).toContain(
      `Only the owner (<@${PEOPLE.techMember}>) or a Tech support supervisor`,
    );
    // The modal opened by the click was replaced by the explanation (nothing to submit).
    const notice = t.stub.openModal(PEOPLE.techMember2);
    expect(notice?.callback_id).not.toBe(CALLBACK.progress);
    expect(notice?.submit).toBeFalsy();
    expect(JSON.stringify(notice?.blocks)).toContain('Only the owner');
    expect((await stored(t, ticket)).version).toBe(v1);

    // Progress (owner). The ticket had been nudged twice: posting progress resets the count.
    await t.running.desk.models.Ticket.updateOne({ _id: ticket._id }, { $set: { 'nudge.count': 2 } });
    await click(t, PEOPLE.techMember, ACTION.progress, card);
    const progressed = await submit(PEOPLE.techMember, CALLBACK.progress, {
      [PROGRESS_FIELD.stage]: 'waiting_customer',
      [PROGRESS_FIELD.note]: 'Reproduced the coupon error; need the customer’s app version.',
      [PROGRESS_FIELD.nextStep]: 'Check coupon service logs',
      [PROGRESS_FIELD.plannedDate]: '2026-11-26',
      [PROGRESS_FIELD.customerNeeds]: 'App version and a screenshot',
    });
    expect(progressed.outcome.action).toBe('closed');
    let doc = await stored(t, ticket);
    expect(doc.status).toBe('waiting_customer');
    expect(doc.lastProgressAt?.toISOString()).toBe('2026-11-24T02:00:00.000Z');
    expect(doc.nudge?.count).toBe(0);
    expect(doc.progress?.plannedDate).toBe('2026-11-26');
    card = await expectCardCurrent(t, ticket);
    expect(shown(card)).toContain('*Progress* · Waiting for customer');
    expect(shown(card)).toContain('*Next step:* Check coupon service logs');
    expect(shown(card)).toContain('*Customer to provide:* App version and a screenshot');
    const thread = t.stub.threadReplies(card.channel, card.ts);
    expect(thread.some((m) => m.text.includes('Reproduced the coupon error'))).toBe(true);

    // Transfer to customer service; the old card's redraw fails once (it stays stale for a moment).
    const oldCard = { channel: card.channel, ts: card.ts };
    await click(t, PEOPLE.techMember, ACTION.transfer, card);
    t.stub.failNext('chat.update', { error: 'ratelimited' });
    await submit(PEOPLE.techMember, CALLBACK.transfer, {
      [TRANSFER_FIELD.department]: 'cs',
      [TRANSFER_FIELD.reason]: 'The coupon rules belong to customer service',
    });
    doc = await stored(t, ticket);
    expect(doc.status).toBe('new');
    expect(doc.departmentId).toBe('cs');
    expect(doc.ownerId).toBeUndefined();
    expect(doc.formerCards).toHaveLength(1);
    expect(doc.formerCards[0]).toMatchObject({
      channel: CHANNELS.tech,
      ts: oldCard.ts,
      toDepartmentId: 'cs',
    });
    card = await expectCardCurrent(t, ticket);
    expect(card.channel).toBe(CHANNELS.cs);
    expect(buttons(card)).toEqual([ACTION.claim, ACTION.assignTo, ACTION.contact, ACTION.details]);

    // Acting on the stale old card is refused with a pointer to the current card.
    const staleOld = t.stub.message(oldCard.channel, oldCard.ts)!;
    expect(buttons(staleOld)).toContain(ACTION.progress);
    const v2 = (await stored(t, ticket)).version;
    await click(t, PEOPLE.techMember, ACTION.progress, oldCard);
    expect(lastEphemeral(t, PEOPLE.techMember)).toContain(
      'This card is out of date: the ticket was transferred to Customer service',
    );
    expect(lastEphemeral(t, PEOPLE.techMember)).toContain(doc.card!.permalink!);
    expect((await stored(t, ticket)).version).toBe(v2);
    // The failed redraw stayed due; delivered again, the old card shows "transferred to …" with the link.
    const formerTask = await desk.models.Task.findOne({
      kind: 'redraw_former_card',
      ticketId: ticket._id,
    }).lean();
    expect(formerTask?.status).toBe('due');
    const { deliverTasksNow } = await import('../../src/outbox/deliver-now.ts');
    await deliverTasksNow(desk, [formerTask!.key]);
    const former = t.stub.message(oldCard.channel, oldCard.ts)!;
    expect(shown(former)).toContain('Transferred to Customer service');
    expect(shown(former)).toContain(doc.card!.permalink!);
    expect(buttons(former)).toEqual([ACTION.details]);
    expect(
      t.stub
        .threadReplies(card.channel, card.ts)
        .some((m) => m.text.includes('Transferred here from Tech support')),
    ).toBe(true);

    // Claimed again in the new department (first response stays the first one).
    await click(t, PEOPLE.techMember, ACTION.claim, card);
    expect(lastEphemeral(t, PEOPLE.techMember)).toContain('Only members of Customer service can claim');
    await click(t, PEOPLE.csMember, ACTION.claim, card);
    doc = await stored(t, ticket);
    expect(doc.ownerId).toBe(PEOPLE.csMember);
    expect(doc.firstResponseAt?.toISOString()).toBe('2026-11-24T02:00:00.000Z');
    card = await expectCardCurrent(t, ticket);

    // Collaborators: tech (acknowledges) and after-sales.
    await click(t, PEOPLE.csMember, ACTION.collaborators, card);
    await submit(PEOPLE.csMember, CALLBACK.collaborators, {
      [collabField(1).department]: 'tech',
      [collabField(1).need]: 'Check the coupon service logs for DD20240315001',
      [collabField(1).dueDate]: '2026-11-25',
      [collabField(2).department]: 'aftersales',
      [collabField(2).need]: 'Confirm whether a refund is possible',
    });
    doc = await stored(t, ticket);
    expect(doc.collaborators.map((c) => c.departmentId)).toEqual(['tech', 'aftersales']);
    card = await expectCardCurrent(t, ticket);
    expect(shown(card)).toContain(
      'Tech support: Check the coupon service logs for DD20240315001 (by 2026-11-25) · ⏳',
    );
    const techNotice = withButton(t.stub.messages(CHANNELS.tech), ACTION.acknowledge, n);
    const afterSalesNotice = withButton(t.stub.messages(CHANNELS.aftersales), ACTION.acknowledge, n);
    expect(techNotice).toHaveLength(1);
    expect(afterSalesNotice).toHaveLength(1);
    await click(t, PEOPLE.outsider, ACTION.acknowledge, afterSalesNotice[0]!);
    expect(lastEphemeral(t, PEOPLE.outsider)).toContain('Only members of After-sales engineering');
    await click(t, PEOPLE.techMember2, ACTION.acknowledge, techNotice[0]!);
    doc = await stored(t, ticket);
    expect(doc.collaborators[0]?.acknowledgedBy).toBe(PEOPLE.techMember2);
    expect(doc.collaborators[1]?.acknowledgedBy).toBeUndefined();
    card = await expectCardCurrent(t, ticket);
    expect(shown(card)).toContain(`✅ acknowledged by <@${PEOPLE.techMember2}>`);
    expect(shown(t.stub.message(CHANNELS.tech, techNotice[0]!.ts))).toContain('Acknowledged by');

    // Escalation of a major complaint goes to the service director.
    await click(t, PEOPLE.csMember, ACTION.escalate, card);
    await submit(PEOPLE.csMember, CALLBACK.escalate, {
      [ESCALATE_FIELD.level]: 'senior',
      [ESCALATE_FIELD.major]: ['yes'],
      [ESCALATE_FIELD.reason]: 'Customer threatens to go to the press',
    });
    doc = await stored(t, ticket);
    expect(doc.escalation?.level).toBe('director');
    expect(doc.escalation?.to).toEqual([PEOPLE.director]);
    card = await expectCardCurrent(t, ticket);
    expect(shown(card)).toContain('Escalated to the service director');
    expect(
      t.stub.dmsTo(PEOPLE.director).some((m) => m.text.includes(n) && m.text.includes('escalated')),
    ).toBe(true);

    // Resolve with compensation above the threshold: the supervisor rejects once, then approves.
    const resolveValues = {
      [RESOLVE_FIELD.summary]: 'Coupon re-issued and the order refunded the difference',
      [RESOLVE_FIELD.rootCause]: 'Coupon rules were out of sync',
      [RESOLVE_FIELD.type]: 'compensation',
      [RESOLVE_FIELD.compensation]: '800',
    };
    await click(t, PEOPLE.csMember, ACTION.resolve, card);
    await submit(PEOPLE.csMember, CALLBACK.resolve, resolveValues);
    doc = await stored(t, ticket);
    expect(doc.status).toBe('pending_approval');
    expect(doc.resolvedAt).toBeUndefined();
    card = await expectCardCurrent(t, ticket);
    expect(shown(card)).toContain('Awaiting approval');
    expect(buttons(card)).toEqual([ACTION.details]);
    let approvalDm = withButton(t.stub.dmsTo(PEOPLE.csSupervisor), ACTION.approve, n).at(-1)!;
    expect(approvalDm.text).toContain('800'); // csSupervisor reads Chinese
    await click(t, PEOPLE.csMember, ACTION.reject, approvalDm); // not a supervisor
    expect(lastEphemeral(t, PEOPLE.csMember)).toContain('Only a Customer service supervisor');
    await click(t, PEOPLE.csSupervisor, ACTION.reject, approvalDm);
    await submit(PEOPLE.csSupervisor, CALLBACK.reject, { [REASON_FIELD.reason]: 'Offer 400 first, please' });
    doc = await stored(t, ticket);
    expect(doc.status).toBe('in_progress');
    card = await expectCardCurrent(t, ticket);
    expect(shown(card)).toContain('Resolution rejected');

    await click(t, PEOPLE.csMember, ACTION.resolve, card);
    await submit(PEOPLE.csMember, CALLBACK.resolve, resolveValues);
    expect((await stored(t, ticket)).status).toBe('pending_approval');
    approvalDm = withButton(t.stub.dmsTo(PEOPLE.csSupervisor), ACTION.approve, n).at(-1)!;
    t.clock.advance(30 * 60_000);
    await click(t, PEOPLE.csSupervisor, ACTION.approve, approvalDm);
    doc = await stored(t, ticket);
    expect(doc.status).toBe('resolved');
    expect(doc.approval?.approved).toBe(true);
    expect(doc.resolvedAt?.toISOString()).toBe('2026-11-24T02:30:00.000Z');
    expect(doc.resolutionMet).toBe(true);
    expect(doc.customerNotifyDueAt?.toISOString()).toBe('2026-11-24T04:30:00.000Z'); // P2: within 2 h
    card = await expectCardCurrent(t, ticket);
    expect(shown(card)).toContain('✅ *Resolved* (Compensation)');
    expect(shown(card)).toContain('Customer to be told the result by');
    expect(buttons(card)).toEqual([ACTION.reopen, ACTION.contact, KB_ACTION.save, ACTION.details]);
    // A second click on Approve changes nothing.
    await click(
      t,
      PEOPLE.csSupervisor,
      ACTION.approve,
      withButton(t.stub.dmsTo(PEOPLE.csSupervisor), ACTION.approve, n)[0]!,
    );
    // Explained to the supervisor (in Chinese, their Slack locale): already decided, nothing changed.
    expect(lastEphemeral(t, PEOPLE.csSupervisor)).toBe(translate('zh-CN', 'deny.already_resolved'));
    expect((await stored(t, ticket)).version).toBe(doc.version);

    // The opener tells the customer and records it.
    const resolvedDm = withButton(t.stub.dmsTo(PEOPLE.agentEn), ACTION.customerNotified, n).at(-1)!;
    expect(resolvedDm.text).toContain('Please tell the customer the result by');
    t.clock.advance(20 * 60_000);
    await click(t, PEOPLE.agentEn, ACTION.customerNotified, resolvedDm);
    doc = await stored(t, ticket);
    expect(doc.customerNotifiedAt?.toISOString()).toBe('2026-11-24T02:50:00.000Z');
    card = await expectCardCurrent(t, ticket);
    expect(shown(card)).toContain('Customer told the result');
    const notifiedDm = t.stub.message(resolvedDm.channel, resolvedDm.ts)!;
    expect(shown(notifiedDm)).toContain('Customer notified');
    expect(buttons(notifiedDm)).toEqual([ACTION.reopen]);

    // Reopened by the opener from the DM; due follow-ups are cancelled.
    await scheduleTask(desk, {
      key: `followup:${ticket._id}:test`,
      kind: 'followup',
      ticketId: ticket._id,
      dueAt: new Date('2026-11-25T02:00:00Z'),
    });
    await click(t, PEOPLE.agentEn, ACTION.reopen, notifiedDm);
    await submit(PEOPLE.agentEn, CALLBACK.reopen, {
      [REASON_FIELD.reason]: 'Customer says the coupon still fails',
    });
    doc = await stored(t, ticket);
    expect(doc.status).toBe('in_progress');
    expect(doc.ownerId).toBe(PEOPLE.csMember);
    expect(doc.reopenCount).toBe(1);
    expect(doc.resolvedAt).toBeUndefined();
    expect(doc.customerNotifiedAt).toBeUndefined();
    expect((await desk.models.Task.findOne({ key: `followup:${ticket._id}:test` }).lean())?.status).toBe(
      'cancelled',
    );
    card = await expectCardCurrent(t, ticket);
    expect(shown(card)).toContain('Reopened 1×');
    expect(t.stub.dmsTo(PEOPLE.csMember).some((m) => m.text.includes(n) && m.text.includes('reopened'))).toBe(
      true,
    );

    // Resolved again, without compensation: no approval needed.
    await click(t, PEOPLE.csMember, ACTION.resolve, card);
    await submit(PEOPLE.csMember, CALLBACK.resolve, {
      [RESOLVE_FIELD.summary]: 'Coupon service fixed; customer confirmed payment works',
      [RESOLVE_FIELD.type]: 'fix',
    });
    doc = await stored(t, ticket);
    expect(doc.status).toBe('resolved');
    card = await expectCardCurrent(t, ticket);
    expect(shown(card)).toContain('✅ *Resolved* (Fix)');
    // A new DM for the second resolution (the first one was redrawn as "Customer notified").
    expect(
      t.stub.dmsTo(PEOPLE.agentEn).filter((m) => m.text.includes(`Ticket *${n}* was resolved`)),
    ).toHaveLength(2);
    expect(withButton(t.stub.dmsTo(PEOPLE.agentEn), ACTION.customerNotified, n)).toHaveLength(1);

    // The audit trail: every step, who and when, from and to.
    const steps = doc.history.filter((h) => h.action !== 'view_full');
    expect(steps.map((h) => h.action)).toEqual([
      'open',
      'claim',
      'progress',
      'transfer',
      'claim',
      'add_collaborators',
      'acknowledge',
      'escalate',
      'request_resolution',
      'reject',
      'request_resolution',
      'approve',
      'notify_customer',
      'reopen',
      'resolve',
    ]);
    for (const h of steps) {
      expect(h.by).toMatch(/^U/);
      expect(h.at).toBeInstanceOf(Date);
    }
    expect(steps.find((h) => h.action === 'transfer')).toMatchObject({
      by: PEOPLE.techMember,
      from: 'tech',
      to: 'cs',
      note: 'The coupon rules belong to customer service',
    });
    expect(steps.find((h) => h.action === 'escalate')).toMatchObject({ from: 'none', to: 'director' });
    expect(steps.find((h) => h.action === 'approve')).toMatchObject({
      by: PEOPLE.csSupervisor,
      from: 'pending_approval',
      to: 'resolved',
    });
    expect(steps.at(-2)).toMatchObject({
      action: 'reopen',
      by: PEOPLE.agentEn,
      from: 'resolved',
      to: 'in_progress',
    });

    // Every card update Slack received for this ticket passed the stand-in's Block Kit checks.
    const cardUpdates = t.stub.callsTo('chat.update').filter((c) => c.args.ts === card.ts);
    expect(cardUpdates.length).toBeGreaterThan(5);
    expect(cardUpdates.every((c) => (c.response as { ok?: boolean }).ok === true)).toBe(true);
  });

  it('Details answers ephemerally: masked for others, full (and recorded) for the owner', async () => {
    const ticket = await openSeeded(t);
    const card = await currentCard(t, ticket);
    await click(t, PEOPLE.techMember, ACTION.claim, card);
    await click(t, PEOPLE.techMember2, ACTION.details, card);
    const masked = t.stub.ephemeralsTo(PEOPLE.techMember2).at(-1)!;
    expect(JSON.stringify(masked.blocks)).toContain('138****5678');
    expect(JSON.stringify(masked.blocks)).not.toContain('13812345678');
    await click(t, PEOPLE.techMember, ACTION.details, card);
    const full = t.stub.ephemeralsTo(PEOPLE.techMember).at(-1)!;
    expect(JSON.stringify(full.blocks)).toContain('13812345678');
    const doc = await stored(t, ticket);
    expect(doc.history.filter((h) => h.action === 'view_full').map((h) => h.by)).toEqual([PEOPLE.techMember]);
  });
});
