/**
 * Phone numbers as B2B intake meets them, each stored in one normalised form:
 * - mainland mobile: 11 digits `1[3-9]…` (also written +86 / 0086 / with spaces or dashes) → `13812345678`;
 * - landline with area code (010, 02X: 3 digits; 0[3-9]XX: 4 digits), 7–8 digit subscriber number and
 *   an optional extension (`-8001`, `ext 8001`, `x8001`, `转8001`, `分机8001`, `#8001`)
 *   → `010-12345678`, `0755-88886666-8001` (+86 10 … becomes 010-…);
 * - service numbers: 400 / 800 + 7 digits → `4008208820`; 95 short numbers (95 + 3–6 digits) → `95555`;
 * - international: `+` or `00`, country code and number, 8–15 digits in all → `+447911123456`.
 * Anything else is refused with the reason, so the form can say what is wrong.
 */

export type PhoneKind = 'mobile' | 'landline' | 'service' | 'international';
export type PhoneRefusal = 'area_code' | 'extension' | 'invalid';

export type PhoneResult =
  | { ok: true; normalized: string; kind: PhoneKind }
  | { ok: false; reason: PhoneRefusal };

const MOBILE = /^1[3-9]\d{9}$/;
const SERVICE_400_800 = /^[48]00\d{7}$/;
const SHORT_95 = /^95\d{3,6}$/;
/** The local number after the area code: 7 or 8 digits, never starting with 0. */
const SUBSCRIBER = /^[1-9]\d{6,7}$/;
const EXTENSION_MARK = /\s*(?:ext\.?|extension|x|转|分机|#)\s*(\d{1,6})$/i;

/** Area code length of a domestic number starting with 0, or 0 when it has none. */
function areaCodeLength(digits: string): number {
  if (/^0(?:10|2\d)/.test(digits)) return 3;
  if (/^0[3-9]\d\d/.test(digits)) return 4;
  return 0;
}

/** A domestic number (no country prefix): groups are the digit runs as written. */
function domestic(groups: string[], markedExt: string | undefined): PhoneResult {
  const digits = groups.join('');
  if (markedExt === undefined) {
    if (MOBILE.test(digits)) return { ok: true, normalized: digits, kind: 'mobile' };
    if (SERVICE_400_800.test(digits) || SHORT_95.test(digits))
      return { ok: true, normalized: digits, kind: 'service' };
  }
  if (!digits.startsWith('0')) {
    // 7–8 digits without an area code: a landline the form cannot place.
    return /^[2-9]\d{6,7}$/.test(digits)
      ? { ok: false, reason: 'area_code' }
      : { ok: false, reason: 'invalid' };
  }
  const area = areaCodeLength(digits);
  if (!area) return { ok: false, reason: 'area_code' };
  let rest = digits.slice(area);
  let ext = markedExt;
  // An unmarked extension is a last group written apart: 0755-88886666-8001.
  if (ext === undefined && rest.length > 8 && groups.length >= 2) {
    const last = groups[groups.length - 1]!;
    const body = rest.slice(0, rest.length - last.length);
    if (last.length <= 6 && SUBSCRIBER.test(body)) {
      ext = last;
      rest = body;
    }
  }
  if (!SUBSCRIBER.test(rest)) return { ok: false, reason: rest.length > 8 ? 'extension' : 'invalid' };
  if (ext !== undefined && !/^\d{1,6}$/.test(ext)) return { ok: false, reason: 'extension' };
  const normalized = `${digits.slice(0, area)}-${rest}${ext ? `-${ext}` : ''}`;
  return { ok: true, normalized, kind: 'landline' };
}

/** Parses a phone number as typed; see the module comment for what is accepted. */
export function parsePhone(input: string): PhoneResult {
  let text = input.normalize('NFKC').trim();
  if (!/\d/.test(text)) return { ok: false, reason: 'invalid' };
  let markedExt: string | undefined;
  const mark = EXTENSION_MARK.exec(text);
  if (mark) {
    markedExt = mark[1];
    text = text.slice(0, mark.index);
  }
  if (/[^\d\s\-+().]/.test(text)) return { ok: false, reason: 'invalid' };
  let groups: string[] = [...(text.match(/\d+/g) ?? [])];
  let international = /^\(?\+/.test(text);
  if (!international && groups[0]?.startsWith('00')) {
    international = true;
    groups = [groups[0].slice(2), ...groups.slice(1)].filter((g) => g);
  }
  if (!international) return domestic(groups, markedExt);
  const digits = groups.join('');
  if (digits.startsWith('86')) {
    // China written internationally: the rest is domestic; a landline's area code drops its 0.
    const national = [digits.slice(2)];
    if (MOBILE.test(national[0]!) || SERVICE_400_800.test(national[0]!)) return domestic(national, markedExt);
    const regrouped = groups.map((g, i) => (i === 0 ? g.slice(2) : g)).filter((g) => g);
    return domestic(['0', ...regrouped], markedExt);
  }
  if (markedExt !== undefined) return { ok: false, reason: 'extension' };
  if (!/^[1-9]\d{7,14}$/.test(digits)) return { ok: false, reason: 'invalid' };
  return { ok: true, normalized: `+${digits}`, kind: 'international' };
}
