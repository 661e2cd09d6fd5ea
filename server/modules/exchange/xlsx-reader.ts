/**
 * Reading an .xlsx workbook off the main thread (issue 12.6): exceljs inflates and parses the whole workbook
 * in one go, seconds of CPU for a large one, during which the server would answer nothing (the health check
 * included). A worker thread loads it and sends the rows back in chunks; the main thread only receives
 * plain values (strings, numbers, Dates, exceljs rich-text / formula / hyperlink objects), as exceljs gave
 * them. The worker is plain JavaScript (no TypeScript loader is needed in it).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface WorkbookSheet {
  name: string;
  rowCount: number;
  /** [row number as Excel shows it, cells from column A] for each row that is not empty */
  rows: [number, unknown[]][];
}

export interface WorkbookData {
  keywords: string;
  sheets: WorkbookSheet[];
}

const CHUNK_ROWS = 2000;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const ExcelJS = require(workerData.exceljs);
(async () => {
  const wb = new ExcelJS.Workbook();
  const d = workerData.data;
  try {
    await wb.xlsx.load(Buffer.from(d.buffer, d.byteOffset, d.byteLength));
  } catch (e) {
    parentPort.postMessage({ type: 'error', message: (e && e.message) || String(e) });
    return;
  }
  parentPort.postMessage({ type: 'book', keywords: wb.keywords || '', sheets: wb.worksheets.map((ws) => ({ name: ws.name, rowCount: ws.rowCount })) });
  wb.worksheets.forEach((ws, sheet) => {
    let rows = [];
    ws.eachRow({ includeEmpty: false }, (r) => {
      const v = r.values;
      rows.push([r.number, Array.isArray(v) ? v.slice(1) : []]);
      if (rows.length >= ${CHUNK_ROWS}) {
        parentPort.postMessage({ type: 'rows', sheet, rows });
        rows = [];
      }
    });
    if (rows.length) parentPort.postMessage({ type: 'rows', sheet, rows });
  });
  parentPort.postMessage({ type: 'end' });
})();
`;

type Message =
  | { type: 'error'; message: string }
  | { type: 'book'; keywords: string; sheets: { name: string; rowCount: number }[] }
  | { type: 'rows'; sheet: number; rows: [number, unknown[]][] }
  | { type: 'end' };

export class WorkbookError extends Error {}

/** Loads the workbook in a worker thread; rejects with WorkbookError when exceljs cannot read it. */
export function readWorkbook(data: Buffer): Promise<WorkbookData> {
  const exceljs = createRequire(import.meta.url).resolve('exceljs');
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { exceljs, data } });
    let book: WorkbookData | null = null;
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
      void worker.terminate();
    };
    worker.on('message', (m: Message) => {
      if (m.type === 'error') settle(() => reject(new WorkbookError(m.message)));
      else if (m.type === 'book') book = { keywords: m.keywords, sheets: m.sheets.map((s) => ({ ...s, rows: [] })) };
      else if (m.type === 'rows') {
        const rows = book!.sheets[m.sheet].rows;
        for (const r of m.rows) rows.push(r);
      } else settle(() => resolve(book!));
    });
    worker.on('error', (e) => settle(() => reject(new WorkbookError(e.message))));
    worker.on('exit', (code) => settle(() => reject(new WorkbookError(`读取进程意外退出（${code}）`))));
  });
}
