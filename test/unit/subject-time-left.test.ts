import { describe, expect, it } from 'vitest';
import { durationText, timeLeftText } from '../../blocks/time-left.ts';
import { deriveSubject, SUBJECT_MAX, subjectOf } from '../../src/domain/subject.ts';
import { timeLeft } from '../../src/domain/time-left.ts';
import { translator } from '../../src/i18n/index.ts';

describe('subject', () => {
  it.each([
    ['App crashes on login. It started today.', 'App crashes on login'],
    ['今天14:30起，APP支付时提示优惠券无效。客户要求退款', '今天14:30起，APP支付时提示优惠券无效'],
    ['first line\nsecond line', 'first line'],
    ['  spaced   out  ', 'spaced out'],
    ['version 2.3 breaks export', 'version 2.3 breaks export'],
  ])('derives %j → %j', (description, subject) => {
    expect(deriveSubject(description)).toBe(subject);
  });

  it('cuts to 30 characters with an ellipsis', () => {
    const long = '这是一个非常非常长的问题描述没有任何标点符号所以需要在三十个字符处截断并加上省略号';
    const s = deriveSubject(long);
    expect(Array.from(s)).toHaveLength(SUBJECT_MAX);
    expect(s.endsWith('…')).toBe(true);
  });

  it('prefers the given subject', () => {
    expect(subjectOf({ subject: ' Refund  not received ', description: 'whatever' })).toBe(
      'Refund not received',
    );
    expect(subjectOf({ subject: '', description: 'Login fails. More.' })).toBe('Login fails');
    expect(subjectOf({ subject: null, description: 'Login fails' })).toBe('Login fails');
  });
});

describe('time left', () => {
  const now = new Date('2026-11-30T10:00:00Z');
  const at = (min: number) => new Date(now.getTime() + min * 60_000);
  it.each([
    [200, false, 200],
    [-1, true, 1],
    [0.5, false, 0],
    [-0.5, true, 1],
  ])('%d minutes → late %s, %d minutes', (min, late, minutes) => {
    expect(timeLeft(at(min), now)).toMatchObject({ late, minutes });
  });

  it.each([
    [200, '3h 20m left', '剩余3小时20分钟'],
    [180, '3h left', '剩余3小时'],
    [-(26 * 60 + 5), 'late by 1d 2h', '已超时1天2小时'],
    [-(48 * 60), 'late by 2d', '已超时2天'],
    [7, '7m left', '剩余7分钟'],
  ])('%d minutes reads %j / %j', (min, en, zh) => {
    expect(timeLeftText(translator('en'), at(min), now)).toBe(en);
    expect(timeLeftText(translator('zh-CN'), at(min), now)).toBe(zh);
  });

  it('shows minutes when under an hour', () => {
    expect(durationText(translator('en'), { days: 0, hours: 0, mins: 0 })).toBe('0m');
  });
});
