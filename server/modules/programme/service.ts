/**
 * Programme management (SPEC §8): programme years with targets and phases (动员部署 early–mid July,
 * 全面推进 late July–November, 总结提升 December), and the task ledger (工作台账): tasks assigned to units
 * with deadlines, completion evidence and overdue flags. The December phase produces the year's
 * evaluation, ranking and commendation list (see `summary.ts`) and the village heads' assessment sheet.
 */
import crypto from 'node:crypto';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../db/client.ts';
import { deleteVersioned, updateVersioned } from '../../db/versioned.ts';
import { programmeTaskReports, programmeTasks, programmeYears, units } from '../../db/schema/index.ts';
import { deleteFilesOf } from '../files/service.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { regionInScope } from '../../scope/region.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { getRegion, getUnit } from '../regions/service.ts';
import { settingsForYear } from '../settings/service.ts';
import { todayShanghai } from '../../../core/dates.ts';
import type { z } from 'zod';
import { PHASE_KEYS, type Phase, type PhaseKey, type ProgrammeCreate, type ProgrammeTaskCreate, type ProgrammeTaskUpdate, type ProgrammeUpdate } from '../../../core/schemas/programme.ts';

export const PHASE_NAMES: Record<PhaseKey, string> = { mobilise: '动员部署', advance: '全面推进', summarise: '总结提升' };

/** Default phases of a year: 1–15 July, 16 July–30 November, 1–31 December. */
export function defaultPhases(year: number): Phase[] {
  const y = String(year).padStart(4, '0');
  return [
    { key: 'mobilise', name: PHASE_NAMES.mobilise, start: `${y}-07-01`, end: `${y}-07-15` },
    { key: 'advance', name: PHASE_NAMES.advance, start: `${y}-07-16`, end: `${y}-11-30` },
    { key: 'summarise', name: PHASE_NAMES.summarise, start: `${y}-12-01`, end: `${y}-12-31` },
  ];
}

function checkPhases(year: number, phases: Phase[]): Phase[] {
  const keys = phases.map((p) => p.key);
  if (phases.length !== 3 || PHASE_KEYS.some((k) => !keys.includes(k))) throw invalid('须设置动员部署、全面推进、总结提升三个阶段');
  const ordered = PHASE_KEYS.map((k) => phases.find((p) => p.key === k)!);
  let prevEnd = '';
  for (const p of ordered) {
    if (p.end < p.start) throw invalid(`“${PHASE_NAMES[p.key]}”的结束日期不能早于开始日期`);
    if (!p.start.startsWith(`${year}-`) || !p.end.startsWith(`${year}-`)) throw invalid(`“${PHASE_NAMES[p.key]}”须在 ${year} 年内`);
    if (prevEnd && p.start <= prevEnd) throw invalid('各阶段须依次进行，不能重叠');
    prevEnd = p.end;
  }
  return ordered.map((p) => ({ key: p.key, name: p.name?.trim() || PHASE_NAMES[p.key], start: p.start, end: p.end }));
}

export type ProgrammeRow = typeof programmeYears.$inferSelect;
export type TaskRow = typeof programmeTasks.$inferSelect;

const PROGRAMME_LEVELS = ['province', 'city', 'county', 'town'];

/** A task's overdue flag: open past its deadline (as of today, Asia/Shanghai), or done after it. */
export function taskFlags(t: Pick<TaskRow, 'status' | 'deadline' | 'completedOn'>, today = todayShanghai()) {
  const overdue = t.status !== 'done' && !!t.deadline && t.deadline < today;
  const late = t.status === 'done' && !!t.deadline && !!t.completedOn && t.completedOn > t.deadline;
  return { overdue, late };
}

export function currentPhase(phases: Phase[], today = todayShanghai()): PhaseKey | null {
  return phases.find((p) => p.start <= today && today <= p.end)?.key ?? null;
}

export async function getProgramme(db: DbOrTx, actor: Actor, id: string): Promise<ProgrammeRow> {
  const [p] = await db.select().from(programmeYears).where(and(eq(programmeYears.id, id), regionInScope(actor, programmeYears.regionCode)));
  if (!p) throw notFound('创建工作方案');
  return p;
}

/** One programme as the detail page shows it (the read permission checked here, whoever calls). */
export async function readProgramme(db: DbOrTx, actor: Actor, id: string) {
  requirePermission(actor, 'evaluation.read');
  return programmeView(db, await getProgramme(db, actor, id));
}

