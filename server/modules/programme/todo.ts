import { and, sql } from 'drizzle-orm';
import { programmeTasks } from '../../db/schema/index.ts';
import { can } from '../auth/actor.ts';
import { regionInScope } from '../../scope/region.ts';
import { taskAssignedTo } from '../../scope/programme-task.ts';
import { todayShanghai } from '../../../core/dates.ts';
import type { TodoProvider } from '../../todo-provider.ts';

/** Workbench to-do: ledger tasks of the programme past their deadline (SPEC §8 overdue flags). */
export const programmeTodos: TodoProvider = async (database, actor, year) => {
  const mine = await assignedTodos(database, actor, year);
  if (!can(actor, 'programme.write')) return mine;
  const [{ n }] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(programmeTasks)
    .where(and(regionInScope(actor, programmeTasks.regionCode), sql`${programmeTasks.status} <> 'done' and ${programmeTasks.deadline} < ${todayShanghai()}`));
  return [...mine, ...(n > 0 ? [{ key: 'programme.overdue', label: '创建台账逾期未完成的任务', count: Number(n), path: '/programme', severity: 'danger' as const }] : [])];
};

/** The open tasks assigned to the actor's unit or village (我的任务), flagged when one is overdue. */
const assignedTodos: TodoProvider = async (database, actor) => {
  const [{ n, late }] = await database.db
    .select({ n: sql<number>`count(*)::int`, late: sql<number>`count(*) filter (where ${programmeTasks.deadline} < ${todayShanghai()})::int` })
    .from(programmeTasks)
    .where(and(taskAssignedTo(actor, programmeTasks.unitId, programmeTasks.villageCode), sql`${programmeTasks.status} <> 'done'`));
  if (!n) return [];
  return [{ key: 'programme.mine', label: late ? `交给我的创建任务（${late} 项已逾期）` : '交给我的创建任务', count: Number(n), path: '/my-tasks', severity: late ? 'danger' : 'info' }];
};
