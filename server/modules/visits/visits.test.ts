import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { TestApp } from '../../../test/helpers.ts';
import { preventionFixture, requester, shanghaiToday, shiftDay } from '../../../test/prevention-fixture.ts';
import { TREE } from '../../../test/factories.ts';
import { readWorkbook } from '../../../test/xlsx.ts';

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
const year = () => Number(today().slice(0, 4));

describe('visits and consultations', () => {
  it('records the four visits and consultations; requests are tracked until answered', async () => {
    const r = await req(office, 'POST', '/api/visits', { type: 'reception', visitedOn: today(), cadres: '王主任、李干事', regionCode: TREE.a1, personsMet: '张某', requests: '要求解决排水问题' });
    expect(r.statusCode, r.body).toBe(201);
    const v = r.json();
    expect(v).toMatchObject({ requestStatus: 'open', cadres: '王主任、李干事', villageCode: TREE.a1 });
    const open = (await req(office, 'GET', '/api/visits?requestStatus=open')).json();
    expect(open.items.map((x: { id: string }) => x.id)).toContain(v.id);
    const bad = await req(office, 'PATCH', `/api/visits/${v.id}`, { version: v.version, requestStatus: 'resolved' });
    expect(bad.statusCode).toBe(422);
    const ans = await req(office, 'PATCH', `/api/visits/${v.id}`, { version: v.version, answer: '已协调村里疏通' });
    expect(ans.json()).toMatchObject({ requestStatus: 'resolved', version: v.version + 1 });
    expect((await req(office, 'PATCH', `/api/visits/${v.id}`, { version: v.version, answer: 'x' })).statusCode).toBe(409);

    for (const type of ['appointment', 'home_visit', 'consultation']) {
      const x = await req(grid, 'POST', '/api/visits', { type, visitedOn: today(), regionCode: TREE.gridA1, personsMet: '村民', requests: type === 'consultation' ? '咨询继承问题' : null, answer: type === 'consultation' ? '告知法定继承顺序' : null });
      expect(x.statusCode, x.body).toBe(201);
      expect(x.json().villageCode).toBe(TREE.a1);
    }
    const home = await req(grid, 'POST', '/api/visits', { type: 'home_visit', visitedOn: today(), regionCode: TREE.gridA1 });
    expect(home.json().requestStatus).toBe('none');
    expect(home.json().cadres).toBeTruthy(); // defaults to the user
  });

  it('a village cadre can neither read nor change another village\'s visits', async () => {
    const v = (await req(a2, 'POST', '/api/visits', { type: 'home_visit', visitedOn: today(), regionCode: TREE.a2, requests: '低保' })).json();
    expect((await req(a1, 'GET', `/api/visits/${v.id}`)).statusCode).toBe(404);
    expect((await req(a1, 'PATCH', `/api/visits/${v.id}`, { version: 1, answer: 'x' })).statusCode).toBe(404);
    expect((await req(a1, 'POST', '/api/visits', { type: 'home_visit', visitedOn: today(), regionCode: TREE.a2 })).statusCode).toBe(404);
    const mine = (await req(a1, 'GET', '/api/visits?pageSize=100')).json();
    expect(mine.items.every((x: { villageCode: string }) => x.villageCode === TREE.a1)).toBe(true);
    expect((await req(officeB, 'GET', '/api/visits')).json().total).toBe(0);
    const x = await req(a1, 'GET', '/api/visits?format=xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    expect(wb.worksheets[0].rowCount - 1).toBe(mine.total);
  });

  it('rejects bad input with Chinese messages', async () => {
    const fut = await req(office, 'POST', '/api/visits', { type: 'home_visit', visitedOn: '2999-01-01', regionCode: TREE.a1 });
    expect(fut.statusCode).toBe(422);
    expect(fut.json().detail).toMatch(/晚于今天/);
    expect((await req(office, 'POST', '/api/visits', { type: 'visit', visitedOn: today(), regionCode: TREE.a1 })).statusCode).toBe(422);
    expect((await req(office, 'POST', '/api/visits', { type: 'return_visit', visitedOn: today(), regionCode: TREE.a1, satisfaction: 5 })).statusCode).toBe(422);
  });

  it('a return visit is the dispute\'s return visit: registered through the dispute, linked to it', async () => {
    const d = await req(office, 'POST', '/api/disputes', {
      regionCode: TREE.a1, receivedOn: today(), channel: 'walk_in', category: 'neighbour', summary: '邻里通道纠纷', peopleCount: 2, amount: null, riskLevel: 'general', mayTurnCriminal: false, threatensPetition: false,
      parties: [{ role: 'applicant', kind: 'person', name: '甲' }, { role: 'respondent', kind: 'person', name: '乙' }],
    });
    expect(d.statusCode, d.body).toBe(201);
    let dispute = d.json();
    const act = async (body: Record<string, unknown>) => {
      const r = await req(office, 'POST', `/api/disputes/${dispute.id}/actions`, { version: dispute.version, ...body });
      expect(r.statusCode, r.body).toBe(200);
      dispute = r.json();
    };
    // not yet resolved: the dispute refuses a return visit
    const early = await req(office, 'POST', '/api/visits', { type: 'return_visit', visitedOn: today(), regionCode: TREE.a1, disputeId: dispute.id, satisfaction: 5 });
    expect(early.statusCode).toBe(422);
    await act({ action: 'accept', level: 'town' });
    await act({ action: 'start_mediation' });
    await act({ action: 'resolve', agreement: { form: 'oral', content: '让出通道' } });
    const rv = await req(office, 'POST', '/api/visits', { type: 'return_visit', visitedOn: today(), regionCode: TREE.a1, disputeId: dispute.id, satisfaction: 4, cadres: '王主任', personsMet: '甲、乙' });
    expect(rv.statusCode, rv.body).toBe(201);
    expect(rv.json()).toMatchObject({ type: 'return_visit', disputeId: dispute.id, satisfaction: 4, cadres: '王主任' });
    const after = (await req(office, 'GET', `/api/disputes/${dispute.id}`)).json();
    expect(after.state).toBe('follow_up');
    const list = (await req(office, 'GET', `/api/visits?disputeId=${dispute.id}`)).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0].disputeNumber).toBe(dispute.number);
    // another village's cadre cannot link a visit to it
    expect((await req(a2, 'POST', '/api/visits', { type: 'home_visit', visitedOn: today(), regionCode: TREE.a2, disputeId: dispute.id })).statusCode).toBe(404);
  });

  it('counts per cadre and per village by month', async () => {
    const s = (await req(office, 'GET', `/api/visits/stats?year=${year()}`)).json();
    const month = today().slice(0, 7);
    const cadre = s.byCadre.filter((x: { cadre: string; month: string }) => x.cadre === '王主任' && x.month === month);
    expect(cadre[0].n).toBe(2); // the reception and the return visit
    expect(s.byCadre.find((x: { cadre: string }) => x.cadre === '李干事').n).toBe(1);
    const east = s.byVillage.find((x: { villageCode: string; month: string }) => x.villageCode === TREE.a1 && x.month === month);
    expect(east.villageName).toBe('东村');
    expect(east.n).toBeGreaterThanOrEqual(6);
    expect(s.byType.find((x: { type: string }) => x.type === 'consultation').n).toBe(1);
    const mine = (await req(a2, 'GET', `/api/visits/stats?year=${year()}`)).json();
    expect(mine.byVillage.map((x: { villageCode: string }) => x.villageCode)).toEqual([TREE.a2]);

    // the same tables in Excel: a sheet each, a column per month, the total last
    const sheets = async (cookie: string) => {
      const x = await req(cookie, 'GET', `/api/visits/stats?year=${year()}&format=xlsx`);
      expect(x.statusCode).toBe(200);
      expect(x.headers['content-type']).toContain('spreadsheetml');
      return readWorkbook(x);
    };
    const rowOf = (rows: unknown[][], name: string) => rows.find((r) => r[0] === name) ?? null;
    const wb = await sheets(office);
    expect(wb.names).toEqual(['按类型', '按村（社区）', '按干部', '群众诉求']);
    const m = Number(month.slice(5));
    const wang = rowOf(wb.rows('按干部'), '王主任')!;
    expect(wang[m]).toBe(2);
    expect(wang[13]).toBe(s.byCadre.filter((x: { cadre: string }) => x.cadre === '王主任').reduce((a: number, x: { n: number }) => a + x.n, 0));
    expect(rowOf(wb.rows('按村（社区）'), '东村')![m]).toBe(east.n);
    expect(rowOf(wb.rows('按类型'), '法律咨询')![13]).toBe(1);
    const theirs = await sheets(a2);
    expect(rowOf(theirs.rows('按村（社区）'), '东村')).toBeNull(); // scope holds in the export too
    expect(rowOf(theirs.rows('按村（社区）'), '西村')).not.toBeNull();
  });
});

