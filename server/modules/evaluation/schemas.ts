/** Query schemas of the evaluation routes; the response schemas live in core/schemas/evaluation.ts (shared with the web). */
import { z } from 'zod';
import { Day } from '../../route-schemas.ts';

export * from '../../../core/schemas/evaluation.ts';

/** An empty query parameter (`?asOf=&town=`) means "not given". */
export const blankAsUndefined = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
export const YearQuery = {
  year: z.coerce.number().int('年度应为整数').min(1900, '年度无效').max(2999, '年度无效'),
  asOf: blankAsUndefined(Day),
};
export const PeriodQuery = z.object({ ...YearQuery, town: blankAsUndefined(z.string().trim().min(1)) });

