import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers.ts';
import { preventionFixture, requester, shanghaiToday } from '../../../test/prevention-fixture.ts';
import { TREE } from '../../../test/factories.ts';
import { multipartFile, PNG_1PX } from '../../../test/multipart.ts';
import { checklistStatuses } from './service.ts';

let t: TestApp;
let office: string;
let officeB: string;
let a1: string;
let a2: string;
let leader: string;
const today = shanghaiToday;
const year = () => Number(today().slice(0, 4));

const req = requester(() => t);

beforeAll(async () => {
  ({ t, office, officeB, a1, a2, leader } = await preventionFixture());
  // supporting data: east village meets the personnel standard and has a court link; one screening; two activities
  await req(a1, 'POST', '/api/personnel', { name: '带头人', role: 'rule_of_law_leader', regionCode: TREE.a1 });
  for (const n of ['一', '二', '三']) await req(a1, 'POST', '/api/personnel', { name: `明白人${n}`, role: 'legal_literate', regionCode: TREE.gridA1 });
  await req(a1, 'POST', '/api/facilities', { regionCode: TREE.a1, type: 'court_link' });
  await req(a2, 'POST', '/api/facilities', { regionCode: TREE.a2, type: 'public_legal_service_station' });
  const c = (await req(office, 'POST', '/api/screening/campaigns', { regionCode: TREE.townA, title: '月度排查', type: 'regular', startsOn: today(), endsOn: today(), deadline: today(), targets: [TREE.a1, TREE.a2] })).json();
  await req(a1, 'POST', `/api/screening/campaigns/${c.id}/reports`, { regionCode: TREE.a1, zeroReport: true });
  await req(a1, 'POST', '/api/education/activities', { type: 'lecture', heldOn: today(), regionCode: TREE.a1, title: '讲座', participants: 30 });
  await req(office, 'POST', '/api/education/activities', { type: 'weekly_case', heldOn: today(), regionCode: TREE.townA, title: '一典' });
  // a dispute of east village concluded within its limit
  let d = (await req(office, 'POST', '/api/disputes', {
    regionCode: TREE.a1, receivedOn: today(), channel: 'walk_in', category: 'neighbour', summary: '邻里', peopleCount: 2, amount: null, riskLevel: 'general', mayTurnCriminal: false, threatensPetition: false,
    parties: [{ role: 'applicant', kind: 'person', name: '甲' }],
  })).json();
  for (const body of [{ action: 'accept', level: 'village' }, { action: 'start_mediation' }, { action: 'resolve', agreement: { form: 'oral', content: '和解' } }]) {
    const r = await req(office, 'POST', `/api/disputes/${d.id}/actions`, { version: d.version, ...body });
    expect(r.statusCode, r.body).toBe(200);
    d = r.json();
  }
});
afterAll(() => t.close());

