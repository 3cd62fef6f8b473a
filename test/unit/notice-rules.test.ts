/** Issue 18: which due time an alert measures, and its one primary action, per state and recipient. */
import { describe, expect, it } from 'vitest';
import { type NoticeRole, noticeDueOf, primaryActionOf } from '../../src/domain/notice-rules.ts';
import { afterCall, callKey } from '../../src/domain/survey.ts';

const none = { survey: false, informed: false, accept: false };

describe('primaryActionOf', () => {
  const cases: [
    string,
    string,
    NoticeRole,
    Partial<typeof none & { approve: boolean; acknowledge: boolean }>,
    string,
  ][] = [
    ['new', '', 'supervisor', {}, 'assign'],
    ['new', '', 'channel', {}, 'take'],
    ['new', '', 'other', {}, 'take'],
    ['new', '', 'agent', {}, 'view'],
    ['new', '', 'other', { accept: true }, 'accept'],
    ['claimed', '', 'supervisor', {}, 'view'],
    ['in_progress', '', 'other', { accept: true }, 'view'],
    ['resolved', '', 'agent', { informed: true }, 'informed'],
    ['resolved', 'told', 'agent', { informed: true }, 'view'],
    ['resolved', 'told', 'agent', { survey: true, informed: true }, 'survey'],
    ['closed', 'told', 'agent', { survey: true }, 'view'],
    ['pending_approval', '', 'supervisor', { approve: true }, 'approve'],
    ['claimed', '', 'channel', { acknowledge: true }, 'acknowledge'],
  ];
  for (const [status, told, role, has, want] of cases)
    it(`${status}${told ? ' (customer told)' : ''} to ${role} with ${JSON.stringify(has)}: ${want}`, () => {
      const t = { status: status as never, customerNotifiedAt: told ? new Date() : null };
      expect(primaryActionOf(t, role, { ...none, ...has })).toBe(want);
    });
});

describe('noticeDueOf', () => {
  const response = new Date('2026-11-24T04:00:00Z');
  const resolution = new Date('2026-11-26T02:00:00Z');
  const notify = new Date('2026-11-25T03:00:00Z');
  const followUp = new Date('2026-11-26T03:00:00Z');
  const base = { responseDueAt: response, resolutionDueAt: resolution, customerNotifyDueAt: notify };
  it('measures the response while unclaimed, the resolution while open, then the result notice and the follow-up', () => {
    expect(noticeDueOf({ ...base, status: 'new' })).toBe(response);
    expect(noticeDueOf({ ...base, status: 'in_progress' })).toBe(resolution);
    expect(noticeDueOf({ ...base, status: 'resolved' })).toBe(notify);
    const clocks = [{ kind: 'follow_up' as const, key: 'f', dueAt: followUp, state: 'running' as const }];
    expect(noticeDueOf({ ...base, status: 'resolved', customerNotifiedAt: notify, clocks })).toBe(followUp);
    expect(noticeDueOf({ ...base, status: 'resolved', customerNotifiedAt: notify })).toBeNull();
    expect(noticeDueOf({ ...base, status: 'closed' })).toBeNull();
  });
});

describe('the follow-up call', () => {
  it('retries an unanswered call until the last attempt; refused and wrong number end it at once', () => {
    expect(afterCall('not_reached', 1, 3)).toBe('retry');
    expect(afterCall('not_reached', 2, 3)).toBe('retry');
    expect(afterCall('not_reached', 3, 3)).toBe('end');
    expect(afterCall('refused', 1, 3)).toBe('end');
    expect(afterCall('wrong_number', 1, 3)).toBe('end');
    expect(callKey(5, 'not_reached', 1, 3)).toBe('5:1');
    expect(callKey(5, 'not_reached', 3, 3)).toBe('5:final');
    expect(callKey(5, 'refused', 1, 3)).toBe('5:final');
  });
});
