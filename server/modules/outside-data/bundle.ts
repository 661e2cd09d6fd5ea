/**
 * Bundle handlers of the outside data (SPEC §5, §9): benchmarks, court cases, pre-litigation mediations, platform
 * disputes, incidents and source counts — derived by the same rules as the forms (rules.ts).
 * The importer and exporter (server/modules/exchange) list them; the kit is server/bundle-handler.ts.
 */
import { sql } from 'drizzle-orm';
import { canonicalDecimal, type RowValues, type Sentence } from '../../../core/bundle-format.ts';
import { cityBenchmarks, courtCases, incidents, platformDisputes, prelitigationMediations, sourceCounts } from '../../db/schema/index.ts';
import { writesCityData } from '../../../core/roles.ts';
import { attributedScope, attributedVisible, regionInScope } from '../../scope/region.ts';
import { caseNoKey, deriveBenchmark, deriveCourtCase, deriveIncident, derivePlatform, derivePrelitigation, deriveSourceCount, sentenceOf, type Derived } from './rules.ts';
import { type Row, str, townOfRow, exec, KEY_SEP, regionWritable, sameValue, type DerivedRow, type FileHandler, type ImportEnv } from '../../bundle-handler.ts';

function fromDerived<T>(d: Derived<T>, extra?: Record<string, unknown>): DerivedRow {
  return { row: d.row as Row | null, errors: d.errors, warnings: d.warnings, extra };
}

/** A record derived by a court-data rule, marked as imported. */
const importedFrom =
  <T>(fn: (v: RowValues, rc: ImportEnv['rc']) => Derived<T>) =>
  (v: RowValues, env: ImportEnv): DerivedRow => {
    const d = fn(v, env.rc);
    if (d.row) Object.assign(d.row, { imported: true });
    return fromDerived(d);
  };

/** court_cases / prelitigation: 'resolved' (a person picked the village) and 'address' are the same kind of match. */
function sameMatch(prop: string, a: unknown, b: unknown): boolean {
  if (prop === 'matchStatus') {
    const n = (x: unknown) => (x === 'resolved' ? 'address' : x);
    return n(a) === n(b);
  }
  return sameValue(a, b);
}

/**
 * Court cases and pre-litigation mediations: keyed by 案号 (its SPEC §5 variants read as one), matched to a village by
 * code or address (sameMatch), and kept by the region that brought them in (a re-import keeps the first owner).
 */
function byCaseNo<T>(fn: (v: RowValues, rc: ImportEnv['rc']) => Derived<T> & { candidates?: unknown[] }) {
  return {
    keyProps: ['caseNo'],
    keyOf: (v: RowValues) => (v.case_no == null ? null : caseNoKey(String(v.case_no))),
    keyOfRow: (r: Row) => String(r.caseNo),
    orderBy: ['caseNo'],
    derive(v: RowValues, env: ImportEnv, ex?: Row | null): DerivedRow {
      const d = fn(v, env.rc);
      if (d.row) Object.assign(d.row, { ownerRegionCode: ex ? ex.ownerRegionCode : env.rc.ownerRegionCode(), imported: true });
      return fromDerived(d, d.candidates?.length ? { _candidates: d.candidates } : undefined);
    },
    same: sameMatch,
    insertExtra: ['ownerRegionCode', 'imported'],
  } satisfies Partial<FileHandler>;
}

/** attributedScope for one row in memory. */
function attributedWritable(env: ImportEnv, region: unknown, owner: unknown, extra?: unknown): boolean {
  return attributedVisible((code) => regionWritable(env, code), region, owner, extra);
}

/** City benchmarks are the city's (SPEC §5): core's rule over the levels of the actor's bound regions. */
function cityLevelWriter(env: ImportEnv): boolean {
  return writesCityData(env.actor.bindings.map((b) => ({ role: b.role, level: b.regionCode ? env.rc.get(b.regionCode)?.level : null })));
}

// ---------------------------------------------------------------------------------------------------
// Outside data (SPEC §5)
// ---------------------------------------------------------------------------------------------------

