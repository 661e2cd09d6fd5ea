/** Multi-sheet Excel workbooks for the evaluation reports (bulletin, ranking, assessment, evidence). */
import ExcelJS from 'exceljs';

export type SheetCell = string | number | boolean | null | undefined;

export interface Sheet {
  name: string;
  /** optional title line(s) above the header */
  title?: string[];
  columns: { header: string; width?: number; numFmt?: string }[];
  rows: SheetCell[][];
}

const cell = (v: SheetCell): ExcelJS.CellValue => (v === null || v === undefined ? null : typeof v === 'boolean' ? (v ? '是' : '否') : v);

/** Sheet names must be unique, ≤ 31 characters, without \ / ? * [ ] : */
function sheetName(name: string, used: Set<string>): string {
  const base = name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 28) || 'Sheet';
  let out = base;
  for (let i = 2; used.has(out); i++) out = `${base}${i}`;
  used.add(out);
  return out;
}

export async function workbook(sheets: Sheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Wusong 无讼';
  wb.created = new Date();
  const used = new Set<string>();
  for (const s of sheets) {
    const titleRows = s.title?.length ?? 0;
    const ws = wb.addWorksheet(sheetName(s.name, used), { views: [{ state: 'frozen', ySplit: titleRows + 1 }] });
    s.columns.forEach((c, i) => {
      ws.getColumn(i + 1).width = c.width ?? Math.max(10, c.header.length * 2 + 2);
      if (c.numFmt) ws.getColumn(i + 1).numFmt = c.numFmt;
    });
    for (const t of s.title ?? []) {
      const r = ws.addRow([t]);
      r.font = { bold: true, size: titleRows > 0 && t === s.title?.[0] ? 14 : 11 };
      if (s.columns.length > 1) ws.mergeCells(r.number, 1, r.number, s.columns.length);
    }
    const head = ws.addRow(s.columns.map((c) => c.header));
    head.font = { bold: true };
    head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF0F2F5' } };
    for (const row of s.rows) ws.addRow(row.map(cell));
    if (s.columns.length) ws.autoFilter = { from: { row: titleRows + 1, column: 1 }, to: { row: titleRows + 1, column: s.columns.length } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Today in Asia/Shanghai, YYYY-MM-DD. */
export function todayShanghai(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}
