import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { shanghaiToday } from '../../../test/prevention-fixture.ts';
import { remindKeyPersonContacts } from './service.ts';
import { expectSelectedExport, readWorkbook } from '../../../test/xlsx.ts';

let t: TestApp;
const c: Record<string, string> = {}; // cookies by name
const id: Record<string, string> = {}; // user ids by name

async function user(name: string, role: Parameters<TestApp['userWith']>[0], regionCode: string) {
  c[name] = await t.userWith(role, { regionCode }, name);
  id[name] = (await t.database.query<{ id: string }>('select id from users where username = $1', [name]))[0].id;
}

beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  c.admin = await t.login('admin');
  await user('office', 'town_office', TREE.townA);
  await user('officeB', 'town_office', TREE.townB);
  await user('cadre', 'village_admin', TREE.a1); // the responsible cadre
  await user('otherCadre', 'village_admin', TREE.a1); // same village, not responsible
  await user('leader', 'town_leader', TREE.townA);
  await user('justice', 'justice_office', TREE.townA);
  await user('grid', 'grid_worker', TREE.gridA1);
  await user('cadreB', 'village_admin', TREE.b1);
});
afterAll(() => t.close());

const req = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  t.inject({ method, url, headers: { cookie: c[who] }, ...(payload === undefined ? {} : { payload: payload as object }) });
const today = shanghaiToday;

let kp: { id: string; version: number };

