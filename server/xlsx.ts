/**
 * Excel export shared by every list (SPEC §10: each list can be taken to Excel).
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
 * Cell values: strings and numbers as they are ('' as an empty cell); booleans 是/否; arrays joined with 、; null/undefined empty;
 * a `Date` (an instant) becomes an Excel date-time showing Asia/Shanghai wall-clock time (exceljs writes
 * dates as UTC, so the wall-clock fields are passed deliberately). Calendar days ('YYYY-MM-DD' strings)
 * stay text so they never shift.
 */
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
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

/** Spread into a route's querystring schema: `querystring: z.object({ ...FORMAT_QUERY, ... })`. */
export const FORMAT_QUERY = { format: z.enum(['json', 'xlsx']).optional() };

const SHANGHAI_OFFSET_MS = 8 * 3600_000; // China has no daylight saving time
const MAX_CELL = 32_000; // Excel's limit is 32,767 characters

function cell(v: unknown): ExcelJS.CellValue {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return new Date(v.getTime() + SHANGHAI_OFFSET_MS);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number' || typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.length ? v.map((x) => (x === null || x === undefined ? '' : String(x))).join('、') : null;
  if (typeof v === 'object') return JSON.stringify(v).slice(0, MAX_CELL);
  return String(v).slice(0, MAX_CELL);
}

/** One sheet with a bold, frozen, filterable header row. */
export async function toXlsx<T>(sheetName: string, columns: XlsxColumn<T>[], rows: readonly T[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Wusong 无讼';
  wb.created = new Date();
  const ws = wb.addWorksheet(sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Sheet1', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? Math.max(10, c.header.length * 2 + 2) }));
  for (const r of rows) {
    ws.addRow(columns.map((c) => cell(c.value ? c.value(r) : (r as Record<string, unknown>)[c.key])));
  }
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF0F2F5' } };
  ws.eachRow((row, n) => {
    if (n === 1) return;
    row.eachCell((c) => {
      if (c.value instanceof Date) c.numFmt = 'yyyy-mm-dd hh:mm:ss';
    });
  });
  if (columns.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Today in Asia/Shanghai as YYYYMMDD, for file names. */
function stamp(): string {
  return new Date(Date.now() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, '');
}

/** Builds the workbook and sends it as `<name>_<YYYYMMDD>.xlsx`. */
export async function sendXlsx<T>(reply: FastifyReply, name: string, columns: XlsxColumn<T>[], rows: readonly T[]) {
  return sendFile(reply, await toXlsx(name, columns, rows), `${name}_${stamp()}.xlsx`, XLSX_TYPE);
}
