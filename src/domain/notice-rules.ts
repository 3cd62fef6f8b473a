/**
 * What every alert and DM about a ticket shows (issue 18): the due time its "time left / late" is
 * measured against, the recipient's part in the ticket, and the one primary action it offers.
 */
import type { TicketView } from './views.ts';

/** How the recipient stands to the ticket (decides the primary action and whether contact details may be shown). */
export type NoticeRole = 'supervisor' | 'channel' | 'agent' | 'other';

/** The one primary action of a notice. */
export type PrimaryAction =
  | 'view'
  | 'take'
  | 'assign'
  | 'informed'
  | 'survey'
  | 'accept'
  | 'approve'
  | 'acknowledge';

/**
 * The due time that matters now: the response due while unclaimed, the resolution due while open,
 * the result notice (then the follow-up clock) once resolved, nothing once closed.
 */
export function noticeDueOf(
  t: Pick<
    TicketView,
    'status' | 'responseDueAt' | 'resolutionDueAt' | 'customerNotifiedAt' | 'customerNotifyDueAt' | 'clocks'
  >,
): Date | null {
  if (t.status === 'closed') return null;
  if (t.status === 'new') return t.responseDueAt;
  if (t.status === 'resolved') {
    if (!t.customerNotifiedAt) return t.customerNotifyDueAt ?? null;
    const followUp = (t.clocks ?? []).find(
      (c) => c.kind === 'follow_up' && (c.state === 'running' || c.state === 'breached'),
    );
    return followUp?.dueAt ?? null;
  }
  return t.resolutionDueAt;
}

/**
 * The primary action, from the notice's own buttons (by action kind) and the ticket's state:
 * - a follow-up's Record, the result notice's Mark customer informed (while not yet told), an
 *   assignment's Accept, an approval request's Approve and a collaboration request's Acknowledge
 *   are the action the notice is about;
 * - unclaimed: supervisors get Assign to…, everyone else Take it;
 * - otherwise View.
 */
export function primaryActionOf(
  t: Pick<TicketView, 'status' | 'customerNotifiedAt'>,
  role: NoticeRole,
  has: { survey: boolean; informed: boolean; accept: boolean; approve?: boolean; acknowledge?: boolean },
): PrimaryAction {
  if (has.approve && t.status === 'pending_approval') return 'approve';
  if (has.acknowledge && t.status !== 'resolved' && t.status !== 'closed') return 'acknowledge';
  if (has.survey && t.status === 'resolved') return 'survey';
  if (has.informed && t.status === 'resolved' && !t.customerNotifiedAt) return 'informed';
  if (has.accept && t.status === 'new') return 'accept';
  if (t.status === 'new') {
    if (role === 'supervisor') return 'assign';
    if (role !== 'agent') return 'take';
  }
  return 'view';
}
