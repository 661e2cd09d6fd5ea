/**
 * SQL side of the evaluation (SPEC §7): gathers, for year Y as of D, every per-region count the engine in
 * `core/evaluation` needs — for all towns asked for at once, in a few set-based queries (one per source
 * table, grouped by the stored town and region), never one query per village. The small grouped results
 * are attributed to towns and villages here through the region tree; `core/evaluation` decides.
 *
 * Attribution rules (SPEC §5, §7):
 * - a record belongs to its stored `town_code`, or, when that is empty, to the town of its region;
 *   town figures aggregate every record of the town and its villages, inactive villages included;
 * - a record counts for a village when its region is that village/community or one of its grids (a case
 *   matched only to the town counts for the town, not a village); records without a town count nowhere;
 * - first-instance court cases of the whole months before D's month come from `court_case_months` (counts kept
 *   exact by triggers on court_cases in the same transaction, migration 0023), those of D's month from the rows;
 * - dates: in Y and on or before D; pre-litigation and platform results count as concluded only when
 *   `concluded_on ≤ D` (a concluded result without a date stays pending); personnel active on D
 *   (`since` empty or ≤ D, `until` empty or ≥ D).
 */
import type { YearSettings } from '../../../core/settings.ts';
import {
  CHECKLIST_ITEM_KEYS,
  resolvePopulation,
  resolveTownPopulation,
  type ChecklistStatus,
  type EvaluationSettings,
  type IncidentCounts,
  type PopulationFigure,
  type TownChecklistId,
  type TownInput,
  type VillageChecklistId,
  type VillageInput,
} from '../../../core/evaluation/index.ts';
import type { Database } from '../../db/client.ts';

/** Maps a year's stored settings (decimal strings) to the engine's settings. */
export function toEvaluationSettings(year: number, s: YearSettings): EvaluationSettings {
  return {
    year,
    litigationRateFactor: s.litigationRateFactor,
    prelitigationSuccessMin: s.prelitigationSuccessMin,
    prelitigationSuccessBase: s.prelitigationSuccessBase,
    prelitigationDiversionMin: s.prelitigationDiversionMin,
    platformAcceptanceMin: s.platformAcceptanceMin,
    platformSuccessMin: s.platformSuccessMin,
    villageShareMin: s.villageShareMin,
    villageShareTarget: s.villageShareTarget,
    ruleOfLawLeadersMin: s.minRuleOfLawLeaders,
    legalLiteratesMin: s.minLegalLiterates,
    countedCaseKinds: [...s.countedCaseKinds],
  };
}

export interface RegionInfo {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  townCode: string | null;
  path: string;
  active: boolean;
}

/** Extra facts beside the engine input, for warnings, bulletins and the UI. */
export interface VillageFacts {
  code: string;
  name: string;
  level: string;
  populationSourceYear: number | null;
}

export interface TownFacts {
  code: string;
  name: string;
  path: string;
  populationSource: 'own' | 'villages' | null;
  populationSourceYear: number | null;
  villages: Map<string, VillageFacts>;
}

export interface Gathered {
  year: number;
  asOf: string;
  settings: EvaluationSettings;
  towns: TownInput[];
  facts: Map<string, TownFacts>;
  regions: Map<string, RegionInfo>;
}

const emptyIncidents = (): IncidentCounts => ({
  intentional_crimes: 0,
  intentional_crimes_3y_plus: 0,
  unsentenced_intentional_crimes: 0,
  major_civil_to_criminal: 0,
  collective_petitions: 0,
  mass_incidents: 0,
  beijing_petitions: 0,
  abnormal_petitions: 0,
});

const STANDARD_OF_ITEM = new Map<string, VillageChecklistId | TownChecklistId>(
  Object.entries(CHECKLIST_ITEM_KEYS).map(([id, key]) => [key, id as VillageChecklistId | TownChecklistId]),
);

export const isVillageLevel = (level: string) => level === 'village' || level === 'community';

/** The village/community a region counts for: itself, or a grid's village; null above the village. */
export function villageOf(regions: Map<string, RegionInfo>, code: string | null | undefined): string | null {
  if (!code) return null;
  let r = regions.get(code);
  for (let i = 0; r && i < 4; i++) {
    if (isVillageLevel(r.level)) return r.code;
    if (r.level !== 'grid' || !r.parentCode) return null;
    r = regions.get(r.parentCode);
  }
  return null;
}

