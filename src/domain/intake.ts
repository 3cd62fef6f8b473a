/**
 * Intake validation: raw modal values in, a clean intake or field errors out. Text is NFC-
 * normalised, trimmed, stripped of control characters and bounded; choices must be in the
 * configured sets. Error values are catalog keys (translated by the listener).
 */
import { z } from 'zod';
import { parsePhone } from './phone.ts';
import { deriveSubject, SUBJECT_MAX } from './subject.ts';
import { IMPACTS, URGENCIES } from './types.ts';

export const LIMITS = {
  name: 60,
  customerId: 40,
  company: 100,
  description: 3000,
  desiredOutcome: 500,
  urgencyReason: 500,
  orderNumber: 40,
  keyword: 20,
  keywords: 10,
  contactResult: 2000,
} as const;

/** Removes control characters (keeping newlines and tabs where `multiline`) and trims. */
export function cleanText(value: unknown, max: number, multiline = false): string {
  if (typeof value !== 'string') return '';
  // Control characters (Unicode Cc), zero-width and line/paragraph separators; newlines and tabs stay in multiline text.
  const pattern = multiline
    ? /(?![\n\t])[\p{Cc}\u200B\u2028\u2029\uFEFF]/gu
    : /[\p{Cc}\u200B\u2028\u2029\uFEFF]/gu;
  const cleaned = value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(pattern, multiline ? '' : ' ')
    .replace(/[ \t]+/g, ' ');
  return Array.from(cleaned.trim()).slice(0, max).join('').trim();
}

/** Splits keywords on commas, Chinese commas, semicolons or spaces; de-duplicated, bounded. */
export function parseKeywords(value: unknown): string[] {
  const text = cleanText(value, 400);
  const out: string[] = [];
  for (const word of text.split(/[,，、;；\s]+/)) {
    const k = Array.from(word).slice(0, LIMITS.keyword).join('');
    if (k && !out.some((o) => o.toLowerCase() === k.toLowerCase())) out.push(k);
  }
  return out.slice(0, LIMITS.keywords);
}

/** True for a number `parsePhone` accepts (mobile, landline, 400/800/95xxx, international). */
export function isValidPhone(phone: string): boolean {
  return parsePhone(phone).ok;
}

export interface IntakeChoices {
  /** Preferred contact methods (config); empty accepts none. */
  contactMethods?: string[];
  /** Today in the organisation's time zone (YYYY-MM-DD): an expected date must not be before it. */
  today?: string;
  contactChannels: string[];
  requestTypes: string[];
  /** The categories each request type fits (config requestTypes[].categories); a type not listed fits all. */
  requestTypeCategories?: Record<string, readonly string[] | undefined>;
  categories: string[];
  minDescriptionLength: number;
}

export interface RawIntake {
  customerName?: unknown;
  customerId?: unknown;
  phone?: unknown;
  email?: unknown;
  company?: unknown;
  keyAccount?: unknown;
  contactChannel?: unknown;
  requestType?: unknown;
  category?: unknown;
  subject?: unknown;
  description?: unknown;
  desiredOutcome?: unknown;
  urgency?: unknown;
  urgencyReason?: unknown;
  impact?: unknown;
  orderNumber?: unknown;
  keywords?: unknown;
  contactName?: unknown;
  contactRole?: unknown;
  industry?: unknown;
  expectedBy?: unknown;
  preferredContact?: unknown;
  preferredHours?: unknown;
  staffBehaviour?: unknown;
  /** "Solved during the contact" (checkbox `yes`) and what was answered or done. */
  solvedAtContact?: unknown;
  contactResult?: unknown;
}
export type IntakeKey = keyof RawIntake;

export interface Intake {
  customerName: string;
  customerId: string;
  phone: string;
  email: string;
  company: string;
  keyAccount: boolean;
  contactChannel: string;
  requestType: string;
  category: string;
  /** The short subject: as typed, else derived from the description (src/domain/subject.ts). */
  subject?: string;
  description: string;
  desiredOutcome: string;
  urgency: (typeof URGENCIES)[number];
  urgencyReason: string;
  impact: (typeof IMPACTS)[number];
  orderNumber: string;
  keywords: string[];
  /** The contact person (the customer may be a company), their role, the customer's industry. */
  contactName?: string;
  contactRole?: string;
  industry?: string;
  /** When the customer expects a resolution (YYYY-MM-DD), if they said. */
  expectedBy?: string;
  /** How and when the customer prefers to be contacted. */
  preferredContact?: string;
  preferredHours?: string;
  /** A complaint about a staff member's behaviour (routed to the configured HR department). */
  staffBehaviour?: boolean;
  /** Solved during the contact (首问解决): the result told to the customer; the ticket opens resolved. */
  solvedAtContact?: string;
}

/** The request types that fit `category` (all of them when the type names no categories). */
export function requestTypesFor<T extends { id: string; categories?: readonly string[] | undefined }>(
  types: readonly T[],
  category: string | undefined,
): T[] {
  if (!category) return [...types];
  return types.filter((r) => !r.categories || r.categories.includes(category));
}

/** The catalog key of each possible field error. */
export type IntakeErrorKey =
  | 'intake.error.required'
  | 'intake.error.phone'
  | 'intake.error.phone_area'
  | 'intake.error.phone_extension'
  | 'intake.error.email'
  | 'intake.error.contact'
  | 'intake.error.description_short'
  | 'intake.error.reason_required'
  | 'intake.error.choice'
  | 'intake.error.customer_id'
  | 'intake.error.order_number'
  | 'intake.error.expected_past'
  | 'intake.error.type_category'
  | 'intake.error.result_required';

