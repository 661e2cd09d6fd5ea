/**
 * Cockpit benchmark (issue 16.4): the county of the evaluation benchmark (20 towns × 20 villages, 500k court
 * cases, 300k disputes over five years ending this year), then the cockpit (GET /api/workbench/cockpit's
 * service) of a county leader and of a town office, against one evaluation run of the county this year.
 * Target: the county cockpit ≤ 500 ms on PostgreSQL. Medians of several warm runs, computed afresh (not the
 * minute-long kept answer of cockpit.ts, whose time is printed apart).
 *
 * Run alone:  BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/cockpit.ts
 *             (BENCH_KEEP=1 keeps the database wusong_bench_cockpit_keep for the next run)
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Database } from '../server/db/client.ts';
import { makeActor } from '../server/modules/auth/actor.ts';
import { cockpit } from '../server/modules/workbench/cockpit.ts';
import { evaluateYear } from '../server/modules/evaluation/service.ts';
import { yearShanghai } from '../core/dates.ts';
import { CITY, COUNTY, generateCounty, PROVINCE } from './evaluation.ts';

export interface BenchCockpitResult {
  engine: string;
  countyMs: number;
  townMs: number;
  evaluateMs: number;
  ratio: number;
  targetMs: number;
  passed: boolean;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export async function benchCockpit(database: Database, opts: { towns?: number; villagesPerTown?: number; runs?: number; skipGenerate?: boolean; log?: (s: string) => void } = {}): Promise<BenchCockpitResult> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const year = yearShanghai();
  const towns = opts.towns ?? 20;
  const villagesPerTown = opts.villagesPerTown ?? 20;
  if (!opts.skipGenerate) {
    const t0 = performance.now();
    await generateCounty(database, { towns, villagesPerTown, year, years: 5, courtCases: 500_000, prelitigation: 100_000, disputes: 300_000, platform: 20_000, incidents: 2_000 }, log);
    log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const countyPath = `/${PROVINCE}/${CITY}/${COUNTY}/`;
  const county = makeActor({ id: null, username: 'bench_county', name: '县领导', bindings: [{ role: 'county_leader', regionCode: COUNTY, unitId: null, path: countyPath, level: 'county' }], via: 'system' });
  const [town] = await database.query<{ code: string; path: string }>(`select code, path from regions where level = 'town' and code like '360121%' order by code limit 1`);
  const office = makeActor({ id: null, username: 'bench_office', name: '镇综治中心', bindings: [{ role: 'town_office', regionCode: town.code, unitId: null, path: town.path, level: 'town' }], via: 'system' });

  const runs = opts.runs ?? 5;
  // warm-up (plans, caches), then alternate the timed runs
  const first = await cockpit(database, county, { fresh: true });
  await cockpit(database, office, { fresh: true });
  await evaluateYear(database, county, { year, running: true });
  const c: number[] = [];
  const t: number[] = [];
  const e: number[] = [];
  for (let i = 0; i < runs; i++) {
    c.push(await timed(() => cockpit(database, county, { fresh: true })));
    t.push(await timed(() => cockpit(database, office, { fresh: true })));
    e.push(await timed(() => evaluateYear(database, county, { year, running: true })));
  }
  // what a page asking again within the minute gets (the answer kept per user, see cockpit.ts)
  const cached = await timed(() => cockpit(database, county));
  const countyMs = median(c);
  const townMs = median(t);
  const evaluateMs = median(e);
  const targetMs = database.engine === 'postgres' ? 500 : 1500;
  log(`county cockpit (${first.compare.length} towns, ${first.map.length} villages on the map, as of ${first.asOf}): median ${countyMs.toFixed(0)} ms [${c.map((x) => x.toFixed(0)).join(', ')}] (target ≤ ${targetMs} ms on ${database.engine})`);
  log(`county cockpit asked again within the minute (kept answer): ${cached.toFixed(1)} ms`);
  log(`town cockpit: median ${townMs.toFixed(0)} ms [${t.map((x) => x.toFixed(0)).join(', ')}]`);
  log(`one evaluation run of the county: median ${evaluateMs.toFixed(0)} ms [${e.map((x) => x.toFixed(0)).join(', ')}]`);
  log(`ratio county cockpit / evaluation run: ${(countyMs / evaluateMs).toFixed(2)}×`);
  return { engine: database.engine, countyMs, townMs, evaluateMs, ratio: countyMs / evaluateMs, targetMs, passed: countyMs <= targetMs };
}

async function main() {
  const { createDb } = await import('../server/db/client.ts');
  const pgUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const { default: pg } = await import('pg');
  const keep = !!process.env.BENCH_KEEP;
  const name = keep ? 'wusong_bench_cockpit_keep' : `wusong_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  const exists = (await admin.query(`select 1 from pg_database where datname = $1`, [name])).rowCount;
  if (!exists) await admin.query(`create database ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  const database = await createDb({ databaseUrl: url.toString(), poolSize: 10 });
  try {
    const r = await benchCockpit(database, { skipGenerate: keep && !!exists });
    process.exitCode = r.passed ? 0 : 1;
  } finally {
    await database.close();
    if (!keep) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
