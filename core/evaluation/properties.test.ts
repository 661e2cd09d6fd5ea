import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateTown, evaluateVillage } from './evaluate.ts';
import { parseDecimal, toNumber, toRational } from './exact.ts';
import { minRatioIndicator } from './indicators.ts';
import { combine } from './logic.ts';
import { settings2024 } from './test-fixtures.ts';
import type {
  ChecklistStatus,
  IndicatorResult,
  StandardResult,
  TownInput,
  Tri,
  VillageInput,
} from './types.ts';
import { earlyWarning } from './warning.ts';

/** A decimal string with up to `maxScale` fraction digits, with its exact BigInt form (units / 10^scale). */
const decimalArb = (maxInt: number, maxScale: number) =>
  fc
    .record({ units: fc.integer({ min: 0, max: maxInt * 10 ** maxScale }), scale: fc.integer({ min: 0, max: maxScale }) })
    .map(({ units, scale }) => {
      const s = units.toString().padStart(scale + 1, '0');
      const text = scale === 0 ? s : `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
      return { text, units: BigInt(units), pow: 10n ** BigInt(scale) };
    });

const tri = fc.constantFrom<Tri>(true, false, null);
const status = fc.constantFrom<ChecklistStatus | undefined>('met', 'not_met', 'unassessed', undefined);
const small = fc.nat({ max: 6 });
const count = fc.nat({ max: 500 });

const incidentsArb = fc.record({
  intentional_crimes: small,
  intentional_crimes_3y_plus: small,
  unsentenced_intentional_crimes: small,
  major_civil_to_criminal: fc.nat({ max: 1 }),
  collective_petitions: fc.nat({ max: 1 }),
  mass_incidents: fc.nat({ max: 1 }),
  beijing_petitions: fc.nat({ max: 1 }),
  abnormal_petitions: fc.nat({ max: 1 }),
});
const populationArb = fc.oneof(
  fc.record({ value: fc.integer({ min: 0, max: 200000 }), reason: fc.constant(null) }),
  fc.constant({ value: null, reason: null }),
);
const villageArb: fc.Arbitrary<VillageInput> = fc.record({
  code: fc.stringMatching(/^[0-9]{3}$/),
  name: fc.constant('村'),
  population: populationArb,
  courtCasesCounted: count,
  incidents: incidentsArb,
  ruleOfLawLeaders: small,
  legalLiterates: small,
  checklist: fc.record({ V1: status, V2: status }, { requiredKeys: [] }),
});
const townArb: fc.Arbitrary<TownInput> = fc
  .record({
    code: fc.constant('T'),
    name: fc.constant('镇'),
    population: populationArb,
    courtCasesCounted: count,
    civilFirstInstanceCases: count,
    prelitigation: fc.record({ success: count, failure: count, pending: count }),
    prelitigationByPartyRegion: count,
    platform: fc.record({ success: count, failure: count, pending: count }),
    incidents: incidentsArb,
    checklist: fc.record({ T1: status, T2: status, T3: status, T4: status, T5: status, T6: status }, { requiredKeys: [] }),
    cityBenchmarkPrevYear: fc.oneof(fc.constant(null), decimalArb(100, 2).map((d) => d.text), fc.double({ min: 0, max: 100, noNaN: true })),
    villages: fc.array(villageArb, { maxLength: 8 }),
  })
  .map(({ platform, ...t }) => ({
    ...t,
    platform: { accepted: platform.success + platform.failure + platform.pending, success: platform.success, failure: platform.failure },
  }));

function checkIndicator(where: string, ind: IndicatorResult) {
  for (const x of [ind.value, ind.limit, ind.target]) {
    if (typeof x === 'number') expect(Number.isFinite(x), where).toBe(true);
  }
  const undecided = ind.value === null || ('passed' in ind && ind.passed === null);
  expect(typeof ind.reason === 'string' && ind.reason.length > 0, `${where} reason`).toBe(undecided);
}
function checkStandard(where: string, s: StandardResult) {
  expect(typeof s.reason === 'string' && s.reason.length > 0, `${where} reason`).toBe(s.passed === null);
}

describe('properties', () => {
  it('combine() is order-independent and matches the three-valued definition', () => {
    const partsAndPermutation = fc
      .array(tri, { maxLength: 12 })
      .chain((parts) =>
        fc.tuple(fc.constant(parts), fc.shuffledSubarray(parts, { minLength: parts.length, maxLength: parts.length })),
      );
    fc.assert(
      fc.property(partsAndPermutation, ([parts, shuffled]) => {
        const expected = parts.includes(false) ? false : parts.includes(null) ? null : true;
        expect(combine(parts)).toBe(expected);
        expect(combine(shuffled)).toBe(expected);
        expect(combine([...parts].reverse())).toBe(expected);
      }),
    );
  });

  it('a town evaluation never yields NaN/Infinity, and a reason is given exactly for each null', () => {
    fc.assert(
      fc.property(townArb, (input) => {
        const t = evaluateTown(input, settings2024());
        expect(JSON.stringify(t)).not.toMatch(/NaN|Infinity/);
        for (const [id, ind] of Object.entries(t.indicators)) checkIndicator(`town ${id}`, ind as IndicatorResult);
        for (const [id, s] of Object.entries(t.standards)) checkStandard(`town ${id}`, s);
        checkStandard('town', t);
        expect(t.passed).toBe(combine(Object.values(t.standards).map((s) => s.passed)));
        for (const v of t.villages) {
          for (const [id, ind] of Object.entries(v.indicators)) checkIndicator(`village ${id}`, ind as IndicatorResult);
          for (const [id, s] of Object.entries(v.standards)) checkStandard(`village ${id}`, s);
          checkStandard('village', v);
          expect(v.passed).toBe(combine(Object.values(v.standards).map((s) => s.passed)));
        }
      }),
    );
  });

  it('T12 agrees with a BigInt reference of the null rule', () => {
    fc.assert(
      fc.property(townArb, (input) => {
        const t = evaluateTown(input, settings2024());
        const n = BigInt(t.villages.length);
        const yes = BigInt(t.villages.filter((v) => v.passed === true).length);
        const open = BigInt(t.villages.filter((v) => v.passed === null).length);
        // share ≥ 4/5  ⇔  5·k ≥ 4·n
        const expected = n === 0n ? null : 5n * yes >= 4n * n ? true : 5n * (yes + open) >= 4n * n ? null : false;
        expect(t.standards.T12.passed).toBe(expected);
      }),
    );
  });

  it('litigation-rate passed agrees with a BigInt reference (cases·10000·10^s·10^f ≤ F·B·population)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500000 }),
        fc.nat({ max: 2000 }),
        decimalArb(200, 3),
        decimalArb(2, 2),
        (population, cases, bench, factor) => {
          const v = evaluateVillage(
            {
              code: '1', name: '村', population: { value: population, reason: null }, courtCasesCounted: cases,
              incidents: { intentional_crimes: 0, intentional_crimes_3y_plus: 0, unsentenced_intentional_crimes: 0, major_civil_to_criminal: 0, collective_petitions: 0, mass_incidents: 0, beijing_petitions: 0, abnormal_petitions: 0 },
              ruleOfLawLeaders: 1, legalLiterates: 3, checklist: { V1: 'met', V2: 'met' },
            },
            settings2024({ litigationRateFactor: factor.text }),
            bench.text,
          );
          const expected =
            BigInt(cases) * 10000n * bench.pow * factor.pow <= factor.units * bench.units * BigInt(population);
          expect(v.indicators.litigation_rate_per_10k?.passed).toBe(expected);
          expect(v.standards.V6.passed).toBe(expected);
        },
      ),
    );
  });

  it('at the exact bound the rate passes and one more case fails', () => {
    fc.assert(
      fc.property(decimalArb(200, 2), fc.integer({ min: 1, max: 50 }), (bench, m) => {
        // population = m × 20000 × 10^s  ⇒  allowed = 0.5 × bench × population ÷ 10000 = bench.units × m
        const population = m * 20000 * Number(bench.pow);
        const allowed = Number(bench.units) * m;
        const run = (cases: number) =>
          evaluateVillage(
            {
              code: '1', name: '村', population: { value: population, reason: null }, courtCasesCounted: cases,
              incidents: { intentional_crimes: 0, intentional_crimes_3y_plus: 0, unsentenced_intentional_crimes: 0, major_civil_to_criminal: 0, collective_petitions: 0, mass_incidents: 0, beijing_petitions: 0, abnormal_petitions: 0 },
              ruleOfLawLeaders: 1, legalLiterates: 3, checklist: { V1: 'met', V2: 'met' },
            },
            settings2024(),
            Number(bench.text),
          );
        expect(run(allowed).standards.V6.passed).toBe(true);
        expect(run(allowed + 1).standards.V6.passed).toBe(false);
        expect(
          earlyWarning({ limit: run(0).indicators.litigation_rate_per_10k?.limit ?? null, population, casesSoFar: 0, asOf: '2024-12-31', year: 2024 }).allowedCases,
        ).toBe(allowed);
      }),
      { numRuns: 500 },
    );
  });

  it('the same holds when limits are given as JS numbers (read via their shortest decimal)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500000 }), fc.nat({ max: 2000 }), decimalArb(200, 3), (population, cases, bench) => {
        const v = evaluateVillage(
          {
            code: '1', name: '村', population: { value: population, reason: null }, courtCasesCounted: cases,
            incidents: { intentional_crimes: 0, intentional_crimes_3y_plus: 0, unsentenced_intentional_crimes: 0, major_civil_to_criminal: 0, collective_petitions: 0, mass_incidents: 0, beijing_petitions: 0, abnormal_petitions: 0 },
            ruleOfLawLeaders: 1, legalLiterates: 3, checklist: {},
          },
          settings2024({ litigationRateFactor: 0.5 }),
          Number(bench.text),
        );
        // 0.5 = 1/2
        expect(v.indicators.litigation_rate_per_10k?.passed).toBe(BigInt(cases) * 10000n * bench.pow * 2n <= bench.units * BigInt(population));
      }),
    );
  });

  it('ratio passed agrees with a BigInt reference (num·10^s ≥ min·den)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 100000 }), fc.nat({ max: 100000 }), decimalArb(1, 4), (num, den, min) => {
        const ind = minRatioIndicator(num, den, min.text, '分母为0');
        if (den === 0) {
          expect(ind).toEqual({ value: null, limit: toNumber(parseDecimal(min.text)), passed: null, reason: '分母为0' });
        } else {
          expect(ind.passed).toBe(BigInt(num) * min.pow >= min.units * BigInt(den));
          expect(ind.value).toBe(num / den);
        }
      }),
    );
  });

  it('early-warning allowance is the exact floor (BigInt reference)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500000 }),
        fc.nat({ max: 1000 }),
        decimalArb(100, 3),
        fc.integer({ min: 1, max: 365 }),
        (population, cases, limit, day) => {
          const d = new Date(Date.UTC(2023, 0, day));
          const asOf = d.toISOString().slice(0, 10);
          const w = earlyWarning({ limit: limit.text, population, casesSoFar: cases, asOf, year: 2023 });
          const allowed = (limit.units * BigInt(population)) / (limit.pow * 10000n);
          expect(w.allowedCases).toBe(Number(allowed));
          expect(w.allowance).toBe(Number(allowed - BigInt(cases)));
          const over = BigInt(cases) * 365n * limit.pow * 10000n > limit.units * BigInt(population) * BigInt(day);
          expect(w.flagged).toBe(allowed - BigInt(cases) <= 0n || over);
          expect(Number.isFinite(w.projection)).toBe(true);
        },
      ),
    );
  });

  it('a number is read as its shortest decimal, and decimals round-trip through toNumber', () => {
    fc.assert(
      fc.property(decimalArb(100000, 6), (d) => {
        const r = toRational(d.text);
        expect(r.num * d.pow).toBe(d.units * r.den);
        expect(toRational(Number(d.text))).toEqual(r);
        expect(toNumber(r)).toBe(Number(d.text));
      }),
    );
  });
});
