import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultGradingRules, gradeDispute, gradeRank, handledGrade, reasonsText, suggestRoute, type GradeInput, type RouteUnit } from './grading.ts';

const base: GradeInput = {
  category: 'neighbour',
  categoryLabel: '邻里',
  peopleCount: 2,
  amount: null,
  riskLevel: 'general',
  mayTurnCriminal: false,
  threatensPetition: false,
  keyPersons: 0,
  failedStages: 0,
  roundsExceeded: 0,
  repeatCount: 1,
  overdueStages: 0,
};

describe('gradeDispute: each reason', () => {
  const cases: [string, Partial<GradeInput>, string, number][] = [
    ['nothing', {}, '', 0],
    ['category', { category: 'expropriation_demolition', categoryLabel: '征地拆迁' }, '征地拆迁类纠纷', 2],
    ['people 5', { peopleCount: 5 }, '涉及5人', 2],
    ['people 12', { peopleCount: 12 }, '涉及12人', 3],
    ['amount 5万', { amount: '50000.00' }, '涉及金额5万元', 1],
    ['amount 25万', { amount: '250000' }, '涉及金额25万元', 2],
    ['risk serious', { riskLevel: 'serious' }, '风险等级较大', 2],
    ['risk major', { riskLevel: 'major' }, '风险等级重大', 4],
    ['may turn criminal', { mayTurnCriminal: true }, '可能民转刑', 5],
    ['threatens petition', { threatensPetition: true }, '扬言上访', 3],
    ['key person', { keyPersons: 1 }, '当事人中有重点对象1人', 3],
    ['failed twice', { failedStages: 2 }, '已调解不成2次', 2],
    ['331', { roundsExceeded: 1 }, '调解轮次超过“331”规定', 2],
    ['repeat second', { repeatCount: 2 }, '同一当事人一年内第2次', 1],
    ['repeat third', { repeatCount: 3 }, '同一当事人一年内第3次', 3],
    ['overdue', { overdueStages: 1 }, '超期阶段1个', 1],
  ];
  it.each(cases)('%s', (_name, change, reason, score) => {
    const r = gradeDispute({ ...base, ...change });
    expect(r.reasons).toEqual(reason ? [reason] : []);
    expect(r.score).toBe(score);
  });

  it('joins the reasons with full-width semicolons', () => {
    const r = gradeDispute({ ...base, peopleCount: 12, threatensPetition: true, repeatCount: 3 });
    expect(reasonsText(r.reasons)).toBe('涉及12人；扬言上访；同一当事人一年内第3次');
    expect(r.grade).toBe('red'); // 3 + 3 + 3 = 9
    expect(reasonsText([])).toBe('未发现风险因素');
  });
});

describe('gradeDispute: each colour boundary', () => {
  // scores built from failed stages (1 point each, no floor)
  const cases: [number, string][] = [
    [0, 'green'],
    [1, 'green'],
    [2, 'yellow'],
    [4, 'yellow'],
    [5, 'orange'],
    [8, 'orange'],
    [9, 'red'],
    [20, 'red'],
  ];
  it.each(cases)('%i points → %s', (n, grade) => {
    expect(gradeDispute({ ...base, failedStages: n }).grade).toBe(grade);
  });

  const floors: [string, Partial<GradeInput>, string][] = [
    ['threatens petition alone is at least yellow', { threatensPetition: true }, 'yellow'],
    ['may turn criminal alone is at least orange', { mayTurnCriminal: true }, 'orange'],
    ['30 people are at least orange', { peopleCount: 30 }, 'orange'],
    ['29 people are yellow', { peopleCount: 29 }, 'yellow'],
    ['100 people are red', { peopleCount: 100 }, 'red'],
    ['a key person is at least yellow', { keyPersons: 1 }, 'yellow'],
    ['a major risk is at least orange', { riskLevel: 'major' }, 'orange'],
    ['4 people, 1 yuan short of 5万: green', { peopleCount: 4, amount: '49999.99' }, 'green'],
  ];
  it.each(floors)('%s', (_n, change, grade) => expect(gradeDispute({ ...base, ...change }).grade).toBe(grade));

  it('follows changed settings (thresholds and weights)', () => {
    const rules = defaultGradingRules();
    rules.thresholds = { yellow: 1, orange: 2, red: 3 };
    rules.threatensPetition = { points: 3, floor: null };
    expect(gradeDispute({ ...base, threatensPetition: true }, rules).grade).toBe('red');
    rules.categories = { neighbour: 1 };
    expect(gradeDispute(base, rules)).toMatchObject({ grade: 'yellow', reasons: ['邻里类纠纷'] });
  });
});

