/**
 * The rules of a dispute party (SPEC §4.1): name, identity number (GB 11643 for a person, unified social
 * credit code for an organisation) and phone. One function for every way a party comes in — the intake
 * (server/modules/disputes/intake.ts), the bundle import (server/modules/exchange/handlers-disputes.ts) and
 * the intake form — so a number refused by one is refused by all.
 * Pure: no I/O; `today` bounds the birth date of an identity number (default today in Asia/Shanghai).
 */
import { normalizeIdNumber, validateIdNumber } from './id-number.ts';

export interface PartyFields {
  kind?: string | null;
  name?: string | null;
  idNumber?: string | null;
  phone?: string | null;
  ethnicity?: string | null;
}

export type PartyField = 'name' | 'idNumber' | 'phone' | 'ethnicity';

/** The 56 民族 in the order of GB/T 3304, plus its two further entries; a party's 民族 is one of them. */
export const ETHNIC_GROUPS = [
  '汉族', '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', '布依族', '朝鲜族', '满族', '侗族', '瑶族', '白族',
  '土家族', '哈尼族', '哈萨克族', '傣族', '黎族', '傈僳族', '佤族', '畲族', '高山族', '拉祜族', '水族', '东乡族', '纳西族',
  '景颇族', '柯尔克孜族', '土族', '达斡尔族', '仫佬族', '羌族', '布朗族', '撒拉族', '毛南族', '仡佬族', '锡伯族', '阿昌族',
  '普米族', '塔吉克族', '怒族', '乌孜别克族', '俄罗斯族', '鄂温克族', '德昂族', '保安族', '裕固族', '京族', '塔塔尔族',
  '独龙族', '鄂伦春族', '赫哲族', '门巴族', '珞巴族', '基诺族', '其他未识别民族', '外国血统中国籍人士',
] as const;

/** “汉”, “汉族” and “ 汉族 ” are the same 民族; null when blank, undefined when not one of ETHNIC_GROUPS. */
export function normalizeEthnicity(v: string | null | undefined): string | null | undefined {
  const t = (v ?? '').normalize('NFKC').replace(/\s+/g, '');
  if (!t) return null;
  return ETHNIC_GROUPS.find((g) => g === t || g === `${t}族`);
}

export interface CheckedParty {
  /** trimmed; '' when missing (an error then) */
  name: string;
  /** normalised (full-width folded, spaces dropped, upper case); null when blank */
  idNumber: string | null;
  /** digits only (a leading + kept); null when blank */
  phone: string | null;
  /** one of ETHNIC_GROUPS (a person only); null when blank */
  ethnicity: string | null;
}

/** The messages say what is wrong without naming the party: each caller says which party (row, name) it was. */
export interface PartyCheck {
  value: CheckedParty;
  errors: { field: PartyField; message: string }[];
}

const CREDIT_CODE_RE = /^[0-9A-Z]{8,30}$/;
const PHONE_RE = /^\+?\d{5,20}$/;
/** what a phone may be written with: digits, +, spaces, hyphens and brackets (“(0571) 8888-1234”) */
const PHONE_TEXT_RE = /^\+?[\d\s\-()]+$/;

/** Phones are kept digits-only (a leading + and an extension after '-' survive) so duplicates match. */
export function normalizePhone(p: string | null | undefined): string | null {
  if (p == null) return null;
  const v = String(p).normalize('NFKC').trim();
  if (!v) return null;
  const plus = v.startsWith('+') ? '+' : '';
  const digits = v.replace(/[^\d]/g, '');
  return digits ? plus + digits : null;
}

/** Checks one party's name, identity number or credit code, phone and 民族; every error, in that order. */
export function checkParty(p: PartyFields, opts: { today?: string } = {}): PartyCheck {
  const errors: PartyCheck['errors'] = [];
  const name = (p.name ?? '').trim();
  if (!name) errors.push({ field: 'name', message: '请填写当事人姓名或名称' });
  let idNumber: string | null = null;
  if (p.idNumber && p.idNumber.trim()) {
    if ((p.kind ?? 'person') === 'person') {
      const r = validateIdNumber(p.idNumber, { today: opts.today });
      if (r.ok) idNumber = r.normalized;
      else errors.push({ field: 'idNumber', message: r.reason });
    } else {
      const code = normalizeIdNumber(p.idNumber);
      if (CREDIT_CODE_RE.test(code)) idNumber = code;
      else errors.push({ field: 'idNumber', message: '统一社会信用代码格式有误' });
    }
  }
  let phone = normalizePhone(p.phone);
  const typed = p.phone == null ? '' : String(p.phone).normalize('NFKC').trim();
  // what was typed is checked, not only its digits: “not-a-phone” is refused, never dropped silently
  if (typed && (!phone || !PHONE_TEXT_RE.test(typed) || !PHONE_RE.test(phone))) {
    errors.push({ field: 'phone', message: '电话格式有误' });
    phone = null;
  }
  let ethnicity: string | null = null;
  // an organisation has no 民族: whatever came with it is dropped
  if (p.ethnicity != null && String(p.ethnicity).trim() && (p.kind ?? 'person') === 'person') {
    const e = normalizeEthnicity(String(p.ethnicity));
    if (e) ethnicity = e;
    else errors.push({ field: 'ethnicity', message: `民族“${String(p.ethnicity).trim()}”无效，应为五十六个民族之一，如“汉族”` });
  }
  return { value: { name, idNumber, phone, ethnicity }, errors };
}

/** The first error of one field (the web form's validator of that field), or null. */
export function partyFieldError(p: PartyFields, field: PartyField, opts: { today?: string } = {}): string | null {
  return checkParty(p, opts).errors.find((e) => e.field === field)?.message ?? null;
}
