/**
 * Versioned updates are atomic (issue 12.2): two updates sent at the same moment with the same `version` —
 * on PostgreSQL through two app instances on one database, as two servers behind a proxy would — end with
 * exactly one 200 and one 409, and the stored version went up by exactly one. The embedded engine belongs to
 * one process, so there both requests go to the one instance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../server/app.ts';
import { createDb, type Database } from '../server/db/client.ts';
import { createTestApp, PASSWORD, sysCtx, type TestApp } from './helpers.ts';
import { seedTree, TREE } from './factories.ts';
import { shanghaiToday } from './prevention-fixture.ts';
import { testEngine } from './db-template.ts';
import { createUser } from '../server/modules/users/service.ts';

let t: TestApp;
let second: { app: FastifyInstance; database: Database } | null = null;
let apps: [FastifyInstance, FastifyInstance];
const cookie: Record<'admin' | 'office', string> = { admin: '', office: '' };
let cadreId = '';

beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  if (testEngine() === 'postgres') {
    const database = await createDb({ databaseUrl: t.db.location, migrate: false, poolSize: 5 });
    const app = await buildApp({ database, cipher: t.cipher });
    await app.ready();
    second = { app, database };
  }
  apps = [t.app, second?.app ?? t.app];
  cookie.admin = await t.login('admin');
  cookie.office = await t.userWith('town_office', { regionCode: TREE.townA });
  await createUser(t.database, sysCtx(), { username: 'cadre_kp', password: PASSWORD, bindings: [{ role: 'village_admin', regionCode: TREE.a1, unitId: null }] });
  cadreId = (await t.database.query<{ id: string }>(`select id from users where username = 'cadre_kp'`))[0].id;
});
afterAll(async () => {
  if (second) {
    await second.app.close();
    await second.database.close();
  }
  await t.close();
});

type Who = keyof typeof cookie;
type Method = 'POST' | 'PUT' | 'PATCH';

async function call(who: Who, method: Method, url: string, payload: object) {
  const r = await t.inject({ method, url, headers: { cookie: cookie[who] }, payload });
  if (r.statusCode !== 200 && r.statusCode !== 201) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
  return r.json();
}
const created = async (who: Who, url: string, payload: object) => String((await call(who, 'POST', url, payload)).id);

interface Case {
  name: string;
  who: Who;
  /** table and key column where the stored version is read */
  table: string;
  keyCol: string;
  /** makes the record (and brings it to a version if need be); returns its key */
  make(): Promise<string>;
  method: 'PATCH' | 'PUT';
  url(key: string): string;
  /** the i-th (0 or 1) competing change, without the version */
  change(i: number): object;
}

const year = new Date().getFullYear();
const checklistUrl = `/api/checklist/${TREE.townA}/${year}/T1`;

