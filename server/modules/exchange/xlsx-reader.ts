/**
 * Reading an .xlsx workbook as a stream (issues 12.6 and 15.5), shared by the CLI (from disk) and the web
 * import (from the upload).
 * - The zip's central directory is read first (zip-limits.ts `ZipFile`), so the parts are found wherever they
 *   lie: exceljs's own streaming reader reads the zip front to back and cannot name a sheet met before
 *   xl/workbook.xml, which is where exceljs's streaming writer (our exports until 15.5) and other tools put
 *   them. `workbookInfo` gives the sheets in workbook order from xl/workbook.xml and its rels, the keywords
 *   from docProps/core.xml — small parts, inflated on the main thread.
 * - A sheet's rows come from a worker thread (one per workbook, reused for its sheets): it inflates the sheet's
 *   entry as a stream and parses it with exceljs's streaming WorksheetReader, after the shared strings (held
 *   as one array, as Excel's readers must) and the styles (for date cells). It sends rows in chunks only as
 *   fast as the importer takes them, so memory stays flat however long the sheet, and the server keeps
 *   answering meanwhile.
 * The main thread receives plain values (strings, numbers, Dates, exceljs rich-text / formula objects), as
 * the whole-workbook loader gave them. The worker is plain JavaScript (no TypeScript loader is needed in it)
 * and loads only exceljs's sheet reader and style parts, not the whole library.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { ZipLimitError, type Entry, type ZipFile, type ZipInput } from './zip-limits.ts';

export interface WorkbookSheetInfo {
  name: string;
  /** the zip entry holding the sheet's XML; null when the workbook lists a sheet it does not contain */
  part: PartRef | null;
}

export interface WorkbookInfo {
  keywords: string;
  sheets: WorkbookSheetInfo[];
  /** where a part's compressed bytes are, for the worker */
  parts: { sharedStrings: PartRef | null; styles: PartRef | null };
  date1904: boolean;
}

/** A part of the workbook: where its compressed bytes are (for the worker), its size, how it is compressed. */
export interface PartRef {
  name: string;
  start: number;
  compressed: number;
  uncompressed: number;
  method: number;
}

export class WorkbookError extends Error {}

const CHUNK_ROWS = 1000;

const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-f]+|#\d+);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[e.toLowerCase()],
  );
