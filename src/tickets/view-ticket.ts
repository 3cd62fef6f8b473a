/** Looking at a ticket: masked by default; a full view is allowed per permissions and recorded. */
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { maySeeFullDetails } from './permissions.ts';

export async function viewTicket(
  desk: Desk,
  user: string,
  number: string,
): Promise<{ ticket: TicketDoc; full: boolean } | null> {
  const ticket = await desk.models.Ticket.findOne({ number });
  if (!ticket) return null;
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
