/**
 * Field rules shared by the write contracts of core/schemas (and the server's route schemas): calendar days and
 * months, optional text, dictionary enums. Messages are Chinese (they reach the user as 422 problem details, and
 * the web forms show the same ones).
 */
import { z } from 'zod';

/** A real calendar day 'YYYY-MM-DD' (2024-02-30 is rejected). */
export const Day = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });

/** A month 'YYYY-MM'. */
export const Month = z.string().regex(/^\d{4}-\d{2}$/, '月份格式应为 YYYY-MM');

/**
 * Trimmed optional text: '' becomes null, an absent field stays absent (PATCH). The outer optional() keeps the
 * key optional in the parsed type too, so a service input built in code may leave it out.
 */
export const optText = (max = 2000) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((s) => (s === undefined ? undefined : s === null || s.trim() === '' ? null : s.trim()))
    .optional();

/**
 * A zod enum of a dictionary's keys (SPEC §6 dictionaries of core/dictionaries.ts and core/prevention.ts); its
 * parsed type is the dictionary's key union (e.g. ScreeningType), so services need no casts.
 */
export const enumOf = <K extends string>(d: readonly { key: K }[]) => z.enum(d.map((e) => e.key) as [K, ...K[]]);
