/**
 * 案号 (court case number) parser — SPEC §5.
 *
 * Standard form since 2016: `(年份)法院代字 + 类型代字 + 序号 + 号`, e.g. `(2024)浙0782民初1234号`.
 * Pure: no I/O, never throws.
 */

export type CaseKind =
  | 'civil'
  | 'criminal'
  | 'administrative'
  | 'enforcement'
  | 'prelitigation'
  | 'other';

export type CaseInstance = 'first' | 'second' | 'retrial';

export interface ParsedCaseNumber {
  ok: true;
  year: number;
  /** Court code: province abbreviation + 0/2/4 digits (e.g. '浙0782', '粤03', '京'), or '最高法'. */
  courtCode: string;
  /** Case type code (类型代字), e.g. '民初', '执恢', '民诉前调'. */
  typeCode: string;
  kind: CaseKind;
  instance: CaseInstance | null;
  seq: number;
  /** False for pre-litigation mediation numbers (诉前调), which are not court cases. */
  isCourtCase: boolean;
  /** Canonical form with half-width parentheses: `(2024)浙0782民初1234号`. */
  normalized: string;
}

export interface CaseNumberError {
  ok: false;
  reason: string;
}

export type CaseNumberResult = ParsedCaseNumber | CaseNumberError;

interface TypeInfo {
  kind: CaseKind;
  instance: CaseInstance | null;
}

const t = (kind: CaseKind, instance: CaseInstance | null = null): TypeInfo => ({ kind, instance });

/** Known type codes (类型代字). Anything containing 诉前调 is pre-litigation mediation. */
export const CASE_TYPE_CODES: Readonly<Record<string, TypeInfo>> = Object.freeze({
  // civil 民事
  民初: t('civil', 'first'),
  民终: t('civil', 'second'),
  民再: t('civil', 'retrial'),
  民申: t('civil', 'retrial'),
  民监: t('civil', 'retrial'),
  民抗: t('civil', 'retrial'),
  民特: t('civil'),
  民辖: t('civil'),
  民辖终: t('civil'),
  民督: t('civil'),
  民催: t('civil'),
  民撤: t('civil'),
  民他: t('civil'),
  知民初: t('civil', 'first'),
  知民终: t('civil', 'second'),
  // criminal 刑事
  刑初: t('criminal', 'first'),
  刑终: t('criminal', 'second'),
  刑再: t('criminal', 'retrial'),
  刑申: t('criminal', 'retrial'),
  刑监: t('criminal', 'retrial'),
  刑抗: t('criminal', 'retrial'),
  刑更: t('criminal'),
  刑核: t('criminal'),
  刑辖: t('criminal'),
  刑他: t('criminal'),
  // administrative 行政
  行初: t('administrative', 'first'),
  行终: t('administrative', 'second'),
  行再: t('administrative', 'retrial'),
  行申: t('administrative', 'retrial'),
  行监: t('administrative', 'retrial'),
  行抗: t('administrative', 'retrial'),
  行审: t('administrative'),
  行辖: t('administrative'),
  行他: t('administrative'),
  知行初: t('administrative', 'first'),
  知行终: t('administrative', 'second'),
  // enforcement 执行
  执: t('enforcement'),
  执恢: t('enforcement'),
  执异: t('enforcement'),
  执保: t('enforcement'),
  执复: t('enforcement'),
  执监: t('enforcement'),
  执协: t('enforcement'),
  执他: t('enforcement'),
  // pre-litigation mediation 诉前调解
  民诉前调: t('prelitigation'),
  诉前调: t('prelitigation'),
  民诉前调确: t('prelitigation'),
  诉前调确: t('prelitigation'),
  // other
  财保: t('other'),
  破: t('other'),
  破申: t('other'),
  强清: t('other'),
  赔: t('other'),
  司惩: t('other'),
  司救: t('other'),
});

/** Province-level abbreviations used as the first character of a court code (plus 兵团 and 军事). */
const PROVINCE_CHARS = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼兵军';

const BRACKETS: Record<string, string> = {
  '〔': '(',
  '〕': ')',
  '[': '(',
  ']': ')',
  '【': '(',
  '】': ')',
  '［': '(',
  '］': ')',
  '（': '(',
  '）': ')',
};

/** Normalises width, brackets and whitespace; exported for callers that key on the raw text. */
export function normalizeCaseNumberText(s: string): string {
  let out = '';
  for (const ch of String(s).normalize('NFKC')) {
    if (/\s/u.test(ch)) continue;
    out += BRACKETS[ch] ?? ch;
  }
  return out;
}

const HAN = /^\p{Script=Han}+$/u;

