/**
 * Reading an .xlsx workbook as a stream (issues 12.6 and 15.5), shared by the CLI and the web import.
 * - The sheet list, the workbook's keywords and each sheet's size come from the zip directory and a few small
 *   parts, without inflating the sheets (`workbookInfo`).
 * - A sheet's rows come from exceljs's streaming WorkbookReader in a worker thread (`sheetRows`): the server
 *   keeps answering meanwhile, and the worker sends rows in chunks only as fast as the importer takes them,
 *   so memory stays flat however long the sheet (the whole-workbook loader kept every row of every sheet).
 * The main thread receives plain values (strings, numbers, Dates, exceljs rich-text / formula objects), as
 * exceljs gave them. The worker is plain JavaScript (no TypeScript loader is needed in it).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { entryBytes, readEntries, type Entry } from './zip-limits.ts';

export interface WorkbookSheetInfo {
  name: string;
  /** rows as the sheet declares them (its dimension), else an estimate from its size: for progress only */
  rowCount: number;
}

export interface WorkbookInfo {
  keywords: string;
  sheets: WorkbookSheetInfo[];
}

/** Where the workbook is: a file (read from disk by the worker) or bytes in memory (an upload). */
export type WorkbookInput = { path: string } | { data: Buffer };

const CHUNK_ROWS = 1000;

export class WorkbookError extends Error {}

const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-f]+|#\d+);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[e.toLowerCase()],
  );
const attrs = (tag: string) => Object.fromEntries([...tag.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)].map((m) => [m[1], unescapeXml(m[2])]));

