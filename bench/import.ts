/**
 * Import benchmark (issue 5): 100k court-case rows from CSV.
 *   1. a bare `COPY` of the same rows (already in the table's layout) into `court_cases_copy`, a table
 *      like `court_cases` with the same indexes — PostgreSQL: `COPY … FROM '/tmp/file.csv'` run by the
 *      server (superuser on the local server); embedded: PGlite's `COPY … FROM '/dev/blob'`;
 *   2. the full import of the bundle file (`importBundle`, the code behind `wusong import`): streamed,
 *      parsed, validated, kind/instance from the 案号, addresses matched against a county of 20 towns ×
 *      20 villages, compared, staged, committed;
 * and prints the ratio (target ≤ 4×, issue 15.5); the timed import samples memory without forcing a
 * collection, so the sampling costs it nothing.
 *   3. the same rows as one .xlsx workbook (sheet court_cases), imported into the emptied table while the live
 *      heap (after a forced collection every 250 ms) and the RSS are sampled: the peak extra memory (target
 *      under 50 MB: the workbook is read as a stream), and at half size, to show it does not grow with the file.
 *
 * Run alone:  node --import tsx bench/import.ts                 (embedded, in a temporary folder)
 *             BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/import.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import ExcelJS from 'exceljs';
import type { Database } from '../server/db/client.ts';
import { systemActor } from '../server/modules/auth/actor.ts';
import { importBundle } from '../server/modules/exchange/importer.ts';
import { openBundlePath } from '../server/modules/exchange/sources.ts';
import { Cipher } from '../server/secret.ts';

export interface BenchImportOptions {
  rows?: number;
  towns?: number;
  villagesPerTown?: number;
  /** folder for the generated files (default: a temporary folder, removed afterwards) */
  dir?: string;
  /** also import half the rows first, to show memory does not grow with the file */
  memoryCheck?: boolean;
  log?: (line: string) => void;
}

export interface BenchImportResult {
  engine: string;
  rows: number;
  copyMs: number;
  importMs: number;
  ratio: number;
  target: number;
  passed: boolean;
  rowsPerSecond: number;
  /** peak live heap (sampled after a GC) and RSS above the start while importing the .xlsx, MB — at half and at full size */
  memory: { halfHeapMb?: number; heapMb: number; halfRssMb?: number; rssMb: number; target: number; passed: boolean };
  /** the full-size .xlsx import, timed without the forced collections of the memory run */
  xlsxImportMs: number;
  matched: Record<string, number>;
  /** the machine's load (1-minute average) when the run began and ended: the figures are only comparable at like load */
  load: { start: number; end: number; cores: number };
}

const COUNTY = '330783000000';
const A = '东西南北中上下前后新';
const B = '山河湖桥溪塘岭坞港田';
const C = '大小长高石竹松柏杏梅';
const D = '家庄岗湾坑园墩头洋畈';
const townCode = (i: number) => `330783${String(101 + i).padStart(3, '0')}000`;
const villageCode = (i: number, j: number) => `330783${String(101 + i).padStart(3, '0')}${String(1 + j).padStart(3, '0')}`;
const townName = (i: number) => `${A[i % 10]}${B[Math.floor(i / 10) % 10]}镇`;
const villageName = (j: number) => `${C[j % 10]}${D[Math.floor(j / 10) % 10]}村`;

export async function setupRegions(database: Database, towns: number, villages: number) {
  const rows: unknown[][] = [
    ['330000000000', '浙江省', 'province', null, '/330000000000/', null],
    ['330700000000', '金华市', 'city', '330000000000', '/330000000000/330700000000/', null],
    [COUNTY, '东阳市', 'county', '330700000000', `/330000000000/330700000000/${COUNTY}/`, null],
  ];
  for (let i = 0; i < towns; i++) {
    const t = townCode(i);
    const tp = `/330000000000/330700000000/${COUNTY}/${t}/`;
    rows.push([t, townName(i), 'town', COUNTY, tp, t]);
    for (let j = 0; j < villages; j++) rows.push([villageCode(i, j), villageName(j), 'village', t, `${tp}${villageCode(i, j)}/`, t]);
  }
  await database.query(
    `insert into regions (code, name, level, parent_code, path, town_code)
     select x->>0, x->>1, x->>2, x->>3, x->>4, x->>5 from jsonb_array_elements($1::jsonb) as x on conflict do nothing`,
    [JSON.stringify(rows)],
  );
}

