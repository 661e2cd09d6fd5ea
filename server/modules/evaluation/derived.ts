/** What SPEC §7 derives from an evaluation run: ranking (评比) and early warning (预警). */
import { earlyWarning, exact, litigationLimit, rankVillages, type VillageRank } from '../../../core/evaluation/index.ts';
import type { TownInput, TownResult } from '../../../core/evaluation/index.ts';
import type { EvaluationRun } from './service.ts';

export interface TownRanking {
  code: string;
  name: string;
  /** how many villages the town ranks (its villages may be more than the actor sees) */
  of: number;
  villages: VillageRank[];
}

/**
 * Villages ranked within each town (standards passed ↓, litigation rate ↑ with null last, code). The rank is
 * always over the whole town — a village cadre sees their village's real place (7th of 14), not 1st of 1 —
 * and only the villages the actor may see are listed; `of` says how many villages were ranked.
 */
export function rankingOf(run: EvaluationRun): { year: number; asOf: string; towns: TownRanking[] } {
  const listed = new Set(run.report.towns.map((t) => t.code));
  return {
    year: run.report.year,
    asOf: run.report.asOf,
    towns: run.full.towns
      .filter((t) => listed.has(t.code))
      .map((t) => {
        const ranked = rankVillages(t.villages);
        return { code: t.code, name: t.name, of: ranked.length, villages: ranked.filter((v) => run.villageVisible(v.code)) };
      }),
  };
}

export interface WarningRow {
  code: string;
  name: string;
  level: string;
  townCode: string;
  townName: string;
  population: number | null;
  /** litigation-rate limit per 10k */
  limit: number | null;
  casesSoFar: number;
  allowedCases: number | null;
  allowance: number | null;
  projection: number | null;
  projectedRate: number | null;
  rate: number | null;
  flagged: boolean | null;
  reason: string | null;
}

function warningOf(
  run: EvaluationRun,
  town: TownInput,
  r: { code: string; name: string; level: string; population: { value: number | null; reason: string | null }; courtCasesCounted: number },
  limit: ReturnType<typeof litigationLimit>,
): WarningRow {
  const { year, asOf } = run.gathered;
  const w = earlyWarning({
    limit: limit.limit,
    population: r.population.value,
    casesSoFar: r.courtCasesCounted,
    asOf,
    year,
    limitReason: limit.reason,
    populationReason: r.population.reason,
  });
  const pop = r.population.value;
  return {
    code: r.code,
    name: r.name,
    level: r.level,
    townCode: town.code,
    townName: town.name,
    population: pop,
    limit: limit.limit ? exact.toNumber(limit.limit) : null,
    casesSoFar: r.courtCasesCounted,
    allowedCases: w.allowedCases,
    allowance: w.allowance,
    projection: w.projection,
    projectedRate: pop && w.projection !== null ? (w.projection * 10000) / pop : null,
    rate: pop ? (r.courtCasesCounted * 10000) / pop : null,
    flagged: w.flagged,
    reason: w.reason,
  };
}

const flagOrder = (f: boolean | null) => (f === true ? 0 : f === null ? 1 : 2);

/**
 * Early warning: every village's remaining allowance and projection, flagged villages first. With `all`, the
 * villages outside the actor's scope are included too (for ranks over the whole town; never sent as they are).
 * The town's own row is the whole town's, also for a village cadre (SPEC §7: 全镇 figures are the town's).
 */
export function warningsOf(run: EvaluationRun, opts: { all?: boolean } = {}): Warnings {
  // one run's warnings are asked for several times per page (towns side by side, map, tiles): worked out once
  let kept = warningsKept.get(run);
  if (!kept) warningsKept.set(run, (kept = {}));
  const key = opts.all ? 'all' : 'visible';
  return (kept[key] ??= computeWarnings(run, !!opts.all));
}

type Warnings = { year: number; asOf: string; villages: WarningRow[]; towns: WarningRow[] };
const warningsKept = new WeakMap<EvaluationRun, { all?: Warnings; visible?: Warnings }>();