const CASES: Case[] = [
  {
    name: 'risks',
    who: 'office',
    table: 'risks',
    keyCol: 'id',
    make: () => created('office', '/api/risks', { regionCode: TREE.a1, category: 'neighbour', description: '宅基地边界' }),
    method: 'PATCH',
    url: (id) => `/api/risks/${id}`,
    change: (i) => ({ measures: `措施${i}` }),
  },
  {
    name: 'personnel',
    who: 'office',
    table: 'personnel',
    keyCol: 'id',
    make: () => created('office', '/api/personnel', { name: '明白人', role: 'legal_literate', regionCode: TREE.a1 }),
    method: 'PATCH',
    url: (id) => `/api/personnel/${id}`,
    change: (i) => ({ notes: `备注${i}` }),
  },
  {
    name: 'visits',
    who: 'office',
    table: 'visits',
    keyCol: 'id',
    make: () => created('office', '/api/visits', { type: 'reception', visitedOn: shanghaiToday(), regionCode: TREE.a1, personsMet: '张某', requests: '要求解决排水问题' }),
    method: 'PATCH',
    url: (id) => `/api/visits/${id}`,
    change: (i) => ({ answer: `答复${i}` }),
  },
  {
    name: 'users',
    who: 'admin',
    table: 'users',
    keyCol: 'id',
    make: async () => cadreId,
    method: 'PATCH',
    url: (id) => `/api/users/${id}`,
    change: (i) => ({ name: `村干部${i}` }),
  },
  {
    name: 'regions',
    who: 'admin',
    table: 'regions',
    keyCol: 'code',
    make: async () => TREE.a3,
    method: 'PATCH',
    url: (code) => `/api/regions/${code}`,
    change: (i) => ({ name: `南村${i}` }),
  },
  {
    name: 'units',
    who: 'admin',
    table: 'units',
    keyCol: 'id',
    make: async () => `vc-${TREE.a3}`,
    method: 'PATCH',
    url: (id) => `/api/units/${id}`,
    change: (i) => ({ name: `南村调委会${i}` }),
  },
  {
    name: 'settings',
    who: 'admin',
    table: 'settings',
    keyCol: 'year',
    // a year's own row exists once saved: the race is over updating it
    make: async () => {
      const data = (await t.inject({ url: '/api/settings/2024', headers: { cookie: cookie.admin } })).json().data;
      await call('admin', 'PUT', '/api/settings/2024', { version: 0, data });
      return '2024';
    },
    method: 'PUT',
    url: (y) => `/api/settings/${y}`,
    change: () => ({ data: settingsData }),
  },
  {
    name: "settings, a year's first save",
    who: 'admin',
    table: 'settings',
    keyCol: 'year',
    // no row yet: both insert it, one must lose
    make: async () => '2023',
    method: 'PUT',
    url: (y) => `/api/settings/${y}`,
    change: () => ({ data: settingsData }),
  },
  {
    name: 'checklist',
    who: 'office',
    table: 'checklist_items',
    keyCol: 'id',
    make: async () => String((await call('office', 'PUT', checklistUrl, { status: 'met', version: 0 })).id),
    method: 'PUT',
    url: () => checklistUrl,
    change: (i) => ({ status: i ? 'not_met' : 'met', evidence: `佐证${i}` }),
  },
  {
    name: 'key persons',
    who: 'office',
    table: 'key_persons',
    keyCol: 'id',
    make: () =>
      created('office', '/api/key-persons', { regionCode: TREE.a1, name: '陈某', type: 'three_lost_one_biased', flags: ['life_frustrated'], responsibleUserId: cadreId, riskLevel: 'serious' }),
    method: 'PATCH',
    url: (id) => `/api/key-persons/${id}`,
    change: (i) => ({ situation: `情况${i}` }),
  },
  {
    name: 'screening',
    who: 'office',
    table: 'screening_campaigns',
    keyCol: 'id',
    make: () => created('office', '/api/screening/campaigns', { regionCode: TREE.townA, title: '月度排查', type: 'regular', startsOn: shanghaiToday(), endsOn: shanghaiToday(), deadline: shanghaiToday(), targets: [TREE.a1] }),
    method: 'PATCH',
    url: (id) => `/api/screening/campaigns/${id}`,
    change: (i) => ({ title: `月度排查${i}` }),
  },
  {
    name: 'education',
    who: 'office',
    table: 'education_activities',
    keyCol: 'id',
    make: () => created('office', '/api/education/activities', { type: 'lecture', heldOn: shanghaiToday(), regionCode: TREE.a1, title: '讲座', participants: 30 }),
    method: 'PATCH',
    url: (id) => `/api/education/activities/${id}`,
    change: (i) => ({ title: `讲座${i}` }),
  },
  {
    name: 'programme',
    who: 'office',
    table: 'programme_years',
    keyCol: 'id',
    make: () => created('office', '/api/programmes', { regionCode: TREE.townA, year: 2024, title: '清溪镇无讼创建工作方案' }),
    method: 'PATCH',
    url: (id) => `/api/programmes/${id}`,
    change: (i) => ({ goals: `目标${i}` }),
  },
  {
    name: 'facilities',
    who: 'office',
    table: 'facilities',
    keyCol: 'id',
    make: () => created('office', '/api/facilities', { regionCode: TREE.a1, type: 'court_link' }),
    method: 'PATCH',
    url: (id) => `/api/facilities/${id}`,
    change: (i) => ({ notes: `备注${i}` }),
  },
  {
    name: 'library',
    who: 'office',
    table: 'library_entries',
    keyCol: 'id',
    make: () => created('office', '/api/library', { kind: 'experience', title: '村民说事', regionCode: TREE.a1, content: '每月十日村民说事' }),
    method: 'PATCH',
    url: (id) => `/api/library/${id}`,
    change: (i) => ({ title: `村民说事${i}` }),
  },
];