/** The town a record belongs to: its stored town, else its region's town. */
export function townOfRecord(regions: Map<string, RegionInfo>, storedTown: string | null, regionCode: string | null): string | null {
  if (storedTown) return storedTown;
  if (!regionCode) return null;
  const r = regions.get(regionCode);
  return r?.townCode ?? (r?.level === 'town' ? r.code : null);
}

/** The region rows the evaluation of these towns needs (towns, villages, grids), by code. */
export async function loadRegions(database: Database, townCodes: readonly string[] | null): Promise<Map<string, RegionInfo>> {
  const rows = await database.query<{
    code: string;
    name: string;
    level: string;
    parent_code: string | null;
    town_code: string | null;
    path: string;
    active: boolean;
  }>(
    `select code, name, level, parent_code, town_code, path, active from regions
      where level in ('town', 'village', 'community', 'grid')${townCodes ? ' and (code = any($1::text[]) or town_code = any($1::text[]))' : ''}`,
    townCodes ? [townCodes] : [],
  );
  return new Map(
    rows.map((r) => [r.code, { code: r.code, name: r.name, level: r.level, parentCode: r.parent_code, townCode: r.town_code, path: r.path, active: r.active }]),
  );
}

export interface GatherOptions {
  year: number;
  asOf: string;
  settings: EvaluationSettings;
  /** towns to evaluate; null = every active town */
  townCodes: readonly string[] | null;
}

type Row = Record<string, unknown>;
const n = (v: unknown) => Number(v ?? 0);

