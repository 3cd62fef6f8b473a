/**
 * The ticket life cycle as one state machine. Every status change in the app goes through
 * `transition`, so a button that is pressed twice, or on a stale message, is refused with a
 * reason code the UI can explain ("this ticket is not claimed yet").
 *
 * `=` keeps the status; `stage` is `waiting_customer` when the posted progress stage waits on the
 * customer, else `in_progress`; other plain entries are the target status; `(…)` is the denied
 * reason. Columns: new, claimed, in_progress, waiting_customer, pending_approval, resolved, closed.
 *
 * | action             | new            | claimed          | in_progress      | waiting_customer | pending_approval   | resolved           | closed      |
 * |--------------------|----------------|------------------|------------------|------------------|--------------------|--------------------|-------------|
 * | claim              | claimed        | (already_claimed)| (already_claimed)| (already_claimed)| (already_claimed)  | (already_resolved) | (closed)    |
 * | progress           | (not_claimed)  | stage            | stage            | stage            | (pending_approval) | (already_resolved) | (closed)    |
 * | transfer           | new            | new              | new              | new              | (pending_approval) | (already_resolved) | (closed)    |
 * | add_collaborators  | (not_claimed)  | =                | =                | =                | (pending_approval) | (already_resolved) | (closed)    |
 * | escalate           | =              | =                | =                | =                | (pending_approval) | (already_resolved) | (closed)    |
 * | reassign           | (not_claimed)  | =                | =                | =                | (pending_approval) | (already_resolved) | (closed)    |
 * | snooze             | (not_claimed)  | =                | =                | =                | =                  | (already_resolved) | (closed)    |
 * | request_resolution | (not_claimed)  | pending_approval | pending_approval | pending_approval | (pending_approval) | (already_resolved) | (closed)    |
 * | resolve            | (not_claimed)  | resolved         | resolved         | resolved         | (pending_approval) | (already_resolved) | (closed)    |
 * | approve            | (not_pending_approval) | (not_pending_approval) | (not_pending_approval) | (not_pending_approval) | resolved | (already_resolved) | (closed) |
 * | reject             | (not_pending_approval) | (not_pending_approval) | (not_pending_approval) | (not_pending_approval) | in_progress | (already_resolved) | (closed) |
 * | notify_customer    | (not_resolved) | (not_resolved)   | (not_resolved)   | (not_resolved)   | (not_resolved)     | =                  | (closed)    |
 * | reopen             | (not_resolved) | (not_resolved)   | (not_resolved)   | (not_resolved)   | (not_resolved)     | in_progress        | in_progress |
 * | close              | (not_resolved) | (not_resolved)   | (not_resolved)   | (not_resolved)   | (not_resolved)     | closed             | (closed)    |
 * | contact            | =              | =                | =                | =                | =                  | =                  | (closed)    |
 * | confirm_emergency  | =              | =                | =                | =                | =                  | (already_resolved) | (closed)    |
 * | hand_over          | =              | =                | =                | =                | =                  | =                  | (closed)    |
 *
 * Decisions
 * - Transfer is an action, not a status: the same ticket moves to the target department and is
 *   `new` (unclaimed) there. It is refused while an approval is pending and once resolved.
 * - Escalate is allowed from `new` (unclaimed tickets also go up the chain) but not while an
 *   approval is pending (the supervisor already holds it) nor after resolution.
 * - Snooze (postpone the owner's reminders) needs an owner, so not from `new`; it is allowed while
 *   an approval is pending, and not after resolution (telling the customer is an SLA duty).
 * - While `pending_approval` the ticket is frozen except for approve/reject/snooze: the supervisor
 *   decides first; "already claimed" is the reason given for claim there (it has an owner).
 * - Reopen (dissatisfied follow-up, second round of handling) goes back to `in_progress` with the
 *   previous owner, from `resolved` and from `closed`.
 * - Contact (a recorded customer contact) and hand_over (the first-contact agent's role passes to a
 *   colleague) keep the status and are possible until the ticket is closed: the agent tells the
 *   customer the result and follows up after resolution. Confirming the emergency process started
 *   is possible until resolution.
 * - Unknown statuses or actions (untyped input) are refused with `invalid`.
 */
import type { TicketStatus } from './types.ts';
import { isOneOf, TICKET_STATUSES } from './types.ts';

export const LIFECYCLE_ACTIONS = [
  'claim',
  'progress',
  'transfer',
  'add_collaborators',
  'escalate',
  'request_resolution',
  'resolve',
  'approve',
  'reject',
  'notify_customer',
  'reopen',
  'close',
  'reassign',
  'snooze',
  'contact',
  'confirm_emergency',
  'hand_over',
] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

export const DENIED_REASONS = [
  'not_claimed',
  'already_claimed',
  'already_resolved',
  'closed',
  'pending_approval',
  'not_pending_approval',
  'not_resolved',
  'invalid',
] as const;
/** Why an action is refused, as a code for the UI. */
export type DeniedReason = (typeof DENIED_REASONS)[number];

