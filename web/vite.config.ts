import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));

// `npm run build` → web/dist (served by the API server with an SPA fallback);
// `npm run dev:web` → hot reload on :5173 with /api proxied to a running server on :3000.
export default defineConfig({
  root: here,
  plugins: [react()],
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
    // the web shares the rules in ../core (dictionaries, roles, regions, dispute flow)
    fs: { allow: [path.resolve(here, '..')] },
  },
});
