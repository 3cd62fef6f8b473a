import { describe, expect, it } from 'vitest';
import { BOM, csvField, parseCsv, toCsv } from '../../src/domain/csv.ts';

describe('csv', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+86 138', "'+86 138"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['支付失败', '支付失败'],
  ])('%j → %j', (input, want) => expect(csvField(input)).toBe(want));
  it('formats numbers, booleans, dates and empties', () => {
    expect(csvField(-3)).toBe('-3');
    expect(csvField(true)).toBe('true');
    expect(csvField(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });
  it('writes a BOM and CRLF lines, and parses back', () => {
    const text = toCsv(
      ['a', 'b'],
      [
        ['1', 'x,y'],
        ['李雷', 'he said "ok"\nthen left'],
      ],
    );
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text)).toEqual([
      ['a', 'b'],
      ['1', 'x,y'],
      ['李雷', 'he said "ok"\nthen left'],
    ]);
  });
});
