// Issue 13 points 1, 2, 3 (to-do), 9 and 11: the work moves from one person to the next — handlers offered as
// townships staff them, the handler (not the acting user) on the agreement, sessions record who mediated, the
// 新到达/待我受理 to-do, grid workers at the grid level of their grid, 告知诉权 recorded, and the pre-litigation
// stage linked to the court's record (counted once).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { createTestApp, sysCtx, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { csv, writeBundle } from '../../../test/bundle.ts';
import { importBundle } from '../exchange/importer.ts';
import { openBundlePath } from '../exchange/sources.ts';
import type { EvaluationReport, TownResult } from '../../../core/evaluation/index.ts';
import { todayShanghai } from '../../../core/dates.ts';

let t: TestApp;
let office: string; // town office 清溪镇
let med: string; // people's mediator bound to 东村 (offered at 东村调委会)
let grid: string; // grid worker of 东村一网格
let gridB: string; // grid worker of 西村一网格
let liaison: string; // court liaison of the county
const uid: Record<string, string> = {};

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const req = (cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });

async function register(cookie: string, over: Json = {}): Promise<Json> {
  const r = await req(cookie, 'POST', '/api/disputes', {
    regionCode: TREE.a1,
    receivedOn: '2026-03-01',
    channel: 'walk_in',
    category: 'neighbour',
    summary: '东村张三与李四因宅前排水沟堵塞引发邻里纠纷',
    peopleCount: 2,
    riskLevel: 'general',
    parties: [
      { role: 'applicant', kind: 'person', name: '张三', phone: '13800001111' },
      { role: 'respondent', kind: 'person', name: '李四' },
    ],
    ...over,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}
async function act(cookie: string, d: Json, body: Json, status = 200): Promise<Json> {
  const r = await req(cookie, 'POST', `/api/disputes/${d.id}/actions`, { version: d.version, ...body });
  expect(r.statusCode, r.body).toBe(status);
  return r.json();
}
const todo = async (cookie: string) => (await req(cookie, 'GET', '/api/disputes/todo')).json().items as Json[];

beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  office = await t.userWith('town_office', { regionCode: TREE.townA }, 'office_a');
  await t.userWith('village_admin', { regionCode: TREE.a1 }, 'cadre_a1');
  med = await t.userWith('mediator', { regionCode: TREE.a1 }, 'mediator_a1');
  await t.userWith('mediator', { regionCode: TREE.a2 }, 'mediator_a2');
  grid = await t.userWith('grid_worker', { regionCode: TREE.gridA1 }, 'grid_a1');
  gridB = await t.userWith('grid_worker', { regionCode: TREE.gridA2 }, 'grid_a2');
  liaison = await t.userWith('court_liaison', { regionCode: TREE.county }, 'liaison');
  for (const r of await t.database.query<{ id: string; username: string }>('select id, username from users')) uid[r.username] = r.id;
  // names as people have them
  await t.database.query(`update users set name = '郑调解' where username = 'mediator_a1'`);
  await t.database.query(`update users set name = '陈平安' where username = 'office_a'`);
  await t.database.query(`update users set name = '孙网格' where username = 'grid_a1'`);
});
afterAll(() => t?.close());

