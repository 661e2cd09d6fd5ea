/**
 * Calendar days, the one set of date helpers of server and web (pure: `now` is passed in or read once).
 * Days are `YYYY-MM-DD` strings and all arithmetic is on UTC day numbers, so the host's time zone never
 * shifts a day. "Today" is the programme's: Asia/Shanghai (UTC+8, no daylight saving since 1991).
 */

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Today's calendar day in Asia/Shanghai (or the day of `now`). */
export function todayShanghai(now: Date | number = Date.now()): string {
  return new Date(Number(now) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The programme year of `now` (Asia/Shanghai). */
export function yearShanghai(now: Date | number = Date.now()): number {
  return Number(todayShanghai(now).slice(0, 4));
}

/** Days since 1970-01-01 of a valid `YYYY-MM-DD`, else null. */
function toDayNumber(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = ISO_DATE.exec(value);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // setUTCFullYear, unlike Date.UTC, does not remap years 0–99
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return Math.round(date.getTime() / DAY_MS);
}

/** The `YYYY-MM-DD` of a day number (days since 1970-01-01). */
export function dayFromNumber(day: number): string {
  const date = new Date(day * DAY_MS);
  const y = date.getUTCFullYear();
  if (!Number.isFinite(day) || y < 0 || y > 9999) throw new RangeError('日期超出范围');
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return `${pad(y, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

/** Days since 1970-01-01 of `value`; throws RangeError naming `what` when it is not a valid date. */
export function dayNumber(value: string, what = '日期'): number {
  const n = toDayNumber(value);
  if (n === null) throw new RangeError(`${what}“${String(value)}”不是有效日期（YYYY-MM-DD）`);
  return n;
}

/** Whether `value` is a real calendar date written `YYYY-MM-DD` (2023-02-29 is not). */
export function isValidDate(value: unknown): value is string {
  return toDayNumber(value) !== null;
}

/** `date` plus `days` calendar days (days may be negative); throws RangeError on an invalid date. */
export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`天数“${days}”须为整数`);
  return dayFromNumber(dayNumber(date) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}
