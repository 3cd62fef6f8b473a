/**
 * Masking of customer contact details for everywhere the full value is not needed
 * (domain.md "Data protection"). Every function is total: empty, blank, null or undefined input
 * gives '' and no input ever comes back unmasked in full.
 *
 * Names
 * - Chinese (all Han characters, optionally with the `·` of transliterated names): keep the
 *   surname, one `*` per remaining character: 李四 → 李*, 王小明 → 王**, 欧阳娜娜 → 欧阳** (compound
 *   surnames from COMPOUND_SURNAMES; a two-character name that *is* a compound surname keeps only
 *   its first character: 欧阳 → 欧*). A single character becomes `*`. `·` separators are kept.
 * - Honorific forms (surname + 先生/女士/小姐/太太/老师): the whole surname is masked: 张先生 → *先生,
 *   欧阳女士 → *女士.
 * - Anything else (Latin and mixed scripts): every whitespace-separated part becomes its first
 *   character + `***` (fixed length, so the length is not revealed): John Smith → J*** S***,
 *   Jean-Luc Picard → J*** P***. A leading title (Mr, Mrs, Ms, Miss, Mx, Dr, Prof, with or without
 *   a dot) is kept: Mr. Smith → Mr. S***.
 *
 * Phones (after `normalizePhone`)
 * - Mainland mobile (11 digits, 1[3-9]…): first 3 + `****` + last 4: 13812345678 → 138****5678
 *   (also for +86 / 0086 input, which normalises to the 11 digits).
 * - International (`+`): `+`, the country code (1–3 digits, by the ITU E.164 code ranges), `****`,
 *   last 4: +447911123456 → +44****3456. Needs at least 4 hidden digits, otherwise as below.
 * - Anything else with more than 4 digits: `****` + last 4 (01012345678 → ****5678); 4 digits or
 *   fewer: `****` (showing "the last 4" of a 4-digit number would show all of it).
 *
 * Emails: lower-cased; first character of the local part + `***` + `@` + domain:
 *   li.lei@example.com → l***@example.com; a one-character local part is fully masked
 *   (a@example.com → *@example.com); a value without a usable `@` → `***`.
 */

type Maybe = string | null | undefined;

/** Compound (two-character) Chinese surnames recognised by `maskName`. */
export const COMPOUND_SURNAMES: readonly string[] = [
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '皇甫',
  '东方',
  '慕容',
  '令狐',
  '夏侯',
  '尉迟',
  '公孙',
  '长孙',
  '宇文',
  '司徒',
  '申屠',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '轩辕',
  '澹台',
  '万俟',
  '闻人',
  '赫连',
];

const HONORIFICS = ['先生', '女士', '小姐', '太太', '老师'] as const;
const NAME_SEPARATORS = new Set(['·', '・', '•', '‧']);
const HAN_NAME_RE = /^[\p{Script=Han}·・•‧]+$/u;
const TITLE_RE = /^(mr|mrs|ms|miss|mx|dr|prof)\.?$/i;

function clean(value: Maybe): string {
  return typeof value === 'string' ? value.normalize('NFC').trim() : '';
}

function maskHanName(name: string): string {
  for (const h of HONORIFICS) {
    if (name.endsWith(h)) return `*${h}`;
  }
  const chars = Array.from(name);
  const surnameLength = COMPOUND_SURNAMES.includes(chars.slice(0, 2).join('')) ? 2 : 1;
  const keep = Math.min(surnameLength, chars.length - 1);
  return chars.map((c, i) => (i < keep || NAME_SEPARATORS.has(c) ? c : '*')).join('');
}

function maskWord(word: string): string {
  const first = Array.from(word)[0] ?? '';
  return `${first}***`;
}

/** Masked display name, e.g. 李*, *先生, J*** S***. */
export function maskName(name: Maybe): string {
  const n = clean(name).replace(/\s+/g, ' ');
  if (!n) return '';
  if (HAN_NAME_RE.test(n)) return maskHanName(n);
  const parts = n.split(' ');
  const title = parts.length > 1 && TITLE_RE.test(parts[0]!) ? parts.shift()! : null;
  const masked = parts.map(maskWord).join(' ');
  return title ? `${title} ${masked}` : masked;
}

