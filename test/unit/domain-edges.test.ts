/** Edges of the pure rules that mutation testing found unguarded (npm run mutation). */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/command.ts';
import { cleanText, parseKeywords, validateIntake } from '../../src/domain/intake.ts';
import {
  COMPOUND_SURNAMES,
  maskName,
  maskPhone,
  normalizePhone,
  phoneLast4,
} from '../../src/domain/masking.ts';
import { queryTokens, ticketTokens, tokenize } from '../../src/domain/search.ts';

describe('masking', () => {
  it.each(COMPOUND_SURNAMES.map((s) => [s]))(
    'keeps the compound surname %s and masks the given name',
    (s) => {
      expect(maskName(`${s}娜娜`)).toBe(`${s}**`);
    },
  );

  it('has the 24 common compound surnames', () => {
    expect(COMPOUND_SURNAMES).toHaveLength(24);
    expect(new Set(COMPOUND_SURNAMES).size).toBe(24);
  });

  it.each([
    ['王·小明', '王·**'],
    ['王・小明', '王・**'],
    ['王•小明', '王•**'],
    ['王‧小明', '王‧**'],
    ['王小明', '王**'],
    ['Mr. John Smith', 'Mr. J*** S***'],
    ['Dr John', 'Dr J***'],
    ['mrs', 'm***'],
    ['Mister Bo', 'M*** B***'],
    ['王 小明', '王*** 小***'],
  ])('masks %j as %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it.each([
    ['  (+86) 138 1234 5678', '13812345678'],
    ['008613812345678', '13812345678'],
    ['8613812345678', '8613812345678'],
    ['+8613812345678', '13812345678'],
    ['x+44 7911 123456', '447911123456'],
    ['00', '00'],
    ['', ''],
    ['---', ''],
  ])('normalises the phone %j to %j', (raw, out) => {
    expect(normalizePhone(raw)).toBe(out);
  });

  it('masks international numbers by country code length and keeps the last 4 digits', () => {
    expect(maskPhone('+7 912 345 6789')).toBe('+7****6789');
    expect(maskPhone('+1 415 555 0100')).toBe('+1****0100');
    expect(phoneLast4('+86 138 1234 5678')).toBe('5678');
    expect(phoneLast4('12')).toBe('');
  });
});

describe('/ticket subcommands', () => {
  it.each([
    ['查看 GW1', { kind: 'show', args: ['GW1'], rest: 'GW1' }],
    ['我的', { kind: 'mine', args: [], rest: '' }],
    ['搜索 支付', { kind: 'search', args: ['支付'], rest: '支付' }],
    ['客户 C1', { kind: 'customer', args: ['C1'], rest: 'C1' }],
    ['导出', { kind: 'export', args: [], rest: '' }],
    ['?', { kind: 'help', args: [], rest: '' }],
    ['  show   GW1  ', { kind: 'show', args: ['GW1'], rest: 'GW1' }],
    ['', { kind: 'open', description: '' }],
    ['   ', { kind: 'open', description: '' }],
    ['sho', { kind: 'unknown', input: 'sho' }],
    ['expor', { kind: 'unknown', input: 'expor' }],
    ['exprt a b', { kind: 'unknown', input: 'exprt a b' }],
    ['customers x', { kind: 'unknown', input: 'customers x' }],
    ['hello', { kind: 'unknown', input: 'hello' }],
    ['abc-def', { kind: 'unknown', input: 'abc-def' }],
    ['shwo GW1', { kind: 'open', description: 'shwo GW1' }],
    ['serch a b c', { kind: 'open', description: 'serch a b c' }],
    ['hello world', { kind: 'open', description: 'hello world' }],
    ['sh', { kind: 'unknown', input: 'sh' }],
    ['sh x', { kind: 'open', description: 'sh x' }],
    ['abcdefghijklmnopqrstu', { kind: 'open', description: 'abcdefghijklmnopqrstu' }],
  ])('parses %j', (text, parsed) => {
    expect(parseCommand(text)).toEqual(parsed);
  });
});

describe('search tokens', () => {
  it('single CJK characters, CJK bigrams, words of 2+ letters or with a digit, cut to 40', () => {
    expect(tokenize('支')).toEqual(['支']);
    expect(tokenize('支付宝')).toEqual(['支付', '付宝']);
    expect(tokenize('a')).toEqual([]);
    expect(tokenize('a1')).toEqual(['a1']);
    expect(tokenize('7')).toEqual(['7']);
    expect(tokenize('x'.repeat(50))).toEqual(['x'.repeat(40)]);
    expect(tokenize('')).toEqual([]);
  });

  it('a query has at most 20 tokens; a ticket lists its number, text, keywords, order and customer ID', () => {
    expect(queryTokens(Array.from({ length: 30 }, (_, i) => `w${i}`).join(' '))).toHaveLength(20);
    expect(
      ticketTokens({
        number: 'GW1',
        customerId: 'C20X',
        orderNumber: 'DD9A',
        description: 'd',
        desiredOutcome: 'refund money',
        keywords: ['APP'],
      }),
    ).toEqual(['gw1', 'refund', 'money', 'app', 'dd9a', 'c20x']);
    expect(
      ticketTokens({
        number: 'GW1',
        description: 'x '.repeat(3000) + Array.from({ length: 2500 }, (_, i) => `w${i}`).join(' '),
        keywords: [],
      }),
    ).toHaveLength(2000);
  });
});

