import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Writes a .gz and a .br beside every text file of the build (issue 18.1): the server sends them as they are
 * (@fastify/static `preCompressed`), so a phone on a slow link downloads a quarter of the bytes and the server
 * spends no CPU compressing per request.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'wusong-precompress',
    apply: 'build',
    configResolved(c) {
      outDir = path.resolve(c.root, c.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const f of walk(outDir)) {
        if (!/\.(js|mjs|css|html|svg|json|webmanifest|txt)$/.test(f)) continue;
        const data = fs.readFileSync(f);
        if (data.length < 512) continue;
        fs.writeFileSync(`${f}.gz`, zlib.gzipSync(data, { level: 9 }));
        fs.writeFileSync(`${f}.br`, zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
      }
    },
  };
}

/** The pages a grid worker uses in the field, stored by the service worker at install so they open offline. */
const OFFLINE_PAGES = /features\/(disputes\/(IntakePage|DisputesPage)|screening\/ScreeningPage)\.tsx$/;

/**
 * Writes /sw.js (issue 18.1) from web/src/sw/sw.js with the build's list of files to store at install: index.html,
 * the main entry's scripts and styles, and the chunks of OFFLINE_PAGES with everything they import statically;
 * field.html and the field entry's files (the grid worker's light intake page, issue 18.2).
 * Lazily loaded parts are stored as they are first fetched. The version is a hash of that list, so every new
 * build installs a new worker and drops the old files.
 */
function serviceWorker(): Plugin {
  return {
    name: 'wusong-service-worker',
    apply: 'build',
    // after wusong-field-page-preload, whose script it stores too
    enforce: 'post',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const files = new Set<string>();
      const add = (fileName: string) => {
        const c = bundle[fileName];
        if (!c || c.type !== 'chunk' || files.has(fileName)) return;
        files.add(fileName);
        for (const css of c.viteMetadata?.importedCss ?? []) files.add(css);
        c.imports.forEach(add);
      };
      // the app, its field pages, and the grid worker's light intake page (field.html) with its own entry
      for (const c of chunks) if ((c.isEntry && (c.name === 'main' || c.name === 'field')) || (c.facadeModuleId && OFFLINE_PAGES.test(c.facadeModuleId))) add(c.fileName);
      for (const f of Object.keys(bundle)) if (/^assets\/preload-\w+\.js$/.test(f)) files.add(f);
      const precache = ['/index.html', '/field.html', '/favicon.svg', ...[...files].sort().map((f) => `/${f}`)];
      const version = crypto.createHash('sha256').update(precache.join('\n')).digest('hex').slice(0, 12);
      const source = fs
        .readFileSync(path.join(here, 'src/sw/sw.js'), 'utf8')
        .replace('self.__WUSONG_PRECACHE__', JSON.stringify(precache))
        .replace('self.__WUSONG_VERSION__', JSON.stringify(version));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

/** The field pages by address, for fieldPagePreload (main.tsx starts the same imports). */
const FIELD_PAGES: Record<string, RegExp> = {
  '/disputes/new': /features\/disputes\/IntakePage\.tsx$/,
  '/disputes': /features\/disputes\/DisputesPage\.tsx$/,
  '/screening': /features\/screening\/ScreeningPage\.tsx$/,
};

/**
 * The API answers a page needs first, asked for by the same early script (main.tsx prefetches the same ones, and
 * app/api.ts `apiFetch` takes these answers instead of asking again): who is signed in on every page but the login
 * page, and what the intake form's pickers list.
 */
const BOOT_API: Record<string, string[]> = {
  '/disputes/new': ['/api/regions', '/api/disputes/dictionaries'],
};

/**
 * index.html asks for a field page's chunks with the entry's (issue 18.2): a few lines of script add
 * `<link rel="modulepreload">` for the page's chunk and what it imports when the address is that page, so a phone
 * fetches them in parallel with the entry instead of after it has run; and it starts the first API requests
 * (BOOT_API) before the entry's large vendor chunk has arrived and run.
 */
function fieldPagePreload(): Plugin {
  return {
    name: 'wusong-field-page-preload',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const html = bundle['index.html'];
      if (!html || html.type !== 'asset') return;
      const entry = Object.values(bundle).find((c) => c.type === 'chunk' && c.isEntry && c.name === 'main');
      const initial = new Set<string>();
      const walk = (f: string, into: Set<string>) => {
        const c = bundle[f];
        if (!c || c.type !== 'chunk' || into.has(f)) return;
        into.add(f);
        c.imports.forEach((i) => walk(i, into));
      };
      if (entry) walk(entry.fileName, initial);
      const pages: Record<string, string[]> = {};
      for (const [address, test] of Object.entries(FIELD_PAGES)) {
        const page = Object.values(bundle).find((c) => c.type === 'chunk' && !!c.facadeModuleId && test.test(c.facadeModuleId));
        if (!page) continue;
        const files = new Set<string>();
        walk(page.fileName, files);
        pages[address] = [...files].filter((f) => !initial.has(f)).map((f) => `/${f}`);
      }
      // a file, not inline: the server's Content-Security-Policy (script-src 'self') refuses inline scripts;
      // `async`, so it runs as soon as it arrives, long before the entry's large vendor chunk has
      const code =
        `(function(p,a){var k=location.pathname.replace(/\\/$/,'')||'/';` +
        `(p[k]||[]).forEach(function(h){var l=document.createElement('link');l.rel='modulepreload';l.crossOrigin='';l.href=h;document.head.appendChild(l)});` +
        `if(k==='/login'||!window.fetch)return;var b=window.__wusongBoot={};` +
        `['/api/me'].concat(a[k]||[]).forEach(function(u){var f=fetch(u,{credentials:'same-origin',headers:{accept:'application/json'}});f.catch(function(){});b[u]=f})` +
        `})(${JSON.stringify(pages)},${JSON.stringify(BOOT_API)});\n`;
      const fileName = `assets/preload-${crypto.createHash('sha256').update(code).digest('hex').slice(0, 8)}.js`;
      this.emitFile({ type: 'asset', fileName, source: code });
      html.source = String(html.source).replace('</title>', `</title>\n    <script async src="/${fileName}"></script>`);
    },
  };
}

// `npm run build` → web/dist (served by the API server with an SPA fallback);
// `npm run dev:web` → hot reload on :5173 with /api proxied to a running server on :3000.
export default defineConfig({
  root: here,
  plugins: [react(), fieldPagePreload(), serviceWorker(), precompress()],
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // the public progress page (一案一码) is its own light entry: no React, no antd; the grid worker's intake
      // page (/field, issue 18.2) too: React only, no antd, router or react-query
      input: { main: path.join(here, 'index.html'), progress: path.join(here, 'progress.html'), field: path.join(here, 'field.html') },
      output: {
        // few chunks instead of ~150 (issue 18.2): on a phone's link every level of the import waterfall costs a
        // round trip, and on a second visit each file still passes through the service worker
        codeSplitting: {
          groups: [
            // React itself: the light intake page (/field) loads it without the rest of the vendor chunk (antd etc.)
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 5 },
            // the charts (echarts, zrender): only the pages that draw one load them
            { name: 'charts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 4 },
            // what every signed-in page runs (react, antd's core, router, react-query): one file
            { name: 'vendor', test: /node_modules[\\/]/, tags: ['$initial'], priority: 3 },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
    // the web shares the rules in ../core (dictionaries, roles, regions, dispute flow)
    fs: { allow: [path.resolve(here, '..')] },
  },
});
