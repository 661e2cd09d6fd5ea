/**
 * The workbench's to-do list (待办): the workbench's own foundation items, then each feature's providers
 * (type in server/todo-provider.ts). To add one:
 *   1. write `export const disputeTodos: TodoProvider = async (database, actor, year) => [...]` in your
 *      module's `todo.ts` (return only items with count > 0; check the actor's permission first);
 *   2. add one import and one entry to TODO_PROVIDERS below (the list's order is the page's order).
 * The web shows each item with its count and links to `path` (a web route, may carry a query string).
 */
import { and, eq, sql } from 'drizzle-orm';
import { regionPopulation, regions } from '../../db/schema/index.ts';
import { can } from '../auth/actor.ts';
import { regionInScope } from '../../scope/region.ts';
import { settingsForYear } from '../settings/service.ts';
import type { TodoItem, TodoProvider } from '../../todo-provider.ts';
import { disputeTodos } from '../disputes/todo.ts';
import { programmeTodos } from '../programme/todo.ts';
import { courtDataTodos } from '../court-data/todo.ts';
import { vetoReviewTodos } from '../veto-review/todo.ts';
import { screeningTodos, riskTodos } from '../screening/todo.ts';
import { keyPersonTodos } from '../key-persons/todo.ts';
import { visitTodos } from '../visits/todo.ts';

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
    if (n > 0) out.push({ key: 'regions.population_missing', label: `${year} 年常住人口未填写的村（社区）`, count: n, path: '/admin/regions', severity: 'warning' });
  }
  if (can(actor, 'admin.settings')) {
    const s = await settingsForYear(database.db, year);
    if (s.source !== 'own') out.push({ key: 'settings.unconfirmed', label: `${year} 年度设置尚未确认（当前${s.source === 'inherited' ? '沿用往年' : '为系统默认值'}）`, count: 1, path: `/admin/settings?year=${year}`, severity: 'info' });
  }
  return out;
};

export const TODO_PROVIDERS: readonly TodoProvider[] = [
  foundationTodos,
  disputeTodos,
  programmeTodos,
  courtDataTodos,
  vetoReviewTodos,
  screeningTodos,
  keyPersonTodos,
  visitTodos,
  riskTodos,
];
