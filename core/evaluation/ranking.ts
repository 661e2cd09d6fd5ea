import type { VillageResult } from './types.ts';

export interface VillageRank {
  /** Competition rank (1, 1, 3 …): ties share a rank. */
  rank: number;
  code: string;
  name: string;
  standardsPassed: number;
  standardsTotal: number;
  litigationRate: number | null;
  passed: boolean | null;
}

type RankableVillage = Pick<VillageResult, 'code' | 'name' | 'passed' | 'standards' | 'indicators'>;

function rateOf(v: RankableVillage): number | null {
  return v.indicators.litigation_rate_per_10k?.value ?? null;
}

/** Compares rates ascending with null last. */
function compareRate(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/**
 * Ranking (评比) of a town's villages: standards passed (descending), then litigation rate (ascending,
 * null last), then code. A tie is the same number of standards passed and the same rate; ties share a
 * rank. (Rates are cases × 10000 ÷ population as doubles, which are correctly rounded, so equal exact
 * rates give equal doubles.)
 */
export function rankVillages(villages: readonly RankableVillage[]): VillageRank[] {
  const rows = villages.map((v) => {
    const standards = Object.values(v.standards);
    return {
      code: v.code,
      name: v.name,
      standardsPassed: standards.filter((s) => s.passed === true).length,
      standardsTotal: standards.length,
      litigationRate: rateOf(v),
      passed: v.passed,
    };
  });
  rows.sort(
    (a, b) =>
      b.standardsPassed - a.standardsPassed ||
      compareRate(a.litigationRate, b.litigationRate) ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  const out: VillageRank[] = [];
  rows.forEach((row, i) => {
    const prev = out[i - 1];
    const tie =
      prev !== undefined &&
      prev.standardsPassed === row.standardsPassed &&
      compareRate(prev.litigationRate, row.litigationRate) === 0;
    out.push({ rank: tie ? prev.rank : i + 1, ...row });
  });
  return out;
}
