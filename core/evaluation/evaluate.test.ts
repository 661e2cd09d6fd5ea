import { describe, expect, it } from 'vitest';
import { evaluate, evaluateTown, evaluateVillage, villageShareIndicator } from './evaluate.ts';
import { defaultEvaluationSettings } from './settings.ts';
import { noIncidents, settings2024, town, village } from './test-fixtures.ts';
import type {
  ChecklistStatus,
  Decimal,
  IncidentCounts,
  TownInput,
  TownStandardId,
  VillageInput,
  VillageStandardId,
} from './types.ts';

const NO_BENCHMARK_2023 = '无上一年度（2023年）全市万人起诉率基准';

describe('litigation_rate_per_10k (V6 / T10)', () => {
  const cases: {
    name: string;
    population: number | null;
    populationReason?: string;
    benchmark: Decimal | null;
    factor?: Decimal;
    cases: number;
    value: number | null;
    limit: number | null;
    passed: boolean | null;
    reason?: string;
  }[] = [
    { name: 'exactly at the limit passes (20000, 46 ⇒ 23, 46 cases)', population: 20000, benchmark: 46, cases: 46, value: 23, limit: 23, passed: true },
    { name: 'one case over the limit fails', population: 20000, benchmark: 46, cases: 47, value: 23.5, limit: 23, passed: false },
    { name: 'float trap: 0.5 × 9.2 × 50000 is 229999.99… in float, exactly 230000', population: 50000, benchmark: 9.2, cases: 23, value: 4.6, limit: 4.6, passed: true },
    { name: 'float trap: one more case fails', population: 50000, benchmark: 9.2, cases: 24, value: 4.8, limit: 4.6, passed: false },
    { name: 'float trap: factor 0.3 × benchmark 3 = 0.9 (0.8999… in float)', population: 100000, benchmark: 3, factor: 0.3, cases: 9, value: 0.9, limit: 0.9, passed: true },
    { name: 'benchmark as a decimal string "46.0"', population: 20000, benchmark: '46.0', cases: 46, value: 23, limit: 23, passed: true },
    { name: 'unrounded value', population: 30000, benchmark: 46, cases: 7, value: 70000 / 30000, limit: 23, passed: true },
    { name: 'no cases passes', population: 20000, benchmark: 46, cases: 0, value: 0, limit: 23, passed: true },
    { name: 'previous-year benchmark missing: limit and passed null', population: 20000, benchmark: null, cases: 1, value: 0.5, limit: null, passed: null, reason: NO_BENCHMARK_2023 },
    { name: 'population missing: value null with the default reason', population: null, benchmark: 46, cases: 1, value: null, limit: 23, passed: null, reason: '常住人口缺失' },
    { name: 'population missing: the given reason is kept', population: null, populationReason: '常住人口缺失：无2024年及以前年度的常住人口数据', benchmark: 46, cases: 1, value: null, limit: 23, passed: null, reason: '常住人口缺失：无2024年及以前年度的常住人口数据' },
    { name: 'population 0: division by zero is null', population: 0, benchmark: 46, cases: 1, value: null, limit: 23, passed: null, reason: '常住人口为0，无法计算万人起诉率' },
    { name: 'population and benchmark both missing: both reasons', population: null, benchmark: null, cases: 1, value: null, limit: null, passed: null, reason: `常住人口缺失；${NO_BENCHMARK_2023}` },
  ];
  it.each(cases)('$name', (c) => {
    const s = settings2024(c.factor === undefined ? {} : { litigationRateFactor: c.factor });
    const v = evaluateVillage(
      village({ population: { value: c.population, reason: c.populationReason ?? null }, courtCasesCounted: c.cases }),
      s,
      c.benchmark,
    );
    expect(v.indicators.litigation_rate_per_10k).toEqual({
      value: c.value,
      limit: c.limit,
      passed: c.passed,
      reason: c.reason ?? null,
    });
    expect(v.standards.V6).toEqual({ passed: c.passed, reason: c.passed === null ? c.reason : null });
    const t = evaluateTown(
      town({ population: { value: c.population, reason: c.populationReason ?? null }, courtCasesCounted: c.cases, cityBenchmarkPrevYear: c.benchmark }),
      s,
    );
    expect(t.indicators.litigation_rate_per_10k?.passed).toBe(c.passed);
    expect(t.standards.T10.passed).toBe(c.passed);
  });
});

