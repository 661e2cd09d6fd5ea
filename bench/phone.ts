/**
 * Phone speed (issue 18.2): how soon a grid worker's intake form is usable on a township's phone — Chromium with
 * the network at 1.6 Mbps down / 750 kbps up / 150 ms round trip and the CPU slowed 4×, 390×844 px.
 *
 * Two pages: the grid worker's light intake page /field (React only, its own small stylesheet: the main figure)
 * and the app's intake page /disputes/new (the antd SPA; still reachable for every role).
 * "Usable" (time to interactive, here): from the start of the navigation until the form's first free-text field
 * (纠纷简要情况; the fields above it are pickers) is visible and enabled and a typed character shows in it.
 *   cold  a fresh browser context (empty HTTP cache, no service worker), signed in through the API only;
 *   warm  the same context a second time (HTTP cache and the service worker in place), a full page load.
 * Targets: ≤ 4 s cold, ≤ 1.5 s warm. Prints each run, the median, and what the cold load transferred.
 *
 *   node --import tsx bench/phone.ts [--runs 3] [--page field|app|both]   (default both)
 *   npm run bench -- --scenario phone --engine embedded
 * To see where the time goes: PHONE_TRACE=1 prints each run's requests as they finish; PHONE_CPU=1 and
 * PHONE_NET=0 take the CPU slowdown or the network emulation away (the same machine without a phone's limits).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { buildApp } from '../server/app.ts';
import { createDb, type Database } from '../server/db/client.ts';
import { Cipher } from '../server/secret.ts';
import { createUser } from '../server/modules/users/service.ts';
import { seedTree, TREE } from '../test/factories.ts';
import { sysCtx } from '../test/helpers.ts';
import { ensureWebBuild, launchBrowser } from '../test/e2e/server.ts';

const PASSWORD = 'Bench-Phone-2026';
const USER = 'bench_grid';
const TARGET = { cold: 4000, warm: 1500 };
/** Chrome DevTools' figures for the link the issue names */
const NETWORK = { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 750_000 / 8 };
const CPU_SLOWDOWN = Number(process.env.PHONE_CPU || 4);

interface Run {
  ms: number;
  /** bytes over the (emulated) network during the load, as encoded (compressed) */
  bytes: number;
  requests: number;
}

async function throttle(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (process.env.PHONE_NET !== '0') await cdp.send('Network.emulateNetworkConditions', NETWORK);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    requests++;
  });
  if (process.env.PHONE_PROFILE) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  }
  return {
    cdp,
    reset() {
      bytes = 0;
      requests = 0;
    },
    totals: () => ({ bytes, requests }),
  };
}

/** The pages measured: the light intake page (the main figure) and the app's. */
export const PAGES = {
  field: { address: '/field', title: 'light intake page (/field, the grid worker’s)' },
  app: { address: '/disputes/new', title: 'app intake page (/disputes/new, antd SPA)' },
} as const;
export type PageName = keyof typeof PAGES;

/** Opens the intake form at `address` and returns when its first text field takes typing. */
async function openIntake(page: Page, address: string): Promise<number> {
  const t0 = performance.now();
  if (process.env.PHONE_TRACE) {
    page.removeAllListeners('requestfinished');
    page.on('requestfinished', (r) => { const u = new URL(r.url()); if (!u.pathname.startsWith('/assets/') || /Intake|main|index|preload|vendor|field|react/.test(u.pathname)) console.log(`  ${(performance.now() - t0).toFixed(0).padStart(6)} ms  ${u.pathname}${u.search}`); });
    page.removeAllListeners('request');
    page.on('request', (r) => { const u = new URL(r.url()); if (u.pathname.startsWith('/api/')) console.log(`  ${(performance.now() - t0).toFixed(0).padStart(6)} ms  → ${u.pathname}${u.search}`); });
    page.once('domcontentloaded', () => console.log(`  ${(performance.now() - t0).toFixed(0).padStart(6)} ms  DOMContentLoaded`));
    page.once('load', () => console.log(`  ${(performance.now() - t0).toFixed(0).padStart(6)} ms  load`));
  }
  await page.goto(address, { waitUntil: 'commit' });
  // the form's first free-text field (the ones above it are pickers: place, date, channel, category)
  const field = page.getByLabel('纠纷简要情况');
  await field.waitFor({ state: 'visible', timeout: 60_000 });
  if (process.env.PHONE_TRACE) console.log(`  ${(performance.now() - t0).toFixed(0).padStart(6)} ms  field visible`);
  for (;;) {
    if (performance.now() - t0 > 60_000) throw new Error('the intake form did not take typing within 60 s');
    if (await field.isEnabled()) {
      await field.pressSequentially('网', { timeout: 60_000 });
      if ((await field.inputValue()).includes('网')) break;
    }
    await page.waitForTimeout(20);
  }
  const ms = performance.now() - t0;
  await field.fill('');
  return ms;
}

