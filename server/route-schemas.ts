/**
 * Pieces of route schemas shared by the modules' routes.ts: calendar days and months, optional text,
 * dictionary enums, paging. Messages are Chinese (they reach the user as 422 problem details).
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

/** Paging parameters of a list: `page` from 1, `pageSize` 1–`max` (default `size`). Spread into a querystring schema. */
export const pageQuery = (max = 100, size = 20) => ({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(max).default(size),
});

/** The usual paging: pageSize 1–100, default 20. */
export const PAGE_QUERY = pageQuery();
