/**
 * Customers as records (issue 13): matched at intake by customer ID, phone or email, created when
 * none matches (ID = config prefix + an atomic serial; an ID typed at intake that is not known yet,
 * e.g. from an older CRM, is kept). Two intakes of the same new customer at once create one record:
 * the unique `matchKey` refuses the second insert, which then takes the first one's record.
 */
import { userText } from '../../blocks/text.ts';
import type { Desk } from '../context.ts';
import type { CustomerFields } from '../db/models/index.ts';
import type { Intake } from '../domain/intake.ts';
import { normalizePhone } from '../domain/masking.ts';
import { parsePhone } from '../domain/phone.ts';
import { OPEN_STATUSES } from '../reports/report.ts';
import { recordAudit } from './audit.ts';
import { isDirector, isSupervisor } from './permissions.ts';
import { recordOnTicket } from './ticket-change.ts';

export type CustomerRecord = CustomerFields & { _id: unknown };

export function formatCustomerId(config: Desk['config'], serial: number): string {
  return `${config.customers.idPrefix}${String(serial).padStart(config.customers.serialDigits, '0')}`;
}

async function nextCustomerSerial(desk: Desk): Promise<number> {
  const doc = await desk.models.Counter.findOneAndUpdate(
    { _id: 'customer' },
    { $inc: { seq: 1 } },
    { upsert: true, returnDocument: 'after', lean: true },
  );
  return doc!.seq;
}

/** The customer known by this ID, phone or email (in that order), or null. */
export async function findCustomer(
  desk: Desk,
  by: { customerId?: string; phone?: string; email?: string },
): Promise<CustomerRecord | null> {
  const { Customer } = desk.models;
  const id = by.customerId?.trim().toUpperCase();
  if (id) {
    const c = await Customer.findOne({ customerId: id }).lean();
    if (c) return c as CustomerRecord;
  }
  const parsed = by.phone ? parsePhone(by.phone) : null;
  const phone = parsed?.ok ? parsed.normalized : by.phone ? normalizePhone(by.phone) : '';
  if (phone) {
    const c = await Customer.findOne({ phones: { $in: [phone, by.phone ?? phone] } }).lean();
    if (c) return c as CustomerRecord;
  }
  const email = by.email?.trim().toLowerCase();
  if (email) {
    const c = await Customer.findOne({ emails: email }).lean();
    if (c) return c as CustomerRecord;
  }
  return null;
}

/** The tier's settings (the default tier when unknown). */
export function tierOf(config: Desk['config'], tierId: string | undefined) {
  const { tiers, defaultTier } = config.customers;
  return tiers.find((t) => t.id === tierId) ?? tiers.find((t) => t.id === defaultTier)!;
}

/** Matches the intake's customer or creates it; new phones, emails and contact persons are added. */
export async function customerForIntake(desk: Desk, intake: Intake, by: string): Promise<CustomerRecord> {
  const { Customer } = desk.models;
  const now = desk.clock.now();
  const phones = intake.phone ? [intake.phone] : [];
  const emails = intake.email ? [intake.email.toLowerCase()] : [];
  const contact = intake.contactName
    ? { name: intake.contactName, role: intake.contactRole ?? '', phones, email: emails[0] ?? '' }
    : null;
  const known = await findCustomer(desk, intake);
  if (known) {
    const isNewContact = contact && !known.contacts.some((c) => c.name === contact.name);
    const fillsIndustry = !known.industry && !!intake.industry;
    const fillsPreferred = !known.preferredContact?.method && !!intake.preferredContact;
    const newPhones = phones.filter((p) => !known.phones.includes(p));
    const newEmails = emails.filter((e) => !known.emails.includes(e));
    // A returning customer with nothing new: no write (one database round trip fewer per intake).
    if (!isNewContact && !fillsIndustry && !fillsPreferred && !newPhones.length && !newEmails.length)
      return known;
    const updated = await Customer.findOneAndUpdate(
      { _id: known._id },
      {
        $addToSet: { phones: { $each: phones }, emails: { $each: emails } },
        ...(isNewContact ? { $push: { contacts: contact } } : {}),
        $set: {
          updatedAt: now,
          ...(fillsIndustry ? { industry: intake.industry } : {}),
          ...(fillsPreferred && intake.preferredContact
            ? { preferredContact: { method: intake.preferredContact, hours: intake.preferredHours ?? '' } }
            : {}),
        },
      },
      { returnDocument: 'after' },
    ).lean();
    return (updated ?? known) as CustomerRecord;
  }
  const typedId = intake.customerId.trim().toUpperCase();
  const matchKey = typedId ? `id:${typedId}` : phones[0] ? `phone:${phones[0]}` : `email:${emails[0] ?? ''}`;
  const customerId = typedId || formatCustomerId(desk.config, await nextCustomerSerial(desk));
  try {
    const created = await Customer.create({
      customerId,
      matchKey,
      name: intake.customerName,
      contacts: contact ? [contact] : [],
      phones,
      emails,
      industry: intake.industry ?? intake.company ?? '',
      tier: desk.config.customers.defaultTier,
      preferredContact: { method: intake.preferredContact ?? '', hours: intake.preferredHours ?? '' },
      tags: [],
      createdAt: now,
      createdBy: by,
    });
    desk.log.info({ customer: customerId }, 'customer created');
    return created.toObject() as CustomerRecord;
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    // The same new customer stored a moment ago by another intake: take that record (the serial
    // drawn here stays unused: IDs are unique and never reused, a gap is allowed).
    const winner = (await Customer.findOne({ matchKey }).lean()) ?? (await findCustomer(desk, intake));
    if (!winner) throw err;
    return customerForIntake(desk, intake, by);
  }
}

