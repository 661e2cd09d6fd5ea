import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers.ts';
import { preventionFixture, shanghaiToday, shiftDay } from '../../../test/prevention-fixture.ts';
import { TREE } from '../../../test/factories.ts';

let t: TestApp;
let office: string;
let grid: string;
let a2: string;
const today = shanghaiToday;
const shift = (n: number) => shiftDay(today(), n);

beforeAll(async () => {
  ({ t, office, a2, grid } = await preventionFixture());
});
afterAll(() => t.close());

const todo = async (cookie: string) => {
  const r = await t.inject({ url: '/api/workbench', headers: { cookie } });
  expect(r.statusCode, r.body).toBe(200);
  return Object.fromEntries((r.json().todo as { key: string; count: number }[]).map((x) => [x.key, x.count]));
};

describe('prevention to-dos on the workbench', () => {
  it('shows reports to file, overdue regions, open requests and serious risks, each within scope', async () => {
    await t.inject({ method: 'POST', url: '/api/screening/campaigns', headers: { cookie: office }, payload: { regionCode: TREE.townA, title: '本周排查', type: 'regular', startsOn: today(), endsOn: shift(3), deadline: shift(2), targets: [TREE.gridA1, TREE.a2] } });
    await t.inject({ method: 'POST', url: '/api/screening/campaigns', headers: { cookie: office }, payload: { regionCode: TREE.townA, title: '上周排查', type: 'regular', startsOn: shift(-7), endsOn: shift(-2), deadline: shift(-3), targets: [TREE.gridA1, TREE.a2] } });
    expect((await todo(grid))['screening.to_report']).toBe(2);
    expect((await todo(office))['screening.overdue']).toBe(2);
    await t.inject({ method: 'POST', url: '/api/visits', headers: { cookie: a2 }, payload: { type: 'reception', visitedOn: today(), regionCode: TREE.a2, requests: '修路' } });
    await t.inject({ method: 'POST', url: '/api/risks', headers: { cookie: a2 }, payload: { regionCode: TREE.a2, category: 'labour', description: '欠薪', level: 'major' } });
    expect(await todo(a2)).toMatchObject({ 'screening.to_report': 2, 'visits.requests_open': 1, 'risks.serious_open': 1 });
    const g = await todo(grid);
    expect(g['visits.requests_open']).toBeUndefined();
    expect(g['risks.serious_open']).toBeUndefined();
  });
});
