import { describe, expect, it } from 'vitest';
import { dayOfYear, daysInYear } from './calendar.ts';
import { evaluateVillage } from './evaluate.ts';
import { cmp, floor, parseDecimal, rat, toDecimalString, toNumber, toRational } from './exact.ts';
import { combine, combineParts } from './logic.ts';
import { resolvePopulation, resolveTownPopulation } from './population.ts';
import { rankVillages } from './ranking.ts';
import { defaultEvaluationSettings } from './settings.ts';
import { settings2024, village } from './test-fixtures.ts';
import type { Tri, VillageResult } from './types.ts';
import { earlyWarning, isThreeYearsPlus, localResolutionRate, type Sentence } from './warning.ts';

describe('exact rationals', () => {
  it.each([
    { text: '46', num: 46n, den: 1n },
    { text: '46.0', num: 46n, den: 1n },
    { text: '0.5', num: 1n, den: 2n },
    { text: '.5', num: 1n, den: 2n },
    { text: '-0.125', num: -1n, den: 8n },
    { text: '9.2', num: 46n, den: 5n },
    { text: '1e-7', num: 1n, den: 10000000n },
    { text: '1.5e+21', num: 1500000000000000000000n, den: 1n },
    { text: ' 0.30 ', num: 3n, den: 10n },
  ])('parses "$text"', ({ text, num, den }) => {
    expect(parseDecimal(text)).toEqual({ num, den });
  });
  it.each(['', '.', 'abc', '1.2.3', '1,5', 'NaN'])('rejects "%s"', (text) => {
    expect(() => parseDecimal(text)).toThrow();
  });
  it.each([
    { name: '0.1 is exactly 1/10, not the binary double', n: 0.1, num: 1n, den: 10n },
    { name: '0.3 is exactly 3/10', n: 0.3, num: 3n, den: 10n },
    { name: '1e-7 (exponent form of String())', n: 1e-7, num: 1n, den: 10000000n },
    { name: 'integer', n: 20000, num: 20000n, den: 1n },
  ])('reads a number through its shortest decimal: $name', ({ n, num, den }) => {
    expect(toRational(n)).toEqual({ num, den });
  });
  it('rejects non-finite numbers', () => {
    expect(() => toRational(Number.NaN)).toThrow();
    expect(() => toRational(Infinity)).toThrow();
  });
  it.each([
    { name: '0.5 × 46.3 = 23.15', r: rat(2315n, 100n), n: 23.15 },
    { name: '0.3 × 3 = 0.9 (not 0.8999…)', r: rat(9n, 10n), n: 0.9 },
    { name: '2/3', r: rat(2n, 3n), n: 2 / 3 },
    { name: '-7/4', r: rat(-7n, 4n), n: -1.75 },
  ])('toNumber: $name', ({ r, n }) => expect(toNumber(r)).toBe(n));
  it.each([
    { r: rat(7n, 2n), f: 3n },
    { r: rat(-7n, 2n), f: -4n },
    { r: rat(6n, 3n), f: 2n },
    { r: rat(-6n, 3n), f: -2n },
    { r: rat(0n), f: 0n },
  ])('floor($r.num/$r.den) = $f', ({ r, f }) => expect(floor(r)).toBe(f));
  it('compares exactly', () => {
    expect(cmp(toRational('0.3'), toRational(0.1 * 3))).toBe(-1); // 0.30000000000000004 as a decimal
    expect(cmp(toRational('46.0'), toRational(46))).toBe(0);
    expect(toDecimalString(rat(4n, 5n))).toBe('0.8');
  });
});

