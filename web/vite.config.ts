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

// `npm run build` → web/dist (served by the API server with an SPA fallback);
// `npm run dev:web` → hot reload on :5173 with /api proxied to a running server on :3000.
export default defineConfig({
  root: here,
  plugins: [react(), precompress()],
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // the public progress page (一案一码) is its own light entry: no React, no antd
      input: { main: path.join(here, 'index.html'), progress: path.join(here, 'progress.html') },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
    // the web shares the rules in ../core (dictionaries, roles, regions, dispute flow)
    fs: { allow: [path.resolve(here, '..')] },
  },
});
