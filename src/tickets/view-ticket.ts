/**
 * Looking at a ticket: only for those who may look it up (handlers, its department, supervisors,
 * technical leads, directors, granted users); masked by default; a full view is allowed per
 * permissions and recorded.
 */
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { mayLookUp } from '../domain/access.ts';
import { lookupRoles } from './access.ts';
import { maySeeFullDetails } from './permissions.ts';

export type TicketLookup =
  | { ticket: TicketDoc; full: boolean; refused?: undefined }
  | { ticket: TicketDoc; refused: true; full?: undefined };

export async function viewTicket(desk: Desk, user: string, number: string): Promise<TicketLookup | null> {
  const ticket = await desk.models.Ticket.findOne({ number });
  if (!ticket) return null;
  if (!mayLookUp(await lookupRoles(desk, user), ticket)) return { ticket, refused: true };
  const full = maySeeFullDetails(desk.config, user, ticket);
  if (full) {
    // Every view of full customer details is itself recorded (who, when, what).
    await desk.models.Ticket.updateOne(
      { _id: ticket._id },
      {
        $push: { history: { at: desk.clock.now(), by: user, action: 'view_full', note: 'customer details' } },
      },
    );
  }
  return { ticket, full };
}