const MAINLAND_MOBILE_RE = /^1[3-9]\d{9}$/;

/**
 * Canonical phone: digits only, with a leading `+` for international numbers. Spaces, dashes,
 * dots, parentheses and other punctuation are dropped; full-width digits are accepted; a leading
 * `+` (also inside a parenthesis: `(+86)`) marks an international number, as does the `00`
 * international prefix, which becomes `+`; `+86`/`0086` followed by a mainland mobile becomes the
 * plain 11-digit number (other +86 numbers, e.g. landlines, keep `+86`). No digits → ''.
 */
export function normalizePhone(phone: Maybe): string {
  const p = clean(phone).normalize('NFKC');
  let digits = p.replace(/\D/g, '');
  if (!digits) return '';
  let international = /^[\s(]*\+/.test(p);
  if (!international && digits.startsWith('00') && digits.length > 2) {
    international = true;
    digits = digits.slice(2);
  }
  if (!international) return digits;
  if (digits.startsWith('86') && MAINLAND_MOBILE_RE.test(digits.slice(2))) return digits.slice(2);
  return `+${digits}`;
}

/** Country codes of two digits (E.164); `1` and `7` are one digit; all others three. */
const TWO_DIGIT_COUNTRY_CODES = new Set(
  '20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'.split(
    ' ',
  ),
);

/** Length of the E.164 country code at the start of `digits`. */
export function countryCodeLength(digits: string): 1 | 2 | 3 {
  if (digits.startsWith('1') || digits.startsWith('7')) return 1;
  return TWO_DIGIT_COUNTRY_CODES.has(digits.slice(0, 2)) ? 2 : 3;
}

/** Masked phone, e.g. 138****5678, +44****3456, ****5678. */
/** A stored landline `0755-88886666-8001` without its extension (the extension is not the number). */
function withoutExtension(phone: Maybe): Maybe {
  const m = /^(0\d{2,3}-\d{7,8})-\d{1,6}$/.exec(clean(phone));
  return m ? m[1] : phone;
}

export function maskPhone(phone: Maybe): string {
  const n = normalizePhone(withoutExtension(phone));
  if (!n) return '';
  if (MAINLAND_MOBILE_RE.test(n)) return `${n.slice(0, 3)}****${n.slice(-4)}`;
  const digits = n.replace('+', '');
  if (n.startsWith('+')) {
    const cc = countryCodeLength(digits);
    if (digits.length >= cc + 8) return `+${digits.slice(0, cc)}****${digits.slice(-4)}`;
  }
  return digits.length > 4 ? `****${digits.slice(-4)}` : '****';
}

/** Last 4 digits of the normalised phone (for search and confirmation), '' when fewer than 4. */
export function phoneLast4(phone: Maybe): string {
  const digits = normalizePhone(withoutExtension(phone)).replace('+', '');
  return digits.length >= 4 ? digits.slice(-4) : '';
}

/** Masked email, e.g. l***@example.com. */
export function maskEmail(email: Maybe): string {
  const e = clean(email).toLowerCase();
  if (!e) return '';
  const at = e.lastIndexOf('@');
  const local = e.slice(0, at);
  const domain = e.slice(at + 1);
  if (at <= 0 || !domain) return '***';
  const chars = Array.from(local);
  return chars.length === 1 ? `*@${domain}` : `${chars[0]}***@${domain}`;
}

export interface CustomerContact {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
}

export interface MaskedCustomerContact {
  name: string;
  phone: string;
  email: string;
}

/** The three contact fields masked; a missing field gives ''. */
export function maskCustomer(customer: CustomerContact): MaskedCustomerContact {
  return {
    name: maskName(customer.name),
    phone: maskPhone(customer.phone),
    email: maskEmail(customer.email),
  };
}
