import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { TREE } from '../../../test/factories.ts';
import type { EvaluationReport, TownResult, VillageResult } from '../../../core/evaluation/index.ts';
import { todayShanghai } from '../../../core/dates.ts';
import { A4_INACTIVE, benchmark, courtCase, population, seedScenario } from './test-data.ts';


let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedScenario(t.database);
  admin = await t.login('admin');
});
afterAll(async () => t?.close());

async function get(url: string, cookie = admin) {
  return t.inject({ method: 'GET', url, headers: { cookie } });
}
async function report(query = 'year=2024', cookie = admin): Promise<EvaluationReport> {
  const r = await get(`/api/evaluation?${query}`, cookie);
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}
const town = (rep: EvaluationReport, code: string) => rep.towns.find((x) => x.code === code) as TownResult;
const village = (rep: EvaluationReport, code: string) =>
  rep.towns.flatMap((x) => x.villages).find((v) => v.code === code) as VillageResult;

describe('GET /api/evaluation (SPEC §7) on seeded data', () => {
  it('gives the JSON of SPEC §7: towns and active villages sorted by code, every indicator with a reason', async () => {
    const rep = await report();
    expect(rep.year).toBe(2024);
    expect(rep.asOf).toBe('2024-12-31');
    expect(rep.towns.map((x) => x.code)).toEqual([TREE.townA, TREE.townB]);
    expect(town(rep, TREE.townA).villages.map((v) => v.code)).toEqual([TREE.a1, TREE.a2, TREE.a3, TREE.aC]); // 旧村 inactive
    const a = town(rep, TREE.townA);
    expect(Object.keys(a.standards)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12']);
    expect(Object.keys(a.villages[0].standards)).toEqual(['V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    for (const x of [a, ...a.villages]) {
      for (const ind of Object.values(x.indicators)) {
        expect(ind).toHaveProperty('value');
        expect(ind).toHaveProperty('reason');
        if (ind.value === null) expect(typeof ind.reason).toBe('string');
      }
    }
    expect(a.indicators.litigation_free_village_share).toEqual({ value: 0, limit: 0.8, target: 0.6, passed: false, reason: null });
  });

  it('litigation rate: counted first-instance cases of Y only, grid → village, town-only and inactive villages count for the town', async () => {
    const rep = await report();
    // 东村: 8 civil first-instance cases in 2024 (second instance, 2023, 2025 and administrative ones excluded), 3000 residents
    expect(village(rep, TREE.a1).indicators.litigation_rate_per_10k).toEqual({ value: (8 * 10000) / 3000, limit: 25, passed: false, reason: null });
    expect(village(rep, TREE.a1).standards.V6).toEqual({ passed: false, reason: null });
    // 西村: 5 criminal cases filed against its grid, population of 2022 (2000): exactly 25 = the limit → passes
    expect(village(rep, TREE.a2).indicators.litigation_rate_per_10k).toEqual({ value: 25, limit: 25, passed: true, reason: null });
    // 清溪镇: 8 + 5 + 1 + 2 town-only + 3 of the inactive 旧村 = 19 over the sum of its villages 12,000 — the
    // inactive 旧村's 1,000 included, since its cases count for the town too (SPEC §7, issue 14.6)
    const a = town(rep, TREE.townA);
    expect(a.indicators.litigation_rate_per_10k).toEqual({ value: (19 * 10000) / 12000, limit: 25, passed: true, reason: null });
    // civil first-instance cases of the town: 14 → diversion 12 / 14
    expect(a.indicators.prelitigation_diversion_rate?.value).toBeCloseTo(12 / 14, 12);
  });

  it('uses the city benchmark of Y−1 (2023), not of Y; without one the limit and the standard are null', async () => {
    const rep = await report();
    expect(town(rep, TREE.townA).indicators.litigation_rate_per_10k?.limit).toBe(25); // 0.5 × 50 (2023), not 0.5 × 10 (2024)
    const r2023 = await report('year=2023'); // Y−1 = 2022: 80 → 40
    expect(town(r2023, TREE.townA).indicators.litigation_rate_per_10k?.limit).toBe(40);
    const r2022 = await report('year=2022'); // no 2021 benchmark
    const ind = town(r2022, TREE.townA).indicators.litigation_rate_per_10k!;
    expect(ind.limit).toBeNull();
    expect(ind.passed).toBeNull();
    expect(ind.reason).toContain('2021');
    expect(town(r2022, TREE.townA).standards.T10.passed).toBeNull();
  });

  it('population: latest earlier figure, town falls back to the sum of villages, missing ones are named', async () => {
    const rep = await report();
    const b2 = village(rep, TREE.b2).indicators.litigation_rate_per_10k!;
    expect(b2.value).toBeNull();
    expect(b2.reason).toContain('常住人口');
    expect(village(rep, TREE.b2).standards.V6.passed).toBeNull();
    expect(town(rep, TREE.townB).indicators.litigation_rate_per_10k?.value).toBeCloseTo((2 * 10000) / 6000, 12); // own figure wins
    // in 2023 no village of 清溪镇 but 西村 (2022) has a figure: the town's rate is null and names the others
    const r2023 = await report('year=2023');
    const reason = town(r2023, TREE.townA).indicators.litigation_rate_per_10k!.reason!;
    expect(town(r2023, TREE.townA).indicators.litigation_rate_per_10k!.value).toBeNull();
    expect(reason).toContain('东村');
    expect(reason).not.toContain('西村');
  });

  it('pre-litigation and platform ratios at their exact bounds; concluded only when concluded on or before D', async () => {
    const a = town(await report(), TREE.townA);
    // 8 success, 2 failure (the success concluded in 2025 is pending on 31 Dec): 8/10 = 0.8 exactly
    expect(a.indicators.prelitigation_success_rate).toEqual({ value: 0.8, limit: 0.8, passed: true, reason: null });
    expect(a.standards.T11).toEqual({ passed: true, reason: null });
    // 3 platform disputes ÷ 20 mediations whose party is in the town; 2 of 2 concluded succeeded
    expect(a.indicators.platform_acceptance_ratio).toEqual({ value: 0.15, limit: 0.1, passed: true, reason: null });
    expect(a.indicators.platform_success_rate).toEqual({ value: 1, limit: 0.7, passed: true, reason: null });
    const b = town(await report(), TREE.townB);
    expect(b.indicators.prelitigation_success_rate).toMatchObject({ value: null, passed: null });
    expect(b.indicators.prelitigation_success_rate?.reason).toContain('分母为0');
    expect(b.indicators.platform_acceptance_ratio).toMatchObject({ value: null, passed: null });
    expect(b.standards.T7.passed).toBeNull();
  });

  it('incidents: 36 months is three years or more; unsentenced crimes make T8 null unless it already fails', async () => {
    const rep = await report();
    const a = town(rep, TREE.townA);
    expect(a.indicators.intentional_crimes).toEqual({ value: 2, reason: null });
    expect(a.indicators.intentional_crimes_3y_plus).toEqual({ value: 1, reason: null });
    expect(a.indicators.unsentenced_intentional_crimes).toEqual({ value: 1, reason: null });
    expect(a.standards.T8).toEqual({ passed: false, reason: null });
    expect(village(rep, TREE.a1).standards.V4.passed).toBe(false);
    expect(village(rep, TREE.aC).standards.V4.passed).toBe(false); // unsentenced, still an intentional crime
    const b = town(rep, TREE.townB);
    expect(b.standards.T8.passed).toBeNull();
    expect(b.standards.T8.reason).toContain('尚未判决');
    expect(b.indicators.intentional_crimes?.value).toBe(1); // negligent crime and the 2023 crime do not count
    expect(village(rep, TREE.b1).standards.V4.passed).toBe(true); // a town-level incident is not a village's
    expect(a.standards.T9.passed).toBe(false); // 南村's collective petition
  });

  it('personnel active on D; unassessed checklist items; three-valued results and T12 null', async () => {
    const rep = await report();
    expect(village(rep, TREE.a1).indicators.legal_literates).toEqual({ value: 3, limit: 3, passed: true, reason: null }); // grid registration counts, one left in 2023
    expect(village(rep, TREE.a2).indicators.legal_literates?.value).toBe(2); // one left on 30 June
    expect(village(rep, TREE.aC).indicators.rule_of_law_leaders).toEqual({ value: 0, limit: 1, passed: false, reason: null });
    expect(village(rep, TREE.a2).standards.V2.passed).toBeNull(); // no 2024 row (a 2023 row does not count)
    expect(village(rep, TREE.a2).standards.V2.reason).toContain('未评定');
    expect(village(rep, TREE.a3).standards.V1).toEqual({ passed: false, reason: null });
    expect(village(rep, TREE.a3).standards.V2.passed).toBeNull();
    expect(town(rep, TREE.townA).standards.T6.passed).toBeNull();
    // 北村 passes everything; 中村 is undecided (no population) → share 1/2 < 0.8 but could reach it → null
    expect(village(rep, TREE.b1).passed).toBe(true);
    expect(village(rep, TREE.b2).passed).toBeNull();
    expect(village(rep, TREE.b2).reason).toContain('V6');
    const b = town(rep, TREE.townB);
    expect(b.indicators.litigation_free_village_share).toMatchObject({ value: 0.5, passed: null });
    expect(b.standards.T12.passed).toBeNull();
    expect(b.passed).toBeNull();
    expect(town(rep, TREE.townA).passed).toBe(false);
  });

  it('as of 30 June: later records excluded, people who start later not yet counted, leavers on D still counted', async () => {
    const rep = await report('year=2024&asOf=2024-06-30');
    expect(rep.asOf).toBe('2024-06-30');
    expect(village(rep, TREE.a1).indicators.litigation_rate_per_10k?.value).toBeCloseTo((4 * 10000) / 3000, 12);
    expect(village(rep, TREE.a1).standards.V6.passed).toBe(true);
    expect(village(rep, TREE.a2).indicators.legal_literates?.value).toBe(3); // until 2024-06-30 is inclusive
    expect(village(rep, TREE.a3).indicators.rule_of_law_leaders?.value).toBe(0); // since 2024-07-01
    expect(village(rep, TREE.a3).standards.V5.passed).toBe(true); // petition of 1 July not yet
    const a = town(rep, TREE.townA);
    expect(a.indicators.prelitigation_success_rate?.value).toBe(1); // the failures concluded on 1 August are pending
  });

  it('rejects a D outside Y and bad years with 422 and a Chinese message', async () => {
    for (const q of ['year=2024&asOf=2025-01-01', 'year=2024&asOf=2024-02-30', 'year=abc', 'year=2024&asOf=20240101']) {
      const r = await get(`/api/evaluation?${q}`);
      expect(r.statusCode, q).toBe(422);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().detail).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await get('/api/evaluation?year=2024&town=' + TREE.a1)).statusCode).toBe(422); // not a town
    expect((await get('/api/evaluation?year=2024&town=999999999999')).statusCode).toBe(404);
  });

  it('limits the JSON to the user scope', async () => {
    const townB = await t.userWith('town_office', { regionCode: TREE.townB });
    const rb = await report('year=2024', townB);
    expect(rb.towns.map((x) => x.code)).toEqual([TREE.townB]);
    expect((await get(`/api/evaluation?year=2024&town=${TREE.townA}`, townB)).statusCode).toBe(404);
    const county = await t.userWith('court_liaison', { regionCode: TREE.county });
    expect((await report('year=2024', county)).towns.map((x) => x.code)).toEqual([TREE.townA, TREE.townB]);
    // a village cadre sees only the village; the town's own result is the whole town's (issue 14.1: never "未定")
    const cadre = await t.userWith('village_admin', { regionCode: TREE.a1 });
    const rv = await report('year=2024', cadre);
    expect(rv.towns).toHaveLength(1);
    const { villages: _all, ...townOwn } = town(await report(), TREE.townA);
    expect(rv.towns[0]).toMatchObject(townOwn);
    expect(rv.towns[0].passed).not.toBeNull();
    expect(rv.towns[0].villages.map((v) => v.code)).toEqual([TREE.a1]);
    expect(rv.towns[0].villages[0]).toEqual(village(await report(), TREE.a1));
    const mediator = await t.userWith('mediator', { regionCode: TREE.a1 });
    expect((await get('/api/evaluation?year=2024', mediator)).statusCode).toBe(403);
    expect((await t.inject({ method: 'GET', url: '/api/evaluation?year=2024' })).statusCode).toBe(401);
  });

  it('--town narrows to one town with the same figures; empty parameters mean not given', async () => {
    const full = await report();
    expect(await report('year=2024&asOf=&town=')).toEqual(full);
    const one = await report(`year=2024&town=${TREE.townB}`);
    expect(one.towns).toEqual([town(full, TREE.townB)]);
  });
});

