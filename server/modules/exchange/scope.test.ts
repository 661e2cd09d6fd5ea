// Issue 12.1: an import can only write rows in the importer's scope — judged on the STORED row before an update
// and on the new values — for every bundle file; city benchmarks only from above the towns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sysCtx, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { csv, multipart, writeBundle, waitForImport } from '../../../test/bundle.ts';
import { BUNDLE_FILES, type ImportProblem } from '../../../core/bundle-format.ts';
import { importBundle } from './importer.ts';
import { openBundlePath } from './sources.ts';

let t: TestApp;
let townA: string;

/** Every table an import writes, as stored (the audit aside), to compare before and after. */
const TABLES = [
  'regions',
  'units',
  'region_population',
  'city_benchmarks',
  'court_cases',
  'prelitigation_mediations',
  'platform_disputes',
  'incidents',
  'source_counts',
  'personnel',
  'checklist_items',
  'disputes',
  'dispute_parties',
  'dispute_stages',
  'dispute_events',
  'resolution_queue',
];
async function snapshot() {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) out[table] = await t.database.query(`select * from ${table} order by 1, 2`);
  return out;
}

const wait = (cookie: string, id: string) => waitForImport(t, cookie, id);

/** Uploads the files through the web import (dry run) and returns the finished job. */
async function upload(cookie: string, files: Record<string, string>) {
  const body = multipart(Object.entries(files).map(([name, data]) => ({ name: `${name}.csv`, data })));
  const up = await t.inject({ method: 'POST', url: '/api/exchange/imports', headers: { cookie, ...body.headers }, payload: body.payload });
  expect(up.statusCode, up.body).toBe(202);
  return wait(cookie, up.json().id);
}

const keyColumn = (file: string) => BUNDLE_FILES.find((f) => f.name === file)!.key[0] ?? 'dispute_id';

// Town B's records, written by the system (as a county or the CLI would)
const B = {
  court_cases: csv([['case_no', 'filed_on', 'defendant_region_code'], ['(2024)浙0782民初7001号', '2024-01-05', TREE.b1]]),
  prelitigation_mediations: csv([
    ['case_no', 'received_on', 'concluded_on', 'result', 'party_region_code', 'defendant_region_code'],
    ['(2024)浙0782民诉前调7001号', '2024-01-05', '2024-02-01', 'success', TREE.b1, TREE.b1],
  ]),
  platform_disputes: csv([['platform_no', 'unit_region_code', 'accepted_on', 'concluded_on', 'result'], ['TJ-B-0001', TREE.b1, '2024-02-01', '2024-02-10', 'success']]),
  incidents: csv([['id', 'type', 'region_code', 'occurred_on', 'description'], ['SJ-B-001', 'intentional_crime', TREE.b1, '2024-03-01', '白沙镇的事项']]),
  source_counts: csv([['region_code', 'month', 'source', 'count'], [TREE.townB, '2024-01', 'police', 5]]),
  personnel: csv([['id', 'name', 'role', 'region_code', 'since'], ['RY-B-0001', '王白沙', 'legal_literate', TREE.b1, '2023-01-01']]),
  checklist: csv([['region_code', 'year', 'item', 'status', 'evidence'], [TREE.b1, 2024, 'V1', 'met', '白沙镇的佐证']]),
  city_benchmarks: csv([['city_code', 'year', 'litigation_rate_per_10k'], ['', 2023, '92.5']]),
  disputes: csv([
    ['id', 'number', 'region_code', 'received_on', 'channel', 'category', 'summary', 'state', 'level', 'concluded_on'],
    ['JF-B-0001', '白沙-2024-0001', TREE.b1, '2024-01-10', 'walk_in', 'neighbour', '白沙镇的纠纷', 'resolved', 'village', '2024-01-20'],
  ]),
  parties: csv([
    ['dispute_id', 'role', 'kind', 'name', 'id_number'],
    ['JF-B-0001', 'applicant', 'person', '王白沙', '33078219650312001X'],
  ]),
};

