/** Region boundaries (issue 16.2): the regions page's GeoJSON upload, the outlines the maps read, the bundle. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { csv, multipart, waitForImport } from '../../../test/bundle.ts';

let t: TestApp;
let admin: string;
let office: string;

const square = (x: number, y: number, d = 0.01) => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];
const feature = (code: string, coordinates: unknown, type = 'Polygon') => ({ type: 'Feature', properties: { code, name: '任意' }, geometry: { type, coordinates } });
const put = (cookie: string, payload: unknown) => t.inject({ method: 'PUT', url: '/api/regions/boundaries', headers: { cookie }, payload: payload as object });
const audits = async () => (await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where entity = 'region_boundary'`))[0].n;

beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  admin = await t.login('admin');
  office = await t.userWith('town_office', { regionCode: TREE.townA });
});
afterAll(async () => t?.close());

describe('GeoJSON upload', () => {
  it('stores the outlines of the regions in scope, once', async () => {
    const doc = { type: 'FeatureCollection', features: [feature(TREE.a1, square(120, 29)), feature(TREE.a2, [square(120.02, 29), square(120.04, 29)], 'MultiPolygon')] };
    const r = await put(office, doc);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ saved: 2, unchanged: 0 });
    expect(await audits()).toBe(2);
    // the same file again changes nothing
    expect((await put(office, doc)).json()).toEqual({ saved: 0, unchanged: 2 });
    expect(await audits()).toBe(2);
    const list = await t.inject({ url: `/api/regions/boundaries?under=${TREE.townA}`, headers: { cookie: office } });
    expect(list.statusCode).toBe(200);
    expect(list.json().features.map((f: { properties: { code: string; name: string } }) => [f.properties.code, f.properties.name])).toEqual([
      [TREE.a1, '东村'],
      [TREE.a2, '西村'],
    ]);
    expect(list.json().features[1].geometry).toEqual({ type: 'MultiPolygon', coordinates: [square(120.02, 29), square(120.04, 29)] });
  });

  it('refuses a wrong file whole, listing every problem in Chinese', async () => {
    const before = await audits();
    const r = await put(office, {
      type: 'FeatureCollection',
      features: [
        feature(TREE.a3, square(120, 29)), // fine, but not stored: the file goes whole or not at all
        feature(TREE.b1, square(120, 29)), // another town
        feature(TREE.aC, [120, 29], 'Point'),
        feature(TREE.a1, square(13358338, 3503549, 100)), // metres, not degrees
      ],
    });
    expect(r.statusCode).toBe(422);
    expect(r.headers['content-type']).toContain('application/problem+json');
    const detail = r.json().detail as string;
    expect(detail).toContain(`第 2 个要素：地区代码 ${TREE.b1} 不存在或不在您的管辖范围内`);
    expect(detail).toContain('第 3 个要素：几何类型“Point”不支持，只接受面（Polygon 或 MultiPolygon）');
    expect(detail).toContain('第 4 个要素：坐标 [13358338, 3503549] 超出 WGS-84 经纬度范围');
    expect(r.json().errors ?? r.json().details).toBeDefined();
    expect(await audits()).toBe(before);
    const list = await t.inject({ url: '/api/regions/boundaries', headers: { cookie: office } });
    expect(list.json().features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual([TREE.a1, TREE.a2]);
  });

  it('keeps the outlines to the scope: no upload for a reader, nothing of another town listed', async () => {
    const villager = await t.userWith('village_admin', { regionCode: TREE.b1 });
    expect((await put(villager, { type: 'FeatureCollection', features: [feature(TREE.b1, square(120, 29))] })).statusCode).toBe(403);
    expect((await t.inject({ url: '/api/regions/boundaries', headers: { cookie: villager } })).json().features).toEqual([]);
    expect((await t.inject({ url: `/api/regions/boundaries?under=${TREE.townA}`, headers: { cookie: villager } })).statusCode).toBe(404);
  });

  it('deletes an outline', async () => {
    const r = await t.inject({ method: 'DELETE', url: `/api/regions/${TREE.a2}/boundary`, headers: { cookie: office } });
    expect(r.statusCode).toBe(200);
    const list = await t.inject({ url: '/api/regions/boundaries', headers: { cookie: office } });
    expect(list.json().features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual([TREE.a1]);
  });
});

describe('the bundle file boundaries', () => {
  it('exports the outlines and imports them back unchanged; a bad geometry is refused in the row report', async () => {
    const ex = await t.inject({ method: 'GET', url: '/api/exchange/export?files=boundaries', headers: { cookie: admin } });
    expect(ex.statusCode, ex.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(ex.rawPayload as never);
    const sheet = wb.worksheets.find((s) => s.name === 'boundaries')!;
    const values = sheet.getRow(2).values as unknown[];
    expect(values.slice(1, 3)).toEqual([TREE.a1, JSON.stringify({ type: 'Polygon', coordinates: square(120, 29) })]);

    const again = multipart([{ name: 'bundle.xlsx', data: ex.rawPayload }]);
    const up = await t.inject({ method: 'POST', url: '/api/exchange/imports', headers: { cookie: admin, ...again.headers }, payload: again.payload });
    expect(up.statusCode, up.body).toBe(202);
    const job = await waitForImport(t, admin, up.json().id);
    const report = job.report as { errors: unknown[]; totals: Record<string, number> };
    expect(report.errors).toEqual([]);
    expect([report.totals.add, report.totals.update, report.totals.unchanged]).toEqual([0, 0, 1]);

    const body = multipart([
      {
        name: 'boundaries.csv',
        data: csv([
          ['region_code', 'geometry'],
          [TREE.a3, JSON.stringify({ type: 'Polygon', coordinates: square(120.06, 29) })],
          [TREE.b1, '{"type":"Point","coordinates":[120,29]}'],
          [TREE.b2, 'not json'],
        ]),
      },
    ]);
    const bad = await t.inject({ method: 'POST', url: '/api/exchange/imports', headers: { cookie: admin, ...body.headers }, payload: body.payload });
    const badJob = await waitForImport(t, admin, bad.json().id);
    const errs = (badJob.report as { errors: { file: string; row: number; column: string; reason: string }[] }).errors;
    expect(errs.map((e) => [e.file, e.row, e.column, e.reason])).toEqual([
      ['boundaries', 3, 'geometry', '几何类型“Point”不支持，只接受面（Polygon 或 MultiPolygon）'],
      ['boundaries', 4, 'geometry', '不是有效的 GeoJSON（JSON 格式有误）'],
    ]);
    const n = await t.database.query<{ n: number }>(`select count(*)::int as n from region_boundaries`);
    expect(n[0].n).toBe(1);
  });
});