describe('town ratio indicators (T7, T11)', () => {
  type Over = Partial<TownInput>;
  const cases: {
    name: string;
    over: Over;
    id: 'prelitigation_success_rate' | 'prelitigation_diversion_rate' | 'platform_acceptance_ratio' | 'platform_success_rate';
    value: number | null;
    limit: number;
    passed: boolean | null;
    reason?: string;
    standard: 'T7' | 'T11';
  }[] = [
    { name: 'pre-litigation success exactly 0.8 passes', over: {}, id: 'prelitigation_success_rate', value: 0.8, limit: 0.8, passed: true, standard: 'T11' },
    { name: 'pre-litigation success just below 0.8 fails', over: { prelitigation: { success: 79, failure: 21, pending: 0 }, civilFirstInstanceCases: 100 }, id: 'prelitigation_success_rate', value: 0.79, limit: 0.8, passed: false, standard: 'T11' },
    { name: 'pending pre-litigation cases are not counted in the success rate', over: { prelitigation: { success: 4, failure: 1, pending: 95 }, civilFirstInstanceCases: 100 }, id: 'prelitigation_success_rate', value: 0.8, limit: 0.8, passed: true, standard: 'T11' },
    { name: 'no concluded pre-litigation case: null', over: { prelitigation: { success: 0, failure: 0, pending: 15 } }, id: 'prelitigation_success_rate', value: null, limit: 0.8, passed: null, reason: '分母为0：无已办结诉前调解案件', standard: 'T11' },
    { name: 'diversion exactly 0.6 passes (pending included)', over: {}, id: 'prelitigation_diversion_rate', value: 0.6, limit: 0.6, passed: true, standard: 'T11' },
    { name: 'diversion just below 0.6 fails', over: { civilFirstInstanceCases: 21 }, id: 'prelitigation_diversion_rate', value: 12 / 21, limit: 0.6, passed: false, standard: 'T11' },
    { name: 'diversion above 1 is allowed', over: { civilFirstInstanceCases: 6 }, id: 'prelitigation_diversion_rate', value: 2, limit: 0.6, passed: true, standard: 'T11' },
    { name: 'no civil first-instance case: diversion null', over: { civilFirstInstanceCases: 0 }, id: 'prelitigation_diversion_rate', value: null, limit: 0.6, passed: null, reason: '分母为0：无被告在本乡镇的一审民事案件', standard: 'T11' },
    { name: 'platform acceptance exactly 0.1 passes', over: {}, id: 'platform_acceptance_ratio', value: 0.1, limit: 0.1, passed: true, standard: 'T7' },
    { name: 'platform acceptance just below 0.1 fails', over: { prelitigationByPartyRegion: 101 }, id: 'platform_acceptance_ratio', value: 10 / 101, limit: 0.1, passed: false, standard: 'T7' },
    { name: 'no pre-litigation case with a party here: acceptance null', over: { prelitigationByPartyRegion: 0 }, id: 'platform_acceptance_ratio', value: null, limit: 0.1, passed: null, reason: '分母为0：无当事人在本乡镇的诉前调解案件', standard: 'T7' },
    { name: 'platform success exactly 0.7 passes', over: {}, id: 'platform_success_rate', value: 0.7, limit: 0.7, passed: true, standard: 'T7' },
    { name: 'platform success below 0.7 fails', over: { platform: { accepted: 10, success: 6, failure: 4 } }, id: 'platform_success_rate', value: 0.6, limit: 0.7, passed: false, standard: 'T7' },
    { name: 'no concluded platform dispute: null', over: { platform: { accepted: 10, success: 0, failure: 0 } }, id: 'platform_success_rate', value: null, limit: 0.7, passed: null, reason: '分母为0：无已办结的调解平台纠纷', standard: 'T7' },
  ];
  it.each(cases)('$name', (c) => {
    const t = evaluateTown(town(c.over), settings2024());
    expect(t.indicators[c.id]).toEqual({ value: c.value, limit: c.limit, passed: c.passed, reason: c.reason ?? null });
    expect(t.standards[c.standard]).toEqual({ passed: c.passed, reason: c.passed === null ? c.reason : null });
  });

  it.each([
    { name: 'received: pending cases join the denominator', pre: { success: 4, failure: 1, pending: 95 }, value: 0.04, passed: false, reason: null },
    { name: 'received: 80 of 100 received passes at the bound', pre: { success: 80, failure: 5, pending: 15 }, value: 0.8, passed: true, reason: null },
    { name: 'received: nothing received is null', pre: { success: 0, failure: 0, pending: 0 }, value: null, passed: null, reason: '分母为0：无受理的诉前调解案件' },
  ])("T11's success rate over every case received (setting prelitigationSuccessBase): $name", ({ pre, value, passed, reason }) => {
    const t = evaluateTown(town({ prelitigation: pre, civilFirstInstanceCases: 100 }), settings2024({ prelitigationSuccessBase: 'received' }));
    expect(t.indicators.prelitigation_success_rate).toEqual({ value, limit: 0.8, passed, reason, basis: 'received' });
  });

  it('a setting changes the limit (platform success 0.65)', () => {
    const t = evaluateTown(town({ platform: { accepted: 20, success: 13, failure: 7 } }), settings2024({ platformSuccessMin: '0.65' }));
    expect(t.indicators.platform_success_rate).toEqual({ value: 0.65, limit: 0.65, passed: true, reason: null });
  });
});

