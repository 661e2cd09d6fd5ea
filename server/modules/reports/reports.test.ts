import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { TREE } from '../../../test/factories.ts';
import { dispute, seedScenario, sourceCount } from '../evaluation/test-data.ts';
import type { Trends } from './trends.ts';
import { readWorkbook } from '../../../test/xlsx.ts';
import { todayShanghai } from '../../../core/dates.ts';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedScenario(t.database);
  const db = t.database;
  // trends data for 清溪镇
  await dispute(db, { region: TREE.a1, receivedOn: '2024-03-01', state: 'closed', outcome: 'resolved', outcomeLevel: 'village', concludedOn: '2024-03-10' });
  await dispute(db, { region: TREE.a1, receivedOn: '2024-03-05', state: 'accepted', stages: [{ level: 'village', acceptedOn: '2024-03-05' }, { level: 'prelitigation', acceptedOn: '2024-04-02' }] });
  await dispute(db, { region: TREE.gridA2, village: TREE.a2, receivedOn: '2023-12-15', state: 'mediating' });
  await dispute(db, { region: TREE.a1, receivedOn: '2024-04-01', state: 'closed', outcome: 'withdrawn', outcomeLevel: 'village', concludedOn: '2024-04-05' });
  await dispute(db, { region: TREE.a3, receivedOn: '2024-04-01', state: 'closed', outcome: 'failed', outcomeLevel: 'town', concludedOn: '2024-04-20' });
  await dispute(db, { region: TREE.a1, receivedOn: '2023-03-01', state: 'closed', outcome: 'resolved', outcomeLevel: 'village', concludedOn: '2023-03-05' });
  await dispute(db, { region: TREE.b1, receivedOn: '2024-03-01', state: 'accepted' });
  await sourceCount(db, TREE.a2, '2024-03', 'police', 5);
  await sourceCount(db, TREE.townA, '2024-03', 'petition', 2);
  await sourceCount(db, TREE.b1, '2024-03', 'police', 7);
  admin = await t.login('admin');
});
afterAll(async () => t?.close());

const get = (url: string, cookie = admin) => t.inject({ method: 'GET', url, headers: { cookie } });
const point = (tr: Trends, key: string, period: string) => tr.series.find((s) => s.key === key)!.points.find((p) => p.period === period)!;

