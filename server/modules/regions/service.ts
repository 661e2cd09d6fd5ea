import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { canParent, REGION_LEVELS, UNIT_TYPES, type RegionLevel } from '../../../core/regions.ts';
import type { PopulationSet, RegionCreate, RegionUpdate, UnitCreate, UnitUpdate } from '../../../core/schemas/regions.ts';
import type { Database, DbOrTx } from '../../db/client.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { regionPopulation, regions, units } from '../../db/schema/index.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { pathVisible, regionInScope } from '../../scope/region.ts';
import { sqlTextArray } from '../../db/text-array.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import crypto from 'node:crypto';

export type RegionRow = typeof regions.$inferSelect;

export function regionView(r: RegionRow) {
  return { code: r.code, name: r.name, level: r.level, parentCode: r.parentCode, aliases: r.aliases, active: r.active, townCode: r.townCode, version: r.version };
}

export async function listRegions(db: DbOrTx, actor: Actor, f: { level?: string; parent?: string; includeInactive?: boolean } = {}) {
  const conds = [regionInScope(actor, regions.code)];
  if (f.level) conds.push(sql`${regions.level} = any(${sqlTextArray(f.level.split(','))})`);
  if (f.parent) conds.push(eq(regions.parentCode, f.parent));
  if (!f.includeInactive) conds.push(eq(regions.active, true));
  return db.select().from(regions).where(and(...conds)).orderBy(asc(regions.path));
}

/** A region the actor may see, or 404 (out of scope looks the same as missing). */
export async function getRegion(db: DbOrTx, actor: Actor, code: string): Promise<RegionRow> {
  const [r] = await db.select().from(regions).where(eq(regions.code, code));
  if (!r || !pathVisible(actor, r.path)) throw notFound('地区');
  return r;
}

function townOf(parent: RegionRow | null, level: RegionLevel, code: string): string | null {
  if (level === 'town') return code;
  if (level === 'village' || level === 'community' || level === 'grid') return parent?.townCode ?? null;
  return null;
}

export async function createRegion(database: Database, ctx: CommandContext, input: z.output<typeof RegionCreate>) {
  requirePermission(ctx.actor, 'admin.regions');
  return database.db.transaction(async (tx) => {
    const [exists] = await tx.select({ code: regions.code }).from(regions).where(eq(regions.code, input.code));
    if (exists) throw invalid(`地区代码 ${input.code} 已存在`);
    let parent: RegionRow | null = null;
    if (input.parentCode) parent = await getRegion(tx, ctx.actor, input.parentCode);
    else if (!ctx.actor.isAdmin) throw invalid('请选择上级地区');
    const problem = canParent((parent?.level as RegionLevel) ?? null, input.level);
    if (problem) throw invalid(problem);
    const row = {
      code: input.code,
      name: input.name.trim(),
      level: input.level,
      parentCode: parent?.code ?? null,
      path: `${parent?.path ?? '/'}${input.code}/`,
      townCode: townOf(parent, input.level, input.code),
      aliases: normaliseAliases(input.aliases ?? []),
      active: input.active ?? true,
    };
    const [created] = await tx.insert(regions).values(row).returning();
    await writeAudit(tx, ctx, { action: 'region.create', entity: 'region', entityId: created.code, after: regionView(created), townCode: created.townCode });
    return created;
  });
}

export function normaliseAliases(a: string[]): string[] {
  return [...new Set(a.map((s) => s.trim()).filter(Boolean))];
}

export async function updateRegion(database: Database, ctx: CommandContext, code: string, patch: z.output<typeof RegionUpdate>) {
  requirePermission(ctx.actor, 'admin.regions');
  return database.db.transaction(async (tx) => {
    const before = await getRegion(tx, ctx.actor, code);
    if (before.version !== patch.version) throw conflict();
    const set: Partial<RegionRow> = { updatedAt: new Date() };
    if (patch.name !== undefined) set.name = patch.name.trim();
    if (patch.aliases !== undefined) set.aliases = normaliseAliases(patch.aliases);
    if (patch.active !== undefined) set.active = patch.active;
    if (patch.parentCode !== undefined && patch.parentCode !== before.parentCode) {
      if (!patch.parentCode) throw invalid('移动地区时须选择新的上级地区');
      const parent = await getRegion(tx, ctx.actor, patch.parentCode);
      if (parent.path.startsWith(before.path)) throw invalid('不能把地区移动到它自己或其下级之下');
      const problem = canParent(parent.level as RegionLevel, before.level as RegionLevel);
      if (problem) throw invalid(problem);
      const newPath = `${parent.path}${before.code}/`;
      const newTown = townOf(parent, before.level as RegionLevel, before.code);
      // the whole subtree follows: paths, and the town of everything below a village
      await tx.execute(sql`update regions set path = ${newPath} || substr(path, ${before.path.length + 1}) where path like ${before.path + '%'}`);
      if (before.level !== 'town' && ['village', 'community', 'grid'].includes(before.level)) {
        await tx.execute(sql`update regions set town_code = ${newTown} where path like ${newPath + '%'}`);
        await tx.execute(sql`update units set town_code = ${newTown} where region_code in (select code from regions where path like ${newPath + '%'})`);
      }
      set.parentCode = parent.code;
      set.path = newPath;
      set.townCode = newTown;
    }
    const after = await updateVersioned(tx, regions, eq(regions.code, code), patch.version, set, '地区');
    await writeAudit(tx, ctx, { action: 'region.update', entity: 'region', entityId: code, before: regionView(before), after: regionView(after), townCode: after.townCode });
    return after;
  });
}

