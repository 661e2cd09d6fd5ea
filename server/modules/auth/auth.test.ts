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
