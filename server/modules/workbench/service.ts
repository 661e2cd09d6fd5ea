import { and, eq, sql } from 'drizzle-orm';
import { REGION_LEVELS, type RegionLevel } from '../../../core/regions.ts';
import type { Database } from '../../db/client.ts';
import { regionPopulation, regions, units, users } from '../../db/schema/index.ts';
import { can, type Actor } from '../auth/actor.ts';
import { regionInScope } from '../../scope/region.ts';
import type { TodoItem, Workbench } from '../../../core/schemas/workbench.ts';
import { TODO_PROVIDERS } from './todo.ts';
import { warningsOf, type WarningRow } from '../evaluation/derived.ts';
import { runEvaluation } from '../evaluation/service.ts';
import { AppError } from '../../errors.ts';
import { todayShanghai, yearShanghai } from '../../../core/dates.ts';

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

  return { year, regions: counts, units: unitCount, users: userCount, population: pop ? { year: pop.year, residents: pop.residents } : null, towns, todo, villages: await linkedVillages(database, actor) };
}

type VillageRow = Omit<Workbench['villages'][number], 'screening' | 'warning'> & {
  town_code: string;
  campaign_title: string | null;
  campaign_deadline: string | null;
  targets: number | null;
  submitted: number | null;
};

/**
 * 包村干部 (issue 13.8): the villages linked to the user (`user_villages`), as far as their scope reaches, each with
 * its open and overdue disputes, overdue ledger tasks, open risks and the reports of the latest screening campaign.
 */
export async function linkedVillages(database: Database, actor: Actor): Promise<Workbench['villages']> {
  if (!actor.userId) return [];
  const today = todayShanghai();
  const r = await database.db.execute<VillageRow>(sql`
    select v.code, v.name, v.parent_code as town_code,
      (select count(*)::int from disputes d where d.village_code = v.code and d.state in ('registered', 'accepted', 'mediating', 'failed')) as "openDisputes",
      (select count(*)::int from disputes d where d.village_code = v.code and d.current_due_on < ${today}) as "overdueDisputes",
      (select count(*)::int from programme_tasks pt where pt.village_code = v.code and pt.status <> 'done' and pt.deadline < ${today}) as "overdueTasks",
      (select count(*)::int from risks k join regions kr on kr.code = k.region_code where kr.path like v.path || '%' and k.status = 'open') as "openRisks",
      (select count(*)::int from risks k join regions kr on kr.code = k.region_code
        where kr.path like v.path || '%' and k.status = 'open' and k.level in ('serious', 'major')) as "seriousRisks",
      c.title as campaign_title, c.deadline::text as campaign_deadline,
      (select count(*)::int from screening_targets st join regions sr on sr.code = st.region_code where st.campaign_id = c.id and sr.path like v.path || '%') as targets,
      (select count(*)::int from screening_reports sp join regions sr on sr.code = sp.region_code
        where sp.campaign_id = c.id and sp.status = 'submitted' and sr.path like v.path || '%') as submitted
    from user_villages uv
    join regions v on v.code = uv.region_code
    left join lateral (
      select sc.id, sc.title, sc.deadline from screening_campaigns sc
      where sc.starts_on <= ${today}
        and exists (select 1 from screening_targets st join regions sr on sr.code = st.region_code where st.campaign_id = sc.id and sr.path like v.path || '%')
      order by sc.starts_on desc, sc.created_at desc limit 1
    ) c on true
    where uv.user_id = ${actor.userId} and ${regionInScope(actor, sql`v.code`)}
    order by v.path`);
  const rows = r.rows as VillageRow[];
  const warnings = await villageWarnings(database, actor, [...new Set(rows.map((v) => v.town_code))]);
  return rows.map(({ campaign_title, campaign_deadline, targets, submitted, town_code: _town, ...v }) => ({
    ...v,
    warning: warnings.get(v.code) ?? null,
    screening:
      campaign_title && campaign_deadline
        ? { title: campaign_title, deadline: campaign_deadline, targets: Number(targets ?? 0), submitted: Number(submitted ?? 0), overdue: campaign_deadline < today && Number(submitted ?? 0) < Number(targets ?? 0) }
        : null,
  }));
}

/**
 * The 万人起诉率 early warning of every village of the given towns this year so far (the evaluation's warnings,
 * `warningsOf`): one evaluation per town, once per request. Empty for a user who may not read the evaluation;
 * a town that cannot be evaluated yet (no settings) has no warnings.
 */
async function villageWarnings(database: Database, actor: Actor, towns: string[]): Promise<Map<string, NonNullable<Workbench['villages'][number]['warning']>>> {
  const out = new Map<string, NonNullable<Workbench['villages'][number]['warning']>>();
  if (!can(actor, 'evaluation.read')) return out;
  for (const town of towns) {
    let rows: WarningRow[];
    try {
      rows = warningsOf(await runEvaluation(database, actor, { year: yearShanghai(), town, running: true })).villages;
    } catch (e) {
      if (e instanceof AppError) continue;
      throw e;
    }
    for (const w of rows) out.set(w.code, { flagged: w.flagged, casesSoFar: w.casesSoFar, allowedCases: w.allowedCases, projection: w.projection, reason: w.reason });
  }
  return out;
}
