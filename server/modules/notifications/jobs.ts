/**
 * The reminder jobs (issue 13.4): each finds the events due today that were not raised yet (`notification_events`)
 * and raises them with `notify`, one transaction per event; a second run — or a second instance running at the
 * same moment — raises nothing more (the event row is inserted first, `on conflict do nothing`).
 * Recipients: a stage's handler and its unit's people; a key person's responsible cadre; the reporters of a
 * region a screening report is due from; a programme task's unit (or the town office when no unit is named).
 */
import { sql } from 'drizzle-orm';
import { addDays, todayShanghai } from '../../../core/dates.ts';
import type { NotificationEvent } from '../../../core/schemas/notifications.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { Job } from '../../jobs/job.ts';
import { settingsForYear } from '../settings/service.ts';
import { notify, type NotifyInput } from './notify.ts';
import { peopleOf, regionPeople, unitPeople } from './recipients.ts';
import { drainDeliveries } from './outbox.ts';
import { systemActor } from '../auth/actor.ts';
import { runEvaluation } from '../evaluation/service.ts';
import { warningsOf } from '../evaluation/derived.ts';

/** Days before a stage's due date that `stage.due_soon` is raised. */
export const DUE_SOON_DAYS = 3;
/** Days before the 30-day judicial confirmation deadline that `confirmation.deadline` is raised. */
export const CONFIRMATION_WARN_DAYS = 5;
export const PERFORMANCE_WARN_DAYS = 3;
export const SCREENING_WARN_DAYS = 2;
export const PROGRAMME_WARN_DAYS = 3;

const notRaised = (event: NotificationEvent, key: ReturnType<typeof sql>) =>
  sql`not exists (select 1 from notification_events e where e.event = ${event} and e.key = ${key})`;

async function raiseEach<T>(database: Database, rows: T[], build: (tx: Tx, row: T) => Promise<NotifyInput>): Promise<number> {
  let n = 0;
  for (const row of rows) {
    const raised = await database.db.transaction(async (tx) => (await notify(tx, await build(tx, row))).raised);
    if (raised) n++;
  }
  return n;
}

type StageRow = {
  id: string;
  number: string;
  town_code: string;
  region_code: string;
  stage_id: string;
  unit_id: string | null;
  handler_id: string | null;
  due: string;
};

const stageSelect = sql`select d.id, d.number, d.town_code, d.region_code, d.current_stage_id as stage_id, d.current_unit_id as unit_id,
  d.current_handler_id as handler_id, d.current_due_on::text as due from disputes d`;

async function stageRecipients(tx: Tx, unitId: string | null, handlerId: string | null) {
  return [...(handlerId ? [handlerId] : []), ...(await unitPeople(tx, unitId))];
}

/** stage.due_soon (due within DUE_SOON_DAYS) and stage.overdue, per stage and due date (an extension is a new event). */
export async function raiseStageDeadlines(database: Database, today = todayShanghai()): Promise<number> {
  const key = sql`d.current_stage_id || ':' || d.current_due_on::text`;
  const open = sql`d.state in ('accepted', 'mediating') and d.current_stage_id is not null`;
  const soon = await database.db.execute<StageRow>(
    sql`${stageSelect} where ${open} and d.current_due_on between ${today} and ${addDays(today, DUE_SOON_DAYS)} and ${notRaised('stage.due_soon', key)} limit 5000`,
  );
  const late = await database.db.execute<StageRow>(sql`${stageSelect} where ${open} and d.current_due_on < ${today} and ${notRaised('stage.overdue', key)} limit 5000`);
  const base = (d: StageRow) => ({ key: `${d.stage_id}:${d.due}`, ref: { kind: 'dispute', id: d.id, number: d.number }, townCode: d.town_code, regionCode: d.region_code });
  return (
    (await raiseEach(database, soon.rows, async (tx, d) => ({
      ...base(d),
      event: 'stage.due_soon',
      title: `纠纷 ${d.number} 办理期限临近`,
      text: `纠纷 ${d.number} 的办理期限为 ${d.due}，请抓紧办理或申请延期。`,
      userIds: await stageRecipients(tx, d.unit_id, d.handler_id),
      people: await peopleOf(tx, [d.handler_id]),
    }))) +
    (await raiseEach(database, late.rows, async (tx, d) => ({
      ...base(d),
      event: 'stage.overdue',
      title: `纠纷 ${d.number} 已超期`,
      text: `纠纷 ${d.number} 已超过办理期限（${d.due}），请尽快办理或申请延期。`,
      userIds: await stageRecipients(tx, d.unit_id, d.handler_id),
      people: await peopleOf(tx, [d.handler_id]),
    })))
  );
}

type AgreementRow = Omit<StageRow, 'stage_id' | 'due'> & {
  agreement_id: string;
  deadline: string;
};

