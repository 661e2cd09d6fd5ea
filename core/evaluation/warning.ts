import { daysInYear, dayOfYear } from './calendar.ts';
import { checkAsOf } from './evaluate.ts';
import { type Decimal, type Rational, floor, gt, mul, rat, toRational } from './exact.ts';
import { benchmarkMissingReason, POPULATION_ZERO, type RatioResult, ratio } from './indicators.ts';
import { POPULATION_MISSING } from './population.ts';
import { joinReasons } from './logic.ts';
import { EvaluationInputError, assertCount, assertPopulation } from './validate.ts';

export interface EarlyWarningInput {
  /** The litigation-rate limit per 10k (factor × benchmark of Y−1, e.g. 23 or "4.6"); null when none. */
  limit: Decimal | Rational | null;
  /** Resident population; null when missing. */
  population: number | null;
  /** First-instance cases of the counted kinds filed in Y up to and including `asOf`. */
  casesSoFar: number;
  /** D, `YYYY-MM-DD`, inside `year`. */
  asOf: string;
  year: number;
  /** Optional reasons to report when `limit` / `population` are null. */
  limitReason?: string | null;
  populationReason?: string | null;
}

export interface EarlyWarning {
  /** Cases allowed in the year: floor(limit × population ÷ 10,000), exact; null when not computable. */
  allowedCases: number | null;
  /** allowedCases − casesSoFar (≤ 0: the village is at or over its limit). */
  allowance: number | null;
  /** casesSoFar × days in Y ÷ day of year of D (unrounded). */
  projection: number | null;
  /** True when allowance ≤ 0 or the projected rate exceeds the limit (projection > limit × population ÷ 10,000). */
  flagged: boolean | null;
  reason: string | null;
}

/** Early warning of a village (SPEC §7): the remaining allowance and the projection from the year's pace. */
export function earlyWarning(input: EarlyWarningInput): EarlyWarning {
  const { casesSoFar, asOf, year } = input;
  assertCount('casesSoFar', casesSoFar);
  checkAsOf(year, asOf);
  const pop = assertPopulation('本辖区', input.population);
  const diy = daysInYear(year);
  const doy = dayOfYear(asOf);
  const projection = (casesSoFar * diy) / doy;

  const limitReason = input.limit === null ? (input.limitReason ?? benchmarkMissingReason(year)) : null;
  const popReason =
    pop === null ? (input.populationReason ?? POPULATION_MISSING) : pop === 0 ? POPULATION_ZERO : null;
  if (input.limit === null || pop === null || pop === 0) {
    return { allowedCases: null, allowance: null, projection, flagged: null, reason: joinReasons([limitReason, popReason]) };
  }
  const limit = toRational(input.limit);
  if (limit.num < 0n) throw new EvaluationInputError('万人起诉率限值不能为负数');
  // allowed (real) = limit × population ÷ 10,000
  const allowedExact = mul(mul(limit, toRational(pop)), rat(1n, 10000n));
  const allowed = floor(allowedExact);
  const allowance = allowed - BigInt(casesSoFar);
  // projected over the limit: cases × diy ÷ doy > limit × population ÷ 10,000
  const projectedOver = gt(rat(BigInt(casesSoFar) * BigInt(diy), BigInt(doy)), allowedExact);
  return {
    allowedCases: Number(allowed),
    allowance: Number(allowance),
    projection,
    flagged: allowance <= 0n || projectedOver,
    reason: null,
  };
}

/** A sentence in months, '无期' (life) or '死刑' (death); null while not yet sentenced. */
export type Sentence = number | '无期' | '死刑' | null;

/**
 * "Three years or more" (≥ 36 months, the bound included; 无期 and 死刑 count as more).
 * `null` for an unsentenced crime (counted as `unsentenced_intentional_crimes` instead).
 */
export function isThreeYearsPlus(sentenceMonths: Sentence): boolean | null {
  if (sentenceMonths === null) return null;
  if (sentenceMonths === '无期' || sentenceMonths === '死刑') return true;
  if (typeof sentenceMonths !== 'number' || !Number.isFinite(sentenceMonths) || sentenceMonths < 0) {
    throw new EvaluationInputError(`刑期无效：${String(sentenceMonths)}`);
  }
  return sentenceMonths >= 36;
}

/**
 * 就地化解率 = disputes resolved at grid, village, town or a unit of the town ÷ disputes that reached
 * an outcome (resolved, failed and closed, sent to pre-litigation or litigation; withdrawn excluded).
 */
export function localResolutionRate(counts: { resolvedLocally: number; reachedOutcome: number }): RatioResult {
  if (counts.resolvedLocally > counts.reachedOutcome) {
    throw new EvaluationInputError('就地化解数不能多于有结果的纠纷数');
  }
  return ratio(counts.resolvedLocally, counts.reachedOutcome, '分母为0：无已有结果的纠纷');
}
