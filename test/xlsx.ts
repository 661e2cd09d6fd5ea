import ExcelJS from 'exceljs';

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
