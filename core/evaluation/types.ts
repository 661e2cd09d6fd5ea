/**
 * Inputs and outputs of the evaluation engine (SPEC §7). SQL gathers the counts for year Y as of date D
 * (records dated in Y and on or before D; concluded only if concluded on or before D; personnel active on
 * D) and passes them in; `core/evaluation` decides. Outputs have exactly the JSON shape of SPEC §7.
 */
import type { Decimal } from './exact.ts';

export type { Decimal } from './exact.ts';

/** Three-valued result: `null` = not assessed / not computable (always with a reason). */
export type Tri = boolean | null;

export type ChecklistStatus = 'met' | 'not_met' | 'unassessed';

export type CourtCaseKind = 'civil' | 'criminal' | 'administrative';

export type VillageStandardId = 'V1' | 'V2' | 'V3' | 'V4' | 'V5' | 'V6';
export type TownStandardId =
  | 'T1' | 'T2' | 'T3' | 'T4' | 'T5' | 'T6'
  | 'T7' | 'T8' | 'T9' | 'T10' | 'T11' | 'T12';

export type VillageChecklistId = 'V1' | 'V2';
export type TownChecklistId = 'T1' | 'T2' | 'T3' | 'T4' | 'T5' | 'T6';

/** Stable indicator ids (JSON data keys, SPEC §7). */
export type IndicatorId =
  | 'litigation_rate_per_10k'
  | 'prelitigation_success_rate'
  | 'prelitigation_diversion_rate'
  | 'platform_acceptance_ratio'
  | 'platform_success_rate'
  | 'intentional_crimes'
  | 'intentional_crimes_3y_plus'
  | 'unsentenced_intentional_crimes'
  | 'major_civil_to_criminal'
  | 'collective_petitions'
  | 'mass_incidents'
  | 'beijing_petitions'
  | 'abnormal_petitions'
  | 'rule_of_law_leaders'
  | 'legal_literates'
  | 'litigation_free_village_share';

/** Limits and targets of one year ("all limits and targets are settings per year"). */
export interface EvaluationSettings {
  year: number;
  /** Litigation-rate limit = factor × city benchmark of Y−1. Default 0.5. */
  litigationRateFactor: Decimal;
  /** T11 — default 0.8. */
  prelitigationSuccessMin: Decimal;
  /** T11's denominator: concluded cases (default) or every case received, pending included (SPEC §7). */
  prelitigationSuccessBase?: 'concluded' | 'received';
  /** T11 — default 0.6. */
  prelitigationDiversionMin: Decimal;
  /** T7 — default 0.1. */
  platformAcceptanceMin: Decimal;
  /** T7 — default 0.7. */
  platformSuccessMin: Decimal;
  /** T12 — default 0.8. */
  villageShareMin: Decimal;
  /** Programme target shown beside T12, not judged: 2023 0.45, 2024 0.60, 2025 0.75, else null. */
  villageShareTarget: Decimal | null;
  /** V3 — default 1. */
  ruleOfLawLeadersMin: number;
  /** V3 — default 3. */
  legalLiteratesMin: number;
  /** Court case kinds counted in the litigation rate (used by the SQL). Default civil + criminal. */
  countedCaseKinds: CourtCaseKind[];
}

/** A resident population already resolved (see `resolvePopulation` / `resolveTownPopulation`). */
export interface PopulationFigure {
  value: number | null;
  /** Why `value` is null (Chinese); null when value is given. */
  reason: string | null;
}

/** Veto-incident counts of the region (occurrence date in Y, on or before D). */
export interface IncidentCounts {
  /** All intentional crimes, sentenced or not. */
  intentional_crimes: number;
  /** Intentional crimes sentenced to ≥ 36 months, 无期 or 死刑 (see `isThreeYearsPlus`). */
  intentional_crimes_3y_plus: number;
  /** Intentional crimes without a sentence yet. */
  unsentenced_intentional_crimes: number;
  major_civil_to_criminal: number;
  collective_petitions: number;
  mass_incidents: number;
  beijing_petitions: number;
  abnormal_petitions: number;
}

export interface PrelitigationCounts {
  success: number;
  failure: number;
  pending: number;
}

export interface PlatformCounts {
  /** All platform disputes accepted by the region's units (any result, pending included). */
  accepted: number;
  /** Concluded successfully on or before D. */
  success: number;
  /** Concluded without success on or before D. */
  failure: number;
}

/** One active village/community on D. */
export interface VillageInput {
  code: string;
  name: string;
  population: PopulationFigure;
  /** First-instance court cases of the counted kinds whose defendant is in the village. */
  courtCasesCounted: number;
  incidents: IncidentCounts;
  /** People of that role active in the village on D (grid registrations count for the village). */
  ruleOfLawLeaders: number;
  legalLiterates: number;
  /** A missing item counts as `unassessed`. */
  checklist: Partial<Record<VillageChecklistId, ChecklistStatus>>;
}

/** One town: counts aggregate the town and all its villages, inactive ones included. */
export interface TownInput {
  code: string;
  name: string;
  population: PopulationFigure;
  /** First-instance court cases of the counted kinds whose defendant is in the town. */
  courtCasesCounted: number;
  /** First-instance civil court cases whose defendant is in the town (diversion denominator). */
  civilFirstInstanceCases: number;
  /** Pre-litigation mediations whose defendant is in the town, by result as of D. */
  prelitigation: PrelitigationCounts;
  /** Pre-litigation mediations (any result) whose party is in the town (platform ratio denominator). */
  prelitigationByPartyRegion: number;
  /** Platform disputes accepted by the town's units. */
  platform: PlatformCounts;
  incidents: IncidentCounts;
  /** A missing item counts as `unassessed`. */
  checklist: Partial<Record<TownChecklistId, ChecklistStatus>>;
  /** City litigation rate per 10k of Y−1; null when there is none. */
  cityBenchmarkPrevYear: Decimal | null;
  /** The town's villages/communities active on D. */
  villages: VillageInput[];
}

// ---------------------------------------------------------------- outputs (SPEC §7 JSON)

export interface IndicatorResult {
  value: number | null;
  limit?: number | null;
  target?: number;
  passed?: boolean | null;
  /** Chinese; given when `value` or `passed` is null, else null. */
  reason: string | null;
  /** T11's success rate under the non-default reading of its denominator (SPEC §7 prelitigationSuccessBase); absent = concluded cases */
  basis?: 'received';
}

export interface StandardResult {
  passed: boolean | null;
  /** Chinese; given when `passed` is null, else null. */
  reason: string | null;
}

export interface VillageResult {
  code: string;
  name: string;
  passed: boolean | null;
  reason: string | null;
  indicators: Partial<Record<IndicatorId, IndicatorResult>>;
  standards: Record<VillageStandardId, StandardResult>;
}

export interface TownResult {
  code: string;
  name: string;
  passed: boolean | null;
  reason: string | null;
  indicators: Partial<Record<IndicatorId, IndicatorResult>>;
  standards: Record<TownStandardId, StandardResult>;
  villages: VillageResult[];
}

export interface EvaluationReport {
  year: number;
  asOf: string;
  towns: TownResult[];
}
