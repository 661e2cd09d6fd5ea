import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { disputes } from '../../db/schema/index.ts';
import { createTestApp, sysCtx, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { addDays, todayShanghai } from '../../../core/dates.ts';
import { checkDigit } from '../../../core/id-number.ts';
import { raiseStageDeadlines } from '../notifications/jobs.ts';
import { performAction } from './actions.ts';
import { createDispute } from './intake.ts';
import { createUnit } from '../regions/service.ts';

let t: TestApp;
let admin: string;
let office: string; // town office 清溪镇
let officeB: string; // town office 白沙镇
let a1: string; // village cadre 东村
let a2: string; // village cadre 西村
let med: string; // mediator bound to 东村
let police: string; // department: 清溪镇派出所
let plain: string; // justice office without reveal permission
const ids: Record<string, string> = {};

const today = todayShanghai();
const day = (n: number) => addDays(today, n);
/** a valid GB 11643 number from 17 digits */
const idn = (first17: string) => first17 + checkDigit(first17);
const ID1 = idn('33078219800512123');
const ID2 = idn('33078219751103456');
const ID3 = idn('33078219900220789');

async function userId(username: string) {
  const rows = await t.database.query<{ id: string }>('select id from users where username = $1', [username]);
  return rows[0].id;
}

beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  admin = await t.login('admin');
  office = await t.userWith('town_office', { regionCode: TREE.townA }, 'office_a');
  officeB = await t.userWith('town_office', { regionCode: TREE.townB }, 'office_b');
  a1 = await t.userWith('village_admin', { regionCode: TREE.a1 }, 'cadre_a1');
  a2 = await t.userWith('village_admin', { regionCode: TREE.a2 }, 'cadre_a2');
  med = await t.userWith('mediator', { regionCode: TREE.a1 }, 'mediator_a1');
  police = await t.userWith('department', { unitId: `police-${TREE.townA}` }, 'police_a');
  plain = await t.userWith('justice_office', { regionCode: TREE.townA }, 'justice_a');
  for (const u of ['office_a', 'cadre_a1', 'cadre_a2', 'mediator_a1', 'police_a']) ids[u] = await userId(u);
});
afterAll(() => t.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const req = (cookie: string | null, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.inject({ method, url, headers: { ...(cookie ? { cookie } : {}), ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });

function intake(over: Json = {}): Json {
  return {
    regionCode: TREE.a1,
    receivedOn: day(-10),
    channel: 'walk_in',
    category: 'neighbour',
    summary: '东村张三与李四因宅前排水沟堵塞引发邻里纠纷',
    peopleCount: 2,
    amount: '1200.50',
    riskLevel: 'general',
    mayTurnCriminal: false,
    threatensPetition: false,
    parties: [
      { role: 'applicant', kind: 'person', name: '张三', idNumber: ID1, phone: '138 0000 1111', address: '东村1组' },
      { role: 'respondent', kind: 'person', name: '李四', idNumber: null, phone: '13900002222', address: '东村1组' },
    ],
    ...over,
  };
}

async function register(cookie: string, over: Json = {}, headers: Record<string, string> = {}) {
  const r = await req(cookie, 'POST', '/api/disputes', intake(over), headers);
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as Json;
}

async function act(cookie: string, d: Json, body: Json, status = 200) {
  const r = await req(cookie, 'POST', `/api/disputes/${d.id}/actions`, { version: d.version, ...body });
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as Json;
}

describe('intake', () => {
  it('registers a dispute: 201 with number, query code, state registered, version 1; identity masked', async () => {
    const d = await register(a1);
    expect(d.number).toMatch(new RegExp(`^清溪-${day(-10).slice(0, 4)}-\\d{4}$`));
    expect(d.queryCode).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    expect(d).toMatchObject({ state: 'registered', version: 1, regionCode: TREE.a1, townCode: TREE.townA, villageCode: TREE.a1, amount: '1200.50', group: false });
    expect(d.parties[0].idNumber).toBe(`${ID1.slice(0, 6)}********${ID1.slice(-4)}`);
    expect(d.parties[0].phone).toBe('13800001111');
    expect(d.events.map((e: Json) => e.action)).toEqual(['register']);
    expect(d.allowedActions).toEqual(['accept', 'withdraw']);
    const again = await register(a1, { summary: '第二件' });
    expect(Number(again.number.slice(-4))).toBe(Number(d.number.slice(-4)) + 1);
  });

  it('answers the intake with exactly the detail a later read returns (built without reading back)', async () => {
    for (const [cookie, over] of [
      [a1, {}],
      [office, { parties: [{ role: 'applicant', kind: 'organisation', name: '东村股份经济合作社' }], amount: null }],
    ] as const) {
      const same = async (d: Json) => {
        const { duplicates: _dups, ...answered } = d;
        expect(answered).toEqual((await req(cookie, 'GET', `/api/disputes/${d.id}`)).json());
      };
      const first = await register(cookie, { summary: `读回比对 ${Math.random()}`, ...over });
      await same(first);
      const linked = await register(cookie, { summary: '同一纠纷再次登记', linkTo: first.id });
      await same(linked);
      expect(linked.linkedNumber).toBe(first.number);
    }
  });

  it('the row the intake returns is the row stored (the statement answers only number and times)', async () => {
    for (const over of [{}, { amount: '88', riskLevel: 'major', mayTurnCriminal: true, peopleCount: 7, parties: [{ role: 'applicant', name: '甲' }] }]) {
      const res = await createDispute(t.database, t.cipher, sysCtx(), intake({ summary: `行比对 ${Math.random()}`, ...over }) as never, { idempotencyKey: `row-${Math.random()}` });
      const [stored] = await t.database.db.select().from(disputes).where(eq(disputes.id, res.dispute.id));
      expect(res.dispute).toEqual(stored);
    }
  });

  it('sets the group flag at 5 people and validates input with Chinese 422 messages', async () => {
    const g = await register(office, { peopleCount: 6, parties: [{ role: 'applicant', name: '王五' }] });
    expect(g.group).toBe(true);
    const cases: [Json, RegExp][] = [
      [{ parties: [{ role: 'applicant', name: '张三', idNumber: ID1.slice(0, 17) + (ID1[17] === '0' ? '1' : '0') }] }, /校验位/],
      [{ parties: [{ role: 'respondent', name: '李四' }] }, /申请人/],
      [{ category: 'aliens' }, /纠纷类别/],
      [{ channel: 'pigeon' }, /受理渠道/],
      [{ receivedOn: day(2) }, /晚于今天/],
      [{ amount: '12.345' }, /金额/],
      [{ pageSize: 1, summary: '' }, /输入有误/],
    ];
    for (const [over, msg] of cases) {
      const r = await req(office, 'POST', '/api/disputes', intake(over));
      expect(r.statusCode, JSON.stringify(over)).toBe(422);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().detail).toMatch(msg);
    }
    // a phone that is no number is refused, naming the field — not accepted with 201 and dropped (issue 15.3)
    const bad = await req(office, 'POST', '/api/disputes', intake({ parties: [{ role: 'applicant', name: '张三', phone: 'not-a-phone' }] }));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toBe('当事人“张三”的电话格式有误');
    expect(bad.json().errors).toEqual([{ field: 'parties.0.phone', message: '电话格式有误' }]);
    // out-of-scope region → 404
    expect((await req(officeB, 'POST', '/api/disputes', intake())).statusCode).toBe(404);
  });

  it('an Idempotency-Key makes a resent request return the same dispute, never a second one', async () => {
    const key = 'draft-7f3a';
    const first = await register(a1, { summary: '离线草稿' }, { 'idempotency-key': key });
    const second = await req(a1, 'POST', '/api/disputes', intake({ summary: '离线草稿' }), { 'idempotency-key': key });
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.id);
    expect(second.headers['idempotent-replayed']).toBe('true');
    const [a, b] = await Promise.all([
      req(a1, 'POST', '/api/disputes', intake({ summary: '并发草稿' }), { 'idempotency-key': 'k-concurrent' }),
      req(a1, 'POST', '/api/disputes', intake({ summary: '并发草稿' }), { 'idempotency-key': 'k-concurrent' }),
    ]);
    expect(a.json().id).toBe(b.json().id);
    const rows = await t.database.query<{ n: number }>(`select count(*)::int as n from disputes where summary in ('离线草稿', '并发草稿')`);
    expect(rows[0].n).toBe(2);
  });

  it('shows likely duplicates (same identity number or phone, same category, 90 days) and links on request', async () => {
    const base = await register(office, { category: 'labour', parties: [{ role: 'applicant', name: '赵六', idNumber: ID2, phone: '13711112222' }] });
    const byId = await req(office, 'GET', `/api/disputes/duplicates?idNumber=${ID2}&category=labour&receivedOn=${day(-1)}`);
    expect(byId.json().items.map((x: Json) => x.id)).toContain(base.id);
    expect(byId.json().items[0].matchedBy).toEqual(['idNumber']);
    const byPhone = await req(office, 'GET', `/api/disputes/duplicates?phone=137-1111-2222&category=labour`);
    expect(byPhone.json().items.map((x: Json) => x.id)).toContain(base.id);
    const otherCategory = await req(office, 'GET', `/api/disputes/duplicates?idNumber=${ID2}&category=contract`);
    expect(otherCategory.json().items).toEqual([]);
    const tooLate = await req(office, 'GET', `/api/disputes/duplicates?idNumber=${ID2}&category=labour&receivedOn=${day(100)}`);
    expect(tooLate.json().items).toEqual([]);
    // another town's office cannot see it, so it is not offered
    expect((await req(officeB, 'GET', `/api/disputes/duplicates?idNumber=${ID2}&category=labour`)).json().items).toEqual([]);

    const second = await register(office, { category: 'labour', parties: [{ role: 'applicant', name: '赵六', idNumber: ID2 }] });
    expect(second.duplicates.map((x: Json) => x.number)).toContain(base.number);
    const linked = await register(office, { category: 'labour', linkTo: base.id, parties: [{ role: 'applicant', name: '赵六', idNumber: ID2 }] });
    expect(linked.linkedTo).toBe(base.id);
    expect(linked.linkedNumber).toBe(base.number);
    expect(linked.duplicates).toEqual([]);
    const baseAfter = (await req(office, 'GET', `/api/disputes/${base.id}`)).json();
    expect(baseAfter.events.some((e: Json) => e.action === 'note' && e.notes.includes(linked.number))).toBe(true);
  });
});

describe('privacy', () => {
  it('stores no plaintext identity number; exact-number search works through the blind index', async () => {
    const d = await register(office, { parties: [{ role: 'applicant', name: '钱七', idNumber: ID3, phone: '13622223333' }] });
    const dump = await t.database.query<{ j: string }>(`select row_to_json(p)::text as j from dispute_parties p`);
    expect(dump.length).toBeGreaterThan(0);
    for (const r of dump) {
      expect(r.j).not.toContain(ID3);
      expect(r.j).not.toContain(ID1);
    }
    const audit = await t.database.query<{ j: string }>(`select coalesce(after::text, '') || coalesce(before::text, '') as j from audit_log`);
    for (const r of audit) expect(r.j).not.toContain(ID3);
    const found = await req(office, 'GET', `/api/disputes?q=${ID3}`);
    expect(found.json().items.map((x: Json) => x.id)).toEqual([d.id]);
    expect(found.json().total).toBe(1);
    // lists mask phones
    expect(found.json().items[0].parties[0].phone).toBe('136****3333');
    expect(found.body).not.toContain('13622223333');
  });

  it('POST /disputes/search and POST /disputes/duplicates take an identity number in the body, same scope and answer as GET (issue 12.7)', async () => {
    const ID4 = idn('33078219880808808');
    const d = await register(a1, { parties: [{ role: 'applicant', name: '周九', idNumber: ID4 }] });
    const byGet = await req(a1, 'GET', `/api/disputes?q=${ID4}`);
    expect(byGet.json()).toMatchObject({ total: 1, items: [{ id: d.id }] });
    const byPost = await req(a1, 'POST', '/api/disputes/search', { q: ID4.toLowerCase(), page: 1, pageSize: 20 });
    expect(byPost.statusCode, byPost.body).toBe(200);
    expect(byPost.json()).toEqual(byGet.json());
    // the same filters as the query string, and the same scope
    expect((await req(a1, 'POST', '/api/disputes/search', { q: ID4, state: 'closed,withdrawn' })).json().total).toBe(0);
    expect((await req(officeB, 'POST', '/api/disputes/search', { q: ID4 })).json().total).toBe(0);
    expect((await req(a1, 'POST', '/api/disputes/search', { q: ID4, pageSize: 500 })).statusCode).toBe(422);
    const xlsx = await req(a1, 'POST', '/api/disputes/search', { q: ID4, format: 'xlsx' });
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const dup = await req(a1, 'POST', '/api/disputes/duplicates', { idNumber: ID4, category: 'neighbour' });
    expect(dup.statusCode, dup.body).toBe(200);
    expect(dup.json().items.map((x: Json) => x.id)).toEqual([d.id]);
    expect(dup.json()).toEqual((await req(a1, 'GET', `/api/disputes/duplicates?idNumber=${ID4}&category=neighbour`)).json());
  });

  it('reveals a full identity number only with the permission, and audits it', async () => {
    const d = await register(office, { parties: [{ role: 'applicant', name: '孙八', idNumber: ID1 }] });
    const partyId = d.parties[0].id;
    const denied = await req(plain, 'POST', `/api/disputes/${d.id}/reveal`, { partyId });
    expect(denied.statusCode).toBe(403);
    expect((await req(officeB, 'POST', `/api/disputes/${d.id}/reveal`, { partyId })).statusCode).toBe(404);
    const ok = await req(admin, 'POST', `/api/disputes/${d.id}/reveal`, { partyId });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().idNumber).toBe(ID1);
    const audit = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'identity.reveal' and entity_id = $1`, [partyId]);
    expect(audit[0].n).toBe(1);
  });
});

describe('tiered flow over HTTP', () => {
  it('register → accept → mediate → sessions → resolve with agreement → return visit → close', async () => {
    let d = await register(a1, { receivedOn: day(-12) });
    d = await act(a1, d, { action: 'accept', date: day(-11) });
    expect(d).toMatchObject({ state: 'accepted', version: 2, currentLevel: 'village', currentUnitId: `vc-${TREE.a1}`, currentHandlerId: ids.cadre_a1, dueOn: day(4) });
    expect(d.stages).toHaveLength(1);
    d = await act(a1, d, { action: 'start_mediation', date: day(-10) });
    expect(d.state).toBe('mediating');
    d = await act(a1, d, { action: 'add_session', date: day(-9), method: 'on_site', place: '东村调解室', attendees: '张三、李四', notes: '初次调解' });
    d = await act(a1, d, { action: 'add_session', date: day(-8), method: 'phone' });
    expect(d.sessions).toHaveLength(2);
    expect(d.sessionsCount).toBe(2);
    expect(d.state).toBe('mediating');
    d = await act(a1, d, {
      action: 'resolve',
      date: day(-7),
      agreement: { form: 'written', content: '李四于十日内疏通排水沟,张三不再追究。', performanceDeadline: day(3), issues: '排水沟疏通责任', performanceWay: '李四自行疏通' },
    });
    expect(d).toMatchObject({ state: 'resolved', outcome: 'resolved', outcomeLevel: 'village', concludedOn: day(-7), dueOn: null });
    expect(d.agreement).toMatchObject({ form: 'written', signedOn: day(-7), effectiveOn: day(-7), confirmationDeadline: day(23), performanceStatus: 'pending', confirmationWindowOpen: true });
    expect(d.allowedActions).toEqual(['return_visit']);

    const docx = await req(a1, 'GET', `/api/disputes/${d.id}/agreement.docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(String(docx.headers['content-disposition'])).toContain(encodeURIComponent('人民调解协议书'));

    const conf = await req(a1, 'PATCH', `/api/disputes/${d.id}/agreement`, { version: d.agreement.version, confirmationAppliedOn: day(-1) });
    expect(conf.statusCode, conf.body).toBe(200);
    expect(conf.json()).toMatchObject({ confirmationAppliedOn: day(-1), confirmationDecision: 'pending', confirmationWindowOpen: false });
    d = (await req(a1, 'GET', `/api/disputes/${d.id}`)).json();

    d = await act(a1, d, { action: 'return_visit', date: day(0), satisfaction: 5, performanceStatus: 'performed', newIssues: '' });
    expect(d.state).toBe('follow_up');
    expect(d.visits).toHaveLength(1);
    expect(d.agreement.performanceStatus).toBe('performed');
    const visitRows = await t.database.query<{ type: string; satisfaction: number; town_code: string }>(`select type, satisfaction, town_code from visits where dispute_id = $1`, [d.id]);
    expect(visitRows).toEqual([{ type: 'return_visit', satisfaction: 5, town_code: TREE.townA }]);
    d = await act(a1, d, { action: 'close', date: day(0) });
    expect(d).toMatchObject({ state: 'closed', closedOn: day(0), allowedActions: [] });
    expect(d.events.map((e: Json) => e.action)).toEqual(['register', 'accept', 'start_mediation', 'add_session', 'add_session', 'resolve', 'agreement_update', 'return_visit', 'close']);
    expect(d.events.every((e: Json) => e.actorName)).toBe(true);
    // closed is read-only except notes
    await act(a1, d, { action: 'return_visit', date: day(0), satisfaction: 4 }, 422);
    const note = await req(a1, 'POST', `/api/disputes/${d.id}/notes`, { notes: '当事人来电致谢' });
    expect(note.statusCode).toBe(200);
    expect(note.json().version).toBe(d.version);
    const audits = await t.database.query<{ action: string }>(`select action from audit_log where entity = 'dispute' and entity_id = $1 order by id`, [d.id]);
    expect(audits.map((a) => a.action)).toEqual(['dispute.create', 'dispute.accept', 'dispute.start_mediation', 'dispute.add_session', 'dispute.add_session', 'dispute.resolve', 'dispute.return_visit', 'dispute.close', 'dispute.note']);
  });

  it('fail → transfer to town → department → pre-litigation → litigation (closes, right to sue told)', async () => {
    let d = await register(office, { receivedOn: day(-30), category: 'contract' });
    d = await act(office, d, { action: 'accept', date: day(-30), level: 'village', handlerId: ids.cadre_a1 });
    expect(d).toMatchObject({ currentLevel: 'village', currentHandlerId: ids.cadre_a1 });
    d = await act(a1, d, { action: 'start_mediation', date: day(-29) });
    d = await act(a1, d, { action: 'fail', date: day(-28), reason: 'no_agreement', toldRightToSue: true });
    expect(d).toMatchObject({ state: 'failed', dueOn: null, outcome: null });
    d = await act(a1, d, { action: 'transfer', date: day(-27), level: 'town', reason: '村级调解不成,提交镇矛调中心' });
    expect(d).toMatchObject({ state: 'accepted', currentLevel: 'town', currentUnitId: `centre-${TREE.townA}`, dueOn: day(3) });
    const noUnit = await act(office, d, { action: 'transfer', date: day(-26), level: 'department' }, 422);
    expect(noUnit.detail).toMatch(/承办部门/);
    d = await act(office, d, { action: 'transfer', date: day(-26), level: 'department', unitId: `police-${TREE.townA}`, linkage: 'police', handlerId: ids.police_a });
    expect(d).toMatchObject({ state: 'accepted', currentLevel: 'department', currentUnitId: `police-${TREE.townA}` });
    expect(d.stages.map((s: Json) => [s.level, s.outcome])).toEqual([
      ['village', 'failed'],
      ['town', 'transferred'],
      ['department', null],
    ]);
    expect(d.stages[2].linkage).toBe('police');
    d = await act(police, d, { action: 'start_mediation', date: day(-25) });
    d = await act(police, d, { action: 'fail', date: day(-20), reason: 'other', notes: '双方分歧较大', toldRightToSue: true });
    d = await act(police, d, { action: 'transfer', date: day(-19), level: 'prelitigation', linkage: 'court' });
    expect(d).toMatchObject({ currentLevel: 'prelitigation', currentUnitId: 'court-330782' });
    // the department passed it on: it may still read, but no longer act
    const after = (await req(police, 'GET', `/api/disputes/${d.id}`)).json();
    expect(after.allowedActions).toEqual([]);
    await act(police, d, { action: 'start_mediation' }, 403);
    d = await act(office, d, { action: 'start_mediation', date: day(-18) });
    d = await act(office, d, { action: 'fail', date: day(-5), reason: 'no_agreement', toldRightToSue: true });
    d = await act(office, d, { action: 'transfer', date: day(-4), level: 'litigation', reason: '引导当事人依法起诉', toldRightToSue: true });
    expect(d).toMatchObject({ state: 'closed', outcome: 'litigation', outcomeLevel: 'litigation', toldRightToSue: true, concludedOn: day(-4), closedOn: day(-4), dueOn: null });
    expect(d.allowedActions).toEqual([]);
  });

  it('extend sets a new due date with a reason; withdraw; a failed dispute can be closed', async () => {
    let d = await register(office);
    d = await act(office, d, { action: 'accept', date: day(-5) });
    expect(d.currentLevel).toBe('town');
    const due = d.dueOn;
    await act(office, d, { action: 'extend', date: addDays(due, 10) }, 422);
    await act(office, d, { action: 'extend', date: addDays(due, -1), reason: '当事人外出' }, 422);
    d = await act(office, d, { action: 'extend', date: addDays(due, 10), reason: '当事人外出务工' });
    expect(d.dueOn).toBe(addDays(due, 10));
    expect(d.stages[0]).toMatchObject({ dueOn: due, extendedDueOn: addDays(due, 10), extensionReason: '当事人外出务工' });
    d = await act(office, d, { action: 'withdraw', date: day(0), reason: '当事人自行和解' });
    expect(d).toMatchObject({ state: 'withdrawn', outcome: 'withdrawn' });
    d = await act(office, d, { action: 'close' });
    expect(d.state).toBe('closed');

    let f = await register(office);
    f = await act(office, f, { action: 'accept' });
    f = await act(office, f, { action: 'start_mediation' });
    f = await act(office, f, { action: 'fail', reason: 'party_unreachable', toldRightToSue: true });
    f = await act(office, f, { action: 'close', toldRightToSue: true });
    expect(f).toMatchObject({ state: 'closed', outcome: 'failed', toldRightToSue: true });
  });

  it('409 for a stale version, 422 for an illegal action or invalid field, 404 out of scope or unknown', async () => {
    const d = await register(office);
    const ok = await act(office, d, { action: 'accept' });
    const stale = await req(office, 'POST', `/api/disputes/${d.id}/actions`, { action: 'start_mediation', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    const illegal = await req(office, 'POST', `/api/disputes/${d.id}/actions`, { action: 'resolve', version: ok.version, agreement: { form: 'oral' } });
    expect(illegal.statusCode).toBe(422);
    expect(illegal.json().detail).toMatch(/当前状态“已受理”下不能执行“调解成功”/);
    const unknown = await req(office, 'POST', `/api/disputes/${d.id}/actions`, { action: 'teleport', version: ok.version });
    expect(unknown.statusCode).toBe(422);
    const med1 = await act(office, ok, { action: 'start_mediation' });
    const badField = await req(office, 'POST', `/api/disputes/${d.id}/actions`, { action: 'add_session', version: med1.version, date: day(0), method: 'telepathy' });
    expect(badField.statusCode).toBe(422);
    expect(badField.json().detail).toMatch(/调解方式/);
    const future = await req(office, 'POST', `/api/disputes/${d.id}/actions`, { action: 'add_session', version: med1.version, date: day(3), method: 'phone' });
    expect(future.statusCode).toBe(422);
    const noAgreement = await req(office, 'POST', `/api/disputes/${d.id}/actions`, { action: 'resolve', version: med1.version });
    expect(noAgreement.json().detail).toMatch(/调解协议/);
    for (const url of [`/api/disputes/${d.id}`, `/api/disputes/${d.id}/units`, `/api/disputes/${d.id}/agreement.docx`]) {
      expect((await req(officeB, 'GET', url)).statusCode, url).toBe(404);
    }
    expect((await req(officeB, 'POST', `/api/disputes/${d.id}/actions`, { action: 'withdraw', version: med1.version })).statusCode).toBe(404);
    expect((await req(officeB, 'POST', `/api/disputes/${d.id}/notes`, { notes: 'x' })).statusCode).toBe(404);
    expect((await req(office, 'GET', `/api/disputes/00000000-0000-0000-0000-000000000000`)).statusCode).toBe(404);
    expect((await req(null, 'GET', `/api/disputes`)).statusCode).toBe(401);
  });
});

describe('what accept and transfer may name (issue 12.3)', () => {
  it('only a unit and handler that GET /units offers for the dispute: another town\'s 妇联 or mediator is 422 and changes nothing', async () => {
    await createUnit(t.database, sysCtx(), { id: `women-${TREE.townB}`, name: '白沙镇妇联', type: 'womens_federation', regionCode: TREE.townB });
    await createUnit(t.database, sysCtx(), { id: `women-${TREE.townA}`, name: '清溪镇妇联', type: 'womens_federation', regionCode: TREE.townA });
    await t.userWith('mediator', { unitId: `centre-${TREE.townB}` }, 'mediator_centre_b');
    const medBId = await userId('mediator_centre_b');
    const d = await register(a1);
    const offered = (await req(a1, 'GET', `/api/disputes/${d.id}/units`)).json() as Json[];
    expect(offered.map((u) => u.id)).toContain(`women-${TREE.townA}`);
    expect(offered.map((u) => u.id)).not.toContain(`women-${TREE.townB}`);
    // the village's own cadre is offered as a handler of its committee
    expect(offered.find((u) => u.id === `vc-${TREE.a1}`)?.handlers.map((h: Json) => h.id)).toContain(ids.cadre_a1);

    const otherUnit = await act(a1, d, { action: 'accept', level: 'department', unitId: `women-${TREE.townB}` }, 422);
    expect(otherUnit.detail).toMatch(/承办单位/);
    expect(otherUnit.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'unitId' })]));
    const otherHandler = await act(a1, d, { action: 'accept', level: 'village', unitId: `vc-${TREE.a1}`, handlerId: medBId }, 422);
    expect(otherHandler.detail).toMatch(/承办人/);
    let now = (await req(a1, 'GET', `/api/disputes/${d.id}`)).json();
    expect(now).toMatchObject({ state: 'registered', version: d.version, currentUnitId: null, currentHandlerId: null });
    expect(now.stages).toEqual([]);

    const accepted = await act(a1, d, { action: 'accept', level: 'village', unitId: `vc-${TREE.a1}`, handlerId: ids.cadre_a1 });
    expect(accepted).toMatchObject({ state: 'accepted', currentUnitId: `vc-${TREE.a1}`, currentHandlerId: ids.cadre_a1 });
    const failed = await act(a1, await act(a1, accepted, { action: 'start_mediation' }), { action: 'fail', reason: 'no_agreement', toldRightToSue: true });
    expect((await act(a1, failed, { action: 'transfer', level: 'department', unitId: `women-${TREE.townB}` }, 422)).detail).toMatch(/承办单位/);
    expect((await act(a1, failed, { action: 'transfer', level: 'town', handlerId: medBId }, 422)).detail).toMatch(/承办人/);
    now = (await req(a1, 'GET', `/api/disputes/${d.id}`)).json();
    expect(now).toMatchObject({ state: 'failed', version: failed.version });
    expect(now.stages).toHaveLength(1);
    // the same town's 妇联 is fine
    expect(await act(a1, failed, { action: 'transfer', level: 'department', unitId: `women-${TREE.townA}` })).toMatchObject({ state: 'accepted', currentUnitId: `women-${TREE.townA}` });
  });

  it('a town leader (read-only) may not write notes; the town office may (issue 12.3)', async () => {
    const leader = await t.userWith('town_leader', { regionCode: TREE.townA });
    const d = await register(office);
    const r = await req(leader, 'POST', `/api/disputes/${d.id}/notes`, { notes: '领导批示' });
    expect(r.statusCode).toBe(403);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect((await req(office, 'GET', `/api/disputes/${d.id}`)).json().events.some((e: Json) => e.action === 'note')).toBe(false);
    expect((await req(office, 'POST', `/api/disputes/${d.id}/notes`, { notes: '已电话联系当事人' })).statusCode).toBe(200);
  });
});

