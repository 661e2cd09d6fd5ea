import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { createDb } from '../../db/client.ts';
import { buildApp } from '../../app.ts';
import { testEngine } from '../../../test/db-template.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
});
afterAll(() => t.close());

describe('login, me, logout', () => {
  it('logs in with a session cookie and returns the /api/me object', async () => {
    const r = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: PASSWORD } });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ username: 'admin', mustChangePassword: false, bindings: [{ role: 'admin' }] });
    const cookie = r.cookies.find((c) => c.name === 'wusong_session');
    expect(cookie?.httpOnly).toBe(true);
    const me = await t.inject({ url: '/api/me', headers: { cookie: `wusong_session=${cookie!.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().username).toBe('admin');
    const out = await t.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: `wusong_session=${cookie!.value}` } });
    expect(out.statusCode).toBe(204);
    const after = await t.inject({ url: '/api/me', headers: { cookie: `wusong_session=${cookie!.value}` } });
    expect(after.statusCode).toBe(401);
    expect(after.headers['content-type']).toContain('application/problem+json');
  });

  it('answers 401 for wrong credentials and 429 once throttled (stored in the database)', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'victim', password: 'wrong' } });
      expect(r.statusCode).toBe(401);
      expect(r.json().detail).toBe('用户名或密码错误');
    }
    const r = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'victim', password: 'wrong' } });
    expect(r.statusCode).toBe(429);
    expect(r.json().detail).toMatch(/登录失败次数过多/);
    const rows = await t.database.query<{ failures: number }>(`select failures from login_attempts where key = 'user:victim'`);
    expect(rows[0].failures).toBe(5);
  });

  it('validation errors are 422 problem+json in Chinese', async () => {
    const r = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '' } });
    expect(r.statusCode).toBe(422);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json().detail).toMatch(/输入有误/);
  });

  it('a generated password must be changed at first login', async () => {
    const admin = await t.login('admin');
    const created = await t.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin }, payload: { username: 'newbie', bindings: [{ role: 'village_admin', regionCode: TREE.a1 }] } });
    expect(created.statusCode).toBe(201);
    const pw = created.json().password as string;
    expect(pw).toMatch(/^.{14}$/);
    const r = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'newbie', password: pw } });
    expect(r.json().mustChangePassword).toBe(true);
    const cookie = `wusong_session=${r.cookies.find((c) => c.name === 'wusong_session')!.value}`;
    const bad = await t.inject({ method: 'POST', url: '/api/me/password', headers: { cookie }, payload: { currentPassword: pw, newPassword: 'short' } });
    expect(bad.statusCode).toBe(422);
    const ok = await t.inject({ method: 'POST', url: '/api/me/password', headers: { cookie }, payload: { currentPassword: pw, newPassword: 'Better123x' } });
    expect(ok.statusCode).toBe(204);
    const me = await t.inject({ url: '/api/me', headers: { cookie } });
    expect(me.json().mustChangePassword).toBe(false);
  });

  it('stores passwords with a salted memory-hard hash', async () => {
    const rows = await t.database.query<{ password_hash: string }>(`select password_hash from users where username = 'admin'`);
    expect(rows[0].password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
  });

  it('API tokens act with the scope of their user, are audited and revocable', async () => {
    const admin = await t.login('admin');
    const u = await t.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin }, payload: { username: 'integration', password: 'Integr8tion', bindings: [{ role: 'town_office', regionCode: TREE.townB }] } });
    const tok = await t.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: admin }, payload: { name: '县平台对接', userId: u.json().user.id } });
    expect(tok.statusCode).toBe(201);
    const auth = { authorization: `Bearer ${tok.json().token}` };
    const regions = await t.inject({ url: '/api/regions', headers: auth });
    expect(regions.statusCode).toBe(200);
    expect(regions.json().map((r: { code: string }) => r.code).sort()).toEqual([TREE.townB, TREE.b1, TREE.b2].sort());
    const audit = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'token.create'`);
    expect(audit[0].n).toBe(1);
    // the tokens page tells when each token was last used
    const listed = await t.inject({ url: '/api/tokens', headers: { cookie: admin } });
    const mine = listed.json().find((x: { id: string }) => x.id === tok.json().id);
    expect(mine.lastUsedAt).not.toBeNull();
    expect(Math.abs(Date.parse(mine.lastUsedAt) - Date.now())).toBeLessThan(60_000);
    const del = await t.inject({ method: 'DELETE', url: `/api/tokens/${tok.json().id}`, headers: { cookie: admin } });
    expect(del.statusCode).toBe(204);
    const again = await t.inject({ url: '/api/regions', headers: auth });
    expect(again.statusCode).toBe(401);
  });
});

