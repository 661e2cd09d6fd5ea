/**
 * One handler per bundle file (SPEC §9): key, derivation (shared with the forms), comparison, scope and
 * bundle form. Disputes and parties are in handlers-disputes.ts.
 */
import { sql } from 'drizzle-orm';
import { canParent, TOWN_OR_BELOW, type RegionLevel } from '../../../core/regions.ts';
import { CHECKLIST_ITEMS, isKeyOf, PERSONNEL_ROLES } from '../../../core/dictionaries.ts';
import type { BundleFileName, RowValues, Sentence } from '../../../core/bundle-format.ts';
import {
  checklistItems,
  cityBenchmarks,
  courtCases,
  incidents,
  personnel,
  platformDisputes,
  prelitigationMediations,
  regionPopulation,
  regions,
  sourceCounts,
  units,
} from '../../db/schema/index.ts';
import { writesCityData } from '../../../core/roles.ts';
import { isMasked, maskPhone } from '../../../core/id-number.ts';
import { attributedScope, attributedVisible, pathVisible, regionInScope } from '../../scope/region.ts';
import { normaliseAliases } from '../regions/service.ts';
import type { RegionInfo } from '../outside-data/region-context.ts';
import {
  caseNoKey,
  deriveBenchmark,
  deriveCourtCase,
  deriveIncident,
  derivePlatform,
  derivePrelitigation,
  deriveSourceCount,
  sentenceOf,
  type Derived,
} from '../outside-data/rules.ts';
import { exec, KEY_SEP, newId, regionWritable, sameValue, type DerivedRow, type FileHandler, type ImportEnv } from './handler.ts';
import { disputeHandlers } from './handlers-disputes.ts';

type Row = Record<string, unknown>;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

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

const townOfRow = (r: Row) => (r.townCode as string | null) ?? null;

