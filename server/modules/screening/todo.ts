/**
 * Workbench to-dos of screening (SPEC §6): reports still to file, covered regions overdue, serious risks
 * still open.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { risks } from '../../db/schema/index.ts';
import { can } from '../auth/actor.ts';
import { regionInScope } from '../../scope/region.ts';
import { addDays, todayShanghai } from '../../../core/dates.ts';
import type { TodoItem, TodoProvider } from '../../todo-provider.ts';
import { myTasks } from './service.ts';

export const screeningTodos: TodoProvider = async (database, actor) => {
  const out: TodoItem[] = [];
  const db = database.db;
  const day = todayShanghai();
  if (can(actor, 'screening.report') && !can(actor, 'prevention.write')) {
    const tasks = (await myTasks(db, actor)).filter((t) => t.state === 'pending' || t.state === 'overdue' || t.state === 'reopened');
    if (tasks.length) out.push({ key: 'screening.to_report', label: '待上报的排查（隐患或零报告）', count: tasks.length, path: '/screening', severity: tasks.some((t) => t.state !== 'pending') ? 'danger' : 'warning' });
  }
  if (can(actor, 'prevention.write')) {
    const r = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from screening_targets t
      join screening_campaigns c on c.id = t.campaign_id
      left join screening_reports r on r.campaign_id = t.campaign_id and r.region_code = t.region_code and r.status = 'submitted'
      where r.id is null and c.deadline < ${day} and c.deadline >= ${addDays(day, -30)} and ${regionInScope(actor, sql`t.region_code`)}`);
    const n = r.rows[0]?.n ?? 0;
    if (n > 0) out.push({ key: 'screening.overdue', label: '排查逾期未上报的村（社区）/网格（近 30 天）', count: n, path: '/screening', severity: 'danger' });
  }
  return out;
};

export const riskTodos: TodoProvider = async (database, actor) => {
  if (!can(actor, 'prevention.read')) return [];
  const [{ n }] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(risks)
    .where(and(regionInScope(actor, risks.regionCode), eq(risks.status, 'open'), inArray(risks.level, ['serious', 'major'])));
  return n > 0 ? [{ key: 'risks.serious_open', label: '尚未化解的较大以上隐患', count: n, path: '/screening/risks?status=open', severity: 'warning' }] : [];
};