describe('a visit that reveals a dispute becomes one in one step (issue 13.10)', () => {
  it('the intake is prefilled from the visit; one step registers the dispute and links both ways', async () => {
    const day = shiftDay(today(), -2);
    const v = (await req(a1, 'POST', '/api/visits', { type: 'reception', visitedOn: day, regionCode: TREE.a1, personsMet: '张三、李四', personsCount: 2, requests: '楼上漏水，邻里争执' })).json();
    const i = await req(a1, 'GET', `/api/visits/${v.id}/intake`);
    expect(i.statusCode, i.body).toBe(200);
    expect(i.json().intake).toMatchObject({
      regionCode: TREE.a1,
      receivedOn: day,
      channel: 'visit',
      category: null,
      summary: '楼上漏水，邻里争执',
      peopleCount: 2,
      parties: [{ name: '张三', role: 'applicant' }, { name: '李四', role: 'respondent' }],
    });
    expect((await req(a2, 'GET', `/api/visits/${v.id}/intake`)).statusCode).toBe(404);
    expect((await req(a2, 'POST', `/api/visits/${v.id}/to-dispute`, { category: 'neighbour' })).statusCode).toBe(404);
    const noCategory = await req(a1, 'POST', `/api/visits/${v.id}/to-dispute`, {});
    expect(noCategory.statusCode).toBe(422);
    expect(noCategory.json().detail).toBe('请选择纠纷类别');

    const r = await req(a1, 'POST', `/api/visits/${v.id}/to-dispute`, { category: 'neighbour' });
    expect(r.statusCode, r.body).toBe(201);
    const { dispute, visit } = r.json();
    expect(dispute.number).toBeTruthy();
    expect(visit).toMatchObject({ id: v.id, disputeId: dispute.id, requestStatus: 'in_progress', version: v.version + 1 });
    const [row] = await t.database.query<{ region_code: string; received_on: string; summary: string; channel: string; category: string }>(
      'select region_code, received_on, summary, channel, category from disputes where id = $1',
      [dispute.id],
    );
    expect(row).toMatchObject({ region_code: TREE.a1, received_on: day, summary: '楼上漏水，邻里争执', channel: 'visit', category: 'neighbour' });
    // the visit shows the dispute's number; the dispute shows the visit (its list of visits and a timeline note)
    const listed = (await req(a1, 'GET', `/api/visits?disputeId=${dispute.id}`)).json().items;
    expect(listed).toMatchObject([{ id: v.id, disputeNumber: dispute.number }]);
    const detail = (await req(a1, 'GET', `/api/disputes/${dispute.id}`)).json();
    expect(detail.parties.map((p: { name: string }) => p.name)).toEqual(['张三', '李四']);
    expect(detail.visits.map((x: { id: string }) => x.id)).toContain(v.id);
    expect(detail.events.some((e: { notes: string | null }) => e.notes?.includes('开门接访'))).toBe(true);
    // once only
    expect((await req(a1, 'POST', `/api/visits/${v.id}/to-dispute`, { category: 'neighbour' })).statusCode).toBe(422);
    expect((await req(a1, 'GET', `/api/visits/${v.id}/intake`)).statusCode).toBe(422);
  });

  it('a consultation comes in as a walk-in; the form may correct any field', async () => {
    const v = (await req(a1, 'POST', '/api/visits', { type: 'consultation', visitedOn: today(), regionCode: TREE.a1, personsMet: '王五', requests: '咨询工资拖欠' })).json();
    const r = await req(a1, 'POST', `/api/visits/${v.id}/to-dispute`, {
      category: 'labour',
      summary: '王五被拖欠工资',
      parties: [
        { role: 'applicant', kind: 'person', name: '王五', idNumber: null, phone: null, address: null },
        { role: 'respondent', kind: 'organisation', name: '某建筑公司', idNumber: null, phone: null, address: null },
      ],
    });
    expect(r.statusCode, r.body).toBe(201);
    const [row] = await t.database.query<{ channel: string; summary: string }>('select channel, summary from disputes where id = $1', [r.json().dispute.id]);
    expect(row).toEqual({ channel: 'walk_in', summary: '王五被拖欠工资' });
  });

  it('one transaction: when linking the visit fails, no dispute is left behind', async () => {
    const v = (await req(a1, 'POST', '/api/visits', { type: 'home_visit', visitedOn: today(), regionCode: TREE.a1, personsMet: '赵六', requests: '宅基地争议未决' })).json();
    const count = async () => (await t.database.query<{ n: number }>(`select count(*)::int as n from disputes where summary = '宅基地争议未决'`))[0].n;
    await t.database.query(`create function house_fail() returns trigger language plpgsql as $$ begin raise exception 'link failed'; end $$`);
    await t.database.query(`create trigger house_fail before update on visits for each row execute function house_fail()`);
    try {
      const r = await req(a1, 'POST', `/api/visits/${v.id}/to-dispute`, { category: 'housing_homestead' });
      expect(r.statusCode).toBe(500);
    } finally {
      await t.database.query(`drop trigger house_fail on visits`);
      await t.database.query(`drop function house_fail()`);
    }
    expect(await count()).toBe(0);
    expect((await req(a1, 'GET', `/api/visits/${v.id}`)).json()).toMatchObject({ disputeId: null, version: v.version });
    // and it works once the failure is gone
    expect((await req(a1, 'POST', `/api/visits/${v.id}/to-dispute`, { category: 'housing_homestead' })).statusCode).toBe(201);
    expect(await count()).toBe(1);
  });
});
