// Issue 15.1: `wusong export` then `wusong import --dry-run` (processes) on the demo county reports nothing to
// change and no rejected row; importing that bundle into an empty database and exporting again gives the same bytes.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, handOverToCli, sysCtx, TEST_SECRET } from '../../../test/helpers.ts';
import { runCli } from '../../../test/cli-run.ts';
import { tempDir } from '../../../test/bundle.ts';
import { Cipher } from '../../secret.ts';
import { seedDemo } from '../demo/seed.ts';

const cleanups: (() => Promise<void>)[] = [];
let demoEnv: Record<string, string | undefined>;
let emptyEnv: Record<string, string | undefined>;

beforeAll(async () => {
  const demo = await createTestDb();
  await seedDemo(demo.database, new Cipher(TEST_SECRET), sysCtx(), { force: true, disputeScale: 0.08 });
  const a = await handOverToCli(demo);
  const empty = await handOverToCli(await createTestDb());
  demoEnv = a.env;
  emptyEnv = empty.env;
  cleanups.push(a.cleanup, empty.cleanup);
}, 600_000);
afterAll(async () => {
  for (const c of cleanups) await c();
});

const T = { timeout: 300_000 };
const readDir = (dir: string) => Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')]));

describe('the demo bundle round trip (CLI)', () => {
  const out = path.join(tempDir('wusong-round-'), 'bundle');

  it('export then import --dry-run: nothing to change, nothing rejected', T, async () => {
    const ex = await runCli(['export', out], demoEnv);
    expect(ex.status, ex.stderr).toBe(0);
    const r = await runCli(['import', out, '--dry-run'], demoEnv);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('错误'))).toEqual([]);
    expect(r.status, r.stderr).toBe(0);
    for (const line of r.stdout.split('\n').filter((l) => /^[a-z_]+（/.test(l))) expect(line).toMatch(/新增 0，更新 0，未变 \d+，拒绝 0/);
  });

  it('import into an empty database, then export: the same bytes', T, async () => {
    const im = await runCli(['import', out], emptyEnv);
    expect(im.status, im.stderr).toBe(0);
    const again = path.join(tempDir('wusong-round-'), 'bundle');
    const ex = await runCli(['export', again], emptyEnv);
    expect(ex.status, ex.stderr).toBe(0);
    const a = readDir(out);
    const b = readDir(again);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const f of Object.keys(a)) expect(b[f], f).toBe(a[f]);
  });
});