describe('scope', () => {
  it('mediator: assigned + own village; village cadre: own village; department: its unit now or before', async () => {
    // one party phone for these five only, so that the likely-duplicates check below sees exactly them
    const parties = [
      { role: 'applicant', kind: 'person', name: '王五', phone: '13755556666' },
      { role: 'respondent', kind: 'person', name: '赵六' },
    ];
    const inA1 = await register(office, { regionCode: TREE.gridA1, summary: '网格内纠纷', parties });
    const inA2 = await register(office, { regionCode: TREE.a2, summary: '西村纠纷', parties });
    const inA3 = await register(office, { regionCode: TREE.a3, summary: '南村纠纷', parties });
    const assigned = await register(office, { regionCode: TREE.a3, summary: '分派给调解员的南村纠纷', parties });
    await act(office, assigned, { action: 'accept', level: 'town' });
    // a handler from elsewhere (as an imported record may carry): accept itself offers only the unit's people
    await t.database.query('update dispute_stages set handler_id = $1 where dispute_id = $2', [ids.mediator_a1, assigned.id]);
    await t.database.query('update disputes set current_handler_id = $1 where id = $2', [ids.mediator_a1, assigned.id]);
    const atPolice = await register(office, { regionCode: TREE.a2, summary: '派出所承办', parties });
    let p = await act(office, atPolice, { action: 'accept', level: 'department', unitId: `police-${TREE.townA}` });
    p = await act(office, p, { action: 'transfer', level: 'town' });

    const visible = async (cookie: string) => {
      const r = await req(cookie, 'GET', '/api/disputes?pageSize=100');
      expect(r.statusCode).toBe(200);
      return new Set((r.json().items as Json[]).map((x) => x.id));
    };
    const m = await visible(med);
    expect(m.has(inA1.id)).toBe(true);
    expect(m.has(assigned.id)).toBe(true);
    expect(m.has(inA2.id)).toBe(false);
    expect(m.has(inA3.id)).toBe(false);
    const v2 = await visible(a2);
    expect(v2.has(inA2.id)).toBe(true);
    expect(v2.has(atPolice.id)).toBe(true);
    expect(v2.has(inA1.id)).toBe(false);
    expect(v2.has(inA3.id)).toBe(false);
    const dep = await visible(police);
    expect(dep.has(atPolice.id)).toBe(true);
    expect(dep.has(inA2.id)).toBe(false);
    expect(dep.has(inA1.id)).toBe(false);
    for (const [cookie, d] of [
      [med, inA2],
      [a2, inA1],
      [police, inA3],
    ] as const) {
      expect((await req(cookie, 'GET', `/api/disputes/${d.id}`)).statusCode).toBe(404);
    }
    // region filter includes the subtree; out-of-scope region → 404
    const sub = await req(office, 'GET', `/api/disputes?region=${TREE.a1}&pageSize=100`);
    expect((sub.json().items as Json[]).map((x) => x.id)).toContain(inA1.id);
    expect((sub.json().items as Json[]).every((x) => [TREE.a1, TREE.gridA1].includes(x.regionCode))).toBe(true);
    expect((await req(a2, 'GET', `/api/disputes?region=${TREE.a1}`)).statusCode).toBe(404);

    // likely duplicates (the check's own scope condition, prepared once for everyone) show exactly what the list shows
    const five = [inA1, inA2, inA3, assigned, atPolice].map((d) => d.id as string);
    for (const [cookie, list] of [
      [office, null],
      [med, m],
      [a2, v2],
      [police, dep],
    ] as const) {
      const r = await req(cookie, 'GET', '/api/disputes/duplicates?phone=13755556666&category=neighbour');
      expect(r.statusCode).toBe(200);
      const expected = list ? five.filter((id) => list.has(id)) : five;
      expect((r.json().items as Json[]).map((x) => x.id).sort()).toEqual([...expected].sort());
    }
    const again = await register(a2, { regionCode: TREE.a2, summary: '西村同一当事人再次来访', parties });
    expect((again.duplicates as Json[]).map((x) => x.id).sort()).toEqual(five.filter((id) => v2.has(id)).sort());
  });
});

