import ExcelJS from 'exceljs';
import { expect } from 'vitest';

/** A workbook the API answered, read back: its sheet names, and a sheet's rows (by name or index) as cell values. */
export async function readWorkbook(res: { rawPayload: Buffer }) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const rows = (sheet: string | number = 0): unknown[][] => {
    const ws = typeof sheet === 'number' ? wb.worksheets[sheet] : wb.getWorksheet(sheet);
    if (!ws) throw new Error(`no sheet ${sheet}`);
    const out: unknown[][] = [];
    ws.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
    return out;
  };
  return { names: wb.worksheets.map((w) => w.name), rows };
}

type Res = { statusCode: number; body: string; headers: Record<string, unknown>; rawPayload: Buffer };
interface Row {
  id: string;
  /** text of the row that shows in the workbook (a name, a title) */
  label: string;
}

/**
 * 导出所选 (issue 18.4) on a list's .xlsx export, `get` being the user's GET: `ids=` of the chosen rows plus one
 * outside the user's scope exports exactly the chosen rows (not `notChosen`, not `outside`); a malformed or too
 * long `ids` is a 400 problem+json in Chinese.
 */
export async function expectSelectedExport(get: (url: string) => Promise<Res>, path: string, rows: { chosen: Row[]; notChosen: Row; outside: Row }) {
  const url = (ids: string) => `${path}${path.includes('?') ? '&' : '?'}format=xlsx&ids=${encodeURIComponent(ids)}`;
  const res = await get(url([...rows.chosen, rows.outside].map((r) => r.id).join(',')));
  expect(res.statusCode, res.body).toBe(200);
  const data = (await readWorkbook(res)).rows().slice(1);
  expect(data).toHaveLength(rows.chosen.length);
  const text = JSON.stringify(data);
  for (const r of rows.chosen) expect(text).toContain(r.label);
  expect(text).not.toContain(rows.notChosen.label);
  expect(text).not.toContain(rows.outside.label);
  for (const [ids, message] of [
    [`${rows.chosen[0].id},1' or '1'='1`, '所选记录的编号有误'],
    [' , ', '所选记录为空'],
    [Array.from({ length: 101 }, (_, i) => `x${i}`).join(','), '一次最多导出所选 100 条'],
  ]) {
    const bad = await get(url(ids));
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.parse(bad.body)).toMatchObject({ detail: expect.stringContaining(message) });
  }
}
