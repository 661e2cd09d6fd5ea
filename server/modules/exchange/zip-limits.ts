/**
 * Zip-bomb guard for uploaded workbooks (issue 12.6, docs/SECURITY.md "Limits"). An .xlsx is a zip; a
 * small one can hold hundreds of MB of sheet XML that exceljs would inflate and parse in memory. Before
 * exceljs sees the file we read the zip's central directory and refuse it when the declared sizes are
 * too large; then we inflate every entry as a stream (zlib runs off the main thread) counting the bytes
 * really produced, since the declared sizes can lie. Nothing is kept: only counted.
 */
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

export function readEntries(buf: Buffer): Entry[] {
  // end of central directory: 22 bytes plus a comment of at most 64 KB
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipLimitError('不是有效的 .xlsx 工作簿（无法读取压缩包目录）');
  let count = buf.readUInt16LE(eocd + 10);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || buf.readUInt32LE(loc) !== 0x07064b50) throw new ZipLimitError('不是有效的 .xlsx 工作簿（压缩包目录损坏）');
    const z64 = Number(buf.readBigUInt64LE(loc + 8));
    if (z64 + 56 > buf.length || buf.readUInt32LE(z64) !== 0x06064b50) throw new ZipLimitError('不是有效的 .xlsx 工作簿（压缩包目录损坏）');
    count = Number(buf.readBigUInt64LE(z64 + 32));
    cdOffset = Number(buf.readBigUInt64LE(z64 + 48));
  }
  if (count > MAX_ENTRIES) throw new ZipLimitError(`工作簿包含的部件过多（${count} 个）`);
  const entries: Entry[] = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new ZipLimitError('不是有效的 .xlsx 工作簿（压缩包目录损坏）');
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
function inflatedSize(data: Buffer, limit: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = zlib.createInflateRaw();
    let n = 0;
    let over = false;
    inflate.on('data', (c: Buffer) => {
      n += c.length;
      if (n > limit && !over) {
        over = true;
        inflate.destroy();
        resolve(n);
      }
    });
    inflate.on('end', () => resolve(n));
    inflate.on('error', (e) => (over ? undefined : reject(new ZipLimitError(`不是有效的 .xlsx 工作簿（${e.message}）`))));
    inflate.end(data);
  });
}

/**
 * Throws ZipLimitError when the workbook would inflate beyond the limits (declared or real). Async and
 * streamed: a large upload being checked does not stop the server answering.
 */
export async function checkXlsxSize(buf: Buffer): Promise<void> {
  const limits = { total: XLSX_MAX_UNCOMPRESSED };
  const entries = readEntries(buf);
  const declared = entries.reduce((s, e) => s + e.uncompressed, 0);
  if (declared > limits.total) throw new ZipLimitError(`工作簿解压后过大（${mb(declared)}，上限 ${mb(limits.total)}），请拆分后分批导入`);
  for (const e of entries) checkDeclared(e.name, e.compressed, e.uncompressed);
  let total = 0;
  for (const e of entries) {
    const lh = e.localOffset;
    if (lh + 30 > buf.length || buf.readUInt32LE(lh) !== 0x04034b50) throw new ZipLimitError('不是有效的 .xlsx 工作簿（压缩包损坏）');
    const start = lh + 30 + buf.readUInt16LE(lh + 26) + buf.readUInt16LE(lh + 28);
    const data = buf.subarray(start, start + e.compressed);
    const budget = limits.total - total;
    // the real size may not exceed the declared one (nor the rest of the budget)
    if (e.method !== 0 && e.method !== 8) throw new ZipLimitError(`工作簿中的“${e.name}”使用了不支持的压缩方式`);
    const real = e.method === 0 ? data.length : await inflatedSize(data, Math.min(budget, e.uncompressed));
    if (real > e.uncompressed) throw new ZipLimitError(`工作簿中的“${e.name}”解压后比声明的大，疑似压缩炸弹，已拒绝`);
    total += real;
    if (total > limits.total) throw new ZipLimitError(`工作簿解压后过大（超过 ${mb(limits.total)}），请拆分后分批导入`);
    checkDeclared(e.name, e.compressed, real);
  }
}

/**
 * The bytes of one entry, inflated (small parts of a workbook: its sheet list, properties, the head of a
 * sheet). With `maxCompressed` only the start of the entry is inflated, as far as it goes.
 */
export function entryBytes(buf: Buffer, e: Entry, maxCompressed = Number.POSITIVE_INFINITY): Buffer {
  const lh = e.localOffset;
  if (lh + 30 > buf.length || buf.readUInt32LE(lh) !== 0x04034b50) throw new ZipLimitError('不是有效的 .xlsx 工作簿（压缩包损坏）');
  const start = lh + 30 + buf.readUInt16LE(lh + 26) + buf.readUInt16LE(lh + 28);
  const data = buf.subarray(start, start + Math.min(e.compressed, maxCompressed));
  if (e.method === 0) return data;
  return zlib.inflateRawSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
}