function computeWarnings(run: EvaluationRun, all: boolean): Warnings {
  const villages: WarningRow[] = [];
  const towns: WarningRow[] = [];
  const { year, settings } = run.gathered;
  for (const t of run.gathered.towns) {
    const facts = run.gathered.facts.get(t.code);
    // the limit is the town's (its city's benchmark): once per town, not per village
    const limit = litigationLimit(settings.litigationRateFactor, t.cityBenchmarkPrevYear, year);
    for (const v of t.villages) {
      if (!all && !run.villageVisible(v.code)) continue;
      villages.push(warningOf(run, t, { ...v, level: facts?.villages.get(v.code)?.level ?? 'village' }, limit));
    }
    towns.push(warningOf(run, t, { ...t, level: 'town' }, limit));
  }
  const sort = (a: WarningRow, b: WarningRow) =>
    flagOrder(a.flagged) - flagOrder(b.flagged) ||
    (a.allowance ?? Infinity) - (b.allowance ?? Infinity) ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  villages.sort(sort);
  towns.sort(sort);
  return { year: run.report.year, asOf: run.report.asOf, villages, towns };
}

export interface TownCompareRow {
  code: string;
  name: string;
  passed: boolean | null;
  standardsPassed: number;
  standardsTotal: number;
  villages: number;
  litigationFreeVillages: number;
  villageShare: number | null;
  villageShareMin: number | null;
  villageShareTarget: number | null;
  population: number | null;
  casesSoFar: number;
  litigationRate: number | null;
  litigationLimit: number | null;
  rateFlagged: boolean | null;
  villageWarnings: number;
}

/**
 * One town's row: standards met, share of 无讼村 against its minimum and target, and its 万人起诉率 from the town's
 * early-warning row `tw` (the county's comparison, and the town's tiles of the cockpit).
 */
export function townRow(t: TownResult, tw: WarningRow | undefined, villageWarnings: number): TownCompareRow {
  const standards = Object.values(t.standards);
  const share = t.indicators.litigation_free_village_share;
  return {
    code: t.code,
    name: t.name,
    passed: t.passed,
    standardsPassed: standards.filter((s) => s.passed === true).length,
    standardsTotal: standards.length,
    villages: t.villages.length,
    litigationFreeVillages: t.villages.filter((v) => v.passed === true).length,
    villageShare: share?.value ?? null,
    villageShareMin: share?.limit ?? null,
    villageShareTarget: share?.target ?? null,
    population: tw?.population ?? null,
    casesSoFar: tw?.casesSoFar ?? 0,
    litigationRate: tw?.rate ?? null,
    litigationLimit: tw?.limit ?? null,
    rateFlagged: tw?.flagged ?? null,
    villageWarnings,
  };
}

/**
 * Every town the actor sees in full, side by side (a county or city leader's view, SPEC §1): standards met,
 * share of 无讼村, 万人起诉率 against its limit and the number of villages flagged by the early warning —
 * worst first (fewest standards met, then the lowest share, then the highest rate).
 */
export function townsOf(run: EvaluationRun): { year: number; asOf: string; towns: TownCompareRow[] } {
  const w = warningsOf(run);
  const townWarning = new Map(w.towns.map((t) => [t.code, t]));
  const flaggedVillages = new Map<string, number>();
  for (const v of w.villages) if (v.flagged === true) flaggedVillages.set(v.townCode, (flaggedVillages.get(v.townCode) ?? 0) + 1);
  const full = new Set(run.scope.towns.filter((t) => t.full).map((t) => t.code));
  const towns = run.report.towns.filter((t) => full.has(t.code)).map((t) => townRow(t, townWarning.get(t.code), flaggedVillages.get(t.code) ?? 0));
  const num = (v: number | null, missing: number) => (v === null ? missing : v);
  towns.sort(
    (a, b) =>
      a.standardsPassed - b.standardsPassed ||
      num(a.villageShare, -1) - num(b.villageShare, -1) ||
      num(b.litigationRate, -1) - num(a.litigationRate, -1) ||
      b.villageWarnings - a.villageWarnings ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  return { year: run.report.year, asOf: run.report.asOf, towns };
}
