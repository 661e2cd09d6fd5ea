import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { bundleMarkdown } from '../scripts/bundle-doc.ts';
import { ROOT } from './cli-run.ts';
import { commands } from '../server/cli/registry.ts';
import '../server/cli/commands/index.ts';

// semver comes with the toolchain (vite, drizzle-kit …): the same range rules npm applies to `engines`
const semver = createRequire(import.meta.url)('semver') as { satisfies(v: string, range: string): boolean; minVersion(range: string): { version: string } | null };
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

// The README is a newcomer's first page: keep what it lists in step with the code.
describe('README', () => {
  it('documents every setting of SPEC §11', () => {
    for (const s of ['PORT', 'DATABASE_URL', 'WUSONG_DATA_DIR', 'WUSONG_ADMIN_PASSWORD', 'WUSONG_SECRET']) expect(readme).toContain(`\`${s}\``);
  });
  it('documents every CLI command', () => {
    for (const c of commands) expect(readme, c.name).toContain(c.name);
  });
  it('gives the quick start in an order that works: the demo loads before the server holds the embedded database', () => {
    const start = readme.slice(readme.indexOf('## 快速开始'));
    const block = start.slice(start.indexOf('```bash') + 7, start.indexOf('```', start.indexOf('```bash') + 7));
    const commands = block.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
    expect(commands).toEqual(['npm install', 'npx wusong demo', 'npm start']);
    // and what to do when the server already runs
    expect(start).toContain('Ctrl+C');
    expect(start).toContain('npx wusong demo --force');
  });

  it('names a Node version every locked package accepts (npm install prints no EBADENGINE)', () => {
    const min = /需要 Node\.js (\d+\.\d+) 或更高版本/.exec(readme)?.[1];
    expect(min).toBeTruthy();
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(semver.minVersion(pkg.engines.node)?.version).toBe(`${min}.0`);
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
    const refusing = Object.entries(lock.packages as Record<string, { engines?: { node?: string } | string[]; optional?: boolean; dev?: boolean }>)
      .filter(([name, p]) => name && p.engines && !Array.isArray(p.engines) && p.engines.node && !semver.satisfies(`${min}.0`, p.engines.node))
      .map(([name, p]) => `${name} ${(p.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });

  it('carries the bundle columns exactly as core/bundle-format.ts defines them', () => {
    const a = readme.indexOf('<!-- bundle:begin -->') + '<!-- bundle:begin -->'.length;
    const b = readme.indexOf('<!-- bundle:end -->');
    expect(readme.slice(a, b).trim()).toBe(bundleMarkdown().trim());
  });
});
