/**
 * Does the site keep answering while a large web import runs? (issue 12.6) Uploads a 100k-row
 * court_cases.csv through POST /api/exchange/imports, polls GET /api/health every 50 ms while the job is
 * checked and then committed, and prints the worst and median health latency of each phase (target: the
 * worst under 1 s). Loopback only; bounded (gives up after 15 minutes).
 *
 * Run:  node --import tsx bench/import-health.ts                  (embedded, in a temporary folder)
 *       BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/wusong_bench_health node --import tsx bench/import-health.ts
 *       BENCH_ROWS=20000 … for a shorter run
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../server/app.ts';
import { createDb } from '../server/db/client.ts';
import { Cipher } from '../server/secret.ts';
import { ensureAdmin } from '../server/modules/users/service.ts';

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

const lines = ['case_no,filed_on,defendant_address'];
for (let i = 0; i < ROWS; i++) lines.push(`(2023)浙0782民初${i + 1}号,2023-05-01,某镇某村${i}号`);
const fd = new FormData();
fd.append('file', new Blob([lines.join('\n')]), 'court_cases.csv');

type JobState = { id: string; status: string; phase: string; error: string | null; report: { ok: boolean; totals: Record<string, number> } | null };
const job = async (id: string) => (await (await fetch(`${base}/exchange/imports/${id}`, { headers: { cookie } })).json()) as JobState;

/** Health latencies while the job is in `phase`, until it stops running. */
async function watch(id: string, phase: string) {
  const lat: number[] = [];
  const t0 = Date.now();
  for (;;) {
    const s = Date.now();
    const h = await fetch(`${base}/health`);
    lat.push(Date.now() - s);
    if (h.status !== 200) console.log(`health answered ${h.status}`);
    const j = await job(id);
    if (j.status === 'done' || j.status === 'failed' || Date.now() - t0 > LIMIT_MS) return { j, lat, ms: Date.now() - t0 };
    if (j.phase !== phase) continue;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const show = (name: string, r: { lat: number[]; ms: number }) => {
  const sorted = [...r.lat].sort((a, b) => a - b);
  console.log(`${name}: ${(r.ms / 1000).toFixed(1)} s, ${sorted.length} health checks, worst ${sorted.at(-1)} ms, median ${sorted[Math.floor(sorted.length / 2)]} ms`);
};

try {
  console.log(`engine ${database.engine}, ${ROWS} rows`);
  const up = await fetch(`${base}/exchange/imports`, { method: 'POST', headers: { cookie }, body: fd });
  const { id } = (await up.json()) as { id: string };
  const checked = await watch(id, 'validate');
  show('check', checked);
  if (!checked.j.report?.ok) throw new Error(`check failed: ${checked.j.error ?? JSON.stringify(checked.j.report?.totals)}`);
  await fetch(`${base}/exchange/imports/${id}/commit`, { method: 'POST', headers: { cookie } });
  const committed = await watch(id, 'commit');
  show('commit', committed);
  console.log(`result: ${committed.j.status}, ${JSON.stringify(committed.j.report?.totals)}`);
} finally {
  await app.close();
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
