/** Shared set-up for the ticket-handling tests (test/e2e/workflow*.test.ts). */
import { expect } from 'vitest';
import type { TicketDoc } from '../../src/db/models/index.ts';
import type { Intake } from '../../src/domain/intake.ts';
import { openTicket, publishNewTicket } from '../../src/tickets/open-ticket.ts';
import { CHANNELS, PEOPLE, type TestDesk } from '../harness/app.ts';
import type { StoredMessage } from '../harness/slack-stub.ts';

let seq = 0;

/** A valid functional-fault intake (tech department), as validateIntake returns it; `o` overrides fields. */
export function sampleIntake(o: Partial<Intake> = {}): Intake {
  return {
    customerName: 'Li Lei',
    customerId: 'C20240501001',
    phone: '13812345678',
    email: '',
    company: '',
    keyAccount: false,
    contactChannel: 'website',
    requestType: 'service_request',
    category: 'functional_fault',
    description: 'Paying order DD20240315001 with a coupon in the app shows invalid since 14:30',
    desiredOutcome: 'refund',
    urgency: 'normal',
    urgencyReason: '',
    impact: 'partial',
    orderNumber: 'DD20240315001',
    keywords: ['payment'],
    ...o,
  };
}

/** Opens a functional-fault ticket (tech department) through the real services; waits for its card. */
export async function openSeeded(t: TestDesk, opts: { opener?: string } = {}): Promise<TicketDoc> {
  const desk = t.running.desk;
  const { ticket } = await openTicket(desk, {
    intake: sampleIntake(),
    openedBy: opts.opener ?? PEOPLE.agentEn,
    intakeKey: `workflow-seed-${++seq}-${Date.now()}`,
  });
  await publishNewTicket(desk, ticket);
  await t.idle();
  return stored(t, ticket);
}

export async function stored(t: TestDesk, ticket: Pick<TicketDoc, '_id'>): Promise<TicketDoc> {
  const doc = await t.running.desk.models.Ticket.findById(ticket._id);
  if (!doc) throw new Error('ticket gone');
  return doc;
}

/** The ticket's current department card as Slack shows it. */
export async function currentCard(t: TestDesk, ticket: Pick<TicketDoc, '_id'>): Promise<StoredMessage> {
  const doc = await stored(t, ticket);
  const channel = doc.card?.channel;
  const ts = doc.card?.ts;
  if (!channel || !ts) throw new Error('card not posted');
  const m = t.stub.message(channel, ts);
  if (!m) throw new Error('card not in Slack');
  return m;
}

/** Everything the card shows (blocks as JSON), for content assertions. */
export function shown(m: StoredMessage | undefined): string {
  return JSON.stringify(m?.blocks ?? []);
}

type Element = { type?: string; action_id?: string; options?: { value?: string }[] };

/**
 * The actions a message offers, in order: each button's or select's action id, and for each option
 * of an overflow menu the action id it stands for (the card's menus: value `<action id>|<number>`).
 * Section accessories (the card's second-line menu) come where their section is.
 */
export function buttons(m: StoredMessage): string[] {
  const out: string[] = [];
  for (const b of (m.blocks ?? []) as { type: string; elements?: Element[]; accessory?: Element }[]) {
    const els = b.type === 'actions' ? (b.elements ?? []) : b.accessory ? [b.accessory] : [];
    for (const e of els) {
      if (e.type === 'overflow') {
        for (const o of e.options ?? []) if (o.value?.includes('|')) out.push(o.value.split('|')[0]!);
      } else if (e.action_id) out.push(e.action_id);
    }
  }
  return out;
}

/** The option texts of the message's overflow menus (the card's secondary actions). */
export function overflowOptions(m: StoredMessage): string[] {
  const out: string[] = [];
  for (const b of (m.blocks ?? []) as { type: string; elements?: Element[]; accessory?: Element }[]) {
    const els = b.type === 'actions' ? (b.elements ?? []) : b.accessory ? [b.accessory] : [];
    for (const e of els)
      if (e.type === 'overflow')
        for (const o of (e.options ?? []) as { text?: { text?: string } }[]) out.push(o.text?.text ?? '');
  }
  return out;
}

/** Asserts the card is current: drawn from the stored version (a rejected chat.update would leave it stale). */
export async function expectCardCurrent(t: TestDesk, ticket: Pick<TicketDoc, '_id'>): Promise<StoredMessage> {
  await t.idle();
  const doc = await stored(t, ticket);
  expect(doc.card?.drawnVersion).toBe(doc.version);
  // The last update Slack received for this card passed the stand-in's Block Kit checks.
  const last = t.stub
    .callsTo('chat.update')
    .filter((c) => c.args.ts === doc.card?.ts)
    .at(-1);
  if (last) expect(JSON.stringify(last.response)).toContain('"ok":true');
  return currentCard(t, ticket);
}

/** Messages in `channel` (or a user's DM) that carry a button `actionId` and mention `text`. */
export function withButton(messages: StoredMessage[], actionId: string, text: string): StoredMessage[] {
  return messages.filter((m) => buttons(m).includes(actionId) && m.text.includes(text));
}

/** Clicks a button on a message and waits until the app is idle (unless `idle: false`). */
export async function click(
  t: TestDesk,
  user: string,
  actionId: string,
  message: { channel: string; ts: string },
  opts: { idle?: boolean } = {},
): Promise<void> {
  const res = await t.driver.clickButton({ user, actionId, message });
  expect(res.status).toBe(200);
  if (opts.idle !== false) await t.idle();
}

/** Texts of the ephemeral messages shown to `user`. */
export function ephemeralTexts(t: TestDesk, user: string): string[] {
  return t.stub.ephemeralsTo(user).map((e) => e.text ?? '');
}

export function lastEphemeral(t: TestDesk, user: string): string {
  return ephemeralTexts(t, user).at(-1) ?? '';
}

export { CHANNELS, PEOPLE };
