import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { TREE } from '../../../test/factories.ts';
import { seedScenario } from '../evaluation/test-data.ts';
import { chineseDate } from '../../../core/chinese.ts';
import { todayShanghai } from '../../../core/dates.ts';

let t: TestApp;
let office: string;
let leader: string;
let other: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedScenario(t.database);
  office = await t.userWith('town_office', { regionCode: TREE.townB });
  leader = await t.userWith('town_leader', { regionCode: TREE.townB });
  other = await t.userWith('town_office', { regionCode: TREE.townA });
});
afterAll(async () => t?.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, cookie: string, payload?: unknown) =>
  t.inject({ method, url, headers: { cookie }, payload: payload as never });

describe('programme ledger (SPEC §8)', () => {
  let id = '';

  it('creates a programme year with the default phases and the year target', async () => {
    const r = await call('POST', '/api/programmes', office, { regionCode: TREE.townB, year: 2024, title: '白沙镇“宁人息事”无讼创建工作方案', goals: '年底无讼村占比达到60%' });
    expect(r.statusCode, r.body).toBe(201);
    const p = r.json();
    id = p.id;
    expect(p.phases).toEqual([
      { key: 'mobilise', name: '动员部署', start: '2024-07-01', end: '2024-07-15' },
      { key: 'advance', name: '全面推进', start: '2024-07-16', end: '2024-11-30' },
      { key: 'summarise', name: '总结提升', start: '2024-12-01', end: '2024-12-31' },
    ]);
    expect(p).toMatchObject({ regionName: '白沙镇', villageShareTarget: 0.6, villageShareMin: 0.8, version: 1 });
    expect((await call('POST', '/api/programmes', office, { regionCode: TREE.townB, year: 2024, title: '重复' })).statusCode).toBe(422);
    const bad = await call('POST', '/api/programmes', office, {
      regionCode: TREE.townB,
      year: 2025,
      title: 'x',
      phases: [
        { key: 'mobilise', start: '2025-07-01', end: '2025-08-15' },
        { key: 'advance', start: '2025-07-16', end: '2025-11-30' },
        { key: 'summarise', start: '2025-12-01', end: '2025-12-31' },
      ],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toContain('重叠');
    expect((await call('POST', '/api/programmes', leader, { regionCode: TREE.townB, year: 2026, title: 'x' })).statusCode).toBe(403);
    expect((await call('POST', '/api/programmes', office, { regionCode: TREE.townA, year: 2026, title: 'x' })).statusCode).toBe(404);
  });

  it('keeps a task ledger: units, deadlines, evidence required to complete, overdue and late flags, versions', async () => {
    const a = await call('POST', `/api/programmes/${id}/tasks`, office, { phase: 'mobilise', title: '召开动员部署会', unitId: `centre-${TREE.townB}`, deadline: '2024-07-15' });
    expect(a.statusCode, a.body).toBe(201);
    const task = a.json();
    expect(task).toMatchObject({ unitName: '白沙镇矛调中心', status: 'open', overdue: true, late: false });
    const b = await call('POST', `/api/programmes/${id}/tasks`, office, { phase: 'advance', title: '各村修订村规民约', unitId: `vc-${TREE.b1}`, deadline: '2999-11-30' });
    expect(b.json()).toMatchObject({ overdue: false });
    expect((await call('POST', `/api/programmes/${id}/tasks`, office, { phase: 'advance', title: 'x', unitId: `vc-${TREE.a1}` })).statusCode).toBe(404);
    const wb = (await call('GET', '/api/workbench', office)).json();
    expect(wb.todo.find((x: { key: string }) => x.key === 'programme.overdue')).toMatchObject({ count: 1, path: '/programme' });
    const noEvidence = await call('PATCH', `/api/programme-tasks/${task.id}`, office, { version: 1, status: 'done' });
    expect(noEvidence.statusCode).toBe(422);
    const done = await call('PATCH', `/api/programme-tasks/${task.id}`, office, { version: 1, status: 'done', completedOn: '2024-07-20', evidence: '会议纪要、签到表' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', overdue: false, late: true, completedOn: '2024-07-20', version: 2 });
    expect((await call('PATCH', `/api/programme-tasks/${task.id}`, office, { version: 1, title: '旧版本' })).statusCode).toBe(409);
    const list = await call('GET', `/api/programmes/${id}/tasks`, leader);
    expect(list.json().map((x: { title: string }) => x.title)).toEqual(['召开动员部署会', '各村修订村规民约']);
    expect((await call('GET', `/api/programmes/${id}/tasks`, other)).statusCode).toBe(404);
    const programmes = (await call('GET', '/api/programmes?year=2024', leader)).json();
    expect(programmes[0].taskCounts).toEqual({ total: 2, done: 1, overdue: 0 });
    const audit = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'programme_task.complete'`);
    expect(audit[0].n).toBe(1);
  });

  it('produces the December summary: evaluation, ranking, commendation list, as JSON and .docx', async () => {
    const s = await call('GET', `/api/programmes/${id}/summary?asOf=2024-12-31`, leader);
    expect(s.statusCode, s.body).toBe(200);
    const j = s.json();
    expect(j.towns.map((x: { code: string }) => x.code)).toEqual([TREE.townB]);
    expect(j.commendation.villages).toEqual([{ townName: '白沙镇', code: TREE.b1, name: '北村', rank: 1 }]);
    expect(j.tasks.byPhase[0]).toMatchObject({ phase: 'mobilise', total: 1, done: 1, late: 1 });
    const d = await call('GET', `/api/programmes/${id}/summary?asOf=2024-12-31&format=docx`, leader);
    expect(d.statusCode).toBe(200);
    const xml = await (await JSZip.loadAsync(d.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('表彰名单');
    expect(xml).toContain('北村');
  });

  it('issues the summary with a 文号 of the town’s yearly sequence (kept when downloaded again), 主送, 落款 and 抄送 (14.11)', async () => {
    const textOf = async (url: string) => {
      const r = await call('GET', url, leader);
      expect(r.statusCode, r.body).toBe(200);
      return (await (await JSZip.loadAsync(r.rawPayload)).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    };
    const summary = `/api/programmes/${id}/summary?asOf=2024-12-31&format=docx`;
    const first = await textOf(summary); // the previous test downloaded it once: it already holds 1号
    expect(first).toContain('无讼办〔2024〕1号');
    expect(first).toContain('各村（社区）党组织、村（居）民委员会：');
    expect(first).toContain(`无讼创建工作领导小组办公室${chineseDate(todayShanghai())}`);
    expect(first).toContain('抄送：县委政法委，县司法局。');
    expect(await textOf(summary)).toContain('无讼办〔2024〕1号');
    // a bulletin of the same town and year takes the next number of the same sequence
    expect(await textOf(`/api/reports/bulletin?year=2024&month=12&town=${TREE.townB}&format=docx`)).toContain('无讼办〔2024〕2号');
    const rows = await t.database.query<{ paper: string; number: string }>(`select paper, number from document_numbers where scope = $1 order by seq`, [TREE.townB]);
    expect(rows).toEqual([
      { paper: `summary:${id}`, number: '无讼办〔2024〕1号' },
      { paper: 'bulletin:2024-12', number: '无讼办〔2024〕2号' },
    ]);
  });

  it('answers 403 to a user without evaluation.read, before looking the programme up', async () => {
    const mediator = await t.userWith('mediator', { unitId: `centre-${TREE.townB}` });
    for (const url of [`/api/programmes/${id}/summary?asOf=2024-12-31`, `/api/programmes/${id}/summary?asOf=2024-12-31&format=docx`, '/api/programmes/nope/summary']) {
      const r = await call('GET', url, mediator);
      expect(r.statusCode, url).toBe(403);
    }
  });
});
