// Issue 18.4: answer the requests of several visits at once — each visit as one PATCH (scope, version, audit), one
// outcome per visit; and export only the visits selected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers.ts';
import { preventionFixture, requester, shanghaiToday } from '../../../test/prevention-fixture.ts';
import { TREE } from '../../../test/factories.ts';

let t: TestApp;
let office: string;
let officeB: string;
let a1: string;

beforeAll(async () => {
  ({ t, office, officeB, a1 } = await preventionFixture());
});
afterAll(() => t.close());

const req = requester(() => t);
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const visit = async (cookie: string, over: Json = {}) => {
  const r = await req(cookie, 'POST', '/api/visits', { type: 'reception', visitedOn: shanghaiToday(), regionCode: TREE.a1, personsMet: '张某', requests: '要求疏通排水沟', ...over });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as Json;
};

describe('POST /api/visits/batch', () => {
  it('answers several visits, one outcome each; a stale version, one without requests and another town are refused', async () => {
    const [v1, v2, v3] = [await visit(a1), await visit(a1), await visit(a1)];
    const none = await visit(a1, { type: 'home_visit', requests: null });
    const other = await visit(officeB, { regionCode: TREE.b1 });
    // v3 changed since it was shown
    expect((await req(office, 'PATCH', `/api/visits/${v3.id}`, { version: v3.version, notes: '补记' })).statusCode).toBe(200);
    const r = await req(office, 'POST', '/api/visits/batch', {
      action: 'answer',
      ids: [v1.id, v2.id, v3.id, none.id, other.id],
      versions: { [v1.id]: v1.version, [v3.id]: v3.version },
      answer: '已协调村委会统一疏通',
    });
    expect(r.statusCode, r.body).toBe(200);
    const out = r.json();
    expect(out).toMatchObject({ succeeded: 2, failed: 3 });
    const by = Object.fromEntries(out.results.map((x: Json) => [x.id, x]));
    expect(by[v1.id]).toMatchObject({ ok: true, message: '成功' });
    expect(by[v1.id].label).toContain('接访');
    expect(by[v2.id].ok).toBe(true);
    expect(by[v3.id]).toMatchObject({ ok: false, message: '该记录已被他人修改，请刷新后重试' });
    expect(by[none.id]).toMatchObject({ ok: false, message: '没有诉求时办理状态应为“无诉求”' });
    expect(by[other.id]).toMatchObject({ ok: false, label: null, message: '走访记录不存在或无权访问' });
    const got = (await req(office, 'GET', `/api/visits/${v1.id}`)).json();
    expect(got).toMatchObject({ requestStatus: 'resolved', answer: '已协调村委会统一疏通', version: v1.version + 1 });
    const audit = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'visit.update' and entity_id = any($1)`, [[v1.id, v2.id]]);
    expect(audit[0].n).toBe(2);
    expect((await req(officeB, 'GET', `/api/visits/${other.id}`)).json().requestStatus).toBe('open');
  });

  it('refuses an empty answer and too many rows in Chinese problem+json; exports only the rows selected', async () => {
    const v = await visit(a1);
    const empty = await req(office, 'POST', '/api/visits/batch', { action: 'answer', ids: [v.id], answer: '  ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(empty.body).toContain('请填写答复内容');
    const many = await req(office, 'POST', '/api/visits/batch', { action: 'answer', ids: Array.from({ length: 101 }, (_, i) => `x${i}`), answer: '好' });
    expect(many.statusCode).toBe(422);
    expect(many.body).toContain('一次最多处理 100 条');
    const w = await visit(a1);
    await visit(a1);
    const sel = (await req(office, 'GET', `/api/visits?ids=${v.id},${w.id}`)).json();
    expect(sel.items.map((x: Json) => x.id).sort()).toEqual([v.id, w.id].sort());
  });
});