// The same keys, given town A's codes: each row would move B's record into town A (and show it there)
const TAKEOVER: Record<string, string> = {
  regions: csv([['code', 'name', 'level', 'parent_code'], [TREE.b1, '北村', 'village', TREE.townB], [TREE.b2, '中村', 'village', TREE.townA]]),
  units: csv([['id', 'name', 'type', 'region_code'], [`vc-${TREE.b1}`, '北村调委会', 'village_committee', TREE.a1]]),
  population: csv([['region_code', 'year', 'residents'], [TREE.b1, 2024, 1]]),
  city_benchmarks: csv([['city_code', 'year', 'litigation_rate_per_10k'], ['', 2023, '1.0']]),
  court_cases: csv([['case_no', 'filed_on', 'defendant_region_code'], ['(2024)浙0782民初7001号', '2024-01-05', TREE.a1]]),
  prelitigation_mediations: csv([
    ['case_no', 'received_on', 'concluded_on', 'result', 'party_region_code', 'defendant_region_code'],
    ['(2024)浙0782民诉前调7001号', '2024-01-05', '2024-02-01', 'success', TREE.a1, TREE.a1],
  ]),
  platform_disputes: csv([['platform_no', 'unit_region_code', 'accepted_on', 'concluded_on', 'result'], ['TJ-B-0001', TREE.a1, '2024-02-01', '2024-02-10', 'success']]),
  incidents: csv([['id', 'type', 'region_code', 'occurred_on', 'description'], ['SJ-B-001', 'intentional_crime', TREE.a1, '2024-03-01', '清溪镇的事项']]),
  source_counts: csv([['region_code', 'month', 'source', 'count'], [TREE.townB, '2024-01', 'police', 0]]),
  personnel: csv([['id', 'name', 'role', 'region_code', 'since'], ['RY-B-0001', '王白沙', 'legal_literate', TREE.a1, '2023-01-01']]),
  checklist: csv([['region_code', 'year', 'item', 'status', 'evidence'], [TREE.b1, 2024, 'V1', 'not_met', '改掉']]),
  disputes: csv([
    ['id', 'number', 'region_code', 'received_on', 'channel', 'category', 'summary', 'state', 'level', 'concluded_on'],
    ['JF-B-0001', '白沙-2024-0001', TREE.a1, '2024-01-10', 'walk_in', 'neighbour', '白沙镇的纠纷', 'resolved', 'village', '2024-01-20'],
  ]),
  // the dispute row above would bring the dispute (and its identity numbers) into town A with it
  parties: csv([
    ['dispute_id', 'role', 'kind', 'name', 'id_number'],
    ['JF-B-0001', 'applicant', 'person', '王白沙', '33078219650312001X'],
  ]),
};

beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  const r = await importBundle(t.database, sysCtx(), await openBundlePath(writeBundle(B)), { dryRun: false, cipher: t.cipher });
  expect(r.errors).toEqual([]);
  expect(r.committed).toBe(true);
  townA = await t.userWith('town_office', { regionCode: TREE.townA });
});
afterAll(() => t?.close());

