import { describe, expect, it } from 'vitest';
import {
  counterKey,
  formatTicketNumber,
  isDatePart,
  parseTicketNumber,
  ticketDatePart,
} from '../../src/domain/numbering.ts';

describe('ticketDatePart', () => {
  it.each([
    ['2026-05-19T16:30:00Z', 'Asia/Shanghai', '20260520'],
    ['2026-05-19T15:59:59Z', 'Asia/Shanghai', '20260519'],
    ['2026-05-19T15:59:59.999Z', 'Asia/Shanghai', '20260519'],
    ['2026-05-19T16:00:00Z', 'Asia/Shanghai', '20260520'],
    ['2026-05-19T16:30:00Z', 'UTC', '20260519'],
    ['2026-05-20T03:30:00Z', 'America/New_York', '20260519'],
    ['2026-05-20T04:00:00Z', 'America/New_York', '20260520'],
    ['2026-12-31T16:00:00Z', 'Asia/Shanghai', '20270101'],
    ['2024-02-28T16:00:00Z', 'Asia/Shanghai', '20240229'],
  ])('%s in %s → %s', (iso, zone, expected) => {
    expect(ticketDatePart(new Date(iso), zone)).toBe(expected);
  });

  it.each([
    ['an invalid zone', new Date('2026-05-19T16:30:00Z'), 'Mars/Olympus'],
    ['an invalid date', new Date('nope'), 'Asia/Shanghai'],
  ])('throws on %s', (_label, instant, zone) => {
    expect(() => ticketDatePart(instant, zone)).toThrow(RangeError);
  });
});

describe('formatTicketNumber', () => {
  it.each([
    ['GX', '20240520', 1, 'GX20240520001'],
    ['GX', '20240520', 12, 'GX20240520012'],
    ['GX', '20240520', 999, 'GX20240520999'],
    ['GX', '20240520', 1000, 'GX202405201000'],
    ['GX', '20240520', 12345, 'GX2024052012345'],
    ['A', '20260101', 7, 'A20260101007'],
    ['ABCDEF', '20261231', 100, 'ABCDEF20261231100'],
  ])('(%s, %s, %i) → %s', (code, date, serial, expected) => {
    expect(formatTicketNumber(code, date, serial)).toBe(expected);
  });

  it.each([
    ['lower-case code', 'gx', '20240520', 1],
    ['empty code', '', '20240520', 1],
    ['7-letter code', 'ABCDEFG', '20240520', 1],
    ['code with digit', 'G1', '20240520', 1],
    ['short date', 'GX', '2024052', 1],
    ['dashed date', 'GX', '2024-05-20', 1],
    ['impossible date', 'GX', '20240230', 1],
    ['serial 0', 'GX', '20240520', 0],
    ['negative serial', 'GX', '20240520', -1],
    ['fractional serial', 'GX', '20240520', 1.5],
    ['NaN serial', 'GX', '20240520', Number.NaN],
  ])('throws on %s', (_label, code, date, serial) => {
    expect(() => formatTicketNumber(code, date, serial)).toThrow(RangeError);
  });
});

describe('parseTicketNumber', () => {
  it.each([
    ['GX20240520001', { channelCode: 'GX', datePart: '20240520', serial: 1 }],
    ['  gx20240520001 ', { channelCode: 'GX', datePart: '20240520', serial: 1 }],
    ['Gx20240520042', { channelCode: 'GX', datePart: '20240520', serial: 42 }],
    ['GX202405201000', { channelCode: 'GX', datePart: '20240520', serial: 1000 }],
    ['ABCDEF20240229999', { channelCode: 'ABCDEF', datePart: '20240229', serial: 999 }],
    ['A20260101100', { channelCode: 'A', datePart: '20260101', serial: 100 }],
  ])('%s → %o', (input, expected) => {
    expect(parseTicketNumber(input)).toEqual(expected);
  });

  it.each([
    ['empty', ''],
    ['no serial', 'GX20240520'],
    ['2-digit serial', 'GX2024052001'],
    ['serial 000', 'GX20240520000'],
    ['non-canonical padding', 'GX2024052001000'],
    ['impossible date', 'GX20240230001'],
    ['month 13', 'GX20241301001'],
    ['7-letter code', 'ABCDEFG20240520001'],
    ['no code', '20240520001'],
    ['separators', 'GX-20240520-001'],
    ['inner space', 'GX 20240520001'],
    ['trailing text', 'GX20240520001x'],
    ['non-ASCII letters', 'ÄB20240520001'],
  ])('returns null for %s', (_label, input) => {
    expect(parseTicketNumber(input)).toBeNull();
  });

  it('returns null for a non-string', () => {
    expect(parseTicketNumber(undefined as unknown as string)).toBeNull();
  });

  it.each([
    ['GX', '20240520', 1],
    ['GX', '20240520', 99],
    ['GX', '20240520', 999],
    ['GX', '20240520', 1000],
    ['TEL', '20261231', 123456],
    ['Z', '20000229', 5],
  ])('round-trips (%s, %s, %i)', (channelCode, datePart, serial) => {
    const formatted = formatTicketNumber(channelCode, datePart, serial);
    expect(parseTicketNumber(formatted)).toEqual({ channelCode, datePart, serial });
    expect(parseTicketNumber(formatted.toLowerCase())).toEqual({ channelCode, datePart, serial });
  });

  it('round-trips the date part of an instant across midnight in Shanghai', () => {
    const datePart = ticketDatePart(new Date('2026-05-19T16:30:00Z'), 'Asia/Shanghai');
    expect(parseTicketNumber(formatTicketNumber('GX', datePart, 3))).toEqual({
      channelCode: 'GX',
      datePart: '20260520',
      serial: 3,
    });
  });
});

describe('counterKey', () => {
  it.each([
    ['GX', '20240520', 'ticket:GX:20240520'],
    ['TEL', '20261231', 'ticket:TEL:20261231'],
  ])('(%s, %s) → %s', (code, date, expected) => {
    expect(counterKey(code, date)).toBe(expected);
  });

  it('differs per channel and per day', () => {
    const keys = new Set([
      counterKey('GX', '20240520'),
      counterKey('GX', '20240521'),
      counterKey('G', '20240520'),
      counterKey('TEL', '20240520'),
    ]);
    expect(keys.size).toBe(4);
  });

  it.each([
    ['gx', '20240520'],
    ['GX', '2024-05-20'],
    ['GX', '20240231'],
  ])('throws on (%s, %s)', (code, date) => {
    expect(() => counterKey(code, date)).toThrow(RangeError);
  });
});

describe('isDatePart', () => {
  it.each([
    ['20240229', true],
    ['20230229', false],
    ['20241231', true],
    ['20240001', false],
    ['2024123', false],
    ['abcdefgh', false],
  ])('%s → %s', (value, expected) => {
    expect(isDatePart(value)).toBe(expected);
  });
});
