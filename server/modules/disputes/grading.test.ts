/**
 * Four-colour grading through the API (issue 17.1): grades and reasons from stored records (key persons by
 * identity number, repeat parties), regraded on actions, routing suggestion and its audited override, list filter
 * and sort, the town office told of orange/red, the grading settings a town office may change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { addDays, todayShanghai } from '../../../core/dates.ts';
import { checkDigit } from '../../../core/id-number.ts';
import { defaultGradingRules } from '../../../core/grading.ts';
import { regradeOpen } from './jobs.ts';

let t: TestApp;
let office: string;
let cadre: string;
let officeId: string;
let cadreId: string;

const today = todayShanghai();
const day = (n: number) => addDays(today, n);
const idn = (first17: string) => first17 + checkDigit(first17);
const REPEAT = idn('33078219820304111');
const WATCHED = idn('33078219700101222');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const req = (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  t.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });

function intake(over: Json = {}): Json {
  return {
    regionCode: TREE.a1,
    receivedOn: day(-5),
    channel: 'walk_in',
    category: 'neighbour',
    summary: '东村两户因排水沟堵塞发生争执',
    peopleCount: 2,
    amount: null,
    riskLevel: 'general',
    mayTurnCriminal: false,
    threatensPetition: false,
    parties: [{ role: 'applicant', kind: 'person', name: '王五', idNumber: null, phone: null, address: null }],
    ...over,
  };
}
async function register(cookie: string, over: Json = {}) {
  const r = await req(cookie, 'POST', '/api/disputes', intake(over));
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as Json;
}
async function act(cookie: string, d: Json, body: Json, status = 200) {
  const r = await req(cookie, 'POST', `/api/disputes/${d.id}/actions`, { version: d.version, ...body });
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as Json;
}
const userId = async (u: string) => (await t.database.query<{ id: string }>('select id from users where username = $1', [u]))[0].id;

beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  office = await t.userWith('town_office', { regionCode: TREE.townA }, 'office_a');
  cadre = await t.userWith('village_admin', { regionCode: TREE.a1 }, 'cadre_a1');
  officeId = await userId('office_a');
  cadreId = await userId('cadre_a1');
});
afterAll(() => t.close());

describe('grading at intake', () => {
  it('a plain dispute is green with no reasons and no suggestion', async () => {
    const d = await register(cadre);
    expect(d).toMatchObject({ grade: 'green', gradeScore: 0, gradeReasons: [], routeSuggestion: null });
  });

  it('lists the reasons in Chinese: 涉及12人；扬言上访；同一当事人一年内第3次 → red', async () => {
    const p = (name: string) => [{ role: 'applicant', kind: 'person', name, idNumber: REPEAT, phone: null, address: null }];
    await register(cadre, { receivedOn: day(-200), parties: p('赵六') });
    await register(cadre, { receivedOn: day(-100), parties: p('赵六') });
    // a dispute of the same party older than 12 months does not count
    await register(cadre, { receivedOn: day(-400), parties: p('赵六') });
    const d = await register(cadre, { peopleCount: 12, threatensPetition: true, parties: p('赵六') });
    expect(d.gradeReasons).toEqual(['涉及12人', '扬言上访', '同一当事人一年内第3次']);
    expect(d.grade).toBe('red');
    expect(d.routeSuggestion).toMatchObject({ grade: 'red', level: 'department' });
    // the one-page summary's history of the same parties (issue 17.4): all three earlier ones, newest first
    const h = (await req(cadre, 'GET', `/api/disputes/${d.id}/party-history`)).json();
    expect(h.items.map((x: Json) => x.receivedOn)).toEqual([day(-100), day(-200), day(-400)]);
    expect(h.items[0].parties).toBe('赵六');
  });

  it('recognises a key person among the parties by identity number', async () => {
    const kp = await req(office, 'POST', '/api/key-persons', { regionCode: TREE.a1, name: '钱七', idNumber: WATCHED, type: 'threatened_petition', responsibleUserId: cadreId, responsePlan: '每周走访' });
    expect(kp.statusCode, kp.body).toBe(201);
    const bad = await req(office, 'POST', '/api/key-persons', { regionCode: TREE.a1, name: '孙八', idNumber: '330782197001012229', type: 'other', responsibleUserId: cadreId });
    expect(bad.statusCode).toBe(422);
    const d = await register(cadre, { parties: [{ role: 'applicant', kind: 'person', name: '钱七', idNumber: WATCHED, phone: null, address: null }] });
    expect(d.gradeReasons).toEqual(['当事人中有重点对象1人']);
    expect(d.grade).toBe('yellow');
    const audit = await t.database.query<{ after: Json }>(`select after from audit_log where action = 'key_person.create' order by id desc limit 1`);
    expect(JSON.stringify(audit[0].after)).not.toMatch(/idNumberEnc|idNumberHash/);
  });
});

describe('routing and override', () => {
  it('suggests the town centre for a yellow dispute at village level; override is reasoned, on the timeline and audited', async () => {
    let d = await register(cadre, { threatensPetition: true });
    expect(d).toMatchObject({ grade: 'yellow', routeSuggestion: { level: 'town', unitId: `centre-${TREE.townA}` } });
    expect(d.routeSuggestion.text).toBe('黄色纠纷，建议由镇矛调中心（常驻部门）调解：清溪镇矛调中心');
    d = await act(cadre, d, { action: 'accept', date: day(-5), level: 'village' });
    expect(d.routeSuggestion).toMatchObject({ level: 'town' });
    const empty = await req(cadre, 'POST', `/api/disputes/${d.id}/route-override`, { version: d.version, reason: '' });
    expect(empty.statusCode).toBe(422);
    const stale = await req(cadre, 'POST', `/api/disputes/${d.id}/route-override`, { version: d.version - 1, reason: '村里能调好' });
    expect(stale.statusCode).toBe(409);
    const r = await req(cadre, 'POST', `/api/disputes/${d.id}/route-override`, { version: d.version, reason: '当事人均在本村，村调委会熟悉情况' });
    expect(r.statusCode, r.body).toBe(200);
    d = r.json();
    expect(d.routeSuggestion).toBeNull();
    expect(d.routeOverride).toMatchObject({ grade: 'yellow', level: 'village', reason: '当事人均在本村，村调委会熟悉情况' });
    expect(d.events.at(-1)).toMatchObject({ action: 'route_override', reason: '当事人均在本村，村调委会熟悉情况' });
    const audit = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'dispute.route_override' and entity_id = $1`, [d.id]);
    expect(audit[0].n).toBe(1);
    // nothing left to override
    expect((await req(cadre, 'POST', `/api/disputes/${d.id}/route-override`, { version: d.version, reason: '再次说明' })).statusCode).toBe(422);
  });

  it('accepting the suggestion is the existing transfer; at the suggested level the suggestion is gone', async () => {
    let d = await register(cadre, { threatensPetition: true });
    d = await act(cadre, d, { action: 'accept', date: day(-5), level: 'village' });
    d = await act(cadre, d, { action: 'transfer', date: day(-4), level: d.routeSuggestion.level, unitId: d.routeSuggestion.unitId, reason: '按四色分级流转' });
    expect(d).toMatchObject({ currentLevel: 'town', currentUnitId: `centre-${TREE.townA}`, routeSuggestion: null });
  });

  it('regrades on each action: a failed stage adds a reason and can raise the colour', async () => {
    let d = await register(cadre, { peopleCount: 5 }); // 2 points: yellow
    expect(d).toMatchObject({ grade: 'yellow', gradeScore: 2 });
    d = await act(office, d, { action: 'accept', date: day(-5), level: 'town' });
    d = await act(office, d, { action: 'start_mediation', date: day(-5) });
    d = await act(office, d, { action: 'fail', date: day(-4), reason: 'no_agreement', toldRightToSue: true });
    expect(d.gradeReasons).toEqual(['涉及5人', '已调解不成1次']);
    expect(d.gradeScore).toBe(3);
    const audits = await t.database.query<{ after: Json }>(`select after from audit_log where action = 'dispute.fail' and entity_id = $1`, [d.id]);
    expect(audits[0].after).toMatchObject({ grade: 'yellow', gradeScore: 3 });
  });
});

describe('ledger and notifications', () => {
  it('filters and sorts by colour', async () => {
    const red = await req(office, 'GET', '/api/disputes?grade=red&pageSize=100');
    expect(red.json().items.length).toBeGreaterThan(0);
    expect(red.json().items.every((x: Json) => x.grade === 'red')).toBe(true);
    const sorted = (await req(office, 'GET', '/api/disputes?sort=grade&pageSize=100')).json().items.map((x: Json) => x.grade);
    const rank = (g: string) => ['red', 'orange', 'yellow', 'green'].indexOf(g);
    expect(sorted.map(rank)).toEqual([...sorted.map(rank)].sort((a, b) => a - b));
    expect((await req(office, 'GET', '/api/disputes?grade=red,orange')).json().total).toBeGreaterThanOrEqual(red.json().total);
  });

  it('an orange or red dispute notifies the town office, once per colour', async () => {
    const d = await register(cadre, { mayTurnCriminal: true });
    expect(d.grade).toBe('orange');
    const mine = (await req(office, 'GET', '/api/notifications')).json();
    const hits = mine.items.filter((n: Json) => n.event === 'dispute.graded' && n.ref?.id === d.id);
    expect(hits).toHaveLength(1);
    expect(hits[0].title).toBe(`纠纷 ${d.number} 评为橙色`);
    expect(hits[0].text).toMatch(/可能民转刑/);
    // the cadre who registered it is not told of their own dispute
    const cadreNotes = (await req(cadre, 'GET', '/api/notifications')).json();
    expect(cadreNotes.items.some((n: Json) => n.ref?.id === d.id && n.event === 'dispute.graded')).toBe(false);
    expect(officeId).toBeTruthy();
  });
});

describe('the regrade job', () => {
  it('grades what came in ungraded and counts a stage that passed its due date', async () => {
    let d = await register(cadre);
    d = await act(cadre, d, { action: 'accept', date: day(-5), level: 'village' });
    await t.database.query(`update disputes set grade = null, summary_grams = null where id = $1`, [d.id]);
    await t.database.query(`update dispute_stages set due_on = $2 where dispute_id = $1`, [d.id, day(-1)]);
    await regradeOpen(t.database);
    const [row] = await t.database.query<{ grade: string; grade_reasons: string[]; summary_grams: number[] }>(`select grade, grade_reasons, summary_grams from disputes where id = $1`, [d.id]);
    expect(row.grade).toBe('green');
    expect(row.grade_reasons).toEqual(['超期阶段1个']);
    expect(row.summary_grams.length).toBeGreaterThan(5);
  });
});

describe('grading settings', () => {
  it('the town office changes the year’s rules (a village cadre may not); the next change regrades by them', async () => {
    const year = Number(today.slice(0, 4));
    const cur = (await req(office, 'GET', `/api/settings/${year}`)).json();
    const grading = { ...defaultGradingRules(), threatensPetition: { points: 9, floor: null } };
    expect((await req(cadre, 'PUT', `/api/settings/${year}/grading`, { version: cur.version, grading })).statusCode).toBe(403);
    const bad = await req(office, 'PUT', `/api/settings/${year}/grading`, { version: cur.version, grading: { ...grading, thresholds: { yellow: 5, orange: 3, red: 9 } } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toMatch(/阈值/);
    const ok = await req(office, 'PUT', `/api/settings/${year}/grading`, { version: cur.version, grading });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().data.grading.threatensPetition.points).toBe(9);
    const d = await register(cadre, { threatensPetition: true });
    expect(d).toMatchObject({ grade: 'red', gradeScore: 9 });
    const audit = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'settings.grading'`);
    expect(audit[0].n).toBe(1);
    // back to the defaults for the rest
    const back = await req(office, 'PUT', `/api/settings/${year}/grading`, { version: ok.json().version, grading: defaultGradingRules() });
    expect(back.statusCode).toBe(200);
  });
});
