/**
 * Scope of records handled by units: disputes pass from unit to unit (stages), so besides the region they arose
 * in, who sees them depends on the units and handlers that have (or had) them. Region-only records: `region.ts`.
 */
import { sql, type SQL } from 'drizzle-orm';
import { ROLE_PERMISSIONS, type Permission } from '../../core/roles.ts';
import { isTownOrBelow } from '../../core/regions.ts';
import type { DbOrTx, ValueRef } from '../db/client.ts';
import { sqlTextArray, textArrayLiteral } from '../db/text-array.ts';
import { escapeLike } from '../db/text-search.ts';
import type { Actor } from '../modules/auth/actor.ts';

/**
 * Which disputes an actor sees (SPEC §1), resolved once per call into plain code lists so that the SQL
 * condition uses the disputes table's own indexed columns (town_code, village_code, region_code):
 * - a region binding sees the disputes that arose at or below the region;
 * - `department` sees disputes currently or formerly at its unit;
 * - `mediator` sees disputes assigned to them (current or former handler), their village's, and — when
 *   bound to a unit — the disputes at that unit (a village committee's mediator also its village's).
 * `mode: 'act'` is the same with "currently" instead of "currently or formerly" for units and handlers:
 * a department may read a dispute it passed on, but no longer act on it.
 */
export interface DisputeScope {
  all: boolean;
  towns: string[];
  villages: string[];
  regions: string[];
  /** paths of county-or-higher bindings: every town below */
  paths: string[];
  units: string[];
  handler: string | null;
  /** read mode: the records one registered stay visible to them */
  creator: string | null;
}

const empty = (): DisputeScope => ({ all: false, towns: [], villages: [], regions: [], paths: [], units: [], handler: null, creator: null });

// an actor lives for one request (or one CLI/demo run): its resolved scope is kept on the side
const cache = new WeakMap<Actor, Map<Permission, Promise<DisputeScope>>>();

export function resolveScope(db: DbOrTx, actor: Actor, permission: Permission = 'disputes.read'): Promise<DisputeScope> {
  let m = cache.get(actor);
  if (!m) cache.set(actor, (m = new Map()));
  let p = m.get(permission);
  if (!p) {
    p = computeScope(db, actor, permission);
    p.catch(() => m!.delete(permission));
    m.set(permission, p);
  }
  return p;
}

type RegionFact = { code: string; level: string; path: string; towns: string[] | null };
// the facts of all an actor's binding regions, read once per actor (one query serves every permission)
const factsCache = new WeakMap<Actor, Promise<RegionFact[]>>();

/** Level and path of the given regions, with the towns below those above town level. */
async function regionFacts(db: DbOrTx, actor: Actor, codes: string[]): Promise<RegionFact[]> {
  const withTowns = async (rows: { code: string; level: string; path: string }[]): Promise<RegionFact[]> => {
    const above = rows.filter((g) => !isTownOrBelow(g.level));
    const towns = above.length
      ? (await db.execute<{ code: string; path: string }>(sql`select code, path from regions where level = 'town' and path like any(${sqlTextArray(above.map((g) => `${escapeLike(g.path)}%`))})`)).rows
      : [];
    return rows.map((g) => ({ ...g, towns: above.includes(g) ? towns.filter((t) => t.path.startsWith(g.path)).map((t) => t.code) : null }));
  };
  const load = async (list: string[]) =>
    withTowns((await db.execute<{ code: string; level: string; path: string }>(sql`select code, level, path from regions where code = any(${sqlTextArray(list)})`)).rows);
  let p = factsCache.get(actor);
  if (!p) {
    const all = [...new Set(actor.bindings.map((b) => b.regionCode).filter((c): c is string => !!c))];
    // the session lookup brings each bound region's level and path: only the towns below a county are left to read
    const given = all.map((code) => actor.bindings.find((b) => b.regionCode === code && !b.unitId && b.level && b.path));
    if (given.every((b) => !!b)) p = withTowns(given.map((b) => ({ code: b!.regionCode!, level: b!.level!, path: b!.path! })));
    else p = load(all);
    p.catch(() => factsCache.delete(actor));
    factsCache.set(actor, p);
  }
  const known = await p;
  const missing = codes.filter((c) => !known.some((k) => k.code === c));
  const extra = missing.length ? await load(missing) : [];
  return [...known, ...extra].filter((f) => codes.includes(f.code));
}

async function computeScope(db: DbOrTx, actor: Actor, permission: Permission): Promise<DisputeScope> {
  if (actor.isAdmin) return { ...empty(), all: true };
  const s = empty();
  const bindings = actor.bindings.filter((b) => ROLE_PERMISSIONS[b.role]?.has(permission));
  const regionCodes = new Set<string>();
  const unitIds = new Set<string>();
  for (const b of bindings) {
    if (b.role === 'mediator' && actor.userId) s.handler = actor.userId;
    if (b.unitId) unitIds.add(b.unitId);
    else if (b.regionCode) regionCodes.add(b.regionCode);
  }
  // what one registers is in one's own region anyway; unit-bound users (departments) need it said
  if (!regionCodes.size) s.creator = actor.userId;
  if (unitIds.size) {
    const r = await db.execute<{ id: string; type: string; region_code: string }>(
      sql`select id, type, region_code from units where id = any(${sqlTextArray([...unitIds])})`,
    );
    for (const u of r.rows) {
      s.units.push(u.id);
      // a village committee's mediator is "their village's" mediator
      const mediatorHere = bindings.some((b) => b.unitId === u.id && b.role === 'mediator');
      if (mediatorHere && u.type === 'village_committee') regionCodes.add(u.region_code);
    }
  }
  if (regionCodes.size) {
    const facts = await regionFacts(db, actor, [...regionCodes]);
    const above: string[] = [];
    for (const g of facts) {
      if (g.level === 'town') s.towns.push(g.code);
      else if (g.level === 'village' || g.level === 'community') s.villages.push(g.code);
      else if (g.level === 'grid') s.regions.push(g.code);
      else {
        // a county (city, province) sees every town below it
        above.push(g.path);
        for (const t of g.towns ?? []) if (!s.towns.includes(t)) s.towns.push(t);
      }
    }
    s.paths = above;
  }
  return s;
}

