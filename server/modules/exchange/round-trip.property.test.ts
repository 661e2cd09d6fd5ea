// Issue 15.1: for small random valid databases (a few villages, benchmarks, court cases, incidents, disputes and
// their parties), export → import --dry-run changes nothing and rejects nothing, and importing the export into an
// empty database then exporting again gives the same bytes.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestDb, sysCtx, TEST_SECRET } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { csv, tempDir, writeBundle } from '../../../test/bundle.ts';
import { Cipher } from '../../secret.ts';
import type { Database } from '../../db/client.ts';
import { importBundle } from './importer.ts';
import { exportBundle } from './exporter.ts';
import { openBundlePath } from './sources.ts';

const cipher = new Cipher(TEST_SECRET);
const run = async (database: Database, dir: string, dryRun = false) => importBundle(database, sysCtx(), await openBundlePath(dir), { dryRun, cipher });
const exportTo = async (database: Database) => {
  const dir = path.join(tempDir('wusong-prop-'), 'out');
  await exportBundle(database, sysCtx(), { kind: 'csv', dir }, { cipher, revealIds: true });
  return dir;
};
const readDir = (dir: string) => Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));

const day = fc.record({ m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }).map(({ m, d }) => `2024-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const SENTENCES = ['有期徒刑一年六个月', '无期徒刑', '死刑', '18', '', '拘役三个月', '有期徒刑十二年'];
const PHONES = ['13900000001', '(0571) 8888-1234', '', '+86 139 0000 0002'];
const ETHNICITIES = ['汉', '回族', '', ' 壮族 '];

const database = fc.record({
  villages: fc.integer({ min: 1, max: 3 }),
  rates: fc.array(fc.integer({ min: 0, max: 20000 }), { minLength: 1, maxLength: 3 }),
  cases: fc.array(fc.record({ on: day, village: fc.nat() }), { maxLength: 6 }),
  incidents: fc.array(fc.record({ on: day, village: fc.nat(), sentence: fc.constantFrom(...SENTENCES) }), { maxLength: 4 }),
  disputes: fc.array(
    fc.record({ on: day, village: fc.nat(), state: fc.constantFrom('mediating', 'resolved', 'failed', 'failed-open', 'registered'), amount: fc.option(fc.integer({ min: 1, max: 99999 })), phone: fc.constantFrom(...PHONES), ethnicity: fc.constantFrom(...ETHNICITIES) }),
    { maxLength: 6 },
  ),
});

type Generated = typeof database extends fc.Arbitrary<infer T> ? T : never;

function bundleOf(g: Generated) {
  const villages = Array.from({ length: g.villages }, (_, i) => [`3307821001${String(i + 10)}`, `测试${'甲乙丙'[i]}村`]);
  const v = (n: number) => villages[n % villages.length][0];
  const later = (d: string, n: number) => `${d.slice(0, 8)}${String(Math.min(28, Number(d.slice(8)) + n)).padStart(2, '0')}`;
  return {
    regions: csv([['code', 'name', 'level', 'parent_code'], ...villages.map(([code, name]) => [code, name, 'village', TREE.townA])]),
    city_benchmarks: csv([['year', 'litigation_rate_per_10k'], ...g.rates.map((r, i) => [2020 + i, (r / 100).toFixed(2)])]),
    court_cases: csv([['case_no', 'filed_on', 'defendant_region_code'], ...g.cases.map((c, i) => [`(2024)浙0782民初${i + 1}号`, c.on, v(c.village)])]),
    incidents: csv([['id', 'type', 'region_code', 'occurred_on', 'sentence_months'], ...g.incidents.map((x, i) => [`SJ-P-${i + 1}`, 'intentional_crime', v(x.village), x.on, x.sentence])]),
    disputes: csv([
      ['id', 'number', 'region_code', 'received_on', 'channel', 'category', 'summary', 'amount', 'state', 'level', 'concluded_on'],
      ...g.disputes.map((d, i) => {
        const state = d.state === 'failed-open' ? 'failed' : d.state;
        const concluded = d.state === 'resolved' || d.state === 'failed' ? later(d.on, 3) : '';
        return [`JF-P-${i + 1}`, `清溪-2024-${String(i + 1).padStart(4, '0')}`, v(d.village), d.on, '来访', '邻里', `纠纷${i + 1}`, d.amount === null ? '' : (d.amount / 100).toFixed(2), state, state === 'registered' ? '' : 'village', concluded];
      }),
    ]),
    parties: csv([['dispute_id', 'role', 'name', 'phone', 'ethnicity'], ...g.disputes.map((d, i) => [`JF-P-${i + 1}`, 'applicant', `当事人${i + 1}`, d.phone, d.ethnicity])]),
  };
}

describe('round trip of generated databases (property)', () => {
  it('export → import --dry-run changes nothing; import into an empty database → export gives the same bytes', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(database, async (g) => {
        const full = await createTestDb();
        const empty = await createTestDb();
        try {
          await seedTree(full.database);
          const seeded = await run(full.database, writeBundle(bundleOf(g)));
          expect(seeded.errors).toEqual([]);
          const a = await exportTo(full.database);
          const dry = await run(full.database, a, true);
          expect(dry.errors).toEqual([]);
          expect(dry.totals).toMatchObject({ add: 0, update: 0, reject: 0 });
          const into = await run(empty.database, a);
          expect(into.errors).toEqual([]);
          const b = await exportTo(empty.database);
          expect(readDir(b)).toEqual(readDir(a));
        } finally {
          await full.drop();
          await empty.drop();
        }
      }),
      { numRuns: 5 },
    );
  });
});
