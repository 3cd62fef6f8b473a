/** Shared set-up for the scheduled-work tests (test/e2e/jobs-*.test.ts): seeded tickets in chosen states. */
import type { TicketDoc } from '../../src/db/models/index.ts';
import type { Intake } from '../../src/domain/intake.ts';
import { openTicket, publishNewTicket } from '../../src/tickets/open-ticket.ts';
import { PEOPLE, type TestDesk } from '../harness/app.ts';

let seq = 0;

export interface SeedOptions {
  /** Opening time (the test clock is set to it). */
  openedAt: string;
  category?: string;
  requestType?: string;
  urgency?: Intake['urgency'];
  impact?: Intake['impact'];
  /** Claim it: owner and claim time (status `claimed`). */
  owner?: string;
  claimedAt?: string;
  lastProgressAt?: string;
  set?: Record<string, unknown>;
}

/** Opens a ticket through the real service (card posted to the stub), then sets the fields a test needs. */
export async function seedTicket(t: TestDesk, o: SeedOptions): Promise<TicketDoc> {
  const desk = t.running.desk;
  t.clock.set(o.openedAt);
  const { ticket } = await openTicket(desk, {
    intake: {
      customerName: 'Li Lei',
      customerId: '',
      phone: '13812345678',
      email: '',
      company: '',
      keyAccount: false,
      contactChannel: 'website',
      requestType: o.requestType ?? 'service_request',
      category: o.category ?? 'functional_fault',
      description: 'Paying order DD20240315001 with a coupon in the app shows invalid since 14:30',
      desiredOutcome: 'refund',
      urgency: o.urgency ?? 'normal',
      urgencyReason: '',
      impact: o.impact ?? 'partial',
      orderNumber: '',
      keywords: [],
    },
    openedBy: PEOPLE.agentEn,
    intakeKey: `jobs-seed-${++seq}-${Date.now()}`,
  });
  await publishNewTicket(desk, ticket);
  const set: Record<string, unknown> = { ...(o.set ?? {}) };
  if (o.owner) {
    set.status = 'claimed';
    set.ownerId = o.owner;
    set.claimedAt = new Date(o.claimedAt ?? o.openedAt);
  }
  if (o.lastProgressAt) set.lastProgressAt = new Date(o.lastProgressAt);
  if (Object.keys(set).length) await desk.models.Ticket.updateOne({ _id: ticket._id }, { $set: set });
  await t.idle();
  return (await desk.models.Ticket.findById(ticket._id))!;
}

/** Bot messages (DMs) to `user` that mention ticket `number`. */
export function dmsAbout(t: TestDesk, user: string, number: string) {
  return t.stub.dmsTo(user).filter((m) => m.text.includes(number));
}

/** Replies in the ticket card's thread that contain `text`. */
export function threadAbout(t: TestDesk, ticket: TicketDoc, text: string) {
  const card = ticket.card;
  if (!card?.channel || !card.ts) throw new Error(`ticket ${ticket.number} has no card`);
  return t.stub.threadReplies(card.channel, card.ts).filter((m) => m.text.includes(text));
}
