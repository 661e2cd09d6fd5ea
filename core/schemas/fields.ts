/**
 * Field pieces of the input schemas (core/schemas/<feature>.ts) and of the routes' query schemas: calendar
 * days and months, optional text, dictionary enums. Messages are Chinese: they reach the user as 422 problem
 * details and, through the same objects, as the web forms' messages.
 */
import { z } from 'zod';

/** A real calendar day 'YYYY-MM-DD' (2024-02-30 is rejected). */
export const Day = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });

/** A month 'YYYY-MM'. */
export const Month = z.string().regex(/^\d{4}-\d{2}$/, '月份格式应为 YYYY-MM');

/** Trimmed optional text: '' becomes null, an absent field stays absent (PATCH). */
export const optText = (max = 2000) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((s) => (s === undefined ? undefined : s === null || s.trim() === '' ? null : s.trim()));

/** A zod enum of a dictionary's keys (SPEC §6 dictionaries of core/dictionaries.ts and core/prevention.ts). */
export const enumOf = (d: readonly { key: string }[]) => z.enum(d.map((e) => e.key) as [string, ...string[]]);
