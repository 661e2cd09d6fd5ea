/**
 * The workbench's to-do list (待办). Each feature contributes a provider: a function that counts, in the
 * actor's scope, what is waiting for them. To add one:
 *   1. write `export const disputeTodos: TodoProvider = async (database, actor, year) => [...]` in your module
 *      (return only items with count > 0; check the actor's permission first);
 *   2. add one import and one entry to TODO_PROVIDERS below.
 * The web shows each item with its count and links to `path` (a web route, may carry a query string).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { regionPopulation, regions } from '../../db/schema/index.ts';
import type { TodoItem } from '../../../core/schemas/workbench.ts';
import { can, type Actor } from '../auth/actor.ts';
import { regionInScope } from '../auth/scope.ts';
import { settingsForYear } from '../settings/service.ts';
import { disputeTodos } from '../disputes/workbench.ts';
import { programmeTodos } from '../programme/todo.ts';
import { courtDataTodos } from '../court-data/workbench.ts';
import { preventionTodos } from '../prevention/workbench.ts';

export type { TodoItem };
export type TodoProvider = (database: Database, actor: Actor, year: number) => Promise<TodoItem[]>;

/** Foundation: resident populations and the year's settings, both needed by the evaluation (SPEC §7). */
export const foundationTodos: TodoProvider = async (database, actor, year) => {
  const out: TodoItem[] = [];
  if (can(actor, 'admin.regions')) {
    const [{ n }] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(regions)
      .where(
        and(
          regionInScope(actor, regions.code),
          eq(regions.active, true),
          sql`${regions.level} in ('village', 'community')`,
          sql`not exists (select 1 from ${regionPopulation} p where p.region_code = ${regions.code} and p.year = ${year})`,
        ),
      );
    if (n > 0) out.push({ key: 'regions.population_missing', label: `${year} 年常住人口未填写的村(社区)`, count: n, path: '/admin/regions', severity: 'warning' });
  }
  if (can(actor, 'admin.settings')) {
    const s = await settingsForYear(database.db, year);
    if (s.source !== 'own') out.push({ key: 'settings.unconfirmed', label: `${year} 年度设置尚未确认（当前${s.source === 'inherited' ? '沿用往年' : '为系统默认值'}）`, count: 1, path: `/admin/settings?year=${year}`, severity: 'info' });
  }
  return out;
};

export const TODO_PROVIDERS: TodoProvider[] = [
  foundationTodos,
  disputeTodos,
  programmeTodos,
  courtDataTodos,
  preventionTodos,
  // one line per feature, e.g. disputeTodos,
];
