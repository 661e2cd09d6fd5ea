import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { TREE } from '../../../test/factories.ts';
import { seedScenario } from '../evaluation/test-data.ts';
import { chineseDate } from '../../../core/chinese.ts';
import { todayShanghai } from '../../../core/dates.ts';
import { docxPages, HAS_SOFFICE, squash } from '../../../test/pdf.ts';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  await seedScenario(t.database);
  admin = await t.login('admin');
});
afterAll(async () => t?.close());

const get = (url: string) => t.inject({ method: 'GET', url, headers: { cookie: admin } });
const textOf = async (b: Buffer) => (await (await JSZip.loadAsync(b)).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
const bulletinDoc = async (month: number, town: string) => {
  const r = await get(`/api/reports/bulletin?year=2024&month=${month}&town=${town}&format=docx`);
  expect(r.statusCode, r.body).toBe(200);
  return r.rawPayload;
};

describe('bulletins that can be issued (14.11)', () => {
  it('carries 文号 numbered per year and town (kept when issued again), 主送, 落款 with the date in Chinese, 抄送, "超出N件"', async () => {
    const dec = await textOf(await bulletinDoc(12, TREE.townA));
    expect(dec).toContain('无讼办〔2024〕1号');
    expect(dec).toContain('各村（社区）党组织、村（居）民委员会：');
    expect(dec).toContain(`无讼创建工作领导小组办公室${chineseDate(todayShanghai())}`);
    expect(dec).toContain('抄送：县委政法委，县司法局。');
    expect(dec).toContain('截至2024年12月31日');
    expect(dec).toContain('超出1件'); // 东村: 8 cases against a limit allowing 7
    // the same bulletin again keeps its number; another month takes the next; another town has its own sequence
    expect(await textOf(await bulletinDoc(12, TREE.townA))).toContain('无讼办〔2024〕1号');
    expect(await textOf(await bulletinDoc(11, TREE.townA))).toContain('无讼办〔2024〕2号');
    expect(await textOf(await bulletinDoc(12, TREE.townB))).toContain('无讼办〔2024〕1号');
    const rows = await t.database.query<{ paper: string; number: string }>(`select paper, number from document_numbers where scope = $1 order by seq`, [TREE.townA]);
    expect(rows).toEqual([
      { paper: 'bulletin:2024-12', number: '无讼办〔2024〕1号' },
      { paper: 'bulletin:2024-11', number: '无讼办〔2024〕2号' },
    ]);
    const audit = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'document.number'`);
    expect(audit[0].n).toBe(3);

    // the issuing body and prefix come from the year's settings; a paper already numbered keeps its number
    const s = (await get('/api/settings/2024')).json();
    const put = await t.inject({
      method: 'PUT',
      url: '/api/settings/2024',
      headers: { cookie: admin },
      payload: { version: s.version, data: { ...s.data, issuingBody: '清溪镇无讼创建工作领导小组', docPrefix: '清无讼', mainRecipients: '各村（社区）', copyTo: '' } },
    });
    expect(put.statusCode, put.body).toBe(200);
    const oct = await textOf(await bulletinDoc(10, TREE.townA));
    expect(oct).toContain('清无讼〔2024〕3号');
    expect(oct).toContain('清溪镇无讼创建工作领导小组');
    expect(oct).not.toContain('抄送');
    expect(await textOf(await bulletinDoc(12, TREE.townA))).toContain('无讼办〔2024〕1号');
  });

  it('writes an allowance over the limit as "超出N件" in the Excel too', async () => {
    const x = await get(`/api/reports/bulletin?year=2024&month=12&town=${TREE.townA}&format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const col = (ws.getRow(2).values as unknown[]).findIndex((v) => String(v).startsWith('剩余额度'));
    const values: string[] = [];
    ws.eachRow((row, n) => n > 2 && values.push(String(row.getCell(col).value)));
    expect(values).toContain('超出1件');
    expect(values.filter((v) => v.startsWith('-'))).toEqual([]);
  });

  it.skipIf(!HAS_SOFFICE)('renders as PDF with the 落款 on the page of the closing text', async () => {
    const pages = docxPages(await bulletinDoc(12, TREE.townA), 'bulletin').map(squash);
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.length).toBeLessThanOrEqual(2);
    const last = pages.at(-1)!;
    expect(last).toContain(squash(chineseDate(todayShanghai())));
    expect(last).toMatch(/高度重视|继续保持/);
  }, 120_000);
});
