/** County and city leaders (SPEC §1, issue 13.6): bound to a county or city, read-only, every town below side by side. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from '../../../test/helpers.ts';
import { TREE } from '../../../test/factories.ts';
import type { TownCompare } from '../../../core/schemas/evaluation.ts';
import { seedScenario } from './test-data.ts';

let t: TestApp;
let admin: string;
let leader: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedScenario(t.database);
  admin = await t.login('admin');
  leader = await t.userWith('county_leader', { regionCode: TREE.county }, 'yiwu_leader');
});
afterAll(async () => t?.close());

const get = (url: string, cookie = leader) => t.inject({ method: 'GET', url, headers: { cookie } });

describe('county leader (issue 13.6)', () => {
  it('compares the towns of the county side by side, worst first', async () => {
    const r = await get('/api/evaluation/towns?year=2024');
    expect(r.statusCode, r.body).toBe(200);
    const c = r.json() as TownCompare;
    expect(c.asOf).toBe('2024-12-31');
    expect(c.towns.map((x) => x.code).sort()).toEqual([TREE.townA, TREE.townB]);
    const a = c.towns.find((x) => x.code === TREE.townA)!;
    const b = c.towns.find((x) => x.code === TREE.townB)!;
    expect(a.standardsTotal).toBe(12);
    expect(a.villages).toBe(4);
    expect(b.villages).toBe(2);
    // 清溪镇: 19 counted cases over 12,000 residents (the inactive 旧村's 1,000 included, SPEC §7); limit 25 per 10k
    expect(a.casesSoFar).toBe(19);
    expect(a.litigationRate).toBeCloseTo((19 * 10000) / 12000, 6);
    expect(a.litigationLimit).toBe(25);
    expect(b.population).toBe(6000);
    // worst first
    const i = (x: typeof a) => c.towns.indexOf(x);
    const first = c.towns[0];
    const second = c.towns[1];
    expect(first.standardsPassed).toBeLessThanOrEqual(second.standardsPassed);
    expect(i(a) >= 0 && i(b) >= 0).toBe(true);
    // the same figures as the evaluation itself
    const rep = (await get('/api/evaluation?year=2024')).json() as { towns: { code: string; standards: Record<string, { passed: boolean | null }> }[] };
    expect(rep.towns.map((x) => x.code)).toEqual([TREE.townA, TREE.townB]);
    for (const x of rep.towns) {
      expect(c.towns.find((y) => y.code === x.code)!.standardsPassed).toBe(Object.values(x.standards).filter((s) => s.passed === true).length);
    }
  });

  it('sees the ranking, warnings and statistics of every town below', async () => {
    const ranking = await get('/api/evaluation/ranking?year=2024');
    expect(ranking.statusCode).toBe(200);
    expect(ranking.json().towns.map((x: { code: string }) => x.code)).toEqual([TREE.townA, TREE.townB]);
    const warnings = await get('/api/evaluation/warnings?year=2024');
    expect(warnings.statusCode).toBe(200);
    expect(warnings.json().towns.map((x: { code: string }) => x.code).sort()).toEqual([TREE.townA, TREE.townB]);
    // dispute statistics and warnings across the county
    const { dispute } = await import('./test-data.ts');
    await dispute(t.database, { region: TREE.a1, receivedOn: '2024-03-05', state: 'registered' });
    await dispute(t.database, { region: TREE.b1, receivedOn: '2024-03-06', state: 'registered' });
    const list = await get('/api/disputes?pageSize=50');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().total).toBe(2);
    const stats = await get('/api/disputes/stats?month=2024-03');
    expect(stats.statusCode, stats.body).toBe(200);
    expect((await get('/api/disputes/warnings')).statusCode).toBe(200);
    const townB = await get(`/api/evaluation/ranking?year=2024&town=${TREE.townB}`);
    expect(townB.statusCode).toBe(200);
    const xlsx = await get('/api/evaluation/towns?year=2024&format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheet');
  });

  it('cannot write anything (403)', async () => {
    const post = (url: string, payload: object) => t.inject({ method: 'POST', url, headers: { cookie: leader }, payload });
    expect((await post('/api/programmes', { regionCode: TREE.townA, year: 2024, title: '方案' })).statusCode).toBe(403);
    expect((await post('/api/users', { username: 'x1', bindings: [{ role: 'town_office', regionCode: TREE.townA }] })).statusCode).toBe(403);
    expect((await post('/api/regions', { code: '330782100009', name: '新村', level: 'village', parentCode: TREE.townA })).statusCode).toBe(403);
  });

  it('a town leader sees only their own town and cannot be bound above a town', async () => {
    const town = await t.userWith('town_leader', { regionCode: TREE.townA });
    const c = (await get('/api/evaluation/towns?year=2024', town)).json() as TownCompare;
    expect(c.towns.map((x) => x.code)).toEqual([TREE.townA]);
    const bad = await t.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin },
      payload: { username: 'county_as_town', password: PASSWORD, bindings: [{ role: 'town_leader', regionCode: TREE.county }] },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toContain('镇领导须绑定乡镇（街道）');
    const low = await t.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin },
      payload: { username: 'leader_in_town', password: PASSWORD, bindings: [{ role: 'county_leader', regionCode: TREE.townA }] },
    });
    expect(low.statusCode).toBe(422);
    const city = await t.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin },
      payload: { username: 'city_leader', password: PASSWORD, bindings: [{ role: 'county_leader', regionCode: TREE.city }] },
    });
    expect(city.statusCode, city.body).toBe(201);
  });
});