describe('village standards V1–V6', () => {
  const inc = (o: Partial<IncidentCounts>) => ({ ...noIncidents(), ...o });
  const cases: {
    name: string;
    over: Partial<VillageInput>;
    benchmark?: Decimal | null;
    expect: Partial<Record<VillageStandardId, boolean | null>>;
    overall: boolean | null;
    reasonIncludes?: string[];
  }[] = [
    { name: 'baseline passes every standard', over: {}, expect: { V1: true, V2: true, V3: true, V4: true, V5: true, V6: true }, overall: true },
    { name: 'V1 not met', over: { checklist: { V1: 'not_met', V2: 'met' } }, expect: { V1: false }, overall: false },
    { name: 'V1 without a row is unassessed ⇒ null', over: { checklist: { V2: 'met' } }, expect: { V1: null }, overall: null, reasonIncludes: ['V1：', '尚未评定'] }, // no internal key (issue 14.7)
    { name: 'V2 unassessed ⇒ null', over: { checklist: { V1: 'met', V2: 'unassessed' } }, expect: { V2: null }, overall: null, reasonIncludes: ['V2：', '尚未评定'] },
    { name: 'V2 not met', over: { checklist: { V1: 'met', V2: 'not_met' } }, expect: { V2: false }, overall: false },
    { name: 'V3 no rule-of-law leader', over: { ruleOfLawLeaders: 0 }, expect: { V3: false }, overall: false },
    { name: 'V3 two legal literates fail', over: { legalLiterates: 2 }, expect: { V3: false }, overall: false },
    { name: 'V3 many of both pass', over: { ruleOfLawLeaders: 4, legalLiterates: 30 }, expect: { V3: true }, overall: true },
    { name: 'V4 one intentional crime (even unsentenced)', over: { incidents: inc({ intentional_crimes: 1, unsentenced_intentional_crimes: 1 }) }, expect: { V4: false }, overall: false },
    { name: 'V4 one major civil-to-criminal case', over: { incidents: inc({ major_civil_to_criminal: 1 }) }, expect: { V4: false }, overall: false },
    { name: 'V5 collective petition', over: { incidents: inc({ collective_petitions: 1 }) }, expect: { V5: false }, overall: false },
    { name: 'V5 mass incident', over: { incidents: inc({ mass_incidents: 1 }) }, expect: { V5: false }, overall: false },
    { name: 'V5 Beijing petition', over: { incidents: inc({ beijing_petitions: 2 }) }, expect: { V5: false }, overall: false },
    { name: 'V5 abnormal petition', over: { incidents: inc({ abnormal_petitions: 1 }) }, expect: { V5: false }, overall: false },
    { name: 'V6 over the limit', over: { courtCasesCounted: 47 }, expect: { V6: false }, overall: false },
    { name: 'V6 benchmark missing ⇒ null', over: {}, benchmark: null, expect: { V6: null }, overall: null, reasonIncludes: ['V6：', NO_BENCHMARK_2023] },
    { name: 'a false part beats a null part', over: { checklist: {}, ruleOfLawLeaders: 0 }, expect: { V1: null, V2: null, V3: false }, overall: false },
    { name: 'two null standards are both named', over: { checklist: { V1: 'met' }, population: { value: null, reason: null } }, expect: { V2: null, V6: null }, overall: null, reasonIncludes: ['V2：', 'V6：常住人口缺失'] },
  ];
  it.each(cases)('$name', (c) => {
    const v = evaluateVillage(village(c.over), settings2024(), c.benchmark === undefined ? 46 : c.benchmark);
    for (const [id, passed] of Object.entries(c.expect)) {
      expect(v.standards[id as VillageStandardId].passed, id).toBe(passed);
      expect(v.standards[id as VillageStandardId].reason === null, `${id} reason`).toBe(passed !== null);
    }
    expect(v.passed).toBe(c.overall);
    if (c.overall === null) {
      for (const r of c.reasonIncludes ?? []) expect(v.reason).toContain(r);
    } else expect(v.reason).toBeNull();
  });

  it('carries exactly the indicators of V3–V6', () => {
    const v = evaluateVillage(village(), settings2024(), 46);
    expect(Object.keys(v.indicators).sort()).toEqual(
      [
        'abnormal_petitions', 'beijing_petitions', 'collective_petitions', 'intentional_crimes',
        'legal_literates', 'litigation_rate_per_10k', 'major_civil_to_criminal', 'mass_incidents',
        'rule_of_law_leaders',
      ].sort(),
    );
    expect(v.indicators.rule_of_law_leaders).toEqual({ value: 1, limit: 1, passed: true, reason: null });
    expect(v.indicators.legal_literates).toEqual({ value: 3, limit: 3, passed: true, reason: null });
    expect(v.indicators.intentional_crimes).toEqual({ value: 0, reason: null });
    expect(Object.keys(v.standards)).toEqual(['V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
  });
});

describe('town standards T1–T12', () => {
  const inc = (o: Partial<IncidentCounts>) => ({ ...noIncidents(), ...o });
  const allMet = { T1: 'met', T2: 'met', T3: 'met', T4: 'met', T5: 'met', T6: 'met' } as const;
  const checklist = (id: TownStandardId, s: ChecklistStatus | undefined) => {
    const c: Partial<Record<string, ChecklistStatus>> = { ...allMet };
    if (s === undefined) delete c[id];
    else c[id] = s;
    return c;
  };
  const cases: {
    name: string;
    over: Partial<TownInput>;
    expect: Partial<Record<TownStandardId, boolean | null>>;
    overall: boolean | null;
    reasonIncludes?: string[];
  }[] = [
    { name: 'baseline at every bound passes', over: {}, expect: Object.fromEntries(['T1','T2','T3','T4','T5','T6','T7','T8','T9','T10','T11','T12'].map((k) => [k, true])), overall: true },
    ...(['T1', 'T2', 'T3', 'T4', 'T5', 'T6'] as const).flatMap((id) => [
      { name: `${id} not met`, over: { checklist: checklist(id, 'not_met') }, expect: { [id]: false }, overall: false },
      { name: `${id} without a row is unassessed ⇒ null`, over: { checklist: checklist(id, undefined) }, expect: { [id]: null }, overall: null, reasonIncludes: [`${id}：`, '未评定'] },
      { name: `${id} explicitly unassessed ⇒ null`, over: { checklist: checklist(id, 'unassessed') }, expect: { [id]: null }, overall: null },
    ]),
    { name: 'T7 acceptance below 0.1', over: { platform: { accepted: 9, success: 7, failure: 2 } }, expect: { T7: false }, overall: false },
    { name: 'T7 null when no pre-litigation case has a party here', over: { prelitigationByPartyRegion: 0 }, expect: { T7: null }, overall: null, reasonIncludes: ['T7：分母为0'] },
    { name: 'T7 false part beats null part', over: { prelitigationByPartyRegion: 0, platform: { accepted: 10, success: 1, failure: 9 } }, expect: { T7: false }, overall: false },
    { name: 'T8 a crime sentenced to 3y+ fails', over: { incidents: inc({ intentional_crimes: 1, intentional_crimes_3y_plus: 1 }) }, expect: { T8: false }, overall: false },
    { name: 'T8 a crime under 3 years still passes', over: { incidents: inc({ intentional_crimes: 2 }) }, expect: { T8: true }, overall: true },
    { name: 'T8 major civil-to-criminal fails', over: { incidents: inc({ major_civil_to_criminal: 1 }) }, expect: { T8: false }, overall: false },
    { name: 'T8 an unsentenced intentional crime makes it null', over: { incidents: inc({ intentional_crimes: 1, unsentenced_intentional_crimes: 1 }) }, expect: { T8: null }, overall: null, reasonIncludes: ['T8：有1起故意犯罪案件尚未判决'] },
    { name: 'T8 unsentenced but already failing (3y+) stays false', over: { incidents: inc({ intentional_crimes: 2, intentional_crimes_3y_plus: 1, unsentenced_intentional_crimes: 1 }) }, expect: { T8: false }, overall: false },
    { name: 'T8 unsentenced but already failing (民转刑) stays false', over: { incidents: inc({ intentional_crimes: 1, unsentenced_intentional_crimes: 1, major_civil_to_criminal: 1 }) }, expect: { T8: false }, overall: false },
    { name: 'T9 collective petition', over: { incidents: inc({ collective_petitions: 1 }) }, expect: { T9: false }, overall: false },
    { name: 'T9 mass incident', over: { incidents: inc({ mass_incidents: 1 }) }, expect: { T9: false }, overall: false },
    { name: 'T9 Beijing petition', over: { incidents: inc({ beijing_petitions: 1 }) }, expect: { T9: false }, overall: false },
    { name: 'T9 abnormal petition', over: { incidents: inc({ abnormal_petitions: 1 }) }, expect: { T9: false }, overall: false },
    { name: 'T10 over the limit (60000, 46 ⇒ 138 allowed)', over: { courtCasesCounted: 139 }, expect: { T10: false }, overall: false },
    { name: 'T10 exactly at the limit', over: { courtCasesCounted: 138 }, expect: { T10: true }, overall: true },
    { name: 'T10 benchmark missing ⇒ T10 and every V6 null', over: { cityBenchmarkPrevYear: null }, expect: { T10: null, T12: null }, overall: null, reasonIncludes: [`T10：${NO_BENCHMARK_2023}`] },
    { name: 'T11 diversion below 0.6', over: { civilFirstInstanceCases: 21 }, expect: { T11: false }, overall: false },
    { name: 'T12 one failing village of five (4/5 = 0.8) passes', over: { villages: town().villages.map((v, i) => (i === 0 ? { ...v, ruleOfLawLeaders: 0 } : v)) }, expect: { T12: true }, overall: true },
    { name: 'T12 two failing villages of five fail', over: { villages: town().villages.map((v, i) => (i < 2 ? { ...v, ruleOfLawLeaders: 0 } : v)) }, expect: { T12: false }, overall: false },
    { name: 'T12 one failing, one unassessed of five ⇒ null', over: { villages: town().villages.map((v, i) => (i === 0 ? { ...v, ruleOfLawLeaders: 0 } : i === 1 ? { ...v, checklist: {} } : v)) }, expect: { T12: null }, overall: null, reasonIncludes: ['T12：1个村（社区）考评结果未定'] },
  ];
  it.each(cases)('$name', (c) => {
    const t = evaluateTown(town(c.over), settings2024());
    for (const [id, passed] of Object.entries(c.expect)) {
      expect(t.standards[id as TownStandardId].passed, id).toBe(passed);
      expect(t.standards[id as TownStandardId].reason === null, `${id} reason`).toBe(passed !== null);
    }
    expect(t.passed).toBe(c.overall);
    if (c.overall === null) for (const r of c.reasonIncludes ?? []) expect(t.reason).toContain(r);
    else expect(t.reason).toBeNull();
  });

  it('carries the indicators of T7–T12 and every incident count', () => {
    const t = evaluateTown(town(), settings2024());
    expect(Object.keys(t.indicators).sort()).toEqual(
      [
        'abnormal_petitions', 'beijing_petitions', 'collective_petitions', 'intentional_crimes',
        'intentional_crimes_3y_plus', 'litigation_free_village_share', 'litigation_rate_per_10k',
        'major_civil_to_criminal', 'mass_incidents', 'platform_acceptance_ratio', 'platform_success_rate',
        'prelitigation_diversion_rate', 'prelitigation_success_rate', 'unsentenced_intentional_crimes',
      ].sort(),
    );
    expect(t.indicators.intentional_crimes_3y_plus).toEqual({ value: 0, reason: null });
    expect(Object.keys(t.standards)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12']);
  });

  it('evaluates villages sorted by code, with the town benchmark', () => {
    const t = evaluateTown(
      town({ cityBenchmarkPrevYear: '40', villages: [village({ code: '3', name: '丙' }), village({ code: '1', name: '甲' }), village({ code: '2', name: '乙' })] }),
      settings2024(),
    );
    expect(t.villages.map((v) => v.code)).toEqual(['1', '2', '3']);
    expect(t.villages[0].indicators.litigation_rate_per_10k?.limit).toBe(20);
  });

  it('produces the SPEC §7 JSON shape', () => {
    const t = evaluateTown(town({ villages: [village()] }), settings2024());
    const json = JSON.parse(JSON.stringify(t));
    expect(Object.keys(json)).toEqual(['code', 'name', 'passed', 'reason', 'indicators', 'standards', 'villages']);
    expect(json.indicators.litigation_free_village_share).toEqual({ value: 1, limit: 0.8, passed: true, reason: null, target: 0.6 });
    expect(Object.keys(json.villages[0])).toEqual(['code', 'name', 'passed', 'reason', 'indicators', 'standards']);
    expect(json.villages[0].standards.V1).toEqual({ passed: true, reason: null });
  });
});

describe('litigation_free_village_share (T12)', () => {
  const r = (...xs: (boolean | null)[]) => xs.map((passed) => ({ passed }));
  const cases: {
    name: string;
    villages: { passed: boolean | null }[];
    min?: Decimal;
    target?: Decimal | null;
    value: number | null;
    passed: boolean | null;
    reason?: string;
  }[] = [
    { name: '4 of 5 = 0.8 exactly passes', villages: r(true, true, true, true, false), value: 0.8, passed: true },
    { name: '3 of 5 with no null result fails', villages: r(true, true, true, false, false), value: 0.6, passed: false },
    { name: '3 of 5 and one null could reach 0.8 ⇒ null', villages: r(true, true, true, null, false), value: 0.6, passed: null, reason: '1个村（社区）考评结果未定，若其达标，无讼村（社区）占比可达到80%' },
    { name: '2 of 5 and one null cannot reach 0.8 ⇒ false', villages: r(true, true, null, false, false), value: 0.4, passed: false },
    { name: 'only null results ⇒ null', villages: r(null, null), value: 0, passed: null, reason: '2个村（社区）考评结果未定，若其达标，无讼村（社区）占比可达到80%' },
    { name: 'already at the limit, a null village does not matter', villages: r(true, true, true, true, null), value: 0.8, passed: true },
    { name: 'a null result is not litigation-free (value counts only true)', villages: r(true, null), min: '0.5', value: 0.5, passed: true },
    { name: 'limit 0.7 with 7 of 10 (0.7 exactly)', villages: r(...Array(7).fill(true), false, false, false), min: 0.7, value: 0.7, passed: true },
    { name: 'no active village ⇒ null', villages: [], value: null, passed: null, reason: '分母为0：本乡镇无在册（有效）的村（社区）' },
  ];
  it.each(cases)('$name', (c) => {
    const ind = villageShareIndicator(c.villages, c.min ?? '0.8', c.target === undefined ? '0.6' : c.target);
    expect(ind).toEqual({
      value: c.value,
      limit: c.min === undefined ? 0.8 : Number(c.min),
      target: 0.6,
      passed: c.passed,
      reason: c.reason ?? null,
    });
  });

  it.each([
    { year: 2023, target: 0.45 },
    { year: 2024, target: 0.6 },
    { year: 2025, target: 0.75 },
    { year: 2026, target: undefined },
  ])('target of $year is $target (shown, not judged)', ({ year, target }) => {
    const s = defaultEvaluationSettings(year);
    const t = evaluateTown(town({ villages: [village(), village({ code: '2', courtCasesCounted: 1000 })] }), s);
    expect(t.indicators.litigation_free_village_share?.target).toBe(target);
    expect(t.indicators.litigation_free_village_share?.value).toBe(0.5);
    expect(t.standards.T12.passed).toBe(false); // 0.5 ≥ 0.45 target, but judged by 0.8
  });
});

describe('evaluate() report', () => {
  it('sorts towns by code and defaults D to 31 December', () => {
    const rep = evaluate([town({ code: 'B' }), town({ code: 'A' })], settings2024());
    expect(rep.year).toBe(2024);
    expect(rep.asOf).toBe('2024-12-31');
    expect(rep.towns.map((t) => t.code)).toEqual(['A', 'B']);
  });
  it.each([
    { name: 'D in another year is an error', asOf: '2023-12-31' },
    { name: 'an invalid date is an error', asOf: '2024-02-30' },
    { name: 'a malformed date is an error', asOf: '2024/06/30' },
  ])('$name', ({ asOf }) => {
    expect(() => evaluate([town()], settings2024(), asOf)).toThrow(/考评截止日期|日期无效/);
  });
  it('accepts a D inside the year', () => {
    expect(evaluate([], settings2024(), '2024-02-29').asOf).toBe('2024-02-29');
  });
  it.each([
    { name: 'negative count', over: { courtCasesCounted: -1 } },
    { name: 'fractional count', over: { civilFirstInstanceCases: 1.5 } },
    { name: 'NaN count', over: { prelitigationByPartyRegion: Number.NaN } },
    { name: 'more concluded than accepted on the platform', over: { platform: { accepted: 1, success: 1, failure: 1 } } },
  ])('rejects malformed input: $name', ({ over }) => {
    expect(() => evaluateTown(town(over as Partial<TownInput>), settings2024())).toThrow();
  });
});
