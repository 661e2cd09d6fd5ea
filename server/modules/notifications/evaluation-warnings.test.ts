import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { TREE } from '../../../test/factories.ts';
import { seedScenario } from '../evaluation/test-data.ts';
import { raiseEvaluationWarnings } from './jobs.ts';

let t: TestApp;
let office: string, cadreA2: string, officeB: string;
beforeAll(async () => {
  t = await createTestApp();
  await seedScenario(t.database);
  office = await t.userWith('town_office', { regionCode: TREE.townA }, 'office_a');
  cadreA2 = await t.userWith('village_admin', { regionCode: TREE.a2 }, 'cadre_a2');
  officeB = await t.userWith('town_office', { regionCode: TREE.townB }, 'office_b');
});
afterAll(() => t.close());

const inbox = async (cookie: string) => (await t.inject({ method: 'GET', url: '/api/notifications?event=evaluation.warning', headers: { cookie } })).json();

describe('evaluation.warning', () => {
  it('tells the town office and the village of a flagged village, once per region and year', async () => {
    const first = await raiseEvaluationWarnings(t.database, '2024-06-30');
    expect(first).toBeGreaterThan(0);
    expect(await raiseEvaluationWarnings(t.database, '2024-06-30')).toBe(0);
    const mine = await inbox(cadreA2);
    expect(mine.items).toHaveLength(1); // 西村 only: the cadre is not told of 东村
    expect(mine.items[0]).toMatchObject({ event: 'evaluation.warning', ref: { kind: 'evaluation', id: TREE.a2 } });
    expect(mine.items[0].title).toContain('预警');
    const town = await inbox(office);
    expect(town.items.map((x: { ref: { id: string } }) => x.ref.id)).toContain(TREE.a1);
    expect((await inbox(officeB)).items.some((x: { ref: { id: string } }) => ([TREE.a1, TREE.a2] as string[]).includes(x.ref.id))).toBe(false);
  });
});
