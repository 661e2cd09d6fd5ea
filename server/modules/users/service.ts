import crypto from 'node:crypto';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { BINDING_LEVELS, REGION_ROLES, ROLE_LABELS, ROLES, UNIT_ROLES, VILLAGE_LINK_ROLES } from '../../../core/roles.ts';
import { labelOf, REGION_LEVELS as LEVEL_DICT } from '../../../core/dictionaries.ts';
import type { BindingInput, PasswordReset, TokenCreate, UserCreate, UserUpdate } from '../../../core/schemas/users.ts';
import type { Database, DbOrTx } from '../../db/client.ts';
import { nextVersion, updateVersioned } from '../../db/versioned.ts';
import { apiTokens, regions, userBindings, units, users, userVillages } from '../../db/schema/index.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { requirePermission } from '../auth/actor.ts';
import { passwordProblem } from '../../../core/password-policy.ts';
import { generatePassword, hashPassword, randomToken, sha256 } from '../auth/password.ts';
import { userThrottleKey } from '../auth/service.ts';
import { loadBindings } from '../auth/service.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { sqlTextArray } from '../../db/text-array.ts';

type Binding = z.output<typeof BindingInput>;

async function checkBindings(tx: DbOrTx, bindings: Binding[]): Promise<Binding[]> {
  if (bindings.length === 0) throw invalid('至少需要一个角色绑定');
  const out: Binding[] = [];
  for (const b of bindings) {
    if (!(ROLES as readonly string[]).includes(b.role)) throw invalid(`未知角色：${b.role}`);
    if (b.role === 'admin') {
      out.push({ role: 'admin', regionCode: null, unitId: null });
      continue;
    }
    if (b.unitId) {
      if (!UNIT_ROLES.includes(b.role)) throw invalid(`角色 ${b.role} 须绑定地区，不能绑定单位`);
      const [u] = await tx.select({ id: units.id }).from(units).where(eq(units.id, b.unitId));
      if (!u) throw invalid(`单位不存在：${b.unitId}`);
      out.push({ role: b.role, regionCode: null, unitId: b.unitId });
    } else if (b.regionCode) {
      if (!REGION_ROLES.includes(b.role)) throw invalid(`角色 ${b.role} 须绑定单位，不能绑定地区`);
      const [r] = await tx.select({ code: regions.code, name: regions.name, level: regions.level }).from(regions).where(eq(regions.code, b.regionCode));
      if (!r) throw invalid(`地区不存在：${b.regionCode}`);
      const levels = BINDING_LEVELS[b.role];
      if (levels && !levels.includes(r.level)) {
        throw invalid(`${ROLE_LABELS[b.role]}须绑定${levels.map((l) => labelOf(LEVEL_DICT, l)).join('或')}，不能绑定${r.name}（${labelOf(LEVEL_DICT, r.level)}）`);
      }
      out.push({ role: b.role, regionCode: b.regionCode, unitId: null });
    } else throw invalid(`角色 ${b.role} 须绑定地区或单位`);
  }
  return out;
}

/**
 * 包村: the villages (or communities) must lie in a town the user is bound to as a town cadre. The link only
 * chooses what their workbench follows; what they may see is their town binding's.
 */
async function checkVillages(tx: DbOrTx, bindings: Binding[], codes: string[], strict = true): Promise<string[]> {
  const unique = [...new Set(codes.filter(Boolean))];
  if (!unique.length) return [];
  const towns = bindings.filter((b) => VILLAGE_LINK_ROLES.includes(b.role) && b.regionCode).map((b) => b.regionCode as string);
  if (!towns.length) {
    if (strict) throw invalid('只有镇平安办、镇领导或司法所的干部可以包村');
    return [];
  }
  const townRows = await tx.select({ code: regions.code, path: regions.path }).from(regions).where(sql`${regions.code} = any(${sqlTextArray(towns)})`);
  const out: string[] = [];
  for (const code of unique) {
    const [v] = await tx.select({ name: regions.name, level: regions.level, path: regions.path }).from(regions).where(eq(regions.code, code));
    const problem = !v
      ? `地区不存在：${code}`
      : v.level !== 'village' && v.level !== 'community'
        ? `包村只能选择村（社区），“${v.name}”不是村（社区）`
        : !townRows.some((t) => v.path.startsWith(t.path))
          ? `“${v.name}”不在该用户所在的乡镇（街道）`
          : null;
    if (problem && strict) throw invalid(problem);
    if (!problem) out.push(code);
  }
  return out;
}

async function saveVillages(tx: DbOrTx, userId: string, codes: string[]) {
  await tx.delete(userVillages).where(eq(userVillages.userId, userId));
  if (codes.length) await tx.insert(userVillages).values(codes.map((regionCode) => ({ userId, regionCode })));
}

