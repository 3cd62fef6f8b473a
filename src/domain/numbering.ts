/**
 * Ticket numbers: channel code + date in the org timezone (YYYYMMDD) + daily serial of at least
 * three digits, e.g. `GX20240520001`; `GX202405201000` for the 1000th ticket of the day.
 *
 * - Channel codes are 1–6 upper-case ASCII letters (as in the config's contactChannels).
 * - The serial comes from an atomic per-channel, per-day counter (`counterKey`) and starts at 1.
 * - Numbers are unique and never reused; `parseTicketNumber` accepts only the canonical form
 *   (after trimming and upper-casing), so every number has exactly one spelling:
 *   `GX2024052001000` (a zero-padded 1000) is rejected rather than read as serial 1000.
 */
import { DateTime } from 'luxon';

export interface TicketNumberParts {
  channelCode: string;
  /** 'YYYYMMDD' */
  datePart: string;
  serial: number;
}

const CHANNEL_CODE_RE = /^[A-Z]{1,6}$/;
const DATE_PART_RE = /^\d{8}$/;
const TICKET_NUMBER_RE = /^([A-Z]{1,6})(\d{8})(\d{3,})$/;

export function isChannelCode(code: string): boolean {
  return CHANNEL_CODE_RE.test(code);
}

/** True for 'YYYYMMDD' naming a real calendar date. */
export function isDatePart(datePart: string): boolean {
  return DATE_PART_RE.test(datePart) && DateTime.fromFormat(datePart, 'yyyyMMdd', { zone: 'utc' }).isValid;
}

/** The civil date of `instant` in `timezone` as 'YYYYMMDD'. Throws on an invalid date or zone. */
export function ticketDatePart(instant: Date, timezone: string): string {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError('ticketDatePart: instant must be a valid Date');
  }
  const local = DateTime.fromJSDate(instant, { zone: timezone });
  if (!local.isValid) throw new RangeError(`ticketDatePart: invalid timezone '${timezone}'`);
  return local.toFormat('yyyyMMdd');
}

function check(channelCode: string, datePart: string, fn: string): void {
  if (!isChannelCode(channelCode)) {
    throw new RangeError(`${fn}: channel code must be 1 to 6 upper-case letters, got '${channelCode}'`);
  }
  if (!isDatePart(datePart))
    throw new RangeError(`${fn}: date part must be a valid YYYYMMDD, got '${datePart}'`);
}

/** `GX` + `20240520` + serial zero-padded to at least 3 digits. Throws on invalid parts. */
export function formatTicketNumber(channelCode: string, datePart: string, serial: number): string {
  check(channelCode, datePart, 'formatTicketNumber');
  if (!Number.isSafeInteger(serial) || serial < 1) {
    throw new RangeError(`formatTicketNumber: serial must be a positive integer, got ${serial}`);
  }
  return `${channelCode}${datePart}${String(serial).padStart(3, '0')}`;
}

/**
 * Parses a ticket number typed or pasted by a user (trimmed, case-insensitive). Returns null for
 * anything that `formatTicketNumber` could not have produced (bad date, serial 0, extra padding).
 */
export function parseTicketNumber(s: string): TicketNumberParts | null {
  if (typeof s !== 'string') return null;
  const m = TICKET_NUMBER_RE.exec(s.trim().toUpperCase());
  if (!m) return null;
  const [, channelCode, datePart, digits] = m as unknown as [string, string, string, string];
  if (!isDatePart(datePart)) return null;
  if (digits.length > 3 && digits.startsWith('0')) return null;
  const serial = Number(digits);
  if (serial < 1 || !Number.isSafeInteger(serial)) return null;
  return { channelCode, datePart, serial };
}

/** Id of the atomic daily counter document for a channel and date, e.g. `ticket:GX:20240520`. */
export function counterKey(channelCode: string, datePart: string): string {
  check(channelCode, datePart, 'counterKey');
  return `ticket:${channelCode}:${datePart}`;
}
