/**
 * What follows a resolution: scheduling the satisfaction follow-up of that resolution. The resolve
 * and approve services call `onResolved` after a ticket became `resolved`. A failure is logged; the
 * follow-up job's plan sweeps recently resolved tickets, so a follow-up missed here is caught up.
 */
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';
import { scheduleFollowUp } from '../notices/followup.ts';

export async function onResolved(desk: Desk, ticket: TicketDoc): Promise<void> {
  try {
    await scheduleFollowUp(desk, ticket);
  } catch (err) {
    desk.log.error({ ticket: ticket.number, err: (err as Error).message }, 'follow-up not scheduled');
  }
}
