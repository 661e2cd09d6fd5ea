import { parseDate } from './calendar.ts';
import { type Decimal, gte, rat, toNumber, toRational } from './exact.ts';
import {
  countIndicator,
  litigationLimit,
  litigationRateIndicator,
  minCountIndicator,
  minRatioIndicator,
  percent,
} from './indicators.ts';
import { type Part, combineParts } from './logic.ts';
import { STANDARD_LABELS } from './settings.ts';
import type {
  ChecklistStatus,
  EvaluationReport,
  EvaluationSettings,
  IncidentCounts,
  IndicatorId,
  IndicatorResult,
  StandardResult,
  TownChecklistId,
  TownInput,
  TownResult,
  TownStandardId,
  VillageChecklistId,
  VillageInput,
  VillageResult,
  VillageStandardId,
} from './types.ts';
import { EvaluationInputError, assertCount } from './validate.ts';

type Indicators = Partial<Record<IndicatorId, IndicatorResult>>;

/** A checklist item: met → true, not_met → false, missing/unassessed → null with the reason. */
export function checklistStandard(
  id: VillageChecklistId | TownChecklistId,
  status: ChecklistStatus | undefined | null,
): StandardResult {
  if (status === 'met') return { passed: true, reason: null };
  if (status === 'not_met') return { passed: false, reason: null };
  if (status === undefined || status === null || status === 'unassessed') {
    // no internal key in a reason people read (issue 14.7)
    return { passed: null, reason: `${id}“${STANDARD_LABELS[id]}”本年度尚未评定（在清单考核中评定）` };
  }
  throw new EvaluationInputError(`检查项 ${id} 的状态无效：${String(status)}`);
}

/** A standard decided by an indicator with a limit. */
function fromIndicator(ind: IndicatorResult): Part {
  const passed = ind.passed ?? null;
  return { passed, reason: passed === null ? (ind.reason ?? '无法判定') : null };
}

function isZero(ind: IndicatorResult): Part {
  return { passed: ind.value === 0, reason: null };
}

function incidentIndicators(inc: IncidentCounts, ids: readonly (keyof IncidentCounts)[]): Indicators {
  const out: Indicators = {};
  for (const id of ids) out[id] = countIndicator(id, inc[id]);
  return out;
}

const PETITION_IDS = ['collective_petitions', 'mass_incidents', 'beijing_petitions', 'abnormal_petitions'] as const;
const VILLAGE_INCIDENT_IDS = ['intentional_crimes', 'major_civil_to_criminal', ...PETITION_IDS] as const;
const TOWN_INCIDENT_IDS = [
  'intentional_crimes',
  'intentional_crimes_3y_plus',
  'unsentenced_intentional_crimes',
  'major_civil_to_criminal',
  ...PETITION_IDS,
] as const;

/** The overall result of a region: combine of its standards, naming the undecided ones. */
function overall<K extends string>(standards: Record<K, StandardResult>): StandardResult {
  const ids = Object.keys(standards) as K[];
  return combineParts(
    ids.map((id) => standards[id]),
    (i) => ids[i],
  );
}

/**
 * Evaluates one village (standards V1–V6). `cityBenchmarkPrevYear` is the city's litigation rate
 * per 10k of Y−1 (the town's), null when there is none.
 */
