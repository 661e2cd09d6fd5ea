/**
 * Zip-bomb guard for uploaded workbooks (issue 12.6, docs/SECURITY.md "Limits"). An .xlsx is a zip; a
 * small one can hold hundreds of MB of sheet XML that exceljs would inflate and parse in memory. Before
 * exceljs sees the file we read the zip's central directory and refuse it when the declared sizes are
 * too large; then we inflate every entry as a stream (zlib runs off the main thread) counting the bytes
 * really produced, since the declared sizes can lie. Nothing is kept: only counted.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

/** Total uncompressed size of all entries together. */
export const XLSX_MAX_UNCOMPRESSED = 200 * 1024 * 1024;
/** Compression ratio one entry may have (uncompressed / compressed)… */
export const XLSX_MAX_RATIO = 100;
/** …counted only for entries larger than this (small XML parts compress very well and are harmless). */
export const XLSX_RATIO_MIN_SIZE = 1024 * 1024;
const MAX_ENTRIES = 10_000;

export class ZipLimitError extends Error {}

export interface Entry {
  name: string;
  method: number;
  compressed: number;
  uncompressed: number;
  localOffset: number;
}

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/** Where a zip is: a file (read piece by piece, never whole) or bytes in memory (an upload). */
export type ZipInput = { path: string } | { data: Buffer };

const corrupt = (what = '压缩包目录损坏') => new ZipLimitError(`不是有效的 .xlsx 工作簿（${what}）`);

/**
 * A zip opened for random access: its central directory is read first (from the end of the file), so its parts
 * can be read in any order, whatever order the tool that wrote it chose (issue 15.5).
 */
export class ZipFile {
  private constructor(
    readonly input: ZipInput,
    private fh: fs.promises.FileHandle | null,
    readonly size: number,
    readonly entries: Entry[],
  ) {}

  static async open(input: ZipInput): Promise<ZipFile> {
    let fh: fs.promises.FileHandle | null = null;
    try {
      let size: number;
      if ('path' in input) {
        fh = await fs.promises.open(input.path, 'r');
        size = (await fh.stat()).size;
      } else size = input.data.length;
      const z = new ZipFile(input, fh, size, []);
      z.entries.push(...(await z.readDirectory()));
      return z;
    } catch (e) {
      await fh?.close();
      throw e;
    }
  }

  async close() {
    const fh = this.fh;
    this.fh = null;
    await fh?.close();
  }

  /** `len` bytes from `pos` (fewer at the end of the file) */
  async read(pos: number, len: number): Promise<Buffer> {
    const end = Math.min(this.size, pos + len);
    if (pos < 0 || pos >= end) return Buffer.alloc(0);
    if ('data' in this.input) return this.input.data.subarray(pos, end);
    const buf = Buffer.alloc(end - pos);
    const { bytesRead } = await this.fh!.read(buf, 0, buf.length, pos);
    return buf.subarray(0, bytesRead);
  }

