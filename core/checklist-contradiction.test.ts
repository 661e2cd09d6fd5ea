import { describe, expect, it } from 'vitest';
import { checklistContradiction } from './checklist-contradiction.ts';

const r = (numerator: number, denominator: number) => ({ numerator, denominator, value: denominator ? numerator / denominator : null });

describe('checklistContradiction (issue 14.3)', () => {
  it.each([
    ['T3 with every village linked and the centre registered', 'mediation_centre_and_court_link', { townCentre: true, villagesWithCourtLink: r(3, 3), missing: [] }, null],
    ['T3 with one village lacking 诉服村村通', 'mediation_centre_and_court_link', { townCentre: true, villagesWithCourtLink: r(2, 3), missing: ['南村'] }, '南村未建成“诉服村村通”'],
    ['T3 without the town centre', 'mediation_centre_and_court_link', { townCentre: false, missing: [] }, '未登记本镇矛盾纠纷多元调处中心'],
    ['T4 with a village missing its station', 'public_legal_service_stations', { villagesWithStation: r(1, 2), missing: ['西村'] }, '西村没有在用的公共法律服务工作站'],
    ['T4 complete', 'public_legal_service_stations', { villagesWithStation: r(2, 2), missing: [] }, null],
    ['T2 short of people', 'legal_talent_teams', { villagesMeetingStandard: r(3, 4), villages: [] }, '1个村（社区）法治带头人或法律明白人少于最低人数'],
    ['T2 without a legal adviser', 'legal_talent_teams', { villagesMeetingStandard: r(2, 2), villages: [{ name: '东村', legal_adviser: 1 }, { name: '西村', legal_adviser: 0 }] }, '西村没有一村一法律顾问'],
    ['T5 without campaigns', 'regular_screening', { campaigns: 0 }, '没有排查活动'],
    ['T6 without activities', 'legal_culture_platform', { activities: 0 }, '没有法治宣传教育活动'],
    ['T1 has no figures to contradict it', 'creation_plan', {}, null],
    ['V1 has no figures to contradict it', 'village_rules_non_litigation', {}, null],
  ])('%s', (_name, item, figures, expected) => {
    const c = checklistContradiction(item, figures);
    if (expected === null) expect(c).toBeNull();
    else expect(c).toContain(expected);
  });

  it('names at most five places and counts the rest', () => {
    const missing = ['一村', '二村', '三村', '四村', '五村', '六村', '七村'];
    expect(checklistContradiction('mediation_centre_and_court_link', { townCentre: true, missing })).toContain('一村、二村、三村、四村、五村等7个');
  });
});
