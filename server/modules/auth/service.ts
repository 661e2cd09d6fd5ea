import { eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Login, PasswordChange } from '../../../core/schemas/auth.ts';
import type { Database, DbOrTx } from '../../db/client.ts';
import { nextVersion } from '../../db/versioned.ts';
import { knownDevices, sessions, users } from '../../db/schema/index.ts';
import { AppError, invalid } from '../../errors.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { makeActor, type Actor, type Binding } from './actor.ts';
import { cachedActor } from './actor-cache.ts';
import { passwordProblem } from '../../../core/password-policy.ts';
import { hashPassword, randomToken, sha256, verifyPassword } from './password.ts';
import type { Role } from '../../../core/roles.ts';

export const SESSION_COOKIE = 'wusong_session';
/** A browser the user logged in from before (its hash in known_devices). */
export const DEVICE_COOKIE = 'wusong_device';
const SESSION_DAYS = 7;
const DEVICE_DAYS = 365;
/** Failures of one username (from browsers it never logged in from) before a lock. */
const USER_MAX_FAILURES = 5;
/** Failures from one address, whatever the usernames, before a lock: guessing names or passwords in bulk. */
const ADDRESS_MAX_FAILURES = 30;
const WINDOW_MIN = 15;
const LOCK_MIN = 15;
/** Default idle limit of a session (WUSONG_SESSION_IDLE_MINUTES). */
export const DEFAULT_SESSION_IDLE_MINUTES = 8 * 60;
const SEEN_EVERY_MS = 60_000;

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

// when each session was last marked seen by this process (written at most once a minute per session)
const sessionSeen = new Map<string, number>();

/** The person behind a session cookie; a session idle longer than `idleMinutes` has ended. */
export async function actorFromSession(database: Database, token: string, idleMinutes = DEFAULT_SESSION_IDLE_MINUTES): Promise<Actor | null> {
  const hash = sha256(token);
  const actor = await cachedActor(`s:${hash}`, () =>
    actorBy(database.db, sql`select user_id from sessions where id = ${hash} and expires_at > now() and last_seen_at > now() - make_interval(mins => ${idleMinutes})`, 'session'),
  );
  if (actor && Date.now() - (sessionSeen.get(hash) ?? 0) > SEEN_EVERY_MS) {
    if (sessionSeen.size > 10_000) sessionSeen.clear();
    sessionSeen.set(hash, Date.now());
    await database.db.execute(sql`update sessions set last_seen_at = now() where id = ${hash}`);
  }
  return actor;
}

/** An active user by name, as the CLI acts for them (`wusong import --as NAME`): their bindings, their scope. */
export function actorForUser(database: Database, username: string): Promise<Actor | null> {
  return actorBy(database.db, sql`select id from users where username = ${username}`, 'system');
}

// when each token was last marked used by this process: the mark is written at most once a minute per token
const tokenTouched = new Map<string, number>();
const TOUCH_EVERY_MS = 60_000;

export async function actorFromToken(database: Database, token: string): Promise<Actor | null> {
  const hash = sha256(token);
  const actor = await cachedActor(`t:${hash}`, () => actorBy(database.db, sql`select user_id from api_tokens where token_hash = ${hash} and revoked_at is null and (expires_at is null or expires_at > now())`, 'token'));
  if (actor && Date.now() - (tokenTouched.get(hash) ?? 0) > TOUCH_EVERY_MS) {
    if (tokenTouched.size > 10_000) tokenTouched.clear();
    tokenTouched.set(hash, Date.now());
    // "last used" on the tokens page; not a change anyone made, so not audited
    await database.db.execute(sql`update api_tokens set last_used_at = now() where token_hash = ${hash}`);
  }
  return actor;
}

/**
 * Throttling lives in the database so that every instance counts the same failures. Two counters: the address
 * (many usernames or passwords from one place) and the username — counted per browser the user logged in from
 * before, so someone failing on purpose elsewhere cannot lock the real user out of their own browser.
 */
async function checkThrottle(db: DbOrTx, keys: string[]): Promise<void> {
  const r = await db.execute<{ wait: number | null }>(sql`
    select ceil(extract(epoch from max(locked_until) - now()))::int as wait
      from login_attempts where key in (${sql.join(keys.map((k) => sql`${k}`), sql`, `)}) and locked_until > now()`);
  const wait = Number(r.rows[0]?.wait ?? 0);
  if (wait > 0) {
    const minutes = Math.max(1, Math.ceil(wait / 60));
    throw new AppError('too_many_attempts', 429, `登录失败次数过多，请 ${minutes} 分钟后再试`, undefined, { 'retry-after': String(wait) });
  }
}