const benchmarksHandler: FileHandler = {
  name: 'city_benchmarks',
  table: cityBenchmarks,
  entity: 'city_benchmark',
  permission: 'court.write',
  keyProps: ['cityCode', 'year'],
  keyOf: (v) => (v.year == null ? null : `${str(v.city_code) ?? ''}${KEY_SEP}${v.year}`),
  keyOfRow: (r) => `${r.cityCode ?? ''}${KEY_SEP}${r.year}`,
  orderBy: ['cityCode', 'year'],
  derive: (v, env) => fromDerived(deriveBenchmark(v, env.rc)),
  compare: ['litigationRatePer10k'],
  // a rate is a number: 95.20 stored and 95.2 read are the same rate (the bundle writes the canonical form)
  same: (p, a, b) => (p === 'litigationRatePer10k' && a != null && b != null ? Number(a) === Number(b) : sameValue(a, b)),
  toBundle: (r) => ({ city_code: (r.cityCode as string) || null, year: r.year as number, litigation_rate_per_10k: canonicalDecimal(String(r.litigationRatePer10k)) }),
  scope: () => sql`true`,
  // a city-level row: read by every town, written only above them
  writable: (r, env) => cityLevelWriter(env) && (!r.cityCode || regionWritable(env, r.cityCode)),
  // every town reads them (scope is everyone), so a town's export writes them and they come back as context
  context: () => true,
  townOf: () => null,
};

const courtCasesHandler: FileHandler = {
  name: 'court_cases',
  table: courtCases,
  entity: 'court_case',
  permission: 'court.write',
  ...byCaseNo(deriveCourtCase),
  compare: ['kind', 'instance', 'year', 'filedOn', 'defendantRegionCode', 'defendantAddress', 'townCode', 'matchStatus'],
  toBundle: (r) => ({
    case_no: r.caseNo as string,
    kind: r.kind as string,
    instance: r.instance as string,
    filed_on: r.filedOn as string,
    defendant_region_code: r.matchStatus === 'code' ? ((r.defendantRegionCode as string | null) ?? null) : null,
    defendant_address: (r.defendantAddress as string | null) ?? null,
  }),
  scope: (actor) => attributedScope(actor, sql`${courtCases.defendantRegionCode}`, sql`${courtCases.ownerRegionCode}`),
  writable: (r, env) => attributedWritable(env, r.defendantRegionCode, r.ownerRegionCode),
  townOf: townOfRow,
  afterApply: (tx, jobId) => syncQueue(tx, jobId, 'court_cases', 'court_case', 'case_no'),
};

const prelitigationHandler: FileHandler = {
  name: 'prelitigation_mediations',
  table: prelitigationMediations,
  entity: 'prelitigation_mediation',
  permission: 'court.write',
  ...byCaseNo(derivePrelitigation),
  compare: ['receivedOn', 'concludedOn', 'result', 'partyRegionCode', 'partyTownCode', 'defendantRegionCode', 'defendantAddress', 'townCode', 'matchStatus'],
  toBundle: (r) => ({
    case_no: r.caseNo as string,
    received_on: r.receivedOn as string,
    concluded_on: (r.concludedOn as string | null) ?? null,
    result: r.result as string,
    party_region_code: (r.partyRegionCode as string | null) ?? null,
    defendant_region_code: r.matchStatus === 'code' ? ((r.defendantRegionCode as string | null) ?? null) : null,
    defendant_address: (r.defendantAddress as string | null) ?? null,
  }),
  scope: (actor) =>
    attributedScope(actor, sql`${prelitigationMediations.defendantRegionCode}`, sql`${prelitigationMediations.ownerRegionCode}`, sql`${prelitigationMediations.partyRegionCode}`),
  writable: (r, env) => attributedWritable(env, r.defendantRegionCode, r.ownerRegionCode, r.partyRegionCode),
  townOf: (r) => (r.townCode as string | null) ?? (r.partyTownCode as string | null) ?? null,
  afterApply: (tx, jobId) => syncQueue(tx, jobId, 'prelitigation_mediations', 'prelitigation_mediation', 'case_no'),
};

const platformHandler: FileHandler = {
  name: 'platform_disputes',
  table: platformDisputes,
  entity: 'platform_dispute',
  permission: 'court.write',
  keyProps: ['platformNo'],
  keyOf: (v) => (v.platform_no == null ? null : String(v.platform_no).normalize('NFKC').replace(/\s+/g, '')),
  keyOfRow: (r) => String(r.platformNo),
  orderBy: ['platformNo'],
  derive: importedFrom(derivePlatform),
  compare: ['unitRegionCode', 'acceptedOn', 'concludedOn', 'result', 'townCode'],
  insertExtra: ['imported', 'matchStatus'],
  toBundle: (r) => ({
    platform_no: r.platformNo as string,
    unit_region_code: r.unitRegionCode as string,
    accepted_on: r.acceptedOn as string,
    concluded_on: (r.concludedOn as string | null) ?? null,
    result: r.result as string,
  }),
  scope: (actor) => regionInScope(actor, platformDisputes.unitRegionCode),
  writable: (r, env) => regionWritable(env, r.unitRegionCode),
  townOf: townOfRow,
};

