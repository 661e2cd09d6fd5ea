// Issue 18.4: the header's search finds a dispute by the query code a party reads out on the phone (exact, any
// case), as the ledger's search already does by number, summary, party name and identity number; within scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';

let t: TestApp;
let office: string;
let officeB: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  office = await t.userWith('town_office', { regionCode: TREE.townA }, 'office_a');
  officeB = await t.userWith('town_office', { regionCode: TREE.townB }, 'office_b');
});
afterAll(() => t?.close());

const list = async (cookie: string, q: string) => {
  const r = await t.inject({ method: 'GET', url: `/api/disputes?q=${encodeURIComponent(q)}`, headers: { cookie } });
  expect(r.statusCode, r.body).toBe(200);
  return (r.json().items as { id: string }[]).map((x) => x.id);
};

describe('search by query code', () => {
  it('finds the one dispute whose code it is, typed in any case, and only within scope', async () => {
    const ids: { id: string; queryCode: string }[] = [];
    for (const name of ['张三', '王五']) {
      const r = await t.inject({
        method: 'POST',
        url: '/api/disputes',
        headers: { cookie: office },
        payload: { regionCode: TREE.a1, receivedOn: '2026-03-01', channel: 'walk_in', category: 'neighbour', summary: `${name}与邻居因排水沟堵塞发生纠纷`, peopleCount: 2, riskLevel: 'general', parties: [{ role: 'applicant', kind: 'person', name }] },
      });
      expect(r.statusCode, r.body).toBe(201);
      const d = r.json();
      const row = (await t.inject({ method: 'GET', url: `/api/disputes/${d.id}`, headers: { cookie: office } })).json();
      ids.push({ id: d.id, queryCode: row.queryCode });
    }
    const [a, b] = ids;
    expect(a.queryCode).toMatch(/^[2-9A-Z]{10}$/);
    expect(await list(office, a.queryCode)).toEqual([a.id]);
    expect(await list(office, a.queryCode.toLowerCase())).toEqual([a.id]);
    expect(await list(office, b.queryCode)).toEqual([b.id]);
    expect(await list(office, a.queryCode.slice(0, 6))).toEqual([]); // a code is exact, never a prefix
    expect(await list(officeB, a.queryCode)).toEqual([]); // another town's office
  });
});