interface TraceEvent { name: string; ph: string; pid: number; tid: number; dur?: number }
interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }

/**
 * PHONE_PROFILE=dir: a CPU profile of each load (open it in Chromium's DevTools, Performance tab), and the ten
 * places with the most own time printed, to see what a slowed phone spends its CPU on.
 */
async function profiled(page: Page, cdp: CDPSession, name: string, load: () => Promise<number>): Promise<number> {
  const dir = process.env.PHONE_PROFILE;
  if (!dir) return load();
  await cdp.send('Profiler.start');
  const browser = page.context().browser()!;
  await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'blink', 'disabled-by-default-devtools.timeline'] });
  const ms = await load();
  const events = (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  // the renderer's main thread: the thread that ran the most top-level tasks
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask');
  const counts = new Map<string, number>();
  for (const t of tasks) counts.set(`${t.pid}:${t.tid}`, (counts.get(`${t.pid}:${t.tid}`) ?? 0) + (t.dur ?? 0));
  const main = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const kinds = new Map<string, number>();
  for (const e of events) {
    if (e.ph !== 'X' || `${e.pid}:${e.tid}` !== main || !e.dur) continue;
    if (/^(ParseAuthorStyleSheet|UpdateLayoutTree|Layout|Paint|EvaluateScript|v8\.compile|v8\.compileModule|v8\.evaluateModule|FunctionCall|ParseHTML|CompositeLayers|PrePaint|Commit|v8\.parseOnBackground|V8\.GCFinalizeMC|MinorGC|MajorGC|TimerFire|EventDispatch|v8\.produceModuleCache|v8\.run|RunMicrotasks|HitTest|ScheduleStyleRecalculation|UpdateLayerTree|Decode Image|v8\.deserializeOnBackground)$/.test(e.name))
      kinds.set(e.name, (kinds.get(e.name) ?? 0) + e.dur / 1000);
  }
  console.log(`  ${name}: main thread, inclusive ms by event (nested events count in each)`);
  for (const [k, v] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 14)) console.log(`    ${v.toFixed(0).padStart(6)}  ${k}`);
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 12);
  console.log(`  ${name}: own time (ms of the slowed clock)`);
  for (const [k, v] of top) console.log(`    ${v.toFixed(0).padStart(6)}  ${k}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Serves the built web app over `database` (given a town tree and a grid worker here) and measures each page. */
export async function benchPhone(database: Database, opts: { runs?: number; pages?: PageName[]; log?: (s: string) => void } = {}) {
  const runs = opts.runs ?? 3;
  const pages = opts.pages ?? (['field', 'app'] as PageName[]);
  const log = opts.log ?? console.log;
  const dist = ensureWebBuild();
  await seedTree(database);
  await createUser(database, sysCtx(), { username: USER, name: '网格员（测速）', password: PASSWORD, bindings: [{ role: 'grid_worker', regionCode: TREE.gridA1 }] });
  const app = await buildApp({ database, cipher: new Cipher('bench-phone-secret-0123456789abcdef'), serveWeb: true, webDist: dist });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await launchBrowser();
  const results: Partial<Record<PageName, { coldMs: number; warmMs: number; coldKb: number; warmKb: number }>> = {};
  const tables: string[][] = [];
  try {
    for (const name of pages) {
      const { address, title } = PAGES[name];
      const cold: Run[] = [];
      const warm: Run[] = [];
      log(`${title}:`);
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ baseURL: base, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
        // signed in through the API: the cookie only, nothing of the app in the cache yet
        const login = await context.request.post('/api/auth/login', { data: { username: USER, password: PASSWORD } });
        if (!login.ok()) throw new Error(`login failed: ${login.status()} ${await login.text()}`);
        const page = await context.newPage();
        const net = await throttle(context, page);
        cold.push({ ms: await profiled(page, net.cdp, `${name}-cold-${i + 1}`, () => openIntake(page, address)), ...net.totals() });
        // the user comes back later: the service worker has installed meanwhile
        await page.evaluate(() => navigator.serviceWorker?.ready.then(() => undefined));
        await page.waitForLoadState('networkidle');
        await page.goto('about:blank');
        net.reset();
        warm.push({ ms: await profiled(page, net.cdp, `${name}-warm-${i + 1}`, () => openIntake(page, address)), ...net.totals() });
        log(`  run ${i + 1}: cold ${secs(cold[i].ms)} (${(cold[i].bytes / 1024).toFixed(0)} kB in ${cold[i].requests} requests), warm ${secs(warm[i].ms)} (${(warm[i].bytes / 1024).toFixed(0)} kB in ${warm[i].requests} requests)`);
        await context.close();
      }
      const row = (label: string, xs: Run[], target: number) => {
        const m = median(xs.map((r) => r.ms));
        return `${label.padEnd(22)}${xs.map((r) => secs(r.ms).padStart(9)).join('')}${secs(m).padStart(10)}   ≤ ${(target / 1000).toFixed(1)} s  ${m <= target ? 'within' : 'OVER'}`;
      };
      tables.push([
        `${title}: usable on the phone`,
        `${''.padEnd(22)}${Array.from({ length: runs }, (_, i) => `run ${i + 1}`.padStart(9)).join('')}${'median'.padStart(10)}   target`,
        row('cold (empty cache)', cold, TARGET.cold),
        row('warm (second visit)', warm, TARGET.warm),
        `cold load transferred ${(median(cold.map((r) => r.bytes)) / 1024).toFixed(0)} kB (median); warm ${(median(warm.map((r) => r.bytes)) / 1024).toFixed(0)} kB`,
      ]);
      results[name] = {
        coldMs: Math.round(median(cold.map((r) => r.ms))),
        warmMs: Math.round(median(warm.map((r) => r.ms))),
        coldKb: Math.round(median(cold.map((r) => r.bytes)) / 1024),
        warmKb: Math.round(median(warm.map((r) => r.bytes)) / 1024),
      };
    }
  } finally {
    await browser.close();
    await app.close();
  }
  log(`phone: 390×844, ${(NETWORK.downloadThroughput * 8) / 1e6} Mbps down / ${(NETWORK.uploadThroughput * 8) / 1000} kbps up / ${NETWORK.latency} ms RTT, CPU ${CPU_SLOWDOWN}× slower`);
  for (const t of tables) {
    log('');
    for (const l of t) log(l);
  }
  // the main figure: the grid worker's page (the light one when measured)
  const main = results.field ?? results.app!;
  return { ...main, pages: results, target: TARGET };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, page: { type: 'string', default: 'both' } } });
  if (!['field', 'app', 'both'].includes(values.page)) throw new Error('--page takes field, app or both');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wusong-phone-'));
  const database = await createDb({ dataDir });
  try {
    await benchPhone(database, { runs: Number(values.runs), pages: values.page === 'both' ? ['field', 'app'] : [values.page as PageName] });
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