/** confirmation.deadline (5 days before the 30-day deadline) and performance.deadline (the agreed day near, not yet performed). */
export async function raiseAgreementDeadlines(database: Database, today = todayShanghai()): Promise<number> {
  const sel = (col: string) =>
    sql`select d.id, d.number, d.town_code, d.region_code, d.current_unit_id as unit_id, d.current_handler_id as handler_id,
      a.id as agreement_id, ${sql.raw(`a.${col}`)}::text as deadline from agreements a join disputes d on d.id = a.dispute_id`;
  const conf = await database.db.execute<AgreementRow>(sql`${sel('confirmation_deadline')}
    where a.confirmation_applied_on is null and d.state in ('resolved', 'follow_up')
      and a.confirmation_deadline between ${today} and ${addDays(today, CONFIRMATION_WARN_DAYS)}
      and ${notRaised('confirmation.deadline', sql`a.id`)} limit 5000`);
  const perf = await database.db.execute<AgreementRow>(sql`${sel('performance_deadline')}
    where a.performance_status = 'pending' and a.performance_deadline between ${today} and ${addDays(today, PERFORMANCE_WARN_DAYS)}
      and d.state in ('resolved', 'follow_up', 'closed')
      and ${notRaised('performance.deadline', sql`a.id || ':' || a.performance_deadline::text`)} limit 5000`);
  const base = (d: AgreementRow) => ({ ref: { kind: 'dispute', id: d.id, number: d.number }, townCode: d.town_code, regionCode: d.region_code });
  return (
    (await raiseEach(database, conf.rows, async (tx, d) => ({
      ...base(d),
      key: d.agreement_id,
      event: 'confirmation.deadline',
      title: `纠纷 ${d.number} 司法确认期限临近`,
      text: `纠纷 ${d.number} 的调解协议申请司法确认的期限将于 ${d.deadline} 届满，如需确认请及时告知当事人向法院申请。`,
      userIds: await stageRecipients(tx, d.unit_id, d.handler_id),
      people: await peopleOf(tx, [d.handler_id]),
    }))) +
    (await raiseEach(database, perf.rows, async (tx, d) => ({
      ...base(d),
      key: `${d.agreement_id}:${d.deadline}`,
      event: 'performance.deadline',
      title: `纠纷 ${d.number} 协议履行期限临近`,
      text: `纠纷 ${d.number} 的调解协议约定于 ${d.deadline} 前履行，请跟进履行情况。`,
      userIds: await stageRecipients(tx, d.unit_id, d.handler_id),
      people: await peopleOf(tx, [d.handler_id]),
    })))
  );
}

/** key_person.contact_due: a key person under watch whose next contact (last contact + the year's interval) is due. */
export async function raiseKeyPersonContacts(database: Database, today = todayShanghai()): Promise<number> {
  const days = (await settingsForYear(database.db, Number(today.slice(0, 4)))).data.keyPersonContactDays;
  const rows = await database.db.execute<{ id: string; name: string; user_id: string; town_code: string | null; region_code: string; due: string }>(sql`
    select k.id, k.name, k.responsible_user_id as user_id, k.town_code, k.region_code, x.due::text as due
    from key_persons k cross join lateral (select (coalesce(k.last_contact_on, k.watched_since) + ${days}::int) as due) x
    where k.status = 'under_watch' and x.due <= ${today}::date
      and ${notRaised('key_person.contact_due', sql`k.id || ':' || x.due::text`)} limit 5000`);
  return raiseEach(database, rows.rows, async (_tx, k) => ({
    event: 'key_person.contact_due',
    key: `${k.id}:${k.due}`,
    ref: { kind: 'key_person', id: k.id, number: null },
    townCode: k.town_code,
    regionCode: k.region_code,
    title: '重点对象应走访联系',
    text: `您包保的一名重点对象应于 ${k.due} 前走访联系（每 ${days} 天至少一次），请及时走访并登记。`,
    appText: `您包保的重点对象“${k.name}”应于 ${k.due} 前走访联系（每 ${days} 天至少一次），请及时走访并登记。`,
    userIds: [k.user_id],
  }));
}

/** screening.report_due: a covered region has not filed its report and the campaign's deadline is near (or today). */
export async function raiseScreeningReports(database: Database, today = todayShanghai()): Promise<number> {
  const rows = await database.db.execute<{ id: string; title: string; deadline: string; town_code: string | null; region_code: string; region_name: string }>(sql`
    select c.id, c.title, c.deadline::text as deadline, c.town_code, t.region_code, r.name as region_name
    from screening_campaigns c join screening_targets t on t.campaign_id = c.id join regions r on r.code = t.region_code
    where c.deadline between ${today} and ${addDays(today, SCREENING_WARN_DAYS)} and c.starts_on <= ${today}
      and not exists (select 1 from screening_reports s where s.campaign_id = c.id and s.region_code = t.region_code and s.status = 'submitted')
      and ${notRaised('screening.report_due', sql`c.id || ':' || t.region_code`)} limit 5000`);
  return raiseEach(database, rows.rows, async (tx, c) => ({
    event: 'screening.report_due',
    key: `${c.id}:${c.region_code}`,
    ref: { kind: 'screening', id: c.id, number: null },
    townCode: c.town_code,
    regionCode: c.region_code,
    title: `${c.region_name}排查报告待上报`,
    text: `排查“${c.title}”须于 ${c.deadline} 前上报，${c.region_name}尚未上报（无隐患请作零报告）。`,
    userIds: await regionPeople(tx, [c.region_code], ['village_admin', 'grid_worker']),
  }));
}

