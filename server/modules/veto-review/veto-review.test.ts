import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { courtCase, incident } from '../evaluation/test-data.ts';

let t: TestApp;
let office: string;
let officeB: string;
let leader: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  office = await t.userWith('town_office', { regionCode: TREE.townA });
  officeB = await t.userWith('town_office', { regionCode: TREE.townB });
  leader = await t.userWith('town_leader', { regionCode: TREE.townA });
  // 东村: a criminal first-instance case (刑初) and a civil one; 西村's grid: a criminal one; the town only: a criminal one
  await courtCase(t.database, { region: TREE.a1, filedOn: '2024-03-01', kind: 'criminal', caseNo: '(2024)浙0782刑初11号' });
  await courtCase(t.database, { region: TREE.a1, filedOn: '2024-03-02', kind: 'civil', caseNo: '(2024)浙0782民初12号' });
  await courtCase(t.database, { region: TREE.gridA2, filedOn: '2024-04-01', kind: 'criminal', caseNo: '(2024)浙0782刑初13号' });
  await courtCase(t.database, { region: TREE.townA, filedOn: '2024-05-01', kind: 'criminal', caseNo: '(2024)浙0782刑初14号' });
  await courtCase(t.database, { region: TREE.a1, filedOn: '2023-05-01', kind: 'criminal', caseNo: '(2023)浙0782刑初15号' });
  await courtCase(t.database, { region: TREE.b1, filedOn: '2024-06-01', kind: 'criminal', caseNo: '(2024)浙0782刑初16号' });
  // a negligent crime of 南村 sentenced to four years, and one to two years
  await incident(t.database, { type: 'negligent_crime', region: TREE.a3, occurredOn: '2024-07-01', sentenceMonths: 48 });
  await incident(t.database, { type: 'negligent_crime', region: TREE.a3, occurredOn: '2024-07-02', sentenceMonths: 24 });
});
afterAll(() => t?.close());

const get = (url: string, cookie = office) => t.inject({ method: 'GET', url, headers: { cookie } });
const post = (body: Record<string, unknown>, cookie = office) => t.inject({ method: 'POST', url: '/api/veto-reviews?year=2024', headers: { cookie }, payload: body });
const v4 = async () => {
  const r = await t.inject({ method: 'GET', url: `/api/evaluation?year=2024&town=${TREE.townA}`, headers: { cookie: office } });
  const town = r.json().towns[0];
  return { a1: town.villages.find((v: { code: string }) => v.code === TREE.a1).indicators.intentional_crimes.value as number, town: town.indicators.intentional_crimes_3y_plus.value as number };
};

describe('veto items reconciled with court data (issue 14.4)', () => {
  it('lists each 刑初 case of a village and each negligent crime of three years or more as 待核查, in scope', async () => {
    const r = await get('/api/veto-reviews?year=2024');
    expect(r.statusCode, r.body).toBe(200);
    const list = r.json();
    expect(list.items.map((i: { title: string; sourceKind: string }) => (i.sourceKind === 'court_case' ? i.title : `incident:${i.title}`)).sort()).toEqual(
      ['(2024)浙0782刑初11号', '(2024)浙0782刑初13号', 'incident:过失犯罪'].sort(),
    );
    expect(list.pending).toBe(3);
    expect((await get('/api/veto-reviews?year=2024', officeB)).json().items.map((i: { title: string }) => i.title)).toEqual(['(2024)浙0782刑初16号']);
    // per village (a grid counts for its village) and per town: what the scorecard says V4/T8 rests on
    const p = (await get('/api/veto-reviews/pending?year=2024')).json().byRegion;
    expect(p).toEqual({ [TREE.a1]: 1, [TREE.a2]: 1, [TREE.a3]: 1, [TREE.townA]: 3 });
  });

  it('confirming a case writes the veto incident in the same step, and the evaluation counts it; dismissing needs a reason', async () => {
    expect(await v4()).toEqual({ a1: 0, town: 0 });
    expect((await post({ sourceKind: 'court_case', sourceId: '(2024)浙0782刑初11号', decision: 'confirmed', sentenceMonths: 40 }, leader)).statusCode).toBe(403);
    expect((await post({ sourceKind: 'court_case', sourceId: '(2024)浙0782刑初11号', decision: 'confirmed' }, officeB)).statusCode).toBe(404);
    const ok = await post({ sourceKind: 'court_case', sourceId: '(2024)浙0782刑初11号', decision: 'confirmed', sentenceMonths: 40 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'confirmed', incidentId: expect.any(String) });
    expect(await v4()).toEqual({ a1: 1, town: 1 });
    expect((await post({ sourceKind: 'court_case', sourceId: '(2024)浙0782刑初11号', decision: 'dismissed', reason: '重复' })).statusCode).toBe(409);

    const noReason = await post({ sourceKind: 'court_case', sourceId: '(2024)浙0782刑初13号', decision: 'dismissed' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().detail).toContain('理由');
    const dismissed = await post({ sourceKind: 'court_case', sourceId: '(2024)浙0782刑初13号', decision: 'dismissed', reason: '被告人户籍不在本村，系暂住' });
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    expect(dismissed.json()).toMatchObject({ status: 'dismissed', reason: '被告人户籍不在本村，系暂住', incidentId: null });

    // the negligent crime of four years turns out intentional: the incident itself changes type
    const neg = (await get('/api/veto-reviews?year=2024')).json().items.find((i: { sourceKind: string }) => i.sourceKind === 'incident');
    expect((await post({ sourceKind: 'incident', sourceId: neg.sourceId, decision: 'confirmed', reason: '经核实为故意伤害' })).statusCode).toBe(200);
    expect((await v4()).town).toBe(2);

    const after = (await get('/api/veto-reviews?year=2024')).json();
    expect(after.items).toEqual([]);
    expect(after.pending).toBe(0);
    expect((await get('/api/veto-reviews?year=2024&status=dismissed')).json().items.map((i: { title: string }) => i.title)).toEqual(['(2024)浙0782刑初13号']);
    const audit = await t.database.query<{ action: string }>(`select action from audit_log where entity in ('veto_review', 'incident')`);
    expect(audit.map((a) => a.action).sort()).toEqual(['incident.create', 'incident.update', 'veto_review.confirm', 'veto_review.confirm', 'veto_review.dismiss']);
    const x = await get('/api/veto-reviews?year=2024&status=all&format=xlsx');
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
  });
});
