import { isValidDate } from '../dates.ts';
import { EvaluationInputError } from './validate.ts';

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The months of a year as 'YYYY-MM', January first. */
export function monthsOfYear(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${String(year).padStart(4, '0')}-${String(i + 1).padStart(2, '0')}`);
}

export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1];
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Parses a calendar day `YYYY-MM-DD`; throws on an invalid date. */
export function parseDate(text: string): CalendarDate {
  if (isValidDate(text)) return { year: Number(text.slice(0, 4)), month: Number(text.slice(5, 7)), day: Number(text.slice(8, 10)) };
  throw new EvaluationInputError(`日期无效：${text}（应为 YYYY-MM-DD）`);
}

/** Day of the year, 1 January = 1. */
export function dayOfYear(text: string): number {
  const d = parseDate(text);
  let n = d.day;
  for (let m = 1; m < d.month; m++) n += daysInMonth(d.year, m);
  return n;
}