/** The sheets (in workbook order) and keywords of a workbook, from its zip directory and small parts. */
export function workbookInfo(buf: Buffer): WorkbookInfo {
  let entries: Entry[];
  try {
    entries = readEntries(buf);
  } catch (e) {
    throw new WorkbookError((e as Error).message);
  }
  const byName = new Map(entries.map((e) => [e.name.replace(/^\//, ''), e]));
  const text = (name: string, max?: number) => {
    const e = byName.get(name);
    return e ? entryBytes(buf, e, max).toString('utf8') : null;
  };
  const book = text('xl/workbook.xml');
  if (book === null) throw new WorkbookError('缺少 xl/workbook.xml，不是 Excel 工作簿');
  const rels = new Map<string, string>();
  for (const m of (text('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship\b[^>]*>/g)) {
    const a = attrs(m[0]);
    if (a.Id && a.Target) rels.set(a.Id, a.Target.startsWith('/') ? a.Target.slice(1) : `xl/${a.Target}`);
  }
  const sheets: WorkbookSheetInfo[] = [];
  for (const m of book.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const a = attrs(m[0]);
    const target = rels.get(a['r:id'] ?? '');
    const entry = target ? byName.get(target) : undefined;
    let rowCount = 0;
    if (entry) {
      const head = entryBytes(buf, entry, 16 * 1024).toString('utf8');
      const dim = /<dimension\s+ref="(?:[A-Z]+\d+:)?[A-Z]+(\d+)"/.exec(head);
      rowCount = dim ? Number(dim[1]) : Math.ceil(entry.uncompressed / 200);
    }
    sheets.push({ name: a.name ?? '', rowCount });
  }
  const keywords = /<cp:keywords>([^<]*)<\/cp:keywords>/.exec(text('docProps/core.xml') ?? '');
  return { keywords: keywords ? unescapeXml(keywords[1]) : '', sheets };
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { Readable } = require('node:stream');
const Module = require('node:module');
const path = require('node:path');
// exceljs 4.4's streaming reader decodes each chunk of XML on its own (utils/parse-sax.js), so a Chinese character
// split between two chunks comes out as U+FFFD; the same parser with one decoder per stream replaces it
const saxPath = path.join(path.dirname(workerData.exceljs), 'lib', 'utils', 'parse-sax.js');
const { SaxesParser } = require(require.resolve('saxes', { paths: [path.dirname(workerData.exceljs)] }));
const fixed = new Module(saxPath);
fixed.filename = saxPath;
fixed.loaded = true;
fixed.exports = async function* (iterable) {
  const decoder = new TextDecoder('utf-8');
  const parser = new SaxesParser();
  let error;
  let events = [];
  parser.on('error', (e) => { error = e; });
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  for await (const chunk of iterable) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.decode();
  if (rest) {
    parser.write(rest);
    if (error) throw error;
    yield events;
  }
};
require.cache[saxPath] = fixed;
const ExcelJS = require(workerData.exceljs);
let resume = null;
parentPort.on('message', () => { const r = resume; resume = null; if (r) r(); });
const more = () => new Promise((r) => { resume = r; });
// a run of rich text without its own font has none (not null), as the whole-workbook loader gives it
const clean = (v) => v && typeof v === 'object' && Array.isArray(v.richText) ? { ...v, richText: v.richText.map((r) => (r.font ? r : { text: r.text })) } : v;
// the sheets asked for, one after another ('open' name); each is looked for from where the last one ended
let wantedName = null;
let wantWake = null;
parentPort.on('message', (m) => {
  if (m && m.type === 'open') {
    wantedName = m.sheet;
    const w = wantWake;
    wantWake = null;
    if (w) w();
  }
});
const nextWanted = () => (wantedName !== null ? Promise.resolve() : new Promise((r) => { wantWake = r; }));
(async () => {
  const d = workerData.data;
  const input = workerData.path || Readable.from([Buffer.from(d.buffer, d.byteOffset, d.byteLength)]);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  await nextWanted();
  for await (const ws of reader) {
    const wanted = ws.name === wantedName;
    let rows = [];
    // another sheet is read through (the zip is one stream) and dropped
    for await (const row of ws) {
      if (!wanted || !row.hasValues) continue;
      const v = row.values;
      rows.push([row.number, Array.isArray(v) ? v.slice(1).map(clean) : []]);
      if (rows.length >= ${CHUNK_ROWS}) {
        parentPort.postMessage({ type: 'rows', rows });
        rows = [];
        await more();
      }
    }
    if (wanted) {
      if (rows.length) parentPort.postMessage({ type: 'rows', rows });
      wantedName = null;
      parentPort.postMessage({ type: 'end' });
      await nextWanted();
    }
  }
  // the rest of the workbook holds no sheet of that name (it may lie before: the caller starts afresh)
  parentPort.postMessage({ type: 'missing' });
})().catch((e) => parentPort.postMessage({ type: 'error', message: (e && e.message) || String(e) }));
`;

type Message = { type: 'error'; message: string } | { type: 'rows'; rows: [number, unknown[]][] } | { type: 'end' } | { type: 'missing' } | { type: 'exit'; code: number };

/** A worker reading one workbook from the start; it goes on to the next sheet asked for, if that lies further on. */
class WorkbookPass {
  private worker: Worker;
  private queue: Message[] = [];
  private wake: (() => void) | null = null;
  done = false;
  constructor(input: WorkbookInput) {
    const exceljs = createRequire(import.meta.url).resolve('exceljs');
    this.worker = new Worker(WORKER, { eval: true, workerData: { exceljs, ...('path' in input ? { path: input.path } : { data: input.data }) } });
    const push = (m: Message) => {
      this.queue.push(m);
      const w = this.wake;
      this.wake = null;
      w?.();
    };
    this.worker.on('message', push);
    this.worker.on('error', (e) => push({ type: 'error', message: e.message }));
    this.worker.on('exit', (code) => push({ type: 'exit', code }));
  }
  private async next(): Promise<Message> {
    if (!this.queue.length) await new Promise<void>((r) => (this.wake = r));
    return this.queue.shift()!;
  }
  /** the sheet's rows; false when it is not further on in the workbook */
  async *rows(sheet: string): AsyncGenerator<[number, unknown[]], boolean> {
    // held while a sheet is read; between sheets the idle worker does not keep the process alive
    this.worker.ref();
    this.worker.postMessage({ type: 'open', sheet });
    let ended = false;
    try {
      for (;;) {
        const m = await this.next();
        if (m.type === 'rows') {
          // the next chunk is read while this one is imported
          this.worker.postMessage('more');
          yield* m.rows;
        } else if (m.type === 'end') {
          ended = true;
          return true;
        } else if (m.type === 'missing') return false;
        else if (m.type === 'error') throw new WorkbookError(m.message);
        else throw new WorkbookError(`读取进程意外退出（${m.code}）`);
      }
    } finally {
      // left part-way (or at the workbook's end): this pass cannot serve another sheet
      if (!ended) this.close();
      else this.worker.unref();
    }
  }
  close() {
    this.done = true;
    void this.worker.terminate();
  }
}

/** One pass per workbook, shared by its sheets: read in the workbook's order (as exported), the file is inflated once. */
const passes = new WeakMap<object, WorkbookPass>();

/**
 * The rows of one sheet, [row number as Excel shows it, cells from column A], for each row that is not empty;
 * throws WorkbookError when exceljs cannot read the workbook. `input` (the same object for every sheet of a
 * workbook) keys the pass that reads it.
 */
export async function* sheetRows(input: WorkbookInput, sheet: string): AsyncGenerator<[number, unknown[]]> {
  let pass = passes.get(input);
  if (pass && !pass.done) {
    const found = yield* pass.rows(sheet);
    if (found) return;
  }
  // not further on (or no pass yet): a new pass from the start
  pass = new WorkbookPass(input);
  passes.set(input, pass);
  const found = yield* pass.rows(sheet);
  if (!found) throw new WorkbookError(`找不到工作表“${sheet}”`);
}

