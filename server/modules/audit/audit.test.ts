// The audit log names records and actions in Chinese (issue 14.7): a dispute's entries carry its number, a
// user's their name, a successful mediation reads 调解成功, and no action or entity ever reads as its key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, auditActionLabel, auditEntityLabel } from '../../../core/audit-labels.ts';
import { addDays, todayShanghai } from '../../../core/dates.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  admin = await t.login('admin');
});
afterAll(() => t?.close());

const KEY = /\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z]+\.[a-z_]+\b/;

describe('audit log names', () => {
  it('shows the dispute number and the user name, not ids', async () => {
    await t.userWith('town_office', { regionCode: TREE.townA }, 'office_audit');
    const office = await t.login('office_audit');
    const r = await t.inject({
      method: 'POST',
      url: '/api/disputes',
      headers: { cookie: office },
      payload: {
        regionCode: TREE.a1, receivedOn: addDays(todayShanghai(), -1), channel: 'walk_in', category: 'neighbour', summary: '邻里排水沟纠纷', peopleCount: 2,
        riskLevel: 'general', mayTurnCriminal: false, threatensPetition: false,
        parties: [{ role: 'applicant', kind: 'person', name: '张三', idNumber: null, phone: '13800001111', address: '东村1组' }],
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    const d = r.json() as { id: string; number: string; version: number };
    const acc = await t.inject({ method: 'POST', url: `/api/disputes/${d.id}/actions`, headers: { cookie: office }, payload: { version: d.version, action: 'accept' } });
    expect(acc.statusCode, acc.body).toBe(200);
    const page = await t.inject({ url: `/api/audit?entityId=${d.id}`, headers: { cookie: admin } });
    expect(page.statusCode, page.body).toBe(200);
    const items = (page.json() as { items: { action: string; entityName: string | null }[] }).items;
    expect(items.map((i) => i.action).sort()).toEqual(['dispute.accept', 'dispute.create']);
    expect(items.every((i) => i.entityName === d.number)).toBe(true);
    expect(items.map((i) => auditActionLabel(i.action)).sort()).toEqual(['受理纠纷', '登记纠纷']);
    const users = (await t.inject({ url: '/api/audit?entity=user&action=user.create', headers: { cookie: admin } })).json() as { items: { entityName: string | null }[] };
    const [{ name }] = await t.database.query<{ name: string }>(`select name from users where username = 'office_audit'`);
    expect(users.items.map((i) => i.entityName)).toContain(`${name}（office_audit）`);
  });

  it('labels every action in Chinese, a successful mediation as 调解成功, unknown ones without their key', () => {
    expect(auditActionLabel('dispute.resolve')).toBe('调解成功');
    expect(auditActionLabel('screening.create')).toBe('新增排查活动');
    expect(auditEntityLabel('screening_campaign')).toBe('排查活动');
    expect(auditActionLabel('court_case.resolve')).toBe('确认法院案件归属村');
    for (const a of ['thing.create', 'made_up', 'x.y_z', ...Object.keys(AUDIT_ACTION_LABELS)]) expect(auditActionLabel(a)).not.toMatch(KEY);
    for (const e of ['thing_kind', ...Object.keys(AUDIT_ENTITY_LABELS)]) expect(auditEntityLabel(e)).not.toMatch(KEY);
  });
});