describe('ledger list', () => {
  it('filters by state list, category, overdue; pages newest first; exports xlsx', async () => {
    const o = await register(office, { category: 'road_traffic', receivedOn: day(-40) });
    await act(office, o, { action: 'accept', date: day(-40), level: 'village' });
    const r = await req(office, 'GET', '/api/disputes?state=accepted,mediating&overdue=1&category=road_traffic');
    expect(r.json().items.map((x: Json) => x.id)).toEqual([o.id]);
    expect(r.json().items[0].overdue).toBe(true);
    const all = await req(office, 'GET', '/api/disputes?pageSize=5&page=1');
    const total = all.json().total as number;
    expect(total).toBeGreaterThan(10);
    expect(all.json().items).toHaveLength(5);
    const received = (all.json().items as Json[]).map((x) => x.receivedOn);
    expect([...received].sort().reverse()).toEqual(received);
    const last = await req(office, 'GET', `/api/disputes?pageSize=5&page=${Math.ceil(total / 5)}`);
    expect(last.json().items.length).toBe(total - 5 * (Math.ceil(total / 5) - 1));
    expect((await req(office, 'GET', '/api/disputes?pageSize=101')).statusCode).toBe(422);
    expect((await req(office, 'GET', '/api/disputes?page=0')).statusCode).toBe(422);
    const byNumber = await req(office, 'GET', `/api/disputes?q=${encodeURIComponent(o.number)}`);
    expect(byNumber.json().items.map((x: Json) => x.id)).toEqual([o.id]);
    const byName = await req(office, 'GET', `/api/disputes?q=${encodeURIComponent('钱七')}`);
    expect(byName.json().total).toBe(1);

    const x = await req(office, 'GET', '/api/disputes?format=xlsx&category=road_traffic');
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('编号');
    expect(ws.getRow(2).getCell(1).value).toBe(o.number);
    expect(ws.rowCount).toBe(2);
  });

  it('free text: Latin letters without regard to case, Chinese as typed, % and _ taken literally', async () => {
    const d = await register(office, { summary: 'XYZ物业公司拖欠维修款 50%_未付' });
    const ids = async (q: string) => ((await req(office, 'GET', `/api/disputes?q=${encodeURIComponent(q)}`)).json().items as Json[]).map((x) => x.id);
    expect(await ids('xyz物业')).toEqual([d.id]);
    expect(await ids('Xyz')).toEqual([d.id]);
    expect(await ids('物业公司拖欠')).toEqual([d.id]);
    expect(await ids('50%_')).toEqual([d.id]);
    expect(await ids('5%')).toEqual([]);
    expect(await ids('物_公司')).toEqual([]);
  });
});