async function recordFailure(db: DbOrTx, key: string, max: number): Promise<void> {
  const fresh = sql`login_attempts.window_start < now() - make_interval(mins => ${WINDOW_MIN})`;
  await db.execute(sql`
    insert into login_attempts (key, failures, window_start) values (${key}, 1, now())
    on conflict (key) do update set
      failures = case when ${fresh} then 1 else login_attempts.failures + 1 end,
      window_start = case when ${fresh} then now() else login_attempts.window_start end,
      locked_until = case when (case when ${fresh} then 1 else login_attempts.failures + 1 end) >= ${max}
        then now() + make_interval(mins => ${LOCK_MIN}) else login_attempts.locked_until end`);
}

// a hash of a password nobody has, so an unknown username costs the same work as a known one
let decoyHash: Promise<string> | null = null;
const decoy = () => (decoyHash ??= hashPassword(randomToken()));

/** Throttle keys of a username: all its failures, or only those of one browser it logged in from before. */
export const userThrottleKey = (username: string, deviceId?: string | null) => `user:${username.trim().toLowerCase()}${deviceId ? `:device:${deviceId}` : ''}`;

export interface LoginFrom {
  requestId?: string;
  /** the client's address (req.ip) */
  address?: string;
  /** the device cookie, if the browser sent one */
  deviceToken?: string | null;
}

export async function login(database: Database, input: z.output<typeof Login>, from: LoginFrom = {}) {
  const { username, password } = input;
  const name = username.trim();
  const [u] = await database.db.select().from(users).where(eq(users.username, name));
  let deviceId: string | null = null;
  if (u && from.deviceToken) {
    const r = await database.db.execute<{ id: string }>(sql`select id from known_devices where id = ${sha256(from.deviceToken)} and user_id = ${u.id}`);
    deviceId = r.rows[0]?.id ?? null;
  }
  const userKey = userThrottleKey(name, deviceId);
  const addressKey = from.address ? `ip:${from.address}` : null;
  await checkThrottle(database.db, addressKey ? [userKey, addressKey] : [userKey]);
  const ok = u && u.active ? await verifyPassword(password, u.passwordHash) : (await verifyPassword(password, await decoy()), false);
  if (!ok || !u) {
    await recordFailure(database.db, userKey, USER_MAX_FAILURES);
    if (addressKey) await recordFailure(database.db, addressKey, ADDRESS_MAX_FAILURES);
    throw new AppError('invalid_credentials', 401, '用户名或密码错误');
  }
  const token = randomToken();
  const deviceToken = deviceId ? from.deviceToken! : randomToken();
  const actor = makeActor({ ...u, bindings: await loadBindings(database.db, u.id), via: 'session' });
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`delete from login_attempts where key = ${userKey}`);
    await tx.insert(sessions).values({ id: sha256(token), userId: u.id, expiresAt: new Date(Date.now() + SESSION_DAYS * 86400_000) });
    await tx.execute(sql`delete from sessions where user_id = ${u.id} and expires_at < now()`);
    if (deviceId) await tx.execute(sql`update known_devices set last_used_at = now() where id = ${deviceId}`);
    else await tx.insert(knownDevices).values({ id: sha256(deviceToken), userId: u.id });
    await writeAudit(tx, { actor, requestId: from.requestId, address: from.address }, { action: 'login', entity: 'user', entityId: u.id });
  });
  return { token, actor, maxAgeSeconds: SESSION_DAYS * 86400, deviceToken, deviceMaxAgeSeconds: DEVICE_DAYS * 86400 };
}

export async function logout(database: Database, token: string, ctx: CommandContext) {
  const { actor } = ctx;
  await database.db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, sha256(token)));
    await writeAudit(tx, ctx, { action: 'logout', entity: 'user', entityId: actor.userId });
  });
}

/** Changes the user's own password and ends their other sessions (the current one, if any, stays). */
export async function changeOwnPassword(database: Database, ctx: CommandContext, input: z.output<typeof PasswordChange>, sessionToken?: string | null) {
  const { currentPassword: current, newPassword: next } = input;
  const { actor } = ctx;
  if (!actor.userId) throw invalid('系统账号不能修改密码');
  const [u] = await database.db.select().from(users).where(eq(users.id, actor.userId));
  if (!u || !(await verifyPassword(current, u.passwordHash))) throw invalid('当前密码不正确');
  const problem = passwordProblem(next, u.username);
  if (problem) throw invalid(problem);
  if (current === next) throw invalid('新密码不能与当前密码相同');
  const hash = await hashPassword(next);
  await database.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash: hash, mustChangePassword: false, updatedAt: new Date(), version: nextVersion(users) }).where(eq(users.id, u.id));
    await tx.execute(sql`delete from sessions where user_id = ${u.id} and id <> ${sessionToken ? sha256(sessionToken) : ''}`);
    await writeAudit(tx, ctx, { action: 'password.change', entity: 'user', entityId: u.id });
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