describe('handler choice (13.1)', () => {
  it("offers the village's mediators and cadres at its committee, the town office at the centre, a grid's workers for its grid only", async () => {
    const d = await register(office, { regionCode: TREE.gridA1 });
    const units = (await req(office, 'GET', `/api/disputes/${d.id}/units`)).json() as Json[];
    const vc = units.find((u) => u.id === `vc-${TREE.a1}`)!;
    expect(vc.handlers.map((h: Json) => h.id).sort()).toEqual([uid.cadre_a1, uid.mediator_a1, uid.grid_a1].sort());
    expect(vc.handlers.find((h: Json) => h.id === uid.grid_a1).gridOnly).toBe(true);
    expect(vc.handlers.find((h: Json) => h.id === uid.mediator_a1).gridOnly).toBe(false);
    const centre = units.find((u) => u.id === `centre-${TREE.townA}`)!;
    expect(centre.handlers.map((h: Json) => h.id)).toContain(uid.office_a);
    expect(centre.handlers.map((h: Json) => h.id)).not.toContain(uid.mediator_a1);
    // the court's liaison is offered at the court (the pre-litigation stage)
    expect(units.find((u) => u.id === 'court-330782')!.handlers.map((h: Json) => h.id)).toEqual([uid.liaison]);
    // another grid's worker and another village's mediator are not offered here
    expect(units.flatMap((u) => u.handlers).map((h: Json) => h.id)).not.toContain(uid.grid_a2);
    expect(units.flatMap((u) => u.handlers).map((h: Json) => h.id)).not.toContain(uid.mediator_a2);
  });

  it('422 for a handler not offered with the unit (another village, a grid worker above the grid level)', async () => {
    const d = await register(office, { regionCode: TREE.gridA1 });
    const bad = await act(office, d, { action: 'accept', level: 'village', unitId: `vc-${TREE.a1}`, handlerId: uid.mediator_a2 }, 422);
    expect(bad.detail).toContain('承办人');
    await act(office, d, { action: 'accept', level: 'village', unitId: `vc-${TREE.a1}`, handlerId: uid.grid_a1 }, 422);
    await act(office, d, { action: 'accept', level: 'town', unitId: `centre-${TREE.townA}`, handlerId: uid.mediator_a1 }, 422);
  });

  it('town office accepts naming the village mediator → 待我受理 → the mediator records a session and resolves → the agreement names the mediator', async () => {
    let d = await register(office);
    d = await act(office, d, { action: 'accept', level: 'village', unitId: `vc-${TREE.a1}`, handlerId: uid.mediator_a1, date: '2026-03-02' });
    expect(d.currentHandlerName).toBe('郑调解');
    // the mediator named at accept is notified (dispute.assigned); the town office that accepted is not
    const assigned = (await req(med, 'GET', '/api/notifications?event=dispute.assigned')).json();
    expect(assigned.items).toEqual(expect.arrayContaining([expect.objectContaining({ event: 'dispute.assigned', title: `纠纷 ${d.number} 指定您承办`, readAt: null })]));
    expect(assigned.unread).toBeGreaterThan(0);
    const officeSees = (await req(office, 'GET', '/api/notifications?event=dispute.assigned')).json();
    expect(officeSees.items.map((n: Json) => n.title)).not.toContain(`纠纷 ${d.number} 指定您承办`);
    // the mediator's to-do lists it as arrived; the town office's does not
    const mine = (await todo(med)).filter((i) => i.kind === 'arrived');
    expect(mine.map((i) => i.disputeId)).toContain(d.id);
    expect(mine.find((i) => i.disputeId === d.id)!.message).toContain('东村调委会');
    expect((await todo(office)).filter((i) => i.kind === 'arrived').map((i) => i.disputeId)).not.toContain(d.id);
    const wb = (await req(med, 'GET', '/api/workbench')).json();
    expect(wb.todo).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'disputes.arrived', label: '新到达/待我受理' })]));
    // the handler acts: the item goes
    d = await act(med, d, { action: 'start_mediation', date: '2026-03-03' });
    expect((await todo(med)).filter((i) => i.kind === 'arrived').map((i) => i.disputeId)).not.toContain(d.id);
    // a session recorded by the town office defaults to the stage's handler; the mediator names the cadre too
    d = await act(office, d, { action: 'add_session', date: '2026-03-04', method: 'on_site' });
    expect(d.sessions[0]).toMatchObject({ mediators: '郑调解', mediatorIds: [uid.mediator_a1] });
    d = await act(med, d, { action: 'add_session', date: '2026-03-05', method: 'phone', mediatorIds: [uid.mediator_a1, uid.cadre_a1] });
    expect(d.sessions[1].mediatorIds).toEqual([uid.mediator_a1, uid.cadre_a1]);
    expect(d.sessions[1].mediators).toContain('郑调解');
    const ev = d.events.filter((e: Json) => e.action === 'add_session');
    expect(ev[0].payload.mediators).toBe('郑调解');
    // a mediator not of the stage's unit is refused
    await act(med, d, { action: 'add_session', date: '2026-03-05', method: 'phone', mediatorIds: [uid.mediator_a2] }, 422);
    // the town office records the agreement: the mediator, not the town office, is on it
    d = await act(office, d, { action: 'resolve', date: '2026-03-06', agreement: { form: 'written', content: '双方共同疏通排水沟' } });
    expect(d.agreement.mediators).toBe('郑调解');
    const docx = await req(office, 'GET', `/api/disputes/${d.id}/agreement.docx`);
    expect(docx.statusCode).toBe(200);
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('人民调解员（签名）：郑调解');
    expect(xml).not.toContain('陈平安');
    // the ledger export prints the handler too
    const list = (await req(office, 'GET', `/api/disputes?q=${encodeURIComponent(d.number)}`)).json();
    expect(list.items[0].currentHandlerName).toBe('郑调解');
  });
});