describe('public progress (一案一码)', () => {
  it('answers stage, state and next date only, without login; 404 for unknown codes; rate-limited', async () => {
    let d = await register(office);
    const pub = await req(null, 'GET', `/api/public/progress?code=${d.queryCode}`);
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toEqual({ stage: null, state: 'registered', nextDate: null });
    d = await act(office, d, { action: 'accept' });
    const after = await req(null, 'GET', `/api/public/progress?code=${d.queryCode.toLowerCase()}`);
    expect(after.json()).toEqual({ stage: 'town', state: 'accepted', nextDate: d.dueOn });
    expect((await req(null, 'GET', '/api/public/progress?code=ZZZZZZZZZZ')).statusCode).toBe(404);
    let limited = 0;
    for (let i = 0; i < 35; i++) {
      const r = await t.inject({ method: 'GET', url: '/api/public/progress?code=ZZZZZZZZZZ', remoteAddress: '10.9.9.9' });
      if (r.statusCode === 429) limited++;
    }
    expect(limited).toBeGreaterThan(0);
  });

  it('two instances on one database share the limit (counted in the database, not per process)', async () => {
    const { buildApp } = await import('../../app.ts');
    const second = await buildApp({ database: t.database, cipher: t.cipher });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 20; i++) {
        for (const app of [t.app, second]) codes.push((await app.inject({ method: 'GET', url: '/api/public/progress?code=ZZZZZZZZZZ', remoteAddress: '10.8.8.8' })).statusCode);
      }
      // 30 a minute from one address: 40 requests over two instances, 20 each, must run into the limit
      expect(codes.filter((c) => c === 404)).toHaveLength(30);
      expect(codes.filter((c) => c === 429)).toHaveLength(10);
      // the sweeper drops counters of windows long over, and only those
      const { dropOldRateLimits } = await import('../../rate-limit-store.ts');
      await t.database.query(`update rate_limits set window_start = now() - interval '2 days' where key like '%10.9.9.9'`);
      expect(await dropOldRateLimits(t.database)).toBe(1);
      expect(await t.database.query(`select count(*)::int as n from rate_limits where key like '%10.8.8.8'`)).toEqual([{ n: 1 }]);
    } finally {
      await second.close();
    }
  });
});