/** court_cases / prelitigation: 'resolved' (a person picked the village) and 'address' are the same kind of match. */
function sameMatch(prop: string, a: unknown, b: unknown): boolean {
  if (prop === 'matchStatus') {
    const n = (x: unknown) => (x === 'resolved' ? 'address' : x);
    return n(a) === n(b);
  }
  return sameValue(a, b);
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
// Regions, units, population
// ---------------------------------------------------------------------------------------------------

const LEVEL_ORDER: Record<string, number> = { province: 0, city: 1, county: 2, town: 3, village: 4, community: 4, grid: 5 };

const regionsHandler: FileHandler = {
  name: 'regions',
  table: regions,
  entity: 'region',
  permission: 'admin.regions',
  keyProps: ['code'],
  keyOf: (v) => str(v.code),
  keyOfRow: (r) => String(r.code),
  orderBy: ['path'],
  // parents before children, whatever the order of the file
  sortRows(rows) {
    const byCode = new Map(rows.map((r) => [r.key, r]));
    const depth = (r: (typeof rows)[number], seen = new Set<string>()): number => {
      const p = str(r.values.parent_code);
      if (!p || !byCode.has(p) || seen.has(p)) return 0;
      seen.add(p);
      return depth(byCode.get(p)!, seen) + 1;
    };
    return rows
      .map((r) => ({ r, d: depth(r), l: LEVEL_ORDER[str(r.values.level) ?? ''] ?? 9 }))
      .sort((a, b) => a.d - b.d || a.l - b.l || a.r.rowNo - b.r.rowNo)
      .map((x) => x.r);
  },
  derive(v, env, ex) {
    const errors: { column: string; reason: string }[] = [];
    const code = str(v.code)!;
    const level = str(v.level) as RegionLevel;
    const parentCode = str(v.parent_code);
    if (!/^[0-9A-Za-z_-]+$/.test(code)) errors.push({ column: 'code', reason: '代码只能包含数字、字母、下划线和连字符' });
    let parent: RegionInfo | undefined;
    if (parentCode) {
      parent = env.rc.get(parentCode);
      if (!parent) errors.push({ column: 'parent_code', reason: `上级地区代码不存在：${parentCode}` });
      else if (parentCode === code) errors.push({ column: 'parent_code', reason: '上级地区不能是它自己' });
    }
    if (ex) {
      if (ex.level !== level) errors.push({ column: 'level', reason: `不能通过导入修改已有地区的层级（现为${ex.level}）` });
      if ((ex.parentCode ?? null) !== parentCode) {
        errors.push({ column: 'parent_code', reason: `不能通过导入移动已有地区（现上级为${ex.parentCode ?? '无'}），请在地区管理中移动` });
      }
    } else if (parent) {
      if (!env.rc.visible(parent.code)) errors.push({ column: 'parent_code', reason: `上级地区不在您的管辖范围内：${parent.code}` });
    } else if (!parentCode && !env.actor.isAdmin) {
      errors.push({ column: 'parent_code', reason: '请填写上级地区代码' });
    }
    if (parent && level) {
      const problem = canParent(parent.level as RegionLevel, level);
      if (problem) errors.push({ column: 'level', reason: problem });
    }
    if (errors.length) return { row: null, errors, warnings: [] };
    const incoming = (v.aliases as string[] | null) ?? [];
    // re-imported aliases merge with those learned in the resolution queue (SPEC §9)
    const aliases = normaliseAliases([...(((ex?.aliases as string[]) ?? []) as string[]), ...incoming]);
    const townCode = level === 'town' ? code : level === 'village' || level === 'community' || level === 'grid' ? (parent?.townCode ?? null) : null;
    const row: Row = {
      code,
      name: str(v.name)!.trim(),
      level,
      parentCode: parentCode,
      path: `${parent?.path ?? '/'}${code}/`,
      townCode,
      aliases,
      active: v.active === null || v.active === undefined ? true : Boolean(v.active),
    };
    return { row, errors: [], warnings: [] };
  },
  afterDerive(row, env) {
    const old = env.rc.get(String(row.code));
    env.rc.put({
      code: String(row.code),
      name: String(row.name),
      level: row.level as RegionLevel,
      parentCode: (row.parentCode as string | null) ?? null,
      path: String(row.path),
      townCode: (row.townCode as string | null) ?? null,
      aliases: row.aliases as string[],
      active: Boolean(row.active),
      version: old?.version ?? 1,
    });
  },
  compare: ['name', 'level', 'parentCode', 'path', 'townCode', 'aliases', 'active'],
  toBundle: (r) => ({
    code: r.code as string,
    name: r.name as string,
    level: r.level as string,
    parent_code: (r.parentCode as string | null) ?? null,
    aliases: (r.aliases as string[]).length ? (r.aliases as string[]) : null,
    active: r.active as boolean,
  }),
  scope(actor) {
    if (actor.isAdmin) return sql`true`;
    // the regions in scope and their ancestors, so an export stands on its own
    return sql`(${regionInScope(actor, regions.code)} or ${regions.code} in (select unnest(string_to_array(trim(both '/' from r2.path), '/')) from regions r2 where ${regionInScope(actor, sql`r2.code`)}))`;
  },
  // ancestors are exported for context, but only regions at or below a binding are written
  writable: (r, env) => pathVisible(env.actor, String(r.path)),
  townOf: townOfRow,
};

const unitsHandler: FileHandler = {
  name: 'units',
  table: units,
  entity: 'unit',
  permission: 'admin.regions',
  keyProps: ['id'],
  keyOf: (v) => str(v.id),
  keyOfRow: (r) => String(r.id),
  orderBy: ['regionCode', 'id'],
  derive(v, env) {
    const c = env.rc.checkCode(str(v.region_code)!, null, '所在地区');
    if (!c.ok) return { row: null, errors: [{ column: 'region_code', reason: c.reason }], warnings: [] };
    return { row: { id: str(v.id), name: str(v.name)!.trim(), type: str(v.type), regionCode: c.region.code, townCode: c.region.townCode }, errors: [], warnings: [] };
  },
  compare: ['name', 'type', 'regionCode', 'townCode'],
  toBundle: (r) => ({ id: r.id as string, name: r.name as string, type: r.type as string, region_code: r.regionCode as string }),
  scope: (actor) => regionInScope(actor, units.regionCode),
  writable: (r, env) => regionWritable(env, r.regionCode),
  townOf: townOfRow,
};

const populationHandler: FileHandler = {
  name: 'population',
  table: regionPopulation,
  entity: 'region_population',
  permission: 'admin.regions',
  keyProps: ['regionCode', 'year'],
  keyOf: (v) => (v.region_code == null || v.year == null ? null : `${v.region_code}${KEY_SEP}${v.year}`),
  keyOfRow: (r) => `${r.regionCode}${KEY_SEP}${r.year}`,
  orderBy: ['regionCode', 'year'],
  derive(v, env) {
    const c = env.rc.checkCode(str(v.region_code)!, null);
    if (!c.ok) return { row: null, errors: [{ column: 'region_code', reason: c.reason }], warnings: [] };
    return { row: { regionCode: c.region.code, year: v.year, residents: v.residents }, errors: [], warnings: [] };
  },
  compare: ['residents'],
  toBundle: (r) => ({ region_code: r.regionCode as string, year: r.year as number, residents: r.residents as number }),
  scope: (actor) => regionInScope(actor, regionPopulation.regionCode),
  writable: (r, env) => regionWritable(env, r.regionCode),
  townOf: () => null,
};

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
  same: (p, a, b) => (p === 'litigationRatePer10k' && a != null && b != null ? Number(a) === Number(b) && String(a) === String(b) : sameValue(a, b)),
  toBundle: (r) => ({ city_code: (r.cityCode as string) || null, year: r.year as number, litigation_rate_per_10k: r.litigationRatePer10k as string }),
  scope: () => sql`true`,
  // a city-level row: read by every town, written only above them
  writable: (r, env) => cityLevelWriter(env) && (!r.cityCode || regionWritable(env, r.cityCode)),
  townOf: () => null,
};

