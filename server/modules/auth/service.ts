import { eq, sql, type SQL } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../db/client.ts';
import { nextVersion } from '../../db/versioned.ts';
import { sessions, users } from '../../db/schema/index.ts';
import { AppError, invalid } from '../../errors.ts';
import { writeAudit } from '../audit/writer.ts';
import { makeActor, type Actor, type Binding } from './actor.ts';
import { cachedActor } from './actor-cache.ts';
import { hashPassword, passwordProblem, randomToken, sha256, verifyPassword } from './password.ts';
import type { Role } from '../../../core/roles.ts';

export const SESSION_COOKIE = 'wusong_session';
const SESSION_DAYS = 7;
const MAX_FAILURES = 5;
const WINDOW_MIN = 15;
const LOCK_MIN = 15;

/** A binding as both lookups read it (snake_case columns). */
type BindingRow = { role: string; region_code: string | null; unit_id: string | null; path: string | null; level: string | null };
const bindingOf = (b: BindingRow): Binding => ({ role: b.role as Role, regionCode: b.region_code, unitId: b.unit_id, path: b.path, level: b.level });

export async function loadBindings(db: DbOrTx, userId: string): Promise<Binding[]> {
  const rows = await db.execute<BindingRow>(sql`
    select b.role, b.region_code, b.unit_id, coalesce(r.path, ur.path) as path, r.level
    from user_bindings b
    left join regions r on r.code = b.region_code
    left join units u on u.id = b.unit_id
    left join regions ur on ur.code = u.region_code
    where b.user_id = ${userId}
    order by b.role, b.region_code, b.unit_id`);
  return rows.rows.map(bindingOf);
}

/**
 * One round trip per authenticated request: the credential, its user and the user's bindings with
 * the paths that scope them (session lookups are the hot path of every API call).
 */
async function actorBy(db: DbOrTx, credential: SQL, via: Actor['via']): Promise<Actor | null> {
  const r = await db.execute<{
    id: string;
    username: string;
    name: string;
    can_reveal_identity: boolean;
    must_change_password: boolean;
    bindings: BindingRow[] | string | null;
  }>(sql`
    select u.id, u.username, u.name, u.can_reveal_identity, u.must_change_password,
           (select json_agg(json_build_object('role', b.role, 'region_code', b.region_code, 'unit_id', b.unit_id,
                                              'path', coalesce(r.path, ur.path), 'level', r.level) order by b.role, b.region_code, b.unit_id)
              from user_bindings b
              left join regions r on r.code = b.region_code
              left join units un on un.id = b.unit_id
              left join regions ur on ur.code = un.region_code
             where b.user_id = u.id) as bindings
      from users u
     where u.active and u.id = (${credential})`);
  const u = r.rows[0];
  if (!u) return null;
  const raw = typeof u.bindings === 'string' ? JSON.parse(u.bindings) : (u.bindings ?? []);
  const bindings = (raw as BindingRow[]).map(bindingOf);
  return makeActor({ id: u.id, username: u.username, name: u.name, canRevealIdentity: u.can_reveal_identity, mustChangePassword: u.must_change_password, bindings, via });
}

export function actorFromSession(database: Database, token: string): Promise<Actor | null> {
  const hash = sha256(token);
  return cachedActor(`s:${hash}`, () => actorBy(database.db, sql`select user_id from sessions where id = ${hash} and expires_at > now()`, 'session'));
}

// when each token was last marked used by this process: the mark is written at most once a minute per token
const tokenTouched = new Map<string, number>();
const TOUCH_EVERY_MS = 60_000;

export async function actorFromToken(database: Database, token: string): Promise<Actor | null> {
  const hash = sha256(token);
  const actor = await cachedActor(`t:${hash}`, () => actorBy(database.db, sql`select user_id from api_tokens where token_hash = ${hash} and revoked_at is null`, 'token'));
  if (actor && Date.now() - (tokenTouched.get(hash) ?? 0) > TOUCH_EVERY_MS) {
    if (tokenTouched.size > 10_000) tokenTouched.clear();
    tokenTouched.set(hash, Date.now());
    // "last used" on the tokens page; not a change anyone made, so not audited
    await database.db.execute(sql`update api_tokens set last_used_at = now() where token_hash = ${hash}`);
  }
  return actor;
}

