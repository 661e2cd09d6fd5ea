import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { seedDemoDisputes } from './disputes.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  for (const v of [TREE.a1, TREE.a2, TREE.a3, TREE.aC]) await t.userWith('village_admin', { regionCode: v });
  await t.userWith('mediator', { unitId: `vc-${TREE.a1}` });
  await t.userWith('town_office', { regionCode: TREE.townA });
  await t.userWith('department', { unitId: `police-${TREE.townA}` });
});
afterAll(() => t.close());

describe('demo disputes', () => {
  it('generates a realistic year through the service: every state, ≥ 95% success, the SPEC §12 category mix', async () => {
    const started = Date.now();
    const res = await seedDemoDisputes(t.database, t.cipher, { townCode: TREE.townA, year: 2026, count: 240, today: '2026-11-30' });
    const ms = Date.now() - started;
    expect(res.created).toBe(240);
    const states = await t.database.query<{ state: string; n: number }>(`select state, count(*)::int as n from disputes group by state`);
    expect(states.map((s) => s.state).sort()).toEqual(['accepted', 'closed', 'failed', 'follow_up', 'mediating', 'registered', 'resolved', 'withdrawn']);
    const [o] = await t.database.query<{ resolved: number; concluded: number }>(
      `select count(*) filter (where outcome = 'resolved')::int as resolved, count(*) filter (where outcome in ('resolved', 'failed', 'litigation'))::int as concluded from disputes`,
    );
    expect(o.resolved / o.concluded).toBeGreaterThanOrEqual(0.95);
    const cats = await t.database.query<{ category: string; n: number }>(`select category, count(*)::int as n from disputes group by category order by n desc`);
    expect(cats[0].category).toBe('damages');
    const levels = await t.database.query<{ level: string }>(`select distinct level from dispute_stages`);
    expect(levels.map((l) => l.level).sort()).toEqual(expect.arrayContaining(['department', 'prelitigation', 'town', 'village']));
    const [a] = await t.database.query<{ n: number; v: number }>(`select (select count(*)::int from agreements) as n, (select count(*)::int from visits where type = 'return_visit') as v`);
    expect(a.n).toBeGreaterThan(150);
    expect(a.v).toBeGreaterThan(100);
    const [bad] = await t.database.query<{ n: number }>(`select count(*)::int as n from disputes where received_on > '2026-11-30' or concluded_on > '2026-11-30'`);
    expect(bad.n).toBe(0);
    console.log(`demo: 240 disputes in ${ms} ms`, Object.fromEntries(states.map((s) => [s.state, s.n])));
  }, 300_000);
});