describe('key persons: who may see them', () => {
  it('only the town office (or admin) creates; flags only for 三失一偏; the cadre must work in the town', async () => {
    const body = { regionCode: TREE.a1, name: '陈某', phone: '13812345678', type: 'three_lost_one_biased', flags: ['life_frustrated', 'personality_paranoid'], responsibleUserId: id.cadre, responsePlan: '每周走访一次，联系其子女', riskLevel: 'serious', situation: '因土地补偿多次扬言' };
    expect((await req('cadre', 'POST', '/api/key-persons', body)).statusCode).toBe(403);
    expect((await req('leader', 'POST', '/api/key-persons', body)).statusCode).toBe(403);
    expect((await req('officeB', 'POST', '/api/key-persons', body)).statusCode).toBe(404);
    expect((await req('office', 'POST', '/api/key-persons', { ...body, flags: [] })).statusCode).toBe(422);
    expect((await req('office', 'POST', '/api/key-persons', { ...body, type: 'other' })).statusCode).toBe(422);
    expect((await req('office', 'POST', '/api/key-persons', { ...body, responsibleUserId: id.cadreB })).statusCode).toBe(422);
    const r = await req('office', 'POST', '/api/key-persons', body);
    expect(r.statusCode, r.body).toBe(201);
    kp = r.json();
    // a second one in another town
    const b = await req('admin', 'POST', '/api/key-persons', { ...body, regionCode: TREE.b1, name: '林某', responsibleUserId: id.cadreB, type: 'threatened_petition', flags: [] });
    expect(b.statusCode, b.body).toBe(201);
  });

  it('the list shows them only to admin, the town office and the responsible cadre', async () => {
    const names = async (who: string) => ((await req(who, 'GET', '/api/key-persons')).json() as { name: string }[]).map((x) => x.name).sort();
    expect(await names('admin')).toEqual(['林某', '陈某']);
    expect(await names('office')).toEqual(['陈某']);
    expect(await names('cadre')).toEqual(['陈某']);
    expect(await names('cadreB')).toEqual(['林某']);
    for (const who of ['otherCadre', 'leader', 'justice', 'grid', 'officeB']) {
      const r = await req(who, 'GET', '/api/key-persons');
      expect(r.statusCode).toBe(200);
      expect(r.json().map((x: { name: string }) => x.name), who).not.toContain('陈某');
    }
    const list = (await req('office', 'GET', '/api/key-persons')).json();
    expect(list[0].phone).toBe('138****5678');
    expect(list[0]).toMatchObject({ cadreName: expect.any(String), flags: ['life_frustrated', 'personality_paranoid'] });
  });

  it('the detail answers 404 to everyone else', async () => {
    for (const who of ['otherCadre', 'leader', 'justice', 'grid', 'officeB', 'cadreB']) {
      expect((await req(who, 'GET', `/api/key-persons/${kp.id}`)).statusCode, who).toBe(404);
    }
    for (const who of ['admin', 'office', 'cadre']) {
      const r = await req(who, 'GET', `/api/key-persons/${kp.id}`);
      expect(r.statusCode, who).toBe(200);
      expect(r.json().phone).toBe('13812345678');
    }
    expect((await req('cadre', 'GET', `/api/key-persons/${kp.id}`)).json()).toMatchObject({ canManage: false, canLogContact: true });
    expect((await req('office', 'GET', `/api/key-persons/${kp.id}`)).json()).toMatchObject({ canManage: true, canLogContact: true });
  });

  it('the export holds only what the user may see', async () => {
    const rowsOf = async (who: string) => {
      const r = await req(who, 'GET', '/api/key-persons?format=xlsx');
      expect(r.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.rawPayload as never);
      const ws = wb.worksheets[0];
      const out: string[] = [];
      ws.eachRow((row, n) => n > 1 && out.push(String(row.getCell(1).value)));
      return out.sort();
    };
    expect(await rowsOf('admin')).toEqual(['林某', '陈某']);
    expect(await rowsOf('office')).toEqual(['陈某']);
    expect(await rowsOf('cadre')).toEqual(['陈某']);
    expect(await rowsOf('officeB')).toEqual(['林某']);
    for (const who of ['otherCadre', 'leader', 'justice', 'grid']) expect(await rowsOf(who), who).toEqual([]);
  });

  it('changes: only the town office edits; the responsible cadre logs contacts; others get 404', async () => {
    for (const who of ['otherCadre', 'leader', 'justice', 'grid', 'officeB']) {
      expect((await req(who, 'PATCH', `/api/key-persons/${kp.id}`, { version: kp.version, status: 'resolved' })).statusCode, who).toBe(404);
      expect((await req(who, 'POST', `/api/key-persons/${kp.id}/contacts`, { contactedOn: today(), method: 'phone', content: 'x' })).statusCode, who).toBe(404);
    }
    expect((await req('cadre', 'PATCH', `/api/key-persons/${kp.id}`, { version: kp.version, status: 'resolved' })).statusCode).toBe(403);
    const contact = await req('cadre', 'POST', `/api/key-persons/${kp.id}/contacts`, { contactedOn: today(), method: 'home_visit', content: '上门走访，情绪稳定', helpGiven: '协调低保申请' });
    expect(contact.statusCode, contact.body).toBe(201);
    const d = (await req('office', 'GET', `/api/key-persons/${kp.id}`)).json();
    expect(d.lastContactOn).toBe(today());
    expect(d.contacts).toHaveLength(1);
    expect(d.contactOverdue).toBe(false);
    const up = await req('office', 'PATCH', `/api/key-persons/${kp.id}`, { version: kp.version, responsePlan: '每两周走访一次' });
    expect(up.statusCode, up.body).toBe(200);
    expect((await req('office', 'PATCH', `/api/key-persons/${kp.id}`, { version: kp.version, responsePlan: 'x' })).statusCode).toBe(409);
    kp = up.json();
  });

  it('the candidate cadres list is the town office\'s only', async () => {
    expect((await req('cadre', 'GET', `/api/key-persons/cadres?regionCode=${TREE.a1}`)).statusCode).toBe(403);
    const r = await req('office', 'GET', `/api/key-persons/cadres?regionCode=${TREE.a1}`);
    const ids = r.json().map((x: { id: string }) => x.id);
    expect(ids).toContain(id.cadre);
    expect(ids).not.toContain(id.cadreB);
  });

  it('every read is audited', async () => {
    const rows = await t.database.query<{ action: string; actor_name: string }>(`select action, actor_name from audit_log where entity = 'key_person' order by id`);
    const actions = rows.map((r) => `${r.actor_name}:${r.action}`);
    expect(actions).toContain('cadre:key_person.read');
    expect(actions).toContain('office:key_person.list');
    expect(actions).toContain('cadre:key_person.export');
    expect(actions).toContain('leader:key_person.list'); // even an empty answer is recorded
  });

  it('a risk becomes a key person in one step', async () => {
    const risk = (await req('office', 'POST', '/api/risks', { regionCode: TREE.a1, category: 'expropriation_demolition', description: '征迁补偿不满，扬言进京', peopleInvolved: '周某' })).json();
    const r = await req('office', 'POST', '/api/key-persons', { regionCode: TREE.a1, name: '周某', type: 'threatened_petition', responsibleUserId: id.cadre, sourceRiskId: risk.id });
    expect(r.statusCode, r.body).toBe(201);
    const after = (await req('office', 'GET', `/api/risks/${risk.id}`)).json();
    expect(after.keyPersonId).toBe(r.json().id);
    // that the risk's people became a key person is itself restricted: others see no link
    expect((await req('otherCadre', 'GET', `/api/risks/${risk.id}`)).json().keyPersonId).toBeNull();
    const listed = (await req('otherCadre', 'GET', '/api/risks?pageSize=100')).json().items.find((x: { id: string }) => x.id === risk.id);
    expect(listed.keyPersonId).toBeNull();
    expect((await req('office', 'POST', '/api/key-persons', { regionCode: TREE.a1, name: '周某', type: 'threatened_petition', responsibleUserId: id.cadre, sourceRiskId: risk.id })).statusCode).toBe(422);
  });
});

