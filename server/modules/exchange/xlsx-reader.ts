/**
 * Reading an .xlsx workbook as a stream (issues 12.6 and 15.5), shared by the CLI (from disk) and the web
 * import (from the upload).
 * - The zip's central directory is read first (zip-limits.ts `ZipFile`), so the parts are found wherever they
 *   lie: exceljs's own streaming reader reads the zip front to back and cannot name a sheet met before
 *   xl/workbook.xml, which is where exceljs's streaming writer (our exports until 15.5) and other tools put
 *   them. `workbookInfo` gives the sheets in workbook order from xl/workbook.xml and its rels, the keywords
 *   from docProps/core.xml — small parts.
 * - A sheet's rows (`WorkbookReader.rows`) come from its entry inflated as a stream and parsed by exceljs's
 *   streaming WorksheetReader, after the shared strings (held compactly, see `stringStore`) and the styles
 *   (for date cells), only as fast as the importer takes them: memory stays flat however long the sheet.
 *   Each piece of XML (16 KB inflated, some 80 rows) is parsed between two turns of the event loop, so the
 *   server keeps answering. (Until 15.5 a worker thread loaded the whole workbook; a worker streaming the
 *   sheet was tried too: its own heap cost some 30–50 MB more at 100,000 rows, over the 50 MB allowed.)
 * Rows hold plain values (strings, numbers, Dates, exceljs rich-text / formula objects), as the
 * whole-workbook loader gave them. Only exceljs's sheet reader and style parts are loaded, on first use.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pipeline, Readable } from 'node:stream';
import zlib from 'node:zlib';
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


// ---------------------------------------------------------------------------------------------------
// exceljs's parts (CommonJS, untyped: the few members used are typed here)
// ---------------------------------------------------------------------------------------------------

interface SaxNode {
  name: string;
  attributes: Record<string, string>;
}
interface Saxes {
  on(ev: 'opentag' | 'closetag', f: (n: SaxNode) => void): void;
  on(ev: 'text', f: (t: string) => void): void;
  on(ev: 'error', f: (e: Error) => void): void;
  write(s: string): void;
  close(): void;
}
interface Styles {
  init(): void;
  parseStream(it: AsyncIterable<string>): Promise<unknown>;
}
interface SheetRow {
  number: number;
  hasValues: boolean;
  values: unknown;
}
interface Lib {
  WorksheetReader: new (o: { workbook: unknown; id: number; iterator: AsyncIterable<string>; options: Record<string, string> }) => AsyncIterable<SheetRow>;
  StylesXform: new () => Styles;
  SaxesParser: new () => Saxes;
}

let lib: Lib | null = null;
function exceljsParts(): Lib {
  if (lib) return lib;
  const req = createRequire(import.meta.url);
  const root = path.dirname(req.resolve('exceljs'));
  lib = {
    WorksheetReader: req(path.join(root, 'lib/stream/xlsx/worksheet-reader.js')),
    StylesXform: req(path.join(root, 'lib/xlsx/xform/style/styles-xform.js')),
    SaxesParser: req(req.resolve('saxes', { paths: [root] })).SaxesParser,
  };
  return lib;
}

// ---------------------------------------------------------------------------------------------------
// Parts as text
// ---------------------------------------------------------------------------------------------------

/**
 * A part inflated, as text: one decoder for the whole part, so a Chinese character split between two chunks
 * stays whole (exceljs 4.4 decodes each chunk alone). `onRead` gets the compressed bytes read so far.
 */
