/**
 * Cell value parsers for the data exchange bundle (SPEC §9). Each accepts what a CSV field or an Excel
 * cell (via exceljs) may hold — string, number, boolean, Date, null/undefined, exceljs rich text /
 * formula objects — and returns `{ok:true, value}` or `{ok:false, reason}` with a Chinese reason.
 * Blank (null, undefined, '' or only spaces) is `{ok:true, value:null}` everywhere: whether a column is
 * required is the caller's decision. Pure: no I/O, never throws.
 */

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const fail = <T = never>(reason: string): ParseResult<T> => ({ ok: false, reason });

type Cell =
  | { kind: 'blank' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'date'; value: Date }
  | { kind: 'unknown' };

/** Unwraps an exceljs cell value into one of a few plain shapes. */
function readCell(v: unknown, depth = 0): Cell {
  if (v === null || v === undefined) return { kind: 'blank' };
  if (typeof v === 'string') {
    const text = v.normalize('NFKC').trim();
    return text === '' ? { kind: 'blank' } : { kind: 'text', text };
  }
  if (typeof v === 'number') return { kind: 'number', value: v };
  if (typeof v === 'bigint') return { kind: 'text', text: v.toString() };
  if (typeof v === 'boolean') return { kind: 'boolean', value: v };
  if (v instanceof Date) return { kind: 'date', value: v };
  if (typeof v === 'object' && depth < 3) {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) {
      return readCell(
        o.richText.map((p) => (p && typeof p === 'object' ? String((p as { text?: unknown }).text ?? '') : '')).join(''),
        depth + 1,
      );
    }
    if ('result' in o) return readCell(o.result, depth + 1); // formula
    if ('text' in o) return readCell(o.text, depth + 1); // hyperlink
  }
  return { kind: 'unknown' };
}