/** The bundle file and the same rows in the table's layout (for COPY). */
export async function writeFiles(dir: string, n: number, towns: number, villages: number): Promise<{ bundle: string; copyFile: string; xlsx: string }> {
  const bundleDir = path.join(dir, `bundle-${n}`);
  fs.mkdirSync(bundleDir, { recursive: true });
  const bundle = fs.createWriteStream(path.join(bundleDir, 'court_cases.csv'));
  const copyFile = path.join(dir, `court_cases_copy-${n}.csv`);
  const copy = fs.createWriteStream(copyFile);
  const out = (s: fs.WriteStream, line: string) => s.write(line);
  const xlsx = path.join(dir, `court_cases-${n}.xlsx`);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: true });
  const ws = wb.addWorksheet('court_cases');
  ws.addRow(['case_no', 'kind', 'instance', 'filed_on', 'defendant_region_code', 'defendant_address']).commit();
  out(bundle, '\ufeffcase_no,kind,instance,filed_on,defendant_region_code,defendant_address\n');
  out(copy, 'case_no,kind,instance,year,filed_on,defendant_region_code,defendant_address,town_code,match_status,imported\n');
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let k = 0; k < n; k++) {
    const i = Math.floor(rnd() * towns);
    const j = Math.floor(rnd() * villages);
    const kind = rnd() < 0.85 ? '民初' : '刑初';
    const caseNo = `(2024)浙0783${kind}${k + 1}号`;
    const day = 1 + Math.floor(rnd() * 365);
    const d = new Date(Date.UTC(2024, 0, day)).toISOString().slice(0, 10);
    const byCode = k % 3 === 0;
    const addr = `浙江省东阳市${townName(i)}${villageName(j)}${1 + (k % 200)}号`;
    out(bundle, `${caseNo},,,${d},${byCode ? villageCode(i, j) : ''},${addr}\n`);
    ws.addRow([caseNo, null, null, d, byCode ? villageCode(i, j) : null, addr]).commit();
    out(copy, `${caseNo},${kind === '民初' ? 'civil' : 'criminal'},first,2024,${d},${villageCode(i, j)},${addr},${townCode(i)},${byCode ? 'code' : 'address'},true\n`);
  }
  await Promise.all([new Promise((r) => bundle.end(r)), new Promise((r) => copy.end(r))]);
  ws.commit();
  await wb.commit();
  return { bundle: bundleDir, copyFile, xlsx };
}

export async function copyBaseline(database: Database, file: string): Promise<number> {
  await database.query(`drop table if exists court_cases_copy`);
  await database.query(`create table court_cases_copy (like court_cases including all)`);
  const cols = 'case_no, kind, instance, year, filed_on, defendant_region_code, defendant_address, town_code, match_status, imported';
  const t0 = performance.now();
  if (database.engine === 'postgres') {
    await database.query(`copy court_cases_copy (${cols}) from '${file.replace(/'/g, "''")}' with (format csv, header true)`);
  } else {
    const client = (database.db as unknown as { $client: { query(q: string, p: unknown[], o: { blob: Blob }): Promise<unknown> } }).$client;
    const blob = new Blob([fs.readFileSync(file)]);
    await client.query(`copy court_cases_copy (${cols}) from '/dev/blob' with (format csv, header true)`, [], { blob });
  }
  const ms = performance.now() - t0;
  await database.query(`drop table court_cases_copy`);
  return ms;
}

