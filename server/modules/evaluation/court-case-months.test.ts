/**
 * The monthly court-case counts (migration 0023, issue 16.4) that the evaluation reads for whole months: kept
 * exact by statement triggers through inserts, re-attribution, deletes and truncation — compared here with a
 * count over court_cases itself — and the evaluation as of a day inside a month counts only that month's cases
 * filed up to the day (worked out here from the rows inserted).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { systemActor } from '../auth/actor.ts';
import { runEvaluation } from './service.ts';
import { benchmark, courtCase, courtCases } from './test-data.ts';

let t: TestApp;
const Y = 2023;

/** court_case_months as it stands, and what it must be (first instance, grouped by hand from court_cases) */
async function both() {
  const kept = await t.database.query<{ k: string; n: number }>(
    `select month::text || '|' || town_code || '|' || region_code || '|' || kind as k, n from court_case_months where n <> 0 order by 1`,
  );
  const rows = await t.database.query<{ filed_on: string; town_code: string | null; defendant_region_code: string | null; kind: string; instance: string }>(
    `select filed_on::text as filed_on, town_code, defendant_region_code, kind, instance from court_cases`,
  );
  const want = new Map<string, number>();
  for (const r of rows) {
    if (r.instance !== 'first') continue;
    const k = `${r.filed_on.slice(0, 7)}-01|${r.town_code ?? ''}|${r.defendant_region_code ?? ''}|${r.kind}`;
    want.set(k, (want.get(k) ?? 0) + 1);
  }
  return { kept: kept.map((r) => [r.k, Number(r.n)]), want: [...want].sort((a, b) => (a[0] < b[0] ? -1 : 1)) };
}

beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  await benchmark(t.database, Y - 1, '50');
});
afterAll(async () => t?.close());

describe('court_case_months', () => {
  it('follows inserts, updates and deletes of court cases', async () => {
    await courtCases(t.database, 3, { region: TREE.a1, filedOn: `${Y}-01-15` });
    await courtCases(t.database, 2, { region: TREE.a2, filedOn: `${Y}-03-31`, kind: 'criminal' });
    await courtCase(t.database, { region: TREE.a2, filedOn: `${Y}-03-02`, instance: 'second' });
    await courtCase(t.database, { region: null, town: null, filedOn: `${Y}-04-01` });
    // several rows in one statement
    await t.database.query(
      `insert into court_cases (case_no, kind, instance, year, filed_on, defendant_region_code, town_code, match_status)
       select 'multi-' || g, 'civil', 'first', ${Y}, ('${Y}-05-0' || g)::date, $1, $2, 'code' from generate_series(1, 4) g`,
      [TREE.a3, TREE.townA],
    );
    let b = await both();
    expect(b.kept).toEqual(b.want);
    expect(b.kept.length).toBe(4); // January, March (criminal), April (no town, no region), May — the second instance not counted
    // re-attribution (address matching moves a case to another village), a move to another month, a delete
    await t.database.query(`update court_cases set defendant_region_code = $1 where defendant_region_code = $2 and filed_on = $3`, [TREE.b1, TREE.a1, `${Y}-01-15`]);
    await t.database.query(`update court_cases set town_code = $1 where defendant_region_code = $2`, [TREE.townB, TREE.b1]);
    await t.database.query(`update court_cases set filed_on = $1 where case_no = 'multi-1'`, [`${Y}-06-30`]);
    await t.database.query(`delete from court_cases where case_no = 'multi-2'`);
    b = await both();
    expect(b.kept).toEqual(b.want);
    await t.database.query(`delete from court_cases where kind = 'criminal'`);
    b = await both();
    expect(b.kept).toEqual(b.want);
  });

  it('gives the evaluation whole months and the days of the as-of month', async () => {
    await t.database.query(`truncate court_cases`);
    expect(await t.database.query(`select * from court_case_months where n <> 0`)).toEqual([]);
    // 东村: 2 in February, 3 on 10 March, 4 on 20 March, 1 in April; 西村: 1 on 10 March (administrative: not counted)
    await courtCases(t.database, 2, { region: TREE.a1, filedOn: `${Y}-02-14` });
    await courtCases(t.database, 3, { region: TREE.a1, filedOn: `${Y}-03-10` });
    await courtCases(t.database, 4, { region: TREE.a1, filedOn: `${Y}-03-20` });
    await courtCase(t.database, { region: TREE.a1, filedOn: `${Y}-04-01` });
    await courtCase(t.database, { region: TREE.a2, filedOn: `${Y}-03-10`, kind: 'administrative' });
    const counted = async (asOf: string) => {
      const run = await runEvaluation(t.database, systemActor(), { year: Y, asOf, town: TREE.townA });
      const town = run.gathered.towns.find((x) => x.code === TREE.townA)!;
      return [town.villages.find((v) => v.code === TREE.a1)!.courtCasesCounted, town.courtCasesCounted];
    };
    expect(await counted(`${Y}-01-31`)).toEqual([0, 0]);
    expect(await counted(`${Y}-02-28`)).toEqual([2, 2]);
    expect(await counted(`${Y}-03-09`)).toEqual([2, 2]);
    expect(await counted(`${Y}-03-15`)).toEqual([5, 5]);
    expect(await counted(`${Y}-03-31`)).toEqual([9, 9]);
    expect(await counted(`${Y}-12-31`)).toEqual([10, 10]);
  });
});