const courtCasesHandler: FileHandler = {
  name: 'court_cases',
  table: courtCases,
  entity: 'court_case',
  permission: 'court.write',
  keyProps: ['caseNo'],
  keyOf: (v) => (v.case_no == null ? null : caseNoKey(String(v.case_no))),
  keyOfRow: (r) => String(r.caseNo),
  orderBy: ['caseNo'],
  derive(v, env, ex) {
    const d = deriveCourtCase(v, env.rc);
    if (d.row) Object.assign(d.row, { ownerRegionCode: ex ? ex.ownerRegionCode : env.rc.ownerRegionCode(), imported: true });
    return fromDerived(d, d.candidates?.length ? { _candidates: d.candidates } : undefined);
  },
  compare: ['kind', 'instance', 'year', 'filedOn', 'defendantRegionCode', 'defendantAddress', 'townCode', 'matchStatus'],
  same: sameMatch,
  insertExtra: ['ownerRegionCode', 'imported'],
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
  keyProps: ['caseNo'],
  keyOf: (v) => (v.case_no == null ? null : caseNoKey(String(v.case_no))),
  keyOfRow: (r) => String(r.caseNo),
  orderBy: ['caseNo'],
  derive(v, env, ex) {
    const d = derivePrelitigation(v, env.rc);
    if (d.row) Object.assign(d.row, { ownerRegionCode: ex ? ex.ownerRegionCode : env.rc.ownerRegionCode(), imported: true });
    return fromDerived(d, d.candidates?.length ? { _candidates: d.candidates } : undefined);
  },
  compare: ['receivedOn', 'concludedOn', 'result', 'partyRegionCode', 'partyTownCode', 'defendantRegionCode', 'defendantAddress', 'townCode', 'matchStatus'],
  same: sameMatch,
  insertExtra: ['ownerRegionCode', 'imported'],
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
// People and checklist (SPEC §6.4, §6.5)
// ---------------------------------------------------------------------------------------------------

const personnelHandler: FileHandler = {
  name: 'personnel',
  table: personnel,
  entity: 'personnel',
  permission: 'personnel.write',
  keyProps: ['id'],
  keyOf: (v) => str(v.id),
  keyOfRow: (r) => String(r.id),
  orderBy: ['regionCode', 'id'],
  derive(v, env, ex) {
    const errors: { column: string; reason: string }[] = [];
    const c = env.rc.checkCode(str(v.region_code)!, TOWN_OR_BELOW, '所属地区');
    if (!c.ok) errors.push({ column: 'region_code', reason: c.reason });
    const since = str(v.since);
    const until = str(v.until);
    if (since && until && until < since) errors.push({ column: 'until', reason: `截止日期${until}早于起始日期${since}` });
    if (!isKeyOf(PERSONNEL_ROLES, v.role)) errors.push({ column: 'role', reason: '人员类别无效' });
    // a masked phone (an export for a user who may not see it) leaves the stored phone unchanged
    let phone = str(v.phone);
    const stored = (ex as { phone?: string | null } | undefined)?.phone ?? null;
    if (phone && isMasked(phone)) {
      if (stored && maskPhone(stored) === maskPhone(phone)) phone = stored;
      else errors.push({ column: 'phone', reason: '电话已脱敏，且找不到原有的号码；请填写完整号码或留空' });
    }
    if (errors.length || !c.ok) return { row: null, errors, warnings: [] };
    const r = c.region;
    const villageCode = r.level === 'village' || r.level === 'community' ? r.code : r.level === 'grid' ? r.parentCode : null;
    return {
      row: {
        id: str(v.id),
        name: str(v.name)!.trim(),
        role: str(v.role),
        regionCode: r.code,
        villageCode,
        townCode: r.townCode,
        phone,
        since,
        until,
        joinedPlatform: v.joined_platform === true,
        imported: true,
      },
      errors: [],
      warnings: [],
    };
  },
  compare: ['name', 'role', 'regionCode', 'villageCode', 'townCode', 'phone', 'since', 'until', 'joinedPlatform'],
  insertExtra: ['imported'],
  toBundle: (r) => ({
    id: r.id as string,
    name: r.name as string,
    role: r.role as string,
    region_code: r.regionCode as string,
    phone: (r.phone as string | null) ?? null,
    since: (r.since as string | null) ?? null,
    until: (r.until as string | null) ?? null,
    joined_platform: Boolean(r.joinedPlatform),
  }),
  scope: (actor) => regionInScope(actor, personnel.regionCode),
  writable: (r, env) => regionWritable(env, r.regionCode),
  townOf: townOfRow,
};

const checklistHandler: FileHandler = {
  name: 'checklist',
  table: checklistItems,
  entity: 'checklist_item',
  permission: 'checklist.write',
  keyProps: ['regionCode', 'year', 'item'],
  keyOf: (v) => (v.region_code == null || v.year == null || v.item == null ? null : [v.region_code, v.year, v.item].join(KEY_SEP)),
  keyOfRow: (r) => [r.regionCode, r.year, r.item].join(KEY_SEP),
  orderBy: ['regionCode', 'year', 'item'],
  derive(v, env, ex) {
    const item = CHECKLIST_ITEMS.find((e) => e.key === v.item);
    const allowed: RegionLevel[] = item?.scope === 'town' ? ['town'] : ['village', 'community'];
    const c = env.rc.checkCode(str(v.region_code)!, allowed, `“${item?.code ?? v.item}”的考评地区`);
    if (!c.ok) return { row: null, errors: [{ column: 'region_code', reason: c.reason }], warnings: [] };
    return {
      row: { id: (ex?.id as string) ?? newId(), regionCode: c.region.code, townCode: c.region.townCode, year: v.year, item: v.item, status: v.status, evidence: str(v.evidence) },
      errors: [],
      warnings: [],
    };
  },
  compare: ['status', 'evidence', 'townCode'],
  insertExtra: ['id'],
  toBundle: (r) => ({ region_code: r.regionCode as string, year: r.year as number, item: r.item as string, status: r.status as string, evidence: (r.evidence as string | null) ?? null }),
  scope: (actor) => regionInScope(actor, checklistItems.regionCode),
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

// ---------------------------------------------------------------------------------------------------

export const HANDLERS: Record<BundleFileName, FileHandler> = {
  regions: regionsHandler,
  units: unitsHandler,
  population: populationHandler,
  city_benchmarks: benchmarksHandler,
  court_cases: courtCasesHandler,
  prelitigation_mediations: prelitigationHandler,
  platform_disputes: platformHandler,
  incidents: incidentsHandler,
  source_counts: sourceCountsHandler,
  personnel: personnelHandler,
  checklist: checklistHandler,
  ...disputeHandlers,
} as Record<BundleFileName, FileHandler>;

export type { ImportEnv };