describe('who is behind a session (looked up once per few seconds per process)', () => {
  it('a change of bindings, a deactivation take effect at the very next request', async () => {
    const admin = await t.login('admin');
    const cookie = await t.userWith('village_admin', { regionCode: TREE.a1 }, 'moved_cadre');
    const me = () => t.inject({ url: '/api/me', headers: { cookie } });
    const regions = async () => (await t.inject({ url: '/api/regions', headers: { cookie } })).json().map((r: { code: string }) => r.code);
    expect((await me()).json().bindings).toEqual([{ role: 'village_admin', regionCode: TREE.a1 }]);
    expect(await regions()).toContain(TREE.a1);
    const listed = (await t.inject({ url: '/api/users?pageSize=100', headers: { cookie: admin } })).json();
    const user = (listed.items ?? listed).find((u: { username: string }) => u.username === 'moved_cadre');
    const moved = await t.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: { cookie: admin }, payload: { version: user.version, bindings: [{ role: 'village_admin', regionCode: TREE.a2 }] } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await me()).json().bindings).toEqual([{ role: 'village_admin', regionCode: TREE.a2 }]);
    const now = await regions();
    expect(now).toContain(TREE.a2);
    expect(now).not.toContain(TREE.a1);
    const off = await t.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: { cookie: admin }, payload: { version: moved.json().version, active: false } });
    expect(off.statusCode, off.body).toBe(200);
    expect((await me()).statusCode).toBe(401);
  });
});

describe.runIf(testEngine() === 'postgres')('two instances on one PostgreSQL', () => {
  it('share sessions: a login on one is valid on the other', async () => {
    const second = await createDb({ databaseUrl: t.db.location, migrate: false, poolSize: 2 });
    const app2 = await buildApp({ database: second, cipher: t.cipher });
    try {
      const cookie = await t.login('admin');
      const me = await app2.inject({ url: '/api/me', headers: { cookie } });
      expect(me.statusCode).toBe(200);
      expect(me.json().username).toBe('admin');
    } finally {
      await app2.close();
      await second.close();
    }
  });
});

