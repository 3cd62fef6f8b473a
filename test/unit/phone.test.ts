import { describe, expect, it } from 'vitest';
import { maskPhone, phoneLast4 } from '../../src/domain/masking.ts';
import { parsePhone } from '../../src/domain/phone.ts';

describe('parsePhone', () => {
  it.each([
    ['13812345678', '13812345678', 'mobile'],
    ['+86 138 1234 5678', '13812345678', 'mobile'],
    ['0086-138-1234-5678', '13812345678', 'mobile'],
    ['010-12345678', '010-12345678', 'landline'],
    ['(010) 1234 5678', '010-12345678', 'landline'],
    ['0755 8888 6666', '0755-88886666', 'landline'],
    ['0755-88886666-8001', '0755-88886666-8001', 'landline'],
    ['010-12345678 ext 8001', '010-12345678-8001', 'landline'],
    ['(0755)88886666转8001', '0755-88886666-8001', 'landline'],
    ['0571-8888666 x12', '0571-8888666-12', 'landline'],
    ['+86 10 1234 5678', '010-12345678', 'landline'],
    ['400-820-8820', '4008208820', 'service'],
    ['800 810 8888', '8008108888', 'service'],
    ['95555', '95555', 'service'],
    ['+44 20 7946 0958', '+442079460958', 'international'],
    ['0044 7911 123456', '+447911123456', 'international'],
    ['+1 (415) 555-2671', '+14155552671', 'international'],
  ])('accepts %s as %s (%s)', (input, normalized, kind) => {
    expect(parsePhone(input)).toEqual({ ok: true, normalized, kind });
  });

  it.each([
    ['12345', 'invalid'],
    ['abc', 'invalid'],
    ['+12', 'invalid'],
    ['138123456789', 'invalid'],
    ['0755-123', 'invalid'],
    ['22345678', 'area_code'],
    ['0123-12345678', 'area_code'],
    ['0755-88886666-1234567', 'extension'],
    ['+44 20 7946 0958 ext 1', 'extension'],
    ['138-1234-5678; drop table', 'invalid'],
  ])('refuses %s (%s)', (input, reason) => {
    expect(parsePhone(input)).toEqual({ ok: false, reason });
  });

  it('masks and indexes a landline without its extension', () => {
    expect(maskPhone('0755-88886666-8001')).toBe('****6666');
    expect(phoneLast4('0755-88886666-8001')).toBe('6666');
    expect(maskPhone('010-12345678')).toBe('****5678');
  });
});
