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
  // handlers as townships staff them: a village's mediator, the town's mediator, a grid's worker
  await t.userWith('mediator', { regionCode: TREE.a2 }, 'a2_mediator');
  await t.userWith('mediator', { regionCode: TREE.townA }, 'town_mediator');
  await t.userWith('grid_worker', { regionCode: TREE.gridA1 }, 'grid_a1');
});
afterAll(() => t.close());

describe('a past year of demo disputes', () => {
  it('is carried through: none left registered, accepted or in mediation', async () => {
    await seedDemoDisputes(t.database, t.cipher, { townCode: TREE.townA, year: 2025, count: 60, today: '2026-11-30' });
    const open = await t.database.query<{ state: string; n: number }>(
      `select state, count(*)::int as n from disputes where received_on < '2026-01-01' and state in ('registered', 'accepted', 'mediating') group by state`,
    );
    expect(open).toEqual([]);
  }, 600_000); // 240 disputes through the service: minutes on a loaded 2-core machine
});

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
    // the agreement names the stage's handler, who mediated: the town's mediator at the town, the village's at its committee
    const signed = await t.database.query<{ level: string; mediators: string; role: string | null }>(
      `select st.level, a.mediators, (select b.role from user_bindings b where b.user_id = st.handler_id limit 1) as role
         from agreements a join dispute_stages st on st.id = a.stage_id join users u on u.id = st.handler_id`,
    );
    expect(signed.some((x) => x.level === 'town' && x.role === 'mediator')).toBe(true);
    expect(signed.some((x) => x.level === 'grid' && x.role === 'grid_worker')).toBe(true);
    expect(signed.filter((x) => x.level === 'town').every((x) => x.role === 'mediator' || x.role === 'town_office')).toBe(true);
    const [named] = await t.database.query<{ n: number }>(
      `select count(*)::int as n from agreements a join dispute_stages st on st.id = a.stage_id join users u on u.id = st.handler_id where a.mediators = u.name`,
    );
    expect(named.n).toBe(signed.length);
    const [sess] = await t.database.query<{ n: number; handled: number }>(
      `select count(*)::int as n, count(*) filter (where st.handler_id = any(s.mediator_ids))::int as handled
         from mediation_sessions s join dispute_stages st on st.id = s.stage_id`,
    );
    expect(sess.handled).toBe(sess.n);
    // nobody waits to be accepted; in mediation now, a session (or the start) within the last 30 days
    const [waiting] = await t.database.query<{ n: number }>(
      `select count(*)::int as n from disputes where (state = 'registered' and received_on < '2026-10-31') or first_accepted_on > received_on + 30`,
    );
    expect(waiting.n).toBe(0);
    const mediating = await t.database.query<{ last: string }>(
      `select greatest((select max(s.held_on) from mediation_sessions s where s.dispute_id = d.id),
              (select max(e.occurred_on) from dispute_events e where e.dispute_id = d.id and e.action in ('start_mediation', 'accept', 'transfer')))::text as last
         from disputes d where d.state = 'mediating'`,
    );
    expect(mediating.length).toBeGreaterThan(3);
    expect(mediating.filter((x) => x.last < '2026-10-31')).toEqual([]);
    console.log(`demo: 240 disputes in ${ms} ms`, Object.fromEntries(states.map((s) => [s.state, s.n])));
  }, 600_000); // 240 disputes through the service: minutes on a loaded 2-core machine
});
