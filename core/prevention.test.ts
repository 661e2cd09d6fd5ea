import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { onTime, ratio, screeningCoverage, targetState, TARGET_STATE_KEYS, villageGaps } from './prevention.ts';

describe('screening target state (SPEC §6.1)', () => {
  const deadline = '2026-03-10';
  it.each([
    ['no report, before the deadline', null, '2026-03-09', 'pending'],
    ['no report, on the deadline day', null, '2026-03-10', 'pending'],
    ['no report, the day after', null, '2026-03-11', 'overdue'],
    ['reported before the deadline', { status: 'submitted', submittedOn: '2026-03-01' }, '2026-03-20', 'on_time'],
    ['reported on the deadline day', { status: 'submitted', submittedOn: '2026-03-10' }, '2026-03-20', 'on_time'],
    ['reported after it', { status: 'submitted', submittedOn: '2026-03-11' }, '2026-03-20', 'late'],
    ['sent back (before or after the deadline)', { status: 'reopened', submittedOn: '2026-03-01' }, '2026-03-20', 'reopened'],
  ] as const)('%s → %s', (_what, report, day, expected) => {
    expect(targetState(report, deadline, day)).toBe(expected);
  });

  it('is always one of the listed states, and on time exactly when onTime says so', () => {
    const day = fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, day, fc.boolean(), fc.constantFrom('submitted', 'reopened'), (dl, today, submitted, hasReport, status) => {
        const s = targetState(hasReport ? { status, submittedOn: submitted } : null, dl, today);
        expect(TARGET_STATE_KEYS).toContain(s);
        if (hasReport && status === 'submitted') expect(s === 'on_time').toBe(onTime(submitted, dl));
      }),
    );
  });
});

describe('ratios', () => {
  it.each([
    [3, 4, 0.75, null],
    [0, 5, 0, null],
    [0, 0, null, '该排查未覆盖任何地区'],
  ])('coverage %i of %i → %s', (n, d, value, reason) => {
    expect(screeningCoverage(d, n)).toEqual({ numerator: n, denominator: d, value, reason });
  });
  it('a zero denominator gives no value and says why', () => {
    expect(ratio(1, 0, '无数据')).toEqual({ numerator: 1, denominator: 0, value: null, reason: '无数据' });
  });
});

describe('villageGaps', () => {
  const mins = { minRuleOfLawLeaders: 1, minLegalLiterates: 3 };
  it.each([
    [{ ruleOfLawLeaders: 1, legalLiterates: 3, legalAdvisers: 1, facilities: ['court_link'] }, { ruleOfLawLeadersMissing: 0, legalLiteratesMissing: 0, legalAdviserMissing: false, meetsPersonnelStandard: true, missingFacilities: [] }],
    [{ ruleOfLawLeaders: 1, legalLiterates: 3, legalAdvisers: 0, facilities: ['court_link'] }, { legalAdviserMissing: true, meetsPersonnelStandard: true }],
    [{ ruleOfLawLeaders: 0, legalLiterates: 1, facilities: [] }, { ruleOfLawLeadersMissing: 1, legalLiteratesMissing: 2, legalAdviserMissing: false, meetsPersonnelStandard: false, missingFacilities: ['court_link'] }],
  ])('%j → %j', (input, expected) => {
    expect(villageGaps(input, mins, ['court_link'])).toMatchObject(expected);
  });
});