export type IntakeErrors = Partial<
  Record<IntakeKey, { key: IntakeErrorKey; params?: Record<string, number | string> }>
>;

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_\-./]*$/;

export function validateIntake(
  raw: RawIntake,
  choices: IntakeChoices,
): { ok: true; intake: Intake } | { ok: false; errors: IntakeErrors } {
  const errors: IntakeErrors = {};
  const text = (v: unknown, max: number, multiline = false) => cleanText(v, max, multiline);
  const choice = <T extends string>(field: IntakeKey, v: unknown, allowed: readonly T[]): T | '' => {
    const s = typeof v === 'string' ? v : '';
    if (!s) {
      errors[field] = { key: 'intake.error.required' };
      return '';
    }
    if (!(allowed as readonly string[]).includes(s)) {
      errors[field] = { key: 'intake.error.choice' };
      return '';
    }
    return s as T;
  };

  const customerName = text(raw.customerName, LIMITS.name);
  if (!customerName) errors.customerName = { key: 'intake.error.required' };

  const customerId = text(raw.customerId, LIMITS.customerId);
  if (customerId && !ID_PATTERN.test(customerId)) errors.customerId = { key: 'intake.error.customer_id' };

  const phoneText = text(raw.phone, 40);
  let phone = '';
  if (phoneText) {
    const parsed = parsePhone(phoneText);
    if (parsed.ok) phone = parsed.normalized;
    else
      errors.phone = {
        key:
          parsed.reason === 'area_code'
            ? 'intake.error.phone_area'
            : parsed.reason === 'extension'
              ? 'intake.error.phone_extension'
              : 'intake.error.phone',
      };
  }

  const email = text(raw.email, 254).toLowerCase();
  if (email && !z.email().safeParse(email).success) errors.email = { key: 'intake.error.email' };
  if (!phoneText && !email) errors.phone = { key: 'intake.error.contact' };

  const company = text(raw.company, LIMITS.company);
  // A radio (`yes` / `no`); a checkbox list or a boolean from older callers.
  const keyAccount =
    raw.keyAccount === true ||
    raw.keyAccount === 'yes' ||
    (Array.isArray(raw.keyAccount) && raw.keyAccount.includes('yes'));

  const contactChannel = choice('contactChannel', raw.contactChannel, choices.contactChannels);
  const requestType = choice('requestType', raw.requestType, choices.requestTypes);
  const category = choice('category', raw.category, choices.categories);
  const fits = requestType && category ? choices.requestTypeCategories?.[requestType] : undefined;
  if (fits && !fits.includes(category)) errors.requestType = { key: 'intake.error.type_category' };

  const description = text(raw.description, LIMITS.description, true);
  if (!description) errors.description = { key: 'intake.error.required' };
  else if (Array.from(description).length < choices.minDescriptionLength)
    errors.description = {
      key: 'intake.error.description_short',
      params: { min: choices.minDescriptionLength },
    };

  const desiredOutcome = text(raw.desiredOutcome, LIMITS.desiredOutcome, true);
  if (!desiredOutcome) errors.desiredOutcome = { key: 'intake.error.required' };

  const urgency = choice('urgency', raw.urgency, URGENCIES);
  const urgencyReason = text(raw.urgencyReason, LIMITS.urgencyReason, true);
  if (urgency === 'critical' && !urgencyReason)
    errors.urgencyReason = { key: 'intake.error.reason_required' };
  const impact = choice('impact', raw.impact, IMPACTS);

  const orderNumber = text(raw.orderNumber, LIMITS.orderNumber);
  if (orderNumber && !ID_PATTERN.test(orderNumber)) errors.orderNumber = { key: 'intake.error.order_number' };
  const keywords = parseKeywords(raw.keywords);

  const contactName = text(raw.contactName, LIMITS.name);
  const contactRole = text(raw.contactRole, LIMITS.name);
  const industry = text(raw.industry, LIMITS.company);
  const expectedBy =
    typeof raw.expectedBy === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw.expectedBy) ? raw.expectedBy : '';
  if (expectedBy && choices.today && expectedBy < choices.today)
    errors.expectedBy = { key: 'intake.error.expected_past' };
  const preferredContact =
    typeof raw.preferredContact === 'string' && (choices.contactMethods ?? []).includes(raw.preferredContact)
      ? raw.preferredContact
      : '';
  const preferredHours = text(raw.preferredHours, 60);
  const solved =
    raw.solvedAtContact === true ||
    (Array.isArray(raw.solvedAtContact) && raw.solvedAtContact.includes('yes'));
  const contactResult = text(raw.contactResult, LIMITS.contactResult, true);
  if (solved && !contactResult) errors.contactResult = { key: 'intake.error.result_required' };

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    intake: {
      customerName,
      customerId,
      phone,
      email,
      company,
      keyAccount,
      contactChannel,
      requestType,
      category,
      subject: text(raw.subject, SUBJECT_MAX) || deriveSubject(description),
      description,
      desiredOutcome,
      urgency: urgency as Intake['urgency'],
      urgencyReason: urgency === 'critical' ? urgencyReason : urgencyReason,
      impact: impact as Intake['impact'],
      orderNumber,
      keywords,
      contactName,
      contactRole,
      industry,
      expectedBy,
      preferredContact,
      preferredHours,
      staffBehaviour: Array.isArray(raw.staffBehaviour) && raw.staffBehaviour.includes('yes'),
      ...(solved ? { solvedAtContact: contactResult } : {}),
    },
  };
}
