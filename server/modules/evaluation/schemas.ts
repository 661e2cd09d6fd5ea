import { z } from 'zod';

/** Response schemas of the evaluation JSON (SPEC §7); every field declared (undeclared ones are stripped). */
export const IndicatorOut = z.object({
  value: z.number().nullable(),
  limit: z.number().nullable().optional(),
  target: z.number().optional(),
  passed: z.boolean().nullable().optional(),
  reason: z.string().nullable(),
});
export const StandardOut = z.object({ passed: z.boolean().nullable(), reason: z.string().nullable() });

export const VillageOut = z.object({
  code: z.string(),
  name: z.string(),
  passed: z.boolean().nullable(),
  reason: z.string().nullable(),
  indicators: z.record(z.string(), IndicatorOut),
  standards: z.record(z.string(), StandardOut),
});
export const TownOut = VillageOut.extend({ villages: z.array(VillageOut) });
export const ReportOut = z.object({ year: z.number(), asOf: z.string(), towns: z.array(TownOut) });

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
/** An empty query parameter (`?asOf=&town=`) means "not given". */
export const blankAsUndefined = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
export const YearQuery = {
  year: z.coerce.number().int('年度应为整数').min(1900, '年度无效').max(2999, '年度无效'),
  asOf: blankAsUndefined(isoDate),
};
export const PeriodQuery = z.object({ ...YearQuery, town: blankAsUndefined(z.string().trim().min(1)) });

export const RankOut = z.object({
  rank: z.number(),
  code: z.string(),
  name: z.string(),
  standardsPassed: z.number(),
  standardsTotal: z.number(),
  litigationRate: z.number().nullable(),
  passed: z.boolean().nullable(),
});
export const RankingOut = z.object({
  year: z.number(),
  asOf: z.string(),
  towns: z.array(z.object({ code: z.string(), name: z.string(), villages: z.array(RankOut) })),
});

export const WarningOut = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  townCode: z.string(),
  townName: z.string(),
  population: z.number().nullable(),
  limit: z.number().nullable(),
  casesSoFar: z.number(),
  allowedCases: z.number().nullable(),
  allowance: z.number().nullable(),
  projection: z.number().nullable(),
  projectedRate: z.number().nullable(),
  rate: z.number().nullable(),
  flagged: z.boolean().nullable(),
  reason: z.string().nullable(),
});
export const WarningsOut = z.object({ year: z.number(), asOf: z.string(), villages: z.array(WarningOut), towns: z.array(WarningOut) });

const Cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const EvidenceGroupOut = z.object({
  key: z.string(),
  label: z.string(),
  total: z.number(),
  truncated: z.boolean(),
  columns: z.array(z.object({ key: z.string(), label: z.string() })),
  rows: z.array(z.record(z.string(), Cell)),
});
export const EvidenceOut = z.object({
  year: z.number(),
  asOf: z.string(),
  region: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  indicator: z.string(),
  label: z.string(),
  note: z.string().nullable(),
  groups: z.array(EvidenceGroupOut),
});
