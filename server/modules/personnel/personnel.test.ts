import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { TestApp } from '../../../test/helpers.ts';
import { preventionFixture, requester, shanghaiToday } from '../../../test/prevention-fixture.ts';
import { TREE } from '../../../test/factories.ts';
import { expectSelectedExport } from '../../../test/xlsx.ts';
import { multipartFile, PNG_1PX } from '../../../test/multipart.ts';

let t: TestApp;
let office: string;
let officeB: string;
let a1: string;
let a2: string;
let grid: string;

beforeAll(async () => {
  ({ t, office, officeB, a1, a2, grid } = await preventionFixture());
});
afterAll(() => t.close());

const req = requester(() => t);
const today = shanghaiToday;

describe('personnel registers', () => {
  it('registers people per village; a grid\'s people count for its village; since/until are inclusive', async () => {
    const add = (cookie: string, body: Record<string, unknown>) => req(cookie, 'POST', '/api/personnel', body);
    expect((await add(a1, { name: '张法', role: 'rule_of_law_leader', regionCode: TREE.a1, phone: '13900001111', since: '2023-07-01', trainings: '2024-03 法治带头人培训' })).statusCode).toBe(201);
    for (const n of ['甲', '乙']) expect((await add(a1, { name: n, role: 'legal_literate', regionCode: TREE.a1 })).statusCode).toBe(201);
    const g = await add(a1, { name: '丙', role: 'legal_literate', regionCode: TREE.gridA1, joinedPlatform: true });
    expect(g.json().villageCode).toBe(TREE.a1);
    // left yesterday: not active today; leaves today: still active today
    const y = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    await add(a1, { name: '丁', role: 'legal_literate', regionCode: TREE.a1, until: y });
    await add(a1, { name: '戊', role: 'mediator', regionCode: TREE.a1, until: today(), joinedPlatform: true });
    expect((await add(a1, { name: '错', role: 'mediator', regionCode: TREE.a1, since: '2024-05-01', until: '2024-04-01' })).statusCode).toBe(422);
    expect((await add(a1, { name: '错', role: 'judge', regionCode: TREE.a1 })).statusCode).toBe(422);

    const o = (await req(office, 'GET', `/api/personnel/overview?region=${TREE.townA}`)).json();
    const east = o.villages.find((v: { code: string }) => v.code === TREE.a1);
    expect(east.counts).toMatchObject({ rule_of_law_leader: 1, legal_literate: 3, mediator: 1 });
    expect(east.gaps).toMatchObject({ ruleOfLawLeadersMissing: 0, legalLiteratesMissing: 0, meetsPersonnelStandard: true });
    expect(east.platform.mediator).toMatchObject({ numerator: 1, denominator: 1, value: 1 });
    expect(east.platform.grid_worker).toMatchObject({ value: null });
    const west = o.villages.find((v: { code: string }) => v.code === TREE.a2);
    expect(west.gaps).toMatchObject({ ruleOfLawLeadersMissing: 1, legalLiteratesMissing: 3, meetsPersonnelStandard: false });
    expect(west.gaps.missingFacilities).toContain('court_link');
    // 一村一法律顾问: a village without one shows the gap (issue 14.5); V3's personnel standard is unchanged
    expect(west.gaps.legalAdviserMissing).toBe(true);
    expect(o.minimums).toEqual({ ruleOfLawLeaders: 1, legalLiterates: 3 });
    expect(o.villages.map((v: { code: string }) => v.code)).toEqual([TREE.a1, TREE.a2, TREE.a3, TREE.aC]);
    // the day before someone starts, they do not count
    const before = (await req(office, 'GET', `/api/personnel/overview?region=${TREE.townA}&date=2023-06-30`)).json();
    expect(before.villages.find((v: { code: string }) => v.code === TREE.a1).counts.rule_of_law_leader).toBe(0);
  });

  it('lists mask phones, filter by role/activity and export .xlsx within scope', async () => {
    const l = (await req(a1, 'GET', '/api/personnel?role=rule_of_law_leader')).json();
    expect(l.items[0].phone).toBe('139****1111');
    expect((await req(a1, 'GET', `/api/personnel/${l.items[0].id}`)).json().phone).toBe('13900001111');
    const active = (await req(office, 'GET', '/api/personnel?role=legal_literate&status=active')).json();
    expect(active.total).toBe(3);
    const former = (await req(office, 'GET', '/api/personnel?status=former')).json();
    expect(former.items.map((x: { name: string }) => x.name)).toEqual(['丁']);
    const x = await req(office, 'GET', '/api/personnel?format=xlsx&status=all');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    expect(wb.worksheets[0].rowCount - 1).toBe(6);
    expect((await req(officeB, 'GET', '/api/personnel')).json().total).toBe(0);
  });

  it('a village cadre can neither read nor change another village\'s people', async () => {
    const p = (await req(a1, 'GET', '/api/personnel?role=rule_of_law_leader')).json().items[0];
    expect((await req(a2, 'GET', `/api/personnel/${p.id}`)).statusCode).toBe(404);
    expect((await req(a2, 'PATCH', `/api/personnel/${p.id}`, { version: p.version, until: today() })).statusCode).toBe(404);
    expect((await req(a2, 'DELETE', `/api/personnel/${p.id}`)).statusCode).toBe(404);
    expect((await req(a2, 'POST', '/api/personnel', { name: 'x', role: 'volunteer', regionCode: TREE.a1 })).statusCode).toBe(404);
    expect((await req(a2, 'GET', '/api/personnel')).json().total).toBe(0);
    expect((await req(grid, 'POST', '/api/personnel', { name: 'x', role: 'volunteer', regionCode: TREE.gridA1 })).statusCode).toBe(403);
    const up = await req(a1, 'PATCH', `/api/personnel/${p.id}`, { version: p.version, until: today(), trainings: '2024-03 培训；2024-09 复训' });
    expect(up.json()).toMatchObject({ until: today(), version: p.version + 1 });
    expect((await req(a1, 'PATCH', `/api/personnel/${p.id}`, { version: p.version, name: 'x' })).statusCode).toBe(409);
  });
});

