import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleMarkdown } from '../scripts/bundle-doc.ts';
import { ROOT } from './cli-run.ts';
import { commands } from '../server/cli/registry.ts';
import '../server/cli/commands/index.ts';

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

// The README is a newcomer's first page: keep what it lists in step with the code.
describe('README', () => {
  it('documents every setting of SPEC §11', () => {
    for (const s of ['PORT', 'DATABASE_URL', 'WUSONG_DATA_DIR', 'WUSONG_ADMIN_PASSWORD', 'WUSONG_SECRET']) expect(readme).toContain(`\`${s}\``);
  });
  it('documents every CLI command', () => {
    for (const c of commands) expect(readme, c.name).toContain(c.name);
  });
  it('carries the bundle columns exactly as core/bundle-format.ts defines them', () => {
    const a = readme.indexOf('<!-- bundle:begin -->') + '<!-- bundle:begin -->'.length;
    const b = readme.indexOf('<!-- bundle:end -->');
    expect(readme.slice(a, b).trim()).toBe(bundleMarkdown().trim());
  });
});