export function evaluateVillage(
  input: VillageInput,
  settings: EvaluationSettings,
  cityBenchmarkPrevYear: Decimal | null,
): VillageResult {
  const limit = litigationLimit(settings.litigationRateFactor, cityBenchmarkPrevYear, settings.year);
  const indicators: Indicators = {
    litigation_rate_per_10k: litigationRateIndicator(input.courtCasesCounted, input.population, limit),
    ...incidentIndicators(input.incidents, VILLAGE_INCIDENT_IDS),
    rule_of_law_leaders: minCountIndicator('rule_of_law_leaders', input.ruleOfLawLeaders, settings.ruleOfLawLeadersMin),
    legal_literates: minCountIndicator('legal_literates', input.legalLiterates, settings.legalLiteratesMin),
  };
  const ind = (id: IndicatorId) => indicators[id] as IndicatorResult;
  const standards: Record<VillageStandardId, StandardResult> = {
    V1: checklistStandard('V1', input.checklist.V1),
    V2: checklistStandard('V2', input.checklist.V2),
    V3: combineParts([fromIndicator(ind('rule_of_law_leaders')), fromIndicator(ind('legal_literates'))]),
    V4: combineParts([isZero(ind('intentional_crimes')), isZero(ind('major_civil_to_criminal'))]),
    V5: combineParts(PETITION_IDS.map((id) => isZero(ind(id)))),
    V6: combineParts([fromIndicator(ind('litigation_rate_per_10k'))]),
  };
  const result = overall(standards);
  return { code: input.code, name: input.name, passed: result.passed, reason: result.reason, indicators, standards };
}

/**
 * `litigation_free_village_share` (T12): villages whose result is true ÷ all active villages.
 * Passed when the share ≥ the limit; `null` when below it but the villages with a null result could
 * still lift it to the limit ((true + null) ÷ total ≥ limit); else false. `target` is shown, not judged.
 */
export function villageShareIndicator(
  villageResults: readonly { passed: boolean | null }[],
  min: Decimal,
  target: Decimal | null,
): IndicatorResult {
  const m = toRational(min);
  const withTarget = (r: IndicatorResult): IndicatorResult =>
    target === null ? r : { ...r, target: toNumber(toRational(target)) };
  const total = villageResults.length;
  if (total === 0) {
    return withTarget({ value: null, limit: toNumber(m), passed: null, reason: '分母为0：本乡镇无在册（有效）的村（社区）' });
  }
  const yes = villageResults.filter((v) => v.passed === true).length;
  const open = villageResults.filter((v) => v.passed === null).length;
  const value = yes / total;
  const n = BigInt(total);
  let passed: boolean | null;
  let reason: string | null = null;
  if (gte(rat(BigInt(yes), n), m)) passed = true;
  else if (gte(rat(BigInt(yes + open), n), m)) {
    passed = null;
    reason = `${open}个村（社区）考评结果未定，若其达标，无讼村（社区）占比可达到${percent(m)}`;
  } else passed = false;
  return withTarget({ value, limit: toNumber(m), passed, reason });
}