describe('intake text', () => {
  it('cleans text: CRLF to LF, runs of spaces and tabs to one, trimmed, cut by code point', () => {
    expect(cleanText('a\r\nb\rc', 100, true)).toBe('a\nb\nc');
    expect(cleanText('a  \t b', 100)).toBe('a b');
    expect(cleanText('  😀😀😀  ', 2)).toBe('😀😀');
    expect(cleanText('ab   ', 3)).toBe('ab');
    expect(cleanText('a\nb', 100)).toBe('a b');
  });

  it('splits keywords on commas, Chinese commas, semicolons and spaces, de-duplicated and bounded', () => {
    expect(parseKeywords('支付, APP，app、退款;；  x')).toEqual(['支付', 'APP', '退款', 'x']);
    expect(parseKeywords(Array.from({ length: 30 }, (_, i) => `k${i}`).join(','))).toHaveLength(10);
    expect(parseKeywords('x'.repeat(60))[0]).toHaveLength(20);
  });

  const choices = {
    contactChannels: ['website'],
    requestTypes: ['complaint'],
    categories: ['functional_fault'],
    minDescriptionLength: 10,
  };
  const valid = {
    customerName: 'Li Lei',
    phone: '13812345678',
    contactChannel: 'website',
    requestType: 'complaint',
    category: 'functional_fault',
    description: 'Exactly 10',
    desiredOutcome: 'Refund\nplease',
    urgency: 'normal',
    impact: 'partial',
  };

  it('accepts the minimum description, keeps multiline text, lowercases the email, reads the key-account box', () => {
    const res = validateIntake(
      { ...valid, email: 'Li.Lei@Example.COM', keyAccount: ['yes'], urgencyReason: 'Flight\ntomorrow' },
      choices,
    );
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.intake.email).toBe('li.lei@example.com');
    expect(res.intake.keyAccount).toBe(true);
    expect(res.intake.desiredOutcome).toBe('Refund\nplease');
    expect(res.intake.urgencyReason).toBe('Flight\ntomorrow');
    const plain = validateIntake({ ...valid, keyAccount: ['no'] }, choices);
    expect(plain.ok && plain.intake.keyAccount).toBe(false);
    const checkbox = validateIntake({ ...valid, keyAccount: true }, choices);
    expect(checkbox.ok && checkbox.intake.keyAccount).toBe(true);
    // The form's radio buttons (issue 18): 'yes' / 'no'; anything else is not a key account.
    expect(validateIntake({ ...valid, keyAccount: 'yes' }, choices)).toMatchObject({
      ok: true,
      intake: { keyAccount: true },
    });
    for (const keyAccount of ['no', 'YES', 'true'])
      expect(validateIntake({ ...valid, keyAccount }, choices)).toMatchObject({
        ok: true,
        intake: { keyAccount: false },
      });
  });

  it.each([
    [
      { description: 'Only nine' },
      { description: { key: 'intake.error.description_short', params: { min: 10 } } },
    ],
    [{ desiredOutcome: '' }, { desiredOutcome: { key: 'intake.error.required' } }],
    [{ customerId: '-C1' }, { customerId: { key: 'intake.error.customer_id' } }],
    [{ customerId: 'C1 2' }, { customerId: { key: 'intake.error.customer_id' } }],
    [{ orderNumber: 'DD 1' }, { orderNumber: { key: 'intake.error.order_number' } }],
    [{ phone: '+1234567890123456' }, { phone: { key: 'intake.error.phone' } }],
    [{ phone: '113812345678' }, { phone: { key: 'intake.error.phone' } }],
    [{ phone: '1381234567' }, { phone: { key: 'intake.error.phone' } }],
    [{ contactChannel: '' }, { contactChannel: { key: 'intake.error.required' } }],
    [{ requestType: 'x' }, { requestType: { key: 'intake.error.choice' } }],
    [{ impact: 'huge' }, { impact: { key: 'intake.error.choice' } }],
  ])('refuses %j with %j', (change, errors) => {
    expect(validateIntake({ ...valid, ...change }, choices)).toEqual({ ok: false, errors });
  });

  it('accepts customer and order IDs with dots, dashes, slashes and underscores', () => {
    const res = validateIntake({ ...valid, customerId: 'C1.2-3/4_5', orderNumber: 'DD-1/2' }, choices);
    expect(res.ok).toBe(true);
  });
});
