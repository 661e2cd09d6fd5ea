/**
 * People and facilities (SPEC §6.4): registers of rule-of-law leaders, legal literates, advisers,
 * mediators, grid workers, volunteers, town and village cadres (since/until inclusive, empty until =
 * active), with trainings and the court-platform flag ("三进" coverage); the village facilities; and a
 * per-village view of gaps against the village standard and missing facilities.
 * People registered in a grid count for its village (`village_code`).
 */
import crypto from 'node:crypto';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../db/client.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { facilities, personnel, regions } from '../../db/schema/index.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import { can, requirePermission, type Actor } from '../auth/actor.ts';
import { inSubtree, regionInScope } from '../../scope/region.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { settingsForYear } from '../settings/service.ts';
import { deleteFilesOf, filesOf, registerFileOwner } from '../files/service.ts';
import { checkVersion, placeOf, TOWN_OR_BELOW } from '../prevention/common.ts';
import { todayShanghai } from '../../../core/dates.ts';
import { FACILITY_TYPES, TOWN_ONLY_FACILITY_TYPES, VILLAGE_FACILITY_TYPES, isKeyOf, labelOf, keysOf, PERSONNEL_ROLES, type FacilityType, type PersonnelRole } from '../../../core/dictionaries.ts';
import { FACILITY_STATUSES, PLATFORM_COVERAGE_ROLES, ratio, villageGaps } from '../../../core/prevention.ts';
import { maskPhone } from '../../../core/id-number.ts';
import { containsText } from '../../db/text-search.ts';
import type { z } from 'zod';
import type { FacilityCreate, FacilityUpdate, PersonCreate, PersonUpdate } from '../../../core/schemas/personnel.ts';

export type PersonRow = typeof personnel.$inferSelect;
export type FacilityRow = typeof facilities.$inferSelect;

export function requirePeopleRead(actor: Actor) {
  if (!can(actor, 'prevention.read') && !can(actor, 'personnel.write')) throw forbidden();
}

export const personView = (p: PersonRow, opts: { maskPhone?: boolean } = {}) => ({
  id: p.id,
  name: p.name,
  role: p.role,
  regionCode: p.regionCode,
  villageCode: p.villageCode,
  townCode: p.townCode,
  phone: opts.maskPhone ? maskPhone(p.phone) || null : p.phone,
  since: p.since,
  until: p.until,
  joinedPlatform: p.joinedPlatform,
  trainings: p.trainings,
  notes: p.notes,
  version: p.version,
});

function checkPerson(i: Partial<z.output<typeof PersonCreate>>, since: string | null | undefined, until: string | null | undefined) {
  if (i.role !== undefined && !isKeyOf(PERSONNEL_ROLES, i.role)) throw invalid(`未知的人员类别：${i.role}`);
  if (since && until && until < since) throw invalid('离任日期不能早于任职日期');
}

export async function createPerson(database: Database, ctx: CommandContext, input: z.output<typeof PersonCreate>) {
  requirePermission(ctx.actor, 'personnel.write');
  checkPerson(input, input.since, input.until);
  return database.db.transaction(async (tx) => {
    const place = await placeOf(tx, ctx.actor, input.regionCode, TOWN_OR_BELOW);
    const [row] = await tx
      .insert(personnel)
      .values({
        id: crypto.randomUUID(),
        name: input.name.trim(),
        role: input.role,
        regionCode: place.regionCode,
        villageCode: place.villageCode,
        townCode: place.townCode,
        phone: input.phone ?? null,
        since: input.since ?? null,
        until: input.until ?? null,
        joinedPlatform: input.joinedPlatform ?? false,
        trainings: input.trainings ?? null,
        notes: input.notes ?? null,
      })
      .returning();
    await writeAudit(tx, ctx, { action: 'personnel.create', entity: 'personnel', entityId: row.id, after: row, townCode: row.townCode });
    return row;
  });
}

export async function getPerson(db: DbOrTx, actor: Actor, id: string) {
  requirePeopleRead(actor);
  const [p] = await db.select().from(personnel).where(and(eq(personnel.id, id), regionInScope(actor, personnel.regionCode)));
  if (!p) throw notFound('人员');
  return p;
}

