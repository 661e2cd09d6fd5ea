#!/usr/bin/env node
// `npm start` serves the built web app: build it when it is missing or older than its sources.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = path.join(root, 'web/dist/index.html');
if (!fs.existsSync(path.join(root, 'web/index.html'))) process.exit(0);

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}
const srcTime = Math.max(newest(path.join(root, 'web/src')), newest(path.join(root, 'core')), fs.statSync(path.join(root, 'web/index.html')).mtimeMs, fs.statSync(path.join(root, 'web/progress.html')).mtimeMs);
if (fs.existsSync(dist) && fs.statSync(dist).mtimeMs >= srcTime) process.exit(0);
process.stdout.write('正在构建网页界面（首次启动或代码更新后，约需半分钟）…\n');
const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
