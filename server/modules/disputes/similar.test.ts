/**
 * Similar cases (issue 17.2) against a hand-built set: which concluded cases of the town must come first, which
 * must not come at all (open, another town, nothing in common), and the library entries of the same category.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { addDays, todayShanghai } from '../../../core/dates.ts';
import { bigrams, dice, gramHashes } from '../../../core/similarity.ts';

let t: TestApp;
let office: string;
let officeB: string;
let cadreA2: string;
const today = todayShanghai();
const day = (n: number) => addDays(today, n);
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const req = (cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });

async function dispute(cookie: string, regionCode: string, category: string, summary: string, conclude: 'resolve' | 'fail' | null) {
  const r = await req(cookie, 'POST', '/api/disputes', {
    regionCode,
    receivedOn: day(-20),
    channel: 'walk_in',
    category,
    summary,
    peopleCount: 2,
    amount: null,
    riskLevel: 'general',
    mayTurnCriminal: false,
    threatensPetition: false,
    parties: [{ role: 'applicant', kind: 'person', name: '甲', idNumber: null, phone: null, address: null }],
  });
  expect(r.statusCode, r.body).toBe(201);
  let d = r.json() as Json;
  const act = async (body: Json) => {
    const x = await req(cookie, 'POST', `/api/disputes/${d.id}/actions`, { version: d.version, ...body });
    expect(x.statusCode, x.body).toBe(200);
    d = x.json();
  };
  if (!conclude) return d;
  await act({ action: 'accept', date: day(-19), level: 'town' });
  await act({ action: 'start_mediation', date: day(-18) });
  if (conclude === 'resolve') await act({ action: 'resolve', date: day(-10), agreement: { form: 'written', facts: summary, content: `${summary}，经调解双方自愿达成协议`, performanceDeadline: day(10) } });
  else await act({ action: 'fail', date: day(-10), reason: 'no_agreement', toldRightToSue: true });
  return d;
}

const TARGET = '东村李某与王某因宅基地界址不清，王某建房占用李某宅基地约两米引发纠纷';
const n: Record<string, Json> = {};

beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  office = await t.userWith('town_office', { regionCode: TREE.townA }, 'office_a');
  officeB = await t.userWith('town_office', { regionCode: TREE.townB }, 'office_b');
  cadreA2 = await t.userWith('village_admin', { regionCode: TREE.a1 }, 'cadre_a1');
  n.A = await dispute(office, TREE.a2, 'housing_homestead', '西村张某与赵某因宅基地界址争议，赵某建房越界占用张某宅基地', 'resolve');
  n.B = await dispute(office, TREE.a3, 'housing_homestead', '南村两户因宅基地界址上的树木归属发生争执', 'fail');
  n.C = await dispute(office, TREE.a1, 'neighbour', '东村李某与王某因建房占用通道及宅基地界址引发邻里纠纷', 'resolve');
  n.D = await dispute(office, TREE.a1, 'contract', '某公司拖欠货款引发合同纠纷', 'resolve');
  n.E = await dispute(office, TREE.a2, 'housing_homestead', '西村张某与赵某因宅基地界址争议，赵某建房越界占用张某宅基地', null);
  n.F = await dispute(officeB, TREE.b1, 'housing_homestead', '北村张某与赵某因宅基地界址争议，赵某建房越界占用张某宅基地', 'resolve');
  n.T = await dispute(office, TREE.a1, 'housing_homestead', TARGET, null);
  const lib = await req(office, 'POST', '/api/library', { kind: 'typical_case', title: '宅基地界址纠纷的调解', category: 'housing_homestead', regionCode: TREE.townA, summary: '以测绘为据厘清界址', publishedOn: day(-30) });
  expect(lib.statusCode, lib.body).toBe(201);
  const other = await req(office, 'POST', '/api/library', { kind: 'typical_case', title: '劳动报酬纠纷', category: 'labour', regionCode: TREE.townA });
  expect(other.statusCode).toBe(201);
  const weekly = await req(office, 'POST', '/api/education/activities', { type: 'weekly_case', heldOn: day(-7), regionCode: TREE.townA, title: '每周一典：宅基地界址', libraryEntryId: lib.json().id });
  expect(weekly.statusCode, weekly.body).toBe(201);
});
afterAll(() => t.close());

describe('similar cases', () => {
  it('the same category first, then by bigram similarity; only concluded cases of the town', async () => {
    const r = await req(office, 'GET', `/api/disputes/${n.T.id}/similar`);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.cases.map((c: Json) => c.number)).toEqual([n.A.number, n.B.number, n.C.number]);
    expect(body.cases[0]).toMatchObject({ sameCategory: true, outcome: 'resolved', agreementForm: 'written' });
    expect(body.cases[0].agreementContent).toMatch(/自愿达成协议/);
    expect(body.cases[1]).toMatchObject({ outcome: 'failed', agreementContent: null });
    expect(body.cases[2].sameCategory).toBe(false);
    expect(body.cases[0].similarity).toBeGreaterThan(body.cases[1].similarity);
    expect(body.library).toEqual([expect.objectContaining({ title: '宅基地界址纠纷的调解', kind: 'typical_case', weekly: true })]);
  });

  it('a case the user may not open is shown without its link; another town never', async () => {
    const body = (await req(cadreA2, 'GET', `/api/disputes/${n.T.id}/similar`)).json();
    const byNumber = Object.fromEntries(body.cases.map((c: Json) => [c.number, c]));
    expect(byNumber[n.A.number].id).toBeNull(); // 西村: not the 东村 cadre's
    expect(byNumber[n.C.number].id).toBe(n.C.id);
    expect((await req(officeB, 'GET', `/api/disputes/${n.T.id}/similar`)).statusCode).toBe(404);
  });

  it('bigrams: Han pairs, letters and digits whole, punctuation and common words dropped', () => {
    expect(bigrams('宅基地，纠纷A12')).toEqual(['宅基', '基地', 'a12']);
    expect(dice(gramHashes('宅基地界址'), gramHashes('宅基地界址'))).toBe(1);
    expect(dice(gramHashes('宅基地'), gramHashes('工程款'))).toBe(0);
  });
});