export async function listProgrammes(database: Database, actor: Actor, f: { year?: number } = {}) {
  requirePermission(actor, 'evaluation.read');
  const rows = await database.db
    .select({
      p: programmeYears,
      total: sql<number>`(select count(*)::int from programme_tasks t where t.programme_id = programme_years.id)`,
      done: sql<number>`(select count(*)::int from programme_tasks t where t.programme_id = programme_years.id and t.status = 'done')`,
      overdue: sql<number>`(select count(*)::int from programme_tasks t where t.programme_id = programme_years.id and t.status <> 'done' and t.deadline < ${todayShanghai()})`,
    })
    .from(programmeYears)
    .where(and(regionInScope(actor, programmeYears.regionCode), f.year ? eq(programmeYears.year, f.year) : undefined))
    .orderBy(desc(programmeYears.year), asc(programmeYears.regionCode));
  const names = await regionNames(database.db, rows.map((r) => r.p.regionCode));
  return Promise.all(
    rows.map(async (r) => ({
      ...(await programmeView(database.db, r.p, names)),
      taskCounts: { total: Number(r.total), done: Number(r.done), overdue: Number(r.overdue) },
    })),
  );
}

async function regionNames(db: DbOrTx, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db.execute<{ code: string; name: string }>(
    sql`select code, name from regions where code in (${sql.join(
      [...new Set(codes)].map((c) => sql`${c}`),
      sql`, `,
    )})`,
  );
  return new Map((rows.rows as { code: string; name: string }[]).map((r) => [r.code, r.name]));
}

export async function programmeView(db: DbOrTx, p: ProgrammeRow, names?: Map<string, string>) {
  const phases = p.phases as Phase[];
  const settings = await settingsForYear(db, p.year);
  const target = p.villageShareTarget ?? settings.data.villageShareTarget;
  return {
    id: p.id,
    regionCode: p.regionCode,
    regionName: (names ?? (await regionNames(db, [p.regionCode]))).get(p.regionCode) ?? p.regionCode,
    year: p.year,
    title: p.title,
    goals: p.goals,
    villageShareTarget: target === null || target === undefined ? null : Number(target),
    villageShareTargetOwn: p.villageShareTarget !== null,
    villageShareMin: Number(settings.data.villageShareMin),
    phases,
    currentPhase: currentPhase(phases),
    version: p.version,
  };
}

function checkTarget(t: string | null | undefined): string | null {
  if (t === null || t === undefined || t === '') return null;
  if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(t)) throw invalid('目标占比应为 0 到 1 之间的小数');
  return t;
}

export async function createProgramme(database: Database, ctx: CommandContext, input: z.output<typeof ProgrammeCreate>) {
  requirePermission(ctx.actor, 'programme.write');
  if (!input.title.trim()) throw invalid('请填写方案名称');
  const phases = checkPhases(input.year, input.phases ?? defaultPhases(input.year));
  const target = checkTarget(input.villageShareTarget);
  return database.db.transaction(async (tx) => {
    const region = await getRegion(tx, ctx.actor, input.regionCode);
    if (!PROGRAMME_LEVELS.includes(region.level)) throw invalid('创建工作方案须由乡镇（街道）或以上地区制定');
    const [dup] = await tx
      .select({ id: programmeYears.id })
      .from(programmeYears)
      .where(and(eq(programmeYears.regionCode, region.code), eq(programmeYears.year, input.year)));
    if (dup) throw invalid(`${region.name} ${input.year} 年的创建工作方案已存在`);
    const [row] = await tx
      .insert(programmeYears)
      .values({
        id: crypto.randomUUID(),
        regionCode: region.code,
        townCode: region.level === 'town' ? region.code : null,
        year: input.year,
        title: input.title.trim(),
        goals: input.goals?.trim() || null,
        villageShareTarget: target,
        phases,
      })
      .returning();
    await writeAudit(tx, ctx, { action: 'programme.create', entity: 'programme', entityId: row.id, after: row, townCode: row.townCode });
    return programmeView(tx, row);
  });
}

export async function updateProgramme(
  database: Database,
  ctx: CommandContext,
  id: string,
  patch: z.output<typeof ProgrammeUpdate>,
) {
  requirePermission(ctx.actor, 'programme.write');
  return database.db.transaction(async (tx) => {
    const before = await getProgramme(tx, ctx.actor, id);
    if (before.version !== patch.version) throw conflict();
    const set: Partial<ProgrammeRow> = { updatedAt: new Date() };
    if (patch.title !== undefined) {
      if (!patch.title.trim()) throw invalid('请填写方案名称');
      set.title = patch.title.trim();
    }
    if (patch.goals !== undefined) set.goals = patch.goals?.trim() || null;
    if (patch.villageShareTarget !== undefined) set.villageShareTarget = checkTarget(patch.villageShareTarget);
    if (patch.phases !== undefined) set.phases = checkPhases(before.year, patch.phases);
    const after = await updateVersioned(tx, programmeYears, eq(programmeYears.id, id), patch.version, set, '创建工作方案');
    await writeAudit(tx, ctx, { action: 'programme.update', entity: 'programme', entityId: id, before, after, townCode: after.townCode });
    return programmeView(tx, after);
  });
}