export interface TransitionOptions {
  /** Id of the progress stage posted with a `progress` action; 'waiting_customer' waits on the customer. */
  progressStage?: string;
  /** The stage's `waitingOnCustomer` flag from the config; when given it wins over `progressStage`. */
  waitingOnCustomer?: boolean;
}

export type TransitionResult = { ok: true; to: TicketStatus } | { ok: false; reason: DeniedReason };

type Cell = { to: TicketStatus | 'same' | 'stage' } | { deny: DeniedReason };
/** One cell per status, in TICKET_STATUSES order. */
type Row = readonly [Cell, Cell, Cell, Cell, Cell, Cell, Cell];

const same: Cell = { to: 'same' };
const stage: Cell = { to: 'stage' };
const to = (status: TicketStatus): Cell => ({ to: status });
const no = (reason: DeniedReason): Cell => ({ deny: reason });
const notClaimed = no('not_claimed');
const pending = no('pending_approval');
const resolvedAlready = no('already_resolved');
const closed = no('closed');
const notResolved = no('not_resolved');
const notPending = no('not_pending_approval');
const claimedAlready = no('already_claimed');
const toApproval = to('pending_approval');

// Same table as the comment above; columns in TICKET_STATUSES order.
// biome-ignore format: keep the state table aligned
const TABLE: Record<LifecycleAction, Row> = {
  //                   new             claimed              in_progress          waiting_customer     pending_approval     resolved             closed
  claim:              [to('claimed'),  claimedAlready,      claimedAlready,      claimedAlready,      claimedAlready,      resolvedAlready,     closed],
  progress:           [notClaimed,     stage,               stage,               stage,               pending,             resolvedAlready,     closed],
  transfer:           [to('new'),      to('new'),           to('new'),           to('new'),           pending,             resolvedAlready,     closed],
  add_collaborators:  [notClaimed,     same,                same,                same,                pending,             resolvedAlready,     closed],
  escalate:           [same,           same,                same,                same,                pending,             resolvedAlready,     closed],
  reassign:           [notClaimed,     same,                same,                same,                pending,             resolvedAlready,     closed],
  snooze:             [notClaimed,     same,                same,                same,                same,                resolvedAlready,     closed],
  request_resolution: [notClaimed,     toApproval,          toApproval,          toApproval,          pending,             resolvedAlready,     closed],
  resolve:            [notClaimed,     to('resolved'),      to('resolved'),      to('resolved'),      pending,             resolvedAlready,     closed],
  approve:            [notPending,     notPending,          notPending,          notPending,          to('resolved'),      resolvedAlready,     closed],
  reject:             [notPending,     notPending,          notPending,          notPending,          to('in_progress'),   resolvedAlready,     closed],
  notify_customer:    [notResolved,    notResolved,         notResolved,         notResolved,         notResolved,         same,                closed],
  reopen:             [notResolved,    notResolved,         notResolved,         notResolved,         notResolved,         to('in_progress'),   to('in_progress')],
  close:              [notResolved,    notResolved,         notResolved,         notResolved,         notResolved,         to('closed'),        closed],
  contact:            [same,           same,                same,                same,                same,                same,                closed],
  confirm_emergency:  [same,           same,                same,                same,                same,                resolvedAlready,     closed],
  hand_over:          [same,           same,                same,                same,                same,                same,                closed],
};

/** Applies `action` to a ticket in `status`: the new status, or why the action is refused. */
export function transition(
  status: TicketStatus,
  action: LifecycleAction,
  opts: TransitionOptions = {},
): TransitionResult {
  if (!isOneOf(TICKET_STATUSES, status) || !isOneOf(LIFECYCLE_ACTIONS, action))
    return { ok: false, reason: 'invalid' };
  const cell = TABLE[action][TICKET_STATUSES.indexOf(status)]!;
  if ('deny' in cell) return { ok: false, reason: cell.deny };
  if (cell.to === 'same') return { ok: true, to: status };
  if (cell.to === 'stage') {
    const waiting = opts.waitingOnCustomer ?? opts.progressStage === 'waiting_customer';
    return { ok: true, to: waiting ? 'waiting_customer' : 'in_progress' };
  }
  return { ok: true, to: cell.to };
}

/** Not yet resolved or closed (still counts for SLA, nudges and the open queue). */
export function isOpen(status: TicketStatus): boolean {
  return status !== 'resolved' && status !== 'closed';
}

/** Has a current owner who is handling it: claimed, in progress, waiting on the customer or pending approval. */
export function isClaimed(status: TicketStatus): boolean {
  return (
    status === 'claimed' ||
    status === 'in_progress' ||
    status === 'waiting_customer' ||
    status === 'pending_approval'
  );
}

/** Actions `transition` accepts from `status`, in LIFECYCLE_ACTIONS order. */
export function allowedActions(status: TicketStatus): LifecycleAction[] {
  return LIFECYCLE_ACTIONS.filter((action) => transition(status, action).ok);
}
