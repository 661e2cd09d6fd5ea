import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { TestApp } from '../../../test/helpers.ts';
import { preventionFixture, requester } from '../../../test/prevention-fixture.ts';
import { TREE } from '../../../test/factories.ts';
import { multipartFile, PNG_1PX } from '../../../test/multipart.ts';
import { expectSelectedExport, readWorkbook } from '../../../test/xlsx.ts';

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

describe('legal education', () => {
  it('records activities with photos; counts per village and month', async () => {
    const mk = (cookie: string, body: Record<string, unknown>) => req(cookie, 'POST', '/api/education/activities', body);
    const a = await mk(a1, { type: 'lecture', heldOn: '2024-03-15', regionCode: TREE.a1, title: '民法典进村', organiser: '司法所', participants: 60 });
    expect(a.statusCode, a.body).toBe(201);
    await mk(a1, { type: 'publicity', heldOn: '2024-03-20', regionCode: TREE.gridA1, title: '法治宣传栏更新', participants: 0 });
    await mk(a2, { type: 'training', heldOn: '2024-04-02', regionCode: TREE.a2, title: '法律明白人培训', participants: 25 });
    await mk(office, { type: 'demonstration_mediation', heldOn: '2024-04-10', regionCode: TREE.townA, title: '示范调解观摩', participants: 40 });
    expect((await mk(a2, { type: 'lecture', heldOn: '2024-03-15', regionCode: TREE.a1, title: 'x' })).statusCode).toBe(404);
    expect((await mk(grid, { type: 'lecture', heldOn: '2024-03-15', regionCode: TREE.gridA1, title: 'x' })).statusCode).toBe(403);
    expect((await mk(a1, { type: 'party', heldOn: '2024-03-15', regionCode: TREE.a1, title: 'x' })).statusCode).toBe(422);

    const s = (await req(office, 'GET', '/api/education/stats?year=2024')).json();
    expect(s.total).toBe(4);
    expect(s.byVillage).toEqual(
      expect.arrayContaining([
        { code: TREE.a1, name: '东村', month: '2024-03', n: 2, participants: 60 },
        { code: TREE.a2, name: '西村', month: '2024-04', n: 1, participants: 25 },
        { code: TREE.townA, name: '清溪镇', month: '2024-04', n: 1, participants: 40 },
      ]),
    );
    const mine = (await req(a1, 'GET', '/api/education/stats?year=2024')).json();
    expect(mine.total).toBe(2);
    // in Excel: villages × months with the total and the participants, and the types
    const statsXlsx = await req(office, 'GET', '/api/education/stats?year=2024&format=xlsx');
    expect(statsXlsx.statusCode).toBe(200);
    const { rows } = await readWorkbook(statsXlsx);
    const villages = rows('按村（社区）');
    expect(villages[1]).toEqual(['村（社区）', '1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月', '合计', '参加人次']);
    expect(villages.find((r) => r[0] === '东村')).toEqual(['东村', 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 60]);
    expect(villages.find((r) => r[0] === '西村')).toEqual(['西村', 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 25]);
    expect(rows('按类型').at(-1)).toEqual(['合计', 4, 125]);

    const id = a.json().id;
    const up = multipartFile('讲座.png', PNG_1PX, 'image/png');
    const u = await t.inject({ method: 'POST', url: `/api/files?ownerEntity=education_activity&ownerId=${id}`, headers: { cookie: a1, ...up.headers }, payload: up.payload });
    expect(u.statusCode, u.body).toBe(201);
    const pdf = multipartFile('签到表.pdf', Buffer.from('%PDF-1.4\n%…\n'), 'application/pdf');
    expect((await t.inject({ method: 'POST', url: `/api/files?ownerEntity=education_activity&ownerId=${id}`, headers: { cookie: a1, ...pdf.headers }, payload: pdf.payload })).statusCode).toBe(201);
    const detail = (await req(a1, 'GET', `/api/education/activities/${id}`)).json();
    expect(detail.photos).toHaveLength(2);
    expect((await req(a2, 'GET', `/api/education/activities/${id}`)).statusCode).toBe(404);
    expect((await req(a2, 'GET', detail.photos[0].url)).statusCode).toBe(404);
    expect((await req(grid, 'GET', detail.photos[0].url)).statusCode).toBe(404); // a grid sees its grid, not the village's records
    expect((await req(office, 'GET', detail.photos[0].url)).statusCode).toBe(200);
    expect((await req(officeB, 'GET', detail.photos[0].url)).statusCode).toBe(404);
    expect((await req(a2, 'PATCH', `/api/education/activities/${id}`, { version: 1, title: 'x' })).statusCode).toBe(404);
    expect((await req(a2, 'DELETE', `/api/education/activities/${id}`)).statusCode).toBe(404);

    const x = await req(office, 'GET', '/api/education/activities?format=xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    expect(wb.worksheets[0].rowCount - 1).toBe(4);
  });

  it('numbers the 每周一典 series per town and year', async () => {
    const lib = await req(office, 'POST', '/api/library', { kind: 'typical_case', title: '邻里排水纠纷调解案', category: 'neighbour', regionCode: TREE.townA, summary: '村调委会三次调解化解' });
    expect(lib.statusCode, lib.body).toBe(201);
    const nos = [];
    for (const d of ['2024-01-05', '2024-01-12', '2024-01-19']) {
      const r = await req(office, 'POST', '/api/education/activities', { type: 'weekly_case', heldOn: d, regionCode: TREE.townA, title: `每周一典 ${d}`, libraryEntryId: lib.json().id });
      expect(r.statusCode, r.body).toBe(201);
      nos.push(r.json().seriesNo);
    }
    expect(nos).toEqual([1, 2, 3]);
    const w = (await req(office, 'GET', '/api/education/weekly?year=2024')).json();
    expect(w.issues).toBe(3);
    expect(w.items.map((i: { seriesNo: number }) => i.seriesNo)).toEqual([1, 2, 3]);
    const other = await req(officeB, 'POST', '/api/education/activities', { type: 'weekly_case', heldOn: '2024-01-05', regionCode: TREE.townB, title: '白沙一典' });
    expect(other.json().seriesNo).toBe(1);
  });

  it('the library: town entries are readable by its villages, writable only within scope', async () => {
    const e = await req(a1, 'POST', '/api/library', { kind: 'experience', title: '东村“村民说事”', regionCode: TREE.a1, content: '每月十日村民说事' });
    expect(e.statusCode, e.body).toBe(201);
    const seenByA2 = (await req(a2, 'GET', '/api/library')).json();
    expect(seenByA2.items.map((x: { title: string }) => x.title)).toContain('邻里排水纠纷调解案'); // the town's
    expect(seenByA2.items.map((x: { title: string }) => x.title)).not.toContain('东村“村民说事”'); // another village's
    expect((await req(a2, 'PATCH', `/api/library/${e.json().id}`, { version: 1, title: 'x' })).statusCode).toBe(404);
    const town = seenByA2.items.find((x: { title: string }) => x.title === '邻里排水纠纷调解案');
    expect((await req(a2, 'PATCH', `/api/library/${town.id}`, { version: town.version, title: 'x' })).statusCode).toBe(404);
    expect((await req(officeB, 'GET', '/api/library')).json().total).toBe(0);
    const q = (await req(office, 'GET', '/api/library?q=说事')).json();
    expect(q.total).toBe(1);
    // the library to Excel, as the list shows it to each user
    const titles = async (cookie: string) => {
      const x = await req(cookie, 'GET', '/api/library?format=xlsx');
      expect(x.statusCode).toBe(200);
      return (await readWorkbook(x)).rows();
    };
    const forA2 = await titles(a2);
    expect(forA2[0].slice(0, 3)).toEqual(['类别', '标题', '纠纷类别']);
    expect(forA2.find((r) => r[1] === '邻里排水纠纷调解案')!.slice(0, 3)).toEqual(['典型案例', '邻里排水纠纷调解案', '邻里']);
    expect(forA2.map((r) => r[1])).not.toContain('东村“村民说事”');
  });
});

describe('导出所选 (issue 18.4)', () => {
  it('ids= exports only the chosen activities, never one outside the user\'s villages; a malformed list is a 400', async () => {
    const mk = async (cookie: string, regionCode: string, title: string) => {
      const r = await req(cookie, 'POST', '/api/education/activities', { type: 'lecture', heldOn: '2025-06-01', regionCode, title, participants: 10 });
      expect(r.statusCode, r.body).toBe(201);
      return { id: r.json().id as string, label: title };
    };
    const [one, two, three] = [await mk(a1, TREE.a1, '所选讲座甲'), await mk(a1, TREE.a1, '所选讲座乙'), await mk(a1, TREE.a1, '未选讲座丙')];
    const west = await mk(a2, TREE.a2, '西村讲座');
    await expectSelectedExport((url) => req(a1, 'GET', url), '/api/education/activities', { chosen: [one, two], notChosen: three, outside: west });
  });
});