/** Parses a 案号. Never throws. */
export function parseCaseNumber(s: string): CaseNumberResult {
  const fail = (reason: string): CaseNumberError => ({ ok: false, reason });
  if (typeof s !== 'string') return fail('案号应为文本');
  const text = normalizeCaseNumberText(s);
  if (text === '') return fail('案号为空');

  const head = /^\((\d{4})\)(.*)$/u.exec(text);
  if (!head) return fail(`案号格式不正确：${s.trim()}（应如 (2024)浙0782民初1234号）`);
  const year = Number(head[1]);
  if (year < 1949 || year > 2100) return fail(`案号年份无效：${head[1]}`);

  let rest = head[2];
  if (rest.endsWith('号')) rest = rest.slice(0, -1);
  if (rest === '') return fail('案号缺少法院代字、类型代字和序号');

  // Court code
  let courtCode: string;
  if (rest.startsWith('最高法')) {
    courtCode = '最高法';
    rest = rest.slice(3);
  } else {
    const first = String.fromCodePoint(rest.codePointAt(0)!);
    if (!PROVINCE_CHARS.includes(first)) {
      return fail(`无法识别的法院代字：${first}`);
    }
    const afterProvince = rest.slice(first.length);
    if (/^\d*$/u.test(afterProvince)) return fail('案号缺少案件类型代字');
    const digits = /^(\d*)/u.exec(afterProvince)![1];
    if (digits.length !== 0 && digits.length !== 2 && digits.length !== 4) {
      return fail(`法院代字无效：${first}${digits}`);
    }
    courtCode = first + digits;
    rest = rest.slice(first.length + digits.length);
  }

  // Type code and sequence number
  const m = /^(\D*?)(\d+)$/u.exec(rest);
  if (!m) {
    if (!/\d/u.test(rest)) return fail('案号缺少序号');
    return fail(`案号格式不正确：${s.trim()}`);
  }
  const typeCode = m[1];
  const seqText = m[2];
  if (typeCode === '') return fail('案号缺少案件类型代字');
  if (!HAN.test(typeCode)) return fail(`无法识别的案件类型：${typeCode}`);

  let info: TypeInfo | undefined = Object.prototype.hasOwnProperty.call(CASE_TYPE_CODES, typeCode)
    ? CASE_TYPE_CODES[typeCode]
    : undefined;
  if (!info && typeCode.includes('诉前调')) info = t('prelitigation');
  if (!info) return fail(`无法识别的案件类型：${typeCode}`);

  if (seqText.length > 9) return fail(`案号序号无效：${seqText}`);
  const seq = Number(seqText);
  if (!Number.isSafeInteger(seq) || seq < 1) return fail(`案号序号无效：${seqText}`);

  return {
    ok: true,
    year,
    courtCode,
    typeCode,
    kind: info.kind,
    instance: info.instance,
    seq,
    isCourtCase: info.kind !== 'prelitigation',
    normalized: formatCaseNumber({ year, courtCode, typeCode, seq }),
  };
}

/** Builds the canonical text of a case number. */
export function formatCaseNumber(p: {
  year: number;
  courtCode: string;
  typeCode: string;
  seq: number;
}): string {
  return `(${p.year})${p.courtCode}${p.typeCode}${p.seq}号`;
}

export const PRELITIGATION_HINT = '诉前调解案号不是法院案件，请在诉前调解文件中导入';

export type CourtCaseKindInstance =
  | {
      ok: true;
      kind: 'civil' | 'criminal' | 'administrative';
      instance: 'first' | 'second';
    }
  | { ok: false; reason: string };

/**
 * For importers of court cases (§5, `court_cases`): kind and instance of a first- or second-instance
 * civil, criminal or administrative case, derived from its 案号. Never throws.
 */
export function courtCaseKindInstance(s: string): CourtCaseKindInstance {
  const p = parseCaseNumber(s);
  if (!p.ok) return p;
  if (p.kind === 'prelitigation') {
    return { ok: false, reason: `${p.normalized}：${PRELITIGATION_HINT}` };
  }
  if (
    (p.kind === 'civil' || p.kind === 'criminal' || p.kind === 'administrative') &&
    (p.instance === 'first' || p.instance === 'second')
  ) {
    return { ok: true, kind: p.kind, instance: p.instance };
  }
  return {
    ok: false,
    reason: `${p.normalized}：类型“${p.typeCode}”不是民事、刑事或行政的一审、二审案件，无法导入为法院案件`,
  };
}

export type PrelitigationCaseKey = { ok: true; key: string } | { ok: false; reason: string };

/**
 * The court's 诉前调 number as a dispute's pre-litigation stage records it (SPEC §5, issue 13.11): the key it is
 * stored and matched under — the canonical form of a standard number, else the text width-folded, exactly as
 * the pre-litigation import keys `case_no` — or why it is not a pre-litigation number.
 */
export function prelitigationCaseKey(raw: string): PrelitigationCaseKey {
  const text = normalizeCaseNumberText(raw);
  if (!text) return { ok: false, reason: '请填写诉前调解案号' };
  const p = parseCaseNumber(raw);
  if (p.ok) {
    if (p.kind !== 'prelitigation') return { ok: false, reason: `“${p.normalized}”不是诉前调解案号（应含“诉前调”）` };
    return { ok: true, key: p.normalized };
  }
  if (!text.includes('诉前调')) return { ok: false, reason: `“${text}”不是诉前调解案号（应含“诉前调”）` };
  if (text.length > 60) return { ok: false, reason: '诉前调解案号过长' };
  return { ok: true, key: text };
}
