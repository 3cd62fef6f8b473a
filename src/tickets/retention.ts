/**
 * Data retention (domain.md "Data protection"): a configured time after a ticket is closed
 * (`dataProtection.retentionDays`, default 730), its customer contact fields are anonymised: name,
 * phone (and its last 4 digits), email and customer ID are cleared and dropped from the search
 * tokens, and `customer.anonymisedAt` is set. Everything the statistics need stays (priority,
 * category, department, times, service-level outcomes, survey, counts, history). Once per ticket:
 * the update is conditional on `anonymisedAt` being unset, and records an 'anonymise' history entry.
 * The card is not redrawn: it only ever showed masked values.
 */
import type { Types } from 'mongoose';
import type { Desk } from '../context.ts';

export const RETENTION_ACTOR = 'system:retention';
const BATCH = 500;

export interface RetentionResult {
  anonymised: number;
  cutoff: Date;
}

/** The closed tickets whose closing is older than the retention period and that still hold contact data. */
export function retentionFilter(cutoff: Date) {
  return {
    status: 'closed' as const,
    closedAt: { $lt: cutoff },
    'customer.anonymisedAt': { $exists: false },
  };
}

export async function anonymiseExpired(
  desk: Desk,
  opts: { now: Date; dryRun?: boolean; report?: string[] },
): Promise<RetentionResult> {
  const { Ticket } = desk.models;
  const days = desk.config.dataProtection.retentionDays;
  const cutoff = new Date(opts.now.getTime() - days * 86_400_000);
  if (opts.dryRun) {
    const due = await Ticket.countDocuments(retentionFilter(cutoff));
    opts.report?.push(`${due} closed ticket(s) closed before ${cutoff.toISOString()} would be anonymised.`);
    return { anonymised: due, cutoff };
  }
  let anonymised = 0;
  for (;;) {
    const batch = await Ticket.find(retentionFilter(cutoff), { _id: 1, number: 1, customer: 1 })
      .limit(BATCH)
      .lean();
    if (batch.length === 0) break;
    for (const t of batch) {
      const customerId = (t.customer?.customerId ?? '').toLowerCase();
      const res = await Ticket.updateOne(
        { _id: t._id as Types.ObjectId, 'customer.anonymisedAt': { $exists: false } },
        {
          $set: {
            'customer.name': '',
            'customer.phone': '',
            'customer.phoneLast4': '',
            'customer.email': '',
            'customer.customerId': '',
            'customer.contactName': '',
            'customer.contactRole': '',
            'customer.anonymisedAt': opts.now,
          },
          ...(customerId ? { $pull: { searchTokens: customerId } } : {}),
          $push: {
            history: {
              at: opts.now,
              by: RETENTION_ACTOR,
              action: 'anonymise',
              note: `contact details removed ${days} days after closing`,
            },
          },
        },
      );
      anonymised += res.modifiedCount;
    }
    if (batch.length < BATCH) break;
  }
  if (anonymised > 0)
    desk.log.info({ anonymised, retentionDays: days }, 'customer contact details anonymised');
  opts.report?.push(`${anonymised} closed ticket(s) anonymised (closed before ${cutoff.toISOString()}).`);
  const customers = await anonymiseCustomers(desk, opts.now, cutoff);
  if (customers > 0) opts.report?.push(`${customers} customer record(s) anonymised.`);
  return { anonymised, cutoff };
}

/**
 * Customer records follow their tickets: a customer known before the cutoff with no ticket still
 * holding its ID (all anonymised, or none) loses its name, contact persons, phones and emails; its ID,
 * tier, industry and tags stay for the statistics. Once per customer (conditional on anonymisedAt).
 */
async function anonymiseCustomers(desk: Desk, now: Date, cutoff: Date): Promise<number> {
  const { Customer, Ticket } = desk.models;
  let count = 0;
  const candidates = await Customer.find(
    { createdAt: { $lt: cutoff }, anonymisedAt: { $exists: false } },
    { _id: 1, customerId: 1 },
  ).lean();
  for (const c of candidates) {
    if (await Ticket.exists({ 'customer.customerId': c.customerId })) continue;
    const res = await Customer.updateOne(
      { _id: c._id, anonymisedAt: { $exists: false } },
      {
        $set: {
          name: '',
          contacts: [],
          phones: [],
          emails: [],
          matchKey: `anonymised:${String(c._id)}`,
          'preferredContact.hours': '',
          anonymisedAt: now,
        },
      },
    );
    count += res.modifiedCount;
  }
  if (count > 0) desk.log.info({ customers: count }, 'customer records anonymised');
  return count;
}
