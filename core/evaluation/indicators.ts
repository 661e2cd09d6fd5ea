import {
  type Decimal,
  type Rational,
  gte,
  lte,
  mul,
  rat,
  toDecimalString,
  toNumber,
  toRational,
} from './exact.ts';
import { joinReasons } from './logic.ts';
import { POPULATION_MISSING } from './population.ts';
import type { IndicatorResult, PopulationFigure } from './types.ts';
import { assertCount, assertPopulation } from './validate.ts';

/** Formats a fraction as a percentage for messages, e.g. 0.8 → "80%". */
export function percent(r: Rational | Decimal): string {
  const x = typeof r === 'object' ? r : toRational(r);
  return toDecimalString(mul(x, rat(100n)), 2) + '%';
}

/** A ratio with `null` and a reason on a zero denominator (never 0 or NaN). */
export interface RatioResult {
  value: number | null;
  reason: string | null;
}

export function ratio(numerator: number, denominator: number, zeroReason: string): RatioResult {
  assertCount('分子', numerator);
  assertCount('分母', denominator);
  if (denominator === 0) return { value: null, reason: zeroReason };
  return { value: numerator / denominator, reason: null };
}

/** A plain count (incident counts): value and reason, no limit. */
export function countIndicator(name: string, value: number): IndicatorResult {
  return { value: assertCount(name, value), reason: null };
}

/** A count with a minimum, e.g. rule-of-law leaders ≥ 1 (the bound included). */
export function minCountIndicator(name: string, value: number, min: number): IndicatorResult {
  assertCount(name, value);
  return { value, limit: min, passed: value >= min, reason: null };
}

/**
 * A ratio judged against a minimum: `numerator ÷ denominator ≥ min`, exactly
 * (`numerator × min.den ≥ min.num × denominator`). Zero denominator → value and passed null.
 */
export function minRatioIndicator(
  numerator: number,
  denominator: number,
  min: Decimal,
  zeroReason: string,
): IndicatorResult {
  const m = toRational(min);
  const r = ratio(numerator, denominator, zeroReason);
  if (r.value === null) return { value: null, limit: toNumber(m), passed: null, reason: r.reason };
  const passed = gte(rat(BigInt(numerator), BigInt(denominator)), m);
  return { value: r.value, limit: toNumber(m), passed, reason: null };
}

/** The litigation-rate limit: factor × city benchmark of Y−1, or null with the reason. */
export interface LitigationLimit {
  limit: Rational | null;
  reason: string | null;
}

export function benchmarkMissingReason(year: number): string {
  return `无上一年度（${year - 1}年）全市万人起诉率基准`;
}

export function litigationLimit(
  factor: Decimal,
  cityBenchmarkPrevYear: Decimal | null | undefined,
  year: number,
): LitigationLimit {
  if (cityBenchmarkPrevYear === null || cityBenchmarkPrevYear === undefined || cityBenchmarkPrevYear === '') {
    return { limit: null, reason: benchmarkMissingReason(year) };
  }
  return { limit: mul(toRational(factor), toRational(cityBenchmarkPrevYear)), reason: null };
}

export const POPULATION_ZERO = '常住人口为0，无法计算万人起诉率';

/**
 * `litigation_rate_per_10k` = cases ÷ (population ÷ 10,000); passed when
 * `cases × 10000 ≤ limit × population` exactly (the bound included).
 */
export function litigationRateIndicator(
  cases: number,
  population: PopulationFigure,
  limit: LitigationLimit,
): IndicatorResult {
  assertCount('一审案件数', cases);
  const pop = assertPopulation('本辖区', population.value);
  const limitValue = limit.limit === null ? null : toNumber(limit.limit);
  let value: number | null = null;
  let valueReason: string | null = null;
  if (pop === null) valueReason = population.reason || POPULATION_MISSING;
  else if (pop === 0) valueReason = POPULATION_ZERO;
  else value = (cases * 10000) / pop;

  if (value === null || limit.limit === null) {
    return {
      value,
      limit: limitValue,
      passed: null,
      reason: joinReasons([valueReason, limit.limit === null ? limit.reason : null]),
    };
  }
  const passed = lte(rat(BigInt(cases) * 10000n), mul(limit.limit, toRational(pop as number)));
  return { value, limit: limitValue, passed, reason: null };
}
