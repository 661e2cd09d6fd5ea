/**
 * Legal education (SPEC §6.4): activities (lectures, trainings, demonstration litigation and mediation,
 * publicity, the 每周一典 weekly case series) with photos; counts per village and month; and the library
 * of typical cases and experiences.
 */
import crypto from 'node:crypto';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../db/client.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { educationActivities, libraryEntries, regions } from '../../db/schema/index.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import { can, requirePermission, type Actor } from '../auth/actor.ts';
import { inSubtree, regionInScope } from '../../scope/region.ts';
import { sqlTextArray } from '../../db/text-array.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { deleteFilesOf, filesOf, registerFileOwner } from '../files/service.ts';
import { checkVersion, placeOf, TOWN_OR_BELOW } from '../prevention/common.ts';
import { todayShanghai } from '../../../core/dates.ts';
import { DISPUTE_CATEGORIES, EDUCATION_ACTIVITY_TYPES, isKeyOf } from '../../../core/dictionaries.ts';
import { LIBRARY_KINDS } from '../../../core/prevention.ts';
import { dayOfYear } from '../../../core/evaluation/calendar.ts';
import { containsText } from '../../db/text-search.ts';
import type { z } from 'zod';
import type { ActivityCreate, ActivityUpdate, LibraryCreate, LibraryUpdate } from '../../../core/schemas/education.ts';

export type ActivityRow = typeof educationActivities.$inferSelect;
export type LibraryRow = typeof libraryEntries.$inferSelect;

export function requireEducationRead(actor: Actor) {
  if (!can(actor, 'prevention.read') && !can(actor, 'education.write')) throw forbidden();
}

export async function getActivity(db: DbOrTx, actor: Actor, id: string) {
  requireEducationRead(actor);
  const [a] = await db.select().from(educationActivities).where(and(eq(educationActivities.id, id), regionInScope(actor, educationActivities.regionCode)));
  if (!a) throw notFound('法治宣传活动');
  return a;
}

registerFileOwner('education_activity', {
  label: '法治宣传活动',
  videos: true, // the seed asks for 图片、视频 of each activity
  async forWrite(tx, actor, id) {
    requirePermission(actor, 'education.write');
    const a = await getActivity(tx, actor, id);
    return { regionCode: a.regionCode, townCode: a.townCode };
  },
  async canRead(tx, actor, id) {
    if (!can(actor, 'prevention.read') && !can(actor, 'education.write')) return false;
    const [a] = await tx.select({ id: educationActivities.id }).from(educationActivities).where(and(eq(educationActivities.id, id), regionInScope(actor, educationActivities.regionCode)));
    return !!a;
  },
});

function checkActivity(i: Partial<z.output<typeof ActivityCreate>>) {
  if (i.type !== undefined && !isKeyOf(EDUCATION_ACTIVITY_TYPES, i.type)) throw invalid(`未知的活动类型：${i.type}`);
  if (i.heldOn && i.heldOn > todayShanghai()) throw invalid('活动日期不能晚于今天');
}

