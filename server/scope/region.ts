/**
 * Scope by region (SPEC §1): a record carrying a region code is visible when the region's path lies at or below
 * one of the actor's binding paths. The SQL condition (`regionInScope`, every list, read and export) and the
 * in-memory predicate (`pathVisible`) are the same rule; every feature asks here instead of comparing paths itself.
 * Records handled by units (disputes) are in `unit.ts`, key persons in `key-person.ts`.
 */
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Role } from '../../core/roles.ts';
import type { Database } from '../db/client.ts';
import { sqlTextArray } from '../db/text-array.ts';
import { escapeLike } from '../db/text-search.ts';
import { invalid, notFound } from '../errors.ts';
import type { Actor } from '../modules/auth/actor.ts';

/** Region paths the actor may see ("at or below their bindings"); null = everything. */
export function visiblePaths(actor: Actor, roles?: readonly Role[]): string[] | null {
  if (actor.isAdmin) return null;
  const paths = new Set<string>();
  for (const b of actor.bindings) {
    if (roles && !roles.includes(b.role)) continue;
    if (b.path) paths.add(b.path);
  }
  return [...paths];
}

/** Whether a region (by its path) lies in the actor's scope — `regionInScope` in memory. */
export function pathVisible(actor: Actor, path: string, roles?: readonly Role[]): boolean {
  const ps = visiblePaths(actor, roles);
  return ps === null || ps.some((p) => path.startsWith(p));
}

/**
 * SQL condition "this region code lies in the actor's scope" for any table carrying a region code.
 * Every list, read and export goes through it (SPEC §1: a user sees only regions at or below their bindings).
 */
export function regionInScope(actor: Actor, regionCodeColumn: SQLWrapper, roles?: readonly Role[]): SQL {
  const paths = visiblePaths(actor, roles);
  if (paths === null) return sql`true`;
  if (paths.length === 0) return sql`false`;
  const likes = paths.map((p) => `${escapeLike(p)}%`);
  return sql`${regionCodeColumn} in (select r.code from regions r where r.path like any(${sqlTextArray(likes)}))`;
}

/** "region and below" filter on a record's region column (a list filter; the scope itself is `regionInScope`). */
export function inSubtree(col: SQLWrapper, code: string): SQL {
  return sql`${col} in (select r2.code from regions r2 where r2.path like (select r3.path from regions r3 where r3.code = ${code}) || '%')`;
}

/**
 * Records that may lack a region (court data not yet attributed to a village): in scope by their region, or —
 * while it is null — by the region of whoever entered them (`owner`), or by a further region (`extra`).
 */
export function attributedScope(actor: Actor, region: SQL, owner: SQL, extra?: SQL): SQL {
  if (actor.isAdmin) return sql`true`;
  const parts = [regionInScope(actor, region), sql`(${region} is null and ${regionInScope(actor, owner)})`];
  if (extra) parts.push(regionInScope(actor, extra));
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** `attributedScope` for one row in memory; `visible` tells whether one region code is in scope. */
export function attributedVisible(visible: (code: unknown) => boolean, region: unknown, owner: unknown, extra?: unknown): boolean {
  return visible(region) || (region == null && visible(owner)) || (extra != null && visible(extra));
}

/** A town the actor may see: fully (its own figures) or only some of its villages. */
export interface TownAccess {
  code: string;
  name: string;
  path: string;
  full: boolean;
}

export interface EvaluationScope {
  /** towns to evaluate (sorted by code) */
  towns: TownAccess[];
  /** null = every village of the listed towns is visible */
  villageVisible: ((village: { path: string }) => boolean) | null;
}

/**
 * The towns an actor's evaluation covers. A binding at or above a town sees the whole town; a binding
 * below a town (a village cadre) sees that town's entry limited to the villages at or above its binding,
 * without the town's own figures. `town` narrows to one town (422 when the code is not a town, 404 when
 * it is missing or out of scope).
 */
export async function evaluationScope(database: Database, actor: Actor, town?: string | null): Promise<EvaluationScope> {
  const paths = visiblePaths(actor);
  const rows = await database.query<{ code: string; name: string; path: string; level: string; active: boolean }>(
    town
      ? `select code, name, path, level, active from regions where code = $1`
      : `select code, name, path, level, active from regions where level = 'town' and active order by code`,
    town ? [town] : [],
  );
  if (town) {
    const r = rows[0];
    if (!r || (paths !== null && !paths.some((p) => r.path.startsWith(p) || p.startsWith(r.path)))) throw notFound('乡镇');
    if (r.level !== 'town') throw invalid(`${r.name}（${r.code}）不是乡镇（街道），请指定乡镇代码`);
  }
  const towns: TownAccess[] = [];
  for (const r of rows) {
    if (paths === null) towns.push({ code: r.code, name: r.name, path: r.path, full: true });
    else if (paths.some((p) => r.path.startsWith(p))) towns.push({ code: r.code, name: r.name, path: r.path, full: true });
    else if (paths.some((p) => p.startsWith(r.path))) towns.push({ code: r.code, name: r.name, path: r.path, full: false });
  }
  const villageVisible =
    paths === null || towns.every((t) => t.full)
      ? null
      : (v: { path: string }) => paths.some((p) => v.path.startsWith(p) || p.startsWith(v.path));
  return { towns, villageVisible };
}