async function* partText(input: ZipInput, part: PartRef, onRead?: (n: number) => void): AsyncGenerator<string> {
  let src: Readable;
  if ('path' in input) {
    src = part.compressed > 0 ? fs.createReadStream(input.path, { start: part.start, end: part.start + part.compressed - 1, highWaterMark: 1 << 16 }) : Readable.from([]);
  } else {
    const buf = input.data.subarray(part.start, part.start + part.compressed);
    src = Readable.from(
      (function* () {
        for (let p = 0; p < buf.length; p += 1 << 16) yield buf.subarray(p, p + (1 << 16));
      })(),
    );
  }
  let read = 0;
  src.on('data', (c: Buffer) => (read += c.length));
  const out: Readable = part.method === 8 ? pipeline(src, zlib.createInflateRaw(), () => {}) : src;
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const c of out as AsyncIterable<Buffer>) {
      const s = decoder.decode(c, { stream: true });
      onRead?.(read);
      if (s) yield s;
    }
  } catch (e) {
    throw new WorkbookError(`工作簿中的“${part.name}”无法解压（${(e as Error).message}）`);
  } finally {
    src.destroy();
    out.destroy();
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

// ---------------------------------------------------------------------------------------------------
// Shared strings
// ---------------------------------------------------------------------------------------------------

const BLOCK = 1 << 20;

/**
 * The shared strings, held compactly: their UTF-8 bytes in blocks of 1 MB and where each starts and ends (a
 * JavaScript string per entry, sliced from the parsed XML, kept several times the memory); rich text, rare,
 * as objects. WorksheetReader looks them up by index (`sharedStrings[i]`): a Proxy hands out each as asked.
 */
function stringStore() {
  const blocks: Buffer[] = [];
  let block: Buffer | null = null;
  let pos = BLOCK;
  let at = new Float64Array(2048); // for entry i: [2i] = block * BLOCK + start (-1: rich text), [2i + 1] = length
  let n = 0;
  const rich = new Map<number, unknown>();
  const get = (i: number): unknown => {
    if (!(i >= 0 && i < n)) return undefined;
    if (at[2 * i] < 0) return rich.get(i);
    const start = at[2 * i];
    const o = start % BLOCK;
    return blocks[Math.floor(start / BLOCK)].toString('utf8', o, o + at[2 * i + 1]);
  };
  return {
    push(v: string | null | { richText: unknown[] }) {
      if (2 * n + 2 > at.length) {
        const bigger = new Float64Array(at.length * 2);
        bigger.set(at);
        at = bigger;
      }
      if (v !== null && typeof v === 'object') {
        rich.set(n, v);
        at[2 * n] = -1;
      } else {
        const s = v ?? '';
        if (!block || pos + s.length * 3 > BLOCK) {
          block = Buffer.allocUnsafe(Math.max(BLOCK, s.length * 3));
          blocks.push(block);
          pos = 0;
        }
        const len = block.write(s, pos);
        at[2 * n] = (blocks.length - 1) * BLOCK + pos;
        at[2 * n + 1] = len;
        pos += len;
      }
      n++;
    },
    view(): unknown[] {
      return new Proxy([], { get: (_, k) => (k === 'length' ? n : typeof k === 'string' && /^\d+$/.test(k) ? get(Number(k)) : undefined) });
    },
  };
}

/** xl/sharedStrings.xml as exceljs's streaming reader reads it: text, or { richText: [{ font?, text }] }. */
async function sharedStrings(input: ZipInput, part: PartRef | null): Promise<unknown[]> {
  const out = stringStore();
  if (!part) return out.view();
  const parser = new (exceljsParts().SaxesParser)();
  let error: Error | null = null;
  let text: string | null = null;
  let richText: { font?: Record<string, unknown>; text: string | null }[] = [];
  let font: Record<string, unknown> | null = null;
  let inRPr = false;
  const f = () => (font = font ?? {});
  parser.on('error', (e) => (error = error ?? e));
  parser.on('opentag', (node) => {
    const a = node.attributes;
    if (node.name === 'si') [font, richText, text] = [null, [], null];
    else if (node.name === 't') text = null;
    else if (node.name === 'rPr') inRPr = true;
    else if (inRPr) {
      if (node.name === 'b') f().bold = true;
      else if (node.name === 'i') f().italic = true;
      else if (node.name === 'u') f().underline = true;
      else if (node.name === 'outline') f().outline = true;
      else if (node.name === 'charset' || node.name === 'family') f()[node.name] = parseInt(a.val, 10);
      else if (node.name === 'sz') f().size = parseInt(a.val, 10);
      else if (node.name === 'vertAlign') f().vertAlign = a.val;
      else if (node.name === 'rFont') f().name = a.val;
      else if (node.name === 'color') f().color = { ...(a.rgb ? { argb: a.rgb } : {}), ...(a.theme ? { theme: a.theme } : {}) };
    }
  });
  parser.on('text', (v) => (text = text ? text + v : v));
  parser.on('closetag', (node) => {
    if (node.name === 'rPr') inRPr = false;
    else if (node.name === 'r') {
      richText.push(font ? { font, text } : { text });
      [font, text] = [null, null];
    } else if (node.name === 'si') {
      out.push(richText.length ? { richText } : text);
      [font, richText, text] = [null, [], null];
    }
  });
  for await (const s of partText(input, part)) {
    parser.write(s);
    if (error) throw new WorkbookError((error as Error).message);
  }
  parser.close();
  if (error) throw new WorkbookError((error as Error).message);
  return out.view();
}

async function styles(input: ZipInput, part: PartRef | null): Promise<Styles> {
  const s = new (exceljsParts().StylesXform)();
  if (part) await s.parseStream(partText(input, part));
  else s.init();
  return s;
}

// ---------------------------------------------------------------------------------------------------
// Sheets
// ---------------------------------------------------------------------------------------------------

/** a run of rich text without its own font has none (not null), as the whole-workbook loader gives it */
const clean = (v: unknown) => {
  const o = v as { richText?: { font?: unknown; text: unknown }[] } | null;
  return o && typeof o === 'object' && Array.isArray(o.richText) ? { ...o, richText: o.richText.map((r) => (r.font ? r : { text: r.text })) } : v;
};

/** A workbook's sheets, read one after another, in any order; the shared strings and styles are read once. */
export class WorkbookReader {
  private book: Promise<{ sharedStrings: unknown[]; styles: Styles; properties: { model: { date1904: boolean } } }> | null = null;

  constructor(
    private readonly input: ZipInput,
    private readonly info: WorkbookInfo,
  ) {}

  /**
   * The rows of one sheet, [row number as Excel shows it, cells from column A], for each row that is not
   * empty; `onRead` gets the compressed bytes of the sheet read so far. Throws WorkbookError when the sheet
   * cannot be read.
   */
  async *rows(name: string, part: PartRef, onRead: (bytes: number) => void = () => {}): AsyncGenerator<[number, unknown[]]> {
    const { parts, date1904 } = this.info;
    this.book ??= Promise.all([sharedStrings(this.input, parts.sharedStrings), styles(this.input, parts.styles)]).then(([ss, st]) => ({
      sharedStrings: ss,
      styles: st,
      properties: { model: { date1904 } },
    }));
    let book;
    try {
      book = await this.book;
    } catch (e) {
      this.book = null;
      throw e instanceof WorkbookError ? e : new WorkbookError((e as Error).message);
    }
    // exceljs's reader stops quietly where the XML stops: a sheet cut short must not pass for a short sheet
    let tail = '';
    const input = this.input;
    const text = async function* () {
      for await (const s of partText(input, part, onRead)) {
        tail = (tail + s).slice(-200);
        yield s;
      }
      if (!/<\/(?:[\w.-]+:)?worksheet>\s*$/.test(tail)) throw new WorkbookError(`工作表“${name}”的内容不完整`);
    };
    const reader = new (exceljsParts().WorksheetReader)({ workbook: book, id: 1, iterator: text(), options: { worksheets: 'emit', hyperlinks: 'ignore' } });
    try {
      for await (const row of reader) {
        if (!row.hasValues) continue;
        const v = row.values;
        yield [row.number, Array.isArray(v) ? v.slice(1).map(clean) : []];
      }
    } catch (e) {
      throw e instanceof WorkbookError ? e : new WorkbookError((e as Error).message);
    }
    onRead(part.compressed);
  }
}
