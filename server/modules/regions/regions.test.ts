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

const codes = (r: { json(): unknown }) => (r.json() as { code: string }[]).map((x) => x.code);

describe('GET /api/regions', () => {
  it('returns each region with code, name, level, parentCode', async () => {
    const r = await t.inject({ url: '/api/regions', headers: { cookie: admin } });
    expect(r.statusCode).toBe(200);
    const a1 = (r.json() as Record<string, unknown>[]).find((x) => x.code === TREE.a1);
    expect(a1).toMatchObject({ code: TREE.a1, name: '东村', level: 'village', parentCode: TREE.townA, townCode: TREE.townA });
  });
  it('limits a village cadre to their village and its grids', async () => {
    const r = await t.inject({ url: '/api/regions', headers: { cookie: villageA1 } });
    expect(codes(r).sort()).toEqual([TREE.a1, TREE.gridA1].sort());
  });
  it('limits a town office to its town', async () => {
    const r = await t.inject({ url: '/api/regions', headers: { cookie: townA } });
    const c = codes(r);
    expect(c).toContain(TREE.aC);
    expect(c).not.toContain(TREE.b1);
    expect(c).not.toContain(TREE.county);
  });
  it('answers 404 for a region out of scope, and 401 without login', async () => {
    expect((await t.inject({ url: `/api/regions/${TREE.a2}`, headers: { cookie: villageA1 } })).statusCode).toBe(404);
    expect((await t.inject({ url: `/api/regions/${TREE.a1}`, headers: { cookie: villageA1 } })).statusCode).toBe(200);
    expect((await t.inject({ url: '/api/regions' })).statusCode).toBe(401);
  });
});

