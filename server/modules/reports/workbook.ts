/** Multi-sheet Excel workbooks for the evaluation reports (bulletin, ranking, assessment, evidence). */
import ExcelJS from 'exceljs';
import { monthsOfYear } from '../../../core/evaluation/calendar.ts';

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

/**
 * A name × month count table as a sheet (the statistics pages' month tables): one column per month of the
 * year, the total last, the names with the most first — as the page shows it.
 */
export function monthPivotSheet(
  name: string,
  nameHeader: string,
  year: number,
  rows: readonly { key?: string | null; name: string; month: string; n: number }[],
  extra?: { header: string; of: (key: string) => SheetCell },
): Sheet {
  const months = monthsOfYear(year);
  // keyed by code where there is one: two villages of one name in different towns stay two rows
  const byKey = new Map<string, { name: string; counts: Map<string, number> }>();
  for (const r of rows) {
    const k = r.key ?? r.name;
    const x = byKey.get(k) ?? { name: r.name, counts: new Map<string, number>() };
    x.counts.set(r.month, (x.counts.get(r.month) ?? 0) + r.n);
    byKey.set(k, x);
  }
  const table = [...byKey].map(([key, x]) => ({ key, name: x.name, counts: months.map((m) => x.counts.get(m) ?? 0), total: [...x.counts.values()].reduce((a, b) => a + b, 0) }));
  table.sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh-CN'));
  return {
    name,
    title: [`${name}（${year} 年）`],
    columns: [{ header: nameHeader, width: 20 }, ...months.map((m) => ({ header: `${Number(m.slice(5))}月`, width: 7 })), { header: '合计', width: 8 }, ...(extra ? [{ header: extra.header }] : [])],
    rows: table.map((t) => [t.name, ...t.counts, t.total, ...(extra ? [extra.of(t.key)] : [])]),
  };
}
