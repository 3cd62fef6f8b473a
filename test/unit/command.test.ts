import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/command.ts';

describe('parseCommand', () => {
  it.each([
    ['', { kind: 'open', description: '' }],
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['帮助', { kind: 'help' }],
    ['show GW20261123001', { kind: 'show', rest: 'GW20261123001' }],
    ['search 支付 失败', { kind: 'search', rest: '支付 失败' }],
    ['mine', { kind: 'mine' }],
    ['export 2026-11-01 2026-11-30', { kind: 'export', args: ['2026-11-01', '2026-11-30'] }],
    ['shwo', { kind: 'unknown', input: 'shwo' }],
    ['serch foo', { kind: 'unknown', input: 'serch foo' }],
    ['foo', { kind: 'unknown', input: 'foo' }],
    ['printer prints blank pages', { kind: 'open', description: 'printer prints blank pages' }],
    ['APP 登录后白屏', { kind: 'open', description: 'APP 登录后白屏' }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toMatchObject(expected);
  });
});
