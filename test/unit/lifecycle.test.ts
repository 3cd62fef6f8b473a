import { describe, expect, it } from 'vitest';
import type { DeniedReason, LifecycleAction, TransitionResult } from '../../src/domain/lifecycle.ts';
import {
  allowedActions,
  isClaimed,
  isOpen,
  LIFECYCLE_ACTIONS,
  transition,
} from '../../src/domain/lifecycle.ts';
import type { TicketStatus } from '../../src/domain/types.ts';
import { TICKET_STATUSES } from '../../src/domain/types.ts';

/**
 * Expected outcome of every action from every status, written out independently of the
 * implementation: `>status` = allowed with that target, `!reason` = denied.
 * Columns: new, claimed, in_progress, waiting_customer, pending_approval, resolved, closed.
 * `progress` is checked with the default options here (→ in_progress).
 */
const EXPECTED: Record<LifecycleAction, readonly string[]> = {
  claim: [
    '>claimed',
    '!already_claimed',
    '!already_claimed',
    '!already_claimed',
    '!already_claimed',
    '!already_resolved',
    '!closed',
  ],
  progress: [
    '!not_claimed',
    '>in_progress',
    '>in_progress',
    '>in_progress',
    '!pending_approval',
    '!already_resolved',
    '!closed',
  ],
  transfer: ['>new', '>new', '>new', '>new', '!pending_approval', '!already_resolved', '!closed'],
  add_collaborators: [
    '!not_claimed',
    '>claimed',
    '>in_progress',
    '>waiting_customer',
    '!pending_approval',
    '!already_resolved',
    '!closed',
  ],
  escalate: [
    '>new',
    '>claimed',
    '>in_progress',
    '>waiting_customer',
    '!pending_approval',
    '!already_resolved',
    '!closed',
  ],
  request_resolution: [
    '!not_claimed',
    '>pending_approval',
    '>pending_approval',
    '>pending_approval',
    '!pending_approval',
    '!already_resolved',
    '!closed',
  ],
  resolve: [
    '!not_claimed',
    '>resolved',
    '>resolved',
    '>resolved',
    '!pending_approval',
    '!already_resolved',
    '!closed',
  ],
  approve: [
    '!not_pending_approval',
    '!not_pending_approval',
    '!not_pending_approval',
    '!not_pending_approval',
    '>resolved',
    '!already_resolved',
    '!closed',
  ],
  reject: [
    '!not_pending_approval',
    '!not_pending_approval',
    '!not_pending_approval',
    '!not_pending_approval',
    '>in_progress',
    '!already_resolved',
    '!closed',
  ],
  notify_customer: [
    '!not_resolved',
    '!not_resolved',
    '!not_resolved',
    '!not_resolved',
    '!not_resolved',
    '>resolved',
    '!closed',
  ],
  reopen: [
    '!not_resolved',
    '!not_resolved',
    '!not_resolved',
    '!not_resolved',
    '!not_resolved',
    '>in_progress',
    '>in_progress',
  ],
  close: [
    '!not_resolved',
    '!not_resolved',
    '!not_resolved',
    '!not_resolved',
    '!not_resolved',
    '>closed',
    '!closed',
  ],
  reassign: [
    '!not_claimed',
    '>claimed',
    '>in_progress',
    '>waiting_customer',
    '!pending_approval',
    '!already_resolved',
    '!closed',
  ],
  snooze: [
    '!not_claimed',
    '>claimed',
    '>in_progress',
    '>waiting_customer',
    '>pending_approval',
    '!already_resolved',
    '!closed',
  ],
  contact: [
    '>new',
    '>claimed',
    '>in_progress',
    '>waiting_customer',
    '>pending_approval',
    '>resolved',
    '!closed',
  ],
  confirm_emergency: [
    '>new',
    '>claimed',
    '>in_progress',
    '>waiting_customer',
    '>pending_approval',
    '!already_resolved',
    '!closed',
  ],
  hand_over: [
    '>new',
    '>claimed',
    '>in_progress',
    '>waiting_customer',
    '>pending_approval',
    '>resolved',
    '!closed',
  ],
};

function expected(code: string): TransitionResult {
  return code.startsWith('>')
    ? { ok: true, to: code.slice(1) as TicketStatus }
    : { ok: false, reason: code.slice(1) as DeniedReason };
}

const matrix = LIFECYCLE_ACTIONS.flatMap((action) =>
  TICKET_STATUSES.map((status, i) => [action, status, EXPECTED[action][i]!] as const),
);

describe('transition: every action from every status', () => {
  it('covers all 17 actions × 7 statuses', () => {
    expect(matrix).toHaveLength(17 * 7);
    for (const row of Object.values(EXPECTED)) expect(row).toHaveLength(TICKET_STATUSES.length);
  });

  it.each(matrix)('%s from %s → %s', (action, status, code) => {
    expect(transition(status, action)).toEqual(expected(code));
  });
});

