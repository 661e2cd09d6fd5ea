import { sql } from 'drizzle-orm';
import { addDays, todayShanghai } from '../../../core/dates.ts';
import type { Database } from '../../db/client.ts';
import type { Job } from '../../jobs/job.ts';

const CONFIRMATION_WARN_DAYS = 7;

/**
 * Raises in-app notifications for dispute deadlines, once per event: each row is keyed by
 * (user, kind, ref) and inserted with `on conflict do nothing`, so a second sweep — or a second instance
 * sweeping at the same moment — adds nothing. The ref of an overdue stage carries its due date, so an
 * extended stage that runs late again is a new event.
 * Recipients: the stage's handler and the users bound to the stage's unit (department, mediator).
 */
export async function raiseDisputeNotifications(database: Database, today: string = todayShanghai()): Promise<number> {
  const recipients = sql`
    select d.current_handler_id as user_id where d.current_handler_id is not null
    union
    select b.user_id from user_bindings b where b.unit_id = d.current_unit_id and b.role in ('department', 'mediator')`;
  const overdue = await database.db.execute<{ id: string }>(sql`
    insert into notifications (id, user_id, kind, ref, message, link, town_code)
    select gen_random_uuid()::text, r.user_id, 'dispute_overdue', d.current_stage_id || ':' || d.current_due_on::text,
      '纠纷 ' || d.number || ' 已超过办理期限(' || d.current_due_on::text || '),请尽快办理或申请延期',
      'dispute:' || d.id, d.town_code
    from disputes d cross join lateral (${recipients}) r
    where d.current_due_on < ${today} and d.state in ('accepted', 'mediating') and r.user_id is not null
    on conflict (user_id, kind, ref) do nothing
    returning id`);
  const closing = await database.db.execute<{ id: string }>(sql`
    insert into notifications (id, user_id, kind, ref, message, link, town_code)
    select gen_random_uuid()::text, r.user_id, 'confirmation_closing', a.id,
      '纠纷 ' || d.number || ' 的调解协议司法确认申请期限将于 ' || a.confirmation_deadline::text || ' 届满',
      'dispute:' || d.id, d.town_code
    from agreements a join disputes d on d.id = a.dispute_id cross join lateral (${recipients}) r
    where a.confirmation_applied_on is null and d.state in ('resolved', 'follow_up')
      and a.confirmation_deadline between ${today} and ${addDays(today, CONFIRMATION_WARN_DAYS)} and r.user_id is not null
    on conflict (user_id, kind, ref) do nothing
    returning id`);
  return overdue.rows.length + closing.rows.length;
}

export const disputeJobs: Job[] = [
  {
    name: 'disputes.notifications',
    intervalMs: 5 * 60_000,
    run: async (app) => {
      await raiseDisputeNotifications(app.database);
    },
  },
];
