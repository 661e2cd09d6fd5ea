// Issue 15.1/15.2: every export imports again — the demo county through the web as its town office, nothing
// rejected and nothing to change (the regions above the town are context, accepted as unchanged).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sysCtx, type TestApp } from '../../../test/helpers.ts';
import { csv, multipart, waitForImport } from '../../../test/bundle.ts';
import { seedDemo } from '../demo/seed.ts';

let t: TestApp;
let townCode: string;

beforeAll(async () => {
  t = await createTestApp();
  const { county } = await seedDemo(t.database, t.cipher, sysCtx(), { force: true, disputeScale: 0.08 });
  townCode = county.townCode;
}, 600_000);
afterAll(async () => t?.close());

const T = { timeout: 300_000 };

async function exportAndReimport(cookie: string) {
  const ex = await t.inject({ method: 'GET', url: '/api/exchange/export', headers: { cookie } });
  expect(ex.statusCode, ex.body).toBe(200);
  const body = multipart([{ name: 'bundle.xlsx', data: ex.rawPayload }]);
  const up = await t.inject({ method: 'POST', url: '/api/exchange/imports', headers: { cookie, ...body.headers }, payload: body.payload });
  expect(up.statusCode, up.body).toBe(202);
  return waitForImport(t, cookie, up.json().id);
}

describe('the demo round trip through the web', () => {
  it('a town office exporting and uploading the same file gets no error and nothing to change', T, async () => {
    const cookie = await t.userWith('town_office', { regionCode: townCode });
    const job = await exportAndReimport(cookie);
    const report = job.report as { errors: { file: string; row: number; reason: string }[]; totals: Record<string, number> };
    expect(report.errors.map((e) => `${e.file} ${e.row} ${e.reason}`)).toEqual([]);
    expect(report.totals.add).toBe(0);
    expect(report.totals.update).toBe(0);
    expect(report.totals.reject).toBe(0);
    expect(report.totals.unchanged).toBeGreaterThan(100);
  });

  it('so does the administrator with the whole county', T, async () => {
    const job = await exportAndReimport(await t.login('admin'));
    const report = job.report as { errors: { file: string; row: number; reason: string }[]; totals: Record<string, number> };
    expect(report.errors.map((e) => `${e.file} ${e.row} ${e.reason}`)).toEqual([]);
    expect([report.totals.add, report.totals.update, report.totals.reject]).toEqual([0, 0, 0]);
  });

  it('a party phone that is no number, or a 民族 that is none, is refused in the row report, naming the column (issue 15.3)', T, async () => {
    const admin = await t.login('admin');
    const [d] = await t.database.query<{ id: string }>(
      `select id from disputes d where (select count(*) from dispute_parties p where p.dispute_id = d.id and p.kind = 'person') >= 2 order by number limit 1`,
    );
    const parties = await t.database.query<{ role: string; kind: string; name: string }>(`select role, kind, name from dispute_parties where dispute_id = $1 order by kind desc, name`, [d.id]);
    const rows = parties.map((p, i) => [d.id, p.role, p.kind, p.name, i === 0 ? 'not-a-phone' : '', i === 1 ? '火星' : '汉']);
    const body = multipart([{ name: 'parties.csv', data: csv([['dispute_id', 'role', 'kind', 'name', 'phone', 'ethnicity'], ...rows]) }]);
    const up = await t.inject({ method: 'POST', url: '/api/exchange/imports', headers: { cookie: admin, ...body.headers }, payload: body.payload });
    expect(up.statusCode, up.body).toBe(202);
    const job = await waitForImport(t, admin, up.json().id);
    const report = job.report as { errors: { file: string; row: number; column: string; reason: string }[] };
    expect(report.errors.map((e) => [e.file, e.row, e.column, e.reason])).toEqual([
      ['parties', 2, 'phone', '电话格式有误'],
      ['parties', 3, 'ethnicity', '民族“火星”无效，应为五十六个民族之一，如“汉族”'],
    ]);
  });
});