export async function userView(db: DbOrTx, u: typeof users.$inferSelect) {
  const bindings = await loadBindings(db, u.id);
  const villages = await db.select({ code: userVillages.regionCode }).from(userVillages).where(eq(userVillages.userId, u.id)).orderBy(asc(userVillages.regionCode));
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    phone: u.phone,
    active: u.active,
    mustChangePassword: u.mustChangePassword,
    canRevealIdentity: u.canRevealIdentity,
    version: u.version,
    bindings: bindings.map((b) => ({ role: b.role, regionCode: b.regionCode, unitId: b.unitId })),
    villages: villages.map((v) => v.code),
  };
}

/** All users, or only those of `ids` (export the rows selected). */
export async function listUsers(database: Database, ctx: CommandContext, ids?: string[]) {
  requirePermission(ctx.actor, 'admin.users');
  const rows = await database.db.select().from(users).where(ids ? inArray(users.id, ids) : undefined).orderBy(asc(users.username));
  return Promise.all(rows.map((u) => userView(database.db, u)));
}

/** Creates a user; a generated password is returned once and must be changed at first login. */
export async function createUser(database: Database, ctx: CommandContext, input: z.output<typeof UserCreate>) {
  requirePermission(ctx.actor, 'admin.users');
  const username = input.username.trim();
  if (!/^[A-Za-z0-9_.\-\u4e00-\u9fa5]{2,40}$/.test(username)) throw invalid('用户名须为 2–40 位字母、数字、汉字或 _ . -');
  if (input.password) {
    const p = passwordProblem(input.password, username);
    if (p) throw invalid(p);
  }
  const password = input.password || generatePassword();
  const hash = await hashPassword(password);
  return database.db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username));
    if (dup) throw invalid(`用户名 ${username} 已存在`);
    const bindings = await checkBindings(tx, input.bindings);
    const id = crypto.randomUUID();
    const [u] = await tx
      .insert(users)
      .values({ id, username, name: input.name?.trim() || username, phone: input.phone ?? null, passwordHash: hash, mustChangePassword: !input.password, canRevealIdentity: !!input.canRevealIdentity })
      .returning();
    await tx.insert(userBindings).values(bindings.map((b) => ({ id: crypto.randomUUID(), userId: id, role: b.role, regionCode: b.regionCode ?? null, unitId: b.unitId ?? null })));
    await saveVillages(tx, id, await checkVillages(tx, bindings, input.villages ?? []));
    const view = await userView(tx, u);
    await writeAudit(tx, ctx, { action: 'user.create', entity: 'user', entityId: id, after: view });
    return { user: view, password: input.password ? null : password };
  });
}

export async function updateUser(database: Database, ctx: CommandContext, id: string, patch: z.output<typeof UserUpdate>) {
  requirePermission(ctx.actor, 'admin.users');
  return database.db.transaction(async (tx) => {
    const [u] = await tx.select().from(users).where(eq(users.id, id));
    if (!u) throw notFound('用户');
    if (u.version !== patch.version) throw conflict();
    const before = await userView(tx, u);
    if (patch.active === false && u.id === ctx.actor.userId) throw invalid('不能停用自己的账号');
    const after = await updateVersioned(
      tx,
      users,
      eq(users.id, id),
      patch.version,
      {
        name: patch.name?.trim() ?? u.name,
        phone: patch.phone === undefined ? u.phone : patch.phone,
        active: patch.active ?? u.active,
        canRevealIdentity: patch.canRevealIdentity ?? u.canRevealIdentity,
        updatedAt: new Date(),
      },
      '用户',
    );
    const bindings = patch.bindings ? await checkBindings(tx, patch.bindings) : before.bindings;
    if (patch.bindings) {
      await tx.delete(userBindings).where(eq(userBindings.userId, id));
      await tx.insert(userBindings).values(bindings.map((b) => ({ id: crypto.randomUUID(), userId: id, role: b.role, regionCode: b.regionCode ?? null, unitId: b.unitId ?? null })));
    }
    // 包村: links given are checked; with new bindings alone, the links that no longer fit are dropped
    if (patch.villages) await saveVillages(tx, id, await checkVillages(tx, bindings, patch.villages));
    else if (patch.bindings) await saveVillages(tx, id, await checkVillages(tx, bindings, before.villages, false));
    if (patch.active === false) await tx.execute(sql`delete from sessions where user_id = ${id}`);
    const view = await userView(tx, after);
    await writeAudit(tx, ctx, { action: 'user.update', entity: 'user', entityId: id, before, after: view });
    return view;
  });
}

