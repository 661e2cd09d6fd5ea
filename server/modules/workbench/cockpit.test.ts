/**
 * The cockpit (驾驶舱, issue 16.1): each role's view against figures worked out here from the rows this test
 * inserts — allowances, shares, rates and counts are computed by hand below, not by the services.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { addDays, todayShanghai, yearShanghai } from '../../../core/dates.ts';
import type { Cockpit } from '../../../core/schemas/workbench.ts';
import { allMet, benchmark, checklist, courtCases, dispute, person, population, VILLAGE_ITEMS } from '../evaluation/test-data.ts';

let t: TestApp;
let office: string;
let leader: string;
let county: string;
let cadre: string;
let grid: string;
const Y = yearShanghai();
const today = todayShanghai();
const jan1 = `${Y}-01-01`;
// day of the year of today, and the year's length — for the projection, worked out here
const doy = Math.round((Date.parse(today) - Date.parse(jan1)) / 86400000) + 1;
const diy = Y % 4 === 0 && (Y % 100 !== 0 || Y % 400 === 0) ? 366 : 365;

const get = async (cookie: string) => {
  const r = await t.inject({ method: 'GET', url: '/api/workbench/cockpit', headers: { cookie } });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Cockpit;
};

beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  // limit = 0.5 × 50 = 25 per 10k; populations of the year (清溪镇 has none of its own: 4,000 + 2,000 + 2,000 + 2,000)
  await benchmark(t.database, Y - 1, '50');
  for (const [code, n] of [[TREE.a1, 4000], [TREE.a2, 2000], [TREE.a3, 2000], [TREE.aC, 2000], [TREE.b1, 3000], [TREE.b2, 3000]] as const) await population(t.database, code, Y, n);
  // every village of 清溪镇 meets V1–V5
  for (const v of [TREE.a1, TREE.a2, TREE.a3, TREE.aC]) {
    await checklist(t.database, v, Y, allMet(VILLAGE_ITEMS));
    await person(t.database, { role: 'rule_of_law_leader', region: v });
    for (let i = 0; i < 3; i++) await person(t.database, { role: 'legal_literate', region: v });
  }
  // 东村 10 cases = its whole allowance (floor(25 × 4000 / 10000) = 10); 西村 6 > 5 allowed; 南村 1; 新华社区 none
  await courtCases(t.database, 10, { region: TREE.a1, filedOn: jan1 });
  await courtCases(t.database, 6, { region: TREE.a2, filedOn: jan1 });
  await courtCases(t.database, 1, { region: TREE.a3, filedOn: jan1 });
  await courtCases(t.database, 2, { region: TREE.b1, filedOn: jan1 });

  // disputes of 清溪镇 this year: three open (one overdue at village level, one registered, one at town level)…
  const overdue = await dispute(t.database, { region: TREE.a1, receivedOn: jan1, state: 'mediating' });
  await t.database.query(`update disputes set current_level = 'village', current_due_on = $1 where id = $2`, [addDays(today, -1), overdue]);
  await dispute(t.database, { region: TREE.gridA1, village: TREE.a1, receivedOn: today, state: 'registered' });
  const atTown = await dispute(t.database, { region: TREE.a2, receivedOn: jan1, state: 'accepted' });
  await t.database.query(`update disputes set current_level = 'town', current_due_on = $1 where id = $2`, [addDays(today, 5), atTown]);
  // …and outcomes: resolved at village and at town (local), resolved at a department outside the town, failed,
  // sent to pre-litigation, withdrawn (not counted)
  const closed = (o: Omit<Parameters<typeof dispute>[1], 'receivedOn'>) => dispute(t.database, { ...o, receivedOn: jan1, concludedOn: today });
  await closed({ region: TREE.a1, state: 'resolved', outcome: 'resolved', outcomeLevel: 'village' });
  await closed({ region: TREE.a3, state: 'closed', outcome: 'resolved', outcomeLevel: 'town' });
  await closed({ region: TREE.a3, state: 'closed', outcome: 'resolved', outcomeLevel: 'department' });
  await closed({ region: TREE.a2, state: 'closed', outcome: 'failed', outcomeLevel: 'village' });
  const sent = await dispute(t.database, { region: TREE.a2, receivedOn: jan1, state: 'accepted', stages: [{ level: 'prelitigation', acceptedOn: today }] });
  await t.database.query(`update disputes set current_level = 'prelitigation' where id = $1`, [sent]);
  await closed({ region: TREE.aC, state: 'withdrawn', outcome: 'withdrawn' });
  // 白沙镇's open dispute never shows in 清溪镇
  await dispute(t.database, { region: TREE.b1, receivedOn: jan1, state: 'registered' });

  office = await t.userWith('town_office', { regionCode: TREE.townA }, 'cockpit_office');
  leader = await t.userWith('town_leader', { regionCode: TREE.townA }, 'cockpit_leader');
  county = await t.userWith('county_leader', { regionCode: TREE.county }, 'cockpit_county');
  cadre = await t.userWith('village_admin', { regionCode: TREE.a1 }, 'cockpit_cadre');
  grid = await t.userWith('grid_worker', { regionCode: TREE.gridA1 }, 'cockpit_grid');

  // key persons: one contacted yesterday, one never contacted since being watched 40 days ago (setting: 30 days)
  const [{ id: officeId }] = await t.database.query<{ id: string }>(`select id from users where username = 'cockpit_office'`);
  const kp = (id: string, since: string, last: string | null) =>
    t.database.query(
      `insert into key_persons (id, name, region_code, village_code, town_code, type, responsible_user_id, watched_since, last_contact_on) values ($1, '王某', $2, $2, $3, 'other', $4, $5, $6)`,
      [id, TREE.a1, TREE.townA, officeId, since, last],
    );
  await kp('kp-1', addDays(today, -40), addDays(today, -1));
  await kp('kp-2', addDays(today, -40), null);
  // two unread notifications and one read
  for (const [i, read] of [[1, false], [2, false], [3, true]] as const) {
    await t.database.query(`insert into notifications (id, user_id, kind, ref, message, read_at) values ($1, $2, 'stage.overdue', $1, '测试', $3)`, [`n-${i}`, officeId, read ? new Date().toISOString() : null]);
  }
  // a screening campaign over 东村, its grid and 西村; the grid files a zero report
  const c = await t.inject({
    method: 'POST',
    url: '/api/screening/campaigns',
    headers: { cookie: office },
    payload: { regionCode: TREE.townA, title: '节前排查', type: 'sensitive_period', startsOn: today, endsOn: addDays(today, 5), deadline: addDays(today, 3), targets: [TREE.a1, TREE.gridA1, TREE.a2] },
  });
  expect(c.statusCode, c.body).toBe(201);
  const rep = await t.inject({ method: 'POST', url: `/api/screening/campaigns/${c.json().id}/reports`, headers: { cookie: grid }, payload: { regionCode: TREE.gridA1, zeroReport: true } });
  expect(rep.statusCode, rep.body).toBe(201);
});
afterAll(async () => t?.close());

describe('town office and town leader', () => {
  it('shows the town tiles as of today', async () => {
    const c = await get(office);
    expect(c.view).toBe('town');
    expect(c.asOf).toBe(today);
    expect(c.unread).toBe(2);
    expect(c.towns).toHaveLength(1);
    const town = c.towns[0];
    expect(town.code).toBe(TREE.townA);
    // 东村, 南村, 新华社区 litigation-free; 西村 over its limit
    expect(town.share).toMatchObject({ litigationFree: 3, villages: 4, min: 0.8 });
    expect(town.share.value).toBeCloseTo(3 / 4, 10);
    // the town: 17 cases over 10,000 residents; allowed floor(25 × 10000 / 10000) = 25
    expect(town.litigation).toMatchObject({ casesSoFar: 17, limit: 25, allowedCases: 25, allowance: 8 });
    expect(town.litigation.rate).toBeCloseTo(17, 10);
    expect(town.litigation.projection).toBeCloseTo((17 * diy) / doy, 8);
    // outcomes: 5 reached (2 local, 1 at a department, 1 failed, 1 sent to pre-litigation); 3 resolved
    expect(town.resolution).toMatchObject({ reached: 5, resolved: 3, local: 2 });
    expect(town.resolution.rate).toBeCloseTo(3 / 5, 10);
    expect(town.resolution.localRate).toBeCloseTo(2 / 5, 10);
    expect(town.disputes.open).toBe(4);
    expect(town.disputes.overdue).toBe(1);
    expect(town.disputes.byLevel).toEqual([
      { level: 'registered', label: '待受理', open: 1, overdue: 0 },
      { level: 'village', label: '村（社区）', open: 1, overdue: 1 },
      { level: 'town', label: '乡镇', open: 1, overdue: 0 },
      { level: 'prelitigation', label: '诉前调解', open: 1, overdue: 0 },
    ]);
    // 东村 used up its allowance (10 of 10), 西村 is over it
    expect(town.atRisk.map((v) => [v.code, v.allowance])).toEqual([
      [TREE.a2, -1],
      [TREE.a1, 0],
    ]);
    // the bottom of the ranking: 西村 (5 standards) last, then 东村 (6, rate 25), then 南村 (6, rate 5)
    expect(town.bottom.map((v) => [v.code, v.rank, v.of])).toEqual([
      [TREE.a2, 4, 4],
      [TREE.a1, 3, 4],
      [TREE.a3, 2, 4],
    ]);
    expect(town.screening).toMatchObject({ title: '节前排查', covered: 3, reported: 1, onTime: 1 });
    expect(town.screening!.coverage).toBeCloseTo(1 / 3, 10);
    expect(town.keyPersons).toEqual({ underWatch: 2, missed: 1, days: 30 });
    // the map: the town's four villages, coloured by standing, with this year's disputes
    const map = Object.fromEntries(c.map.map((v) => [v.code, v]));
    expect(Object.keys(map).sort()).toEqual([TREE.a1, TREE.a2, TREE.a3, TREE.aC].sort());
    expect(map[TREE.a1]).toMatchObject({ standing: 'at_risk', disputes: 3, openDisputes: 2 });
    expect(map[TREE.a2]).toMatchObject({ standing: 'not_met', failed: ['万人起诉率不高于限值'], disputes: 3, openDisputes: 2 });
    expect(map[TREE.a3]).toMatchObject({ standing: 'met', disputes: 2, openDisputes: 0 });
    expect(map[TREE.aC]).toMatchObject({ standing: 'met', disputes: 1, openDisputes: 0 });
    // the month so far: everything dated today or this month
    const thisMonth = today.slice(0, 7) === jan1.slice(0, 7);
    expect(c.month.received).toBe(thisMonth ? 11 : 1);
    expect(c.month).toMatchObject({ resolved: 3, reached: 5 });
  });

  it('gives the town leader the same town, key persons as counts only', async () => {
    const c = await get(leader);
    expect(c.view).toBe('town');
    expect(c.unread).toBe(0);
    expect(c.towns[0].keyPersons).toEqual({ underWatch: 2, missed: 1, days: 30 });
    expect(c.towns[0].share.litigationFree).toBe(3);
  });
});

describe('county leader', () => {
  it('compares the towns, worst first, and maps every village', async () => {
    const c = await get(county);
    expect(c.view).toBe('county');
    expect(c.towns).toEqual([]);
    expect(c.compare.map((x) => x.code)).toHaveLength(2);
    const a = c.compare.find((x) => x.code === TREE.townA)!;
    const b = c.compare.find((x) => x.code === TREE.townB)!;
    expect(a).toMatchObject({ villages: 4, litigationFreeVillages: 3, litigationLimit: 25, villageWarnings: 2 });
    expect(a.litigationRate).toBeCloseTo(17, 10);
    // 白沙镇: 2 cases over 6,000; its villages have no checklist or people, so none is litigation-free
    expect(b).toMatchObject({ villages: 2, litigationFreeVillages: 0, villageShare: 0 });
    expect(b.litigationRate).toBeCloseTo((2 * 10000) / 6000, 10);
    // worst first: 白沙镇's share 0 before 清溪镇's 0.75 (both with the same standards met or fewer)
    expect(c.compare[0].standardsPassed).toBeLessThanOrEqual(c.compare[1].standardsPassed);
    expect(c.map.map((v) => v.code).sort()).toEqual([TREE.a1, TREE.a2, TREE.a3, TREE.aC, TREE.b1, TREE.b2].sort());
    expect(c.map.find((v) => v.code === TREE.b1)).toMatchObject({ standing: 'not_met', openDisputes: 1 });
  });
});

describe('village cadre', () => {
  it('shows the six standards, the rank and what the year still allows', async () => {
    const c = await get(cadre);
    expect(c.view).toBe('village');
    const v = c.village!;
    expect(v).toMatchObject({ code: TREE.a1, townName: '清溪镇', passed: true, standing: 'at_risk', rank: 3, of: 4 });
    expect(v.standards.map((s) => [s.id, s.passed, s.standing])).toEqual([
      ['V1', true, 'met'],
      ['V2', true, 'met'],
      ['V3', true, 'met'],
      ['V4', true, 'met'],
      ['V5', true, 'met'],
      ['V6', true, 'at_risk'],
    ]);
    expect(v.litigation).toMatchObject({ casesSoFar: 10, allowedCases: 10, allowance: 0, flagged: true });
    expect(v.disputes).toEqual({ open: 2, overdue: 1 });
    // the map shows only their village
    expect(c.map.map((m) => m.code)).toEqual([TREE.a1]);
    expect(c.compare).toEqual([]);
  });
});

describe('grid worker', () => {
  it('lists the open disputes of the grid and the reports to file', async () => {
    const c = await get(grid);
    expect(c.view).toBe('grid');
    expect(c.map).toEqual([]);
    expect(c.grid!.openTotal).toBe(1);
    expect(c.grid!.disputes[0]).toMatchObject({ state: 'registered', overdue: false });
    // the grid already filed; nothing left to report
    expect(c.grid!.reports).toEqual([]);
  });
});

describe("grid worker's day: overdue disputes of the grid handled by others", () => {
  let grid2: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    grid2 = await t.userWith('grid_worker', { regionCode: TREE.gridA1 }, 'cockpit_grid2');
    await t.database.query(`update users set name = '李调解' where username = 'cockpit_office'`);
    await t.database.query(`update users set name = '张网格' where username = 'cockpit_grid2'`);
    const [{ id: officeId }] = await t.database.query<{ id: string }>(`select id from users where username = 'cockpit_office'`);
    const [{ id: meId }] = await t.database.query<{ id: string }>(`select id from users where username = 'cockpit_grid2'`);
    // each: where it arose, its state, who handles it (null: a unit naming no one) and its time limit
    const make = async (key: string, o: { region: string; village: string; state: string; handler: string | null; due: string; level?: string }) => {
      ids[key] = await dispute(t.database, { region: o.region, village: o.village, receivedOn: jan1, state: o.state });
      await t.database.query(`update disputes set current_level = $1, current_handler_id = $2, current_unit_id = $3, current_due_on = $4 where id = $5`, [
        o.level ?? 'village',
        o.handler,
        `vc-${TREE.a1}`,
        o.due,
        ids[key],
      ]);
    };
    await make('others4', { region: TREE.gridA1, village: TREE.a1, state: 'mediating', handler: officeId, due: addDays(today, -4) });
    await make('unit2', { region: TREE.gridA1, village: TREE.a1, state: 'accepted', handler: null, due: addDays(today, -2), level: 'town' });
    await make('mine', { region: TREE.gridA1, village: TREE.a1, state: 'mediating', handler: meId, due: addDays(today, -3) });
    await make('dueToday', { region: TREE.gridA1, village: TREE.a1, state: 'mediating', handler: officeId, due: today });
    await make('closed', { region: TREE.gridA1, village: TREE.a1, state: 'closed', handler: officeId, due: addDays(today, -9) });
    await make('village', { region: TREE.a1, village: TREE.a1, state: 'mediating', handler: officeId, due: addDays(today, -6) });
    await make('otherGrid', { region: TREE.gridA2, village: TREE.a2, state: 'mediating', handler: officeId, due: addDays(today, -7) });
  });

  it('lists them most overdue first with the handler, the unit and the days, and nothing outside the grid', async () => {
    const c = await get(grid2);
    expect(c.view).toBe('grid');
    const g = c.grid!;
    // worked out here: in 东村一网格, open, past the time limit, not handled by 张网格 → 4 days, then 2 days
    expect(g.othersOverdue.map((x) => [x.id, x.handlerName, x.unitName, x.daysOverdue, x.dueOn, x.levelLabel])).toEqual([
      [ids.others4, '李调解', '东村调委会', 4, addDays(today, -4), '村（社区）'],
      [ids.unit2, null, '东村调委会', 2, addDays(today, -2), '乡镇'],
    ]);
    expect(g.othersOverdueTotal).toBe(2);
    // their own overdue dispute stays in what they have to do today
    expect(g.today.some((x) => x.disputeId === ids.mine && x.kind === 'overdue')).toBe(true);
    expect(g.othersOverdue.some((x) => x.id === ids.mine)).toBe(false);
  });

  it('shows a grid worker of another grid only that grid', async () => {
    const other = await t.userWith('grid_worker', { regionCode: TREE.gridA2 }, 'cockpit_grid3');
    const g = (await get(other)).grid!;
    expect(g.othersOverdue.map((x) => x.id)).toEqual([ids.otherGrid]);
    expect(g.othersOverdue[0].daysOverdue).toBe(7);
  });
});
