/**
 * Key persons (重点对象, SPEC §6.3). Visible ONLY to admin, the town office of the person's town and the
 * responsible cadre (包保责任人) — the condition below is applied by every query here (list, read, export,
 * contacts, files), and every read is audited. The town office (or admin) manages the records; the
 * responsible cadre logs contacts. A cadre with no contact within `keyPersonContactDays` is reminded.
 */
import crypto from 'node:crypto';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../db/client.ts';
import { nextVersion, updateVersioned } from '../../db/versioned.ts';
import { keyPersonContacts, keyPersons, notifications, regions, risks, users } from '../../db/schema/index.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import type { Actor } from '../auth/actor.ts';
import { inSubtree, regionInScope } from '../../scope/region.ts';
import { isResponsible, keyPersonVisible, managesPath } from '../../scope/key-person.ts';
import { escapeLike } from '../../db/text-search.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { settingsForYear } from '../settings/service.ts';
import { checkVersion, placeOf, TOWN_OR_BELOW } from '../prevention/common.ts';
import { addDays, todayShanghai } from '../../../core/dates.ts';
import { contactDueOn, contactOverdue, CONTACT_METHODS } from '../../../core/prevention.ts';
import { isKeyOf, KEY_PERSON_STATUSES, KEY_PERSON_TYPES, RISK_LEVELS, THREE_LOST_ONE_BIASED_FLAGS } from '../../../core/dictionaries.ts';
import { maskIdNumber, maskPhone, validateIdNumber } from '../../../core/id-number.ts';
import type { Cipher } from '../../secret.ts';
import { containsText } from '../../db/text-search.ts';
import type { z } from 'zod';
import type { ContactCreate, KeyPersonCreate, KeyPersonUpdate } from '../../../core/schemas/key-persons.ts';

export type KeyPersonRow = typeof keyPersons.$inferSelect;
export type ContactRow = typeof keyPersonContacts.$inferSelect;

/** A key person the actor may see (404 otherwise — also for users who may see the region but not the person). */
export async function findKeyPerson(db: DbOrTx, actor: Actor, id: string): Promise<KeyPersonRow & { regionPath: string }> {
  const [row] = await db
    .select({ kp: keyPersons, path: regions.path })
    .from(keyPersons)
    .innerJoin(regions, eq(regions.code, keyPersons.regionCode))
    .where(and(eq(keyPersons.id, id), keyPersonVisible(actor)));
  if (!row) throw notFound('重点对象');
  return { ...row.kp, regionPath: row.path };
}

// the flags may be the stored ones (plain strings), checked again here
function checkInput(i: Omit<Partial<z.output<typeof KeyPersonCreate>>, 'flags'> & { flags?: readonly string[] }, type: string) {
  if (!isKeyOf(KEY_PERSON_TYPES, type)) throw invalid(`未知的重点对象类型：${type}`);
  const flags = i.flags ?? [];
  for (const f of flags) if (!isKeyOf(THREE_LOST_ONE_BIASED_FLAGS, f)) throw invalid(`未知的“三失一偏”情形：${f}`);
  if (type === 'three_lost_one_biased' && i.flags !== undefined && flags.length === 0) throw invalid('“三失一偏”人员须至少勾选一种情形');
  if (type !== 'three_lost_one_biased' && flags.length > 0) throw invalid('只有“三失一偏”人员才填写具体情形');
  if (i.riskLevel !== undefined && !isKeyOf(RISK_LEVELS, i.riskLevel)) throw invalid(`未知的风险等级：${i.riskLevel}`);
  if (i.status !== undefined && !isKeyOf(KEY_PERSON_STATUSES, i.status)) throw invalid(`未知的状态：${i.status}`);
  if (i.watchedSince && i.watchedSince > todayShanghai()) throw invalid('列管日期不能晚于今天');
}