describe('deadlines, to-do, warnings and notifications', () => {
  it('overdue stages reach the handler to-do, the town warnings and one notification per event', async () => {
    let d = await register(office, { receivedOn: day(-30), mayTurnCriminal: true, summary: '超期测试' });
    d = await act(a1, d, { action: 'accept', date: day(-30) }); // village: 15 days → overdue
    d = await act(a1, d, { action: 'start_mediation', date: day(-29) });
    for (let i = 0; i < 4; i++) d = await act(a1, d, { action: 'add_session', date: day(-28 + i), method: 'on_site' });
    expect(d.roundsFlags.map((f: Json) => f.tier)).toEqual(['village']);
    const todo = (await req(a1, 'GET', '/api/disputes/todo')).json().items as Json[];
    expect(todo.filter((x) => x.disputeId === d.id).map((x) => x.kind).sort()).toEqual(['overdue', 'rounds']);
    const warn = (await req(office, 'GET', '/api/disputes/warnings')).json();
    const mine = (warn.items as Json[]).filter((x) => x.disputeId === d.id).map((x) => x.kind).sort();
    expect(mine).toEqual(['overdue', 'past_limits', 'risk', 'rounds']);
    expect((await req(officeB, 'GET', '/api/disputes/warnings')).json().items.some((x: Json) => x.disputeId === d.id)).toBe(false);

    const first = await raiseStageDeadlines(t.database, today);
    expect(first).toBeGreaterThan(0);
    expect(await raiseStageDeadlines(t.database, today)).toBe(0);
    await Promise.all([raiseStageDeadlines(t.database, today), raiseStageDeadlines(t.database, today)]);
    const rows = await t.database.query<{ n: number }>(`select count(*)::int as n from notifications where kind = 'stage.overdue' and link = $1 and user_id = (select id from users where username = 'cadre_a1')`, [`dispute:${d.id}`]);
    expect(rows[0].n).toBe(1);
    const inbox = await req(a1, 'GET', '/api/notifications');
    const note = (inbox.json().items as Json[]).find((n) => n.link === `dispute:${d.id}`)!;
    expect(note.event).toBe('stage.overdue');
    expect(note.text).toContain(d.number);
    expect(note.ref).toEqual({ kind: 'dispute', id: d.id, number: d.number });
    expect(inbox.json().unread).toBeGreaterThan(0);
    expect((await req(a1, 'POST', `/api/notifications/${note.id}/read`)).json().updated).toBe(1);

    // an extension clears the overdue; once late again it is a new event
    d = await act(a1, d, { action: 'extend', date: day(5), reason: '等待鉴定结果' });
    expect((await req(office, 'GET', '/api/disputes?overdue=1&pageSize=100')).json().items.some((x: Json) => x.id === d.id)).toBe(false);
    expect(await raiseStageDeadlines(t.database, day(6))).toBeGreaterThan(0);
    const after = await t.database.query<{ n: number }>(`select count(*)::int as n from notifications where kind = 'stage.overdue' and link = $1 and user_id = (select id from users where username = 'cadre_a1')`, [`dispute:${d.id}`]);
    expect(after[0].n).toBe(2);
  });
});

