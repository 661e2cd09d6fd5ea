/**
 * The ledger reaches its units (issue 13.7): a task assigned to a unit or a village is seen by that unit's or
 * village's users (`server/scope/programme-task.ts` decides who), who report progress or completion with a note
 * and attachments (`files` owned by the report). The reports are the task's history; the town office reads them
 * through the ledger and sees who is late.
 *
 * Access here is the assignment itself or the ledger (evaluation.read in the programme's region); writing through
 * the ledger needs programme.write. Every exported function checks it before anything else.
 */
import crypto from 'node:crypto';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database, DbOrTx } from '../../db/client.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { sqlTextArray } from '../../db/text-array.ts';
import { programmeTaskReports, programmeTasks, programmeYears, regions } from '../../db/schema/index.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { can, type Actor } from '../auth/actor.ts';
import { regionInScope } from '../../scope/region.ts';
import { taskAssignedTo } from '../../scope/programme-task.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { filesOf, registerFileOwner } from '../files/service.ts';
import { todayShanghai } from '../../../core/dates.ts';
import type { ProgrammeTaskReportCreate } from '../../../core/schemas/programme.ts';
import { taskViews, type TaskRow } from './service.ts';

type ReportRow = typeof programmeTaskReports.$inferSelect;
export const REPORT_FILE_OWNER = 'programme_task_report';

interface TaskAccess {
  task: TaskRow;
  /** through the ledger: may read the programme's tasks */
  ledger: boolean;
  /** assigned to the actor */
  assignee: boolean;
  /** may report on it: an assignee, or the ledger's writer */
  canReport: boolean;
}

/** A task the actor may see (as an assignee or through the ledger); 404 otherwise. */
async function taskAccess(db: DbOrTx, actor: Actor, id: string): Promise<TaskAccess> {
  const ledgerCond = can(actor, 'evaluation.read') ? regionInScope(actor, programmeTasks.regionCode) : sql`false`;
  const [row] = await db
    .select({ task: programmeTasks, ledger: sql<boolean>`${ledgerCond}`, assignee: sql<boolean>`${taskAssignedTo(actor, programmeTasks.unitId, programmeTasks.villageCode)}` })
    .from(programmeTasks)
    .where(eq(programmeTasks.id, id));
  if (!row || (!row.ledger && !row.assignee)) throw notFound('任务');
  const ledger = !!row.ledger;
  const assignee = !!row.assignee;
  return { task: row.task, ledger, assignee, canReport: assignee || (ledger && can(actor, 'programme.write')) };
}

const reportView = (r: ReportRow, files: Awaited<ReturnType<typeof filesOf>>) => ({
  id: r.id,
  kind: r.kind as 'progress' | 'done',
  percent: r.percent,
  note: r.note,
  authorName: r.authorName,
  createdAt: r.createdAt.toISOString(),
  files: files.get(r.id) ?? [],
});

async function withProgramme(db: DbOrTx, rows: TaskRow[]) {
  const views = await taskViews(db, rows);
  const ids = [...new Set(rows.map((r) => r.programmeId))];
  const ps = ids.length
    ? await db
        .select({ id: programmeYears.id, title: programmeYears.title, year: programmeYears.year, regionName: regions.name })
        .from(programmeYears)
        .leftJoin(regions, eq(regions.code, programmeYears.regionCode))
        .where(sql`${programmeYears.id} = any(${sqlTextArray(ids)})`)
    : [];
  const byId = new Map(ps.map((p) => [p.id, p]));
  return views.map((v) => {
    const p = byId.get(v.programmeId);
    return { ...v, programmeTitle: p?.title ?? '', programmeYear: p?.year ?? 0, regionName: p?.regionName ?? '' };
  });
}

/**
 * 我的任务: the ledger tasks assigned to the actor's units or villages, open ones first (overdue first among them).
 * `overdue` keeps only the open tasks past their deadline.
 */
export async function myTasks(database: Database, actor: Actor, f: { status?: 'open' | 'done'; overdue?: boolean } = {}) {
  const today = todayShanghai();
  const rows = await database.db
    .select()
    .from(programmeTasks)
    .where(
      and(
        taskAssignedTo(actor, programmeTasks.unitId, programmeTasks.villageCode),
        f.status ? eq(programmeTasks.status, f.status) : undefined,
        f.overdue ? sql`${programmeTasks.status} <> 'done' and ${programmeTasks.deadline} < ${today}` : undefined,
      ),
    )
    .orderBy(sql`case when ${programmeTasks.status} = 'done' then 1 else 0 end`, sql`${programmeTasks.deadline} asc nulls last`, asc(programmeTasks.createdAt))
    .limit(500);
  return (await withProgramme(database.db, rows)).map(({ regionName: _r, ...t }) => t);
}

