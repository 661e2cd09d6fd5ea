import { and, inArray, sql } from 'drizzle-orm';
import { visits } from '../../db/schema/index.ts';
import { can } from '../auth/actor.ts';
import { regionInScope } from '../../scope/region.ts';
import type { TodoProvider } from '../../todo-provider.ts';

/** Workbench to-do: requests raised at visits still unanswered. */
export const visitTodos: TodoProvider = async (database, actor) => {
  if (!can(actor, 'visits.write')) return [];
  const [{ n }] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(visits)
    .where(and(regionInScope(actor, visits.regionCode), inArray(visits.requestStatus, ['open', 'in_progress'])));
  return n > 0 ? [{ key: 'visits.requests_open', label: '接访走访中尚未答复的群众诉求', count: n, path: '/visits', severity: 'warning' }] : [];
};