export async function updatePerson(database: Database, ctx: CommandContext, id: string, patch: z.output<typeof PersonUpdate>) {
  requirePermission(ctx.actor, 'personnel.write');
  return database.db.transaction(async (tx) => {
    const before = await getPerson(tx, ctx.actor, id);
    checkVersion(before, patch.version);
    checkPerson(patch, patch.since !== undefined ? patch.since : before.since, patch.until !== undefined ? patch.until : before.until);
    const set: Partial<PersonRow> = { updatedAt: new Date() };
    if (patch.regionCode !== undefined && patch.regionCode !== before.regionCode) {
      const place = await placeOf(tx, ctx.actor, patch.regionCode, TOWN_OR_BELOW);
      Object.assign(set, { regionCode: place.regionCode, villageCode: place.villageCode, townCode: place.townCode });
    }
    for (const k of ['name', 'role', 'phone', 'since', 'until', 'joinedPlatform', 'trainings', 'notes'] as const) {
      if (patch[k] !== undefined) (set as Record<string, unknown>)[k] = k === 'name' ? String(patch[k]).trim() : patch[k];
    }
    const after = await updateVersioned(tx, personnel, eq(personnel.id, id), patch.version, set, '人员');
    await writeAudit(tx, ctx, { action: 'personnel.update', entity: 'personnel', entityId: id, before, after, townCode: after.townCode });
    return after;
  });
}

/** Deleting is for mistakes; someone who left gets an `until` date instead. */
export async function deletePerson(database: Database, ctx: CommandContext, id: string) {
  requirePermission(ctx.actor, 'personnel.write');
  return database.db.transaction(async (tx) => {
    const before = await getPerson(tx, ctx.actor, id);
    await tx.delete(personnel).where(eq(personnel.id, id));
    await writeAudit(tx, ctx, { action: 'personnel.delete', entity: 'personnel', entityId: id, before, townCode: before.townCode });
  });
}

export interface PersonFilter {
  role?: string;
  region?: string;
  /** active on this day (default: any) */
  activeOn?: string;
  status?: 'active' | 'former' | 'all';
  joinedPlatform?: boolean;
  q?: string;
  /** only these rows (export the rows selected) */
  ids?: string[];
}

function personConditions(actor: Actor, f: PersonFilter): SQL[] {
  const conds: SQL[] = [regionInScope(actor, personnel.regionCode)];
  if (f.role) conds.push(inArray(personnel.role, f.role.split(',')));
  if (f.region) conds.push(inSubtree(personnel.regionCode, f.region));
  const day = f.activeOn ?? todayShanghai();
  if (f.activeOn || f.status === 'active') conds.push(sql`(${personnel.since} is null or ${personnel.since} <= ${day}) and (${personnel.until} is null or ${personnel.until} >= ${day})`);
  if (f.status === 'former') conds.push(sql`${personnel.until} < ${day}`);
  if (f.joinedPlatform !== undefined) conds.push(eq(personnel.joinedPlatform, f.joinedPlatform));
  if (f.q) conds.push(containsText([personnel.name, personnel.phone], f.q));
  if (f.ids) conds.push(inArray(personnel.id, f.ids));
  return conds;
}

export async function listPeople(db: DbOrTx, actor: Actor, f: PersonFilter, page = 1, pageSize = 20, limit?: number) {
  requirePeopleRead(actor);
  const where = and(...personConditions(actor, f));
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(personnel).where(where);
  const rows = await db
    .select({ p: personnel, regionName: regions.name })
    .from(personnel)
    .leftJoin(regions, eq(regions.code, personnel.regionCode))
    .where(where)
    .orderBy(asc(regions.path), asc(personnel.role), asc(personnel.name))
    .limit(limit ?? pageSize)
    .offset(limit ? 0 : (page - 1) * pageSize);
  return { total: n, items: rows.map((r) => ({ ...personView(r.p, { maskPhone: true }), regionName: r.regionName ?? r.p.regionCode })) };
}

// ---------------------------------------------------------------------------------------------------
// Facilities
// ---------------------------------------------------------------------------------------------------

function checkFacility(i: Partial<z.output<typeof FacilityCreate>>) {
  if (i.type !== undefined && !isKeyOf(FACILITY_TYPES, i.type)) throw invalid(`未知的阵地类型：${i.type}`);
  if (i.status !== undefined && !isKeyOf(FACILITY_STATUSES, i.status)) throw invalid(`未知的状态：${i.status}`);
  if (i.since && i.since > todayShanghai()) throw invalid('建成日期不能晚于今天');
}

export async function getFacility(db: DbOrTx, actor: Actor, id: string) {
  requirePeopleRead(actor);
  const [f] = await db.select().from(facilities).where(and(eq(facilities.id, id), regionInScope(actor, facilities.regionCode)));
  if (!f) throw notFound('阵地设施');
  return f;
}

