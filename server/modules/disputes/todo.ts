import { sql } from 'drizzle-orm';
import type { TodoItem, TodoProvider } from '../../todo-provider.ts';
import { can } from '../auth/actor.ts';
import { todayShanghai } from '../../../core/dates.ts';
import { todoList, type TodoKind } from './reports.ts';
import { resolveScope, scopeCondition } from '../../scope/unit.ts';

const LABELS: Record<TodoKind, [string, TodoItem['severity']]> = {
  overdue: ['我承办的超期纠纷', 'danger'],
  confirmation_closing: ['司法确认申请期限将届满', 'warning'],
  due_soon: ['3 天内到期的纠纷', 'warning'],
  arrived: ['新到达/待我受理', 'warning'],
  rounds: ['超过调解轮次、应流转或引导诉讼', 'warning'],
  to_accept: ['待受理的纠纷', 'info'],
  failed_pending: ['调解不成待流转或结案', 'info'],
  return_visit_due: ['调解成功待回访', 'info'],
};

/** The workbench's dispute to-dos: the user's own list, plus the overdue count of everything in scope. */
export const disputeTodos: TodoProvider = async (database, actor) => {
  if (!can(actor, 'disputes.read')) return [];
  const items = await todoList(database.db, actor);
  const counts = new Map<TodoKind, number>();
  for (const i of items) counts.set(i.kind, (counts.get(i.kind) ?? 0) + 1);
  const out: TodoItem[] = [...counts].map(([kind, count]) => ({ key: `disputes.${kind}`, label: LABELS[kind][0], count, path: '/disputes/todo', severity: LABELS[kind][1] }));
  const scope = await resolveScope(database.db, actor);
  const r = await database.db.execute<{ n: number }>(sql`select count(*)::int as n from disputes d where d.current_due_on < ${todayShanghai()} and ${scopeCondition(scope, 'read', 'd')}`);
  const n = Number(r.rows[0]?.n ?? 0);
  if (n > 0 && !scope.handler) out.push({ key: 'disputes.overdue_in_scope', label: '辖区内超期纠纷', count: n, path: '/disputes?overdue=1', severity: 'danger' });
  return out;
};