describe('checklist items', () => {
  it('shows every item of each level, unassessed by default, with the supporting figures', async () => {
    const o = (await req(office, 'GET', `/api/checklist?year=${year()}`)).json();
    const town = o.regions.find((r: { code: string }) => r.code === TREE.townA);
    expect(town.items.map((i: { code: string }) => i.code)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6']);
    expect(town.items.every((i: { status: string }) => i.status === 'unassessed')).toBe(true);
    const fig = (code: string) => town.items.find((i: { code: string }) => i.code === code).figures;
    expect(fig('T2').villagesMeetingStandard).toMatchObject({ numerator: 1, denominator: 4 });
    expect(fig('T2').villages.find((v: { code: string }) => v.code === TREE.a1)).toMatchObject({ rule_of_law_leader: 1, legal_literate: 3 });
    expect(fig('T3')).toMatchObject({ townCentre: true, villagesWithCourtLink: { numerator: 1, denominator: 4 } });
    expect(fig('T3').missing).toEqual(['西村', '南村', '新华社区']);
    expect(fig('T4').villagesWithStation).toMatchObject({ numerator: 1, denominator: 4 });
    expect(fig('T5')).toMatchObject({ campaigns: 1, coverage: { numerator: 1, denominator: 2, value: 0.5 } });
    expect(fig('T6')).toMatchObject({ activities: 2, participants: 30, byType: { lecture: 1, weekly_case: 1 } });
    const east = o.regions.find((r: { code: string }) => r.code === TREE.a1);
    expect(east.items.map((i: { code: string }) => i.code)).toEqual(['V1', 'V2']);
    expect(east.items[1].figures.withinTimeLimits).toMatchObject({ numerator: 1, denominator: 1, value: 1 });
    expect(east.v3).toMatchObject({ ruleOfLawLeaders: 1, legalLiterates: 3, activities: 1 });
    const west = o.regions.find((r: { code: string }) => r.code === TREE.a2);
    expect(west.items[1].figures.withinTimeLimits).toMatchObject({ value: null, reason: expect.any(String) });
  });

  it('only the town office assesses, with versions; the assessor and date are recorded and audited', async () => {
    const url = `/api/checklist/${TREE.townA}/${year()}/T1`;
    expect((await req(a1, 'PUT', url, { status: 'met', version: 0 })).statusCode).toBe(403);
    expect((await req(leader, 'PUT', url, { status: 'met', version: 0 })).statusCode).toBe(403);
    expect((await req(officeB, 'PUT', url, { status: 'met', version: 0 })).statusCode).toBe(404);
    expect((await req(office, 'PUT', `/api/checklist/${TREE.townA}/${year()}/V1`, { status: 'met', version: 0 })).statusCode).toBe(422);
    expect((await req(office, 'PUT', `/api/checklist/${TREE.townA}/${year()}/T9`, { status: 'met', version: 0 })).statusCode).toBe(422);
    const ok = await req(office, 'PUT', url, { status: 'met', evidence: '《清溪镇无讼创建实施方案》已印发', version: 0 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'met', item: 'creation_plan', assessedOn: today(), version: 1 });
    expect(ok.json().assessedBy).toBeTruthy();
    expect((await req(office, 'PUT', url, { status: 'not_met', version: 0 })).statusCode).toBe(409);
    const v = await req(office, 'PUT', `/api/checklist/${TREE.a1}/${year()}/village_rules_non_litigation`, { status: 'not_met', evidence: '村规民约未修订', version: 0 });
    expect(v.statusCode).toBe(200);
    const audit = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'checklist.assess'`);
    expect(audit[0].n).toBe(2);

    // attachments on the assessed item, readable within scope only
    const up = multipartFile('方案.png', PNG_1PX, 'image/png');
    const u = await t.inject({ method: 'POST', url: `/api/files?ownerEntity=checklist_item&ownerId=${ok.json().id}`, headers: { cookie: office, ...up.headers }, payload: up.payload });
    expect(u.statusCode, u.body).toBe(201);
    expect((await req(leader, 'GET', u.json().url)).statusCode).toBe(200);
    expect((await req(a1, 'GET', u.json().url)).statusCode).toBe(404);
    const o = (await req(office, 'GET', `/api/checklist?year=${year()}&region=${TREE.townA}`)).json();
    const t1 = o.regions[0].items[0];
    expect(t1).toMatchObject({ status: 'met', evidence: '《清溪镇无讼创建实施方案》已印发', version: 1 });
    expect(t1.attachments).toHaveLength(1);
  });

  it('a village cadre sees only their own village\'s items', async () => {
    const o = (await req(a2, 'GET', `/api/checklist?year=${year()}`)).json();
    expect(o.regions.map((r: { code: string }) => r.code)).toEqual([TREE.a2]);
    expect((await req(officeB, 'GET', `/api/checklist?year=${year()}`)).json().regions.map((r: { code: string }) => r.code)).toEqual([TREE.townB, TREE.b1, TREE.b2]);
  });

  it('checklistStatuses gives the evaluation every item, unassessed when missing', async () => {
    const s = await checklistStatuses(t.database.db, year(), [TREE.townA, TREE.a1, TREE.a2]);
    expect(s[TREE.townA]).toEqual({
      creation_plan: 'met',
      legal_talent_teams: 'unassessed',
      mediation_centre_and_court_link: 'unassessed',
      public_legal_service_stations: 'unassessed',
      regular_screening: 'unassessed',
      legal_culture_platform: 'unassessed',
    });
    expect(s[TREE.a1]).toEqual({ village_rules_non_litigation: 'not_met', mediation_mechanism_effective: 'unassessed' });
    expect(s[TREE.a2]).toEqual({ village_rules_non_litigation: 'unassessed', mediation_mechanism_effective: 'unassessed' });
    expect(await checklistStatuses(t.database.db, year() - 1, [TREE.townA])).toEqual({ [TREE.townA]: expect.objectContaining({ creation_plan: 'unassessed' }) });
  });
  it('a 达标 the figures contradict is shown and needs a written reason, kept and audited (issue 14.3)', async () => {
    const o = (await req(office, 'GET', `/api/checklist?year=${year()}&region=${TREE.townA}`)).json();
    const t3 = o.regions[0].items.find((i: { code: string }) => i.code === 'T3');
    expect(t3.contradiction).toContain('西村、南村、新华社区未建成“诉服村村通”');
    const url = `/api/checklist/${TREE.townA}/${year()}/T3`;
    const refused = await req(office, 'PUT', url, { status: 'met', version: 0 });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().detail).toContain('请填写理由');
    expect((await t.database.query(`select 1 from checklist_items where region_code = $1 and item = 'mediation_centre_and_court_link'`, [TREE.townA])).length).toBe(0);
    // not_met needs no reason; a 达标 with a reason is kept, shown and audited
    const ok = await req(office, 'PUT', url, { status: 'met', overrideReason: '三村终端已采购，12月底前安装', version: 0 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().overrideReason).toBe('三村终端已采购，12月底前安装');
    const again = (await req(office, 'GET', `/api/checklist?year=${year()}&region=${TREE.townA}`)).json().regions[0].items.find((i: { code: string }) => i.code === 'T3');
    expect(again).toMatchObject({ status: 'met', overrideReason: '三村终端已采购，12月底前安装' });
    expect(again.contradiction).toBeTruthy();
    const audit = await t.database.query<{ after: { overrideReason: string } }>(`select after from audit_log where action = 'checklist.assess' and entity_id = $1`, [ok.json().id]);
    expect(JSON.stringify(audit[0].after)).toContain('三村终端已采购');
    // an item the figures do not contradict needs no reason
    expect((await req(office, 'PUT', `/api/checklist/${TREE.townA}/${year()}/T5`, { status: 'met', version: 0 })).statusCode).toBe(200);
  });
});
