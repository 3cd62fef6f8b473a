/**
 * /ticket search, /ticket mine and /ticket customer. Search uses indexed fields only: the ticket
 * number, customer.customerId, customer.phoneLast4 and the `searchTokens` array (Latin words,
 * numbers and CJK bigrams from src/domain/search.ts; a ticket matches when it holds every token of
 * the query). Results are masked unless the asker may see full details of that ticket; a
 * customer's history shown in full is recorded on each ticket shown (history 'view_full').
 */
import type { Desk } from '../context.ts';
import type { TicketFields } from '../db/models/index.ts';
import { mayLookUp } from '../domain/access.ts';
import { normalizePhone, phoneLast4 } from '../domain/masking.ts';
import { parseTicketNumber } from '../domain/numbering.ts';
import { queryTokens } from '../domain/search.ts';
import type { Found } from '../domain/views.ts';
import { lookupRoles } from '../tickets/access.ts';
import { findCustomer } from '../tickets/customers.ts';
import { maySeeFullDetails } from '../tickets/permissions.ts';
import { OPEN_STATUSES } from './report.ts';

export type FoundTicket = TicketFields & { _id: unknown };
export interface SearchResult {
  hits: Found[];
  total: number;
  /** Matches the asker may not look up (not counted in `hits`). */
  hidden: HiddenRef[];
}

export const SEARCH_LIMIT = 20;
const HISTORY_LIMIT = 40;

const PROJECTION: Record<string, 0> = { history: 0, searchTokens: 0 };

function withAccess(desk: Desk, user: string, tickets: FoundTicket[]): (Found & { ticket: FoundTicket })[] {
  return tickets.map((ticket) => ({ ticket, full: maySeeFullDetails(desk.config, user, ticket) }));
}

/** A ticket found but not shown (the asker may not look it up): what access would let them see it. */
export interface HiddenRef {
  number: string;
  departmentId: string;
  customerId: string;
}

/** Splits found tickets into those the user may look up (masked unless allowed in full) and the rest. */
async function lookUpable(desk: Desk, user: string, tickets: FoundTicket[]) {
  const roles = await lookupRoles(desk, user);
  const visible = tickets.filter((t) => mayLookUp(roles, t));
  const hidden: HiddenRef[] = tickets
    .filter((t) => !mayLookUp(roles, t))
    .map((t) => ({
      number: t.number,
      departmentId: t.departmentId,
      customerId: t.customer?.customerId ?? '',
    }));
  return { visible: withAccess(desk, user, visible), hidden };
}

export function searchConditions(query: string): Record<string, unknown>[] {
  const q = query.trim();
  if (!q) return [];
  const or: Record<string, unknown>[] = [];
  const upper = q.toUpperCase();
  if (parseTicketNumber(upper)) or.push({ number: upper });
  if (/^[\w-]{3,40}$/.test(q)) or.push({ 'customer.customerId': { $in: [q, upper] } });
  if (/^\d{4}$/.test(q)) or.push({ 'customer.phoneLast4': q });
  const tokens = queryTokens(q);
  if (tokens.length) or.push({ searchTokens: { $all: tokens } });
  return or;
}

export async function searchTickets(desk: Desk, user: string, query: string): Promise<SearchResult> {
  const or = searchConditions(query);
  if (!or.length) return { hits: [], total: 0, hidden: [] };
  const filter = { $or: or };
  const [tickets, total] = await Promise.all([
    desk.models.Ticket.find(filter, PROJECTION).sort({ openedAt: -1 }).limit(SEARCH_LIMIT).lean(),
    desk.models.Ticket.countDocuments(filter),
  ]);
  const { visible, hidden } = await lookUpable(desk, user, tickets as unknown as FoundTicket[]);
  return { hits: visible, total: total - hidden.length, hidden };
}

/** Tickets the user opened that are not closed, and the open tickets they own. */
export async function myTickets(desk: Desk, user: string) {
  const { Ticket } = desk.models;
  const [opened, owned] = await Promise.all([
    Ticket.find({ openedBy: user, status: { $ne: 'closed' } }, PROJECTION)
      .sort({ openedAt: -1 })
      .limit(SEARCH_LIMIT)
      .lean(),
    Ticket.find({ ownerId: user, status: { $in: OPEN_STATUSES } }, PROJECTION)
      .sort({ openedAt: -1 })
      .limit(SEARCH_LIMIT)
      .lean(),
  ]);
  return {
    opened: withAccess(desk, user, opened as unknown as FoundTicket[]),
    owned: withAccess(desk, user, owned as unknown as FoundTicket[]),
  };
}

/**
 * A customer's whole history: by customer ID, or by phone (looked up through the indexed last 4
 * digits, then compared in full after normalising).
 */
export async function customerHistory(
  desk: Desk,
  user: string,
  query: string,
): Promise<{ found: Found[]; hidden: HiddenRef[] }> {
  const q = query.trim();
  if (!q) return { found: [], hidden: [] };
  const { Ticket } = desk.models;
  const digits = normalizePhone(q).replace('+', '');
  let tickets: FoundTicket[];
  const isPhone = /^[+\d\s()-]+$/.test(q) && digits.length >= 7;
  // A customer record known by this ID or phone: its tickets, whatever number each was opened with.
  const record = await findCustomer(desk, isPhone ? { phone: q } : { customerId: q });
  if (record) {
    tickets = (await Ticket.find({ 'customer.customerId': record.customerId }, PROJECTION)
      .sort({ openedAt: 1 })
      .lean()) as unknown as FoundTicket[];
  } else if (isPhone) {
    const wanted = normalizePhone(q);
    const candidates = (await Ticket.find({ 'customer.phoneLast4': phoneLast4(q) }, PROJECTION)
      .sort({ openedAt: 1 })
      .lean()) as unknown as FoundTicket[];
    tickets = candidates.filter((t) => normalizePhone(t.customer?.phone) === wanted);
  } else {
    tickets = (await Ticket.find({ 'customer.customerId': { $in: [q, q.toUpperCase()] } }, PROJECTION)
      .sort({ openedAt: 1 })
      .lean()) as unknown as FoundTicket[];
  }
  const { visible: found, hidden } = await lookUpable(desk, user, tickets.slice(-HISTORY_LIMIT));
  const fullIds = found.filter((f) => f.full).map((f) => f.ticket._id);
  if (fullIds.length) {
    await Ticket.updateMany(
      { _id: { $in: fullIds } },
      {
        $push: {
          history: { at: desk.clock.now(), by: user, action: 'view_full', note: 'customer history' },
        },
      },
    );
  }
  return { found, hidden };
}
