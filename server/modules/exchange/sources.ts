/**
 * Reading a bundle (SPEC §9): a folder of CSV files or one .xlsx workbook (from disk for the CLI, from
 * uploaded buffers for the web). CSV is UTF-8 (with or without BOM) or GB18030/GBK, detected; it is
 * streamed, so memory stays flat however long the file. Rows are numbered as Excel does (header = 1).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { BUNDLE_FILES, fileForName, TEMPLATE_KEYWORD, type BundleFile } from '../../../core/bundle-format.ts';
import { checkXlsxSize, ZipFile, ZipLimitError, type ZipInput } from './zip-limits.ts';
import { WorkbookError, workbookInfo, WorkbookReader, type WorkbookInfo, type WorkbookSheetInfo } from './xlsx-reader.ts';

export interface SourceRow {
  rowNo: number;
  cells: unknown[];
}

export interface SheetSource {
  file: BundleFile;
  /** where the rows come from, as shown in reports: "court_cases.csv" or "court_cases" (sheet) */
  source: string;
  kind: 'csv' | 'xlsx';
  /** a sheet of one of our templates (row 2 may be the example row) */
  template: boolean;
  /** total work units (bytes of a CSV, rows of a sheet) and units done so far, for progress bars */
  size: number;
  done(): number;
  rows(): AsyncGenerator<SourceRow>;
}

export interface SourceProblem {
  source: string;
  reason: string;
}

export interface BundleSource {
  sheets: SheetSource[];
  warnings: SourceProblem[];
  errors: SourceProblem[];
}

/** Helper sheets of our templates, ignored without a warning. */
const HELPER_SHEETS = new Set(['说明', '字典', '填写说明']);

export class SourceError extends Error {}

// ---------------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------------

export type Encoding = 'utf8' | 'gb18030';

type ChunkSource = () => AsyncIterable<Buffer>;

function bufferChunks(buf: Buffer, size = 1 << 16): ChunkSource {
  return async function* () {
    for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
  };
}

function fileChunks(file: string): ChunkSource {
  return () => fs.createReadStream(file, { highWaterMark: 1 << 16 }) as AsyncIterable<Buffer>;
}

/**
 * UTF-8 when every byte decodes as UTF-8, else GB18030 (a superset of GBK) when that decodes cleanly;
 * otherwise the file is rejected with the line where decoding first fails.
 */
async function detectEncoding(chunks: ChunkSource): Promise<{ ok: true; encoding: Encoding } | { ok: false; reason: string }> {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let valid = true;
  try {
    for await (const c of chunks()) utf8.decode(c, { stream: true });
    utf8.decode();
  } catch {
    valid = false;
  }
  if (valid) return { ok: true, encoding: 'utf8' };
  const gb = iconv.getDecoder('gb18030');
  let line = 1;
  for await (const c of chunks()) {
    const text = gb.write(c);
    const bad = text.indexOf('\ufffd');
    if (bad >= 0) {
      line += countNewlines(text, bad);
      return { ok: false, reason: `文件编码无法识别（既不是 UTF-8，也不是 GB18030/GBK），第${line}行附近有无法解码的字节` };
    }
    line += countNewlines(text, text.length);
  }
  const tail = gb.end() ?? '';
  if (tail.includes('\ufffd')) return { ok: false, reason: '文件编码无法识别（既不是 UTF-8，也不是 GB18030/GBK），文件末尾有不完整的字符' };
  return { ok: true, encoding: 'gb18030' };
}

function countNewlines(s: string, end: number): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0 && i < end; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------------

/**
 * Formula injection (issue 12.9): a spreadsheet runs a CSV cell starting with = + - @ (or tab/CR) as a
 * formula. The exporter writes such a cell with a leading apostrophe; the importer removes exactly that
 * apostrophe again, so export → import is a round trip (a value that itself starts with apostrophes before
 * such a character gets one more, and loses one).
 */
const FORMULA_LIKE = /^'*[=+\-@\t\r]/;
export const neutraliseFormula = (s: string) => (FORMULA_LIKE.test(s) ? `'${s}` : s);
export const restoreFormula = (s: string) => (s.startsWith("'") && FORMULA_LIKE.test(s) ? s.slice(1) : s);