/**
 * SQL condition on the `disputes` table (aliased `d`, or the table itself) for the scope. Shaped for the
 * indexes: region parts are plain comparisons on the table's own columns; the "through a stage" parts
 * (units, handler) and the creator become one uncorrelated `id in (… union …)`, never a per-row OR with
 * a correlated subquery that would force a scan of the whole table.
 */
export function scopeCondition(s: DisputeScope, mode: 'read' | 'act' = 'read', alias = 'disputes'): SQL {
  if (s.all) return sql`true`;
  const direct = (a: string): SQL[] => {
    const col = (c: string) => sql.raw(`${a}.${c}`);
    const anyOf = (c: string, values: string[]) =>
      values.length === 1 ? sql`${col(c)} = ${values[0]}` : sql`${col(c)} = any(${sqlTextArray(values)})`;
    const parts: SQL[] = [];
    if (s.towns.length) parts.push(anyOf('town_code', s.towns));
    if (s.villages.length) parts.push(anyOf('village_code', s.villages));
    if (s.regions.length) parts.push(anyOf('region_code', s.regions));
    if (mode === 'act') {
      if (s.units.length) parts.push(anyOf('current_unit_id', s.units));
      if (s.handler) parts.push(sql`${col('current_handler_id')} = ${s.handler}`);
    }
    return parts;
  };
  const or = (parts: SQL[]) => (parts.length === 1 ? parts[0] : sql`(${sql.join(parts, sql` or `)})`);
  const indirect: SQL[] = [];
  if (mode === 'read') {
    if (s.units.length) indirect.push(sql`select st.dispute_id from dispute_stages st where st.unit_id = any(${sqlTextArray(s.units)})`);
    if (s.handler) indirect.push(sql`select sh.dispute_id from dispute_stages sh where sh.handler_id = ${s.handler}`);
    if (s.creator) indirect.push(sql`select dc.id from disputes dc where dc.created_by = ${s.creator}`);
  }
  const own = direct(alias);
  if (!indirect.length) return own.length ? or(own) : sql`false`;
  const inner = direct('dx');
  if (inner.length) indirect.unshift(sql`select dx.id from disputes dx where ${or(inner)}`);
  return sql`${sql.raw(`${alias}.id`)} in (${sql.join(indirect, sql` union `)})`;
}

/** The values of `scopeRowCondition`, by placeholder name. */
export function scopeValues(s: DisputeScope) {
  return {
    scopeAll: s.all,
    scopeTowns: textArrayLiteral(s.towns),
    scopeVillages: textArrayLiteral(s.villages),
    scopeRegions: textArrayLiteral(s.regions),
    scopeUnits: textArrayLiteral(s.units),
    scopeHandler: s.handler,
    scopeCreator: s.creator,
  };
}
export type ScopeValues = ReturnType<typeof scopeValues>;

/**
 * The read scope as one condition whose text is the same for every actor: `value(name, type)` gives each of
 * `scopeValues` (an opaque placeholder in a statement prepared once, or the value itself). For statements that
 * check a handful of rows found otherwise (likely duplicates): the per-row EXISTS on the stages would be slow on a list.
 */
export function scopeRowCondition(alias: string, value: ValueRef): SQL {
  const col = (c: string) => sql.raw(`${alias}.${c}`);
  return sql`(${value('scopeAll', 'boolean')}
    or ${col('town_code')} = any(${value('scopeTowns', 'text[]')})
    or ${col('village_code')} = any(${value('scopeVillages', 'text[]')})
    or ${col('region_code')} = any(${value('scopeRegions', 'text[]')})
    or ${col('created_by')} = ${value('scopeCreator', 'text')}
    or exists (select 1 from dispute_stages sx where sx.dispute_id = ${col('id')}
               and (sx.unit_id = any(${value('scopeUnits', 'text[]')}) or sx.handler_id = ${value('scopeHandler', 'text')})))`;
}

/** Whether a single dispute row lies in the scope (the same rules, in memory). */
export function inScope(
  s: DisputeScope,
  d: { townCode: string; villageCode: string | null; regionCode: string; currentUnitId: string | null; currentHandlerId: string | null; createdBy: string | null },
  extra: { stageUnits?: string[]; stageHandlers?: string[] },
  mode: 'read' | 'act' = 'read',
): boolean {
  if (s.all) return true;
  if (s.towns.includes(d.townCode)) return true;
  if (d.villageCode && s.villages.includes(d.villageCode)) return true;
  if (s.regions.includes(d.regionCode)) return true;
  if (mode === 'act') {
    if (d.currentUnitId && s.units.includes(d.currentUnitId)) return true;
    if (s.handler && d.currentHandlerId === s.handler) return true;
  } else {
    if (s.creator && d.createdBy === s.creator) return true;
    if ((extra.stageUnits ?? []).some((u) => s.units.includes(u))) return true;
    if (s.handler && (extra.stageHandlers ?? []).includes(s.handler)) return true;
  }
  return false;
}

/** Unit-bound users may filter by a region around their unit (the rows stay limited to their scope). */
export function unitAbove(actor: Actor, r: { path: string }): boolean {
  return actor.bindings.some((b) => b.unitId && b.path && (b.path.startsWith(r.path) || r.path.startsWith(b.path)));
}
