/** The ledger reaches its units (issue 13.7): assignees see and report on their tasks; the town office sees who is late. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { multipartFile, PNG_1PX } from '../../../test/multipart.ts';
import { taskAssigneeUserIds } from '../../scope/programme-task.ts';
import { readWorkbook } from '../../../test/xlsx.ts';

let t: TestApp;
let office: string;
let leader: string;
let police: string;
let justice: string;
let village: string;
let grid: string;
let otherVillage: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  office = await t.userWith('town_office', { regionCode: TREE.townA }, 'qx_office');
  leader = await t.userWith('town_leader', { regionCode: TREE.townA }, 'qx_leader');
  police = await t.userWith('department', { unitId: `police-${TREE.townA}` }, 'qx_police');
  justice = await t.userWith('department', { unitId: `justice-${TREE.townA}` }, 'qx_justice');
  village = await t.userWith('village_admin', { regionCode: TREE.a1 }, 'east_admin');
  grid = await t.userWith('grid_worker', { regionCode: TREE.gridA1 }, 'east_grid');
  otherVillage = await t.userWith('village_admin', { regionCode: TREE.a2 }, 'west_admin');
});
afterAll(async () => t?.close());

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: unknown) => t.inject({ method, url, headers: { cookie }, payload: payload as never });

describe('programme tasks reach their units (issue 13.7)', () => {
  let programme = '';
  let unitTask: { id: string; version: number };
  let villageTask: { id: string; version: number };

  it('the town office assigns tasks to a unit and to a village', async () => {
    const p = await call('POST', '/api/programmes', office, { regionCode: TREE.townA, year: 2024, title: '清溪镇无讼创建工作方案' });
    expect(p.statusCode, p.body).toBe(201);
    programme = p.json().id;
    const a = await call('POST', `/api/programmes/${programme}/tasks`, office, { phase: 'advance', title: '排查辖区治安隐患', unitId: `police-${TREE.townA}`, deadline: '2024-08-01' });
    expect(a.statusCode, a.body).toBe(201);
    unitTask = a.json();
    expect(a.json()).toMatchObject({ assignee: '清溪镇派出所', villageCode: null, progress: null });
    const b = await call('POST', `/api/programmes/${programme}/tasks`, office, { phase: 'advance', title: '修订村规民约', villageCode: TREE.a1, deadline: '2099-12-31' });
    expect(b.statusCode, b.body).toBe(201);
    villageTask = b.json();
    expect(b.json()).toMatchObject({ assignee: '东村', villageName: '东村', unitId: null });
    // one assignee only; a village of another town is refused
    expect((await call('POST', `/api/programmes/${programme}/tasks`, office, { phase: 'advance', title: 'x', villageCode: TREE.a1, unitId: `police-${TREE.townA}` })).statusCode).toBe(422);
    const far = await call('POST', `/api/programmes/${programme}/tasks`, office, { phase: 'advance', title: 'x', villageCode: TREE.townA });
    expect(far.statusCode).toBe(422);
    expect(far.json().detail).toContain('不是村（社区）');
  });

  it('each assignee sees their own tasks (我的任务), and nobody else’s', async () => {
    const mine = async (cookie: string) => ((await call('GET', '/api/programme-tasks/mine', cookie)).json() as { id: string }[]).map((x) => x.id);
    expect(await mine(police)).toEqual([unitTask.id]);
    expect(await mine(village)).toEqual([villageTask.id]);
    expect(await mine(grid)).toEqual([villageTask.id]);
    expect(await mine(justice)).toEqual([]);
    expect(await mine(otherVillage)).toEqual([]);
    expect(await mine(office)).toEqual([]);
    const d = await call('GET', `/api/programme-tasks/${unitTask.id}`, police);
    expect(d.statusCode, d.body).toBe(200);
    expect(d.json()).toMatchObject({ title: '排查辖区治安隐患', programmeTitle: '清溪镇无讼创建工作方案', canReport: true, overdue: true, reports: [] });
    // another unit's user, another village's cadre: 404
    expect((await call('GET', `/api/programme-tasks/${unitTask.id}`, justice)).statusCode).toBe(404);
    expect((await call('GET', `/api/programme-tasks/${villageTask.id}`, otherVillage)).statusCode).toBe(404);
    expect((await call('POST', `/api/programme-tasks/${unitTask.id}/reports`, justice, { version: unitTask.version, kind: 'progress', percent: 10, note: 'x' })).statusCode).toBe(404);
  });

  it('the assigned unit reports progress with a note and an attachment; the history keeps it', async () => {
    expect((await call('POST', `/api/programme-tasks/${unitTask.id}/reports`, police, { version: unitTask.version, kind: 'progress', percent: 150, note: 'x' })).statusCode).toBe(422);
    expect((await call('POST', `/api/programme-tasks/${unitTask.id}/reports`, police, { version: unitTask.version, kind: 'progress', percent: 50, note: '  ' })).statusCode).toBe(422);
    const r = await call('POST', `/api/programme-tasks/${unitTask.id}/reports`, police, { version: unitTask.version, kind: 'progress', percent: 50, note: '已排查 12 处，整改 6 处' });
    expect(r.statusCode, r.body).toBe(201);
    const { report, task } = r.json();
    expect(report).toMatchObject({ kind: 'progress', percent: 50, note: '已排查 12 处，整改 6 处', authorName: 'qx_police' });
    expect(task).toMatchObject({ progress: 50, status: 'open', version: unitTask.version + 1 });
    // stale version
    expect((await call('POST', `/api/programme-tasks/${unitTask.id}/reports`, police, { version: unitTask.version, kind: 'progress', percent: 60, note: 'x' })).statusCode).toBe(409);
    const up = multipartFile('整改照片.png', PNG_1PX, 'image/png');
    const f = await t.inject({ method: 'POST', url: `/api/files?ownerEntity=programme_task_report&ownerId=${report.id}`, headers: { cookie: police, ...up.headers }, payload: up.payload });
    expect(f.statusCode, f.body).toBe(201);
    // another unit may not attach to it, nor read it
    const up2 = multipartFile('x.png', PNG_1PX, 'image/png');
    expect((await t.inject({ method: 'POST', url: `/api/files?ownerEntity=programme_task_report&ownerId=${report.id}`, headers: { cookie: justice, ...up2.headers }, payload: up2.payload })).statusCode).toBe(404);
    expect((await call('GET', f.json().url, justice)).statusCode).toBe(404);
    expect((await call('GET', f.json().url, police)).statusCode).toBe(200);
    expect((await call('GET', f.json().url, office)).statusCode).toBe(200);
    const d = (await call('GET', `/api/programme-tasks/${unitTask.id}`, office)).json();
    expect(d.reports).toHaveLength(1);
    expect(d.reports[0]).toMatchObject({ note: '已排查 12 处，整改 6 处', percent: 50, authorName: 'qx_police' });
    expect(d.reports[0].files.map((x: { filename: string }) => x.filename)).toEqual(['整改照片.png']);
    unitTask = task;
  });

  it('the village reports completion; the town office sees who is late', async () => {
    const done = await call('POST', `/api/programme-tasks/${villageTask.id}/reports`, grid, { version: villageTask.version, kind: 'done', note: '村规民约已经村民代表会议通过' });
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json().task).toMatchObject({ status: 'done', progress: 100, completedBy: 'east_grid', evidence: '村规民约已经村民代表会议通过', overdue: false, late: false });
    // a done task takes no further reports
    expect((await call('POST', `/api/programme-tasks/${villageTask.id}/reports`, village, { version: done.json().task.version, kind: 'progress', percent: 100, note: 'x' })).statusCode).toBe(422);
    const late = await call('GET', `/api/programmes/${programme}/tasks?overdue=true`, office);
    expect(late.statusCode).toBe(200);
    expect(late.json().map((x: { id: string; assignee: string; overdue: boolean; progress: number }) => [x.id, x.assignee, x.overdue, x.progress])).toEqual([[unitTask.id, '清溪镇派出所', true, 50]]);
    const xlsx = await call('GET', `/api/programmes/${programme}/tasks?overdue=true&format=xlsx`, office);
    expect(xlsx.statusCode).toBe(200);
    const book = await readWorkbook(xlsx);
    expect(book.rows()[1]).toEqual(expect.arrayContaining(['排查辖区治安隐患', '清溪镇派出所', '逾期']));
    const all = (await call('GET', `/api/programmes/${programme}/tasks`, office)).json() as { id: string; status: string; overdue: boolean }[];
    expect(all.find((x) => x.id === villageTask.id)).toMatchObject({ status: 'done', overdue: false });
    // the workbench tells the assignee
    const wb = (await call('GET', '/api/workbench', police)).json();
    expect(wb.todo.find((x: { key: string }) => x.key === 'programme.mine')).toMatchObject({ count: 1, severity: 'danger' });
  });

  it('a read-only leader opens the task through the ledger but cannot report (403)', async () => {
    const d = await call('GET', `/api/programme-tasks/${unitTask.id}`, leader);
    expect(d.statusCode).toBe(200);
    expect(d.json().canReport).toBe(false);
    expect((await call('POST', `/api/programme-tasks/${unitTask.id}/reports`, leader, { version: unitTask.version, kind: 'progress', percent: 70, note: 'x' })).statusCode).toBe(403);
  });

  it('taskAssigneeUserIds names the users a task reaches (for programme.task_due)', async () => {
    const names = async (id: string) =>
      (await t.database.db.execute<{ username: string }>(sql`select username from users where id in (${taskAssigneeUserIds(id)}) order by username`)).rows.map((r) => r.username);
    expect(await names(unitTask.id)).toEqual(['qx_police']);
    expect(await names(villageTask.id)).toEqual(['east_admin', 'east_grid']);
  });
});