const inputArb = fc.record({
  category: fc.constantFrom('neighbour', 'labour', 'expropriation_demolition', 'contract'),
  peopleCount: fc.integer({ min: 1, max: 200 }),
  amount: fc.option(fc.integer({ min: 0, max: 3_000_000 }).map(String), { nil: null }),
  riskLevel: fc.constantFrom('general', 'serious', 'major'),
  mayTurnCriminal: fc.boolean(),
  threatensPetition: fc.boolean(),
  keyPersons: fc.integer({ min: 0, max: 3 }),
  failedStages: fc.integer({ min: 0, max: 4 }),
  roundsExceeded: fc.integer({ min: 0, max: 3 }),
  repeatCount: fc.integer({ min: 1, max: 6 }),
  overdueStages: fc.integer({ min: 0, max: 4 }),
});

/** One more risk factor, or a bigger one. */
const riskUp = fc.constantFrom<(i: GradeInput) => GradeInput>(
  (i) => ({ ...i, mayTurnCriminal: true }),
  (i) => ({ ...i, threatensPetition: true }),
  (i) => ({ ...i, peopleCount: i.peopleCount + 7 }),
  (i) => ({ ...i, amount: String(Number(i.amount ?? 0) + 300_000) }),
  (i) => ({ ...i, riskLevel: i.riskLevel === 'general' ? 'serious' : 'major' }),
  (i) => ({ ...i, keyPersons: i.keyPersons + 1 }),
  (i) => ({ ...i, failedStages: i.failedStages + 1 }),
  (i) => ({ ...i, roundsExceeded: i.roundsExceeded + 1 }),
  (i) => ({ ...i, repeatCount: i.repeatCount + 1 }),
  (i) => ({ ...i, overdueStages: i.overdueStages + 1 }),
  (i) => ({ ...i, category: 'expropriation_demolition' }),
);

describe('gradeDispute: properties', () => {
  it('adding a risk factor never lowers the grade nor the score', () => {
    fc.assert(
      fc.property(inputArb, riskUp, (i, up) => {
        const before = gradeDispute(i);
        const after = gradeDispute(up(i));
        expect(gradeRank(after.grade)).toBeGreaterThanOrEqual(gradeRank(before.grade));
        expect(after.score).toBeGreaterThanOrEqual(before.score);
      }),
    );
  });
  it('a grade above green always says why', () => {
    fc.assert(fc.property(inputArb, (i) => gradeDispute(i).grade === 'green' || gradeDispute(i).reasons.length > 0));
  });
});

describe('routing', () => {
  const units: RouteUnit[] = [
    { id: 'vc', name: '东村调委会', type: 'village_committee', aboveTown: false },
    { id: 'centre', name: '清溪镇矛调中心', type: 'town_centre', aboveTown: false },
    { id: 'justice', name: '清溪司法所', type: 'justice_office', aboveTown: false },
    { id: 'court', name: '县法院', type: 'court', aboveTown: true },
    { id: 'county', name: '县矛调中心', type: 'town_centre', aboveTown: true },
  ];
  const cases: [string, string | null, boolean, string, string | null][] = [
    ['green at village: none', 'village', false, 'green', null],
    ['yellow at village → town centre', 'village', false, 'yellow', 'centre'],
    ['yellow at town: none', 'town', false, 'yellow', null],
    ['orange at town → joint mediation', 'town', false, 'orange', 'justice'],
    ['orange at department: none', 'department', false, 'orange', null],
    ['red at department → county', 'department', false, 'red', 'county'],
    ['red at a county unit: none', 'department', true, 'red', null],
    ['registered green: none', null, false, 'green', null],
    ['registered yellow → town centre', null, false, 'yellow', 'centre'],
  ];
  it.each(cases)('%s', (_n, level, above, grade, unitId) => {
    const s = suggestRoute(grade as never, { level, unitAboveTown: above }, units);
    expect(s?.unitId ?? null).toBe(unitId);
    if (s) expect(s.text).toMatch(/^(黄|橙|红)色纠纷，建议由/);
  });
  it('a level handles its colour and below', () => {
    expect(handledGrade('grid', false)).toBe('green');
    expect(handledGrade('prelitigation', false)).toBe('red');
    expect(handledGrade(null, false)).toBeNull();
  });
});