registerFileOwner('facility', {
  label: '阵地设施',
  async forWrite(tx, actor, id) {
    requirePermission(actor, 'personnel.write');
    const f = await getFacility(tx, actor, id);
    return { regionCode: f.regionCode, townCode: f.townCode };
  },
  async canRead(tx, actor, id) {
    if (!can(actor, 'prevention.read') && !can(actor, 'personnel.write')) return false;
    const [f] = await tx.select({ id: facilities.id }).from(facilities).where(and(eq(facilities.id, id), regionInScope(actor, facilities.regionCode)));
    return !!f;
  },
});

/** A town-only facility (矛调中心) lies in a town, not in a village or grid. */
function checkFacilityPlace(type: string, level: string) {
  if (TOWN_ONLY_FACILITY_TYPES.includes(type as FacilityType) && level !== 'town') throw invalid(`${labelOf(FACILITY_TYPES, type)}只设在乡镇（街道），请选择乡镇`);
}

export async function createFacility(database: Database, ctx: CommandContext, input: z.output<typeof FacilityCreate>) {
  requirePermission(ctx.actor, 'personnel.write');
  checkFacility(input);
  return database.db.transaction(async (tx) => {
    // a town has its own 公共法律服务工作站 and 矛调中心, so a town is a place for a facility too
    const place = await placeOf(tx, ctx.actor, input.regionCode, TOWN_OR_BELOW);
    checkFacilityPlace(input.type, place.level);
    const [row] = await tx
      .insert(facilities)
      .values({
        id: crypto.randomUUID(),
        regionCode: place.regionCode,
        villageCode: place.villageCode,
        townCode: place.townCode,
        type: input.type,
        name: input.name ?? null,
        status: input.status ?? 'in_use',
        since: input.since ?? null,
        notes: input.notes ?? null,
      })
      .returning();
    await writeAudit(tx, ctx, { action: 'facility.create', entity: 'facility', entityId: row.id, after: row, townCode: row.townCode });
    return row;
  });
}

export async function updateFacility(database: Database, ctx: CommandContext, id: string, patch: z.output<typeof FacilityUpdate>) {
  requirePermission(ctx.actor, 'personnel.write');
  checkFacility(patch);
  return database.db.transaction(async (tx) => {
    const before = await getFacility(tx, ctx.actor, id);
    checkVersion(before, patch.version);
    if (patch.type) checkFacilityPlace(patch.type, before.villageCode ? 'village' : 'town');
    const set: Partial<FacilityRow> = { updatedAt: new Date() };
    for (const k of ['type', 'name', 'status', 'since', 'notes'] as const) if (patch[k] !== undefined) (set as Record<string, unknown>)[k] = patch[k];
    const after = await updateVersioned(tx, facilities, eq(facilities.id, id), patch.version, set, '阵地设施');
    await writeAudit(tx, ctx, { action: 'facility.update', entity: 'facility', entityId: id, before, after, townCode: after.townCode });
    return after;
  });
}

export async function deleteFacility(database: Database, ctx: CommandContext, id: string) {
  requirePermission(ctx.actor, 'personnel.write');
  return database.db.transaction(async (tx) => {
    const before = await getFacility(tx, ctx.actor, id);
    await deleteFilesOf(tx, 'facility', id);
    await tx.delete(facilities).where(eq(facilities.id, id));
    await writeAudit(tx, ctx, { action: 'facility.delete', entity: 'facility', entityId: id, before, townCode: before.townCode });
  });
}

export async function listFacilities(db: DbOrTx, actor: Actor, f: { region?: string; type?: string; status?: string }) {
  requirePeopleRead(actor);
  const conds: SQL[] = [regionInScope(actor, facilities.regionCode)];
  if (f.region) conds.push(inSubtree(facilities.regionCode, f.region));
  if (f.type) conds.push(eq(facilities.type, f.type));
  if (f.status) conds.push(eq(facilities.status, f.status));
  const rows = await db
    .select({ f: facilities, regionName: regions.name })
    .from(facilities)
    .leftJoin(regions, eq(regions.code, facilities.regionCode))
    .where(and(...conds))
    .orderBy(asc(regions.path), asc(facilities.type))
    .limit(5000);
  const photos = await filesOf(db, 'facility', rows.map((r) => r.f.id));
  return rows.map((r) => ({ ...r.f, regionName: r.regionName ?? r.f.regionCode, photos: photos.get(r.f.id) ?? [] }));
}

// ---------------------------------------------------------------------------------------------------
// Per-village view
// ---------------------------------------------------------------------------------------------------