function csvSheet(file: BundleFile, source: string, size: number, chunks: ChunkSource): SheetSource {
  let done = 0;
  return {
    file,
    source,
    kind: 'csv',
    template: false,
    size,
    done: () => done,
    async *rows() {
      const enc = await detectEncoding(chunks);
      if (!enc.ok) throw new SourceError(enc.reason);
      const counted = async function* () {
        for await (const c of chunks()) {
          done += c.length;
          yield c;
        }
      };
      let input: Readable = Readable.from(counted());
      if (enc.encoding === 'gb18030') input = input.pipe(iconv.decodeStream('gb18030')) as unknown as Readable;
      const parser = input.pipe(
        parse({ bom: true, relax_column_count: true, skip_empty_lines: false, encoding: enc.encoding === 'utf8' ? 'utf8' : undefined }),
      );
      let rowNo = 0;
      try {
        for await (const record of parser as AsyncIterable<string[]>) {
          rowNo++;
          yield { rowNo, cells: record.map(restoreFormula) };
        }
      } catch (e) {
        if (e instanceof SourceError) throw e;
        const m = (e as Error).message ?? String(e);
        throw new SourceError(`CSV 格式错误（第${rowNo + 1}行）：${m.replace(/^Invalid /, '')}`);
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// XLSX
// ---------------------------------------------------------------------------------------------------

function xlsxSheet(file: BundleFile, reader: WorkbookReader, ws: WorkbookSheetInfo, template: boolean): SheetSource {
  let done = 0;
  const source = `工作表“${ws.name}”`;
  return {
    file,
    source,
    kind: 'xlsx',
    template,
    // progress in compressed bytes of the sheet, as read
    size: Math.max(1, ws.part?.compressed ?? 0),
    done: () => done,
    async *rows() {
      if (!ws.part) throw new SourceError(`无法读取 .xlsx 工作簿：找不到${source}的内容`);
      try {
        for await (const [rowNo, cells] of reader.rows(ws.name, ws.part, (n) => (done = n))) yield { rowNo, cells };
      } catch (e) {
        if (e instanceof WorkbookError) throw new SourceError(`无法读取 .xlsx 工作簿：${e.message}`);
        throw e;
      }
    },
  };
}

/**
 * A workbook's sheets: listed from its zip directory and xl/workbook.xml, each read as a stream in a worker
 * thread when the importer comes to it (xlsx-reader.ts); the server keeps answering meanwhile.
 */
async function workbookSource(input: ZipInput): Promise<BundleSource> {
  let info: WorkbookInfo;
  const zip = await openZip(input);
  try {
    await guardZip(zip);
    info = await workbookInfo(zip);
  } catch (e) {
    if (e instanceof WorkbookError) return { sheets: [], warnings: [], errors: [{ source: '工作簿', reason: `无法读取 .xlsx 工作簿：${e.message}` }] };
    throw e;
  } finally {
    await zip.close();
  }
  const reader = new WorkbookReader(input, info);
  const out: BundleSource = { sheets: [], warnings: [], errors: [] };
  for (const ws of info.sheets) {
    if (HELPER_SHEETS.has(ws.name.trim())) continue;
    const file = fileForName(ws.name);
    if (!file) {
      out.warnings.push({ source: `工作表“${ws.name}”`, reason: `未知的工作表“${ws.name}”，已忽略（工作表名应为数据文件名，如 court_cases）` });
      continue;
    }
    addSheet(out, xlsxSheet(file, reader, ws, info.keywords.includes(TEMPLATE_KEYWORD)));
  }
  return out;
}

function addSheet(out: BundleSource, s: SheetSource) {
  const dup = out.sheets.find((x) => x.file.name === s.file.name);
  if (dup) {
    out.errors.push({ source: s.source, reason: `与${dup.source}是同一个数据文件（${s.file.name}），只能提供一个` });
    return;
  }
  out.sheets.push(s);
}

function orderSheets(out: BundleSource): BundleSource {
  const order = new Map(BUNDLE_FILES.map((f, i) => [f.name, i]));
  out.sheets.sort((a, b) => order.get(a.file.name)! - order.get(b.file.name)!);
  if (out.sheets.length === 0 && out.errors.length === 0) {
    out.errors.push({ source: '数据包', reason: `没有找到可导入的数据文件（应为 ${BUNDLE_FILES.map((f) => f.name).join('、')} 等 .csv 文件或同名工作表）` });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------------

/** A bundle on disk: a folder of CSV files, one .xlsx workbook, or a single CSV file. */
export async function openBundlePath(p: string): Promise<BundleSource> {
  if (!fs.existsSync(p)) throw new SourceError(`找不到数据包：${p}`);
  const st = fs.statSync(p);
  if (st.isDirectory()) {
    const out: BundleSource = { sheets: [], warnings: [], errors: [] };
    for (const name of fs.readdirSync(p).sort()) {
      const full = path.join(p, name);
      if (!fs.statSync(full).isFile()) continue;
      if (!/\.csv$/i.test(name)) {
        if (!name.startsWith('.') && !/^readme/i.test(name)) out.warnings.push({ source: name, reason: `不是 CSV 文件，已忽略：${name}` });
        continue;
      }
      const file = fileForName(name.replace(/\.csv$/i, ''));
      if (!file) {
        out.warnings.push({ source: name, reason: `未知的数据文件“${name}”，已忽略` });
        continue;
      }
      addSheet(out, csvSheet(file, name, fs.statSync(full).size, fileChunks(full)));
    }
    return orderSheets(out);
  }
  if (/\.xlsx$/i.test(p)) return orderSheets(await workbookSource({ path: p }));
  if (/\.csv$/i.test(p)) {
    const name = path.basename(p);
    const file = fileForName(name.replace(/\.csv$/i, ''));
    if (!file) throw new SourceError(`无法从文件名判断数据文件：${name}（应为 court_cases.csv 等）`);
    const out: BundleSource = { sheets: [], warnings: [], errors: [] };
    addSheet(out, csvSheet(file, name, st.size, fileChunks(p)));
    return orderSheets(out);
  }
  throw new SourceError(`数据包应为 CSV 文件所在的文件夹或一个 .xlsx 工作簿：${p}`);
}

/** The zip's directory, read from its end (a file is not read whole). */
async function openZip(input: ZipInput): Promise<ZipFile> {
  try {
    return await ZipFile.open(input);
  } catch (e) {
    if (e instanceof ZipLimitError) throw new SourceError(e.message);
    throw e;
  }
}

/** The zip-bomb limits (zip-limits.ts), before anything is parsed. */
async function guardZip(zip: ZipFile) {
  try {
    await checkXlsxSize(zip);
  } catch (e) {
    if (e instanceof ZipLimitError) throw new SourceError(e.message);
    throw e;
  }
}

export interface UploadedFile {
  name: string;
  data: Buffer;
}

/** An uploaded bundle: one .xlsx workbook, or CSV files named after the data files. */
export async function openBundleUploads(files: UploadedFile[]): Promise<BundleSource> {
  const xlsx = files.filter((f) => /\.xlsx$/i.test(f.name));
  const others = files.filter((f) => !/\.xlsx$/i.test(f.name));
  if (xlsx.length > 1) throw new SourceError('一次只能上传一个 .xlsx 工作簿');
  if (xlsx.length === 1 && others.length > 0) throw new SourceError('请上传一个 .xlsx 工作簿，或若干 CSV 文件，不要混合');
  if (xlsx.length === 1) return orderSheets(await workbookSource({ data: xlsx[0].data }));
  const out: BundleSource = { sheets: [], warnings: [], errors: [] };
  for (const f of others) {
    const base = path.basename(f.name);
    if (!/\.csv$/i.test(base)) {
      out.warnings.push({ source: base, reason: `不是 CSV 或 .xlsx 文件，已忽略：${base}` });
      continue;
    }
    const file = fileForName(base.replace(/\.csv$/i, ''));
    if (!file) {
      out.warnings.push({ source: base, reason: `未知的数据文件“${base}”，已忽略` });
      continue;
    }
    addSheet(out, csvSheet(file, base, f.data.length, bufferChunks(f.data)));
  }
  return orderSheets(out);
}