/** The responsible cadre must be an active user working in the person's town (bound to a region or unit there). */
async function checkCadre(tx: DbOrTx, userId: string, townPath: string) {
  const r = await tx.execute<{ ok: boolean }>(sql`
    select exists (
      select 1 from users u
      join user_bindings b on b.user_id = u.id
      left join regions r on r.code = b.region_code
      left join units un on un.id = b.unit_id
      left join regions ur on ur.code = un.region_code
      where u.id = ${userId} and u.active and b.role <> 'admin'
        and (coalesce(r.path, ur.path) like ${`${escapeLike(townPath)}%`} or ${townPath} like coalesce(r.path, ur.path) || '%')
    ) as ok`);
  if (!r.rows[0]?.ok) throw invalid('包保责任人须为本镇（或上级）在岗的系统用户');
}

async function townPathOf(tx: DbOrTx, regionPath: string, townCode: string | null) {
  if (!townCode) return regionPath;
  const [t] = await tx.select({ path: regions.path }).from(regions).where(eq(regions.code, townCode));
  return t?.path ?? regionPath;
}

/** The stored forms of an identity number (null: none given; '' clears it on an update). */
function idNumberColumns(cipher: Cipher | undefined, idNumber: string | null | undefined) {
  if (idNumber === undefined) return {};
  if (!idNumber) return { idNumberEnc: null, idNumberHash: null, idNumberMasked: null };
  const v = validateIdNumber(idNumber);
  if (!v.ok) throw invalid(v.reason, [{ field: 'idNumber', message: v.reason }]);
  if (!cipher) throw invalid('无法保存身份证号');
  return { idNumberEnc: cipher.encrypt(v.normalized), idNumberHash: cipher.blindIndex(v.normalized), idNumberMasked: maskIdNumber(v.normalized) };
}

/** What the audit keeps of a key person: never the ciphertext or the blind index. */
function audited<T extends { idNumberEnc?: string | null; idNumberHash?: string | null }>(row: T) {
  const { idNumberEnc: _e, idNumberHash: _h, ...rest } = row;
  return rest;
}

export async function createKeyPerson(database: Database, ctx: CommandContext, input: z.output<typeof KeyPersonCreate>, cipher?: Cipher) {
  const ids = idNumberColumns(cipher, input.idNumber);
  checkInput(input, input.type);
  if (input.type === 'three_lost_one_biased' && !(input.flags ?? []).length) throw invalid('“三失一偏”人员须至少勾选一种情形');
  return database.db.transaction(async (tx) => {
    const place = await placeOf(tx, ctx.actor, input.regionCode, TOWN_OR_BELOW);
    if (!managesPath(ctx.actor, place.region.path)) throw forbidden('只有镇平安办（综治中心）可以列管重点对象');
    await checkCadre(tx, input.responsibleUserId, await townPathOf(tx, place.region.path, place.townCode));
    let risk: typeof risks.$inferSelect | undefined;
    if (input.sourceRiskId) {
      [risk] = await tx.select().from(risks).where(and(eq(risks.id, input.sourceRiskId), regionInScope(ctx.actor, risks.regionCode)));
      if (!risk) throw notFound('隐患');
      if (risk.keyPersonId) throw invalid('该隐患已列为重点对象');
    }
    const [row] = await tx
      .insert(keyPersons)
      .values({
        id: crypto.randomUUID(),
        name: input.name.trim(),
        phone: input.phone ?? null,
        ...ids,
        address: input.address ?? null,
        regionCode: place.regionCode,
        villageCode: place.villageCode,
        townCode: place.townCode,
        type: input.type,
        flags: input.flags ?? [],
        situation: input.situation ?? null,
        responsibleUserId: input.responsibleUserId,
        responsePlan: input.responsePlan ?? null,
        riskLevel: input.riskLevel ?? 'general',
        status: input.status ?? 'under_watch',
        watchedSince: input.watchedSince ?? todayShanghai(),
        sourceRiskId: input.sourceRiskId ?? null,
      })
      .returning();
    if (risk) {
      await tx.update(risks).set({ keyPersonId: row.id, version: nextVersion(risks), updatedAt: new Date() }).where(eq(risks.id, risk.id));
      await writeAudit(tx, ctx, { action: 'risk.to_key_person', entity: 'risk', entityId: risk.id, before: risk, after: { ...risk, keyPersonId: row.id }, townCode: risk.townCode });
    }
    await writeAudit(tx, ctx, { action: 'key_person.create', entity: 'key_person', entityId: row.id, after: audited(row), townCode: row.townCode });
    return row;
  });
}