describe('transition: progress stage', () => {
  it.each([
    ['claimed', { progressStage: 'waiting_customer' }, 'waiting_customer'],
    ['in_progress', { progressStage: 'waiting_customer' }, 'waiting_customer'],
    ['waiting_customer', { progressStage: 'waiting_customer' }, 'waiting_customer'],
    ['claimed', { progressStage: 'review' }, 'in_progress'],
    ['waiting_customer', { progressStage: 'executing' }, 'in_progress'],
    ['waiting_customer', {}, 'in_progress'],
    ['in_progress', { progressStage: 'customer_docs', waitingOnCustomer: true }, 'waiting_customer'],
    ['in_progress', { progressStage: 'waiting_customer', waitingOnCustomer: false }, 'in_progress'],
  ] as const)('progress from %s with %o → %s', (status, opts, to) => {
    expect(transition(status, 'progress', opts)).toEqual({ ok: true, to });
  });

  it.each([
    ['new', 'not_claimed'],
    ['pending_approval', 'pending_approval'],
    ['resolved', 'already_resolved'],
    ['closed', 'closed'],
  ] as const)('a waiting stage does not help from %s (%s)', (status, reason) => {
    expect(transition(status, 'progress', { progressStage: 'waiting_customer' })).toEqual({
      ok: false,
      reason,
    });
  });

  it('options do not affect other actions', () => {
    expect(transition('in_progress', 'resolve', { progressStage: 'waiting_customer' })).toEqual({
      ok: true,
      to: 'resolved',
    });
  });
});

describe('transition: untyped input', () => {
  it.each([
    ['unknown status', 'transferred', 'claim'],
    ['unknown action', 'new', 'delete'],
    ['prototype key', 'new', '__proto__'],
    ['undefined', undefined, undefined],
  ])('%s → invalid', (_label, status, action) => {
    expect(transition(status as unknown as TicketStatus, action as unknown as LifecycleAction)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });
});

describe('status helpers', () => {
  it.each([
    ['new', true, false],
    ['claimed', true, true],
    ['in_progress', true, true],
    ['waiting_customer', true, true],
    ['pending_approval', true, true],
    ['resolved', false, false],
    ['closed', false, false],
  ] as const)('%s: open %s, claimed %s', (status, open, claimed) => {
    expect(isOpen(status)).toBe(open);
    expect(isClaimed(status)).toBe(claimed);
  });

  it.each([
    ['new', ['claim', 'transfer', 'escalate', 'contact', 'confirm_emergency', 'hand_over']],
    [
      'claimed',
      [
        'progress',
        'transfer',
        'add_collaborators',
        'escalate',
        'request_resolution',
        'resolve',
        'reassign',
        'snooze',
        'contact',
        'confirm_emergency',
        'hand_over',
      ],
    ],
    [
      'in_progress',
      [
        'progress',
        'transfer',
        'add_collaborators',
        'escalate',
        'request_resolution',
        'resolve',
        'reassign',
        'snooze',
        'contact',
        'confirm_emergency',
        'hand_over',
      ],
    ],
    [
      'waiting_customer',
      [
        'progress',
        'transfer',
        'add_collaborators',
        'escalate',
        'request_resolution',
        'resolve',
        'reassign',
        'snooze',
        'contact',
        'confirm_emergency',
        'hand_over',
      ],
    ],
    ['pending_approval', ['approve', 'reject', 'snooze', 'contact', 'confirm_emergency', 'hand_over']],
    ['resolved', ['notify_customer', 'reopen', 'close', 'contact', 'hand_over']],
    ['closed', ['reopen']],
  ] as const)('allowedActions(%s)', (status, actions) => {
    expect(allowedActions(status)).toEqual(actions);
  });

  it('allowedActions agrees with transition', () => {
    for (const status of TICKET_STATUSES) {
      for (const action of LIFECYCLE_ACTIONS) {
        expect(allowedActions(status).includes(action)).toBe(transition(status, action).ok);
      }
    }
  });

  it('no allowed action leaves an open ticket without a way to resolution', () => {
    // From every open status some sequence of allowed actions reaches `resolved`.
    for (const start of TICKET_STATUSES.filter(isOpen)) {
      const seen = new Set<TicketStatus>([start]);
      const queue: TicketStatus[] = [start];
      while (queue.length > 0) {
        const s = queue.shift()!;
        for (const action of allowedActions(s)) {
          const r = transition(s, action);
          if (r.ok && !seen.has(r.to)) {
            seen.add(r.to);
            queue.push(r.to);
          }
        }
      }
      expect(seen.has('resolved'), start).toBe(true);
    }
  });
});