  private async readDirectory(): Promise<Entry[]> {
    // end of central directory: 22 bytes plus a comment of at most 64 KB
    const tailStart = Math.max(0, this.size - 22 - 0xffff);
    const tail = await this.read(tailStart, this.size - tailStart);
    let e = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        e = i;
        break;
      }
    }
    if (e < 0) throw new ZipLimitError('不是有效的 .xlsx 工作簿（无法读取压缩包目录）');
    let count = tail.readUInt16LE(e + 10);
    let cdSize = tail.readUInt32LE(e + 12);
    let cdOffset = tail.readUInt32LE(e + 16);
    if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
      const loc = e - 20;
      if (loc < 0 || tail.readUInt32LE(loc) !== 0x07064b50) throw corrupt();
      const z64 = Number(tail.readBigUInt64LE(loc + 8));
      const rec = await this.read(z64, 56);
      if (rec.length < 56 || rec.readUInt32LE(0) !== 0x06064b50) throw corrupt();
      count = Number(rec.readBigUInt64LE(32));
      cdSize = Number(rec.readBigUInt64LE(40));
      cdOffset = Number(rec.readBigUInt64LE(48));
    }
    if (count > MAX_ENTRIES) throw new ZipLimitError(`工作簿包含的部件过多（${count} 个）`);
    if (cdOffset + cdSize > this.size) throw corrupt();
    return parseDirectory(await this.read(cdOffset, cdSize), count);
  }

  /** The entry of a part ("xl/workbook.xml"; a leading slash, which some writers put, is ignored). */
  find(name: string): Entry | undefined {
    const n = name.replace(/^\//, '');
    return this.entries.find((e) => e.name.replace(/^\//, '') === n);
  }

  /** Where an entry's compressed bytes start (after its local header). */
  async dataStart(e: Entry): Promise<number> {
    const lh = await this.read(e.localOffset, 30);
    if (lh.length < 30 || lh.readUInt32LE(0) !== 0x04034b50) throw corrupt('压缩包损坏');
    const start = e.localOffset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
    if (start + e.compressed > this.size) throw corrupt('压缩包损坏');
    return start;
  }

  /** The compressed bytes of an entry as a stream, in pieces of 64 KB. */
  async rawStream(e: Entry): Promise<Readable> {
    const start = await this.dataStart(e);
    if ('data' in this.input) {
      const data = this.input.data;
      return Readable.from(
        (function* () {
          for (let p = start; p < start + e.compressed; p += 1 << 16) yield data.subarray(p, Math.min(start + e.compressed, p + (1 << 16)));
        })(),
      );
    }
    if (e.compressed === 0) return Readable.from([]);
    return fs.createReadStream(this.input.path, { start, end: start + e.compressed - 1, highWaterMark: 1 << 16 });
  }

  /**
   * The bytes of one entry, inflated (small parts of a workbook: its sheet list, properties, the head of a
   * sheet). With `maxCompressed` only the start of the entry is inflated, as far as it goes.
   */
  async bytes(e: Entry, maxCompressed = Number.POSITIVE_INFINITY): Promise<Buffer> {
    if (e.method !== 0 && e.method !== 8) throw new ZipLimitError(`工作簿中的“${e.name}”使用了不支持的压缩方式`);
    const data = await this.read(await this.dataStart(e), Math.min(e.compressed, maxCompressed));
    if (e.method === 0) return data;
    try {
      return zlib.inflateRawSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    } catch (err) {
      throw corrupt((err as Error).message);
    }
  }
}

function parseDirectory(buf: Buffer, count: number): Entry[] {
  const entries: Entry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw corrupt();
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const e: Entry = {
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      method: buf.readUInt16LE(p + 10),
      compressed: buf.readUInt32LE(p + 20),
      uncompressed: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
    };
    // zip64 extra field: the 64-bit values, in this order, of the fields that are 0xFFFFFFFF
    for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen; ) {
      const id = buf.readUInt16LE(x);
      const size = buf.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        if (e.uncompressed === 0xffffffff) (e.uncompressed = Number(buf.readBigUInt64LE(q))), (q += 8);
        if (e.compressed === 0xffffffff) (e.compressed = Number(buf.readBigUInt64LE(q))), (q += 8);
        if (e.localOffset === 0xffffffff) e.localOffset = Number(buf.readBigUInt64LE(q));
      }
      x += 4 + size;
    }
    entries.push(e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function checkDeclared(name: string, compressed: number, uncompressed: number) {
  if (uncompressed > XLSX_RATIO_MIN_SIZE && uncompressed / Math.max(1, compressed) > XLSX_MAX_RATIO) {
    throw new ZipLimitError(`工作簿中的“${name}”压缩比异常（${Math.round(uncompressed / Math.max(1, compressed))} 倍，上限 ${XLSX_MAX_RATIO} 倍），疑似压缩炸弹，已拒绝`);
  }
}

/** Inflates one entry as a stream, counting its bytes; stops as soon as `limit` is passed. */
async function inflatedSize(raw: Readable, limit: number): Promise<number> {
  const inflate = zlib.createInflateRaw();
  raw.on('error', (e) => inflate.destroy(e));
  raw.pipe(inflate);
  let n = 0;
  try {
    for await (const c of inflate as AsyncIterable<Buffer>) {
      n += c.length;
      if (n > limit) break;
    }
  } catch (e) {
    throw corrupt((e as Error).message);
  } finally {
    raw.destroy();
    inflate.destroy();
  }
  return n;
}

/**
 * Throws ZipLimitError when the workbook would inflate beyond the limits (declared or real). Async and
 * streamed: a large upload being checked does not stop the server answering.
 */
export async function checkXlsxSize(input: Buffer | ZipInput | ZipFile): Promise<void> {
  const zip = input instanceof ZipFile ? input : await ZipFile.open(Buffer.isBuffer(input) ? { data: input } : input);
  try {
    await checkZip(zip);
  } finally {
    if (zip !== input) await zip.close();
  }
}

async function checkZip(zip: ZipFile): Promise<void> {
  const limits = { total: XLSX_MAX_UNCOMPRESSED };
  const entries = zip.entries;
  const declared = entries.reduce((s, e) => s + e.uncompressed, 0);
  if (declared > limits.total) throw new ZipLimitError(`工作簿解压后过大（${mb(declared)}，上限 ${mb(limits.total)}），请拆分后分批导入`);
  for (const e of entries) checkDeclared(e.name, e.compressed, e.uncompressed);
  let total = 0;
  for (const e of entries) {
    const budget = limits.total - total;
    // the real size may not exceed the declared one (nor the rest of the budget)
    if (e.method !== 0 && e.method !== 8) throw new ZipLimitError(`工作簿中的“${e.name}”使用了不支持的压缩方式`);
    const real = e.method === 0 ? (await zip.dataStart(e), e.compressed) : await inflatedSize(await zip.rawStream(e), Math.min(budget, e.uncompressed));
    if (real > e.uncompressed) throw new ZipLimitError(`工作簿中的“${e.name}”解压后比声明的大，疑似压缩炸弹，已拒绝`);
    total += real;
    if (total > limits.total) throw new ZipLimitError(`工作簿解压后过大（超过 ${mb(limits.total)}），请拆分后分批导入`);
    checkDeclared(e.name, e.compressed, real);
  }
}