export async function getPopulation(db: DbOrTx, actor: Actor, code: string) {
  await getRegion(db, actor, code);
  return db.select().from(regionPopulation).where(eq(regionPopulation.regionCode, code)).orderBy(asc(regionPopulation.year));
}

export async function setPopulation(database: Database, ctx: CommandContext, code: string, year: number, residents: z.output<typeof PopulationSet>['residents']) {
  requirePermission(ctx.actor, 'admin.regions');
  return database.db.transaction(async (tx) => {
    const region = await getRegion(tx, ctx.actor, code);
    const [before] = await tx.select().from(regionPopulation).where(and(eq(regionPopulation.regionCode, code), eq(regionPopulation.year, year)));
    if (residents === null) {
      if (!before) return null;
      await tx.delete(regionPopulation).where(and(eq(regionPopulation.regionCode, code), eq(regionPopulation.year, year)));
    } else {
      if (before?.residents === residents) return before;
      await tx
        .insert(regionPopulation)
        .values({ regionCode: code, year, residents })
        .onConflictDoUpdate({ target: [regionPopulation.regionCode, regionPopulation.year], set: { residents } });
    }
    await writeAudit(tx, ctx, { action: 'population.set', entity: 'region_population', entityId: `${code}:${year}`, before: before ?? null, after: residents === null ? null : { regionCode: code, year, residents }, townCode: region.townCode });
    return { regionCode: code, year, residents };
  });
}

export type UnitRow = typeof units.$inferSelect;
export const unitView = (u: UnitRow) => ({ id: u.id, name: u.name, type: u.type, regionCode: u.regionCode, active: u.active, version: u.version });

export async function listUnits(db: DbOrTx, actor: Actor, f: { region?: string; type?: string; includeInactive?: boolean } = {}) {
  const conds = [regionInScope(actor, units.regionCode)];
  if (f.type) conds.push(eq(units.type, f.type));
  if (f.region) conds.push(eq(units.regionCode, f.region));
  if (!f.includeInactive) conds.push(eq(units.active, true));
  return db.select().from(units).where(and(...conds)).orderBy(asc(units.regionCode), asc(units.name));
}

export async function getUnit(db: DbOrTx, actor: Actor, id: string): Promise<UnitRow> {
  const [u] = await db.select().from(units).where(and(eq(units.id, id), regionInScope(actor, units.regionCode)));
  if (!u) throw notFound('单位');
  return u;
}

export async function createUnit(database: Database, ctx: CommandContext, input: z.output<typeof UnitCreate>) {
  requirePermission(ctx.actor, 'admin.regions');
  if (!(UNIT_TYPES as readonly string[]).includes(input.type)) throw invalid(`未知的单位类型：${input.type}`);
  return database.db.transaction(async (tx) => {
    const region = await getRegion(tx, ctx.actor, input.regionCode);
    const id = input.id ?? crypto.randomUUID();
    const [dup] = await tx.select({ id: units.id }).from(units).where(eq(units.id, id));
    if (dup) throw invalid(`单位编号 ${id} 已存在`);
    const [u] = await tx.insert(units).values({ id, name: input.name.trim(), type: input.type, regionCode: region.code, townCode: region.townCode }).returning();
    await writeAudit(tx, ctx, { action: 'unit.create', entity: 'unit', entityId: u.id, after: unitView(u), townCode: u.townCode });
    return u;
  });
}

export async function updateUnit(database: Database, ctx: CommandContext, id: string, patch: z.output<typeof UnitUpdate>) {
  requirePermission(ctx.actor, 'admin.regions');
  return database.db.transaction(async (tx) => {
    const before = await getUnit(tx, ctx.actor, id);
    if (before.version !== patch.version) throw conflict();
    const set: Partial<UnitRow> = { updatedAt: new Date() };
    if (patch.name !== undefined) set.name = patch.name.trim();
    if (patch.type !== undefined) {
      if (!(UNIT_TYPES as readonly string[]).includes(patch.type)) throw invalid(`未知的单位类型：${patch.type}`);
      set.type = patch.type;
    }
    if (patch.active !== undefined) set.active = patch.active;
    if (patch.regionCode !== undefined) {
      const region = await getRegion(tx, ctx.actor, patch.regionCode);
      set.regionCode = region.code;
      set.townCode = region.townCode;
    }
    const after = await updateVersioned(tx, units, eq(units.id, id), patch.version, set, '单位');
    await writeAudit(tx, ctx, { action: 'unit.update', entity: 'unit', entityId: id, before: unitView(before), after: unitView(after), townCode: after.townCode });
    return after;
  });
}

export { REGION_LEVELS };
