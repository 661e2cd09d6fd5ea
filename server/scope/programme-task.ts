/**
 * Who a task of the programme ledger is assigned to (issue 13.7): a task names a unit or a village (or community).
 * A unit's task reaches the users bound to that unit; a village's task the users bound at or below the village —
 * its cadres, mediators and grid workers, and the people of the units located there (its 村调委会).
 * The actor side (`taskAssignedTo`, `isTaskAssignee`) and the users side (`taskAssigneeUserIds`, for notifications)
 * are the same rule.
 */
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { sqlTextArray } from '../db/text-array.ts';
import type { Actor } from '../modules/auth/actor.ts';

/** The unit ids and village codes through which tasks reach the actor (none for an admin or the system). */
export function assigneeKeys(actor: Actor): { unitIds: string[]; places: string[] } {
  const unitIds = new Set<string>();
  const places = new Set<string>();
  for (const b of actor.bindings) {
    if (b.role === 'admin') continue;
    if (b.unitId) unitIds.add(b.unitId);
    // every region on the way down to the binding: a binding at or below a village is one of the village's users
    for (const code of (b.path ?? '').split('/')) if (code) places.add(code);
  }
  return { unitIds: [...unitIds], places: [...places] };
}

/** SQL: the task (its unit and village columns) is assigned to the actor. */
export function taskAssignedTo(actor: Actor, unitCol: SQLWrapper, villageCol: SQLWrapper): SQL {
  const { unitIds, places } = assigneeKeys(actor);
  if (!unitIds.length && !places.length) return sql`false`;
  return sql`(${unitCol} = any(${sqlTextArray(unitIds)}) or ${villageCol} = any(${sqlTextArray(places)}))`;
}

/** In memory: the task is assigned to the actor. */
export function isTaskAssignee(actor: Actor, task: { unitId: string | null; villageCode: string | null }): boolean {
  const { unitIds, places } = assigneeKeys(actor);
  return (!!task.unitId && unitIds.includes(task.unitId)) || (!!task.villageCode && places.includes(task.villageCode));
}

/**
 * SQL subquery: the ids of the active users a task is assigned to (`taskId`: a value or a column of the outer
 * query). Notifications such as `programme.task_due` use it: `where user_id in (${taskAssigneeUserIds(id)})`.
 */
export function taskAssigneeUserIds(taskId: SQLWrapper | string): SQL {
  return sql`
    select distinct b.user_id
    from programme_tasks pt
    join user_bindings b on b.role <> 'admin'
    join users au on au.id = b.user_id and au.active
    left join units bu on bu.id = b.unit_id
    left join regions br on br.code = coalesce(b.region_code, bu.region_code)
    where pt.id = ${taskId}
      and ((pt.unit_id is not null and b.unit_id = pt.unit_id)
        or (pt.village_code is not null and br.path like '%/' || pt.village_code || '/%'))`;
}