/** The next issue number of a town's 每周一典 series in a year. */
async function nextSeriesNo(tx: DbOrTx, townCode: string | null, year: number) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`weekly_case:${townCode}:${year}`}))`);
  const r = await tx.execute<{ n: number }>(sql`
    select coalesce(max(series_no), 0)::int + 1 as n from education_activities
    where type = 'weekly_case' and town_code is not distinct from ${townCode} and extract(year from held_on) = ${year}`);
  return r.rows[0].n;
}

export async function createActivity(database: Database, ctx: CommandContext, input: z.output<typeof ActivityCreate>) {
  requirePermission(ctx.actor, 'education.write');
  checkActivity(input);
  return database.db.transaction(async (tx) => {
    const place = await placeOf(tx, ctx.actor, input.regionCode, TOWN_OR_BELOW);
    if (input.libraryEntryId) await getLibraryEntry(tx, ctx.actor, input.libraryEntryId);
    const seriesNo = input.type === 'weekly_case' ? (input.seriesNo ?? (await nextSeriesNo(tx, place.townCode, Number(input.heldOn.slice(0, 4))))) : null;
    const [row] = await tx
      .insert(educationActivities)
      .values({
        id: crypto.randomUUID(),
        type: input.type,
        heldOn: input.heldOn,
        regionCode: place.regionCode,
        villageCode: place.villageCode,
        townCode: place.townCode,
        title: input.title.trim(),
        organiser: input.organiser ?? null,
        participants: input.participants ?? 0,
        summary: input.summary ?? null,
        seriesNo,
        libraryEntryId: input.libraryEntryId ?? null,
      })
      .returning();
    await writeAudit(tx, ctx, { action: 'education.create', entity: 'education_activity', entityId: row.id, after: row, townCode: row.townCode });
    return row;
  });
}

export async function updateActivity(database: Database, ctx: CommandContext, id: string, patch: z.output<typeof ActivityUpdate>) {
  requirePermission(ctx.actor, 'education.write');
  checkActivity(patch);
  return database.db.transaction(async (tx) => {
    const before = await getActivity(tx, ctx.actor, id);
    checkVersion(before, patch.version);
    if (patch.libraryEntryId) await getLibraryEntry(tx, ctx.actor, patch.libraryEntryId);
    const set: Partial<ActivityRow> = { updatedAt: new Date() };
    for (const k of ['heldOn', 'title', 'organiser', 'participants', 'summary', 'libraryEntryId'] as const) if (patch[k] !== undefined) (set as Record<string, unknown>)[k] = patch[k];
    if (patch.seriesNo !== undefined && before.type === 'weekly_case') set.seriesNo = patch.seriesNo;
    const after = await updateVersioned(tx, educationActivities, eq(educationActivities.id, id), patch.version, set, '法治宣传活动');
    await writeAudit(tx, ctx, { action: 'education.update', entity: 'education_activity', entityId: id, before, after, townCode: after.townCode });
    return after;
  });
}

export async function deleteActivity(database: Database, ctx: CommandContext, id: string) {
  requirePermission(ctx.actor, 'education.write');
  return database.db.transaction(async (tx) => {
    const before = await getActivity(tx, ctx.actor, id);
    await deleteFilesOf(tx, 'education_activity', id);
    await tx.delete(educationActivities).where(eq(educationActivities.id, id));
    await writeAudit(tx, ctx, { action: 'education.delete', entity: 'education_activity', entityId: id, before, townCode: before.townCode });
  });
}

export interface ActivityFilter {
  type?: string;
  region?: string;
  from?: string;
  to?: string;
  q?: string;
  /** only these rows (export the rows selected) */
  ids?: string[];
}

function activityConditions(actor: Actor, f: ActivityFilter): SQL[] {
  const conds: SQL[] = [regionInScope(actor, educationActivities.regionCode)];
  if (f.type) conds.push(inArray(educationActivities.type, f.type.split(',')));
  if (f.region) conds.push(inSubtree(educationActivities.regionCode, f.region));
  if (f.from) conds.push(sql`${educationActivities.heldOn} >= ${f.from}`);
  if (f.to) conds.push(sql`${educationActivities.heldOn} <= ${f.to}`);
  if (f.q) conds.push(containsText([educationActivities.title, educationActivities.summary, educationActivities.organiser], f.q));
  if (f.ids) conds.push(inArray(educationActivities.id, f.ids));
  return conds;
}

export async function listActivities(db: DbOrTx, actor: Actor, f: ActivityFilter, page = 1, pageSize = 20, limit?: number) {
  requireEducationRead(actor);
  const where = and(...activityConditions(actor, f));
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(educationActivities).where(where);
  const rows = await db
    .select({ a: educationActivities, regionName: regions.name })
    .from(educationActivities)
    .leftJoin(regions, eq(regions.code, educationActivities.regionCode))
    .where(where)
    .orderBy(desc(educationActivities.heldOn), desc(educationActivities.createdAt))
    .limit(limit ?? pageSize)
    .offset(limit ? 0 : (page - 1) * pageSize);
  const photos = await filesOf(db, 'education_activity', rows.map((r) => r.a.id));
  return { total: n, items: rows.map((r) => ({ ...r.a, regionName: r.regionName ?? r.a.regionCode, photos: photos.get(r.a.id) ?? [] })) };
}

/** Counts per village (town-level activities as the town) and month, and per type, within scope. */
export async function activityStats(db: DbOrTx, actor: Actor, f: { year: number; region?: string }) {
  requireEducationRead(actor);
  const where = and(...activityConditions(actor, { region: f.region, from: `${f.year}-01-01`, to: `${f.year}-12-31` }))!;
  const byVillage = await db.execute<{ code: string; name: string | null; month: string; n: number; participants: number }>(sql`
    select coalesce(a.village_code, a.town_code, a.region_code) as code, r.name, to_char(a.held_on, 'YYYY-MM') as month, count(*)::int as n, coalesce(sum(a.participants), 0)::int as participants
    from education_activities a left join regions r on r.code = coalesce(a.village_code, a.town_code, a.region_code)
    where a.id in (select id from education_activities where ${where})
    group by 1, 2, 3 order by 1, 3`);
  const byType = await db.execute<{ type: string; n: number; participants: number }>(sql`
    select type, count(*)::int as n, coalesce(sum(participants), 0)::int as participants from education_activities where ${where} group by 1 order by 1`);
  return {
    year: f.year,
    byVillage: byVillage.rows.map((r) => ({ code: r.code, name: r.name ?? r.code, month: r.month, n: r.n, participants: r.participants })),
    byType: byType.rows,
    total: byType.rows.reduce((s, r) => s + r.n, 0),
  };
}

/** The 每周一典 series of a year: issues in order, and how many weeks of the year have passed. */
export async function weeklySeries(db: DbOrTx, actor: Actor, f: { year: number; region?: string }) {
  const list = await listActivities(db, actor, { type: 'weekly_case', region: f.region, from: `${f.year}-01-01`, to: `${f.year}-12-31` }, 1, 1, 1000);
  const day = todayShanghai();
  const weeksElapsed = day.slice(0, 4) === String(f.year) ? Math.ceil(dayOfYear(day) / 7) : Number(day.slice(0, 4)) > f.year ? 52 : 0;
  const items = [...list.items].sort((a, b) => (a.townCode ?? '').localeCompare(b.townCode ?? '') || (a.seriesNo ?? 0) - (b.seriesNo ?? 0) || a.heldOn.localeCompare(b.heldOn));
  return { year: f.year, issues: items.length, weeksElapsed, items };
}

// ---------------------------------------------------------------------------------------------------
// Library of typical cases and experiences
// ---------------------------------------------------------------------------------------------------

/**
 * The library is for learning: besides the entries at or below their bindings, a user sees the town-level
 * entries of their own town (a village cadre reads the town's typical cases, not another village's).
 */
function libraryVisible(actor: Actor): SQL {
  if (actor.isAdmin) return sql`true`;
  const codes = actor.bindings.map((b) => b.regionCode).filter((c): c is string => !!c);
  const ownTown = codes.length ? sql`${libraryEntries.villageCode} is null and ${libraryEntries.townCode} in (select town_code from regions where code = any(${sqlTextArray(codes)}) and town_code is not null)` : sql`false`;
  return sql`(${regionInScope(actor, libraryEntries.regionCode)} or ${ownTown})`;
}

export async function getLibraryEntry(db: DbOrTx, actor: Actor, id: string) {
  requireEducationRead(actor);
  const [e] = await db.select().from(libraryEntries).where(and(eq(libraryEntries.id, id), libraryVisible(actor)));
  if (!e) throw notFound('案例');
  return e;
}

function checkLibrary(i: Partial<z.output<typeof LibraryCreate>>) {
  if (i.kind !== undefined && !isKeyOf(LIBRARY_KINDS, i.kind)) throw invalid(`未知的类别：${i.kind}`);
  if (i.category && !isKeyOf(DISPUTE_CATEGORIES, i.category)) throw invalid(`未知的纠纷类别：${i.category}`);
}

export async function createLibraryEntry(database: Database, ctx: CommandContext, input: z.output<typeof LibraryCreate>) {
  requirePermission(ctx.actor, 'education.write');
  checkLibrary(input);
  return database.db.transaction(async (tx) => {
    const place = await placeOf(tx, ctx.actor, input.regionCode, TOWN_OR_BELOW);
    const [row] = await tx
      .insert(libraryEntries)
      .values({
        id: crypto.randomUUID(),
        kind: input.kind,
        title: input.title.trim(),
        category: input.category ?? null,
        regionCode: place.regionCode,
        villageCode: place.villageCode,
        townCode: place.townCode,
        summary: input.summary ?? null,
        content: input.content ?? null,
        publishedOn: input.publishedOn ?? todayShanghai(),
        disputeId: input.disputeId ?? null,
      })
      .returning();
    await writeAudit(tx, ctx, { action: 'library.create', entity: 'library_entry', entityId: row.id, after: row, townCode: row.townCode });
    return row;
  });
}

export async function updateLibraryEntry(database: Database, ctx: CommandContext, id: string, patch: z.output<typeof LibraryUpdate>) {
  requirePermission(ctx.actor, 'education.write');
  checkLibrary(patch);
  return database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(libraryEntries).where(and(eq(libraryEntries.id, id), regionInScope(ctx.actor, libraryEntries.regionCode)));
    if (!before) throw notFound('案例');
    checkVersion(before, patch.version);
    const set: Partial<LibraryRow> = { updatedAt: new Date() };
    for (const k of ['kind', 'title', 'category', 'summary', 'content', 'publishedOn', 'disputeId'] as const) if (patch[k] !== undefined) (set as Record<string, unknown>)[k] = patch[k];
    const after = await updateVersioned(tx, libraryEntries, eq(libraryEntries.id, id), patch.version, set, '案例');
    await writeAudit(tx, ctx, { action: 'library.update', entity: 'library_entry', entityId: id, before, after, townCode: after.townCode });
    return after;
  });
}

export async function deleteLibraryEntry(database: Database, ctx: CommandContext, id: string) {
  requirePermission(ctx.actor, 'education.write');
  return database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(libraryEntries).where(and(eq(libraryEntries.id, id), regionInScope(ctx.actor, libraryEntries.regionCode)));
    if (!before) throw notFound('案例');
    await tx.execute(sql`update education_activities set library_entry_id = null where library_entry_id = ${id}`);
    await tx.delete(libraryEntries).where(eq(libraryEntries.id, id));
    await writeAudit(tx, ctx, { action: 'library.delete', entity: 'library_entry', entityId: id, before, townCode: before.townCode });
  });
}

export async function listLibrary(db: DbOrTx, actor: Actor, f: { kind?: string; category?: string; q?: string }, page = 1, pageSize = 20) {
  requireEducationRead(actor);
  const conds: SQL[] = [libraryVisible(actor)];
  if (f.kind) conds.push(eq(libraryEntries.kind, f.kind));
  if (f.category) conds.push(eq(libraryEntries.category, f.category));
  if (f.q) conds.push(containsText([libraryEntries.title, libraryEntries.summary, libraryEntries.content], f.q));
  const where = and(...conds);
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(libraryEntries).where(where);
  const rows = await db
    .select({ e: libraryEntries, regionName: regions.name })
    .from(libraryEntries)
    .leftJoin(regions, eq(regions.code, libraryEntries.regionCode))
    .where(where)
    .orderBy(desc(libraryEntries.publishedOn), asc(libraryEntries.title))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { total: n, items: rows.map((r) => ({ ...r.e, regionName: r.regionName ?? r.e.regionCode })) };
}