let settingsData: unknown;

async function storedVersion(c: Case, key: string): Promise<number> {
  const [row] = await t.database.query<{ version: number }>(`select version::int as version from ${c.table} where ${c.keyCol}::text = $1`, [key]);
  return row?.version ?? 0; // a settings year never saved is at version 0
}

/**
 * Runs `fire` (the competing requests). On PostgreSQL a third connection holds the row locked meanwhile and lets go
 * once two of them wait for a lock: by then both have read the row, so the race happens every time, not by chance.
 */
async function race<T>(table: string, keyCol: string, key: string, fire: () => Promise<T>): Promise<T> {
  if (testEngine() !== 'postgres') return fire();
  const holder = new pg.Client({ connectionString: t.db.location });
  await holder.connect();
  try {
    await holder.query('begin');
    const locked = await holder.query(`select 1 from ${table} where ${keyCol}::text = $1 for update`, [key]);
    const pending = fire();
    // (a row not there yet — a year's first settings save — is raced without the lock)
    for (let i = 0; locked.rowCount && i < 100; i++) {
      // (asked outside the holder's transaction: pg_stat_activity is read once per transaction)
      const [{ n }] = await t.database.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
      if (n >= 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await holder.query('commit');
    return await pending;
  } finally {
    await holder.end();
  }
}

describe('two updates with the same version at the same moment', () => {
  beforeAll(async () => {
    settingsData = (await t.inject({ url: '/api/settings/2024', headers: { cookie: cookie.admin } })).json().data;
  });

  it.each(CASES)('$name: exactly one wins, the other gets 409', async (c) => {
    const key = await c.make();
    // a few rounds: each is a fresh race on the version the last one left
    for (let round = 0; round < 3; round++) {
      const version = await storedVersion(c, key);
      const results = await race(c.table, c.keyCol, key, () =>
        Promise.all(apps.map((app, i) => app.inject({ method: c.method, url: c.url(key), headers: { cookie: cookie[c.who] }, payload: { ...c.change(i), version } }))),
      );
      const codes = results.map((r) => r.statusCode).sort();
      expect(codes, results.map((r) => r.body).join('\n')).toEqual([200, 409]);
      const lost = results.find((r) => r.statusCode === 409)!;
      expect(lost.json()).toMatchObject({ status: 409, title: 'version_conflict', detail: '该记录已被他人修改，请刷新后重试' });
      expect(await storedVersion(c, key)).toBe(version + 1);
    }
  });
});

describe('a delete and an update with the same version at the same moment', () => {
  it('programme task: one wins; the other gets 409 (changed) or 404 (deleted) — a delete never removes a change it did not see', async () => {
    const programme = await created('office', '/api/programmes', { regionCode: TREE.townA, year: 2025, title: '清溪镇2025年工作方案' });
    for (let round = 0; round < 3; round++) {
      const task = await call('office', 'POST', `/api/programmes/${programme}/tasks`, { phase: 'mobilise', title: `动员部署${round}` });
      const headers = { cookie: cookie.office };
      const [del, upd] = await race('programme_tasks', 'id', task.id, () =>
        Promise.all([
          apps[0].inject({ method: 'DELETE', url: `/api/programme-tasks/${task.id}?version=${task.version}`, headers }),
          apps[1].inject({ method: 'PATCH', url: `/api/programme-tasks/${task.id}`, headers, payload: { version: task.version, title: '改过的任务' } }),
        ]),
      );
      const [row] = await t.database.query<{ version: number }>(`select version::int as version from programme_tasks where id = $1`, [task.id]);
      if (del.statusCode === 204) {
        expect(upd.statusCode, upd.body).toBe(404); // gone, not changed
        expect(row).toBeUndefined();
      } else {
        expect([del.statusCode, upd.statusCode], del.body).toEqual([409, 200]);
        expect(row.version).toBe(task.version + 1);
      }
    }
  });
});