describe('statistics', () => {
  it('counts the month from stored records: category × result, channel, agreement form, governance rows', async () => {
    // a fresh town so the numbers are exact: 白沙镇
    const month = '2024-05';
    const ctx = sysCtx();
    const mk = (over: Json) =>
      createDispute(t.database, t.cipher, ctx, intake({ regionCode: TREE.b1, receivedOn: '2024-05-03', parties: [{ role: 'applicant', name: '甲' }], ...over }) as never, { today: '2024-06-30' });
    const run = async (id: string, steps: Json[]) => {
      let version = 1;
      for (const s of steps) version = (await performAction(t.database, ctx, id, { version, ...s } as never, { today: '2024-06-30' })).version;
    };
    const resolved1 = await mk({ category: 'neighbour', channel: 'walk_in', amount: '100.00' });
    await run(resolved1.dispute.id, [{ action: 'accept', date: '2024-05-04' }, { action: 'start_mediation', date: '2024-05-05' }, { action: 'resolve', date: '2024-05-10', agreement: { form: 'written', content: '赔偿100元' } }]);
    const resolved2 = await mk({ category: 'land_contract', channel: 'phone', amount: '50.00', peopleCount: 7, regionCode: TREE.b2 });
    await run(resolved2.dispute.id, [{ action: 'accept', date: '2024-05-04' }, { action: 'start_mediation', date: '2024-05-05' }, { action: 'resolve', date: '2024-05-20', agreement: { form: 'oral' } }]);
    const failed = await mk({ category: 'forest_land', channel: 'phone' });
    await run(failed.dispute.id, [{ action: 'accept', date: '2024-05-04' }, { action: 'start_mediation', date: '2024-05-05' }, { action: 'fail', date: '2024-05-06', reason: 'no_agreement', toldRightToSue: true }, { action: 'close', date: '2024-05-07' }]);
    const lit = await mk({ category: 'contract' });
    await run(lit.dispute.id, [{ action: 'accept', date: '2024-05-04' }, { action: 'transfer', level: 'litigation', date: '2024-05-08', toldRightToSue: true }]);
    await mk({ category: 'contract', receivedOn: '2024-05-30' }); // pending
    await mk({ category: 'contract', receivedOn: '2024-06-02' }); // next month: not counted
    const april = await mk({ category: 'neighbour', receivedOn: '2024-04-20' });
    await run(april.dispute.id, [{ action: 'accept', date: '2024-04-21' }, { action: 'start_mediation', date: '2024-04-22' }, { action: 'resolve', date: '2024-05-02', agreement: { form: 'oral' } }]);

    const r = await req(officeB, 'GET', `/api/disputes/stats?month=${month}&region=${TREE.townB}`);
    expect(r.statusCode, r.body).toBe(200);
    const s = r.json();
    const cat = (k: string) => (s.byCategory as Json[]).find((x) => x.key === k)!;
    expect(cat('neighbour').month).toMatchObject({ received: 1, resolved: 2, pending: 0 });
    expect(cat('forest_land').month).toMatchObject({ received: 2, resolved: 1, failed: 1, successRate: 0.5 });
    expect(cat('contract').month).toMatchObject({ received: 2, litigation: 1, pending: 1 });
    expect(cat('neighbour').year).toMatchObject({ received: 2, resolved: 2 });
    expect(s.totals.month).toMatchObject({ received: 5, resolved: 3, failed: 1, litigation: 1, pending: 1 });
    expect((s.byChannel as Json[]).find((x) => x.key === 'phone')!.month.received).toBe(2);
    expect(s.agreementForms).toEqual([
      { key: 'written', label: '书面', month: 1, year: 1, monthAmount: '100.00', yearAmount: '100.00' },
      { key: 'oral', label: '口头', month: 2, year: 2, monthAmount: '1250.50', yearAmount: '1250.50' },
    ]);
    const b1 = (s.governance as Json[]).find((g) => g.regionCode === TREE.b1);
    const b2 = (s.governance as Json[]).find((g) => g.regionCode === TREE.b2);
    expect(b1).toMatchObject({ regionName: '北村', received: 4, resolved: 2, failed: 1, litigation: 1, pending: 1 });
    expect(b2).toMatchObject({ received: 1, groupDisputes: 1, peopleInvolved: 7, resolved: 1 });
    // scope: 清溪镇 sees none of it
    const other = (await req(office, 'GET', `/api/disputes/stats?month=${month}`)).json();
    expect(other.totals.month.received).toBe(0);
    expect((await req(office, 'GET', `/api/disputes/stats?month=${month}&region=${TREE.townB}`)).statusCode).toBe(404);
    const x = await req(officeB, 'GET', `/api/disputes/stats?month=${month}&region=${TREE.townB}&format=xlsx`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按纠纷类别', '按来源渠道', '按化解层级', '协议形式', '综治矛盾纠纷报表']);
    expect((await req(officeB, 'GET', `/api/disputes/stats?month=2024-13`)).statusCode).toBe(422);

    // the year month by month (the workbench chart), from the same records
    const y = (await req(officeB, 'GET', `/api/disputes/monthly?year=2024&region=${TREE.townB}`)).json();
    expect(y.months).toHaveLength(12);
    expect(y.months[3]).toEqual({ month: '2024-04', received: 1, resolved: 0, notResolved: 0 });
    expect(y.months[4]).toEqual({ month: '2024-05', received: 5, resolved: 3, notResolved: 2 });
    expect(y.months[5]).toEqual({ month: '2024-06', received: 1, resolved: 0, notResolved: 0 });
    expect((await req(officeB, 'GET', '/api/disputes/monthly?year=2024')).json()).toEqual(y); // 白沙镇 is all it sees
    expect((await req(office, 'GET', `/api/disputes/monthly?year=2024&region=${TREE.townB}`)).statusCode).toBe(404);
    const mine = (await req(office, 'GET', '/api/disputes/monthly?year=2024')).json();
    expect(mine.months[4].received).toBe(Number((await t.database.query<{ n: number }>(`select count(*)::int as n from disputes where town_code = $1 and to_char(received_on, 'YYYY-MM') = '2024-05'`, [TREE.townA]))[0].n));
  });
});

describe('configurable dictionaries', () => {
  it('admin adds and relabels categories (never removes one); intake accepts the new one', async () => {
    const cur = (await req(office, 'GET', '/api/disputes/dictionaries')).json();
    expect(cur.categories.map((c: Json) => c.key)).toContain('land_contract');
    const body = {
      categories: [...cur.categories, { key: 'tourism', label: '旅游纠纷', statsCategory: 'contract' }],
      failureReasons: cur.failureReasons,
    };
    expect((await req(office, 'PUT', '/api/disputes/dictionaries', body)).statusCode).toBe(403);
    const ok = await req(admin, 'PUT', '/api/disputes/dictionaries', body);
    expect(ok.statusCode, ok.body).toBe(200);
    const removed = await req(admin, 'PUT', '/api/disputes/dictionaries', { ...body, categories: body.categories.filter((c: Json) => c.key !== 'neighbour') });
    expect(removed.statusCode).toBe(422);
    expect(removed.json().detail).toMatch(/不能删除/);
    const d = await register(office, { category: 'tourism' });
    expect(d.category).toBe('tourism');
    const audit = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'dictionaries.update'`);
    expect(audit[0].n).toBe(1);
  });
});