describe('monthly bulletin', () => {
  it('gives each village its year-to-date litigation rate at the month end, ranked, with the allowance', async () => {
    const r = await get(`/api/reports/bulletin?year=2024&month=6&town=${TREE.townA}`);
    expect(r.statusCode, r.body).toBe(200);
    const b = r.json();
    expect(b.asOf).toBe('2024-06-30');
    const vs = b.towns[0].villages;
    expect(vs.map((v: { code: string; rank: number }) => [v.code, v.rank])).toEqual([
      [TREE.a3, 1], // 0 cases by 30 June (its case is of 1 October)
      [TREE.aC, 1],
      [TREE.a1, 3],
      [TREE.a2, 4],
    ]);
    expect(vs[2]).toMatchObject({ cases: 4, limit: 25, allowance: 3, status: 'warning' });
    expect(vs[3]).toMatchObject({ cases: 5, rate: 25, allowance: 0, status: 'warning' });
    const dec = (await get(`/api/reports/bulletin?year=2024&month=12&town=${TREE.townA}`)).json();
    expect(dec.towns[0].villages.find((v: { code: string }) => v.code === TREE.a1)).toMatchObject({ cases: 8, allowance: -1, status: 'over' });
    expect((await get('/api/reports/bulletin?year=2024&month=13')).statusCode).toBe(422);
  });

  it('a month in progress is dated today, a month not begun is refused, ranks are over the whole town (issue 14.1, 14.2)', async () => {
    const today = todayShanghai();
    const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
    const now = await get(`/api/reports/bulletin?year=${y}&month=${m}`);
    expect(now.statusCode, now.body).toBe(200);
    expect(now.json().asOf).toBe(today);
    const next = m === 12 ? `year=${y + 1}&month=1` : `year=${y}&month=${m + 1}`;
    const future = await get(`/api/reports/bulletin?${next}`);
    expect(future.statusCode).toBe(422);
    expect(future.json().detail).toContain('尚未开始');
    const x = await get(`/api/reports/bulletin?year=${y}&month=${m}&format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(String(wb.worksheets[0].getCell(1, 1).value)).toContain(`截至${today}`);
    // a village cadre sees their village at its place in the town (西村 4th), and the town's own figures
    const cadre = await t.userWith('village_admin', { regionCode: TREE.a2 });
    const mine = (await get(`/api/reports/bulletin?year=2024&month=6&town=${TREE.townA}`, cadre)).json();
    expect(mine.towns[0].villages.map((v: { code: string; rank: number }) => [v.code, v.rank])).toEqual([[TREE.a2, 4]]);
    const all = (await get(`/api/reports/bulletin?year=2024&month=6&town=${TREE.townA}`)).json();
    expect(mine.towns[0].cases).toBe(all.towns[0].cases);
    expect(mine.towns[0].cases).not.toBeNull();
  });

  it('downloads as .docx and .xlsx', async () => {
    const d = await get(`/api/reports/bulletin?year=2024&month=6&format=docx`);
    expect(d.statusCode).toBe(200);
    expect(d.headers['content-type']).toContain('wordprocessingml');
    const zip = await JSZip.loadAsync(d.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('无讼创建工作月度通报');
    expect(xml).toContain('东村');
    expect(xml).toContain('白沙镇');
    const x = await get(`/api/reports/bulletin?year=2024&month=6&format=xlsx`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['清溪镇', '白沙镇']);
    const ws = wb.worksheets[0];
    const names: string[] = [];
    ws.eachRow((row, n) => n > 2 && names.push(String(row.getCell(3).value)));
    expect(names).toEqual(['南村', '新华社区', '东村', '西村']);
  });
});

describe("village heads' assessment sheet", () => {
  it('scores every village by standards passed and downloads as .xlsx', async () => {
    const r = await get(`/api/reports/assessment?year=2024&town=${TREE.townB}`);
    expect(r.statusCode, r.body).toBe(200);
    const rows = r.json().rows;
    expect(rows.map((x: { code: string; score: number; result: boolean | null }) => [x.code, x.score, x.result])).toEqual([
      [TREE.b1, 100, true],
      [TREE.b2, 83.3, null],
    ]);
    const x = await get(`/api/reports/assessment?year=2024&format=xlsx`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets).toHaveLength(2);
    expect(String(wb.worksheets[1].getRow(4).getCell(3).value)).toBe('北村');
  });
});

describe('trends', () => {
  it('sets the month in progress against the same days a year earlier, and leaves months not begun empty (issue 14.6)', async () => {
    const today = todayShanghai();
    const y = Number(today.slice(0, 4));
    const month = today.slice(0, 7);
    const lastYear = `${y - 1}${today.slice(4, 7)}`;
    const day = today.slice(8) === '29' && today.slice(5, 7) === '02' ? '28' : today.slice(8);
    // a year ago: one dispute on the same day of the month and one on the last day of that month (after it)
    const lastDay = String(new Date(Date.UTC(y - 1, Number(today.slice(5, 7)), 0)).getUTCDate()).padStart(2, '0');
    await dispute(t.database, { region: TREE.b1, receivedOn: `${lastYear}-${day}` });
    if (lastDay !== day) await dispute(t.database, { region: TREE.b1, receivedOn: `${lastYear}-${lastDay}` });
    await dispute(t.database, { region: TREE.b1, receivedOn: today });
    const tr: Trends = (await get(`/api/reports/trends?year=${y}&by=month&region=${TREE.townB}`)).json();
    const now = point(tr, 'newDisputes', month);
    expect(now).toMatchObject({ value: 1, previous: 1, change: 0, through: today });
    const full = (await get(`/api/reports/trends?year=${y - 1}&by=month&region=${TREE.townB}`)).json() as Trends;
    expect(point(full, 'newDisputes', lastYear).value).toBe(lastDay !== day ? 2 : 1); // the whole month a year ago
    expect(point(full, 'newDisputes', lastYear).through).toBeNull();
    if (today.slice(5, 7) !== '12') {
      const next = `${y}-${String(Number(today.slice(5, 7)) + 1).padStart(2, '0')}`;
      expect(point(tr, 'newDisputes', next)).toMatchObject({ value: null, change: null, through: null });
    }
    expect(tr.series.find((s) => s.key === 'litigationRate')!.label).toContain('当月');
    const yearly: Trends = (await get(`/api/reports/trends?year=${y}&by=year&region=${TREE.townB}`)).json();
    expect(yearly.series.find((s) => s.key === 'litigationRate')!.label).toContain('全年');
    expect(point(yearly, 'newDisputes', String(y)).through).toBe(today);
  });

  it('by month: new disputes, stock, local resolution rate, escalations, lawsuits, sources, year over year', async () => {
    const r = await get(`/api/reports/trends?year=2024&by=month&region=${TREE.townA}`);
    expect(r.statusCode, r.body).toBe(200);
    const tr: Trends = r.json();
    expect(tr.periods).toHaveLength(12);
    expect(point(tr, 'newDisputes', '2024-03')).toMatchObject({ value: 2, previous: 1, change: 1, changeRate: 1 });
    expect(point(tr, 'newDisputes', '2024-04').value).toBe(2);
    expect(point(tr, 'openStock', '2024-02').value).toBe(1);
    expect(point(tr, 'openStock', '2024-03').value).toBe(2);
    expect(point(tr, 'openStock', '2024-04').value).toBe(2);
    expect(point(tr, 'disputes', '2024-03').value).toBe(3);
    expect(point(tr, 'localResolutionRate', '2024-03')).toMatchObject({ value: 1, previous: 1, change: 0 });
    expect(point(tr, 'localResolutionRate', '2024-04').value).toBe(0); // sent to pre-litigation + failed; withdrawn excluded
    expect(point(tr, 'localResolutionRate', '2024-05').value).toBeNull();
    expect(point(tr, 'escalations', '2024-04').value).toBe(1);
    expect(point(tr, 'escalations', '2024-07').value).toBe(1); // 南村's collective petition
    expect(point(tr, 'lawsuits', '2024-03').value).toBe(6);
    expect(point(tr, 'litigationRate', '2024-03').value).toBeCloseTo((6 * 10000) / 12000, 10); // the inactive 旧村's 1,000 in the town's sum (SPEC §7)
    expect(point(tr, 'police', '2024-03').value).toBe(5);
    expect(point(tr, 'petition', '2024-03').value).toBe(2);

    // the same figures in Excel: series by period, then each period beside the year before
    const x = await get(`/api/reports/trends?year=2024&by=month&region=${TREE.townA}&format=xlsx`);
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const { names, rows } = await readWorkbook(x);
    expect(names).toEqual(['趋势', '同比']);
    const sheet = rows('趋势');
    expect(sheet[1]).toEqual(['指标', ...tr.periods]);
    const march = tr.periods.indexOf('2024-03') + 1;
    expect(sheet.find((r) => r[0] === '新增纠纷（控增量）')![march]).toBe(2);
    expect(sheet.find((r) => r[0] === '就地化解率（%）')![march]).toBe(100);
    expect(sheet.find((r) => r[0] === '万人起诉率（当月，未年化）')![march]).toBe(Math.round(((6 * 10000) / 12000) * 100) / 100);
    expect(rows('同比').find((r) => r[0] === '新增纠纷（控增量）' && r[1] === '2024-03')).toEqual(['新增纠纷（控增量）', '2024-03', '整期', 2, 1, 1, 100]);
  });

  it('by year, per village, and limited to the scope', async () => {
    const y = (await get(`/api/reports/trends?year=2024&by=year&region=${TREE.townA}`)).json() as Trends;
    expect(y.periods).toEqual(['2020', '2021', '2022', '2023', '2024']);
    expect(point(y, 'newDisputes', '2024')).toMatchObject({ value: 4, previous: 2 });
    const v = (await get(`/api/reports/trends?year=2024&region=${TREE.a1}`)).json() as Trends;
    expect(point(v, 'lawsuits', '2024-03').value).toBe(1);
    expect(point(v, 'police', '2024-03').value).toBe(0);
    const cadre = await t.userWith('village_admin', { regionCode: TREE.a1 });
    const mine = (await get(`/api/reports/trends?year=2024`, cadre)).json() as Trends;
    expect(point(mine, 'newDisputes', '2024-03').value).toBe(2);
    expect((await get(`/api/reports/trends?year=2024&region=${TREE.b1}`, cadre)).statusCode).toBe(404);
    const all = (await get(`/api/reports/trends?year=2024`)).json() as Trends;
    expect(point(all, 'newDisputes', '2024-03').value).toBe(3);
    expect(point(all, 'police', '2024-03').value).toBe(12);
  });
});
