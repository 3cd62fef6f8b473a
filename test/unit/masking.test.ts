import { describe, expect, it } from 'vitest';
import {
  countryCodeLength,
  maskCustomer,
  maskEmail,
  maskName,
  maskPhone,
  normalizePhone,
  phoneLast4,
} from '../../src/domain/masking.ts';

const empties = [
  ['empty', ''],
  ['blank', '   '],
  ['undefined', undefined],
  ['null', null],
] as const;

describe('maskName', () => {
  it.each([
    // Chinese: keep the surname
    ['李四', '李*'],
    ['王小明', '王**'],
    ['  李四  ', '李*'],
    ['李', '*'],
    // compound surnames
    ['欧阳娜娜', '欧阳**'],
    ['欧阳娜', '欧阳*'],
    ['司马相如', '司马**'],
    ['诸葛亮', '诸葛*'],
    ['上官婉儿', '上官**'],
    ['欧阳', '欧*'],
    // honorific forms
    ['张先生', '*先生'],
    ['王女士', '*女士'],
    ['陈小姐', '*小姐'],
    ['刘老师', '*老师'],
    ['欧阳先生', '*先生'],
    // transliterated names keep the separator
    ['买买提·艾力', '买**·**'],
    // Latin: first letter of each part + ***
    ['John Smith', 'J*** S***'],
    ['john', 'j***'],
    ['Mary Jane Watson', 'M*** J*** W***'],
    ['  John   Smith ', 'J*** S***'],
    ['Jean-Luc Picard', 'J*** P***'],
    ["O'Brien", 'O***'],
    ['Al', 'A***'],
    // titles are kept
    ['Mr. Smith', 'Mr. S***'],
    ['Ms Lee', 'Ms L***'],
    ['dr Watson', 'dr W***'],
    ['Mr', 'M***'],
    // mixed scripts fall back to the per-part rule
    ['Li 雷', 'L*** 雷***'],
  ])('%s → %s', (input, expected) => {
    expect(maskName(input)).toBe(expected);
  });

  it.each(empties)('%s → empty', (_label, input) => {
    expect(maskName(input)).toBe('');
  });

  it.each(['John Smith', 'Li Lei', 'Ann', '李四', '王小明', '欧阳娜娜', 'Mr. Smith'])(
    'never shows all of %s',
    (name) => {
      const masked = maskName(name);
      expect(masked).toContain('*');
      for (const part of name.split(' ').filter((p) => p.length > 1 && p !== 'Mr.')) {
        expect(masked).not.toContain(part);
      }
    },
  );
});

describe('normalizePhone', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['+86-138-1234-5678', '13812345678'],
    ['(+86) 138 1234 5678', '13812345678'],
    ['008613812345678', '13812345678'],
    ['0086 138 1234 5678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['+86 10 1234 5678', '+861012345678'],
    ['+44 20 7946 0958', '+442079460958'],
    ['0044 20 7946 0958', '+442079460958'],
    ['+1 (415) 555-2671', '+14155552671'],
    ['(010) 1234-5678', '01012345678'],
    ['8613812345678', '8613812345678'],
    ['n/a', ''],
  ])('%s → %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each(empties)('%s → empty', (_label, input) => {
    expect(normalizePhone(input)).toBe('');
  });
});

describe('maskPhone', () => {
  it.each([
    // mainland mobile: first 3 + **** + last 4
    ['13812345678', '138****5678'],
    ['138 1234 5678', '138****5678'],
    ['+86 138 1234 5678', '138****5678'],
    ['+8613812345678', '138****5678'],
    ['008613812345678', '138****5678'],
    ['19912345678', '199****5678'],
    // international: + country code **** last 4
    ['+44 7911 123456', '+44****3456'],
    ['+1 (415) 555-2671', '+1****2671'],
    ['+852 9123 4567', '+852****4567'],
    ['+65 9123 4567', '+65****4567'],
    ['0044 7911 123456', '+44****3456'],
    ['+86 10 1234 5678', '+86****5678'],
    // anything else: last 4 only
    ['010-12345678', '****5678'],
    ['12345678', '****5678'],
    ['12345', '****2345'],
    ['+44 1234', '****1234'],
    ['1234', '****'],
    ['12', '****'],
    ['abc', ''],
  ])('%s → %s', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });

  it.each(empties)('%s → empty', (_label, input) => {
    expect(maskPhone(input)).toBe('');
  });
});

describe('countryCodeLength', () => {
  it.each([
    ['14155552671', 1],
    ['74951234567', 1],
    ['447911123456', 2],
    ['8613812345678', 2],
    ['85291234567', 3],
    ['886912345678', 3],
    ['97150123456', 3],
  ])('%s → %i', (digits, expected) => {
    expect(countryCodeLength(digits)).toBe(expected);
  });
});

describe('phoneLast4', () => {
  it.each([
    ['+86 138 1234 5678', '5678'],
    ['13812345678', '5678'],
    ['+44 20 7946 0958', '0958'],
    ['1234', '1234'],
    ['123', ''],
    ['', ''],
    [undefined, ''],
  ])('%s → %s', (input, expected) => {
    expect(phoneLast4(input)).toBe(expected);
  });
});

describe('maskEmail', () => {
  it.each([
    ['li.lei@example.com', 'l***@example.com'],
    ['LI.LEI@EXAMPLE.COM', 'l***@example.com'],
    ['Li.Lei@Example.Com', 'l***@example.com'],
    ['  li@x.cn ', 'l***@x.cn'],
    ['ab@example.com', 'a***@example.com'],
    ['a@example.com', '*@example.com'],
    ['A@EXAMPLE.COM', '*@example.com'],
    ['first.last+tag@sub.example.org', 'f***@sub.example.org'],
    ['张三@例子.中国', '张***@例子.中国'],
    ['not-an-email', '***'],
    ['@example.com', '***'],
    ['li@', '***'],
  ])('%s → %s', (input, expected) => {
    expect(maskEmail(input)).toBe(expected);
  });

  it.each(empties)('%s → empty', (_label, input) => {
    expect(maskEmail(input)).toBe('');
  });
});

describe('maskCustomer', () => {
  it.each([
    [
      'all fields',
      { name: '李四', phone: '+86 138 1234 5678', email: 'li.si@example.com' },
      { name: '李*', phone: '138****5678', email: 'l***@example.com' },
    ],
    [
      'honorific and phone only',
      { name: '张先生', phone: '13812345678' },
      { name: '*先生', phone: '138****5678', email: '' },
    ],
    ['email only', { email: 'John@Example.com' }, { name: '', phone: '', email: 'j***@example.com' }],
    ['nulls', { name: null, phone: null, email: null }, { name: '', phone: '', email: '' }],
    ['nothing', {}, { name: '', phone: '', email: '' }],
  ])('%s', (_label, input, expected) => {
    expect(maskCustomer(input)).toEqual(expected);
  });
});