describe('grid workers (13.2)', () => {
  it('a grid worker accepts at the grid level of their grid, mediates, fails with 告知诉权, transfers up — nothing outside it', async () => {
    let d = await register(grid, { regionCode: TREE.gridA1 });
    expect(d.allowedActions).toEqual(['accept']);
    expect(d.acceptLevels).toEqual(['grid']);
    // not at the village level, and not another grid's dispute
    await act(grid, d, { action: 'accept', level: 'village' }, 403);
    const other = await register(office, { regionCode: TREE.gridA2, summary: '西村网格纠纷' });
    expect((await req(grid, 'GET', `/api/disputes/${other.id}`)).statusCode).toBe(404);
    await act(grid, other, { action: 'accept' }, 404);
    d = await act(grid, d, { action: 'accept' });
    expect(d).toMatchObject({ state: 'accepted', currentLevel: 'grid', currentHandlerName: '孙网格' });
    expect(d.transferLevels).toEqual(['village', 'town']);
    d = await act(grid, d, { action: 'start_mediation' });
    d = await act(grid, d, { action: 'add_session', method: 'on_site', date: todayShanghai() });
    expect(d.sessions[0].mediators).toBe('孙网格');
    d = await act(grid, d, { action: 'fail', reason: 'no_agreement', toldRightToSue: true });
    expect(d.toldRightToSue).toBe(true);
    await act(grid, d, { action: 'transfer', level: 'department', unitId: `police-${TREE.townA}` }, 403);
    d = await act(grid, d, { action: 'transfer', level: 'village' });
    expect(d).toMatchObject({ currentLevel: 'village', state: 'accepted' });
    // once at the village the grid worker only reads it
    expect(d.allowedActions).toEqual([]);
    await act(grid, d, { action: 'start_mediation' }, 403);
  });

  it('a grid worker resolves a grid stage of their grid', async () => {
    let d = await register(grid, { regionCode: TREE.gridA1, summary: '网格内邻里纠纷' });
    d = await act(grid, d, { action: 'accept' });
    d = await act(grid, d, { action: 'start_mediation' });
    d = await act(grid, d, { action: 'resolve', agreement: { form: 'oral' } });
    expect(d).toMatchObject({ state: 'resolved', outcome: 'resolved', outcomeLevel: 'grid' });
    expect(d.agreement.mediators).toBe('孙网格');
    // a village-level dispute of the grid's village is not theirs to handle
    const v = await register(office, { regionCode: TREE.a1, summary: '东村村级纠纷' });
    expect((await req(grid, 'GET', `/api/disputes/${v.id}`)).statusCode).toBe(404);
    void gridB;
  });
});

describe('告知诉权 (13.9)', () => {
  it('is required on fail and on a transfer to litigation (422), recorded with its date, and allowed on other actions', async () => {
    let d = await register(office);
    d = await act(office, d, { action: 'accept', date: '2026-03-02', toldRightToSue: false });
    expect(d.toldRightToSue).toBe(false);
    d = await act(office, d, { action: 'start_mediation', date: '2026-03-03' });
    const no = await act(office, d, { action: 'fail', reason: 'no_agreement' }, 422);
    expect(no.detail).toContain('告知当事人依法起诉的权利');
    expect(no.errors[0].field).toBe('toldRightToSue');
    d = await act(office, d, { action: 'fail', reason: 'no_agreement', date: '2026-03-05', toldRightToSue: true, toldRightToSueOn: '2026-03-04' });
    expect(d).toMatchObject({ toldRightToSue: true, toldRightToSueOn: '2026-03-04' });
    expect(d.events.at(-1).payload).toMatchObject({ toldRightToSue: true, toldRightToSueOn: '2026-03-04' });
    await act(office, d, { action: 'transfer', level: 'litigation' }, 422);
    d = await act(office, d, { action: 'transfer', level: 'litigation', toldRightToSue: true, date: '2026-03-06' });
    expect(d).toMatchObject({ state: 'closed', outcome: 'litigation', toldRightToSueOn: '2026-03-04' });
  });
});

