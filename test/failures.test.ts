import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildApp } from '../server/app.ts';
import { createDb } from '../server/db/client.ts';
import { Cipher } from '../server/secret.ts';
import { badValue, databaseUnavailable, errForLog, redactText } from '../server/failures.ts';
import { ACTORS_CHANNEL, setActorTtl } from '../server/modules/auth/actor-cache.ts';
import { createTestApp, type TestApp } from './helpers.ts';
import { seedTree, TREE } from './factories.ts';
import { testEngine } from './db-template.ts';

// Failures answered truthfully (issue 12 point 9).
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
});
afterAll(() => t.close());

const lines = () => {
  const out: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      out.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  return { out, stream };
};

describe('a database out of reach', () => {
  it('answers 503 in Chinese, health says the database is down, and the error is logged as one redacted JSON line', async () => {
    // nothing listens on this port: every query fails to connect
    const down = await createDb({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', migrate: false, poolSize: 1 });
    const log = lines();
    const app = await buildApp({ database: down, cipher: new Cipher('x'), logger: { level: 'warn', stream: log.stream } });
    try {
      const r = await app.inject({ url: '/api/public/progress?code=ABCDEFGHJK' });
      expect(r.statusCode).toBe(503);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().detail).toMatch(/数据库暂时无法访问/);
      const withCookie = await app.inject({ url: '/api/me', headers: { cookie: 'wusong_session=abc' } });
      expect(withCookie.statusCode).toBe(503);
      const health = await app.inject({ url: '/api/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({ status: 'error', database: 'postgres' });
      expect(health.json().detail).toMatch(/数据库/);
      expect(log.out.length).toBeGreaterThan(0);
      for (const line of log.out) {
        const entry = JSON.parse(line);
        expect(entry.level).toBeGreaterThanOrEqual(40);
        expect(line).not.toContain('wusong_session=abc');
      }
    } finally {
      await app.close();
      await down.close();
    }
  });

  it('health is ok when the database answers and takes a write', async () => {
    const r = await t.inject({ url: '/api/health' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ok', database: testEngine() });
  });
});

describe('a NUL byte or an impossible date is the client’s 422, never a 500', () => {
  it.each([
    ['GET', `/api/disputes?q=${encodeURIComponent('张\u0000三')}`, undefined],
    ['GET', '/api/disputes?from=2024-02-30', undefined],
    ['GET', '/api/visits?q=%00', undefined],
    ['POST', '/api/disputes', { regionCode: TREE.a1, receivedOn: '2024-02-30', channel: 'visit', category: 'neighbour', summary: 'x', peopleCount: 2, parties: [] }],
    ['POST', '/api/disputes', { regionCode: TREE.a1, receivedOn: '2024-03-01', channel: 'visit', category: 'neighbour', summary: 'a\u0000b', peopleCount: 2, parties: [] }],
    ['POST', '/api/key-persons', { regionCode: TREE.a1, name: '李\u0000四' }],
  ])('%s %s', async (method, url, payload) => {
    const cookie = await t.login('admin');
    const r = await t.inject({ method: method as 'GET' | 'POST', url, headers: { cookie }, ...(payload ? { payload } : {}) });
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json().detail).toMatch(/输入有误/);
  });

  it('a value the database refuses as data (class 22) is a 422, whatever route let it through', () => {
    expect(badValue({ code: '22007' })).toBe(true);
    expect(badValue({ message: 'x', cause: { code: '22021' } })).toBe(true);
    expect(badValue({ code: '23505' })).toBe(false);
    expect(databaseUnavailable({ code: 'ECONNREFUSED' })).toBe(true);
    expect(databaseUnavailable({ cause: { code: '57P01' } })).toBe(true);
    expect(databaseUnavailable({ code: '53100' })).toBe(true); // disk full
    expect(databaseUnavailable({ code: '22007' })).toBe(false);
  });
});

describe('logs carry no identity numbers, phones or query parameters', () => {
  it('masks identity numbers and phones in any text', () => {
    expect(redactText('证件 330782199001011234 电话 13812345678')).toBe('证件 330***********1234 电话 138****5678');
    fc.assert(
      fc.property(fc.integer({ min: 1950, max: 2020 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 9999 }), (y, m, d, n) => {
        const id = `330782${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(n).padStart(4, '0')}`;
        expect(redactText(`x ${id} y`)).not.toContain(id);
      }),
    );
  });

  it("drops a failed query's parameters from the logged error", () => {
    const e = new Error('Failed query: select * from parties where id_hash = $1\nparams: 330782199001011234');
    const logged = JSON.stringify(errForLog(e));
    expect(logged).not.toContain('330782199001011234');
    expect(logged).toContain('Failed query');
  });
});

describe.runIf(testEngine() === 'postgres')('revocation reaches every instance at once', () => {
  it('an audited change to users notifies the other instances when it commits', async () => {
    const listener = new pg.Client({ connectionString: t.db.location });
    await listener.connect();
    const got: string[] = [];
    listener.on('notification', (n) => got.push(n.channel));
    await listener.query(`listen ${ACTORS_CHANNEL}`);
    try {
      const admin = await t.login('admin');
      const cookie = await t.userWith('town_office', { regionCode: TREE.townA }, 'leaving_user');
      void cookie;
      const u = (await t.database.query<{ id: string; version: number }>(`select id, version from users where username = 'leaving_user'`))[0];
      got.length = 0;
      const off = await t.inject({ method: 'PATCH', url: `/api/users/${u.id}`, headers: { cookie: admin }, payload: { version: u.version, active: false } });
      expect(off.statusCode, off.body).toBe(200);
      await expect.poll(() => got.length, { timeout: 3000 }).toBeGreaterThan(0);
    } finally {
      await listener.end();
    }
  });

  it('an instance forgets who is behind a session as soon as another instance says so', async () => {
    // the user first: the notices of its creation go out before the second instance listens
    const cookie = await t.userWith('town_office', { regionCode: TREE.townA }, 'revoked_elsewhere');
    const second = await createDb({ databaseUrl: t.db.location, migrate: false, poolSize: 2 });
    const app2 = await buildApp({ database: second, cipher: t.cipher });
    // answers kept for a minute: only the notice can end this one within the test
    const ttl = setActorTtl(60_000);
    try {
      expect((await app2.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
      // the session ends without this process's audit writer knowing (as on another instance)…
      await t.database.query(`delete from sessions where user_id = (select id from users where username = 'revoked_elsewhere')`);
      expect((await app2.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200); // still remembered
      // …and that instance's notice arrives
      await t.database.query(`select pg_notify('${ACTORS_CHANNEL}', '')`);
      await expect.poll(async () => (await app2.inject({ url: '/api/me', headers: { cookie } })).statusCode, { timeout: 10_000 }).toBe(401);
    } finally {
      setActorTtl(ttl);
      await app2.close();
      await second.close();
    }
  });
});

describe('audit entries record the source address', () => {
  it('stores the client address of a change', async () => {
    const admin = await t.login('admin');
    const r = await t.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin }, remoteAddress: '192.0.2.44', payload: { username: 'addr_user', password: 'Kx7mPq2vLt', bindings: [{ role: 'town_office', regionCode: TREE.townA }] } });
    expect(r.statusCode).toBe(201);
    const rows = await t.database.query<{ source_address: string }>(`select source_address from audit_log where action = 'user.create' and entity_id = $1`, [r.json().user.id]);
    expect(rows[0].source_address).toBe('192.0.2.44');
  });
});
