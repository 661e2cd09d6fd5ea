/**
 * The one Excel writer: every list's export (SPEC §10: each list can be taken to Excel) and the reports'
 * multi-sheet workbooks (bulletin, ranking, assessment, evidence, statistics).
 *
 * A list route accepts `?format=xlsx` (spread `FORMAT_QUERY` into its querystring schema) and, when asked,
 * answers with `sendXlsx(reply, '地区', columns, rows)` instead of JSON — same filters, same scope.
 *
 *   const columns: XlsxColumn<Row>[] = [
 *     { header: '代码', key: 'code', width: 16 },
 *     { header: '层级', key: 'level', value: (r) => REGION_LEVEL_LABELS[r.level] },
 *   ];
 *   if (req.query.format === 'xlsx') return sendXlsx(reply, '地区', columns, rows);
 *
 * Cell values: strings and numbers as they are ('' as an empty cell in a list); booleans 是/否; arrays joined with 、; null/undefined empty;
 * a `Date` (an instant) becomes an Excel date-time showing Asia/Shanghai wall-clock time (exceljs writes
 * dates as UTC, so the wall-clock fields are passed deliberately). Calendar days ('YYYY-MM-DD' strings)
 * stay text so they never shift.
 *
 * Reports build `Sheet`s (optional title lines above the header, per-column number formats) and call
 * `workbook(sheets)`; a list's `toXlsx` is the one-sheet case of it.
 */
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { monthsOfYear } from '../core/evaluation/calendar.ts';
import { todayShanghai } from '../core/dates.ts';
import { sendFile, XLSX_TYPE } from './http.ts';

export interface XlsxColumn<T = Record<string, unknown>> {
  /** Chinese column title */
  header: string;
  /** property of the row (also the column id) */
  key: string;
  /** column width in characters (default from the header) */
  width?: number;
  /** computes the cell from the row instead of `row[key]` */
  value?: (row: T) => unknown;
}

/** A cell as given: converted as described above. */
export type SheetCell = unknown;

export interface Sheet {
  name: string;
  /** optional title line(s) above the header */
  title?: string[];
  columns: { header: string; width?: number; numFmt?: string }[];
  rows: readonly (readonly SheetCell[])[];
}

/** Spread into a route's querystring schema: `querystring: z.object({ ...FORMAT_QUERY, ... })`. */
export const FORMAT_QUERY = { format: z.enum(['json', 'xlsx']).optional() };

const SHANGHAI_OFFSET_MS = 8 * 3600_000; // China has no daylight saving time
const MAX_CELL = 32_000; // Excel's limit is 32,767 characters

function cell(v: SheetCell): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return new Date(v.getTime() + SHANGHAI_OFFSET_MS);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number' || typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.length ? v.map((x) => (x === null || x === undefined ? '' : String(x))).join('、') : null;
  if (typeof v === 'object') return JSON.stringify(v).slice(0, MAX_CELL);
  return String(v).slice(0, MAX_CELL);
}

/** Sheet names must be unique, ≤ 31 characters, without \ / ? * [ ] : (a repeated name gets a number). */
function sheetName(name: string, used: Set<string>): string {
  const clean = name.replace(/[\\/?*[\]:]/g, ' ');
  let out = clean.slice(0, 31) || 'Sheet1';
  for (let i = 2; used.has(out); i++) out = `${clean.slice(0, 28) || 'Sheet'}${i}`;
  used.add(out);
  return out;
}

/** A workbook of the given sheets, each with its title lines, a bold, frozen, filterable header row and its rows. */
export async function workbook(sheets: readonly Sheet[]): Promise<Buffer> {
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
    for (const row of s.rows) {
      const r = ws.addRow(row.map(cell));
      r.eachCell((c) => {
        if (c.value instanceof Date) c.numFmt = 'yyyy-mm-dd hh:mm:ss';
      });
    }
    if (s.columns.length) ws.autoFilter = { from: { row: titleRows + 1, column: 1 }, to: { row: titleRows + 1, column: s.columns.length } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One sheet of a list: a column per `columns` entry, a row per row. */
export function toXlsx<T>(sheetName: string, columns: XlsxColumn<T>[], rows: readonly T[]): Promise<Buffer> {
  return workbook([
    {
      name: sheetName,
      columns: columns.map((c) => ({ header: c.header, width: c.width })),
      // a list leaves '' cells empty; a report sheet writes '' as given
      rows: rows.map((r) => columns.map((c) => (c.value ? c.value(r) : (r as Record<string, unknown>)[c.key])).map((v) => (v === '' ? null : v))),
    },
  ]);
}

/** Builds the workbook and sends it as `<name>_<YYYYMMDD>.xlsx` (today in Asia/Shanghai). */
export async function sendXlsx<T>(reply: FastifyReply, name: string, columns: XlsxColumn<T>[], rows: readonly T[]) {
  return sendFile(reply, await toXlsx(name, columns, rows), `${name}_${todayShanghai().replace(/-/g, '')}.xlsx`, XLSX_TYPE);
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