export async function updateKeyPerson(database: Database, ctx: CommandContext, id: string, patch: z.output<typeof KeyPersonUpdate>, cipher?: Cipher) {
  const ids = idNumberColumns(cipher, patch.idNumber);
  return database.db.transaction(async (tx) => {
    const before = await findKeyPerson(tx, ctx.actor, id);
    if (!managesPath(ctx.actor, before.regionPath)) throw forbidden('只有镇平安办（综治中心）可以修改重点对象');
    checkVersion(before, patch.version);
    const type = patch.type ?? before.type;
    checkInput({ ...patch, flags: patch.flags ?? (patch.type && patch.type !== before.type ? [] : before.flags) }, type);
    const set: Partial<KeyPersonRow> = { updatedAt: new Date(), ...ids };
    if (patch.regionCode !== undefined && patch.regionCode !== before.regionCode) {
      const place = await placeOf(tx, ctx.actor, patch.regionCode, TOWN_OR_BELOW);
      if (!managesPath(ctx.actor, place.region.path)) throw forbidden();
      Object.assign(set, { regionCode: place.regionCode, villageCode: place.villageCode, townCode: place.townCode });
    }
    if (patch.responsibleUserId !== undefined && patch.responsibleUserId !== before.responsibleUserId) {
      const [r] = await tx.select({ path: regions.path }).from(regions).where(eq(regions.code, set.regionCode ?? before.regionCode));
      await checkCadre(tx, patch.responsibleUserId, await townPathOf(tx, r.path, set.townCode ?? before.townCode));
      set.responsibleUserId = patch.responsibleUserId;
    }
    for (const k of ['name', 'phone', 'address', 'type', 'situation', 'responsePlan', 'riskLevel', 'status', 'watchedSince'] as const) {
      if (patch[k] !== undefined) (set as Record<string, unknown>)[k] = patch[k];
    }
    if (patch.flags !== undefined) set.flags = patch.flags;
    else if (patch.type && patch.type !== before.type && patch.type !== 'three_lost_one_biased') set.flags = [];
    if (type === 'three_lost_one_biased' && (set.flags ?? before.flags).length === 0) throw invalid('“三失一偏”人员须至少勾选一种情形');
    const after = await updateVersioned(tx, keyPersons, eq(keyPersons.id, id), patch.version, set, '重点对象');
    const { regionPath: _p, ...b } = before;
    await writeAudit(tx, ctx, { action: 'key_person.update', entity: 'key_person', entityId: id, before: audited(b), after: audited(after), townCode: after.townCode });
    return after;
  });
}

/** The responsible cadre (or the town office) logs a contact and the help given. */
export async function addContact(database: Database, ctx: CommandContext, id: string, input: z.output<typeof ContactCreate>) {
  if (!isKeyOf(CONTACT_METHODS, input.method)) throw invalid(`未知的联系方式：${input.method}`);
  if (input.contactedOn > todayShanghai()) throw invalid('联系日期不能晚于今天');
  return database.db.transaction(async (tx) => {
    const kp = await findKeyPerson(tx, ctx.actor, id);
    if (!isResponsible(ctx.actor, kp) && !managesPath(ctx.actor, kp.regionPath)) throw forbidden();
    const [c] = await tx
      .insert(keyPersonContacts)
      .values({ id: crypto.randomUUID(), keyPersonId: id, contactedOn: input.contactedOn, method: input.method, content: input.content.trim(), helpGiven: input.helpGiven ?? null, byUserId: ctx.actor.userId, byName: ctx.actor.name || ctx.actor.username })
      .returning();
    if (!kp.lastContactOn || kp.lastContactOn < input.contactedOn) {
      await tx.update(keyPersons).set({ lastContactOn: input.contactedOn, updatedAt: new Date() }).where(eq(keyPersons.id, id));
    }
    await writeAudit(tx, ctx, { action: 'key_person.contact', entity: 'key_person', entityId: id, after: c, townCode: kp.townCode });
    return c;
  });
}