describe('the pre-litigation stage meets the court record (13.11)', () => {
  it('a transfer records the 诉前调 number; the court liaison concludes; the import links both ways; counted once', async () => {
    let d = await register(office, { summary: '合同纠纷转法院诉前调解' });
    d = await act(office, d, { action: 'accept', date: '2026-03-02' });
    d = await act(office, d, { action: 'start_mediation', date: '2026-03-03' });
    d = await act(office, d, { action: 'fail', reason: 'no_agreement', date: '2026-03-05', toldRightToSue: true });
    // a court case number is not a 诉前调 number
    await act(office, d, { action: 'transfer', level: 'prelitigation', courtCaseNo: '(2026)浙0782民初5号', date: '2026-03-06' }, 422);
    d = await act(office, d, { action: 'transfer', level: 'prelitigation', courtCaseNo: '（2026）浙0782民诉前调 501号', date: '2026-03-06' });
    const stage = d.stages.at(-1);
    expect(stage).toMatchObject({ level: 'prelitigation', courtCaseNo: '(2026)浙0782民诉前调501号', courtCase: null });
    // another dispute cannot carry the same case
    let other = await register(office, { summary: '另一纠纷' });
    other = await act(office, other, { action: 'accept', date: '2026-03-02' });
    await act(office, other, { action: 'transfer', level: 'prelitigation', courtCaseNo: '(2026)浙0782民诉前调501号', date: '2026-03-06' }, 422);

    // the court liaison of the county sees it and concludes the stage (nothing else)
    const seen = (await req(liaison, 'GET', `/api/disputes/${d.id}`)).json();
    expect(seen.allowedActions).toEqual(expect.arrayContaining(['start_mediation', 'transfer']));
    expect(seen.transferLevels).toEqual(['litigation']);
    expect((await req(liaison, 'GET', `/api/disputes/${other.id}`)).json().allowedActions).toEqual([]);
    await act(liaison, other, { action: 'start_mediation' }, 403);
    expect((await todo(liaison)).filter((i) => i.kind === 'arrived').map((i) => i.disputeId)).toEqual([d.id]);
    d = await act(liaison, seen, { action: 'start_mediation', date: '2026-03-07' });
    d = await act(liaison, d, { action: 'resolve', date: '2026-03-20', agreement: { form: 'written', content: '被告分期付款' } });
    expect(d).toMatchObject({ state: 'resolved', outcomeLevel: 'prelitigation' });
    expect((await todo(liaison)).filter((i) => i.kind === 'arrived')).toEqual([]);

    // the court's pre-litigation file arrives later: its case links to the dispute
    const bundle = writeBundle({
      prelitigation_mediations: csv([
        ['case_no', 'received_on', 'concluded_on', 'result', 'party_region_code', 'defendant_region_code'],
        ['(2026)浙0782民诉前调501号', '2026-03-06', '2026-03-20', 'success', TREE.a1, TREE.a1],
        ['(2026)浙0782民诉前调502号', '2026-04-01', '2026-04-15', 'failure', TREE.a1, TREE.a1],
      ]),
    });
    const r = await importBundle(t.database, sysCtx(), await openBundlePath(bundle), { dryRun: false, cipher: t.cipher });
    expect(r.errors).toEqual([]);
    d = (await req(office, 'GET', `/api/disputes/${d.id}`)).json();
    expect(d.stages.at(-1).courtCase).toEqual({ caseNo: '(2026)浙0782民诉前调501号', receivedOn: '2026-03-06', concludedOn: '2026-03-20', result: 'success' });
    const list = (await req(liaison, 'GET', '/api/prelitigation-mediations?year=2026')).json();
    expect(list.total).toBe(2);
    const linked = list.items.find((x: Json) => x.caseNo === '(2026)浙0782民诉前调501号');
    expect(linked).toMatchObject({ disputeId: d.id, disputeNumber: d.number });
    expect(list.items.find((x: Json) => x.caseNo === '(2026)浙0782民诉前调502号').disputeNumber).toBeNull();
    const one = (await req(liaison, 'GET', `/api/prelitigation-mediations/${encodeURIComponent(linked.key)}`)).json();
    expect(one.disputeNumber).toBe(d.number);

    // counted once: the evaluation counts the court's two cases (1 success of 2 concluded), not the dispute again
    const rep = (await req(liaison, 'GET', '/api/evaluation?year=2026&asOf=2026-06-30')).json() as EvaluationReport;
    const town = rep.towns.find((x) => x.code === TREE.townA) as TownResult;
    expect(town.indicators.prelitigation_success_rate?.value).toBe(0.5);
    // and the dispute statistics count the dispute once, at its resolution level
    const stats = (await req(office, 'GET', '/api/disputes/stats?month=2026-03')).json();
    const pre = stats.byResolutionLevel.find((x: Json) => x.key === 'prelitigation');
    expect(pre.month.resolved).toBe(1);
  });
});