describe('facilities and photos', () => {
  it('records facilities per village with photos served only within scope', async () => {
    const f = await req(a1, 'POST', '/api/facilities', { regionCode: TREE.a1, type: 'court_link', name: '东村诉服终端', since: '2023-08-01' });
    expect(f.statusCode, f.body).toBe(201);
    const fac = f.json();
    expect((await req(a1, 'POST', '/api/facilities', { regionCode: TREE.townA, type: 'court_link' })).statusCode).toBe(404);
    // a town's own 公共法律服务工作站 is a town-level facility (issue 14.5: no longer "层级不适用")
    const townStation = await req(office, 'POST', '/api/facilities', { regionCode: TREE.townA, type: 'public_legal_service_station', name: '镇公共法律服务工作站' });
    expect(townStation.statusCode, townStation.body).toBe(201);
    expect(townStation.json()).toMatchObject({ regionCode: TREE.townA, villageCode: null, townCode: TREE.townA });
    expect((await req(office, 'POST', '/api/facilities', { regionCode: TREE.townA, type: 'conflict_mediation_centre' })).statusCode).toBe(201);
    const inVillage = await req(a1, 'POST', '/api/facilities', { regionCode: TREE.a1, type: 'conflict_mediation_centre' });
    expect(inVillage.statusCode).toBe(422);
    expect(inVillage.json().detail).toContain('矛调中心只设在乡镇');
    expect((await req(a1, 'POST', '/api/facilities', { regionCode: TREE.a1, type: 'swimming_pool' })).statusCode).toBe(422);

    const up = multipartFile('终端.png', PNG_1PX, 'image/png');
    const u = await t.inject({ method: 'POST', url: `/api/files?ownerEntity=facility&ownerId=${fac.id}`, headers: { cookie: a1, ...up.headers }, payload: up.payload });
    expect(u.statusCode, u.body).toBe(201);
    const file = u.json();
    expect(file).toMatchObject({ mimeType: 'image/png', filename: '终端.png', size: PNG_1PX.length });
    // another village may neither attach nor read
    const other = await t.inject({ method: 'POST', url: `/api/files?ownerEntity=facility&ownerId=${fac.id}`, headers: { cookie: a2, ...up.headers }, payload: up.payload });
    expect(other.statusCode).toBe(404);
    expect((await req(a2, 'GET', file.url)).statusCode).toBe(404);
    expect((await req(officeB, 'GET', file.url)).statusCode).toBe(404);
    const got = await req(office, 'GET', file.url);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(got.rawPayload, PNG_1PX)).toBe(0);
    // type and size limits
    const exe = multipartFile('a.png', Buffer.from('MZ this is not a picture'), 'image/png');
    const bad = await t.inject({ method: 'POST', url: `/api/files?ownerEntity=facility&ownerId=${fac.id}`, headers: { cookie: a1, ...exe.headers }, payload: exe.payload });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toMatch(/JPEG/);
    const big = multipartFile('big.png', Buffer.concat([PNG_1PX, Buffer.alloc(5 * 1024 * 1024)]), 'image/png');
    const tooBig = await t.inject({ method: 'POST', url: `/api/files?ownerEntity=facility&ownerId=${fac.id}`, headers: { cookie: a1, ...big.headers }, payload: big.payload });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().detail).toMatch(/5 MB/);

    const list = (await req(office, 'GET', `/api/facilities?region=${TREE.a1}`)).json();
    expect(list[0].photos.map((p: { id: string }) => p.id)).toEqual([file.id]);
    const o = (await req(office, 'GET', `/api/personnel/overview?region=${TREE.townA}`)).json();
    const east = o.villages.find((v: { code: string }) => v.code === TREE.a1);
    expect(east.facilities.court_link).toBe('in_use');
    expect(east.gaps.missingFacilities).not.toContain('court_link');
    // suspended facilities are a gap again
    await req(a1, 'PATCH', `/api/facilities/${fac.id}`, { version: fac.version, status: 'suspended' });
    const o2 = (await req(office, 'GET', `/api/personnel/overview?region=${TREE.townA}`)).json();
    expect(o2.villages.find((v: { code: string }) => v.code === TREE.a1).gaps.missingFacilities).toContain('court_link');
    expect((await req(a2, 'DELETE', `/api/files/${file.id}`)).statusCode).toBe(404);
    // a facility counts from its start date: one built in 2026 is not there on a day of 2023 (issue 14.5)
    const later = await req(a2, 'POST', '/api/facilities', { regionCode: TREE.a2, type: 'legal_culture_room', since: '2026-03-01' });
    expect(later.statusCode, later.body).toBe(201);
    const at = async (date: string) =>
      (await req(office, 'GET', `/api/personnel/overview?region=${TREE.townA}&date=${date}`)).json().villages.find((v: { code: string }) => v.code === TREE.a2);
    expect((await at('2023-06-30')).gaps.missingFacilities).toContain('legal_culture_room');
    expect((await at('2026-03-01')).gaps.missingFacilities).not.toContain('legal_culture_room');
    expect((await req(a1, 'DELETE', `/api/facilities/${fac.id}`)).statusCode).toBe(204);
    expect((await req(office, 'GET', file.url)).statusCode).toBe(404);
  });
});

describe('导出所选 (issue 18.4)', () => {
  it('ids= exports only the chosen people, never one outside the user\'s villages; a malformed list is a 400', async () => {
    const mk = async (cookie: string, regionCode: string, name: string) => {
      const r = await req(cookie, 'POST', '/api/personnel', { name, role: 'legal_literate', regionCode });
      expect(r.statusCode, r.body).toBe(201);
      return { id: r.json().id as string, label: name };
    };
    const [one, two, three] = [await mk(a1, TREE.a1, '所选明白人甲'), await mk(a1, TREE.a1, '所选明白人乙'), await mk(a1, TREE.a1, '未选明白人丙')];
    const west = await mk(a2, TREE.a2, '西村明白人');
    await expectSelectedExport((url) => req(a1, 'GET', url), '/api/personnel', { chosen: [one, two], notChosen: three, outside: west });
  });
});