export interface KeyPersonFilter {
  status?: string;
  type?: string;
  riskLevel?: string;
  region?: string;
  q?: string;
  /** only those whose contact is overdue */
  overdue?: boolean;
  /** only these key persons (export the rows selected) */
  ids?: string[];
}

async function queryKeyPersons(db: DbOrTx, actor: Actor, f: KeyPersonFilter, limit: number) {
  const conds: SQL[] = [keyPersonVisible(actor)];
  if (f.status) conds.push(inArray(keyPersons.status, f.status.split(',')));
  if (f.type) conds.push(eq(keyPersons.type, f.type));
  if (f.riskLevel) conds.push(eq(keyPersons.riskLevel, f.riskLevel));
  if (f.region) conds.push(inSubtree(keyPersons.regionCode, f.region));
  if (f.q) conds.push(containsText([keyPersons.name, keyPersons.situation], f.q));
  if (f.ids) conds.push(inArray(keyPersons.id, f.ids));
  const rows = await db
    .select({ kp: keyPersons, regionName: regions.name, cadreName: users.name, cadreUsername: users.username })
    .from(keyPersons)
    .innerJoin(regions, eq(regions.code, keyPersons.regionCode))
    .leftJoin(users, eq(users.id, keyPersons.responsibleUserId))
    .where(and(...conds))
    .orderBy(desc(keyPersons.riskLevel), asc(keyPersons.watchedSince))
    .limit(limit);
  const days = (await settingsForYear(db, Number(todayShanghai().slice(0, 4)))).data.keyPersonContactDays;
  const day = todayShanghai();
  const out = rows.map((r) => ({
    ...r.kp,
    regionName: r.regionName,
    cadreName: r.cadreName || r.cadreUsername || '',
    contactDueOn: contactDueOn(r.kp.lastContactOn, r.kp.watchedSince, days),
    contactOverdue: r.kp.status === 'under_watch' && contactOverdue(r.kp.lastContactOn, r.kp.watchedSince, days, day),
  }));
  return f.overdue ? out.filter((r) => r.contactOverdue) : out;
}

export type KeyPersonListRow = Awaited<ReturnType<typeof queryKeyPersons>>[number];

/** The list (phones masked); the read is audited with the ids shown. */
export async function listKeyPersons(database: Database, ctx: CommandContext, f: KeyPersonFilter) {
  const rows = await queryKeyPersons(database.db, ctx.actor, f, 2000);
  await writeAudit(database.db, ctx, { action: 'key_person.list', entity: 'key_person', entityId: null, after: { filter: f, ids: rows.map((r) => r.id) } });
  return rows.map((r) => ({ ...r, phone: maskPhone(r.phone) }));
}

/** The export (audited as such). */
export async function exportKeyPersons(database: Database, ctx: CommandContext, f: KeyPersonFilter) {
  const rows = await queryKeyPersons(database.db, ctx.actor, f, 50_000);
  await writeAudit(database.db, ctx, { action: 'key_person.export', entity: 'key_person', entityId: null, after: { filter: f, ids: rows.map((r) => r.id) } });
  return rows.map((r) => ({ ...r, phone: maskPhone(r.phone) }));
}

