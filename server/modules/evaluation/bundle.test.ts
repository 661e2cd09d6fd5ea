// End to end: import the data-exchange bundle test/fixtures/bundle-2024 (SPEC §9) and check the JSON of §7.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sysCtx, type TestApp } from '../../../test/helpers.ts';
import { ROOT } from '../../../test/cli-run.ts';
import type { EvaluationReport, TownResult, VillageResult } from '../../../core/evaluation/index.ts';
import { importBundle } from '../exchange/importer.ts';
import { openBundlePath } from '../exchange/sources.ts';

const A = '330782100000';
const B = '330782200000';
const [a1, a2, a3, aC, b1, b2] = ['330782100001', '330782100002', '330782100003', '330782100004', '330782200001', '330782200002'];

let t: TestApp;
let rep: EvaluationReport;

beforeAll(async () => {
  t = await createTestApp();
  const report = await importBundle(t.database, sysCtx(), await openBundlePath(path.join(ROOT, 'test/fixtures/bundle-2024')), { dryRun: false, cipher: t.cipher });
  expect(report.errors, JSON.stringify(report.errors.slice(0, 5))).toEqual([]);
  const admin = await t.login('admin');
  const r = await t.inject({ method: 'GET', url: '/api/evaluation?year=2024', headers: { cookie: admin } });
  expect(r.statusCode, r.body).toBe(200);
  rep = r.json();
});
afterAll(async () => t?.close());

const town = (code: string) => rep.towns.find((x) => x.code === code) as TownResult;
const village = (code: string) => rep.towns.flatMap((x) => x.villages).find((v) => v.code === code) as VillageResult;

describe('evaluation of the imported 2024 bundle', () => {
  it('litigation rates from matched addresses and codes, against half the 2023 city benchmark (92.5 → 46.25)', () => {
    expect(village(a1).indicators.litigation_rate_per_10k).toEqual({ value: 20, limit: 46.25, passed: true, reason: null }); // 6 of 3000; 民终, 行初 and 2023 left out
    expect(village(a2).indicators.litigation_rate_per_10k).toEqual({ value: 56, limit: 46.25, passed: false, reason: null }); // 14 of 2500, one through the alias 清溪
    expect(village(a3).indicators.litigation_rate_per_10k?.value).toBe(10);
    expect(village(aC).indicators.litigation_rate_per_10k?.value).toBe(20);
    // town: 6 + 14 + 2 + 8 + 3 matched only to the town (one ambiguous between 东村 and 西村) over 11,500
    expect(town(A).indicators.litigation_rate_per_10k).toEqual({ value: (33 * 10000) / 11500, limit: 46.25, passed: true, reason: null });
    expect(town(B).indicators.litigation_rate_per_10k?.value).toBe(10); // 5 of 5000; the Shanghai address counts nowhere
  });

  it('pre-litigation and platform ratios, exact bound included', () => {
    const a = town(A);
    expect(a.indicators.prelitigation_success_rate).toEqual({ value: 0.75, limit: 0.8, passed: false, reason: null });
    expect(a.indicators.prelitigation_diversion_rate?.value).toBeCloseTo(14 / 31, 12);
    expect(a.indicators.platform_acceptance_ratio?.value).toBeCloseTo(6 / 14, 12);
    expect(a.indicators.platform_success_rate).toEqual({ value: 0.8, limit: 0.7, passed: true, reason: null });
    expect(a.standards.T7.passed).toBe(true);
    expect(a.standards.T11.passed).toBe(false);
    const b = town(B);
    expect(b.indicators.prelitigation_diversion_rate).toEqual({ value: 0.6, limit: 0.6, passed: true, reason: null }); // 3 / 5
    expect(b.standards.T11.passed).toBe(true);
    expect(b.indicators.platform_success_rate).toEqual({ value: 0.5, limit: 0.7, passed: false, reason: null });
  });

  it('incidents, personnel and checklist decide the villages; T12 as the SPEC example', () => {
    expect(town(A).indicators.intentional_crimes_3y_plus).toEqual({ value: 1, reason: null }); // exactly 36 months
    expect(town(A).indicators.unsentenced_intentional_crimes).toEqual({ value: 1, reason: null });
    expect(town(A).standards.T8.passed).toBe(false);
    expect(town(B).standards.T8.passed).toBe(true); // a negligent crime is no veto
    expect(town(B).standards.T9.passed).toBe(false); // 北村's collective petition
    expect(village(a1).indicators.legal_literates?.value).toBe(3); // one registered in the grid
    expect(village(a3).indicators.legal_literates?.value).toBe(2); // one left on 30 June
    expect(village(b1).indicators.rule_of_law_leaders?.value).toBe(0);
    expect(village(a1).passed).toBe(true);
    expect([a2, a3, aC, b1].map((c) => village(c).passed)).toEqual([false, false, false, false]);
    expect(village(b2).passed).toBeNull(); // V2 unassessed
    expect(town(A).indicators.litigation_free_village_share).toEqual({ value: 0.25, limit: 0.8, target: 0.6, passed: false, reason: null });
    expect(town(A).passed).toBe(false);
    expect(town(B).standards.T6.passed).toBe(false);
  });
});
