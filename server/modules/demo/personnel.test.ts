import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { seedDemoPrevention } from './personnel.ts';
import { sniffType } from '../files/service.ts';

let t: TestApp;
let office: string;
beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  office = await t.userWith('town_office', { regionCode: TREE.townA });
  await t.userWith('village_admin', { regionCode: TREE.a1 });
});
afterAll(() => t.close());

const get = (url: string) => t.inject({ url, headers: { cookie: office } }).then((r) => {
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
});

describe('seedDemoPrevention', () => {
  it('fills every register of a town for a past year, and only up to today in the current one', async () => {
    const res = await seedDemoPrevention(t.database, { townCode: TREE.townA, year: 2024, today: '2025-03-01' });
    expect(res.skipped).toBe(false);
    const c = res.skipped ? {} : res.counts;
    for (const k of ['personnel', 'facilities', 'campaigns', 'reports', 'keyPersons', 'visits', 'activities', 'library', 'checklist', 'photos']) expect(c[k], k).toBeGreaterThan(0);
    expect(c.campaigns).toBe(15);
    expect(c.weeklyCases).toBeGreaterThanOrEqual(52);
    expect(c.checklist).toBe(6 + 2 * 4);
    const later = await seedDemoPrevention(t.database, { townCode: TREE.townA, year: 2025, today: '2025-03-01' });
    const rows = await t.database.query<{ n: number }>(`select count(*)::int as n from visits where visited_on > '2025-03-01'`);
    expect(rows[0].n).toBe(0);
    const act = await t.database.query<{ n: number }>(`select count(*)::int as n from education_activities where held_on > '2025-03-01'`);
    expect(act[0].n).toBe(0);
    expect(later.skipped).toBe(false);
    expect((await seedDemoPrevention(t.database, { townCode: TREE.townA, year: 2030, today: '2025-03-01' })).skipped).toBe(true);
  });

  it('the seeded data reads back through the API', async () => {
    const ov = await get(`/api/personnel/overview?region=${TREE.townA}&date=2024-12-31`);
    expect(ov.villages.length).toBe(4);
    expect(ov.villages.some((v: { gaps: { meetsPersonnelStandard: boolean } }) => !v.gaps.meetsPersonnelStandard)).toBe(true);
    const cl = await get(`/api/checklist?year=2024&region=${TREE.townA}`);
    expect(cl.regions[0].items.every((i: { status: string }) => i.status !== 'unassessed')).toBe(true);
    const camp = await get('/api/screening/campaigns?year=2024');
    expect(camp.length).toBe(15);
    const cov = camp.reduce((a: [number, number], c: { summary: { onTime: number; covered: number } }) => [a[0] + c.summary.onTime, a[1] + c.summary.covered], [0, 0]);
    expect(cov[0] / cov[1]).toBeGreaterThan(0.75);
    expect(camp.every((c: { summary: { covered: number } }) => c.summary.covered >= 2)).toBe(true);
    const kp = await get('/api/key-persons');
    expect(kp.length).toBeGreaterThan(0);
    const weekly = await get('/api/education/weekly?year=2024');
    expect(weekly.items[0].seriesNo).toBe(1);
    const f = await t.database.query<{ content_base64: string }>(`select content_base64 from files limit 1`);
    expect(sniffType(Buffer.from(f[0].content_base64, 'base64'))).toBe('image/png');
    const vs = await get('/api/visits/stats?year=2024');
    expect(vs.byCadre.length).toBeGreaterThan(0);
  });
});
