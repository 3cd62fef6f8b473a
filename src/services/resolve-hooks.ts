/**
 * Extension point: work that follows a resolution (e.g. scheduling the satisfaction follow-up).
 * The resolve and approve services call `onResolved` after a ticket became `resolved`; modules
 * register their hook by pushing onto `onResolvedHooks`. Hooks run in order; one failing hook is
 * logged and does not stop the others.
 */
import type { Desk } from '../context.ts';
import type { TicketDoc } from '../db/models/index.ts';

export const onResolvedHooks: Array<(desk: Desk, ticket: TicketDoc) => Promise<void>> = [];

export async function onResolved(desk: Desk, ticket: TicketDoc): Promise<void> {
  for (const hook of onResolvedHooks) {
    try {
      await hook(desk, ticket);
    } catch (err) {
      desk.log.error({ ticket: ticket.number, err: (err as Error).message }, 'resolved hook failed');
    }
  }
}
