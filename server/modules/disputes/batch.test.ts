// Issue 18.4: batch accept / assign of disputes (one outcome per dispute: scope, permission, version and transition
// exactly as for one accept, each audited) and photos and attachments at intake (type by first bytes, 10 MB, 9 per
// dispute, seen and downloaded only by those who see the dispute).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { addDays, todayShanghai } from '../../../core/dates.ts';
import { multipartFile, PNG_1PX } from '../../../test/multipart.ts';

let t: TestApp;
let office: string;
let officeB: string;
let a1: string;
let reader: string;
let police: string;
const uid: Record<string, string> = {};
const day = (n: number) => addDays(todayShanghai(), n);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const req = (cookie: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
  t.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });

async function register(cookie: string, regionCode: string = TREE.a1, summary = '东村张三与李四因排水沟堵塞引发邻里纠纷'): Promise<Json> {
  const r = await req(cookie, 'POST', '/api/disputes', {
    regionCode,
    receivedOn: day(-5),
    channel: 'walk_in',
    category: 'neighbour',
    summary,
    parties: [{ role: 'applicant', kind: 'person', name: '张三' }, { role: 'respondent', kind: 'person', name: '李四' }],
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  office = await t.userWith('town_office', { regionCode: TREE.townA }, 'office_a');
  officeB = await t.userWith('town_office', { regionCode: TREE.townB }, 'office_b');
  a1 = await t.userWith('village_admin', { regionCode: TREE.a1 }, 'cadre_a1');
  reader = await t.userWith('county_leader', { regionCode: TREE.county }, 'leader');
  police = await t.userWith('department', { unitId: `police-${TREE.townA}` }, 'police_a');
  for (const u of ['cadre_a1', 'office_a']) uid[u] = (await t.database.query<{ id: string }>('select id from users where username = $1', [u]))[0].id;
});
afterAll(() => t.close());

describe('POST /api/disputes/batch', () => {
  it('accepts several disputes, one outcome each: a stale version, a wrong state and another town refused, the rest done and audited', async () => {
    const [d1, d2, d3, d4] = [await register(office), await register(office), await register(office), await register(office)];
    const other = await register(officeB, TREE.b1, '白沙镇的纠纷');
    // d3 was accepted by someone else since the list was shown; d4 is already accepted
    expect((await req(office, 'POST', `/api/disputes/${d4.id}/actions`, { action: 'accept', version: d4.version })).statusCode).toBe(200);
    expect((await req(office, 'POST', `/api/disputes/${d3.id}/notes`, { notes: '先记一笔' })).statusCode).toBe(200);
    const stale = (await req(office, 'POST', `/api/disputes/${d3.id}/actions`, { action: 'withdraw', version: d3.version, reason: '申请人撤回' })).json();
    const r = await req(office, 'POST', '/api/disputes/batch', {
      action: 'accept',
      ids: [d1.id, d2.id, d3.id, d4.id, other.id],
      versions: { [d1.id]: d1.version, [d2.id]: d2.version, [d3.id]: d3.version },
      date: day(-1),
    });
    expect(r.statusCode, r.body).toBe(200);
    const out = r.json();
    expect(out).toMatchObject({ succeeded: 2, failed: 3 });
    const by = Object.fromEntries(out.results.map((x: Json) => [x.id, x]));
    expect(by[d1.id]).toEqual({ id: d1.id, label: d1.number, ok: true, message: '成功' });
    expect(by[d2.id].ok).toBe(true);
    expect(by[d3.id]).toMatchObject({ ok: false, label: d3.number, message: '该记录已被他人修改，请刷新后重试' });
    expect(stale.state).toBe('withdrawn');
    expect(by[d4.id].ok).toBe(false);
    expect(by[d4.id].message).toMatch(/[\u4e00-\u9fa5]/);
    expect(by[other.id]).toEqual({ id: other.id, label: null, ok: false, message: '纠纷不存在或无权访问' });

    const after = (await req(office, 'GET', `/api/disputes/${d1.id}`)).json();
    expect(after).toMatchObject({ state: 'accepted', firstAcceptedOn: day(-1) });
    const audit = await t.database.query<{ entity_id: string }>(`select entity_id from audit_log where action = 'dispute.accept' and entity_id = any($1)`, [[d1.id, d2.id, d3.id]]);
    expect(audit.map((a) => a.entity_id).sort()).toEqual([d1.id, d2.id].sort());
    // the other town's dispute is untouched
    expect((await req(officeB, 'GET', `/api/disputes/${other.id}`)).json().state).toBe('registered');
  });

  it('assigns a handler (offered for each dispute) and refuses one not offered, row by row', async () => {
    const d1 = await register(office);
    const d2 = await register(office, TREE.a2, '西村的邻里纠纷');
    const r = await req(office, 'POST', '/api/disputes/batch', { action: 'assign', ids: [d1.id, d2.id], level: 'village', handlerId: uid.cadre_a1 });
    expect(r.statusCode, r.body).toBe(200);
    const [x1, x2] = r.json().results;
    expect(x1).toMatchObject({ ok: true, message: '成功' });
    expect(x2).toMatchObject({ ok: false, message: '承办人不在所选承办单位可选的人员之中' });
    const d = (await req(office, 'GET', `/api/disputes/${d1.id}`)).json();
    expect(d.currentHandlerName).toBeTruthy();
    expect(d.stages[0]).toMatchObject({ level: 'village' });
    expect((await req(office, 'GET', `/api/disputes/${d2.id}`)).json().state).toBe('registered');
  });

  it('refuses bad input and users who cannot handle with Chinese problem+json', async () => {
    const d = await register(office);
    const noHandler = await req(office, 'POST', '/api/disputes/batch', { action: 'assign', ids: [d.id] });
    expect(noHandler.statusCode).toBe(422);
    expect(noHandler.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(noHandler.body).toContain('指派须选择承办人');
    const empty = await req(office, 'POST', '/api/disputes/batch', { action: 'accept', ids: [] });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('请至少选择一条记录');
    const bad = await req(office, 'POST', '/api/disputes/batch', { action: 'close', ids: [d.id] });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('操作只能是受理或指派');
    const ro = await req(reader, 'POST', '/api/disputes/batch', { action: 'accept', ids: [d.id] });
    expect(ro.statusCode).toBe(403);
    expect(ro.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await req(office, 'GET', `/api/disputes/${d.id}`)).json().state).toBe('registered');
  });

  it('exports only the rows selected', async () => {
    const d1 = await register(office);
    const d2 = await register(office);
    await register(office);
    const r = await req(office, 'GET', `/api/disputes?ids=${d1.id},${d2.id}`);
    expect(r.json().items.map((x: Json) => x.id).sort()).toEqual([d1.id, d2.id].sort());
    const x = await req(office, 'POST', '/api/disputes/search', { ids: `${d1.id},${d2.id}`, format: 'xlsx' });
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toMatch(/spreadsheetml/);
  });
});

describe('dispute attachments', () => {
  const upload = (cookie: string, id: string, name: string, content: Buffer, type = 'application/octet-stream') => {
    const f = multipartFile(name, content, type);
    return t.inject({ method: 'POST', url: `/api/files?ownerEntity=dispute&ownerId=${id}`, headers: { cookie, ...f.headers }, payload: f.payload });
  };
  const docx = () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('word/document.xml', 'latin1'), Buffer.alloc(100)]);

  it('takes photos, PDF and Word by their bytes, at most 10 MB and 9 each; shows and serves them to who sees the dispute; audited', async () => {
    const d = await register(a1);
    const png = await upload(a1, d.id, '现场.png', PNG_1PX, 'image/png');
    expect(png.statusCode, png.body).toBe(201);
    expect(png.json()).toMatchObject({ filename: '现场.png', mimeType: 'image/png' });
    const word = await upload(a1, d.id, '申请书.docx', docx());
    expect(word.statusCode, word.body).toBe(201);
    expect(word.json().mimeType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    // 8 MB photo: over the 5 MB of other records, within the dispute's 10 MB
    const big = await upload(a1, d.id, '大图.png', Buffer.concat([PNG_1PX, Buffer.alloc(8 * 1024 * 1024)]), 'image/png');
    expect(big.statusCode, big.body).toBe(201);
    const tooBig = await upload(a1, d.id, '太大.png', Buffer.concat([PNG_1PX, Buffer.alloc(10 * 1024 * 1024)]), 'image/png');
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().detail).toBe('文件不能超过 10 MB');
    const exe = await upload(a1, d.id, '照片.jpg', Buffer.from('MZ\x90\x00 not a photo at all', 'latin1'), 'image/jpeg');
    expect(exe.statusCode).toBe(422);
    expect(exe.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(exe.json().detail).toBe('只能上传 JPEG、PNG、WebP 图片，PDF 或 Word（.docx）文件');

    const list = await req(office, 'GET', `/api/disputes/${d.id}/attachments`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((f: Json) => f.filename)).toEqual(['现场.png', '申请书.docx', '大图.png']);
    const file = await req(office, 'GET', png.json().url);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PNG_1PX)).toBe(true);
    // another town sees neither the list nor the file; a read-only leader may look but not attach
    expect((await req(officeB, 'GET', `/api/disputes/${d.id}/attachments`)).statusCode).toBe(404);
    expect((await req(officeB, 'GET', png.json().url)).statusCode).toBe(404);
    const ro = await upload(reader, d.id, 'x.png', PNG_1PX, 'image/png');
    expect(ro.statusCode).toBe(403);
    expect(ro.json().detail).toBe('只读用户不能上传附件');

    for (let i = 0; i < 6; i++) expect((await upload(a1, d.id, `p${i}.png`, PNG_1PX, 'image/png')).statusCode).toBe(201);
    const tenth = await upload(a1, d.id, 'p10.png', PNG_1PX, 'image/png');
    expect(tenth.statusCode).toBe(422);
    expect(tenth.json().detail).toBe('该纠纷已有 9 个附件，最多 9 个');
    const audit = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'file.upload' and after->>'ownerId' = $1`, [d.id]);
    expect(audit[0].n).toBe(9);
  }, 60_000);

  it('lets a department that handles the dispute see its files though the region is not in its bindings', async () => {
    const d = await register(office);
    const f = (await upload(office, d.id, '证据.pdf', Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1'))).json();
    expect((await req(police, 'GET', f.url)).statusCode).toBe(404);
    const acc = await req(office, 'POST', `/api/disputes/${d.id}/actions`, { action: 'accept', version: d.version, level: 'department', unitId: `police-${TREE.townA}` });
    expect(acc.statusCode, acc.body).toBe(200);
    const got = await req(police, 'GET', f.url);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
  });
});
