import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { TestApp } from '../../../test/helpers.ts';
import { preventionFixture, requester, shanghaiToday, shiftDay } from '../../../test/prevention-fixture.ts';
import { TREE } from '../../../test/factories.ts';
import { expectSelectedExport, readWorkbook } from '../../../test/xlsx.ts';
import { sysCtx } from '../../../test/helpers.ts';
import { createUnit } from '../regions/service.ts';

let t: TestApp;
let office: string; // town office of 清溪镇
let officeB: string; // town office of 白沙镇
let a1: string; // village cadre of 东村
let a2: string; // village cadre of 西村
let grid: string; // grid worker of 东村一网格
let leader: string;

beforeAll(async () => {
  ({ t, office, officeB, a1, a2, grid, leader } = await preventionFixture());
});
afterAll(() => t.close());

const req = requester(() => t);

const shift = shiftDay;

async function newCampaign(targets: string[], over: Record<string, unknown> = {}) {
  const day = shanghaiToday();
  const r = await req(office, 'POST', '/api/screening/campaigns', {
    regionCode: TREE.townA,
    title: '春节前矛盾纠纷排查',
    type: 'sensitive_period',
    startsOn: shift(day, -3),
    endsOn: shift(day, 5),
    deadline: shift(day, 3),
    targets,
    ...over,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; title: string; version: number };
}

describe('screening campaigns', () => {
  it('only the prevention office creates campaigns; targets must be villages or grids of the organising town in scope', async () => {
    const day = shanghaiToday();
    const body = { regionCode: TREE.townA, title: 'x', type: 'regular', startsOn: day, endsOn: day, deadline: day, targets: [TREE.a1] };
    expect((await req(a1, 'POST', '/api/screening/campaigns', body)).statusCode).toBe(403);
    expect((await req(office, 'POST', '/api/screening/campaigns', { ...body, targets: [TREE.b1] })).statusCode).toBe(404);
    expect((await req(office, 'POST', '/api/screening/campaigns', { ...body, targets: [TREE.townA] })).statusCode).toBe(422);
    expect((await req(office, 'POST', '/api/screening/campaigns', { ...body, type: 'weekly' })).statusCode).toBe(422);
    const bad = await req(office, 'POST', '/api/screening/campaigns', { ...body, endsOn: shift(day, -1) });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toMatch(/结束日期/);
  });

  it('coverage counts covered regions that reported by the deadline; zero reports and risks both count', async () => {
    const c = await newCampaign([TREE.a1, TREE.a2, TREE.gridA1, TREE.a3], { title: '春节前矛盾纠纷排查（覆盖率）' });
    let d = (await req(office, 'GET', `/api/screening/campaigns/${c.id}`)).json();
    expect(d.summary).toMatchObject({ covered: 4, reported: 0, coverage: { value: 0 } });

    // the grid worker files a zero report for the grid
    const z = await req(grid, 'POST', `/api/screening/campaigns/${c.id}/reports`, { regionCode: TREE.gridA1, zeroReport: true });
    expect(z.statusCode, z.body).toBe(201);
    expect(z.json().late).toBe(false);
    // the village files risks
    const rr = await req(a1, 'POST', `/api/screening/campaigns/${c.id}/reports`, {
      regionCode: TREE.a1,
      zeroReport: false,
      risks: [{ category: 'neighbour', description: '两户因排水沟争执', peopleInvolved: '张三、李四', peopleCount: 2, level: 'general', measures: '村调委会已介入' }],
    });
    expect(rr.statusCode, rr.body).toBe(201);
    expect(rr.json().risks).toHaveLength(1);

    d = (await req(office, 'GET', `/api/screening/campaigns/${c.id}`)).json();
    expect(d.summary).toMatchObject({ covered: 4, reported: 2, onTime: 2, late: 0, missing: 2, risksFound: 1, zeroReports: 1 });
    expect(d.summary.coverage.value).toBe(0.5);
    const list = (await req(office, 'GET', '/api/screening/campaigns')).json();
    expect(list.find((x: { id: string }) => x.id === c.id).summary.coverage.value).toBe(0.5);
    // both go to Excel: the campaigns with their coverage, and each region's report
    const book = async (cookie: string, url: string) => {
      const x = await req(cookie, 'GET', url);
      expect(x.statusCode).toBe(200);
      expect(x.headers['content-type']).toContain('spreadsheetml');
      return (await readWorkbook(x)).rows();
    };
    const campaigns = await book(office, '/api/screening/campaigns?format=xlsx');
    expect(campaigns[0].slice(0, 2)).toEqual(['排查名称', '类型']);
    const mineRow = campaigns.find((r) => r[0] === c.title)!;
    expect(mineRow.slice(5)).toEqual([4, 2, 2, 0, 2, '50.0%', 1, 1]);
    const targets = await book(office, `/api/screening/campaigns/${c.id}?format=xlsx`);
    expect(targets[0]).toEqual(['地区代码', '地区', '上报情况', '上报日期', '上报人', '零报告', '发现隐患', '说明', '退回原因']);
    const byCode = new Map(targets.slice(1).map((r) => [r[0], r]));
    expect(byCode.get(TREE.gridA1)!.slice(2, 3)).toEqual(['按时上报']);
    expect(byCode.get(TREE.gridA1)![5]).toBe('是');
    expect(byCode.get(TREE.a1)![6]).toBe(1);
    expect(byCode.get(TREE.a3)![2]).toBe('待上报');
    expect((await book(a2, `/api/screening/campaigns/${c.id}?format=xlsx`)).slice(1).map((r) => r[0])).toEqual([TREE.a2]); // scope holds

    // a village cadre sees only their own part of the campaign
    const mine = (await req(a2, 'GET', `/api/screening/campaigns/${c.id}`)).json();
    expect(mine.targets.map((x: { regionCode: string }) => x.regionCode)).toEqual([TREE.a2]);
    expect(mine.summary.covered).toBe(1);
    // … and cannot file another village's report, nor see another town's campaign
    expect((await req(a2, 'POST', `/api/screening/campaigns/${c.id}/reports`, { regionCode: TREE.a3, zeroReport: true })).statusCode).toBe(404);
    expect((await req(officeB, 'GET', `/api/screening/campaigns/${c.id}`)).statusCode).toBe(404);
    expect((await req(officeB, 'GET', '/api/screening/campaigns')).json()).toEqual([]);
  });

  it('a zero report cannot carry risks, a report needs risks or zero, and a filed report cannot be filed twice', async () => {
    const c = await newCampaign([TREE.a2]);
    const both = await req(a2, 'POST', `/api/screening/campaigns/${c.id}/reports`, { regionCode: TREE.a2, zeroReport: true, risks: [{ category: 'neighbour', description: 'x' }] });
    expect(both.statusCode).toBe(422);
    const none = await req(a2, 'POST', `/api/screening/campaigns/${c.id}/reports`, { regionCode: TREE.a2, zeroReport: false, risks: [] });
    expect(none.statusCode).toBe(422);
    expect((await req(a2, 'POST', `/api/screening/campaigns/${c.id}/reports`, { regionCode: TREE.a2, zeroReport: true })).statusCode).toBe(201);
    const again = await req(a2, 'POST', `/api/screening/campaigns/${c.id}/reports`, { regionCode: TREE.a2, zeroReport: true });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toMatch(/已上报/);
  });

  it('a report after the deadline counts as late, not as coverage', async () => {
    const day = shanghaiToday();
    const c = await newCampaign([TREE.a1, TREE.a2], { startsOn: shift(day, -10), endsOn: shift(day, -1), deadline: shift(day, -2) });
    const r = await req(a1, 'POST', `/api/screening/campaigns/${c.id}/reports`, { regionCode: TREE.a1, zeroReport: true });
    expect(r.json().late).toBe(true);
    const d = (await req(office, 'GET', `/api/screening/campaigns/${c.id}`)).json();
    expect(d.summary).toMatchObject({ covered: 2, reported: 1, onTime: 0, late: 1 });
    expect(d.summary.coverage.value).toBe(0);
    expect(d.targets.map((x: { state: string }) => x.state).sort()).toEqual(['late', 'overdue']);
  });

  it('only the town office reopens a filed report, with a reason that is audited; then it can be filed again', async () => {
    const c = await newCampaign([TREE.a1]);
    const f = (await req(a1, 'POST', `/api/screening/campaigns/${c.id}/reports`, { regionCode: TREE.a1, zeroReport: true })).json();
    const rid = f.report.id;
    expect((await req(a1, 'POST', `/api/screening/reports/${rid}/reopen`, { reason: '漏报', version: 1 })).statusCode).toBe(403);
    expect((await req(officeB, 'POST', `/api/screening/reports/${rid}/reopen`, { reason: '漏报', version: 1 })).statusCode).toBe(404);
    expect((await req(office, 'POST', `/api/screening/reports/${rid}/reopen`, { reason: '  ', version: 1 })).statusCode).toBe(422);
    expect((await req(office, 'POST', `/api/screening/reports/${rid}/reopen`, { reason: '漏报', version: 9 })).statusCode).toBe(409);
    const ok = await req(office, 'POST', `/api/screening/reports/${rid}/reopen`, { reason: '东村三组土地纠纷未报', version: 1 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'reopened', reopenReason: '东村三组土地纠纷未报' });
    const audit = await t.database.query<{ after: { reason: string } }>(`select after from audit_log where action = 'screening.reopen' and entity_id = $1`, [rid]);
    expect(audit[0].after.reason).toBe('东村三组土地纠纷未报');
    let d = (await req(office, 'GET', `/api/screening/campaigns/${c.id}`)).json();
    expect(d.summary.reported).toBe(0);
    const tasks = (await req(a1, 'GET', '/api/screening/my-tasks')).json();
    expect(tasks.find((x: { campaignId: string }) => x.campaignId === c.id)).toMatchObject({ state: 'reopened', reopenReason: '东村三组土地纠纷未报' });
    const again = await req(a1, 'POST', `/api/screening/campaigns/${c.id}/reports`, { regionCode: TREE.a1, zeroReport: false, risks: [{ category: 'land_contract', description: '三组土地承包边界争议', peopleCount: 6, level: 'serious' }] });
    expect(again.statusCode, again.body).toBe(201);
    d = (await req(office, 'GET', `/api/screening/campaigns/${c.id}`)).json();
    expect(d.summary).toMatchObject({ reported: 1, risksFound: 1 });
  });

  it('a reported region cannot be removed from a campaign; a campaign with reports cannot be deleted', async () => {
    const c = await newCampaign([TREE.a1, TREE.a2]);
    await req(a1, 'POST', `/api/screening/campaigns/${c.id}/reports`, { regionCode: TREE.a1, zeroReport: true });
    expect((await req(office, 'PATCH', `/api/screening/campaigns/${c.id}`, { version: 1, targets: [TREE.a2] })).statusCode).toBe(422);
    const ok = await req(office, 'PATCH', `/api/screening/campaigns/${c.id}`, { version: 1, targets: [TREE.a1, TREE.a3], title: '改名' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await req(office, 'DELETE', `/api/screening/campaigns/${c.id}`)).statusCode).toBe(422);
  });
});

describe('risk register', () => {
  it('lists with filters and scope, exports .xlsx, updates with versions', async () => {
    const mk = (cookie: string, regionCode: string, category: string, level = 'general') =>
      req(cookie, 'POST', '/api/risks', { regionCode, category, description: `${category} 隐患`, level });
    expect((await mk(a1, TREE.a1, 'marriage_family', 'major')).statusCode).toBe(201);
    expect((await mk(a2, TREE.a2, 'labour')).statusCode).toBe(201);
    expect((await mk(a2, TREE.a1, 'labour')).statusCode).toBe(404); // another village
    expect((await mk(a1, TREE.a1, 'nonsense')).statusCode).toBe(422);
    expect((await mk(leader, TREE.a1, 'labour')).statusCode).toBe(403);

    const all = (await req(office, 'GET', '/api/risks?pageSize=100')).json();
    const mineA2 = (await req(a2, 'GET', '/api/risks?pageSize=100')).json();
    expect(mineA2.items.every((x: { regionCode: string }) => x.regionCode === TREE.a2)).toBe(true);
    expect(all.total).toBeGreaterThan(mineA2.total);
    const major = (await req(office, 'GET', '/api/risks?level=major')).json();
    expect(major.items.every((x: { level: string }) => x.level === 'major')).toBe(true);
    const byRegion = (await req(office, 'GET', `/api/risks?region=${TREE.a2}&category=labour`)).json();
    expect(byRegion.total).toBe(1);

    const x = await req(office, 'GET', '/api/risks?format=xlsx');
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('发现日期');
    expect(ws.rowCount - 1).toBe(all.total);
    const xa2 = await req(a2, 'GET', '/api/risks?format=xlsx');
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(xa2.rawPayload as never);
    expect(wb2.worksheets[0].rowCount - 1).toBe(mineA2.total);

    const risk = mineA2.items[0];
    expect((await req(a1, 'PATCH', `/api/risks/${risk.id}`, { version: risk.version, status: 'defused' })).statusCode).toBe(404);
    const up = await req(a2, 'PATCH', `/api/risks/${risk.id}`, { version: risk.version, status: 'defused', measures: '已调解' });
    expect(up.json()).toMatchObject({ status: 'defused', measures: '已调解', version: risk.version + 1 });
    expect((await req(a2, 'PATCH', `/api/risks/${risk.id}`, { version: risk.version, status: 'open' })).statusCode).toBe(409);
  });

  it('导出所选: ids= exports only the chosen risks, never one outside the user\'s villages; a malformed list is a 400', async () => {
    const mk = async (cookie: string, regionCode: string, description: string) => {
      const r = await req(cookie, 'POST', '/api/risks', { regionCode, category: 'neighbour', description });
      expect(r.statusCode, r.body).toBe(201);
      return { id: r.json().id as string, label: description };
    };
    const [one, two, three] = [await mk(a1, TREE.a1, '所选隐患一'), await mk(a1, TREE.a1, '所选隐患二'), await mk(a1, TREE.a1, '未选隐患三')];
    const west = await mk(a2, TREE.a2, '西村的隐患');
    await expectSelectedExport((url) => req(a1, 'GET', url), '/api/risks', { chosen: [one, two], notChosen: three, outside: west });
  });

  it('turning a risk into a dispute: a pre-filled intake, then one step that registers and links both ways', async () => {
    const r = (await req(a1, 'POST', '/api/risks', { regionCode: TREE.a1, category: 'neighbour', description: '宅基地边界', peopleInvolved: '王五、赵六', peopleCount: 2 })).json();
    const i = await req(a1, 'GET', `/api/risks/${r.id}/intake`);
    expect(i.statusCode, i.body).toBe(200);
    expect(i.json().intake).toMatchObject({ regionCode: TREE.a1, category: 'neighbour', peopleCount: 2, riskId: r.id, parties: [{ name: '王五', role: 'applicant' }, { name: '赵六', role: 'respondent' }] });
    expect((await req(a2, 'GET', `/api/risks/${r.id}/intake`)).statusCode).toBe(404);
    expect((await req(a2, 'POST', `/api/risks/${r.id}/to-dispute`, {})).statusCode).toBe(404);
    const d = await req(a1, 'POST', `/api/risks/${r.id}/to-dispute`, { summary: '王五与赵六宅基地边界纠纷' });
    expect(d.statusCode, d.body).toBe(201);
    expect(d.json().risk).toMatchObject({ status: 'became_dispute', disputeId: d.json().dispute.id });
    const rows = await t.database.query<{ risk_id: string; summary: string; channel: string }>('select risk_id, summary, channel from disputes where id = $1', [d.json().dispute.id]);
    expect(rows[0]).toMatchObject({ risk_id: r.id, summary: '王五与赵六宅基地边界纠纷', channel: 'grid_screening' });
    expect((await req(a1, 'POST', `/api/risks/${r.id}/to-dispute`, {})).statusCode).toBe(422);
    // a risk without named people needs the parties from the form
    const bare = (await req(a1, 'POST', '/api/risks', { regionCode: TREE.a1, category: 'labour', description: '欠薪' })).json();
    expect((await req(a1, 'POST', `/api/risks/${bare.id}/to-dispute`, {})).statusCode).toBe(422);
  });

  it('risk → dispute is one transaction: when linking the risk fails, no dispute is left behind (issue 11.4)', async () => {
    const r = (await req(a1, 'POST', '/api/risks', { regionCode: TREE.a1, category: 'neighbour', description: '树木越界', peopleInvolved: '周九' })).json();
    const count = async () => (await t.database.query<{ n: number }>(`select count(*)::int as n from disputes where risk_id = $1 or summary = '树木越界纠纷'`, [r.id]))[0].n;
    await t.database.query(`create function house_fail() returns trigger language plpgsql as $$ begin raise exception 'link failed'; end $$`);
    await t.database.query(`create trigger house_fail before update on risks for each row execute function house_fail()`);
    try {
      expect((await req(a1, 'POST', `/api/risks/${r.id}/to-dispute`, { summary: '树木越界纠纷' })).statusCode).toBe(500);
    } finally {
      await t.database.query(`drop trigger house_fail on risks`);
      await t.database.query(`drop function house_fail()`);
    }
    expect(await count()).toBe(0);
    expect((await req(a1, 'GET', `/api/risks/${r.id}`)).json()).toMatchObject({ status: 'open', disputeId: null, version: r.version });
    expect((await req(a1, 'POST', `/api/risks/${r.id}/to-dispute`, { summary: '树木越界纠纷' })).statusCode).toBe(201);
    expect(await count()).toBe(1);
  });

  it('a county police user (intake, but no prevention permission) neither reads nor turns nor links risks (issue 12.3)', async () => {
    await createUnit(t.database, sysCtx(), { id: 'police-county', name: '义乌市公安局', type: 'police_station', regionCode: TREE.county });
    const police = await t.userWith('department', { unitId: 'police-county' });
    const r = (await req(a1, 'POST', '/api/risks', { regionCode: TREE.a1, category: 'neighbour', description: '院墙倒塌', peopleInvolved: '钱七' })).json();
    const d = (await req(a1, 'POST', `/api/risks/${r.id}/to-dispute`, { summary: '院墙倒塌纠纷' })).json().dispute;
    const other = (await req(a1, 'POST', '/api/risks', { regionCode: TREE.a1, category: 'neighbour', description: '排水沟堵塞', peopleInvolved: '孙八' })).json();
    const intake = await req(police, 'GET', `/api/risks/${other.id}/intake`);
    expect(intake.statusCode).toBe(403);
    expect(intake.headers['content-type']).toMatch(/problem\+json/);
    expect((await req(police, 'POST', `/api/risks/${other.id}/to-dispute`, {})).statusCode).toBe(403);
    expect((await req(police, 'POST', `/api/risks/${other.id}/link-dispute`, { disputeId: d.id })).statusCode).toBe(403);
    // nothing changed
    expect((await req(a1, 'GET', `/api/risks/${other.id}`)).json()).toMatchObject({ status: 'open', disputeId: null, version: other.version });
  });
});