function show(v: unknown): string {
  if (typeof v === 'string') return v.trim().slice(0, 40);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  try {
    return String(v).slice(0, 40);
  } catch {
    return typeof v;
  }
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function daysInMonth(y: number, m: number): number {
  return [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

function checkedDate(y: number, m: number, d: number, raw: unknown): ParseResult<string> {
  if (y < MIN_YEAR || y > MAX_YEAR) return fail(`日期年份超出范围（${MIN_YEAR}–${MAX_YEAR}）：${show(raw)}`);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return fail(`日期无效：${show(raw)}`);
  return ok(`${y}-${pad2(m)}-${pad2(d)}`);
}

/**
 * A calendar date as 'YYYY-MM-DD'. Text: `YYYY-MM-DD` (also `YYYY/M/D`, `YYYY.M.D`, `YYYY年M月D日`).
 * A JS Date (an Excel date cell read by exceljs) gives its wall-clock date, i.e. its UTC fields
 * (exceljs represents wall-clock cell values as UTC). A number is read as YYYYMMDD digits, never as an
 * Excel serial day number (that would be a guess).
 * Rejects impossible dates such as 2024-02-30.
 */
export function parseDate(v: unknown): ParseResult<string | null> {
  const cell = readCell(v);
  switch (cell.kind) {
    case 'blank':
      return ok(null);
    case 'date': {
      const t = cell.value.getTime();
      if (Number.isNaN(t)) return fail('日期无效');
      const dt = cell.value;
      return checkedDate(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate(), dt);
    }
    case 'number':
    case 'text': {
      // a number is read as its digits (20240301); Excel serial day numbers are not guessed at
      const text = cell.kind === 'number' ? String(cell.value) : cell.text;
      const m =
        /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text) ??
        /^(\d{4})(\d{2})(\d{2})$/.exec(text) ??
        /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(text) ??
        /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/.exec(text) ??
        /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$/.exec(text) ??
        // an ISO timestamp at midnight UTC, as some tools write a date
        /^(\d{4})-(\d{2})-(\d{2})T00:00(?::00(?:\.0+)?)?Z$/.exec(text);
      if (!m) return fail(`日期格式应为YYYY-MM-DD：${show(v)}`);
      return checkedDate(Number(m[1]), Number(m[2]), Number(m[3]), text);
    }
    default:
      return fail(`日期格式应为YYYY-MM-DD：${show(v)}`);
  }
}

/** A month as 'YYYY-MM'. Text `YYYY-MM` (also `YYYYMM`, `YYYY/M`, `YYYY.M`, `YYYY年M月`); a Date gives its UTC month. */
export function parseMonth(v: unknown): ParseResult<string | null> {
  const cell = readCell(v);
  const check = (y: number, m: number): ParseResult<string> => {
    if (y < MIN_YEAR || y > MAX_YEAR) return fail(`月份年份超出范围（${MIN_YEAR}–${MAX_YEAR}）：${show(v)}`);
    if (m < 1 || m > 12) return fail(`月份无效：${show(v)}`);
    return ok(`${y}-${pad2(m)}`);
  };
  switch (cell.kind) {
    case 'blank':
      return ok(null);
    case 'date':
      if (Number.isNaN(cell.value.getTime())) return fail('月份无效');
      return check(cell.value.getUTCFullYear(), cell.value.getUTCMonth() + 1);
    case 'number':
    case 'text': {
      const text = cell.kind === 'number' ? String(cell.value) : cell.text;
      const m =
        /^(\d{4})-(\d{1,2})$/.exec(text) ??
        /^(\d{4})(\d{2})$/.exec(text) ??
        /^(\d{4})\/(\d{1,2})$/.exec(text) ??
        /^(\d{4})\.(\d{1,2})$/.exec(text) ??
        /^(\d{4})年(\d{1,2})月?$/.exec(text);
      if (!m) return fail(`月份格式应为YYYY-MM：${show(v)}`);
      return check(Number(m[1]), Number(m[2]));
    }
    default:
      return fail(`月份格式应为YYYY-MM：${show(v)}`);
  }
}

const TRUE_WORDS = new Set(['true', '1', '是', 'yes', 'y']);
const FALSE_WORDS = new Set(['false', '0', '否', 'no', 'n']);

/** true/false, 1/0, 是/否 (also yes/no); blank → null. */
export function parseBoolean(v: unknown): ParseResult<boolean | null> {
  const cell = readCell(v);
  switch (cell.kind) {
    case 'blank':
      return ok(null);
    case 'boolean':
      return ok(cell.value);
    case 'number':
      if (cell.value === 1) return ok(true);
      if (cell.value === 0) return ok(false);
      break;
    case 'text': {
      const t = cell.text.toLowerCase();
      if (TRUE_WORDS.has(t)) return ok(true);
      if (FALSE_WORDS.has(t)) return ok(false);
      break;
    }
  }
  return fail(`应为 是/否（true/false、1/0）：${show(v)}`);
}

/** Expands a JS number to plain decimal text without exponent (exact for what String() prints). */
function numberToPlain(n: number): string | null {
  if (!Number.isFinite(n)) return null;
  const s = String(n);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac = '', expText] = m;
  const exp = Number(expText);
  const digits = int + frac;
  const point = int.length + exp;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

interface Decimal {
  negative: boolean;
  int: string; // no leading zeros ('0' for zero)
  frac: string; // no trailing zeros
}

/** Parses plain decimal text, with optional ¥/￥ prefix, 元 suffix and 1,234 grouping. */
function readDecimal(text: string): Decimal | null {
  let t = text.replace(/^[¥￥]\s*/, '').replace(/\s*元$/, '');
  const m = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/.exec(t);
  if (!m) return null;
  t = m[2].replace(/,/g, '');
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (t === '' && (m[3] === undefined || m[3] === '')) return null;
  const int = t.replace(/^0+/, '') || '0';
  return { negative: m[1] === '-' && (int !== '0' || frac !== ''), int, frac };
}

function cellDecimal(v: unknown, what: string): ParseResult<Decimal | null> {
  const cell = readCell(v);
  if (cell.kind === 'blank') return ok(null);
  let text: string | null = null;
  if (cell.kind === 'number') text = numberToPlain(cell.value);
  else if (cell.kind === 'text') text = cell.text;
  const d = text === null ? null : readDecimal(text);
  if (!d) return fail(`应为${what}：${show(v)}`);
  return ok(d);
}

/** An integer (safe range), optionally within [min, max]. Accepts '1,234' and '12.0'. */
export function parseInteger(v: unknown, opts: { min?: number; max?: number } = {}): ParseResult<number | null> {
  const r = cellDecimal(v, '整数');
  if (!r.ok || r.value === null) return r as ParseResult<null>;
  const d = r.value;
  if (d.frac !== '') return fail(`应为整数：${show(v)}`);
  const n = Number((d.negative ? '-' : '') + d.int);
  if (!Number.isSafeInteger(n)) return fail(`整数超出范围：${show(v)}`);
  if (opts.min !== undefined && n < opts.min) return fail(`不能小于${opts.min}：${show(v)}`);
  if (opts.max !== undefined && n > opts.max) return fail(`不能大于${opts.max}：${show(v)}`);
  return ok(n);
}

/**
 * A decimal with exactly `scale` digits after the point, as text (no float arithmetic), e.g. money in
 * 元: parseDecimal('1234.5', 2) → '1234.50'. More significant decimals than `scale` are rejected, not
 * rounded. Negative values are rejected unless `allowNegative`; `maxIntegerDigits` bounds the size
 * (e.g. 12 for numeric(14,2)).
 */
export function parseDecimal(
  v: unknown,
  scale: number,
  opts: { allowNegative?: boolean; maxIntegerDigits?: number } = {},
): ParseResult<string | null> {
  if (!Number.isInteger(scale) || scale < 0 || scale > 20) return fail(`小数位数设置无效：${scale}`);
  const r = cellDecimal(v, '数字');
  if (!r.ok || r.value === null) return r as ParseResult<null>;
  const d = r.value;
  if (d.frac.length > scale) {
    return fail(scale === 0 ? `应为整数：${show(v)}` : `小数位数不能超过${scale}位：${show(v)}`);
  }
  if (d.negative && !opts.allowNegative) return fail(`不能为负数：${show(v)}`);
  if (opts.maxIntegerDigits !== undefined && d.int.length > opts.maxIntegerDigits) {
    return fail(`数值过大：${show(v)}`);
  }
  const frac = scale === 0 ? '' : '.' + d.frac.padEnd(scale, '0');
  return ok(`${d.negative ? '-' : ''}${d.int}${frac}`);
}

export interface EnumEntry<K extends string = string> {
  key: K;
  label: string;
  /** Further accepted spellings. */
  aliases?: readonly string[];
}

/** A dictionary as entries, or as a `{key: label}` object. */
export type EnumDict<K extends string = string> = readonly EnumEntry<K>[] | Readonly<Record<K, string>>;

function entries<K extends string>(dict: EnumDict<K>): EnumEntry<K>[] {
  if (Array.isArray(dict)) return dict as EnumEntry<K>[];
  return Object.entries(dict as Record<K, string>).map(([key, label]) => ({ key: key as K, label: label as string }));
}

/**
 * An enum value given by its key (ASCII keys case-insensitively) or its Chinese label; blank → null.
 * The reason for a wrong value lists the accepted ones.
 */
export function parseEnum<K extends string>(v: unknown, dict: EnumDict<K>): ParseResult<K | null> {
  const cell = readCell(v);
  if (cell.kind === 'blank') return ok(null);
  const text =
    cell.kind === 'text' ? cell.text : cell.kind === 'number' || cell.kind === 'boolean' ? String(cell.value) : null;
  const list = entries(dict);
  if (text !== null) {
    const fold = (s: string) => s.normalize('NFKC').trim().toLowerCase();
    const want = fold(text);
    const exact = list.find((e) => e.key === text);
    if (exact) return ok(exact.key);
    for (const e of list) {
      if (fold(e.key) === want || fold(e.label) === want || (e.aliases ?? []).some((a) => fold(a) === want)) {
        return ok(e.key);
      }
    }
  }
  const allowed = list.map((e) => `${e.label}（${e.key}）`).join('、');
  return fail(`无效的取值“${show(v)}”，可选：${allowed}`);
}