describe('ranking, warnings and evidence', () => {
  it('ranks villages within each town and warns with the remaining allowance, flagged first', async () => {
    const r = await get('/api/evaluation/ranking?year=2024');
    expect(r.statusCode, r.body).toBe(200);
    const a = r.json().towns.find((x: { code: string }) => x.code === TREE.townA);
    expect(a.villages.map((v: { code: string }) => v.code)).toEqual([TREE.aC, TREE.a2, TREE.a1, TREE.a3]);
    // standards passed: 东村 V1 V2 V3 V5 = 4; 西村 V1 V4 V5 V6 = 4; 南村 V3 V4 V6 = 3; 新华社区 V1 V2 V5 V6 = 4; then rate ascending
    const byCode = Object.fromEntries(a.villages.map((v: { code: string }) => [v.code, v]));
    expect(byCode[TREE.aC]).toMatchObject({ rank: 1, standardsPassed: 4, litigationRate: 0 });
    expect(byCode[TREE.a2]).toMatchObject({ rank: 2, standardsPassed: 4, litigationRate: 25 });
    expect(byCode[TREE.a1]).toMatchObject({ rank: 3, standardsPassed: 4 });
    expect(byCode[TREE.a3]).toMatchObject({ rank: 4, standardsPassed: 3 });

    const w = await get('/api/evaluation/warnings?year=2024&asOf=2024-06-30');
    expect(w.statusCode, w.body).toBe(200);
    const list = w.json().villages as { code: string; flagged: boolean | null; allowance: number | null; allowedCases: number | null; projection: number | null }[];
    // 西村: floor(25 × 2000 / 10000) = 5 allowed, 5 so far → 0 left → flagged; 东村: 7 allowed, 4 so far, projected 4 × 366 / 182 > 7.5 → flagged
    expect(list[0].flagged).toBe(true);
    const a2 = list.find((x) => x.code === TREE.a2)!;
    expect(a2).toMatchObject({ allowedCases: 5, allowance: 0, flagged: true });
    const a1 = list.find((x) => x.code === TREE.a1)!;
    expect(a1).toMatchObject({ allowedCases: 7, allowance: 3, flagged: true });
    expect(a1.projection).toBeCloseTo((4 * 366) / 182, 10);
    const aC = list.find((x) => x.code === TREE.aC)!;
    expect(aC).toMatchObject({ allowedCases: 10, allowance: 10, flagged: false });
    const flags = list.map((x) => x.flagged);
    expect(flags.indexOf(false)).toBeGreaterThan(flags.lastIndexOf(true));
    const xlsx = await get('/api/evaluation/warnings?year=2024&format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('ranks a village in its whole town for a village cadre, as the town office sees it (issue 14.1)', async () => {
    const office = await t.userWith('town_office', { regionCode: TREE.townA });
    const cadre = await t.userWith('village_admin', { regionCode: TREE.a3 });
    const ranks = async (cookie: string) => {
      const r = await get('/api/evaluation/ranking?year=2024', cookie);
      expect(r.statusCode, r.body).toBe(200);
      return r.json().towns.find((x: { code: string }) => x.code === TREE.townA) as { of: number; villages: { code: string; rank: number }[] };
    };
    const all = await ranks(office);
    const mine = await ranks(cadre);
    expect(mine.villages.map((v) => v.code)).toEqual([TREE.a3]);
    expect(mine.villages[0].rank).toBe(all.villages.find((v) => v.code === TREE.a3)!.rank);
    expect(mine.villages[0].rank).toBe(4); // 4th of 4, not 1st of 1
    expect(mine.of).toBe(all.of);
    expect(mine.of).toBe(all.villages.length);
    // the warnings list the village alone, and the town's own row is the whole town's
    const w = (await get('/api/evaluation/warnings?year=2024', cadre)).json();
    expect(w.villages.map((v: { code: string }) => v.code)).toEqual([TREE.a3]);
    const wAll = (await get('/api/evaluation/warnings?year=2024', office)).json();
    expect(w.towns).toEqual(wAll.towns);
  });

  it('pages default to today while the year runs, to 31 December once it is over; the JSON of §7 to 31 December (issue 14.2)', async () => {
    const today = todayShanghai();
    const year = Number(today.slice(0, 4));
    expect((await get(`/api/evaluation/warnings?year=${year}`)).json().asOf).toBe(today);
    expect((await get(`/api/evaluation/ranking?year=${year}`)).json().asOf).toBe(today);
    expect((await get('/api/evaluation/warnings?year=2024')).json().asOf).toBe('2024-12-31');
    expect((await report(`year=${year}`)).asOf).toBe(`${year}-12-31`);
    expect((await get(`/api/evaluation/warnings?year=${year}&asOf=${year}-01-31`)).json().asOf).toBe(`${year}-01-31`);
  });

  it('opens the records behind a number, scoped, and exports them', async () => {
    const r = await get(`/api/evaluation/evidence?year=2024&region=${TREE.a1}&indicator=litigation_rate_per_10k`);
    expect(r.statusCode, r.body).toBe(200);
    const ev = r.json();
    expect(ev.groups[0].total).toBe(8);
    expect(ev.groups[0].rows).toHaveLength(8);
    expect(ev.groups[0].rows.every((x: { filedOn: string }) => x.filedOn >= '2024-01-01' && x.filedOn <= '2024-12-31')).toBe(true);
    const townEv = (await get(`/api/evaluation/evidence?year=2024&region=${TREE.townA}&indicator=litigation_rate_per_10k`)).json();
    expect(townEv.groups[0].total).toBe(19);
    const pre = (await get(`/api/evaluation/evidence?year=2024&region=${TREE.townA}&indicator=prelitigation_success_rate`)).json();
    expect(pre.groups[0].total).toBe(10);
    const div = (await get(`/api/evaluation/evidence?year=2024&region=${TREE.townA}&indicator=prelitigation_diversion_rate`)).json();
    expect(div.groups.map((g: { total: number }) => g.total)).toEqual([12, 14]);
    const lit = (await get(`/api/evaluation/evidence?year=2024&region=${TREE.a2}&indicator=legal_literates`)).json();
    expect(lit.groups[0].total).toBe(2);
    const inc = (await get(`/api/evaluation/evidence?year=2024&region=${TREE.townA}&indicator=intentional_crimes_3y_plus`)).json();
    expect(inc.groups[0].rows.map((x: { sentence: string }) => x.sentence)).toEqual(['36个月']);
    const share = (await get(`/api/evaluation/evidence?year=2024&region=${TREE.townB}&indicator=litigation_free_village_share`)).json();
    expect(share.groups[0].rows.map((x: { code: string }) => x.code)).toEqual([TREE.b1, TREE.b2]);
    const chk = (await get(`/api/evaluation/evidence?year=2024&region=${TREE.a3}&indicator=V1`)).json();
    expect(chk.groups[0].rows[0]).toMatchObject({ standard: 'V1', status: '未达标' });
    const x = await get(`/api/evaluation/evidence?year=2024&region=${TREE.townA}&indicator=litigation_rate_per_10k&format=xlsx`);
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-disposition']).toContain('.xlsx');
    const townB = await t.userWith('town_office', { regionCode: TREE.townB });
    expect((await get(`/api/evaluation/evidence?year=2024&region=${TREE.a1}&indicator=litigation_rate_per_10k`, townB)).statusCode).toBe(404);
    expect((await get(`/api/evaluation/evidence?year=2024&region=${TREE.a1}&indicator=nonsense`)).statusCode).toBe(422);
  });

  it('every ratio shows its numerator and denominator, and says why one can exceed 100 % (issue 14.6)', async () => {
    const ev = async (region: string, indicator: string) => {
      const r = await get(`/api/evaluation/evidence?year=2024&region=${region}&indicator=${indicator}`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json().ratios as { indicator: string; numerator: number; denominator: number | null; value: number | null; note: string | null; denominatorLabel: string }[];
    };
    const rep = await report();
    const a = town(rep, TREE.townA);
    // T7: platform acceptance 3 ÷ 20 and success 2 ÷ 2, the same values the evaluation judged
    const t7 = await ev(TREE.townA, 'T7');
    expect(t7.map((x) => [x.indicator, x.numerator, x.denominator])).toEqual([
      ['platform_acceptance_ratio', 3, 20],
      ['platform_success_rate', 2, 2],
    ]);
    expect(t7[0].value).toBe(a.indicators.platform_acceptance_ratio?.value);
    const t11 = await ev(TREE.townA, 'T11');
    expect(t11.map((x) => [x.indicator, x.numerator, x.denominator])).toEqual([
      ['prelitigation_success_rate', 8, 10],
      ['prelitigation_diversion_rate', 12, 14],
    ]);
    expect(t11[1].note).toContain('可超过100%');
    const v = await ev(TREE.a1, 'V6');
    expect(v[0]).toMatchObject({ numerator: 8, denominator: 0.3 });
    expect(v[0].value).toBeCloseTo(village(rep, TREE.a1).indicators.litigation_rate_per_10k!.value!, 10);
    const share = await ev(TREE.townA, 'T12');
    expect(share[0].denominator).toBe(a.villages.length);
    expect(share[0].value).toBe(a.indicators.litigation_free_village_share?.value);
    expect(await ev(TREE.a1, 'legal_literates')).toEqual([]);
  });
});

describe('changes are picked up', () => {
  it('one more case at 西村 goes over the exact bound; a 2023 benchmark removed makes V6 null', async () => {
    await courtCase(t.database, { region: TREE.a2, filedOn: '2024-11-11' });
    let rep = await report();
    expect(village(rep, TREE.a2).standards.V6.passed).toBe(false);
    await t.database.query(`delete from city_benchmarks where year = 2023`);
    rep = await report();
    expect(village(rep, TREE.a2).standards.V6).toMatchObject({ passed: null });
    await benchmark(t.database, 2023, '50');
    await population(t.database, A4_INACTIVE, 2024, null);
  });

  it("T11's denominator follows the year's setting: every case received, pending included (issue 14.6)", async () => {
    const s = (await get('/api/settings/2024')).json();
    const put = await t.inject({ method: 'PUT', url: '/api/settings/2024', headers: { cookie: admin }, payload: { version: s.version, data: { ...s.data, prelitigationSuccessBase: 'received' } } });
    expect(put.statusCode, put.body).toBe(200);
    const a = town(await report(), TREE.townA);
    // 8 successes ÷ 12 received (8 + 2 failures + 2 pending) < 0.8 → T11 fails under this reading
    expect(a.indicators.prelitigation_success_rate).toEqual({ value: 8 / 12, limit: 0.8, passed: false, reason: null, basis: 'received' });
    expect(a.standards.T11.passed).toBe(false);
    const ev = (await get(`/api/evaluation/evidence?year=2024&region=${TREE.townA}&indicator=prelitigation_success_rate`)).json();
    expect(ev.note).toContain('含未结');
    expect(ev.groups[0].total).toBe(12);
    const back = (await get('/api/settings/2024')).json();
    await t.inject({ method: 'PUT', url: '/api/settings/2024', headers: { cookie: admin }, payload: { version: back.version, data: { ...back.data, prelitigationSuccessBase: 'concluded' } } });
    expect(town(await report(), TREE.townA).indicators.prelitigation_success_rate?.value).toBe(0.8);
  });
});
