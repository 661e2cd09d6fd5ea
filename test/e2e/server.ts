/**
 * Browser-test infrastructure: a real server on a free port over a fresh test database, serving the built
 * web app, and a headless Chromium.
 *
 *   let s: E2EServer; let browser: Browser;
 *   beforeAll(async () => { s = await startE2EServer(); browser = await launchBrowser(); });
 *   afterAll(async () => { await browser?.close(); await s?.close(); });
 *   const page = await newPage(browser, s, 'phone');   // or 'desktop'
 *   await loginAs(page, 'admin');
 *
 * The web app is built once per source state into a private folder (keyed by a hash of web/ and core/),
 * never into web/dist: several people and test runs share this checkout, and rebuilding a folder a running
 * server serves from would break its pages mid-test. Builds are serialised with a lock; a build of the same
 * sources is reused across runs.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import type { Database } from '../../server/db/client.ts';
import { Cipher } from '../../server/secret.ts';
import { ensureAdmin } from '../../server/modules/users/service.ts';
import { createTestDb, PASSWORD, TEST_SECRET } from '../helpers.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** What the web build depends on (the same inputs scripts/ensure-web.js watches, plus the build config). */
const SOURCES = ['web/src', 'web/public', 'web/index.html', 'web/progress.html', 'web/vite.config.ts', 'core'];

function sourceHash(): string {
  const h = crypto.createHash('sha256');
  const walk = (p: string) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const f of fs.readdirSync(p).sort()) {
        if (!f.endsWith('.test.ts')) walk(path.join(p, f));
      }
    } else h.update(path.relative(ROOT, p)).update('\0').update(fs.readFileSync(p));
  };
  for (const s of SOURCES) walk(path.join(ROOT, s));
  h.update('\0NODE_ENV=production'); // builds made before the mode was pinned (development React under vitest) are not reused
  return h.digest('hex').slice(0, 16);
}

let builtDir: string | null = null;

/** Builds the web app (once per source state) and returns the folder holding index.html and assets/. */
export function ensureWebBuild(): string {
  if (builtDir && fs.existsSync(path.join(builtDir, 'index.html'))) return builtDir;
  const dir = path.join(os.tmpdir(), `wusong-e2e-web-${sourceHash()}`);
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    // flock serialises concurrent test files; the second one finds the folder ready
    const script = `test -f "${dir}/index.html" || { rm -rf "${dir}.tmp" && npx vite build --config web/vite.config.ts --logLevel warn --outDir "${dir}.tmp" --emptyOutDir && mv "${dir}.tmp" "${dir}"; }`;
    // a production build, as users get it: vitest sets NODE_ENV=test, with which Vite would bundle development
    // React (twice the size, and no service worker, which main.tsx registers in production builds only)
    const env = { ...process.env, NODE_ENV: 'production' };
    const r = spawnSync('flock', [path.join(os.tmpdir(), 'wusong-e2e-web.lock'), 'sh', '-c', script], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'], timeout: 300_000 });
    if (r.status !== 0) throw new Error(`web build failed (exit ${r.status ?? r.signal})`);
  }
  builtDir = dir;
  return dir;
}

export interface E2EServer {
  baseUrl: string;
  database: Database;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** A fresh test database with `admin` / PASSWORD, served with the web app on 127.0.0.1 and a free port. */
export async function startE2EServer(): Promise<E2EServer> {
  const webDist = ensureWebBuild();
  const db = await createTestDb();
  await ensureAdmin(db.database, PASSWORD);
  const app = await buildApp({ database: db.database, cipher: new Cipher(TEST_SECRET), serveWeb: true, webDist });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    database: db.database,
    app,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

/** Headless Debian Chromium driven by playwright-core. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/**
 * A page in a fresh browser context (own cookies) at desktop or phone size, failing on uncaught page errors
 * and on anything the Content-Security-Policy blocked.
 */
export async function newPage(browser: Browser, server: E2EServer, size: keyof typeof VIEWPORTS): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    viewport: VIEWPORTS[size],
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    isMobile: size === 'phone',
    hasTouch: size === 'phone',
    // no animations: a click on a dialog still zooming in (slow CI machines) is lost; the app honours this setting
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  // an API answer the test did not expect is the first thing to read when a browser test fails in CI
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url().includes('/api/') && !r.url().endsWith('/api/me')) {
      void r.text().then(
        (body) => process.stderr.write(`[e2e] ${r.request().method()} ${new URL(r.url()).pathname} → ${r.status()} ${body.slice(0, 300)}\n`),
        () => undefined,
      );
    }
  });
  return { page, context, errors };
}

/** Fills the login form and waits until the app has left the login page. */
export async function loginAs(page: Page, username: string, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Chooses an option of the antd Select labelled `label`. */
export async function pick(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
}
