import type { PopulationFigure } from './types.ts';
import { assertPopulation } from './validate.ts';

export interface PopulationRecord {
  year: number;
  residents: number | null;
}

export interface ResolvedPopulation extends PopulationFigure {
  /** The year of the figure used (Y or the latest earlier year); null when none. */
  sourceYear: number | null;
}

export const POPULATION_MISSING = '常住人口缺失';

/** The region's own figure for Y, else its latest earlier year (SPEC §7). */
export function resolvePopulation(ownByYear: readonly PopulationRecord[], year: number): ResolvedPopulation {
  let best: PopulationRecord | null = null;
  for (const r of ownByYear) {
    if (r.year > year || r.residents === null || r.residents === undefined) continue;
    if (best === null || r.year > best.year) best = r;
  }
  if (best === null) {
    return { value: null, sourceYear: null, reason: `${POPULATION_MISSING}：无${year}年及以前年度的常住人口数据` };
  }
  return { value: assertPopulation(`${best.year}年`, best.residents), sourceYear: best.year, reason: null };
}

export interface VillagePopulation {
  code: string;
  name: string;
  /** The village's resolved figure (see `resolvePopulation`), null when it has none. */
  figure: number | null;
  /** false for a village no longer active on D: its figure still counts (its cases count for the town), its absence does not */
  active?: boolean;
}

export interface ResolvedTownPopulation extends PopulationFigure {
  source: 'own' | 'villages' | null;
}

/**
 * A town's population: its own resolved figure, else the sum of its villages' figures (SPEC §7) — inactive
 * villages included when they have a figure, since their cases count for the town too; if an active village
 * lacks one the result is null and the reason names it; with no figure at all, null and why.
 */
export function resolveTownPopulation(
  townOwn: number | PopulationFigure | null,
  villages: readonly VillagePopulation[],
): ResolvedTownPopulation {
  const own = typeof townOwn === 'number' || townOwn === null ? townOwn : townOwn.value;
  if (own !== null) return { value: assertPopulation('乡镇', own), source: 'own', reason: null };
  const counted = villages.filter((v) => v.active !== false || v.figure !== null);
  if (counted.length === 0) {
    return { value: null, source: null, reason: `${POPULATION_MISSING}：本乡镇无常住人口数据，也无村（社区）常住人口可汇总` };
  }
  const missing = counted.filter((v) => v.figure === null);
  if (missing.length > 0) {
    const names = missing.map((v) => `${v.name}（${v.code}）`).join('、');
    return {
      value: null,
      source: null,
      reason: `${POPULATION_MISSING}：本乡镇无常住人口数据，且以下村（社区）缺少常住人口，无法汇总：${names}`,
    };
  }
  let sum = 0;
  for (const v of counted) sum += assertPopulation(v.name, v.figure) as number;
  return { value: sum, source: 'villages', reason: null };
}