// ------------------------------------------------------------------ tasks

export async function taskViews(db: DbOrTx, rows: TaskRow[], today = todayShanghai()) {
  const unitIds = [...new Set(rows.map((r) => r.unitId).filter((x): x is string => !!x))];
  const unitNames = new Map<string, string>();
  if (unitIds.length) {
    const us = await db.select({ id: units.id, name: units.name }).from(units).where(sql`${units.id} in (${sql.join(unitIds.map((u) => sql`${u}`), sql`, `)})`);
    for (const u of us) unitNames.set(u.id, u.name);
  }
  const villageNames = await regionNames(db, rows.map((r) => r.villageCode).filter((x): x is string => !!x));
  return rows.map((t) => {
    const unitName = t.unitId ? (unitNames.get(t.unitId) ?? null) : null;
    const villageName = t.villageCode ? (villageNames.get(t.villageCode) ?? t.villageCode) : null;
    return {
      id: t.id,
      programmeId: t.programmeId,
      phase: t.phase,
      phaseName: PHASE_NAMES[t.phase as PhaseKey] ?? t.phase,
      title: t.title,
      description: t.description,
      unitId: t.unitId,
      unitName,
      villageCode: t.villageCode,
      villageName,
      assignee: unitName ?? villageName,
      progress: t.progress,
      deadline: t.deadline,
      status: t.status as 'open' | 'done',
      completedOn: t.completedOn,
      evidence: t.evidence,
      completedBy: t.completedBy,
      ...taskFlags(t, today),
      version: t.version,
    };
  });
}

export async function listTasks(database: Database, actor: Actor, programmeId: string, f: { phase?: string; overdue?: boolean; status?: string } = {}) {
  requirePermission(actor, 'evaluation.read');
  await getProgramme(database.db, actor, programmeId);
  const today = todayShanghai();
  const rows = await database.db
    .select()
    .from(programmeTasks)
    .where(
      and(
        eq(programmeTasks.programmeId, programmeId),
        f.phase ? eq(programmeTasks.phase, f.phase) : undefined,
        f.status ? eq(programmeTasks.status, f.status) : undefined,
        f.overdue ? sql`${programmeTasks.status} <> 'done' and ${programmeTasks.deadline} < ${today}` : undefined,
      ),
    )
    .orderBy(asc(programmeTasks.deadline), asc(programmeTasks.createdAt));
  return taskViews(database.db, rows, today);
}

async function checkTask(tx: DbOrTx, actor: Actor, programme: ProgrammeRow, i: Partial<z.output<typeof ProgrammeTaskCreate>>) {
  if (i.phase !== undefined && !PHASE_KEYS.includes(i.phase)) throw invalid(`未知的阶段：${i.phase}`);
  if (i.title !== undefined && !i.title.trim()) throw invalid('请填写任务内容');
  if (i.unitId && i.villageCode) throw invalid('任务只能交给一个单位或一个村（社区）');
  if (i.villageCode) {
    const v = await getRegion(tx, actor, i.villageCode);
    const region = await getRegion(tx, actor, programme.regionCode);
    if (v.level !== 'village' && v.level !== 'community') throw invalid(`“${v.name}”不是村（社区）`);
    if (!v.path.startsWith(region.path)) throw invalid(`“${v.name}”不在本方案的地区范围内`);
  }
  if (i.unitId) {
    const u = await getUnit(tx, actor, i.unitId);
    const region = await getRegion(tx, actor, programme.regionCode);
    const [ur] = await tx.execute<{ path: string }>(sql`select path from regions where code = ${u.regionCode}`).then((r) => r.rows as { path: string }[]);
    // a unit serving the programme's region, inside it, or above it (a county court serves its towns)
    if (ur && !ur.path.startsWith(region.path) && !region.path.startsWith(ur.path)) throw invalid(`“${u.name}”不在本方案的地区范围内`);
  }
}

