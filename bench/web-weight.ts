/**
 * Transfer weight of the web app (issue 18.1): what the browser downloads as JavaScript for
 *   1. the public progress page (一案一码, its own light entry; budget 60 kB compressed),
 *   2. the first visit of the login page plus the workbench after signing in (budget 350 kB compressed);
 *   3. the grid worker's light intake page /field, signed in (its own entry, React only). Its budget is ours, not the
 *      issue's: React itself is 66 kB gzip, and the page must stay a fraction of the app's first load.
 * Builds the web app (once per source state, as the browser tests do), serves it over an empty embedded
 * database, loads the pages in Chromium and sums the gzip and brotli sizes of every script it fetched
 * (the .gz/.br files the build writes and the server sends).
 *
 *   node --import tsx bench/web-weight.ts            (--files: list every script fetched, largest first)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../server/app.ts';
import { createDb } from '../server/db/client.ts';
import { Cipher } from '../server/secret.ts';
import { ensureAdmin } from '../server/modules/users/service.ts';
import { ensureWebBuild, launchBrowser } from '../test/e2e/server.ts';

const BUDGET = { progress: 60 * 1024, workbench: 350 * 1024, field: 100 * 1024 };
const PASSWORD = 'Bench-Weight-2026';

const dist = ensureWebBuild();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wusong-web-weight-'));
const database = await createDb({ dataDir });
await ensureAdmin(database, PASSWORD);
const app = await buildApp({ database, cipher: new Cipher('bench-web-weight-secret-0123456789'), serveWeb: true, webDist: dist });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const browser = await launchBrowser();

const size = (file: string, ext: '' | '.gz' | '.br') => {
  const p = path.join(dist, file + ext);
  return fs.existsSync(p) ? fs.statSync(p).size : fs.statSync(path.join(dist, file)).size; // tiny files are not precompressed
};
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

async function scripts(visit: (page: import('playwright-core').Page) => Promise<void>) {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const seen = new Map<string, string | undefined>();
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (u.pathname.endsWith('.js')) seen.set(u.pathname.slice(1), r.headers()['content-encoding']);
  });
  await visit(page);
  await page.waitForLoadState('networkidle');
  await context.close();
  const files = [...seen.keys()];
  return {
    files: files.length,
    raw: files.reduce((s, f) => s + size(f, ''), 0),
    gzip: files.reduce((s, f) => s + size(f, '.gz'), 0),
    brotli: files.reduce((s, f) => s + size(f, '.br'), 0),
    sent: [...new Set(seen.values())].join('/') || 'none',
    biggest: files.sort((a, b) => size(b, '.gz') - size(a, '.gz')).slice(0, process.argv.includes('--files') ? files.length : 5).map((f) => `${f.replace(/^assets\//, '')} ${kb(size(f, '.gz'))}`),
  };
}

try {
  const progress = await scripts(async (page) => {
    await page.goto('/progress');
    await page.getByLabel('查询码').waitFor();
  });
  const workbench = await scripts(async (page) => {
    await page.goto('/login');
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.getByText('工作台').first().waitFor();
  });
  const field = await scripts(async (page) => {
    const login = await page.request.post('/api/auth/login', { data: { username: 'admin', password: PASSWORD } });
    if (!login.ok()) throw new Error(`login failed: ${login.status()}`);
    await page.goto('/field');
    await page.locator('main.page').waitFor();
  });
  for (const [name, r, budget] of [
    ['progress page (一案一码)', progress, BUDGET.progress],
    ['login + workbench', workbench, BUDGET.workbench],
    ['light intake page (/field)', field, BUDGET.field],
  ] as const) {
    console.log(`${name}: ${r.files} scripts, raw ${kb(r.raw)}, gzip ${kb(r.gzip)}, brotli ${kb(r.brotli)} (sent with content-encoding ${r.sent}); budget ${kb(budget)} → ${r.gzip <= budget ? 'within' : 'OVER'}`);
    console.log(`  largest (gzip): ${r.biggest.join(', ')}`);
  }
} finally {
  await browser.close();
  await app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
