import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';

let t: TestApp;
let admin: string;
let villageA1: string;
let townA: string;
beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  admin = await t.login('admin');
  villageA1 = await t.userWith('village_admin', { regionCode: TREE.a1 });
  townA = await t.userWith('town_office', { regionCode: TREE.townA });
});
afterAll(() => t.close());

async function sheet(r: { statusCode: number; headers: Record<string, unknown>; rawPayload: Buffer }) {
  expect(r.statusCode).toBe(200);
  expect(String(r.headers['content-type'])).toContain('spreadsheetml');
  expect(String(r.headers['content-disposition'])).toMatch(/attachment; filename\*=UTF-8''/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('GET /api/workbench', () => {
  it('counts the whole tree for the administrator, with users and the year 2024 population', async () => {
    const r = await t.inject({ url: '/api/workbench?year=2024', headers: { cookie: admin } });
    expect(r.statusCode).toBe(200);
    const w = r.json();
    expect(w.regions).toMatchObject({ province: 1, city: 1, county: 1, town: 2, village: 5, community: 1, grid: 2 });
    expect(w.units).toBe(13);
    expect(w.users).toBe(3);
    expect(w.population).toEqual({ year: 2024, residents: 16500 });
    expect(w.towns.map((x: { name: string }) => x.name)).toEqual(['清溪镇', '白沙镇']);
    expect(w.towns[0]).toMatchObject({ villages: 3, communities: 1, grids: 2 });
    // 2024 populations are all present; the 2024 settings were never confirmed
    expect(w.todo.map((x: { key: string }) => x.key)).toEqual(['settings.unconfirmed']);
  });
  it('asks for the missing population of a year', async () => {
    const w = (await t.inject({ url: '/api/workbench?year=2025', headers: { cookie: admin } })).json();
    expect(w.todo.find((x: { key: string }) => x.key === 'regions.population_missing')).toMatchObject({ count: 6, path: '/admin/regions' });
    expect(w.population).toEqual({ year: 2024, residents: 16500 });
  });
  it('limits a village cadre to their village, without user figures or admin to-dos', async () => {
    const w = (await t.inject({ url: '/api/workbench?year=2025', headers: { cookie: villageA1 } })).json();
    expect(w.regions).toMatchObject({ town: 0, village: 1, grid: 1 });
    expect(w.units).toBe(1);
    expect(w.users).toBeNull();
    expect(w.population).toEqual({ year: 2024, residents: 3000 });
    expect(w.towns).toEqual([]);
    expect(w.todo).toEqual([]);
  });
  it('gives a town office its own town and the villages missing population', async () => {
    const w = (await t.inject({ url: '/api/workbench?year=2025', headers: { cookie: townA } })).json();
    expect(w.regions).toMatchObject({ county: 0, town: 1, village: 3, community: 1 });
    expect(w.todo).toEqual([expect.objectContaining({ key: 'regions.population_missing', count: 4 })]);
  });
  it('needs a login', async () => {
    expect((await t.inject({ url: '/api/workbench' })).statusCode).toBe(401);
  });
});

describe('Excel exports (format=xlsx)', () => {
  it('exports the regions in scope with Chinese headers, levels and populations', async () => {
    const rows = await sheet(await t.inject({ url: '/api/regions?format=xlsx', headers: { cookie: villageA1 } }));
    expect(rows[0]).toEqual(['代码', '名称', '层级', '上级代码', '上级名称', '所属乡镇', '别名', '状态', '常住人口（2024）']);
    expect(rows.slice(1).map((r) => r[0])).toEqual([TREE.a1, TREE.gridA1]);
    expect(rows[1]).toEqual([TREE.a1, '东村', '村', TREE.townA, '', TREE.townA, '', '启用', 3000].map((v) => (v === '' ? undefined : v)));
  });
  it('exports units, users, tokens and the audit log', async () => {
    const units = await sheet(await t.inject({ url: `/api/units?format=xlsx&region=${TREE.townA}`, headers: { cookie: admin } }));
    expect(units[0]).toContain('类型');
    expect(units.slice(1).map((r) => r[2]).sort()).toEqual(['司法所', '派出所', '镇矛调中心/综治中心']);
    const users = await sheet(await t.inject({ url: '/api/users?format=xlsx', headers: { cookie: admin } }));
    expect(users.map((r) => r[0])).toContain('admin');
    expect(users.find((r) => String(r[3]).startsWith('村（社区）干部'))?.[3]).toBe('村（社区）干部（东村）');
    const tokens = await sheet(await t.inject({ url: '/api/tokens?format=xlsx', headers: { cookie: admin } }));
    expect(tokens[0]).toEqual(['名称', '前缀', '所属用户', '创建时间', '最近使用', '有效期至', '吊销时间']);
    const audit = await sheet(await t.inject({ url: '/api/audit?format=xlsx&action=region.create', headers: { cookie: admin } }));
    expect(audit.length).toBe(14);
    expect(audit[1][3]).toBe('新增地区');
    expect(audit[1][1]).toBeInstanceOf(Date);
  });
  it('keeps the JSON answers and their permissions', async () => {
    expect((await t.inject({ url: '/api/users?format=xlsx', headers: { cookie: townA } })).statusCode).toBe(403);
    expect((await t.inject({ url: '/api/audit?format=xlsx', headers: { cookie: townA } })).statusCode).toBe(403);
    expect((await t.inject({ url: '/api/regions?format=csv', headers: { cookie: admin } })).statusCode).toBe(422);
    const r = await t.inject({ url: '/api/regions?includeInactive=false', headers: { cookie: admin } });
    expect(r.json()).toHaveLength(13);
  });
});
