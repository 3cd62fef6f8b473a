import { describe, expect, it } from 'vitest';
import {
  cleanText,
  parseKeywords,
  type RawIntake,
  requestTypesFor,
  validateIntake,
} from '../../src/domain/intake.ts';

const choices = {
  contactChannels: ['website', 'hotline'],
  requestTypes: ['consultation', 'complaint'],
  categories: ['functional_fault'],
  minDescriptionLength: 15,
};
const valid: RawIntake = {
  customerName: '  李雷 ',
  phone: '+86 138-1234-5678',
  contactChannel: 'website',
  requestType: 'complaint',
  category: 'functional_fault',
  description: 'The app shows a blank page after login since 09:00 today.',
  desiredOutcome: 'Fix it',
  urgency: 'normal',
  impact: 'none',
};

describe('validateIntake', () => {
  it('accepts a valid intake, normalising text and phone', () => {
    const res = validateIntake(valid, choices);
    expect(res.ok).toBe(true);
    if (res.ok) {
      expect(res.intake.customerName).toBe('李雷');
      expect(res.intake.phone).toBe('13812345678');
    }
  });

  it.each([
    [{ phone: '123' }, 'phone', 'intake.error.phone'],
    [{ phone: '+12' }, 'phone', 'intake.error.phone'],
    [{ phone: '', email: '' }, 'phone', 'intake.error.contact'],
    [{ email: 'x@' }, 'email', 'intake.error.email'],
    [{ description: 'too short' }, 'description', 'intake.error.description_short'],
    [{ description: '   ' }, 'description', 'intake.error.required'],
    [{ urgency: 'critical' }, 'urgencyReason', 'intake.error.reason_required'],
    [{ category: 'other' }, 'category', 'intake.error.choice'],
    [{ urgency: { $gt: '' } }, 'urgency', 'intake.error.required'],
    [{ customerName: '\u0000\u0007' }, 'customerName', 'intake.error.required'],
    [{ orderNumber: 'DD 2024' }, 'orderNumber', 'intake.error.order_number'],
  ])('%j → %s: %s', (override, field, key) => {
    const res = validateIntake({ ...valid, ...override } as RawIntake, choices);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.errors[field as keyof RawIntake]?.key).toBe(key);
  });

  it('accepts an international number and an email-only contact', () => {
    expect(validateIntake({ ...valid, phone: '+44 20 7946 0958' }, choices).ok).toBe(true);
    expect(validateIntake({ ...valid, phone: '', email: 'A@B.CO' }, choices).ok).toBe(true);
  });
});

describe('text cleaning', () => {
  it('removes control characters, keeps newlines in multiline text and bounds length by code point', () => {
    expect(cleanText('a\u0000b\u202Ec', 10)).toBe('a b\u202Ec');
    expect(cleanText('line1\r\nline2\u0007', 50, true)).toBe('line1\nline2');
    expect(cleanText('😀'.repeat(10), 3)).toBe('😀😀😀');
  });
  it('splits keywords on Latin and Chinese separators, de-duplicated', () => {
    expect(parseKeywords('支付，物流、APP; app  退款')).toEqual(['支付', '物流', 'APP', '退款']);
  });
});

describe('issue 18: request type by category, solved during the contact, key account radio', () => {
  const byCategory = {
    ...choices,
    categories: ['functional_fault', 'consultation'],
    requestTypeCategories: {
      consultation: ['consultation', 'functional_fault'],
      complaint: ['functional_fault'],
    },
  };
  it('refuses a request type that does not fit the category; a type without categories fits all', () => {
    const res = validateIntake({ ...valid, category: 'consultation', requestType: 'complaint' }, byCategory);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.errors.requestType?.key).toBe('intake.error.type_category');
    expect(
      validateIntake({ ...valid, category: 'consultation', requestType: 'consultation' }, byCategory).ok,
    ).toBe(true);
    const open = { ...byCategory, requestTypeCategories: { consultation: ['consultation'] } };
    expect(validateIntake({ ...valid, category: 'consultation', requestType: 'complaint' }, open).ok).toBe(
      true,
    );
  });
  it('lists the types that fit a category, all of them before a category is chosen', () => {
    const types = [{ id: 'a', categories: ['x'] }, { id: 'b' }, { id: 'c', categories: ['y'] }];
    expect(requestTypesFor(types, 'x').map((r) => r.id)).toEqual(['a', 'b']);
    expect(requestTypesFor(types, undefined).map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });
  it('needs the result when solved during the contact, and carries it', () => {
    const bare = validateIntake({ ...valid, solvedAtContact: ['yes'] }, choices);
    expect(!bare.ok && bare.errors.contactResult?.key).toBe('intake.error.result_required');
    const solved = validateIntake(
      { ...valid, solvedAtContact: ['yes'], contactResult: ' Reset the password ' },
      choices,
    );
    expect(solved.ok && solved.intake.solvedAtContact).toBe('Reset the password');
    const not = validateIntake({ ...valid, contactResult: 'typed but not ticked' }, choices);
    expect(not.ok && not.intake.solvedAtContact).toBeUndefined();
  });
  it('reads the key-account radio', () => {
    expect(validateIntake({ ...valid, keyAccount: 'yes' }, choices)).toMatchObject({
      intake: { keyAccount: true },
    });
    expect(validateIntake({ ...valid, keyAccount: 'no' }, choices)).toMatchObject({
      intake: { keyAccount: false },
    });
  });
});
