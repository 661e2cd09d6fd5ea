/**
 * Resident identity numbers (公民身份号码, GB 11643-1999) and masking of personal data (SPEC §10).
 * Pure: no I/O. The validators never throw.
 */
import { isValidDate, todayShanghai } from './dates.ts';

export type IdNumberResult =
  | { ok: true; normalized: string; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; reason: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/**
 * The GB 11643 check character ('0'–'9' or 'X') for the first 17 digits.
 * Throws a RangeError when the argument is not exactly 17 ASCII digits (a programming error).
 */
export function checkDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('checkDigit 需要17位数字');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Trims, folds full-width characters, drops inner spaces and upper-cases the final x. */
export function normalizeIdNumber(s: string): string {
  return String(s ?? '')
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .toUpperCase();
}

/** Whether search text is an identity number (18 characters once normalised): such text stays out of URLs. */
export function looksLikeIdNumber(s: string | null | undefined): boolean {
  return /^\d{17}[\dX]$/.test(normalizeIdNumber(s ?? ''));
}

/**
 * Validates an 18-character identity number: format, birth date (a real date, 1900 or later, not after
 * `opts.today`, default today in Asia/Shanghai) and check digit. Never throws.
 * The region prefix is not checked against a code list (codes change; the check digit catches typos).
 */
export function validateIdNumber(s: string, opts: { today?: string } = {}): IdNumberResult {
  if (typeof s !== 'string') return { ok: false, reason: '身份证号应为文本' };
  const v = normalizeIdNumber(s);
  if (v === '') return { ok: false, reason: '身份证号为空' };
  if (v.includes('*')) return { ok: false, reason: '身份证号已脱敏，无法校验' };
  if (v.length !== 18) {
    const hint = /^\d{15}$/.test(v) ? '（15位旧号码请换成18位新号码）' : `（当前为${[...v].length}位）`;
    return { ok: false, reason: `身份证号长度应为18位${hint}` };
  }
  if (!/^\d{17}[\dX]$/.test(v)) {
    return { ok: false, reason: '身份证号格式错误：前17位应为数字，最后一位为数字或X' };
  }
  const y = Number(v.slice(6, 10));
  const birthDate = `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`;
  const today = opts.today ?? todayShanghai();
  if (y < 1900 || !isValidDate(birthDate) || birthDate > today) {
    return { ok: false, reason: `身份证号中的出生日期无效：${v.slice(6, 14)}` };
  }
  const expected = checkDigit(v.slice(0, 17));
  if (v[17] !== expected) {
    return { ok: false, reason: `身份证号校验位错误，应为${expected}` };
  }
  const sex = Number(v[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, normalized: v, birthDate, sex };
}

/** True when a value is (or looks like) a masked identity number or phone, i.e. contains '*'. */
export function isMasked(s: string | null | undefined): boolean {
  return typeof s === 'string' && s.includes('*');
}

/**
 * Masks an identity number: first 6 + '********' + last 4 for 18 characters (e.g. 330782********1234).
 * Other lengths keep the first 6 and last 4 when at least 10 long, otherwise only the last 2 (or nothing).
 * Idempotent.
 */
export function maskIdNumber(s: string | null | undefined): string {
  if (s == null) return '';
  const chars = [...String(s).normalize('NFKC').replace(/\s+/g, '').toUpperCase()];
  const n = chars.length;
  if (n === 0) return '';
  if (n >= 10) return chars.slice(0, 6).join('') + '*'.repeat(n - 10) + chars.slice(n - 4).join('');
  if (n >= 4) return '*'.repeat(n - 2) + chars.slice(n - 2).join('');
  return '*'.repeat(n);
}

/**
 * Masks a phone number for lists: mobiles as 138****5678 (an +86/86 prefix is kept), landlines keep the
 * area code and the last 4 digits (0579-****3456), anything else keeps the last 4 digits (and the first 3
 * when 11 or more digits long). Idempotent.
 */
export function maskPhone(s: string | null | undefined): string {
  if (s == null) return '';
  const v = String(s).normalize('NFKC').trim();
  if (v === '') return '';
  const compact = v.replace(/[\s-]/g, '');

  const mobile = /^(\+?86)?(1\d{2})[\d*]{4}(\d{4})$/.exec(compact);
  if (mobile) return `${mobile[1] ? mobile[1] + ' ' : ''}${mobile[2]}****${mobile[3]}`;

  const landline = /^(?:\((0\d{2,3})\)\s*|(0\d{2,3})\s*-\s*|(0\d{2,3})\s+)([\d*]{5,8})(?:\s*(?:转|-|ext\.?|#)\s*\d{1,6})?$/i.exec(v);
  if (landline) {
    const area = landline[1] ?? landline[2] ?? landline[3];
    const local = landline[4];
    return `${area}-${'*'.repeat(local.length - 4)}${local.slice(-4)}`;
  }

  const digits = [...compact].filter((c) => /[\d*]/.test(c));
  const n = digits.length;
  if (n === 0) return '*'.repeat(Math.min([...v].length, 8));
  if (n >= 11) return digits.slice(0, 3).join('') + '*'.repeat(n - 7) + digits.slice(n - 4).join('');
  if (n >= 5) return '*'.repeat(n - 4) + digits.slice(n - 4).join('');
  return '*'.repeat(n);
}