describe('editing regions', () => {
  it('creates, edits with version check, and audits before/after', async () => {
    const c = await t.inject({ method: 'POST', url: '/api/regions', headers: { cookie: admin }, payload: { code: '330782100009', name: '后村', level: 'village', parentCode: TREE.townA, aliases: ['后村村', ' 后村村 '] } });
    expect(c.statusCode).toBe(201);
    expect(c.json()).toMatchObject({ version: 1, aliases: ['后村村'], townCode: TREE.townA });
    const u = await t.inject({ method: 'PATCH', url: '/api/regions/330782100009', headers: { cookie: admin }, payload: { version: 1, name: '后山村' } });
    expect(u.statusCode).toBe(200);
    expect(u.json().version).toBe(2);
    const stale = await t.inject({ method: 'PATCH', url: '/api/regions/330782100009', headers: { cookie: admin }, payload: { version: 1, name: '又改' } });
    expect(stale.statusCode).toBe(409);
    const audit = await t.database.query<{ before: { name: string }; after: { name: string } }>(
      `select before, after from audit_log where action = 'region.update' and entity_id = '330782100009'`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].before.name).toBe('后村');
    expect(audit[0].after.name).toBe('后山村');
  });
  it('refuses a village under a county, and a duplicate code, with Chinese 422s', async () => {
    const bad = await t.inject({ method: 'POST', url: '/api/regions', headers: { cookie: admin }, payload: { code: '330782999999', name: '错村', level: 'village', parentCode: TREE.county } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toBe('村（社区）只能设在乡镇（街道）之下');
    const dup = await t.inject({ method: 'POST', url: '/api/regions', headers: { cookie: admin }, payload: { code: TREE.a1, name: '东村', level: 'village', parentCode: TREE.townA } });
    expect(dup.statusCode).toBe(422);
    const count = await t.database.query<{ n: number }>(`select count(*)::int as n from regions where code = '330782999999'`);
    expect(count[0].n).toBe(0);
  });
  it('moves a village with its grids to another town (paths and town codes follow)', async () => {
    await t.inject({ method: 'POST', url: '/api/regions', headers: { cookie: admin }, payload: { code: 'MV1', name: '迁村', level: 'village', parentCode: TREE.townA } });
    await t.inject({ method: 'POST', url: '/api/regions', headers: { cookie: admin }, payload: { code: 'MV1-G1', name: '迁村网格', level: 'grid', parentCode: 'MV1' } });
    const m = await t.inject({ method: 'PATCH', url: '/api/regions/MV1', headers: { cookie: admin }, payload: { version: 1, parentCode: TREE.townB } });
    expect(m.statusCode).toBe(200);
    const rows = await t.database.query<{ code: string; path: string; town_code: string }>(`select code, path, town_code from regions where code like 'MV1%' order by code`);
    expect(rows.map((r) => r.town_code)).toEqual([TREE.townB, TREE.townB]);
    expect(rows[1].path).toBe(`/${TREE.province}/${TREE.city}/${TREE.county}/${TREE.townB}/MV1/MV1-G1/`);
    const cyc = await t.inject({ method: 'PATCH', url: `/api/regions/${TREE.townB}`, headers: { cookie: admin }, payload: { version: 1, parentCode: TREE.townB } });
    expect(cyc.statusCode).toBe(422);
  });
  it('deactivates instead of deleting; inactive regions are hidden unless asked for', async () => {
    const r0 = await t.inject({ url: `/api/regions/${TREE.a3}`, headers: { cookie: admin } });
    const d = await t.inject({ method: 'PATCH', url: `/api/regions/${TREE.a3}`, headers: { cookie: admin }, payload: { version: r0.json().version, active: false } });
    expect(d.json().active).toBe(false);
    expect(codes(await t.inject({ url: '/api/regions', headers: { cookie: admin } }))).not.toContain(TREE.a3);
    expect(codes(await t.inject({ url: '/api/regions?includeInactive=true', headers: { cookie: admin } }))).toContain(TREE.a3);
  });
  it('a village cadre cannot create or change regions, units or population', async () => {
    const c = await t.inject({ method: 'POST', url: '/api/regions', headers: { cookie: villageA1 }, payload: { code: 'X1', name: 'x', level: 'grid', parentCode: TREE.a1 } });
    expect(c.statusCode).toBe(403);
    const p = await t.inject({ method: 'PUT', url: `/api/regions/${TREE.a2}/population/2024`, headers: { cookie: villageA1 }, payload: { residents: 1 } });
    expect([403, 404]).toContain(p.statusCode);
    const u = await t.inject({ method: 'PATCH', url: `/api/units/vc-${TREE.a2}`, headers: { cookie: villageA1 }, payload: { version: 1, name: 'x' } });
    expect([403, 404]).toContain(u.statusCode);
    const pop = await t.inject({ url: `/api/regions/${TREE.a2}/population`, headers: { cookie: villageA1 } });
    expect(pop.statusCode).toBe(404);
  });
  it('keeps population per year and units per region in scope', async () => {
    const p = await t.inject({ method: 'PUT', url: `/api/regions/${TREE.a1}/population/2025`, headers: { cookie: townA }, payload: { residents: 3100 } });
    expect(p.statusCode).toBe(200);
    const list = await t.inject({ url: `/api/regions/${TREE.a1}/population`, headers: { cookie: villageA1 } });
    expect(list.json()).toEqual([
      { regionCode: TREE.a1, year: 2024, residents: 3000 },
      { regionCode: TREE.a1, year: 2025, residents: 3100 },
    ]);
    const units = await t.inject({ url: '/api/units', headers: { cookie: villageA1 } });
    expect(units.json().map((u: { id: string }) => u.id)).toEqual([`vc-${TREE.a1}`]);
    const neg = await t.inject({ method: 'PUT', url: `/api/regions/${TREE.a1}/population/2025`, headers: { cookie: townA }, payload: { residents: -5 } });
    expect(neg.statusCode).toBe(422);
  });
});

describe('settings per year', () => {
  it('gives SPEC defaults, lets admin edit with a version, and audits', async () => {
    const g = await t.inject({ url: '/api/settings/2024', headers: { cookie: villageA1 } });
    expect(g.json()).toMatchObject({ source: 'default', version: 0, data: { timeLimits: { grid: 3, village: 15, town: 30, department: 30, prelitigation: 30 }, villageShareTarget: '0.60', countedCaseKinds: ['civil', 'criminal'] } });
    const data = { ...g.json().data, timeLimits: { ...g.json().data.timeLimits, village: 10 } };
    expect((await t.inject({ method: 'PUT', url: '/api/settings/2024', headers: { cookie: villageA1 }, payload: { version: 0, data } })).statusCode).toBe(403);
    const s = await t.inject({ method: 'PUT', url: '/api/settings/2024', headers: { cookie: admin }, payload: { version: 0, data } });
    expect(s.statusCode).toBe(200);
    expect(s.json()).toMatchObject({ source: 'own', version: 1 });
    const inherited = await t.inject({ url: '/api/settings/2025', headers: { cookie: admin } });
    expect(inherited.json()).toMatchObject({ source: 'inherited', data: { timeLimits: { village: 10 }, villageShareTarget: '0.75' } });
    const stale = await t.inject({ method: 'PUT', url: '/api/settings/2024', headers: { cookie: admin }, payload: { version: 0, data } });
    expect(stale.statusCode).toBe(409);
    const bad = await t.inject({ method: 'PUT', url: '/api/settings/2024', headers: { cookie: admin }, payload: { version: 1, data: { ...data, platformSuccessMin: '1.5' } } });
    expect(bad.statusCode).toBe(422);
    const audit = await t.inject({ url: '/api/audit?entity=settings', headers: { cookie: admin } });
    expect(audit.json().total).toBe(1);
    // who: part of the name, without regard to case; % is a character, not a wildcard
    const byActor = async (actor: string) => (await t.inject({ url: `/api/audit?entity=settings&actor=${encodeURIComponent(actor)}`, headers: { cookie: admin } })).json().total;
    expect(await byActor('DMI')).toBe(1);
    expect(await byActor('%')).toBe(0);
    expect((await t.inject({ url: '/api/audit', headers: { cookie: villageA1 } })).statusCode).toBe(403);
  });
});