/** One task with its reports (newest first) and their attachments, for an assignee or the town office. */
export async function readTask(db: DbOrTx, actor: Actor, id: string) {
  const access = await taskAccess(db, actor, id);
  const reports = await db.select().from(programmeTaskReports).where(eq(programmeTaskReports.taskId, id)).orderBy(desc(programmeTaskReports.createdAt));
  const files = await filesOf(db, REPORT_FILE_OWNER, reports.map((r) => r.id));
  const [view] = await withProgramme(db, [access.task]);
  return { ...view, reports: reports.map((r) => reportView(r, files)), canReport: access.canReport && access.task.status !== 'done', canAttach: access.canReport };
}

/** Where the reports of a task (and their files) are: the village, or the unit's region when it lies in the programme's. */
async function placeOf(tx: DbOrTx, task: TaskRow): Promise<string> {
  if (task.villageCode) return task.villageCode;
  if (task.unitId) {
    const r = await tx.execute<{ code: string; path: string; ppath: string | null }>(sql`
      select ur.code, ur.path, (select path from regions where code = ${task.regionCode}) as ppath
      from units u join regions ur on ur.code = u.region_code where u.id = ${task.unitId}`);
    const row = r.rows[0] as { code: string; path: string; ppath: string | null } | undefined;
    if (row && row.ppath && row.path.startsWith(row.ppath)) return row.code;
  }
  return task.regionCode;
}

/**
 * An assignee (or the town office) reports on a task: progress in per cent, or done — with a note. Done closes the
 * task (completed today, the note as its evidence unless it has one). Attachments are uploaded afterwards to the
 * report (`POST /files?ownerEntity=programme_task_report&ownerId=<report id>`).
 */
export async function reportOnTask(database: Database, ctx: CommandContext, id: string, input: z.output<typeof ProgrammeTaskReportCreate>) {
  return database.db.transaction(async (tx) => {
    const access = await taskAccess(tx, ctx.actor, id);
    if (!access.canReport) throw forbidden();
    const before = access.task;
    if (before.version !== input.version) throw conflict();
    if (before.status === 'done') throw invalid('该任务已完成；如需继续上报，请由镇里重新打开');
    const percent = input.kind === 'done' ? 100 : (input.percent ?? null);
    const who = ctx.actor.name || ctx.actor.username;
    const [report] = await tx
      .insert(programmeTaskReports)
      .values({
        id: crypto.randomUUID(),
        taskId: id,
        regionCode: await placeOf(tx, before),
        townCode: before.townCode,
        kind: input.kind,
        percent,
        note: input.note,
        authorId: ctx.actor.userId,
        authorName: who,
      })
      .returning();
    const set: Partial<TaskRow> = { updatedAt: new Date() };
    if (percent !== null) set.progress = percent;
    if (input.kind === 'done') {
      set.status = 'done';
      set.completedOn = todayShanghai();
      set.completedBy = who;
      set.evidence = before.evidence || input.note;
    }
    const after = await updateVersioned(tx, programmeTasks, eq(programmeTasks.id, id), input.version, set, '任务');
    await writeAudit(tx, ctx, {
      action: input.kind === 'done' ? 'programme_task.complete' : 'programme_task.report',
      entity: 'programme_task',
      entityId: id,
      before,
      after: { ...after, report },
      townCode: after.townCode,
    });
    return { report: reportView(report, new Map()), task: (await taskViews(tx, [after]))[0] };
  });
}

/** A report's attachments: added by whoever may report on the task; read by whoever sees the task. */
registerFileOwner(REPORT_FILE_OWNER, {
  label: '任务进展',
  async forWrite(tx, actor, ownerId) {
    const [r] = await tx.select().from(programmeTaskReports).where(eq(programmeTaskReports.id, ownerId));
    if (!r) throw notFound('任务进展');
    const access = await taskAccess(tx, actor, r.taskId);
    if (!access.canReport && r.authorId !== actor.userId) throw forbidden();
    return { regionCode: r.regionCode, townCode: r.townCode };
  },
  async canRead(tx, actor, ownerId) {
    const [r] = await tx.select({ taskId: programmeTaskReports.taskId }).from(programmeTaskReports).where(eq(programmeTaskReports.id, ownerId));
    if (!r) return false;
    try {
      await taskAccess(tx, actor, r.taskId);
      return true;
    } catch {
      return false;
    }
  },
});