const attrs = (tag: string) => Object.fromEntries([...tag.matchAll(/([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)].map((m) => [m[1], unescapeXml(m[2] ?? m[3])]));

/** A target of xl/_rels/workbook.xml.rels as a part name: relative to xl/, or absolute. */
const partName = (target: string) => {
  const parts: string[] = [];
  for (const p of (target.startsWith('/') ? target.slice(1) : `xl/${target}`).split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.' && p !== '') parts.push(p);
  }
  return parts.join('/');
};

/** The sheets (in workbook order), keywords and the parts the sheets need, from the zip directory and small parts. */
export async function workbookInfo(zip: ZipFile): Promise<WorkbookInfo> {
  const text = async (name: string) => {
    const e = zip.find(name);
    return e ? (await zip.bytes(e)).toString('utf8') : null;
  };
  const ref = async (e: Entry | undefined | null): Promise<PartRef | null> => {
    if (!e) return null;
    if (e.method !== 0 && e.method !== 8) throw new WorkbookError(`工作簿中的“${e.name}”使用了不支持的压缩方式`);
    return { name: e.name, start: await zip.dataStart(e), compressed: e.compressed, uncompressed: e.uncompressed, method: e.method };
  };
  try {
    const book = await text('xl/workbook.xml');
    if (book === null) throw new WorkbookError('缺少 xl/workbook.xml，不是 Excel 工作簿');
    const rels = new Map<string, { type: string; part: string }>();
    for (const m of ((await text('xl/_rels/workbook.xml.rels')) ?? '').matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
      const a = attrs(m[0]);
      if (a.Id && a.Target && a.TargetMode !== 'External') rels.set(a.Id, { type: a.Type ?? '', part: partName(a.Target) });
    }
    const relOfType = (suffix: string) => [...rels.values()].find((r) => r.type.endsWith(suffix))?.part;
    const sheets: WorkbookSheetInfo[] = [];
    for (const m of book.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
      const a = attrs(m[0]);
      const rid = Object.entries(a).find(([k]) => /(^|:)id$/.test(k) && k !== 'sheetId')?.[1];
      const target = rid ? rels.get(rid)?.part : undefined;
      sheets.push({ name: a.name ?? '', part: await ref(target ? zip.find(target) : null) });
    }
    const pr = /<(?:\w+:)?workbookPr\b[^>]*>/.exec(book);
    const d1904 = pr ? attrs(pr[0]).date1904 : undefined;
    const keywords = /<cp:keywords>([^<]*)<\/cp:keywords>/.exec((await text('docProps/core.xml')) ?? '');
    return {
      keywords: keywords ? unescapeXml(keywords[1]) : '',
      sheets,
      parts: {
        sharedStrings: await ref(zip.find(relOfType('/sharedStrings') ?? 'xl/sharedStrings.xml')),
        styles: await ref(zip.find(relOfType('/styles') ?? 'xl/styles.xml')),
      },
      date1904: d1904 === '1' || d1904 === 'true',
    };
  } catch (e) {
    if (e instanceof ZipLimitError) throw new WorkbookError(e.message);
    throw e;
  }
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { Readable, pipeline } = require('node:stream');
const root = path.dirname(workerData.exceljs);
const WorksheetReader = require(path.join(root, 'lib/stream/xlsx/worksheet-reader.js'));
const StylesXform = require(path.join(root, 'lib/xlsx/xform/style/styles-xform.js'));
const { SaxesParser } = require(require.resolve('saxes', { paths: [root] }));

// the compressed bytes of a part, inflated, as text: one decoder for the whole part, so a Chinese character
// split between two chunks stays whole (exceljs 4.4 decodes each chunk alone); 'read' counts compressed bytes
async function* partText(part, onRead) {
  let src;
  if (workerData.path) {
    src = part.compressed > 0 ? fs.createReadStream(workerData.path, { start: part.start, end: part.start + part.compressed - 1, highWaterMark: 1 << 16 }) : Readable.from([]);
  } else {
    const d = workerData.data;
    const buf = Buffer.from(d.buffer, d.byteOffset + part.start, part.compressed);
    src = Readable.from((function* () { for (let p = 0; p < buf.length; p += 1 <<16) yield buf.subarray(p, p + (1 << 16)); })());
  }
  let read = 0;
  src.on('data', (c) => { read += c.length; });
  const out = part.method === 8 ? pipeline(src, zlib.createInflateRaw(), () => {}) : src;
  const decoder = new TextDecoder('utf-8');
  for await (const c of out) {
    const s = decoder.decode(c, { stream: true });
    if (onRead) onRead(read);
    if (s) yield s;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

// xl/sharedStrings.xml as exceljs's streaming reader caches it: text, or { richText: [{ font, text }] }
async function sharedStrings(part) {
  const out = [];
  if (!part) return out;
  const parser = new SaxesParser();
  let error = null;
  let text = null;
  let richText = [];
  let font = null;
  let inRPr = false;
  const f = () => (font = font || {});
  parser.on('error', (e) => { error = error || e; });
  parser.on('opentag', (node) => {
    const a = node.attributes;
    switch (node.name) {
      case 'si': font = null; richText = []; text = null; break;
      case 't': text = null; break;
      case 'rPr': inRPr = true; break;
      case 'b': if (inRPr) f().bold = true; break;
      case 'i': if (inRPr) f().italic = true; break;
      case 'u': if (inRPr) f().underline = true; break;
      case 'outline': if (inRPr) f().outline = true; break;
      case 'charset': if (inRPr) f().charset = parseInt(a.val, 10); break;
      case 'family': if (inRPr) f().family = parseInt(a.val, 10); break;
      case 'sz': if (inRPr) f().size = parseInt(a.val, 10); break;
      case 'vertAlign': if (inRPr) f().vertAlign = a.val; break;
      case 'rFont': if (inRPr) f().name = a.val; break;
      case 'color': if (inRPr) { f().color = {}; if (a.rgb) font.color.argb = a.rgb; if (a.theme) font.color.theme = a.theme; } break;
    }
  });
  parser.on('text', (v) => { text = text ? text + v : v; });
  parser.on('closetag', (node) => {
    if (node.name === 'rPr') inRPr = false;
    else if (node.name === 'r') { richText.push(font ? { font, text } : { text }); font = null; text = null; }
    else if (node.name === 'si') { out.push(richText.length ? { richText } : text); richText = []; font = null; text = null; }
  });
  for await (const s of partText(part)) {
    parser.write(s);
    if (error) throw error;
  }
  parser.close();
  if (error) throw error;
  return out;
}

async function styles(part) {
  const s = new StylesXform();
  if (part) await s.parseStream(partText(part));
  else s.init();
  return s;
}

// a run of rich text without its own font has none (not null), as the whole-workbook loader gives it
const clean = (v) => v && typeof v === 'object' && Array.isArray(v.richText) ? { ...v, richText: v.richText.map((r) => (r.font ? r : { text: r.text })) } : v;

let book = null;
let wake = null;
const inbox = [];
parentPort.on('message', (m) => { inbox.push(m); const w = wake; wake = null; if (w) w(); });
const next = async () => { while (!inbox.length) await new Promise((r) => { wake = r; }); return inbox.shift(); };

(async () => {
  for (;;) {
    const m = await next();
    if (m.type !== 'open') continue;
    if (!book) {
      const [ss, st] = await Promise.all([sharedStrings(workerData.parts.sharedStrings), styles(workerData.parts.styles)]);
      book = { sharedStrings: ss, styles: st, properties: { model: { date1904: workerData.date1904 } } };
    }
    let read = 0;
    // exceljs's reader stops quietly where the XML stops: a sheet cut short must not pass for a short sheet
    let tail = '';
    const text = async function* () {
      for await (const s of partText(m.part, (n) => { read = n; })) {
        tail = (tail + s).slice(-200);
        yield s;
      }
      if (!/<\\/(?:[\\w.-]+:)?worksheet>\\s*$/.test(tail)) throw new Error('工作表“' + m.name + '”的内容不完整');
    };
    const reader = new WorksheetReader({ workbook: book, id: 1, iterator: text(), options: { worksheets: 'emit', hyperlinks: 'ignore' } });
    let rows = [];
    for await (const row of reader) {
      if (!row.hasValues) continue;
      const v = row.values;
      rows.push([row.number, Array.isArray(v) ? v.slice(1).map(clean) : []]);
      if (rows.length >= ${CHUNK_ROWS}) {
        parentPort.postMessage({ type: 'rows', rows, read });
        rows = [];
        // wait until the importer asks for more (it has the chunk before; one chunk is read ahead)
        const more = await next();
        if (more.type !== 'more') throw new Error('unexpected message ' + more.type);
      }
    }
    parentPort.postMessage({ type: 'end', rows, read: m.part.compressed });
  }
})().catch((e) => parentPort.postMessage({ type: 'error', message: (e && e.message) || String(e) }));
`;

type Message =
  | { type: 'error'; message: string }
  | { type: 'rows'; rows: [number, unknown[]][]; read: number }
  | { type: 'end'; rows: [number, unknown[]][]; read: number }
  | { type: 'exit'; code: number };

/** How long a workbook's worker waits idle for its next sheet before it is ended (it is started again on demand). */
const IDLE_MS = 5000;

/**
 * The worker reading one workbook's sheets, one after another, in any order. It holds the shared strings
 * between sheets; it ends when idle (and never keeps the process alive while idle).
 */
export class WorkbookReader {
  private worker: Worker | null = null;
  private queue: Message[] = [];
  private wake: (() => void) | null = null;
  private idle: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(
    private readonly input: ZipInput,
    private readonly info: WorkbookInfo,
  ) {}

  private start(): Worker {
    const exceljs = createRequire(import.meta.url).resolve('exceljs');
    const src = 'path' in this.input ? { path: this.input.path } : { data: this.input.data };
    const w = new Worker(WORKER, { eval: true, workerData: { exceljs, ...src, parts: this.info.parts, date1904: this.info.date1904 } });
    const push = (m: Message) => {
      if (this.worker !== w) return;
      this.queue.push(m);
      const wake = this.wake;
      this.wake = null;
      wake?.();
    };
    w.on('message', push);
    w.on('error', (e) => push({ type: 'error', message: e.message }));
    w.on('exit', (code) => push({ type: 'exit', code }));
    this.queue = [];
    return (this.worker = w);
  }

  private async next(): Promise<Message> {
    while (!this.queue.length) await new Promise<void>((r) => (this.wake = r));
    return this.queue.shift()!;
  }

  /** Ends the worker now (a new one starts for the next sheet asked for). */
  close() {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const w = this.worker;
    this.worker = null;
    if (w) void w.terminate();
  }

  /**
   * The rows of one sheet, [row number as Excel shows it, cells from column A], for each row that is not
   * empty; `onRead` gets the compressed bytes of the sheet read so far. Throws WorkbookError when the sheet
   * cannot be read.
   */
  async *rows(name: string, part: PartRef, onRead: (bytes: number) => void = () => {}): AsyncGenerator<[number, unknown[]]> {
    if (this.busy) throw new WorkbookError('同一工作簿的工作表须逐个读取');
    this.busy = true;
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    let ok = false;
    try {
      const w = this.worker ?? this.start();
      w.ref();
      w.postMessage({ type: 'open', part, name });
      for (;;) {
        const m = await this.next();
        if (m.type === 'rows') {
          // the next chunk is read while this one is imported
          w.postMessage({ type: 'more' });
          onRead(m.read);
          yield* m.rows;
        } else if (m.type === 'end') {
          onRead(m.read);
          yield* m.rows;
          ok = true;
          return;
        } else if (m.type === 'error') throw new WorkbookError(m.message);
        else throw new WorkbookError(`读取进程意外退出（${m.code}）`);
      }
    } finally {
      this.busy = false;
      // left part-way, or failed: the worker cannot go on with this sheet
      if (!ok) this.close();
      else if (this.worker) {
        this.worker.unref();
        this.idle = setTimeout(() => this.close(), IDLE_MS);
        this.idle.unref();
      }
    }
  }
}