export async function createTask(database: Database, ctx: CommandContext, programmeId: string, input: z.output<typeof ProgrammeTaskCreate>) {
  requirePermission(ctx.actor, 'programme.write');
  return database.db.transaction(async (tx) => {
    const p = await getProgramme(tx, ctx.actor, programmeId);
    await checkTask(tx, ctx.actor, p, input);
    const [row] = await tx
      .insert(programmeTasks)
      .values({
        id: crypto.randomUUID(),
        programmeId,
        regionCode: p.regionCode,
        townCode: p.townCode,
        phase: input.phase,
        title: input.title.trim(),
        description: input.description?.trim() || null,
        unitId: input.unitId || null,
        villageCode: input.villageCode || null,
        deadline: input.deadline || null,
      })
      .returning();
    await writeAudit(tx, ctx, { action: 'programme_task.create', entity: 'programme_task', entityId: row.id, after: row, townCode: row.townCode });
    return (await taskViews(tx, [row]))[0];
  });
}

async function getTask(tx: DbOrTx, actor: Actor, id: string): Promise<TaskRow> {
  const [t] = await tx.select().from(programmeTasks).where(and(eq(programmeTasks.id, id), regionInScope(actor, programmeTasks.regionCode)));
  if (!t) throw notFound('任务');
  return t;
}

export async function updateTask(database: Database, ctx: CommandContext, id: string, patch: z.output<typeof ProgrammeTaskUpdate>) {
  requirePermission(ctx.actor, 'programme.write');
  return database.db.transaction(async (tx) => {
    const before = await getTask(tx, ctx.actor, id);
    if (before.version !== patch.version) throw conflict();
    const p = await getProgramme(tx, ctx.actor, before.programmeId);
    // a task goes to one unit or one village: naming one clears the other
    const unitId = patch.unitId !== undefined ? patch.unitId || null : patch.villageCode ? null : before.unitId;
    const villageCode = patch.villageCode !== undefined ? patch.villageCode || null : patch.unitId ? null : before.villageCode;
    await checkTask(tx, ctx.actor, p, { ...patch, unitId: patch.unitId !== undefined ? unitId : undefined, villageCode: patch.villageCode !== undefined ? villageCode : undefined });
    if (unitId && villageCode) throw invalid('任务只能交给一个单位或一个村（社区）');
    const set: Partial<TaskRow> = { updatedAt: new Date(), unitId, villageCode };
    if (patch.phase !== undefined) set.phase = patch.phase;
    if (patch.title !== undefined) set.title = patch.title.trim();
    if (patch.description !== undefined) set.description = patch.description?.trim() || null;
    if (patch.deadline !== undefined) set.deadline = patch.deadline || null;
    if (patch.evidence !== undefined) set.evidence = patch.evidence?.trim() || null;
    if (patch.status === 'done') {
      const evidence = set.evidence !== undefined ? set.evidence : before.evidence;
      if (!evidence) throw invalid('完成任务须填写完成情况或佐证材料');
      set.status = 'done';
      set.completedOn = patch.completedOn || todayShanghai();
      set.completedBy = ctx.actor.name || ctx.actor.username;
    } else if (patch.status === 'open') {
      set.status = 'open';
      set.completedOn = null;
      set.completedBy = null;
    } else if (patch.completedOn !== undefined && before.status === 'done' && patch.completedOn) set.completedOn = patch.completedOn;
    const after = await updateVersioned(tx, programmeTasks, eq(programmeTasks.id, id), patch.version, set, '任务');
    await writeAudit(tx, ctx, {
      action: patch.status === 'done' && before.status !== 'done' ? 'programme_task.complete' : 'programme_task.update',
      entity: 'programme_task',
      entityId: id,
      before,
      after,
      townCode: after.townCode,
    });
    return (await taskViews(tx, [after]))[0];
  });
}

export async function deleteTask(database: Database, ctx: CommandContext, id: string, version: number) {
  requirePermission(ctx.actor, 'programme.write');
  return database.db.transaction(async (tx) => {
    const before = await getTask(tx, ctx.actor, id);
    if (before.version !== version) throw conflict();
    const reports = await tx.select({ id: programmeTaskReports.id }).from(programmeTaskReports).where(eq(programmeTaskReports.taskId, id));
    for (const r of reports) await deleteFilesOf(tx, 'programme_task_report', r.id);
    await deleteVersioned(tx, programmeTasks, eq(programmeTasks.id, id), version, '任务');
    await writeAudit(tx, ctx, { action: 'programme_task.delete', entity: 'programme_task', entityId: id, before, after: null, townCode: before.townCode });
  });
}
