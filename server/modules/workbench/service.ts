import { and, eq, sql } from 'drizzle-orm';
import { REGION_LEVELS, type RegionLevel } from '../../../core/regions.ts';
import type { Database } from '../../db/client.ts';
import { regionPopulation, regions, units, users } from '../../db/schema/index.ts';
import { can, type Actor } from '../auth/actor.ts';
import { regionInScope } from '../../scope/region.ts';
import type { TodoItem, Workbench } from '../../../core/schemas/workbench.ts';
import { TODO_PROVIDERS } from './todo.ts';
import { yearShanghai } from '../../../core/dates.ts';

/** At most this many towns are broken down on the workbench (a county has ~20). */
const MAX_TOWNS = 60;

/** Key figures and the to-do list, all within the actor's scope. */
export async function workbench(database: Database, actor: Actor, year = yearShanghai()): Promise<Workbench> {
  const db = database.db;
  const inScope = regionInScope(actor, regions.code);
  const byLevel = await db
    .select({ level: regions.level, n: sql<number>`count(*)::int` })
    .from(regions)
    .where(and(inScope, eq(regions.active, true)))
    .groupBy(regions.level);
  const counts = Object.fromEntries(REGION_LEVELS.map((l) => [l, 0])) as Record<RegionLevel, number>;
  for (const r of byLevel) if (r.level in counts) counts[r.level as RegionLevel] = r.n;

  const [{ n: unitCount }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(units)
    .where(and(regionInScope(actor, units.regionCode), eq(units.active, true)));

  let userCount: number | null = null;
  if (can(actor, 'admin.users')) {
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(users).where(eq(users.active, true));
    userCount = n;
  }

  const [pop] = await db
    .select({ year: regionPopulation.year, residents: sql<number>`sum(${regionPopulation.residents})::int` })
    .from(regionPopulation)
    .innerJoin(regions, eq(regions.code, regionPopulation.regionCode))
    .where(and(regionInScope(actor, regionPopulation.regionCode), eq(regions.active, true), sql`${regions.level} in ('village', 'community')`, sql`${regionPopulation.year} <= ${year}`))
    .groupBy(regionPopulation.year)
    .orderBy(sql`${regionPopulation.year} desc`)
    .limit(1);

  let towns: Workbench['towns'] = [];
  if (counts.town > 1 && counts.town <= MAX_TOWNS) {
    const r = await db.execute<Workbench['towns'][number]>(sql`
      select t.code, t.name,
        count(r.code) filter (where r.level = 'village')::int as villages,
        count(r.code) filter (where r.level = 'community')::int as communities,
        count(r.code) filter (where r.level = 'grid')::int as grids
      from regions t left join regions r on r.town_code = t.code and r.active and r.level <> 'town'
      where t.level = 'town' and t.active and ${regionInScope(actor, sql.raw('t.code'))}
      group by t.code, t.name, t.path order by t.path`);
    towns = r.rows;
  }

  const todo: TodoItem[] = [];
  for (const provider of TODO_PROVIDERS) {
    try {
      todo.push(...(await provider(database, actor, year)).filter((t) => t.count > 0));
    } catch (err) {
      // one feature's failing count must not take the whole workbench down
      console.error('workbench todo provider failed', err);
    }
  }

  return { year, regions: counts, units: unitCount, users: userCount, population: pop ? { year: pop.year, residents: pop.residents } : null, towns, todo };
}