describe('first password, login abuse, password rule, idle sessions, token expiry (issue 12)', () => {
  const loginFrom = (username: string, password: string, address = '127.0.0.1', cookie?: string) =>
    t.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: address, headers: cookie ? { cookie } : {} });
  const sessionOf = (r: { cookies: { name: string; value: string }[] }) => `wusong_session=${r.cookies.find((c) => c.name === 'wusong_session')!.value}`;
  const deviceOf = (r: { cookies: { name: string; value: string }[] }) => `wusong_device=${r.cookies.find((c) => c.name === 'wusong_device')!.value}`;

  it('until the first password is changed, the server answers 403 to everything but me, the change and logout', async () => {
    const admin = await t.login('admin');
    const created = await t.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin }, payload: { username: 'first_timer', bindings: [{ role: 'town_office', regionCode: TREE.townA }] } });
    const pw = created.json().password as string;
    const cookie = sessionOf(await loginFrom('first_timer', pw));
    for (const url of ['/api/regions', '/api/disputes', '/api/workbench']) {
      const r = await t.inject({ url, headers: { cookie } });
      expect(r.statusCode, url).toBe(403);
      expect(r.json().title).toBe('password_change_required');
    }
    const write = await t.inject({ method: 'POST', url: '/api/disputes', headers: { cookie }, payload: {} });
    expect(write.statusCode).toBe(403);
    expect((await t.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    expect((await t.inject({ method: 'POST', url: '/api/me/password', headers: { cookie }, payload: { currentPassword: pw, newPassword: 'Kx7mPq2vLt' } })).statusCode).toBe(204);
    expect((await t.inject({ url: '/api/regions', headers: { cookie } })).statusCode).toBe(200);
  });

  it('throttles per address too: many usernames from one address end in 429 with Retry-After, another address is not affected', async () => {
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await loginFrom(`nobody_${i}`, 'Wrong12345x', '10.9.8.7')).statusCode;
    expect(last).toBe(429);
    const r = await loginFrom('nobody_x', 'Wrong12345x', '10.9.8.7');
    expect(r.statusCode).toBe(429);
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    expect((await loginFrom('nobody_y', 'Wrong12345x', '10.9.8.8')).statusCode).toBe(401);
    // the right password from the throttled address waits too: the address is what is throttled
    expect((await loginFrom('admin', PASSWORD, '10.9.8.7')).statusCode).toBe(429);
  });

  it('an unknown username costs the same work as a wrong password (no discovery of usernames)', async () => {
    const cpu = async (username: string, address: string) => {
      const start = process.cpuUsage();
      for (let i = 0; i < 3; i++) expect((await loginFrom(username, 'Wrong12345x', address)).statusCode).toBe(401);
      const d = process.cpuUsage(start);
      return d.user + d.system;
    };
    await t.userWith('town_office', { regionCode: TREE.townA }, 'known_user');
    const known = await cpu('known_user', '10.1.1.1');
    const unknown = await cpu('unknown_user_zz', '10.1.1.2');
    // the password hash dominates both (tens of ms each); a skipped hash is a few ms
    expect(unknown / known).toBeGreaterThan(0.4);
  });

  it('failed logins elsewhere cannot lock a user out of a browser they logged in from; an admin lifts the lock', async () => {
    await t.userWith('town_office', { regionCode: TREE.townA }, 'target_user');
    const first = await loginFrom('target_user', PASSWORD, '10.2.2.2');
    expect(first.statusCode).toBe(200);
    const device = deviceOf(first);
    for (let i = 0; i < 5; i++) expect((await loginFrom('target_user', 'Wrong12345x', '10.3.3.3')).statusCode).toBe(401);
    expect((await loginFrom('target_user', PASSWORD, '10.4.4.4')).statusCode).toBe(429);
    expect((await loginFrom('target_user', PASSWORD, '10.2.2.2', device)).statusCode).toBe(200);
    const admin = await t.login('admin');
    const id = (await t.database.query<{ id: string }>(`select id from users where username = 'target_user'`))[0].id;
    expect((await t.inject({ method: 'POST', url: `/api/users/${id}/password`, headers: { cookie: admin }, payload: { password: 'Nq4rTz8wYb' } })).statusCode).toBe(200);
    expect((await loginFrom('target_user', 'Nq4rTz8wYb', '10.4.4.4')).statusCode).toBe(200);
  });

  it('sweeps attempt counters that are a day old', async () => {
    await t.database.query(`insert into login_attempts (key, failures, window_start, locked_until) values ('user:old_one', 5, now() - interval '3 days', now() - interval '3 days'), ('user:fresh_one', 1, now(), null)`);
    const { dropOldRateLimits } = await import('../../rate-limit-store.ts');
    await dropOldRateLimits(t.database);
    const keys = (await t.database.query<{ key: string }>(`select key from login_attempts where key in ('user:old_one', 'user:fresh_one')`)).map((r) => r.key);
    expect(keys).toEqual(['user:fresh_one']);
  });

  it('refuses short, username-containing and common passwords with a Chinese reason', async () => {
    const cookie = await t.userWith('town_office', { regionCode: TREE.townA }, 'policy_user');
    const change = (newPassword: string) => t.inject({ method: 'POST', url: '/api/me/password', headers: { cookie }, payload: { currentPassword: PASSWORD, newPassword } });
    for (const [pw, reason] of [
      ['Abc123xyz', '密码至少 10 位'],
      ['policy_user2026', '密码不能包含用户名'],
      ['Password123', '密码过于常见'],
    ]) {
      const r = await change(pw);
      expect(r.statusCode, pw).toBe(422);
      expect(r.json().detail).toContain(reason);
    }
    const admin = await t.login('admin');
    const weak = await t.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin }, payload: { username: 'weakling', password: 'weakling123', bindings: [{ role: 'town_office', regionCode: TREE.townA }] } });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().detail).toContain('密码不能包含用户名');
  });

  it("changing one's password ends one's other sessions", async () => {
    await t.userWith('town_office', { regionCode: TREE.townA }, 'two_browsers');
    const a = await t.login('two_browsers');
    const b = await t.login('two_browsers');
    expect((await t.inject({ method: 'POST', url: '/api/me/password', headers: { cookie: a }, payload: { currentPassword: PASSWORD, newPassword: 'Vw3nRk7pQs' } })).statusCode).toBe(204);
    expect((await t.inject({ url: '/api/me', headers: { cookie: a } })).statusCode).toBe(200);
    expect((await t.inject({ url: '/api/me', headers: { cookie: b } })).statusCode).toBe(401);
  });

  it('a session idle longer than the limit (default 8 hours) has ended', async () => {
    const cookie = await t.userWith('town_office', { regionCode: TREE.townA }, 'idle_user');
    expect((await t.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    const { auditedChange } = await import('./actor-cache.ts');
    await t.database.query(`update sessions set last_seen_at = now() - interval '7 hours 50 minutes' where user_id = (select id from users where username = 'idle_user')`);
    auditedChange('user'); // forget this process's few seconds of memory
    expect((await t.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    await t.database.query(`update sessions set last_seen_at = now() - interval '8 hours 10 minutes' where user_id = (select id from users where username = 'idle_user')`);
    auditedChange('user');
    expect((await t.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('API tokens can carry an expiry', async () => {
    const admin = await t.login('admin');
    const u = await t.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin }, payload: { username: 'expiring', password: 'Expir1ngTok', bindings: [{ role: 'town_office', regionCode: TREE.townB }] } });
    const userId = u.json().user.id;
    const past = await t.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: admin }, payload: { name: '过期', userId, expiresOn: '2020-01-01' } });
    expect(past.statusCode).toBe(422);
    const tomorrow = new Date(Date.now() + 2 * 86400_000).toISOString().slice(0, 10);
    const tok = await t.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: admin }, payload: { name: '短期对接', userId, expiresOn: tomorrow } });
    expect(tok.statusCode).toBe(201);
    const auth = { authorization: `Bearer ${tok.json().token}` };
    expect((await t.inject({ url: '/api/regions', headers: auth })).statusCode).toBe(200);
    const listed = (await t.inject({ url: '/api/tokens', headers: { cookie: admin } })).json().find((x: { id: string }) => x.id === tok.json().id);
    expect(Date.parse(listed.expiresAt)).toBeGreaterThan(Date.now());
    await t.database.query(`update api_tokens set expires_at = now() - interval '1 minute' where id = $1`, [tok.json().id]);
    const { auditedChange } = await import('./actor-cache.ts');
    auditedChange('api_token');
    expect((await t.inject({ url: '/api/regions', headers: auth })).statusCode).toBe(401);
  });
});
