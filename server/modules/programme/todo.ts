import { and, sql } from 'drizzle-orm';
import { programmeTasks } from '../../db/schema/index.ts';
import { can } from '../auth/actor.ts';
import { regionInScope } from '../../scope/region.ts';
import { todayShanghai } from '../../../core/dates.ts';
import type { TodoProvider } from '../../todo-provider.ts';

/** Workbench to-do: ledger tasks of the programme past their deadline (SPEC §8 overdue flags). */
export const programmeTodos: TodoProvider = async (database, actor) => {
  if (!can(actor, 'programme.write')) return [];
  const [{ n }] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(programmeTasks)
    .where(and(regionInScope(actor, programmeTasks.regionCode), sql`${programmeTasks.status} <> 'done' and ${programmeTasks.deadline} < ${todayShanghai()}`));
  return n > 0 ? [{ key: 'programme.overdue', label: '创建台账逾期未完成的任务', count: Number(n), path: '/programme', severity: 'danger' }] : [];
};