describe('contact reminders', () => {
  it('reminds the responsible cadre once per missed due date', async () => {
    const r = await req('office', 'POST', '/api/key-persons', { regionCode: TREE.a1, name: '吴某', type: 'extreme_remarks', responsibleUserId: id.cadre, watchedSince: '2020-01-01' });
    expect(r.statusCode, r.body).toBe(201);
    const first = await remindKeyPersonContacts(t.database);
    expect(first).toBeGreaterThanOrEqual(1);
    expect(await remindKeyPersonContacts(t.database)).toBe(0);
    const n = await t.database.query<{ user_id: string; kind: string; ref: string; message: string }>(`select user_id, kind, ref, message from notifications where kind = 'key_person_contact'`);
    const mine = n.filter((x) => x.ref.startsWith(r.json().id));
    expect(mine).toHaveLength(1);
    expect(mine[0].user_id).toBe(id.cadre);
    expect(mine[0].ref).toBe(`${r.json().id}:2020-01-31`);
    expect(mine[0].message).toMatch(/吴某/);
    // a contact today clears it: no new reminder
    await req('cadre', 'POST', `/api/key-persons/${r.json().id}/contacts`, { contactedOn: today(), method: 'phone', content: '电话联系' });
    expect(await remindKeyPersonContacts(t.database)).toBe(0);
    const list = (await req('cadre', 'GET', '/api/key-persons?overdue=true')).json();
    expect(list.map((x: { name: string }) => x.name)).not.toContain('吴某');
  });
});

describe('导出所选 (issue 18.4)', () => {
  it('ids= exports only the chosen key persons the user may see, phones masked, audited with the ids exported; a malformed list is a 400', async () => {
    const mk = async (name: string, phone: string) => {
      const r = await req('office', 'POST', '/api/key-persons', { regionCode: TREE.a1, name, phone, type: 'threatened_petition', responsibleUserId: id.cadre });
      expect(r.statusCode, r.body).toBe(201);
      return { id: r.json().id as string, label: name };
    };
    const [one, two, three] = [await mk('所选甲', '13700001111'), await mk('所选乙', '13700002222'), await mk('未选丙', '13700003333')];
    const [lin] = await t.database.query<{ id: string }>(`select id from key_persons where name = '林某'`);
    const get = (who: string) => (url: string) => req(who, 'GET', url);
    await expectSelectedExport(get('office'), '/api/key-persons', { chosen: [one, two], notChosen: three, outside: { id: lin.id, label: '林某' } });
    // the same masking and audit as the full export
    const x = await req('office', 'GET', `/api/key-persons?format=xlsx&ids=${one.id},${two.id},${lin.id}`);
    const text = JSON.stringify((await readWorkbook(x)).rows());
    expect(text).toContain('137****1111');
    expect(text).not.toContain('13700001111');
    const [audit] = await t.database.query<{ after: { ids: string[] } }>(`select after from audit_log where action = 'key_person.export' and actor_name = 'office' order by id desc limit 1`);
    expect(audit.after.ids.sort()).toEqual([one.id, two.id].sort());
    // who may not see them gets none of them, chosen or not
    for (const who of ['otherCadre', 'leader', 'officeB']) {
      const r = await req(who, 'GET', `/api/key-persons?format=xlsx&ids=${one.id},${two.id}`);
      expect(r.statusCode, who).toBe(200);
      expect((await readWorkbook(r)).rows().slice(1), who).toEqual([]);
    }
  });
});
