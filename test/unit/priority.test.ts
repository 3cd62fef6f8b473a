import { describe, expect, it } from 'vitest';
import type { PriorityInput, PriorityReason } from '../../src/domain/priority.ts';
import { derivePriority, isStricter, raisePriority, stricterOf } from '../../src/domain/priority.ts';
import type { Impact, Priority, RequestType, Urgency } from '../../src/domain/types.ts';
import { IMPACTS, PRIORITIES, REQUEST_TYPES, URGENCIES } from '../../src/domain/types.ts';

type Row = [
  label: string,
  categoryDefault: Priority,
  urgency: Urgency,
  impact: Impact,
  keyAccount: boolean,
  requestType: RequestType,
  priority: Priority,
  reason: PriorityReason,
];

const rows: Row[] = [
  // category default only
  ['plain P3 consultation', 'P3', 'normal', 'none', false, 'consultation', 'P3', 'category_default'],
  ['plain P2 category', 'P2', 'normal', 'none', false, 'service_request', 'P2', 'category_default'],
  ['plain P1 category', 'P1', 'normal', 'none', false, 'after_sales', 'P1', 'category_default'],
  ['suggestion stays P3', 'P3', 'normal', 'none', false, 'suggestion', 'P3', 'category_default'],
  ['care stays P3', 'P3', 'normal', 'none', false, 'care', 'P3', 'category_default'],
  // core business blocked
  ['blocking from P3', 'P3', 'normal', 'blocking', false, 'service_request', 'P1', 'core_blocked'],
  ['blocking from P2', 'P2', 'normal', 'blocking', false, 'service_request', 'P1', 'core_blocked'],
  ['blocking in a P1 category', 'P1', 'normal', 'blocking', false, 'service_request', 'P1', 'core_blocked'],
  // critical urgency
  ['critical from P3', 'P3', 'critical', 'none', false, 'consultation', 'P1', 'critical_urgency'],
  ['critical from P2', 'P2', 'critical', 'partial', false, 'consultation', 'P1', 'critical_urgency'],
  [
    'critical and blocking: blocking named first',
    'P3',
    'critical',
    'blocking',
    false,
    'consultation',
    'P1',
    'core_blocked',
  ],
  // key account raises the category default one level
  ['key account P3 → P2', 'P3', 'normal', 'none', true, 'consultation', 'P2', 'key_account'],
  ['key account P2 → P1', 'P2', 'normal', 'none', true, 'consultation', 'P1', 'key_account'],
  ['key account in a P1 category', 'P1', 'normal', 'none', true, 'consultation', 'P1', 'key_account'],
  ['key account and blocking', 'P3', 'normal', 'blocking', true, 'service_request', 'P1', 'core_blocked'],
  ['key account and critical', 'P2', 'critical', 'none', true, 'service_request', 'P1', 'critical_urgency'],
  ['key account + urgent do not stack', 'P3', 'urgent', 'none', true, 'service_request', 'P2', 'key_account'],
  [
    'key account + partial do not stack',
    'P3',
    'normal',
    'partial',
    true,
    'service_request',
    'P2',
    'key_account',
  ],
  ['key account P2 + partial', 'P2', 'normal', 'partial', true, 'service_request', 'P1', 'key_account'],
  // urgent raises P3 to P2
  ['urgent P3 → P2', 'P3', 'urgent', 'none', false, 'consultation', 'P2', 'urgent'],
  ['urgent in a P2 category', 'P2', 'urgent', 'none', false, 'consultation', 'P2', 'urgent'],
  ['urgent never lowers P1', 'P1', 'urgent', 'none', false, 'consultation', 'P1', 'category_default'],
  ['urgent + partial', 'P3', 'urgent', 'partial', false, 'consultation', 'P2', 'urgent'],
  // partial impact → at least P2
  ['partial P3 → P2', 'P3', 'normal', 'partial', false, 'after_sales', 'P2', 'partial_impact'],
  ['partial in a P2 category', 'P2', 'normal', 'partial', false, 'after_sales', 'P2', 'partial_impact'],
  ['partial never lowers P1', 'P1', 'normal', 'partial', false, 'after_sales', 'P1', 'category_default'],
  // complaint → at least P2
  ['complaint P3 → P2', 'P3', 'normal', 'none', false, 'complaint', 'P2', 'complaint'],
  ['complaint + partial', 'P3', 'normal', 'partial', false, 'complaint', 'P2', 'partial_impact'],
  ['complaint + urgent', 'P3', 'urgent', 'none', false, 'complaint', 'P2', 'urgent'],
  ['complaint + blocking', 'P3', 'normal', 'blocking', false, 'complaint', 'P1', 'core_blocked'],
  [
    'complaint by a key account in a P2 category',
    'P2',
    'normal',
    'none',
    true,
    'complaint',
    'P1',
    'key_account',
  ],
  ['complaint in a P1 category', 'P1', 'normal', 'none', false, 'complaint', 'P1', 'category_default'],
];

describe('derivePriority', () => {
  it.each(rows)(
    '%s',
    (_label, categoryDefault, urgency, impact, keyAccount, requestType, priority, reason) => {
      expect(derivePriority({ categoryDefault, urgency, impact, keyAccount, requestType })).toEqual({
        priority,
        reason,
      });
    },
  );

  const all: PriorityInput[] = PRIORITIES.flatMap((categoryDefault) =>
    URGENCIES.flatMap((urgency) =>
      IMPACTS.flatMap((impact) =>
        [false, true].flatMap((keyAccount) =>
          REQUEST_TYPES.map((requestType) => ({ categoryDefault, urgency, impact, keyAccount, requestType })),
        ),
      ),
    ),
  );

  it('over all combinations: never below the default, P1 when blocked or critical, reason holds', () => {
    expect(all).toHaveLength(3 * 3 * 3 * 2 * 6);
    for (const input of all) {
      const { priority, reason } = derivePriority(input);
      expect(isStricter(input.categoryDefault, priority)).toBe(false);
      if (input.impact === 'blocking' || input.urgency === 'critical') expect(priority).toBe('P1');
      const holds: Record<PriorityReason, boolean> = {
        core_blocked: input.impact === 'blocking',
        critical_urgency: input.urgency === 'critical',
        key_account: input.keyAccount,
        urgent: input.urgency === 'urgent',
        partial_impact: input.impact === 'partial',
        complaint: input.requestType === 'complaint',
        category_default: priority === input.categoryDefault,
      };
      expect(holds[reason], `${JSON.stringify(input)} → ${priority} ${reason}`).toBe(true);
    }
  });

  it('over all combinations: without any raising factor the default stands', () => {
    for (const input of all) {
      if (
        input.impact !== 'none' ||
        input.urgency !== 'normal' ||
        input.keyAccount ||
        input.requestType === 'complaint'
      )
        continue;
      expect(derivePriority(input)).toEqual({ priority: input.categoryDefault, reason: 'category_default' });
    }
  });
});

describe('priority helpers', () => {
  it.each([
    ['P3', 'P2'],
    ['P2', 'P1'],
    ['P1', 'P1'],
  ] as const)('raisePriority(%s) = %s', (p, raised) => {
    expect(raisePriority(p)).toBe(raised);
  });

  it.each([
    ['P1', 'P2', true, 'P1'],
    ['P2', 'P1', false, 'P1'],
    ['P2', 'P3', true, 'P2'],
    ['P3', 'P3', false, 'P3'],
  ] as const)('isStricter(%s, %s) = %s, stricterOf = %s', (a, b, stricter, of) => {
    expect(isStricter(a, b)).toBe(stricter);
    expect(stricterOf(a, b)).toBe(of);
  });
});
