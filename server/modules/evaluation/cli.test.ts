// `wusong evaluate` as a process (SPEC §11), on a database prepared like an operator's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, handOverToCli } from '../../../test/helpers.ts';
import { runCli } from '../../../test/cli-run.ts';
import { TREE } from '../../../test/factories.ts';
import type { EvaluationReport } from '../../../core/evaluation/index.ts';
import { systemActor } from '../auth/actor.ts';
import { seedScenario } from './test-data.ts';
import { evaluateYear } from './service.ts';

let env: Record<string, string | undefined>;
let expected: Record<string, EvaluationReport> = {};
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const tdb = await createTestDb();
  await seedScenario(tdb.database);
  const actor = systemActor();
  expected = {
    all: await evaluateYear(tdb.database, actor, { year: 2024 }),
    june: await evaluateYear(tdb.database, actor, { year: 2024, asOf: '2024-06-30', town: TREE.townA }),
  };
  ({ env, cleanup } = await handOverToCli(tdb));
});
afterAll(async () => cleanup?.());

describe('wusong evaluate', () => {
  it('prints exactly the JSON of SPEC §7', { timeout: 120_000 }, async () => {
    const r = await runCli(['evaluate', '--year', '2024', '--json'], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as EvaluationReport;
    expect(out).toEqual(expected.all);
    expect(out.towns.map((t) => t.code)).toEqual([TREE.townA, TREE.townB]);
    expect(out.towns[0].indicators.litigation_rate_per_10k).toEqual({ value: (19 * 10000) / 12000, limit: 25, passed: true, reason: null });
  });

  it('takes --as-of and --town', { timeout: 120_000 }, async () => {
    const r = await runCli(['evaluate', '--year', '2024', '--as-of', '2024-06-30', '--town', TREE.townA, '--json'], env);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected.june);
  });

  it('`user add --role county_leader --region <county>` creates a county leader; a 镇领导 above a town is refused', { timeout: 120_000 }, async () => {
    const ok = await runCli(['user', 'add', 'yiwu_leader', '--role', 'county_leader', '--region', TREE.county, '--password', 'Passw0rd!x'], env);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('已创建用户 yiwu_leader（county_leader）');
    const bad = await runCli(['user', 'add', 'yiwu_town_leader', '--role', 'town_leader', '--region', TREE.county, '--password', 'Passw0rd!x'], env);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('镇领导须绑定乡镇（街道）');
  });

  const refusals: [string, string[]][] = [
    ['a D outside Y', ['evaluate', '--year', '2024', '--as-of', '2025-01-01', '--json']],
    ['a missing year', ['evaluate', '--json']],
    ['an unknown town', ['evaluate', '--year', '2024', '--town', '999999999999', '--json']],
  ];
  for (const [what, args] of refusals) {
    it(`refuses ${what} with a non-zero exit and one Chinese line on stderr`, { timeout: 120_000 }, async () => {
      const r = await runCli(args, env);
      expect(r.status).not.toBe(0);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/[\u4e00-\u9fa5]/);
    });
  }
});
