import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, CALLBACK, KB_ACTION, RESOLVE_FIELD } from '../../blocks/ids.ts';
import { refusalText } from '../../src/listeners/actions/common.ts';
import { deliverTasksNow } from '../../src/outbox/deliver-now.ts';
import { claimTicket } from '../../src/tickets/claim.ts';
import { postProgress } from '../../src/tickets/progress.ts';
import { resolveTicket } from '../../src/tickets/resolve.ts';
import { transferTicket } from '../../src/tickets/transfer.ts';
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
} from './workflow-fixtures.ts';

let t: TestDesk;
beforeAll(async () => {
  t = await startTestDesk('workflow-denied', {
    config: (c) => {
      c.organisation.defaultLanguage = 'en';
    },
  });
  t.clock.set('2026-11-24T02:00:00Z');
});
afterAll(async () => {
  await t?.stop();
});

const resolution = { summary: 'Explained the coupon rules', type: 'answer' as const };

describe('transitions the life cycle does not allow change nothing', () => {
  it('resolving an unclaimed ticket is refused as "not claimed yet"', async () => {
    const desk = t.running.desk;
    const ticket = await openSeeded(t);
    const res = await resolveTicket(desk, { ticketId: ticket._id, by: PEOPLE.techSupervisor, ...resolution });
    expect(res).toMatchObject({ ok: false, reason: 'not_claimed' });
    expect(refusalText(desk, 'en', 'not_claimed')).toBe(
      'This ticket is not claimed yet: claim it first. Nothing was changed.',
    );
    expect(refusalText(desk, 'zh-CN', 'not_claimed')).toContain('尚未被认领');
    const doc = await stored(t, ticket);
    expect(doc.status).toBe('new');
    expect(doc.version).toBe(ticket.version);
    expect(doc.resolution?.summary).toBeUndefined();
  });

  it('claiming a resolved ticket from a stale card is refused, and the failed redraw catches up', async () => {
    const desk = t.running.desk;
    const ticket = await openSeeded(t);
    const staleCard = await currentCard(t, ticket);
    // Slack refuses the next two card updates: the card keeps showing Claim.
    t.stub.failNext('chat.update', { error: 'ratelimited' }, 2);
    expect((await claimTicket(desk, { ticketId: ticket._id, by: PEOPLE.techMember })).ok).toBe(true);
    expect(
      (await resolveTicket(desk, { ticketId: ticket._id, by: PEOPLE.techMember, ...resolution })).ok,
    ).toBe(true);
    await t.idle();
    expect(buttons(t.stub.message(staleCard.channel, staleCard.ts)!)).toContain(ACTION.claim);
    const before = await stored(t, ticket);

    await click(t, PEOPLE.techMember2, ACTION.claim, staleCard);
    expect(lastEphemeral(t, PEOPLE.techMember2)).toBe(
      'This ticket is already resolved. Nothing was changed.',
    );
    const after = await stored(t, ticket);
    expect(after.ownerId).toBe(PEOPLE.techMember);
    expect(after.version).toBe(before.version);

    // The redraw stayed due as a redraw_card task; delivering it brings the card up to date.
    const due = await desk.models.Task.find({
      kind: 'redraw_card',
      ticketId: ticket._id,
      status: 'due',
    }).lean();
    expect(due.length).toBeGreaterThan(0);
    await deliverTasksNow(
      desk,
      due.map((d) => d.key),
    );
    const card = await expectCardCurrent(t, ticket);
    expect(buttons(card)).toEqual([ACTION.reopen, ACTION.contact, KB_ACTION.save, ACTION.details]);
    expect(shown(card)).toContain('✅ *Resolved* (Answer)');
  });

  it('a modal opened before a transfer is refused on submit as an out-of-date card', async () => {
    const desk = t.running.desk;
    const ticket = await openSeeded(t);
    await click(t, PEOPLE.techMember, ACTION.claim, await currentCard(t, ticket));
    await click(t, PEOPLE.techMember, ACTION.resolve, await currentCard(t, ticket));
    expect(t.stub.openModal(PEOPLE.techMember)?.callback_id).toBe(CALLBACK.resolve);
    const moved = await transferTicket(desk, {
      ticketId: ticket._id,
      by: PEOPLE.techSupervisor,
      targetDepartmentId: 'cs',
      reason: 'Belongs to customer service',
    });
    expect(moved.ok).toBe(true);
    await t.idle();
    const before = await stored(t, ticket);
    const res = await t.driver.submitView({
      user: PEOPLE.techMember,
      values: { [RESOLVE_FIELD.summary]: 'Explained the coupon rules', [RESOLVE_FIELD.type]: 'answer' },
    });
    expect(res.outcome.action).toBe('errors');
    expect(res.outcome.errors?.[RESOLVE_FIELD.summary]).toContain(
      'This card is out of date: the ticket was transferred to Customer service',
    );
    const after = await stored(t, ticket);
    expect(after.status).toBe('new');
    expect(after.version).toBe(before.version);
    // The new card in customer service waits to be claimed; the old one points to it.
    expect((await currentCard(t, ticket)).channel).toBe(CHANNELS.cs);
  });

  it('only the owner or a supervisor may post progress; nothing changes while approval is pending', async () => {
    const desk = t.running.desk;
    const ticket = await openSeeded(t);
    await claimTicket(desk, { ticketId: ticket._id, by: PEOPLE.techMember });
    const other = await postProgress(desk, {
      ticketId: ticket._id,
      by: PEOPLE.techMember2,
      stage: 'review',
      note: 'Looking at it',
    });
    expect(other).toMatchObject({ ok: false, reason: 'not_permitted' });
    const bySupervisor = await postProgress(desk, {
      ticketId: ticket._id,
      by: PEOPLE.techSupervisor,
      stage: 'review',
      note: 'Looking at it',
    });
    expect(bySupervisor.ok).toBe(true);
    const pending = await resolveTicket(desk, {
      ticketId: ticket._id,
      by: PEOPLE.techMember,
      summary: 'Refund the order',
      type: 'refund',
      compensation: 501,
    });
    expect(pending).toMatchObject({ ok: true, pendingApproval: true });
    const frozen = await postProgress(desk, {
      ticketId: ticket._id,
      by: PEOPLE.techMember,
      stage: 'review',
      note: 'One more thing',
    });
    expect(frozen).toMatchObject({ ok: false, reason: 'pending_approval' });
    await t.idle();
    const doc = await stored(t, ticket);
    expect(doc.status).toBe('pending_approval');
    expect(doc.history.filter((h) => h.action === 'progress')).toHaveLength(1);
  });

  it('reopening is for the owner, a supervisor or the opener', async () => {
    const desk = t.running.desk;
    const ticket = await openSeeded(t);
    await claimTicket(desk, { ticketId: ticket._id, by: PEOPLE.techMember });
    await resolveTicket(desk, { ticketId: ticket._id, by: PEOPLE.techMember, ...resolution });
    const card = await expectCardCurrent(t, ticket);
    await click(t, PEOPLE.techMember2, ACTION.reopen, card);
    expect(lastEphemeral(t, PEOPLE.techMember2)).toContain(`Only the owner (<@${PEOPLE.techMember}>)`);
    expect((await stored(t, ticket)).status).toBe('resolved');
  });
});
