/**
 * Bundle handlers of regions, units and population (SPEC §9): key, derivation, comparison, scope and bundle form.
 * The importer and exporter (server/modules/exchange) list them; the kit is server/bundle-handler.ts.
 */
import { sql } from 'drizzle-orm';
import { canParent, type RegionLevel } from '../../../core/regions.ts';
import { regionBoundaries, regionPopulation, regions, units } from '../../db/schema/index.ts';
import { checkBoundaries } from '../../../core/geojson.ts';
import { pathVisible, regionInScope, visiblePaths } from '../../scope/region.ts';
import { normaliseAliases } from './service.ts';
import type { RegionInfo } from '../outside-data/region-context.ts';
import { type Row, str, townOfRow, KEY_SEP, regionWritable, type FileHandler } from '../../bundle-handler.ts';

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
  context: (r, env) => (visiblePaths(env.actor) ?? []).some((p) => p.startsWith(String(r.path))),
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

/** Outlines for the maps (issue 16.2): the geometry cell is checked as the regions page's upload is. */
const boundariesHandler: FileHandler = {
  name: 'boundaries',
  table: regionBoundaries,
  entity: 'region_boundary',
  permission: 'admin.regions',
  keyProps: ['regionCode'],
  keyOf: (v) => str(v.region_code),
  keyOfRow: (r) => String(r.regionCode),
  orderBy: ['regionCode'],
  derive(v, env) {
    const c = env.rc.checkCode(str(v.region_code)!, null);
    if (!c.ok) return { row: null, errors: [{ column: 'region_code', reason: c.reason }], warnings: [] };
    let geometry: unknown;
    try {
      geometry = JSON.parse(str(v.geometry)!);
    } catch {
      return { row: null, errors: [{ column: 'geometry', reason: '不是有效的 GeoJSON（JSON 格式有误）' }], warnings: [] };
    }
    const check = checkBoundaries({ type: 'Feature', properties: { code: c.region.code }, geometry }, () => null);
    if (check.problems.length) return { row: null, errors: [{ column: 'geometry', reason: check.problems.map((p) => p.replace(/^第 1 个要素：/, '')).join('；') }], warnings: [] };
    return { row: { regionCode: c.region.code, townCode: c.region.townCode, geometry: JSON.stringify(check.boundaries[0].geometry) }, errors: [], warnings: [] };
  },
  compare: ['geometry', 'townCode'],
  toBundle: (r) => ({ region_code: r.regionCode as string, geometry: r.geometry as string }),
  scope: (actor) => regionInScope(actor, regionBoundaries.regionCode),
  writable: (r, env) => regionWritable(env, r.regionCode),
  townOf: townOfRow,
};

export const regionBundleHandlers = { regions: regionsHandler, units: unitsHandler, population: populationHandler, boundaries: boundariesHandler };