/** programme.task_due: an open task of the ledger whose deadline is near (its unit's people, or the town office). */
export async function raiseProgrammeTasks(database: Database, today = todayShanghai()): Promise<number> {
  const rows = await database.db.execute<{ id: string; title: string; deadline: string; town_code: string | null; region_code: string; unit_id: string | null }>(sql`
    select t.id, t.title, t.deadline::text as deadline, t.town_code, t.region_code, t.unit_id
    from programme_tasks t
    where t.status = 'open' and t.deadline between ${today} and ${addDays(today, PROGRAMME_WARN_DAYS)}
      and ${notRaised('programme.task_due', sql`t.id || ':' || t.deadline::text`)} limit 5000`);
  return raiseEach(database, rows.rows, async (tx, t) => ({
    event: 'programme.task_due',
    key: `${t.id}:${t.deadline}`,
    ref: { kind: 'programme_task', id: t.id, number: null },
    townCode: t.town_code,
    regionCode: t.region_code,
    title: '创建任务临近截止',
    text: `创建台账任务“${t.title}”将于 ${t.deadline} 截止，请按时完成并登记完成情况。`,
    userIds: t.unit_id ? await unitPeople(tx, t.unit_id) : await regionPeople(tx, t.town_code ? [t.town_code] : [], ['town_office']),
  }));
}

/**
 * evaluation.warning: a village (or town) whose court cases so far project above the year's litigation-rate limit
 * (the early warning of the evaluation service), once per region and year. The evaluation is heavy, so it runs
 * only for towns that someone would hear it in: a town with a town office user or under a channel that takes
 * the event.
 */
export async function raiseEvaluationWarnings(database: Database, today = todayShanghai()): Promise<number> {
  const year = Number(today.slice(0, 4));
  const towns = await database.db.execute<{ code: string }>(sql`
    select t.code from regions t
    where t.level = 'town' and t.active
      and (exists (select 1 from user_bindings b join users u on u.id = b.user_id where u.active and b.role = 'town_office' and b.region_code = t.code)
        or exists (select 1 from notification_channels c join regions cr on cr.code = c.region_code
                   where c.active and c.events @> ${JSON.stringify(['evaluation.warning'])}::jsonb and t.path like cr.path || '%'))
    order by t.code`);
  let n = 0;
  for (const { code } of towns.rows) {
    let rows;
    try {
      rows = warningsOf(await runEvaluation(database, systemActor(), { year, asOf: today, town: code }));
    } catch {
      continue; // a town whose figures cannot be evaluated yet (no population, no settings) warns nothing
    }
    const flagged = [...rows.towns, ...rows.villages].filter((w) => w.flagged === true);
    n += await raiseEach(database, flagged, async (tx, w) => ({
      event: 'evaluation.warning',
      key: `${year}:${w.code}`,
      ref: { kind: 'evaluation', id: w.code, number: null },
      townCode: w.townCode,
      regionCode: w.code,
      title: `${w.name}万人起诉率预警`,
      text: `按 ${today} 前的一审民商事案件推算，${w.name}全年万人起诉率${w.projectedRate !== null ? `约 ${w.projectedRate.toFixed(1)}` : ''}将超过上限${w.limit !== null ? ` ${w.limit.toFixed(1)}` : ''}，请加强矛盾纠纷前端化解。`,
      userIds: await regionPeople(tx, w.level === 'town' ? [w.townCode] : [w.townCode, w.code], w.level === 'town' ? ['town_office', 'town_leader'] : ['town_office', 'village_admin']),
    }));
  }
  return n;
}

/** Every reminder of the day, in order. */
export async function raiseReminders(database: Database, today = todayShanghai()): Promise<number> {
  return (
    (await raiseStageDeadlines(database, today)) +
    (await raiseAgreementDeadlines(database, today)) +
    (await raiseKeyPersonContacts(database, today)) +
    (await raiseScreeningReports(database, today)) +
    (await raiseProgrammeTasks(database, today))
  );
}

export const notificationJobs: Job[] = [
  { name: 'notifications.reminders', intervalMs: 5 * 60_000, run: (app) => raiseReminders(app.database).then(() => undefined) },
  { name: 'notifications.evaluation-warnings', intervalMs: 6 * 60 * 60_000, run: (app) => raiseEvaluationWarnings(app.database).then(() => undefined) },
  { name: 'notifications.outbox', intervalMs: 15_000, run: (app) => drainDeliveries(app.database).then(() => undefined) },
];