/** A garbage collection on demand, so the sampled heap is what the import keeps alive, not garbage. */
function gcFn(): () => void {
  if (typeof global.gc === 'function') return global.gc;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/**
 * Imports a bundle, sampling memory: `forceGc` measures the live heap (a collection before each sample, which
 * slows the import), otherwise heap and RSS are read as they are (free, for the timed run).
 */
async function timedImport(database: Database, bundle: string, forceGc: boolean): Promise<{ ms: number; heapMb: number; rssMb: number; matched: Record<string, number> }> {
  const gc = gcFn();
  gc();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  const timer = setInterval(() => {
    if (forceGc) gc();
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  }, forceGc ? 250 : 100);
  const t0 = performance.now();
  const report = await importBundle(database, { actor: systemActor(), requestId: 'bench' }, await openBundlePath(bundle), { dryRun: false, cipher: new Cipher('bench'), maxChanges: 0, maxWarnings: 100 });
  const ms = performance.now() - t0;
  clearInterval(timer);
  if (!report.ok) throw new Error(`import failed: ${report.errors.slice(0, 3).map((e) => e.reason).join('; ')}`);
  const matched = Object.fromEntries(
    (await database.query<{ s: string; n: number }>(`select match_status as s, count(*)::int as n from court_cases group by 1 order by 1`)).map((r) => [r.s, r.n]),
  );
  return { ms, heapMb: (peakHeap - base.heapUsed) / 1048576, rssMb: (peakRss - base.rss) / 1048576, matched };
}

export async function benchImport(database: Database, opts: BenchImportOptions = {}): Promise<BenchImportResult> {
  const n = opts.rows ?? 100_000;
  const towns = opts.towns ?? 20;
  const villages = opts.villagesPerTown ?? 20;
  const log = opts.log ?? (() => {});
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wusong-bench-import-'));
  fs.chmodSync(dir, 0o755); // the PostgreSQL server reads the COPY file
  const load = () => Math.round(os.loadavg()[0] * 100) / 100;
  const loadStart = load();
  log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);
  try {
    await setupRegions(database, towns, villages);
    const files = await writeFiles(dir, n, towns, villages);
    await new Promise((r) => setTimeout(r, 200));
    fs.chmodSync(files.copyFile, 0o644);
    const copyMs = await copyBaseline(database, files.copyFile);
    log(`COPY of ${n} rows: ${Math.round(copyMs)} ms`);
    const full = await timedImport(database, files.bundle, false);
    log(`import of ${n} rows (CSV): ${Math.round(full.ms)} ms = ${(full.ms / copyMs).toFixed(1)}× COPY (target ≤ 4×); ${JSON.stringify(full.matched)}`);
    // memory: the same rows as an .xlsx workbook, at half and at full size, into the emptied table
    let half: Awaited<ReturnType<typeof timedImport>> | null = null;
    if (opts.memoryCheck !== false) {
      const h = await writeFiles(dir, Math.floor(n / 2), towns, villages);
      await database.query(`delete from court_cases`);
      half = await timedImport(database, h.xlsx, true);
      log(`.xlsx of ${Math.floor(n / 2)} rows (${(fs.statSync(h.xlsx).size / 1048576).toFixed(1)} MB): ${Math.round(half.ms)} ms, peak extra heap ${half.heapMb.toFixed(1)} MB, rss ${half.rssMb.toFixed(1)} MB`);
    }
    await database.query(`delete from court_cases`);
    const x = await timedImport(database, files.xlsx, true);
    log(`.xlsx of ${n} rows (${(fs.statSync(files.xlsx).size / 1048576).toFixed(1)} MB): ${Math.round(x.ms)} ms, peak extra heap ${x.heapMb.toFixed(1)} MB, rss ${x.rssMb.toFixed(1)} MB (target under 50 MB)`);
    // the time a user waits: the same workbook again, without the collections the memory samples force
    await database.query(`delete from court_cases`);
    const xt = await timedImport(database, files.xlsx, false);
    log(`.xlsx of ${n} rows, timed (no forced collections): ${Math.round(xt.ms)} ms = ${(xt.ms / full.ms).toFixed(1)}× the CSV import`);
    log(`load average ${os.loadavg().map((v) => v.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);
    const ratio = full.ms / copyMs;
    const peak = Math.max(x.heapMb, x.rssMb);
    return {
      engine: database.engine,
      rows: n,
      copyMs: Math.round(copyMs),
      importMs: Math.round(full.ms),
      ratio: Math.round(ratio * 10) / 10,
      target: 4,
      passed: ratio <= 4,
      rowsPerSecond: Math.round((n / full.ms) * 1000),
      xlsxImportMs: Math.round(xt.ms),
      memory: {
        halfHeapMb: half ? Math.round(half.heapMb) : undefined,
        heapMb: Math.round(x.heapMb),
        halfRssMb: half ? Math.round(half.rssMb) : undefined,
        rssMb: Math.round(x.rssMb),
        target: 50,
        passed: peak < 50,
      },
      matched: full.matched,
      load: { start: loadStart, end: load(), cores: os.cpus().length },
    };
  } finally {
    if (!opts.dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

// run alone
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { createDb } = await import('../server/db/client.ts');
  const url = process.env.BENCH_PG_URL;
  let database: Database;
  let drop: () => Promise<void>;
  if (url) {
    const pg = (await import('pg')).default;
    const name = `wusong_bench_import_${Date.now()}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    database = await createDb({ databaseUrl: u.toString() });
    drop = async () => {
      await database.close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wusong-bench-'));
    database = await createDb({ dataDir: dir, lock: false });
    drop = async () => {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    const r = await benchImport(database, { rows: Number(process.env.BENCH_ROWS ?? 100_000), log: (s) => console.log(`  ${s}`) });
    console.log(JSON.stringify(r));
  } finally {
    await drop();
  }
}