/** One key person with the contact log (audited read). */
export async function readKeyPerson(database: Database, ctx: CommandContext, id: string) {
  const kp = await findKeyPerson(database.db, ctx.actor, id);
  const contacts = await database.db.select().from(keyPersonContacts).where(eq(keyPersonContacts.keyPersonId, id)).orderBy(desc(keyPersonContacts.contactedOn), desc(keyPersonContacts.createdAt));
  const [cadre] = await database.db.select({ name: users.name, username: users.username }).from(users).where(eq(users.id, kp.responsibleUserId));
  const [region] = await database.db.select({ name: regions.name }).from(regions).where(eq(regions.code, kp.regionCode));
  await writeAudit(database.db, ctx, { action: 'key_person.read', entity: 'key_person', entityId: id, townCode: kp.townCode });
  const days = (await settingsForYear(database.db, Number(todayShanghai().slice(0, 4)))).data.keyPersonContactDays;
  const { regionPath: _p, ...row } = kp;
  return {
    ...row,
    regionName: region?.name ?? kp.regionCode,
    cadreName: cadre?.name || cadre?.username || '',
    contactDueOn: contactDueOn(kp.lastContactOn, kp.watchedSince, days),
    contactOverdue: kp.status === 'under_watch' && contactOverdue(kp.lastContactOn, kp.watchedSince, days, todayShanghai()),
    canManage: managesPath(ctx.actor, kp.regionPath),
    canLogContact: managesPath(ctx.actor, kp.regionPath) || isResponsible(ctx.actor, kp),
    contacts,
  };
}

/** Users who may be made responsible cadres for a region: active users bound in its town (or above it). */
export async function cadreCandidates(db: DbOrTx, actor: Actor, regionCode: string) {
  const place = await placeOf(db, actor, regionCode, TOWN_OR_BELOW);
  if (!managesPath(actor, place.region.path)) throw forbidden();
  const townPath = await townPathOf(db, place.region.path, place.townCode);
  const r = await db.execute<{ id: string; name: string; username: string; roles: string[] }>(sql`
    select u.id, u.name, u.username, array_agg(distinct b.role) as roles
    from users u
    join user_bindings b on b.user_id = u.id
    left join regions r on r.code = b.region_code
    left join units un on un.id = b.unit_id
    left join regions ur on ur.code = un.region_code
    where u.active and b.role <> 'admin'
      and (coalesce(r.path, ur.path) like ${`${escapeLike(townPath)}%`} or ${townPath} like coalesce(r.path, ur.path) || '%')
    group by u.id, u.name, u.username
    order by u.username
    limit 500`);
  return r.rows.map((x) => ({ id: x.id, name: x.name || x.username, username: x.username, roles: x.roles }));
}

/**
 * Reminds responsible cadres of key persons under watch whose next contact is overdue. One notification
 * per person and missed due date (`ref` = `<id>:<due date>`), so several instances or runs insert it once.
 */
export async function remindKeyPersonContacts(database: Database, day = todayShanghai()): Promise<number> {
  const days = (await settingsForYear(database.db, Number(day.slice(0, 4)))).data.keyPersonContactDays;
  const limit = addDays(day, -days);
  const rows = await database.db
    .select({ id: keyPersons.id, name: keyPersons.name, userId: keyPersons.responsibleUserId, last: keyPersons.lastContactOn, since: keyPersons.watchedSince, townCode: keyPersons.townCode })
    .from(keyPersons)
    .where(and(eq(keyPersons.status, 'under_watch'), sql`coalesce(${keyPersons.lastContactOn}, ${keyPersons.watchedSince}) < ${limit}`))
    .limit(10_000);
  let n = 0;
  for (const r of rows) {
    const due = contactDueOn(r.last, r.since, days);
    const ins = await database.db
      .insert(notifications)
      .values({
        id: crypto.randomUUID(),
        userId: r.userId,
        kind: 'key_person_contact',
        ref: `${r.id}:${due}`,
        message: `您包保的重点对象“${r.name}”已超过 ${days} 天未联系（应于 ${due} 前走访联系），请及时走访并登记。`,
        link: `key-person:${r.id}`,
        townCode: r.townCode,
      })
      .onConflictDoNothing()
      .returning({ id: notifications.id });
    n += ins.length;
  }
  return n;
}

