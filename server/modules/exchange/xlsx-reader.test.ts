import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openBundleUploads } from './sources.ts';

/** The longest pause of the event loop while `work` runs (a timer that should fire every 10 ms). */
async function longestStall(work: () => Promise<unknown>) {
  let last = Date.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 10);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(worst, Date.now() - last);
}

describe('xlsx uploads keep the event loop turning while they are read (issues 12.6, 15.5)', () => {
  it('a large workbook is read while the event loop keeps running; rows, dates and rich text come through', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('court_cases');
    ws.addRow(['case_no', 'filed_on', 'defendant_address']);
    ws.addRow(['(2023)浙0782民初1号', new Date(Date.UTC(2023, 4, 1)), { richText: [{ text: '某镇' }, { text: '某村', font: { bold: true } }] }]);
    ws.addRow([]);
    for (let i = 2; i <= 60_000; i++) ws.addRow([`(2023)浙0782民初${i}号`, '2023-05-01', `某镇某村${i}号`]);
    wb.addWorksheet('说明').addRow(['helper']);
    const data = Buffer.from(await wb.xlsx.writeBuffer());

    let source!: Awaited<ReturnType<typeof openBundleUploads>>;
    const stall = await longestStall(async () => {
      source = await openBundleUploads([{ name: 'bundle.xlsx', data }]);
    });
    // exceljs loading 60k rows at once on the main thread stalls it for seconds
    expect(stall).toBeLessThan(800);
    expect(source.errors).toEqual([]);
    expect(source.sheets.map((s) => s.file.name)).toEqual(['court_cases']);
    const rows: { rowNo: number; cells: unknown[] }[] = [];
    // the sheet is parsed piece by piece between turns of the event loop (issue 15.5), never in one go
    const readStall = await longestStall(async () => {
      for await (const r of source.sheets[0].rows()) rows.push(r);
    });
    expect(readStall).toBeLessThan(800);
    expect(rows.length).toBe(60_001);
    // read as a stream: a Chinese character split between two chunks of XML is still whole (issue 15.5)
    expect(rows.filter((r) => JSON.stringify(r.cells).includes('\ufffd')).map((r) => r.rowNo)).toEqual([]);
    expect(rows[60_000].cells[2]).toBe('某镇某村60000号');
    expect(rows[0]).toEqual({ rowNo: 1, cells: ['case_no', 'filed_on', 'defendant_address'] });
    expect(rows[1].rowNo).toBe(2);
    expect(rows[1].cells[1]).toBeInstanceOf(Date);
    expect(rows[1].cells[2]).toEqual({ richText: [{ text: '某镇' }, { text: '某村', font: { bold: true } }] });
    // the empty row 3 is skipped, numbering follows Excel
    expect(rows[2].rowNo).toBe(4);
  }, 60_000);

  it('a file that is not a workbook is reported, not thrown', async () => {
    const source = await openBundleUploads([{ name: 'bundle.xlsx', data: Buffer.from('PK\u0003\u0004 not really a zip') }]).catch((e) => e);
    const reason = source instanceof Error ? source.message : source.errors[0]?.reason;
    expect(reason).toMatch(/xlsx|工作簿|压缩|zip/i);
  });
});