/** Throttling lives in the database so that every instance counts the same failures. */
async function checkThrottle(db: DbOrTx, key: string): Promise<void> {
  const r = await db.execute<{ locked: boolean }>(sql`select locked_until > now() as locked from login_attempts where key = ${key}`);
  if (r.rows[0]?.locked) throw new AppError('too_many_attempts', 429, `登录失败次数过多，请 ${LOCK_MIN} 分钟后再试`);
}

async function recordFailure(db: DbOrTx, key: string): Promise<void> {
  await db.execute(sql`
    insert into login_attempts (key, failures, window_start) values (${key}, 1, now())
    on conflict (key) do update set
      failures = case when login_attempts.window_start < now() - make_interval(mins => ${WINDOW_MIN}) then 1 else login_attempts.failures + 1 end,
      window_start = case when login_attempts.window_start < now() - make_interval(mins => ${WINDOW_MIN}) then now() else login_attempts.window_start end,
      locked_until = case when (case when login_attempts.window_start < now() - make_interval(mins => ${WINDOW_MIN}) then 1 else login_attempts.failures + 1 end) >= ${MAX_FAILURES}
        then now() + make_interval(mins => ${LOCK_MIN}) else login_attempts.locked_until end`);
}

export async function login(database: Database, username: string, password: string, requestId?: string) {
  const key = `user:${username.trim().toLowerCase()}`;
  await checkThrottle(database.db, key);
  const [u] = await database.db.select().from(users).where(eq(users.username, username.trim()));
  const ok = u && u.active ? await verifyPassword(password, u.passwordHash) : false;
  if (!ok || !u) {
    await recordFailure(database.db, key);
    throw new AppError('invalid_credentials', 401, '用户名或密码错误');
  }
  const token = randomToken();
  const actor = makeActor({ ...u, bindings: await loadBindings(database.db, u.id), via: 'session' });
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`delete from login_attempts where key = ${key}`);
    await tx.insert(sessions).values({ id: sha256(token), userId: u.id, expiresAt: new Date(Date.now() + SESSION_DAYS * 86400_000) });
    await tx.execute(sql`delete from sessions where user_id = ${u.id} and expires_at < now()`);
    await writeAudit(tx, { actor, requestId }, { action: 'login', entity: 'user', entityId: u.id });
  });
  return { token, actor, maxAgeSeconds: SESSION_DAYS * 86400 };
}

export async function logout(database: Database, token: string, actor: Actor, requestId?: string) {
  await database.db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, sha256(token)));
    await writeAudit(tx, { actor, requestId }, { action: 'logout', entity: 'user', entityId: actor.userId });
  });
}

export async function changeOwnPassword(database: Database, actor: Actor, current: string, next: string, requestId?: string) {
  if (!actor.userId) throw invalid('系统账号不能修改密码');
  const [u] = await database.db.select().from(users).where(eq(users.id, actor.userId));
  if (!u || !(await verifyPassword(current, u.passwordHash))) throw invalid('当前密码不正确');
  const problem = passwordProblem(next);
  if (problem) throw invalid(problem);
  if (current === next) throw invalid('新密码不能与当前密码相同');
  const hash = await hashPassword(next);
  await database.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash: hash, mustChangePassword: false, updatedAt: new Date(), version: nextVersion(users) }).where(eq(users.id, u.id));
    await writeAudit(tx, { actor, requestId }, { action: 'password.change', entity: 'user', entityId: u.id });
  });
}

export function meView(actor: Actor) {
  return {
    id: actor.userId ?? actor.username,
    username: actor.username,
    name: actor.name,
    bindings: actor.bindings.map((b) => (b.unitId ? { role: b.role, unitId: b.unitId } : { role: b.role, regionCode: b.regionCode })),
    mustChangePassword: actor.mustChangePassword,
    canRevealIdentity: actor.canRevealIdentity,
  };
}