/**
 * Every active village/community in scope (below `region` when given) with its people active on `date`
 * per role, the "三进" platform coverage per role, its facilities in use, and its gaps against the village
 * standard (minRuleOfLawLeaders / minLegalLiterates of the year's settings) and the facility list.
 */
export async function villageOverview(db: DbOrTx, actor: Actor, f: { region?: string; date?: string }) {
  requirePeopleRead(actor);
  const day = f.date ?? todayShanghai();
  const s = (await settingsForYear(db, Number(day.slice(0, 4)))).data;
  const conds: SQL[] = [regionInScope(actor, regions.code), inArray(regions.level, ['village', 'community']), eq(regions.active, true)];
  if (f.region) conds.push(inSubtree(regions.code, f.region));
  const villages = await db.select({ code: regions.code, name: regions.name, level: regions.level, townCode: regions.townCode }).from(regions).where(and(...conds)).orderBy(asc(regions.path)).limit(5000);
  const codes = villages.map((v) => v.code);
  const people = codes.length
    ? await db.execute<{ village_code: string; role: string; n: number; joined: number }>(sql`
        select village_code, role, count(*)::int as n, count(*) filter (where joined_platform)::int as joined
        from personnel
        where village_code in (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})
          and (since is null or since <= ${day}) and (until is null or until >= ${day})
        group by 1, 2`)
    : { rows: [] };
  const fac = codes.length
    ? await db.execute<{ village_code: string; type: string; status: string }>(sql`
        select distinct village_code, type, status from facilities
        where village_code in (${sql.join(codes.map((c) => sql`${c}`), sql`, `)}) and (since is null or since <= ${day})`)
    : { rows: [] };
  const roles = keysOf(PERSONNEL_ROLES);
  const ftypes = [...VILLAGE_FACILITY_TYPES];
  const total: Record<string, { n: number; joined: number }> = Object.fromEntries(roles.map((r) => [r, { n: 0, joined: 0 }]));
  const rows = villages.map((v) => {
    const counts = Object.fromEntries(roles.map((r) => [r, 0])) as Record<PersonnelRole, number>;
    const joined = Object.fromEntries(roles.map((r) => [r, 0])) as Record<PersonnelRole, number>;
    for (const p of people.rows.filter((x) => x.village_code === v.code)) {
      counts[p.role as PersonnelRole] = p.n;
      joined[p.role as PersonnelRole] = p.joined;
    }
    const facilityStatus: Partial<Record<FacilityType, string>> = {};
    for (const x of fac.rows.filter((y) => y.village_code === v.code)) {
      // a facility in use wins over one being built or suspended
      if (facilityStatus[x.type as FacilityType] !== 'in_use') facilityStatus[x.type as FacilityType] = x.status;
    }
    const inUse = Object.entries(facilityStatus).filter(([, st]) => st === 'in_use').map(([t]) => t);
    const gaps = villageGaps({ ruleOfLawLeaders: counts.rule_of_law_leader, legalLiterates: counts.legal_literate, legalAdvisers: counts.legal_adviser, facilities: inUse }, s, ftypes);
    const platform = Object.fromEntries(PLATFORM_COVERAGE_ROLES.map((r) => [r, ratio(joined[r], counts[r], '无此类人员')]));
    return { code: v.code, name: v.name, level: v.level, townCode: v.townCode, counts, platform, facilities: facilityStatus, gaps };
  });
  // the town's coverage counts everyone in scope, town-level cadres included
  const totConds: SQL[] = [regionInScope(actor, personnel.regionCode), sql`(${personnel.since} is null or ${personnel.since} <= ${day}) and (${personnel.until} is null or ${personnel.until} >= ${day})`];
  if (f.region) totConds.push(inSubtree(personnel.regionCode, f.region));
  const tot = await db
    .select({ role: personnel.role, n: sql<number>`count(*)::int`, joined: sql<number>`count(*) filter (where ${personnel.joinedPlatform})::int` })
    .from(personnel)
    .where(and(...totConds))
    .groupBy(personnel.role);
  for (const r of roles) total[r] = { n: 0, joined: 0 };
  for (const x of tot) if (total[x.role]) total[x.role] = { n: x.n, joined: x.joined };
  return {
    date: day,
    minimums: { ruleOfLawLeaders: s.minRuleOfLawLeaders, legalLiterates: s.minLegalLiterates },
    villages: rows,
    platformTotals: Object.fromEntries(PLATFORM_COVERAGE_ROLES.map((r) => [r, ratio(total[r].joined, total[r].n, '无此类人员')])),
    villagesMeetingPersonnelStandard: rows.filter((r) => r.gaps.meetsPersonnelStandard).length,
  };
}
