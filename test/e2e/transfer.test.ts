// Issue 18.1: the built web app travels compressed (brotli or gzip, written at build time), hashed assets are
// kept a year, the pages are asked for again, and the public progress page is its own light entry.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { Cipher } from '../../server/secret.ts';
import { createTestDb, TEST_SECRET, type TestDb } from '../helpers.ts';
import { ensureWebBuild } from './server.ts';

let dist: string;
let db: TestDb;
let app: FastifyInstance;
beforeAll(async () => {
  dist = ensureWebBuild();
  db = await createTestDb();
  app = await buildApp({ database: db.database, cipher: new Cipher(TEST_SECRET), serveWeb: true, webDist: dist });
}, 400_000);
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

const get = (url: string, encoding?: string) => app.inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });
const scriptsOf = (html: string) => [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);

describe('transfer weight (18.1)', () => {
  it('sends a hashed script as brotli or gzip as the browser accepts, kept a year, and plain to one that takes neither', async () => {
    const index = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
    const [main] = scriptsOf(index);
    expect(main).toMatch(/^assets\/.+-[\w-]{8}\.js$/);
    const raw = fs.readFileSync(path.join(dist, main));

    const br = await get(`/${main}`, 'gzip, deflate, br');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['vary']).toMatch(/accept-encoding/i);
    expect(String(br.headers['content-type'])).toMatch(/javascript/);
    expect(zlib.brotliDecompressSync(br.rawPayload).equals(raw)).toBe(true);
    expect(br.rawPayload.length).toBeLessThan(raw.length / 2);

    const gz = await get(`/${main}`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).equals(raw)).toBe(true);

    const plain = await get(`/${main}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.equals(raw)).toBe(true);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('asks for the pages again every time (index.html, the app’s routes, the progress page)', async () => {
    for (const url of ['/', '/index.html', '/disputes/new', '/login', '/progress', '/field']) {
      const r = await get(url, 'br, gzip');
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['cache-control'], url).toBe('no-cache');
      expect(String(r.headers['content-type']), url).toMatch(/text\/html/);
    }
    // an API answer is never stored
    expect((await get('/api/health')).headers['cache-control']).toBe('no-store');
  });

  it('serves the service worker at /sw.js, asked for again every time, listing the app shell it stores', async () => {
    const r = await get('/sw.js');
    expect(r.statusCode).toBe(200);
    expect(String(r.headers['content-type'])).toMatch(/^(application|text)\/javascript/);
    expect(r.headers['cache-control']).toBe('no-cache');
    const list = JSON.parse(/const PRECACHE = (\[.*?\]);/.exec(r.body)![1]) as string[];
    const index = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
    // the shell: index.html and every script and style index.html loads, and the grid worker's three pages
    expect(list).toContain('/index.html');
    for (const f of [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1])) expect(list).toContain(f);
    for (const page of ['IntakePage', 'DisputesPage', 'ScreeningPage']) expect(list.some((f) => f.startsWith(`/assets/${page}-`)), page).toBe(true);
    for (const f of list) expect(fs.existsSync(path.join(dist, f)), f).toBe(true);
    // a build's own version: a new build installs a new worker
    expect(r.body).toMatch(/const VERSION = "[0-9a-f]{12}";/);
  });

  it('serves the grid worker’s intake page /field compressed and asked for again, as its own entry: React only, no antd, router, react-query, dayjs or zod', async () => {
    const r = await get('/field', 'gzip, deflate, br');
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.headers['content-encoding']).toBe('br');
    expect(String(r.headers['content-type'])).toMatch(/text\/html/);
    const html = zlib.brotliDecompressSync(r.rawPayload).toString('utf8');
    expect(html).toBe(fs.readFileSync(path.join(dist, 'field.html'), 'utf8'));
    expect(html).toContain('id="field"');
    // its scripts: the entry and what it imports, each kept a year and sent compressed (but the tiniest)
    const scripts = scriptsOf(html);
    expect(scripts.some((f) => /^assets\/field-/.test(f))).toBe(true);
    for (const f of scripts) {
      const a = await get(`/${f}`, 'gzip');
      if (fs.statSync(path.join(dist, f)).size >= 512) expect(a.headers['content-encoding'], f).toBe('gzip');
      expect(a.headers['cache-control'], f).toBe('public, max-age=31536000, immutable');
    }
    expect(scripts.some((f) => /vendor|main-/.test(f))).toBe(false);
    const code = scripts.map((f) => fs.readFileSync(path.join(dist, f), 'utf8')).join('\n');
    expect(code).toMatch(/createRoot|__CLIENT_INTERNALS/);
    // marks of antd (its style cache, wave effect, icons), react-query and react-router (their messages), dayjs, zod
    expect(code).not.toMatch(/ant-cssinjs-cache|ant-wave-target|anticon|No QueryClient set|useNavigate\(\) may be used only|dayjs|ZodError|\$ZodType/);
    const styles = [...html.matchAll(/href="\/(assets\/[^"]+\.css)"/g)].map((m) => m[1]);
    expect(styles.length).toBe(1);
    expect(fs.statSync(path.join(dist, styles[0])).size).toBeLessThan(20 * 1024);
    // the service worker stores the page and its files
    const list = JSON.parse(/const PRECACHE = (\[.*?\]);/.exec((await get('/sw.js')).body)![1]) as string[];
    expect(list).toContain('/field.html');
    for (const f of [...scripts, ...styles]) expect(list, f).toContain(`/${f}`);
  });

  it('serves the public progress page as its own light entry: no React, no antd, ≤ 60 kB of script compressed', async () => {
    const r = await get('/progress?code=ABC', 'gzip');
    const html = r.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(r.rawPayload).toString('utf8') : r.body;
    expect(html).toContain('id="progress"');
    const scripts = scriptsOf(html);
    expect(scripts.length).toBeGreaterThan(0);
    const gzipped = scripts.reduce((s, f) => s + zlib.gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length, 0);
    expect(gzipped).toBeLessThanOrEqual(60 * 1024);
    const code = scripts.map((f) => fs.readFileSync(path.join(dist, f), 'utf8')).join('\n');
    expect(code).not.toMatch(/react-dom|__SECRET_INTERNALS|ant-btn/);
    expect(code).not.toMatch(/\bantd\b/);
  });
});