/** Gathers the engine input for the towns (all set-based, a fixed number of queries). */
export async function gather(database: Database, opts: GatherOptions): Promise<Gathered> {
  const { year, asOf, settings } = opts;
  const start = `${String(year).padStart(4, '0')}-01-01`;
  const regions = await loadRegions(database, opts.townCodes);
  const asked = opts.townCodes ? new Set(opts.townCodes) : null;
  const towns = [...regions.values()]
    .filter((r) => r.level === 'town' && (asked ? asked.has(r.code) : r.active))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const townSet = new Set(towns.map((t) => t.code));

  // When only some towns are asked for, each query is restricted to records stored under those towns or
  // (with no stored town) attributed to one of their regions.
  const filtered = opts.townCodes !== null;
  const regionCodes = [...regions.keys()];
  const townList = [...townSet];
  const restrict = (townCol: string, regionCol: string, p: number) =>
    filtered ? ` and (${townCol} = any($${p}::text[]) or (${townCol} is null and ${regionCol} = any($${p + 1}::text[])))` : '';
  const extra = filtered ? [townList, regionCodes] : [];

  const kinds = settings.countedCaseKinds;
  const [courts, prelitDef, prelitParty, platform, incidents, people, checklist, population, benchmarks, cities] = await Promise.all([
    // whole months before D's month from the counts the triggers keep (migration 0023), D's month from the rows
    database.query<Row>(
      `select nullif(town_code, '') as town_code, nullif(region, '') as region,
              coalesce(sum(n) filter (where kind = any($3::text[])), 0)::int as counted,
              coalesce(sum(n) filter (where kind = 'civil'), 0)::int as civil
         from (select town_code, region_code as region, kind, n
                 from court_case_months
                where month >= $1::date and month < date_trunc('month', $2::date)::date${filtered ? ` and (town_code = any($4::text[]) or (town_code = '' and region_code = any($5::text[])))` : ''}
               union all
               select coalesce(town_code, ''), coalesce(defendant_region_code, ''), kind, count(*)::int
                 from court_cases
                where instance = 'first' and filed_on >= date_trunc('month', $2::date)::date and filed_on <= $2::date${restrict('town_code', 'defendant_region_code', 4)}
                group by 1, 2, 3) c
        group by 1, 2`,
      [start, asOf, kinds, ...extra],
    ),
    database.query<Row>(
      `select town_code, defendant_region_code as region,
              count(*) filter (where result = 'success' and concluded_on <= $2)::int as success,
              count(*) filter (where result = 'failure' and concluded_on <= $2)::int as failure,
              count(*)::int as total
         from prelitigation_mediations
        where received_on >= $1 and received_on <= $2${restrict('town_code', 'defendant_region_code', 3)}
        group by 1, 2`,
      [start, asOf, ...extra],
    ),
    database.query<Row>(
      `select party_town_code as town_code, party_region_code as region, count(*)::int as total
         from prelitigation_mediations
        where received_on >= $1 and received_on <= $2${restrict('party_town_code', 'party_region_code', 3)}
        group by 1, 2`,
      [start, asOf, ...extra],
    ),
    database.query<Row>(
      `select town_code, unit_region_code as region, count(*)::int as accepted,
              count(*) filter (where result = 'success' and concluded_on <= $2)::int as success,
              count(*) filter (where result = 'failure' and concluded_on <= $2)::int as failure
         from platform_disputes
        where accepted_on >= $1 and accepted_on <= $2${restrict('town_code', 'unit_region_code', 3)}
        group by 1, 2`,
      [start, asOf, ...extra],
    ),
    database.query<Row>(
      `select town_code, region_code as region,
              count(*) filter (where type = 'intentional_crime')::int as intentional_crimes,
              count(*) filter (where type = 'intentional_crime' and sentence_months >= 36)::int as intentional_crimes_3y_plus,
              count(*) filter (where type = 'intentional_crime' and sentence_months is null)::int as unsentenced_intentional_crimes,
              count(*) filter (where type = 'major_civil_to_criminal')::int as major_civil_to_criminal,
              count(*) filter (where type = 'collective_petition')::int as collective_petitions,
              count(*) filter (where type = 'mass_incident')::int as mass_incidents,
              count(*) filter (where type = 'beijing_petition')::int as beijing_petitions,
              count(*) filter (where type = 'abnormal_petition')::int as abnormal_petitions
         from incidents
        where occurred_on >= $1 and occurred_on <= $2${restrict('town_code', 'region_code', 3)}
        group by 1, 2`,
      [start, asOf, ...extra],
    ),
    database.query<Row>(
      `select village_code, region_code as region, role, count(*)::int as n
         from personnel
        where role in ('rule_of_law_leader', 'legal_literate')
          and (since is null or since <= $1) and (until is null or until >= $1)${filtered ? ' and (village_code = any($2::text[]) or region_code = any($2::text[]))' : ''}
        group by 1, 2, 3`,
      [asOf, ...(filtered ? [regionCodes] : [])],
    ),
    database.query<Row>(
      `select region_code, item, status from checklist_items where year = $1${filtered ? ' and region_code = any($2::text[])' : ''}`,
      [year, ...(filtered ? [regionCodes] : [])],
    ),
    database.query<Row>(
      `select distinct on (region_code) region_code, year, residents from region_population
        where year <= $1${filtered ? ' and region_code = any($2::text[])' : ''}
        order by region_code, year desc`,
      [year, ...(filtered ? [regionCodes] : [])],
    ),
    database.query<Row>(`select city_code, litigation_rate_per_10k from city_benchmarks where year = $1`, [year - 1]),
    database.query<Row>(`select code from regions where level = 'city'`),
  ]);

  // ---- the inputs, one per town and active village
  const villageInputs = new Map<string, VillageInput>();
  const townInputs = new Map<string, TownInput>();
  const facts = new Map<string, TownFacts>();
  const popByRegion = new Map(population.map((p) => [String(p.region_code), { year: n(p.year), residents: n(p.residents) }]));
  const popOf = (code: string) => {
    const p = popByRegion.get(code);
    return resolvePopulation(p ? [p] : [], year);
  };
  const cityCodes = new Set(cities.map((c) => String(c.code)));
  const benchmarkOf = new Map(benchmarks.map((b) => [String(b.city_code ?? ''), String(b.litigation_rate_per_10k)]));

  // the villages and communities of each town, in one pass over the regions (a province has 20,000)
  const villagesOf = new Map<string, RegionInfo[]>();
  for (const r of regions.values()) {
    if (!r.townCode || !isVillageLevel(r.level)) continue;
    const list = villagesOf.get(r.townCode);
    if (list) list.push(r);
    else villagesOf.set(r.townCode, [r]);
  }
  for (const t of towns) {
    const villages = (villagesOf.get(t.code) ?? []).filter((r) => r.active);
    villages.sort((a, b) => (a.code < b.code ? -1 : 1));
    const vf = new Map<string, VillageFacts>();
    const vinputs: VillageInput[] = [];
    for (const v of villages) {
      const pop = popOf(v.code);
      const input: VillageInput = {
        code: v.code,
        name: v.name,
        population: { value: pop.value, reason: pop.reason },
        courtCasesCounted: 0,
        incidents: emptyIncidents(),
        ruleOfLawLeaders: 0,
        legalLiterates: 0,
        checklist: {},
      };
      villageInputs.set(v.code, input);
      vinputs.push(input);
      vf.set(v.code, { code: v.code, name: v.name, level: v.level, populationSourceYear: pop.sourceYear });
    }
    const own = popOf(t.code);
    // the fallback sums the same villages whose cases the town counts: inactive ones with a figure too (SPEC §7)
    const inactive = (villagesOf.get(t.code) ?? []).filter((r) => !r.active);
    const townPop = resolveTownPopulation(own.value, [
      ...vinputs.map((v) => ({ code: v.code, name: v.name, figure: v.population.value })),
      ...inactive.map((r) => ({ code: r.code, name: r.name, figure: popOf(r.code).value, active: false })),
    ]);
    const population: PopulationFigure = { value: townPop.value, reason: townPop.reason };
    // the deployment may hold several cities: the town's own city's benchmark, else the one without a city code
    const city = t.path.split('/').find((c) => cityCodes.has(c));
    const benchmark = (city !== undefined ? benchmarkOf.get(city) : undefined) ?? benchmarkOf.get('') ?? null;
    townInputs.set(t.code, {
      code: t.code,
      name: t.name,
      population,
      courtCasesCounted: 0,
      civilFirstInstanceCases: 0,
      prelitigation: { success: 0, failure: 0, pending: 0 },
      prelitigationByPartyRegion: 0,
      platform: { accepted: 0, success: 0, failure: 0 },
      incidents: emptyIncidents(),
      checklist: {},
      cityBenchmarkPrevYear: benchmark,
      villages: vinputs,
    });
    facts.set(t.code, {
      code: t.code,
      name: t.name,
      path: t.path,
      populationSource: townPop.source,
      populationSourceYear: townPop.source === 'own' ? own.sourceYear : null,
      villages: vf,
    });
  }

  const attribute = (r: Row) => {
    const region = (r.region as string | null) ?? null;
    const town = townOfRecord(regions, (r.town_code as string | null) ?? null, region);
    const village = villageOf(regions, region);
    return { town: town ? townInputs.get(town) : undefined, village: village ? villageInputs.get(village) : undefined };
  };

  for (const r of courts) {
    const { town, village } = attribute(r);
    if (town) {
      town.courtCasesCounted += n(r.counted);
      town.civilFirstInstanceCases += n(r.civil);
    }
    if (village) village.courtCasesCounted += n(r.counted);
  }
  for (const r of prelitDef) {
    const { town } = attribute(r);
    if (!town) continue;
    const success = n(r.success);
    const failure = n(r.failure);
    town.prelitigation.success += success;
    town.prelitigation.failure += failure;
    town.prelitigation.pending += n(r.total) - success - failure;
  }
  for (const r of prelitParty) {
    const { town } = attribute(r);
    if (town) town.prelitigationByPartyRegion += n(r.total);
  }
  for (const r of platform) {
    const { town } = attribute(r);
    if (!town) continue;
    town.platform.accepted += n(r.accepted);
    town.platform.success += n(r.success);
    town.platform.failure += n(r.failure);
  }
  const incidentKeys = Object.keys(emptyIncidents()) as (keyof IncidentCounts)[];
  for (const r of incidents) {
    const { town, village } = attribute(r);
    for (const k of incidentKeys) {
      if (town) town.incidents[k] += n(r[k]);
      if (village) village.incidents[k] += n(r[k]);
    }
  }
  for (const r of people) {
    const code = (r.village_code as string | null) ?? villageOf(regions, r.region as string | null);
    const village = code ? villageInputs.get(code) : undefined;
    if (!village) continue;
    if (r.role === 'rule_of_law_leader') village.ruleOfLawLeaders += n(r.n);
    else if (r.role === 'legal_literate') village.legalLiterates += n(r.n);
  }
  for (const r of checklist) {
    const id = STANDARD_OF_ITEM.get(String(r.item));
    if (!id) continue;
    const status = String(r.status) as ChecklistStatus;
    const code = String(r.region_code);
    if (id.startsWith('V')) {
      const v = villageInputs.get(code);
      if (v) v.checklist[id as VillageChecklistId] = status;
    } else {
      const t = townInputs.get(code);
      if (t) t.checklist[id as TownChecklistId] = status;
    }
  }

  return { year, asOf, settings, towns: [...townInputs.values()], facts, regions };
}