const incidentsHandler: FileHandler = {
  name: 'incidents',
  table: incidents,
  entity: 'incident',
  permission: 'court.write',
  keyProps: ['id'],
  keyOf: (v) => str(v.id),
  keyOfRow: (r) => String(r.id),
  orderBy: ['occurredOn', 'id'],
  derive: importedFrom(deriveIncident),
  compare: ['type', 'regionCode', 'occurredOn', 'sentenceMonths', 'sentenceText', 'description', 'townCode'],
  insertExtra: ['imported', 'matchStatus'],
  toBundle: (r) => ({
    id: r.id as string,
    type: r.type as string,
    region_code: r.regionCode as string,
    occurred_on: r.occurredOn as string,
    sentence_months: sentenceOf(r as { sentenceMonths: number | null; sentenceText: string | null }) as Sentence | null,
    description: (r.description as string | null) ?? null,
  }),
  scope: (actor) => regionInScope(actor, incidents.regionCode),
  writable: (r, env) => regionWritable(env, r.regionCode),
  townOf: townOfRow,
};

const sourceCountsHandler: FileHandler = {
  name: 'source_counts',
  table: sourceCounts,
  entity: 'source_count',
  permission: 'court.write',
  keyProps: ['regionCode', 'month', 'source'],
  keyOf: (v) => (v.region_code == null || v.month == null || v.source == null ? null : [v.region_code, v.month, v.source].join(KEY_SEP)),
  keyOfRow: (r) => [r.regionCode, r.month, r.source].join(KEY_SEP),
  orderBy: ['regionCode', 'month', 'source'],
  derive: (v, env) => fromDerived(deriveSourceCount(v, env.rc)),
  compare: ['count', 'townCode'],
  toBundle: (r) => ({ region_code: r.regionCode as string, month: r.month as string, source: r.source as string, count: r.count as number }),
  scope: (actor) => regionInScope(actor, sourceCounts.regionCode),
  writable: (r, env) => regionWritable(env, r.regionCode),
  townOf: townOfRow,
};

// ---------------------------------------------------------------------------------------------------
// Resolution queue (SPEC §5): records that matched only the town wait for a person to pick the village
// ---------------------------------------------------------------------------------------------------

async function syncQueue(tx: Parameters<NonNullable<FileHandler['afterApply']>>[0], jobId: string, file: string, entity: string, keyCol: string) {
  // records that (still or now) wait for a village: open or reopen their queue entry
  await exec(
    tx,
    `insert into resolution_queue (id, entity, entity_id, field, address, town_code, candidates)
     select gen_random_uuid()::text, $3, s.data->>'${keyCol}', 'defendant', coalesce(s.data->>'defendant_address', ''), s.data->>'town_code',
            array(select jsonb_array_elements_text(coalesce(s.data->'_candidates', '[]'::jsonb)))
       from import_staging s
      where s.job_id = $1 and s.file = $2 and s.action in ('add', 'update') and s.data->>'match_status' = 'town_only'
     on conflict (entity, entity_id, field) do update
        set address = excluded.address, town_code = excluded.town_code, candidates = excluded.candidates,
            resolved_region_code = null, resolved_by = null, resolved_at = null`,
    [jobId, file, entity],
  );
  // records updated to a definite place no longer wait
  await exec(
    tx,
    `delete from resolution_queue q using import_staging s
      where s.job_id = $1 and s.file = $2 and s.action = 'update' and s.data->>'match_status' <> 'town_only'
        and q.entity = $3 and q.entity_id = s.key and q.field = 'defendant' and q.resolved_at is null`,
    [jobId, file, entity],
  );
}

export const outsideDataBundleHandlers = {
  city_benchmarks: benchmarksHandler,
  court_cases: courtCasesHandler,
  prelitigation_mediations: prelitigationHandler,
  platform_disputes: platformHandler,
  incidents: incidentsHandler,
  source_counts: sourceCountsHandler,
};