/** Sets a password (given, or generated and returned once). A generated one must be changed at next login. */
export async function setPassword(database: Database, ctx: CommandContext, usernameOrId: string, password?: z.output<typeof PasswordReset>['password']) {
  requirePermission(ctx.actor, 'admin.users');
  const [found] = await database.db.select({ id: users.id, username: users.username }).from(users).where(sql`${users.id} = ${usernameOrId} or ${users.username} = ${usernameOrId}`);
  if (!found) throw notFound('用户');
  // the password rule once, with the username it must not contain
  const problem = password ? passwordProblem(password, found.username) : null;
  if (problem) throw invalid(problem);
  const pw = password || generatePassword();
  const hash = await hashPassword(pw); // hashed before the transaction: the embedded engine runs one at a time
  return database.db.transaction(async (tx) => {
    const [u] = await tx.select().from(users).where(eq(users.id, found.id));
    if (!u) throw notFound('用户');
    await tx.update(users).set({ passwordHash: hash, mustChangePassword: !password, version: nextVersion(users), updatedAt: new Date() }).where(eq(users.id, u.id));
    await tx.execute(sql`delete from sessions where user_id = ${u.id}`);
    // an admin's reset lifts every lock on the username (from any browser)
    await tx.execute(sql`delete from login_attempts where key = ${userThrottleKey(u.username)} or starts_with(key, ${userThrottleKey(u.username) + ':device:'})`);
    await writeAudit(tx, ctx, { action: 'user.password_reset', entity: 'user', entityId: u.id });
    return { username: u.username, password: password ? null : pw };
  });
}

/** First start: create `admin` (SPEC §11). Returns the generated password to print once, if any. */
export async function ensureAdmin(database: Database, adminPassword: string | null): Promise<{ created: boolean; password: string | null }> {
  const [any] = await database.db.select({ id: users.id }).from(users).limit(1);
  if (any) return { created: false, password: null };
  const pw = adminPassword || generatePassword();
  const hash = await hashPassword(pw);
  const id = crypto.randomUUID();
  await database.db.transaction(async (tx) => {
    const [again] = await tx.select({ id: users.id }).from(users).limit(1);
    if (again) return;
    await tx.insert(users).values({ id, username: 'admin', name: '系统管理员', passwordHash: hash, mustChangePassword: !adminPassword, canRevealIdentity: true });
    await tx.insert(userBindings).values({ id: crypto.randomUUID(), userId: id, role: 'admin' });
    await tx.execute(sql`insert into audit_log (actor_name, action, entity, entity_id) values ('system', 'user.create', 'user', ${id})`);
  });
  return { created: true, password: adminPassword ? null : pw };
}

export async function listTokens(database: Database, ctx: CommandContext) {
  requirePermission(ctx.actor, 'admin.users');
  return database.db
    .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, userId: apiTokens.userId, username: users.username, createdAt: apiTokens.createdAt, revokedAt: apiTokens.revokedAt, lastUsedAt: apiTokens.lastUsedAt, expiresAt: apiTokens.expiresAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .orderBy(asc(apiTokens.createdAt));
}

/**
 * An integration token acts as the user it belongs to, with that user's bindings (scope). With `expiresOn` it
 * works through that day (Asia/Shanghai) and no longer.
 */
export async function createToken(database: Database, ctx: CommandContext, input: z.output<typeof TokenCreate>) {
  requirePermission(ctx.actor, 'admin.users');
  const expiresAt = input.expiresOn ? new Date(new Date(`${input.expiresOn}T00:00:00+08:00`).getTime() + 86400_000) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) throw invalid('有效期须晚于今天', [{ field: 'expiresOn', message: '有效期须晚于今天' }]);
  const token = `wst_${randomToken(24)}`;
  return database.db.transaction(async (tx) => {
    const [u] = await tx.select().from(users).where(eq(users.id, input.userId));
    if (!u) throw invalid('令牌所属用户不存在');
    const id = crypto.randomUUID();
    await tx.insert(apiTokens).values({ id, name: input.name.trim(), tokenHash: sha256(token), prefix: token.slice(0, 8), userId: u.id, createdBy: ctx.actor.userId, expiresAt });
    await writeAudit(tx, ctx, { action: 'token.create', entity: 'api_token', entityId: id, after: { name: input.name, userId: u.id, username: u.username, expiresAt } });
    return { id, token };
  });
}

export async function revokeToken(database: Database, ctx: CommandContext, id: string) {
  requirePermission(ctx.actor, 'admin.users');
  return database.db.transaction(async (tx) => {
    const [t] = await tx.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt))).returning();
    if (!t) throw notFound('令牌');
    await writeAudit(tx, ctx, { action: 'token.revoke', entity: 'api_token', entityId: id, before: { revokedAt: null }, after: { revokedAt: t.revokedAt } });
  });
}
