/** 包村干部 (issue 13.8): a town cadre linked to villages; their workbench follows those villages. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { addDays, todayShanghai } from '../../../core/dates.ts';
import { benchmark, courtCases, dispute, population } from '../evaluation/test-data.ts';
import { yearShanghai } from '../../../core/dates.ts';

let t: TestApp;
let admin: string;
let office: string;
let cadre: string;
let cadreId = '';
let cadreVersion = 0;

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: unknown) => t.inject({ method, url, headers: { cookie }, payload: payload as never });

beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  admin = await t.login('admin');
  office = await t.userWith('town_office', { regionCode: TREE.townA });
});
afterAll(async () => t?.close());

describe('包村干部 (issue 13.8)', () => {
  it('links a town cadre to the villages of their town, and nobody else', async () => {
    const add = (username: string, bindings: object[], villages: string[]) => call('POST', '/api/users', admin, { username, name: '李包村', password: PASSWORD, bindings, villages });
    const bad1 = await add('bc_b', [{ role: 'town_office', regionCode: TREE.townA }], [TREE.b1]);
    expect(bad1.statusCode).toBe(422);
    expect(bad1.json().detail).toContain('不在该用户所在的乡镇');
    expect((await add('bc_t', [{ role: 'town_office', regionCode: TREE.townA }], [TREE.townA])).statusCode).toBe(422);
    const bad3 = await add('bc_v', [{ role: 'village_admin', regionCode: TREE.a1 }], [TREE.a1]);
    expect(bad3.statusCode).toBe(422);
    expect(bad3.json().detail).toContain('可以包村');
    const ok = await add('baocun', [{ role: 'justice_office', regionCode: TREE.townA }], [TREE.a1, TREE.aC]);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().user.villages).toEqual([TREE.a1, TREE.aC]);
    cadreId = ok.json().user.id;
    cadreVersion = ok.json().user.version;
    cadre = await t.login('baocun');
  });

  it('the workbench shows the linked villages: open and overdue disputes, overdue tasks, risks, the current screening', async () => {
    const today = todayShanghai();
    const open = await dispute(t.database, { region: TREE.a1, receivedOn: addDays(today, -20), state: 'mediating' });
    await t.database.query(`update disputes set current_due_on = $1 where id = $2`, [addDays(today, -2), open]);
    await dispute(t.database, { region: TREE.gridA1, village: TREE.a1, receivedOn: addDays(today, -3), state: 'registered' });
    await dispute(t.database, { region: TREE.a1, receivedOn: addDays(today, -40), state: 'closed', outcome: 'resolved', concludedOn: addDays(today, -30) });
    await dispute(t.database, { region: TREE.a2, receivedOn: addDays(today, -3), state: 'registered' }); // not linked
    // a screening campaign over 东村, its grid and 西村; the grid files a zero report, 东村 a serious risk
    const c = await call('POST', '/api/screening/campaigns', office, {
      regionCode: TREE.townA,
      title: '节前矛盾纠纷排查',
      type: 'sensitive_period',
      startsOn: addDays(today, -3),
      endsOn: addDays(today, 5),
      deadline: addDays(today, 3),
      targets: [TREE.a1, TREE.gridA1, TREE.a2],
    });
    expect(c.statusCode, c.body).toBe(201);
    const grid = await t.userWith('grid_worker', { regionCode: TREE.gridA1 });
    expect((await call('POST', `/api/screening/campaigns/${c.json().id}/reports`, grid, { regionCode: TREE.gridA1, zeroReport: true })).statusCode).toBe(201);
    const a1 = await t.userWith('village_admin', { regionCode: TREE.a1 });
    const rr = await call('POST', `/api/screening/campaigns/${c.json().id}/reports`, a1, {
      regionCode: TREE.a1,
      zeroReport: false,
      risks: [{ category: 'neighbour', description: '两户因宅基地争执', peopleCount: 2, level: 'serious' }],
    });
    expect(rr.statusCode, rr.body).toBe(201);
    // an overdue ledger task of 东村
    const p = await call('POST', '/api/programmes', office, { regionCode: TREE.townA, year: 2024, title: '方案' });
    await call('POST', `/api/programmes/${p.json().id}/tasks`, office, { phase: 'advance', title: '修订村规民约', villageCode: TREE.a1, deadline: '2024-09-30' });

    const wb = await call('GET', '/api/workbench', cadre);
    expect(wb.statusCode, wb.body).toBe(200);
    const villages = wb.json().villages;
    expect(villages.map((v: { code: string }) => v.code)).toEqual([TREE.a1, TREE.aC]);
    expect(villages[0]).toEqual({
      code: TREE.a1,
      name: '东村',
      openDisputes: 2,
      overdueDisputes: 1,
      overdueTasks: 1,
      openRisks: 1,
      seriousRisks: 1,
      // no benchmark of last year yet: the early warning cannot be told, and says why
      warning: { flagged: null, casesSoFar: 0, allowedCases: null, projection: 0, reason: `无上一年度（${yearShanghai() - 1}年）全市万人起诉率基准` },
      screening: { title: '节前矛盾纠纷排查', deadline: addDays(today, 3), targets: 2, submitted: 2, overdue: false },
    });
    expect(villages[1]).toMatchObject({ code: TREE.aC, openDisputes: 0, overdueDisputes: 0, openRisks: 0, screening: null });
    // a cadre without links has no such section
    expect((await call('GET', '/api/workbench', office)).json().villages).toEqual([]);
  });

  it('each linked village carries its 万人起诉率 early-warning flag from the evaluation’s warnings', async () => {
    const today = todayShanghai();
    const year = yearShanghai();
    await benchmark(t.database, year - 1, '50');
    await population(t.database, TREE.a1, year, 1000);
    await population(t.database, TREE.aC, year, 100_000);
    // 东村: 6 cases this year against a yearly allowance of a few: flagged; 社区: none, not flagged
    await courtCases(t.database, 6, { region: TREE.a1, filedOn: today });
    const wb = await call('GET', '/api/workbench', cadre);
    expect(wb.statusCode, wb.body).toBe(200);
    const [a1, aC] = wb.json().villages;
    const w = (await call('GET', `/api/evaluation/warnings?year=${year}&town=${TREE.townA}`, office)).json();
    const of = (code: string) => w.villages.find((x: { code: string }) => x.code === code);
    expect(a1.warning).toMatchObject({ flagged: true, casesSoFar: 6, allowedCases: of(TREE.a1).allowedCases, projection: of(TREE.a1).projection });
    expect(aC.warning).toMatchObject({ flagged: false, casesSoFar: 0 });
    // a user who may not read the evaluation gets no flag (the rest of the section stays)
    const mediator = await t.userWith('mediator', { unitId: `centre-${TREE.townA}` });
    expect((await call('GET', '/api/workbench', mediator)).json().villages).toEqual([]);
  });

  it('the links are changed on the users page; a binding that no longer fits drops them', async () => {
    const r = await call('PATCH', `/api/users/${cadreId}`, admin, { version: cadreVersion, villages: [TREE.a2] });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().villages).toEqual([TREE.a2]);
    const again = await t.login('baocun');
    const wb = (await call('GET', '/api/workbench', again)).json();
    expect(wb.villages.map((v: { code: string; openDisputes: number }) => [v.code, v.openDisputes])).toEqual([[TREE.a2, 1]]);
    const moved = await call('PATCH', `/api/users/${cadreId}`, admin, { version: r.json().version, bindings: [{ role: 'justice_office', regionCode: TREE.townB }] });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().villages).toEqual([]);
  });
});