describe("a town office cannot take over another town's records by import (issue 12.1)", () => {
  // one upload per file (parties with the disputes row that would move their dispute), so each file is judged alone
  it.each(Object.keys(TAKEOVER))('%s: each row keyed to a town B record is refused (key column, scope message), nothing written', async (file) => {
    const before = await snapshot();
    const job = await upload(townA, file === 'parties' ? { disputes: TAKEOVER.disputes, parties: TAKEOVER.parties } : { [file]: TAKEOVER[file] });
    expect(job.status).toBe('done');
    const rows = TAKEOVER[file].trim().split('\n').length - 1;
    const mine = (job.report.errors as ImportProblem[]).filter((e) => e.file === file);
    expect(mine.map((e) => e.row)).toEqual(Array.from({ length: rows }, (_, i) => i + 2));
    for (const e of mine) {
      expect(e.column).toBe(keyColumn(file));
      expect(e.reason).toContain('不在您的管辖范围内');
    }
    expect(job.report.files.find((f: { file: string }) => f.file === file)).toMatchObject({ reject: rows, add: 0, update: 0 });
    expect((await t.inject({ method: 'POST', url: `/api/exchange/imports/${job.id}/commit`, headers: { cookie: townA } })).statusCode).toBe(422);
    expect(await snapshot()).toEqual(before);
  });

  it('the whole bundle: refused, nothing of town B shown in the report, nothing written, B still unreadable', async () => {
    const before = await snapshot();
    const job = await upload(townA, TAKEOVER);
    expect(job.report.ok).toBe(false);
    expect(job.report.totals).toMatchObject({ add: 0, update: 0 });
    // no before/after values of B's records
    expect(job.report.changes).toEqual([]);
    expect((await t.inject({ method: 'POST', url: `/api/exchange/imports/${job.id}/commit`, headers: { cookie: townA } })).statusCode).toBe(422);
    expect(await snapshot()).toEqual(before);
    const [d] = await t.database.query<{ town_code: string }>(`select town_code from disputes where id = 'JF-B-0001'`);
    expect(d.town_code).toBe(TREE.townB);
    expect((await t.inject({ method: 'GET', url: '/api/disputes/JF-B-0001', headers: { cookie: townA } })).statusCode).toBe(404);
  });

  it('an unchanged copy of a town B row is refused too (the stored row decides, not the values)', async () => {
    const job = await upload(townA, { incidents: B.incidents, personnel: B.personnel });
    expect(job.report.ok).toBe(false);
    expect((job.report.errors as ImportProblem[]).map((e) => [e.file, e.row, e.column])).toEqual([
      ['incidents', 2, 'id'],
      ['personnel', 2, 'id'],
    ]);
  });

  it("town A's own records still import and update", async () => {
    const own = {
      units: csv([['id', 'name', 'type', 'region_code'], [`vc-${TREE.a1}`, '东村人民调解委员会', 'village_committee', TREE.a1]]),
      population: csv([['region_code', 'year', 'residents'], [TREE.a1, 2024, 3100]]),
      court_cases: csv([['case_no', 'filed_on', 'defendant_region_code'], ['(2024)浙0782民初7101号', '2024-01-05', TREE.a1]]),
      incidents: csv([['id', 'type', 'region_code', 'occurred_on'], ['SJ-A-001', 'intentional_crime', TREE.a2, '2024-03-01']]),
      personnel: csv([['id', 'name', 'role', 'region_code'], ['RY-A-0001', '李清溪', 'legal_literate', TREE.a1]]),
      disputes: csv([
        ['id', 'region_code', 'received_on', 'channel', 'category', 'summary', 'state', 'level', 'concluded_on'],
        ['JF-A-0001', TREE.a1, '2024-01-10', 'walk_in', 'neighbour', '清溪镇的纠纷', 'resolved', 'village', '2024-01-20'],
      ]),
      parties: csv([['dispute_id', 'role', 'name'], ['JF-A-0001', 'applicant', '李清溪']]),
    };
    const job = await upload(townA, own);
    expect(job.report.errors).toEqual([]);
    expect(job.report.totals).toMatchObject({ add: 5, update: 2, reject: 0 });
    expect((await t.inject({ method: 'POST', url: `/api/exchange/imports/${job.id}/commit`, headers: { cookie: townA } })).statusCode).toBe(202);
    expect(await wait(townA, job.id)).toMatchObject({ status: 'done', committed: true });
    const [u] = await t.database.query<{ name: string }>(`select name from units where id = $1`, [`vc-${TREE.a1}`]);
    expect(u.name).toBe('东村人民调解委员会');
    const [d] = await t.database.query<{ town_code: string }>(`select town_code from disputes where id = 'JF-A-0001'`);
    expect(d.town_code).toBe(TREE.townA);
    expect(await t.database.query(`select name from dispute_parties where dispute_id = 'JF-A-0001'`)).toEqual([{ name: '李清溪' }]);
  });
});

describe('city benchmarks are written only above the towns', () => {
  it('a town office (or a county liaison) can neither change nor add one; a city-level liaison can', async () => {
    const before = await t.database.query(`select * from city_benchmarks order by year`);
    const file = csv([['city_code', 'year', 'litigation_rate_per_10k'], ['', 2023, '50'], [TREE.city, 2025, '60']]);
    for (const cookie of [townA, await t.userWith('court_liaison', { regionCode: TREE.county })]) {
      const job = await upload(cookie, { city_benchmarks: file });
      expect((job.report.errors as ImportProblem[]).map((e) => [e.row, e.column, e.reason.includes('不在您的管辖范围内')])).toEqual([
        [2, 'city_code', true],
        [3, 'city_code', true],
      ]);
    }
    expect(await t.database.query(`select * from city_benchmarks order by year`)).toEqual(before);
    const city = await t.userWith('court_liaison', { regionCode: TREE.city });
    const job = await upload(city, { city_benchmarks: file });
    expect(job.report.errors).toEqual([]);
    expect(job.report.totals).toMatchObject({ add: 1, update: 1 });
    await t.inject({ method: 'POST', url: `/api/exchange/imports/${job.id}/commit`, headers: { cookie: city } });
    expect(await wait(city, job.id)).toMatchObject({ committed: true });
    expect(await t.database.query(`select city_code, year, litigation_rate_per_10k::text as rate from city_benchmarks order by year`)).toEqual([
      { city_code: '', year: 2023, rate: '50' },
      { city_code: TREE.city, year: 2025, rate: '60' },
    ]);
  });
});
