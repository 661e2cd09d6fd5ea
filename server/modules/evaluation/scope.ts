import type { Database } from '../../db/client.ts';
import { invalid, notFound } from '../../errors.ts';
import { visiblePaths, type Actor } from '../auth/actor.ts';

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
    if (r.level !== 'town') throw invalid(`${r.name}（${r.code}）不是乡镇(街道)，请指定乡镇代码`);
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
