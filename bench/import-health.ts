/**
 * Does the site keep answering while a large web import runs? (issue 12.6) Uploads a 100k-row
 * court_cases.csv through POST /api/exchange/imports, polls GET /api/health every 50 ms while the job is
 * checked and then committed, and prints the worst and median health latency of each phase (target: the
 * worst under 1 s). Loopback only; bounded (gives up after 15 minutes).
 *
 * Run:  node --import tsx bench/import-health.ts                  (embedded, in a temporary folder)
 *       BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/wusong_bench_health node --import tsx bench/import-health.ts
 *       BENCH_ROWS=20000 … for a shorter run
 *       BENCH_FORMAT=xlsx … uploads the same rows as one .xlsx workbook (sheet court_cases) instead
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { buildApp } from '../server/app.ts';
import { createDb } from '../server/db/client.ts';
import { Cipher } from '../server/secret.ts';
import { ensureAdmin } from '../server/modules/users/service.ts';
import ExcelJS from 'exceljs';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const LIMIT_MS = 15 * 60_000;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wusong-bench-health-'));
const database = process.env.BENCH_PG_URL ? await createDb({ databaseUrl: process.env.BENCH_PG_URL }) : await createDb({ dataDir: dir, lock: false });
await ensureAdmin(database, 'Bench12345x');
const app = await buildApp({ database, cipher: new Cipher('bench') });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api`;
const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Bench12345x' }) });
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];

const XLSX = process.env.BENCH_FORMAT === 'xlsx';
const fd = new FormData();
if (XLSX) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('court_cases');
  ws.addRow(['case_no', 'filed_on', 'defendant_address']);
  for (let i = 0; i < ROWS; i++) ws.addRow([`(2023)浙0782民初${i + 1}号`, '2023-05-01', `某镇某村${i}号`]);
  fd.append('file', new Blob([(await wb.xlsx.writeBuffer()) as ArrayBuffer]), 'court_cases.xlsx');
} else {
  const lines = ['case_no,filed_on,defendant_address'];
  for (let i = 0; i < ROWS; i++) lines.push(`(2023)浙0782民初${i + 1}号,2023-05-01,某镇某村${i}号`);
  fd.append('file', new Blob([lines.join('\n')]), 'court_cases.csv');
}

type JobState = { id: string; status: string; phase: string; error: string | null; report: { ok: boolean; totals: Record<string, number> } | null };
const job = async (id: string) => (await (await fetch(`${base}/exchange/imports/${id}`, { headers: { cookie } })).json()) as JobState;

/**
 * The health checks run in a worker thread: this process also runs the server, so a check made from the
 * main thread could not start while the server blocks it, and the block would go unmeasured.
 */
const poller = new Worker(
  `const { parentPort, workerData } = require('node:worker_threads');
   const samples = [];
   let stop = false;
   parentPort.on('message', () => { stop = true; });
   (async () => {
     while (!stop) {
       const s = Date.now();
       try { const h = await fetch(workerData + '/health'); samples.push([s, Date.now() - s, h.status]); } catch { samples.push([s, Date.now() - s, 0]); }
       await new Promise((r) => setTimeout(r, 50));
     }
     parentPort.postMessage(samples);
   })();`,
  { eval: true, workerData: base },
);
const samples = new Promise<[number, number, number][]>((resolve) => poller.once('message', resolve));

/** Polls the job until it stops running; returns the time window of the phase. */
async function watch(id: string) {
  const t0 = Date.now();
  for (;;) {
    const j = await job(id);
    if (j.status === 'done' || j.status === 'failed' || Date.now() - t0 > LIMIT_MS) return { j, from: t0, to: Date.now() };
    await new Promise((r) => setTimeout(r, 50));
  }
}

const show = (name: string, all: [number, number, number][], r: { from: number; to: number }) => {
  // a check counts for the phase when it was under way during it
  const lat = all.filter(([s, ms]) => s + ms >= r.from && s <= r.to);
  const sorted = lat.map(([, ms]) => ms).sort((a, b) => a - b);
  const bad = lat.filter(([, , st]) => st !== 200).length;
  console.log(`${name}: ${((r.to - r.from) / 1000).toFixed(1)} s, ${sorted.length} health checks, worst ${sorted.at(-1)} ms, median ${sorted[Math.floor(sorted.length / 2)]} ms${bad ? `, ${bad} not 200` : ''}`);
};

try {
  console.log(`engine ${database.engine}, ${ROWS} rows, ${XLSX ? 'xlsx' : 'csv'}`);
  const up = await fetch(`${base}/exchange/imports`, { method: 'POST', headers: { cookie }, body: fd });
  const { id } = (await up.json()) as { id: string };
  const checked = await watch(id);
  if (!checked.j.report?.ok) throw new Error(`check failed: ${checked.j.error ?? JSON.stringify(checked.j.report?.totals)}`);
  await fetch(`${base}/exchange/imports/${id}/commit`, { method: 'POST', headers: { cookie } });
  const committed = await watch(id);
  poller.postMessage('stop');
  const all = await samples;
  show('check', all, checked);
  show('commit', all, committed);
  console.log(`result: ${committed.j.status}, ${JSON.stringify(committed.j.report?.totals)}`);
} finally {
  await poller.terminate();
  await app.close();
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
