/** Query schemas of the evaluation routes; the response schemas live in core/schemas/evaluation.ts (shared with the web). */
import { z } from 'zod';

export * from '../../../core/schemas/evaluation.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
/** An empty query parameter (`?asOf=&town=`) means "not given". */
export const blankAsUndefined = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
export const YearQuery = {
  year: z.coerce.number().int('年度应为整数').min(1900, '年度无效').max(2999, '年度无效'),
  asOf: blankAsUndefined(isoDate),
};
export const PeriodQuery = z.object({ ...YearQuery, town: blankAsUndefined(z.string().trim().min(1)) });

