import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, CALLBACK, PROGRESS_FIELD } from '../../blocks/ids.ts';
import { CHANNELS, PEOPLE, startTestDesk, type TestDesk } from '../harness/app.ts';
import { waitFor } from '../harness/slack-stub.ts';
import {
  buttons,
  click,
  currentCard,
  ephemeralTexts,
  expectCardCurrent,
  lastEphemeral,
  openSeeded,
  shown,
  stored,
} from './workflow-fixtures.ts';

let t: TestDesk;
const racers = Array.from({ length: 30 }, (_, i) => `U0RACE${String(i).padStart(4, '0')}`);

beforeAll(async () => {
  t = await startTestDesk('workflow-claim');
  t.clock.set('2026-11-24T02:00:00Z'); // Tuesday 10:00 in Shanghai
  racers.forEach((id, i) => {
    t.stub.addUser({ id, name: `racer${i}`, locale: 'en-US', tz: 'Asia/Shanghai', tz_offset: 8 * 3600 });
  });
  t.stub.setChannelMembers(CHANNELS.tech, [
    PEOPLE.techSupervisor,
    PEOPLE.techSenior,
    PEOPLE.techMember,
    PEOPLE.techMember2,
    ...racers,
  ]);
});
afterAll(async () => {
  await t?.stop();
});

describe('claiming a ticket', () => {
  it('30 members clicking Claim at once: one owner, 29 ephemeral answers, the card shows the owner', async () => {
    const ticket = await openSeeded(t);
    const card = await currentCard(t, ticket);
    expect(buttons(card)).toContain(ACTION.claim);

    const results = await Promise.all(
      racers.map((user) =>
        t.driver.clickButton({
          user,
          actionId: ACTION.claim,
          message: { channel: card.channel, ts: card.ts },
        }),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    await t.idle();

    const doc = await stored(t, ticket);
    expect(doc.status).toBe('claimed');
    expect(racers).toContain(doc.ownerId);
    const owner = doc.ownerId!;
    expect(doc.history.filter((h) => h.action === 'claim')).toHaveLength(1);
    expect(doc.claimedAt?.toISOString()).toBe('2026-11-24T02:00:00.000Z');
    expect(doc.firstResponseAt?.toISOString()).toBe('2026-11-24T02:00:00.000Z');
    expect(doc.responseMet).toBe(true);

    // The owner sees only the knowledge base answers that may help (issue 14), no refusal.
    const kb = (s: string) => s.includes('Answers that may help');
    const answers = racers.flatMap((u) => ephemeralTexts(t, u)).filter((a) => !kb(a));
    expect(answers).toHaveLength(29);
    for (const a of answers) expect(a).toBe(`Already claimed by <@${owner}>.`);
    expect(ephemeralTexts(t, owner).filter((a) => !kb(a))).toHaveLength(0);

    const redrawn = await expectCardCurrent(t, ticket);
    expect(shown(redrawn)).toContain(`<@${owner}>`);
    expect(shown(redrawn)).toContain(`<@${owner}> 已认领`); // channel posts use the organisation's default language (zh-CN)
    expect(buttons(redrawn)).not.toContain(ACTION.claim);
    expect(buttons(redrawn)).toEqual(
      expect.arrayContaining([
        ACTION.progress,
        ACTION.transfer,
        ACTION.collaborators,
        ACTION.escalate,
        ACTION.resolve,
      ]),
    );

    // The opener is told by DM who took it.
    const dm = t.stub
      .dmsTo(PEOPLE.agentEn)
      .find((m) => m.text.includes(doc.number) && m.text.includes('claimed'));
    expect(dm?.text).toContain(`<@${owner}>`);
  });

  it('refuses a non-member and stores nothing', async () => {
    const ticket = await openSeeded(t);
    const before = await stored(t, ticket);
    const card = await currentCard(t, ticket);
    await click(t, PEOPLE.outsider, ACTION.claim, card);
    await click(t, PEOPLE.csMember, ACTION.claim, card);

    expect(lastEphemeral(t, PEOPLE.outsider)).toContain('Only members of Tech support can claim');
    expect(lastEphemeral(t, PEOPLE.csMember)).toContain('Only members of Tech support can claim');
    const after = await stored(t, ticket);
    expect(after.status).toBe('new');
    expect(after.ownerId).toBeUndefined();
    expect(after.version).toBe(before.version);
    expect(after.history).toHaveLength(before.history.length);
    expect(buttons(await currentCard(t, ticket))).toContain(ACTION.claim);
  });

  it('records a late first response against the response due time', async () => {
    const ticket = await openSeeded(t);
    t.clock.set(new Date(ticket.responseDueAt.getTime() + 60_000));
    await click(t, PEOPLE.techMember, ACTION.claim, await currentCard(t, ticket));
    const doc = await stored(t, ticket);
    expect(doc.ownerId).toBe(PEOPLE.techMember);
    expect(doc.responseMet).toBe(false);
    t.clock.set('2026-11-24T02:00:00Z');
  });

  it('a redraw overtaken by a later change: the card ends on the latest version, not the one drawn last', async () => {
    const ticket = await openSeeded(t);
    const card = await currentCard(t, ticket);
    await click(t, PEOPLE.techMember, ACTION.claim, card);
    const progress = async (nextStep: string) => {
      await click(t, PEOPLE.techMember, ACTION.progress, card, { idle: false });
      await waitFor(() => t.stub.openModal(PEOPLE.techMember)?.callback_id === CALLBACK.progress);
      const res = await t.driver.submitView({
        user: PEOPLE.techMember,
        values: {
          [PROGRESS_FIELD.stage]: 'executing',
          [PROGRESS_FIELD.note]: `Working on it: ${nextStep}.`,
          [PROGRESS_FIELD.nextStep]: nextStep,
        },
      });
      expect(res.outcome.action).toBe('closed');
    };
    // The first update's redraw is held on its way to Slack, not yet applied …
    t.stub.failNext('chat.update', { holdBefore: true });
    await progress('Check the coupon service');
    await t.stub.waitForHeld(1);
    // … while a second update's redraw reaches Slack first.
    await progress('Refund the charge');
    const latest = (await stored(t, ticket)).version;
    await waitFor(() => shown(t.stub.message(card.channel, card.ts)).includes('Refund the charge'));
    // Then the first, stale redraw lands on top; the desk sees the newer version and draws again.
    t.stub.releaseHeld();
    await t.idle();
    const doc = await stored(t, ticket);
    expect(doc.version).toBe(latest);
    expect(doc.card?.drawnVersion).toBe(latest);
    expect(doc.pendingTasks).toHaveLength(0);
    const shownNow = shown(t.stub.message(card.channel, card.ts));
    expect(shownNow).toContain('Refund the charge');
    expect(shownNow).not.toContain('Check the coupon service');
  });
});