describe('combine (three-valued)', () => {
  const cases: { name: string; parts: Tri[]; expected: Tri }[] = [
    { name: 'empty is true', parts: [], expected: true },
    { name: 'all true', parts: [true, true], expected: true },
    { name: 'any false', parts: [true, false, true], expected: false },
    { name: 'false beats null', parts: [null, false], expected: false },
    { name: 'null without false', parts: [true, null], expected: null },
    { name: 'only null', parts: [null], expected: null },
  ];
  it.each(cases)('$name', ({ parts, expected }) => expect(combine(parts)).toBe(expected));
  it('combineParts gives a reason only when null', () => {
    expect(combineParts([{ passed: true, reason: null }, { passed: null, reason: 'x' }])).toEqual({ passed: null, reason: 'x' });
    expect(combineParts([{ passed: false, reason: null }, { passed: null, reason: 'x' }])).toEqual({ passed: false, reason: null });
  });
});

describe('defaultEvaluationSettings', () => {
  it('has the SPEC defaults', () => {
    expect(defaultEvaluationSettings(2024)).toEqual({
      year: 2024,
      litigationRateFactor: '0.5',
      prelitigationSuccessMin: '0.8',
      prelitigationDiversionMin: '0.6',
      platformAcceptanceMin: '0.1',
      platformSuccessMin: '0.7',
      villageShareMin: '0.8',
      villageShareTarget: '0.60',
      ruleOfLawLeadersMin: 1,
      legalLiteratesMin: 3,
      countedCaseKinds: ['civil', 'criminal'],
    });
    expect(defaultEvaluationSettings(2022).villageShareTarget).toBeNull();
  });
});

describe('resolvePopulation', () => {
  const figures = [
    { year: 2021, residents: 18000 },
    { year: 2022, residents: 18500 },
    { year: 2025, residents: 19000 },
    { year: 2023, residents: null },
  ];
  it.each([
    { name: 'own figure of Y', year: 2025, value: 19000, sourceYear: 2025 },
    { name: 'latest earlier year (a null figure is skipped)', year: 2024, value: 18500, sourceYear: 2022 },
    { name: 'only later figures ⇒ null with reason', year: 2020, value: null, sourceYear: null },
  ])('$name', ({ year, value, sourceYear }) => {
    const p = resolvePopulation(figures, year);
    expect(p.value).toBe(value);
    expect(p.sourceYear).toBe(sourceYear);
    expect(p.reason).toBe(value === null ? `常住人口缺失：无${year}年及以前年度的常住人口数据` : null);
  });
  it('no figure at all ⇒ null', () => {
    expect(resolvePopulation([], 2024).value).toBeNull();
  });
});

describe('resolveTownPopulation', () => {
  const vs = [
    { code: '330782100201', name: '东村', figure: 3000 },
    { code: '330782100202', name: '西村', figure: 4500 },
  ];
  it.each([
    { name: 'own figure wins', own: 9000, villages: vs, value: 9000, source: 'own' },
    { name: 'own figure as a PopulationFigure', own: { value: 9100, reason: null }, villages: vs, value: 9100, source: 'own' },
    { name: 'no own figure: the sum of the villages', own: null, villages: vs, value: 7500, source: 'villages' },
    // SPEC §7: an inactive village's cases count for the town, so its figure does too; its absence does not
    { name: 'an inactive village with a figure is summed', own: null, villages: [...vs, { code: '3', name: '旧村', figure: 500, active: false }], value: 8000, source: 'villages' },
    { name: 'an inactive village without a figure is left out', own: null, villages: [...vs, { code: '3', name: '旧村', figure: null, active: false }], value: 7500, source: 'villages' },
  ] as const)('$name', ({ own, villages, value, source }) => {
    expect(resolveTownPopulation(own, villages)).toEqual({ value, source, reason: null });
  });
  it('a village without a figure makes it null and is named', () => {
    const p = resolveTownPopulation(null, [...vs, { code: '330782100203', name: '南村', figure: null }]);
    expect(p.value).toBeNull();
    expect(p.reason).toContain('南村（330782100203）');
    expect(p.reason).not.toContain('东村');
  });
  it('no figure and no villages ⇒ null with a reason', () => {
    const p = resolveTownPopulation({ value: null, reason: '常住人口缺失' }, []);
    expect(p.value).toBeNull();
    expect(p.reason).toMatch(/^常住人口缺失/);
  });
  it('the reason flows into the town rate', () => {
    const p = resolveTownPopulation(null, [{ code: '1', name: '南村', figure: null }]);
    const v = evaluateVillage(village({ population: p }), settings2024(), 46);
    expect(v.indicators.litigation_rate_per_10k?.reason).toContain('南村');
  });
});