/** Evaluates a town (standards T1–T12) and its active villages (sorted by code). */
export function evaluateTown(input: TownInput, settings: EvaluationSettings): TownResult {
  const villages = [...input.villages]
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((v) => evaluateVillage(v, settings, input.cityBenchmarkPrevYear));

  const limit = litigationLimit(settings.litigationRateFactor, input.cityBenchmarkPrevYear, settings.year);
  const pre = input.prelitigation;
  const plat = input.platform;
  for (const [k, v] of Object.entries({ ...pre, ...plat })) assertCount(k, v);
  assertCount('prelitigationByPartyRegion', input.prelitigationByPartyRegion);
  assertCount('civilFirstInstanceCases', input.civilFirstInstanceCases);
  if (plat.success + plat.failure > plat.accepted) {
    throw new EvaluationInputError('调解平台已办结纠纷数不能多于受理数');
  }

  const base = settings.prelitigationSuccessBase ?? 'concluded';
  const indicators: Indicators = {
    litigation_rate_per_10k: litigationRateIndicator(input.courtCasesCounted, input.population, limit),
    // the default reading (concluded cases) keeps SPEC §7's JSON as it was; the other reading names itself
    prelitigation_success_rate:
      base === 'received'
        ? { ...minRatioIndicator(pre.success, pre.success + pre.failure + pre.pending, settings.prelitigationSuccessMin, '分母为0：无受理的诉前调解案件'), basis: 'received' }
        : minRatioIndicator(pre.success, pre.success + pre.failure, settings.prelitigationSuccessMin, '分母为0：无已办结诉前调解案件'),
    prelitigation_diversion_rate: minRatioIndicator(
      pre.success + pre.failure + pre.pending,
      input.civilFirstInstanceCases,
      settings.prelitigationDiversionMin,
      '分母为0：无被告在本乡镇的一审民事案件',
    ),
    platform_acceptance_ratio: minRatioIndicator(
      plat.accepted,
      input.prelitigationByPartyRegion,
      settings.platformAcceptanceMin,
      '分母为0：无当事人在本乡镇的诉前调解案件',
    ),
    platform_success_rate: minRatioIndicator(
      plat.success,
      plat.success + plat.failure,
      settings.platformSuccessMin,
      '分母为0：无已办结的调解平台纠纷',
    ),
    ...incidentIndicators(input.incidents, TOWN_INCIDENT_IDS),
    litigation_free_village_share: villageShareIndicator(villages, settings.villageShareMin, settings.villageShareTarget),
  };
  const ind = (id: IndicatorId) => indicators[id] as IndicatorResult;

  const unsentenced = ind('unsentenced_intentional_crimes').value as number;
  const t8Parts: Part[] = [isZero(ind('intentional_crimes_3y_plus')), isZero(ind('major_civil_to_criminal'))];
  if (unsentenced > 0) {
    t8Parts.push({ passed: null, reason: `有${unsentenced}起故意犯罪案件尚未判决，刑期未定` });
  }

  const standards: Record<TownStandardId, StandardResult> = {
    T1: checklistStandard('T1', input.checklist.T1),
    T2: checklistStandard('T2', input.checklist.T2),
    T3: checklistStandard('T3', input.checklist.T3),
    T4: checklistStandard('T4', input.checklist.T4),
    T5: checklistStandard('T5', input.checklist.T5),
    T6: checklistStandard('T6', input.checklist.T6),
    T7: combineParts([fromIndicator(ind('platform_acceptance_ratio')), fromIndicator(ind('platform_success_rate'))]),
    T8: combineParts(t8Parts),
    T9: combineParts(PETITION_IDS.map((id) => isZero(ind(id)))),
    T10: combineParts([fromIndicator(ind('litigation_rate_per_10k'))]),
    T11: combineParts([
      fromIndicator(ind('prelitigation_success_rate')),
      fromIndicator(ind('prelitigation_diversion_rate')),
    ]),
    T12: combineParts([fromIndicator(ind('litigation_free_village_share'))]),
  };
  const result = overall(standards);
  return {
    code: input.code,
    name: input.name,
    passed: result.passed,
    reason: result.reason,
    indicators,
    standards,
    villages,
  };
}

/**
 * The as-of date pages, the early warning and the bulletin use when none is given (SPEC §7): today while the
 * year is running, 31 December once it is over (and for a year not yet begun, when nothing counts anyway).
 */
export function runningAsOf(year: number, today: string): string {
  return today.startsWith(`${String(year).padStart(4, '0')}-`) ? today : defaultAsOf(year);
}

/** The default as-of date of a year for the CLI and `GET /api/evaluation`: 31 December. */
export function defaultAsOf(year: number): string {
  return `${String(year).padStart(4, '0')}-12-31`;
}

/** Throws when `asOf` is not a valid YYYY-MM-DD date inside the year (SPEC §7: a D outside Y is an error). */
export function checkAsOf(year: number, asOf: string): void {
  const d = parseDate(asOf);
  if (d.year !== year) {
    throw new EvaluationInputError(`考评截止日期 ${asOf} 不在考评年度 ${year} 年内`);
  }
}

/** The whole report of SPEC §7 (`wusong evaluate --json`): towns sorted by code. */
export function evaluate(towns: readonly TownInput[], settings: EvaluationSettings, asOf?: string): EvaluationReport {
  const date = asOf ?? defaultAsOf(settings.year);
  checkAsOf(settings.year, date);
  return {
    year: settings.year,
    asOf: date,
    towns: [...towns]
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
      .map((t) => evaluateTown(t, settings)),
  };
}