/** A customer's open tickets (newest first, at most 10). */
export async function openTicketsOf(desk: Desk, customerId: string) {
  return desk.models.Ticket.find(
    { 'customer.customerId': customerId, status: { $in: OPEN_STATUSES } },
    { number: 1, status: 1, departmentId: 1, openedAt: 1 },
  )
    .sort({ openedAt: -1 })
    .limit(10)
    .lean();
}

/**
 * A known customer calls again about an open ticket: the intake's description is added to that
 * ticket (history + a note in the card's thread) instead of opening a duplicate.
 */
export async function addToOpenTicket(
  desk: Desk,
  req: { number: string; by: string; text: string },
): Promise<{ ok: true; number: string } | { ok: false }> {
  const t = await desk.models.Ticket.findOne({ number: req.number, status: { $in: OPEN_STATUSES } });
  if (!t) return { ok: false };
  const updated = await recordOnTicket(
    desk,
    t._id,
    { by: req.by, action: 'customer_again', note: req.text.slice(0, 500) },
    { $set: { lastProgressAt: desk.clock.now() } },
    { status: { $in: OPEN_STATUSES } },
    {
      notices: [
        {
          key: `customer_again:${t._id}:${desk.clock.now().getTime()}`,
          to: t.card?.channel ?? '',
          inThread: true,
          ticketId: t._id,
          message: 'intake.added.note',
          params: { user: req.by, text: userText(req.text, 1500) },
        },
      ],
    },
  );
  return updated ? { ok: true, number: t.number } : { ok: false };
}

export interface ProfileChanges {
  name: string;
  industry: string;
  tier: string;
  method: string;
  hours: string;
  tags: string[];
}

/** Supervisors and directors edit a customer's profile; every change is audited (before → after). */
export async function updateCustomerProfile(
  desk: Desk,
  req: { customerId: string; by: string; changes: ProfileChanges },
): Promise<{ ok: true } | { ok: false; reason: 'denied' | 'not_found' | 'invalid_tier' }> {
  if (!isSupervisor(desk.config, req.by) && !isDirector(desk.config, req.by))
    return { ok: false, reason: 'denied' };
  if (!desk.config.customers.tiers.some((t) => t.id === req.changes.tier))
    return { ok: false, reason: 'invalid_tier' };
  const { Customer } = desk.models;
  const before = await Customer.findOne({ customerId: req.customerId }).lean();
  if (!before) return { ok: false, reason: 'not_found' };
  const after = {
    name: req.changes.name,
    industry: req.changes.industry,
    tier: req.changes.tier,
    preferredContact: { method: req.changes.method, hours: req.changes.hours },
    tags: req.changes.tags,
  };
  await Customer.updateOne({ _id: before._id }, { $set: { ...after, updatedAt: desk.clock.now() } });
  const changed = Object.fromEntries(
    Object.entries(after)
      .filter(([k, v]) => JSON.stringify((before as Record<string, unknown>)[k]) !== JSON.stringify(v))
      .map(([k, v]) => [k, { from: (before as Record<string, unknown>)[k], to: v }]),
  );
  await recordAudit(desk, {
    by: req.by,
    action: 'customer_edit',
    details: { customerId: req.customerId, changed },
  });
  return { ok: true };
}