describe('isThreeYearsPlus', () => {
  const cases: { name: string; s: Sentence; expected: boolean | null }[] = [
    { name: '35 months is under', s: 35, expected: false },
    { name: 'exactly 36 months counts (bound included)', s: 36, expected: true },
    { name: '37 months', s: 37, expected: true },
    { name: '0 months (exempted from punishment)', s: 0, expected: false },
    { name: '无期', s: '无期', expected: true },
    { name: '死刑', s: '死刑', expected: true },
    { name: 'not yet sentenced ⇒ null', s: null, expected: null },
  ];
  it.each(cases)('$name', ({ s, expected }) => expect(isThreeYearsPlus(s)).toBe(expected));
  it('rejects a negative sentence', () => expect(() => isThreeYearsPlus(-1)).toThrow());
});

describe('rankVillages', () => {
  const v = (code: string, passedCount: number, rate: number | null): VillageResult => {
    const ids = ['V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;
    const standards = Object.fromEntries(
      ids.map((id, i) => [id, { passed: i < passedCount, reason: null }]),
    ) as VillageResult['standards'];
    return {
      code,
      name: `村${code}`,
      passed: passedCount === 6,
      reason: null,
      indicators: { litigation_rate_per_10k: { value: rate, reason: rate === null ? '常住人口缺失' : null } },
      standards,
    };
  };
  it('orders by standards passed desc, rate asc (null last), then code; ties share a rank', () => {
    const ranked = rankVillages([
      v('06', 5, 2),
      v('05', 6, null),
      v('04', 6, 3),
      v('03', 6, 1.5),
      v('02', 6, 1.5),
      v('01', 5, 2),
      v('07', 5, null),
      v('08', 5, null),
    ]);
    expect(ranked.map((r) => [r.code, r.rank])).toEqual([
      ['02', 1],
      ['03', 1],
      ['04', 3],
      ['05', 4],
      ['01', 5],
      ['06', 5],
      ['07', 7],
      ['08', 7],
    ]);
    expect(ranked[0]).toMatchObject({ standardsPassed: 6, standardsTotal: 6, litigationRate: 1.5, passed: true });
  });
  it('equal exact rates are ties (3/20000 and 6/40000 per 10k)', () => {
    const s = settings2024();
    const a = evaluateVillage(village({ code: 'a', courtCasesCounted: 3, population: { value: 20000, reason: null } }), s, 46);
    const b = evaluateVillage(village({ code: 'b', courtCasesCounted: 6, population: { value: 40000, reason: null } }), s, 46);
    expect(rankVillages([b, a]).map((r) => [r.code, r.rank])).toEqual([['a', 1], ['b', 1]]);
  });
  it('an empty town has an empty ranking', () => expect(rankVillages([])).toEqual([]));
});

describe('earlyWarning', () => {
  const cases: {
    name: string;
    limit: number | string | null;
    population: number | null;
    cases: number;
    asOf: string;
    allowedCases: number | null;
    allowance: number | null;
    projection: number | null;
    flagged: boolean | null;
    reason?: string;
  }[] = [
    { name: 'exact floor: 4.6 × 50000 ÷ 10000 = 23 (22 in float)', limit: 4.6, population: 50000, cases: 0, asOf: '2024-12-31', allowedCases: 23, allowance: 23, projection: 0, flagged: false },
    { name: 'exact floor from a decimal string limit', limit: '2.3', population: 100000, cases: 10, asOf: '2024-12-31', allowedCases: 23, allowance: 13, projection: 10, flagged: false },
    { name: 'floor of a non-integer allowance: 23 × 25000 ÷ 10000 = 57.5 ⇒ 57', limit: 23, population: 25000, cases: 0, asOf: '2024-06-30', allowedCases: 57, allowance: 57, projection: 0, flagged: false },
    { name: 'allowance exactly 0 is flagged', limit: 23, population: 20000, cases: 46, asOf: '2024-12-31', allowedCases: 46, allowance: 0, projection: 46, flagged: true },
    { name: 'over the limit: negative allowance', limit: 23, population: 20000, cases: 50, asOf: '2024-12-31', allowedCases: 46, allowance: -4, projection: 50, flagged: true },
    { name: 'projection over the limit at mid-year (leap year: 30 × 366 ÷ 183 = 60)', limit: 23, population: 20000, cases: 30, asOf: '2024-07-01', allowedCases: 46, allowance: 16, projection: 60, flagged: true },
    { name: 'projection exactly at the limit is not flagged (23 × 366 ÷ 183 = 46)', limit: 23, population: 20000, cases: 23, asOf: '2024-07-01', allowedCases: 46, allowance: 23, projection: 46, flagged: false },
    { name: 'projection in a common year (10 × 365 ÷ 73 = 50)', limit: 23, population: 20000, cases: 10, asOf: '2023-03-14', allowedCases: 46, allowance: 36, projection: 50, flagged: true },
    { name: 'limit missing ⇒ null with the benchmark reason', limit: null, population: 20000, cases: 3, asOf: '2024-12-31', allowedCases: null, allowance: null, projection: 3, flagged: null, reason: '无上一年度（2023年）全市万人起诉率基准' },
    { name: 'population missing ⇒ null', limit: 23, population: null, cases: 3, asOf: '2024-12-31', allowedCases: null, allowance: null, projection: 3, flagged: null, reason: '常住人口缺失' },
  ];
  it.each(cases)('$name', (c) => {
    const year = Number(c.asOf.slice(0, 4));
    expect(earlyWarning({ limit: c.limit, population: c.population, casesSoFar: c.cases, asOf: c.asOf, year })).toEqual({
      allowedCases: c.allowedCases,
      allowance: c.allowance,
      projection: c.projection,
      flagged: c.flagged,
      reason: c.reason ?? null,
    });
  });
  it('D outside Y is an error', () => {
    expect(() => earlyWarning({ limit: 23, population: 1, casesSoFar: 0, asOf: '2025-01-01', year: 2024 })).toThrow();
  });
  it.each([
    { d: '2024-01-01', n: 1 },
    { d: '2024-03-01', n: 61 },
    { d: '2023-03-01', n: 60 },
    { d: '2024-12-31', n: 366 },
    { d: '2100-12-31', n: 365 },
    { d: '2000-12-31', n: 366 },
  ])('dayOfYear($d) = $n', ({ d, n }) => {
    expect(dayOfYear(d)).toBe(n);
    if (d.endsWith('12-31')) expect(daysInYear(Number(d.slice(0, 4)))).toBe(n);
  });
});

describe('localResolutionRate', () => {
  it.each([
    { name: '3 of 4', resolvedLocally: 3, reachedOutcome: 4, value: 0.75, reason: null },
    { name: 'all', resolvedLocally: 5, reachedOutcome: 5, value: 1, reason: null },
    { name: 'no outcome ⇒ null with reason', resolvedLocally: 0, reachedOutcome: 0, value: null, reason: '分母为0：无已有结果的纠纷' },
  ])('$name', ({ resolvedLocally, reachedOutcome, value, reason }) => {
    expect(localResolutionRate({ resolvedLocally, reachedOutcome })).toEqual({ value, reason });
  });
  it('rejects more local resolutions than outcomes', () => {
    expect(() => localResolutionRate({ resolvedLocally: 2, reachedOutcome: 1 })).toThrow();
  });
});
