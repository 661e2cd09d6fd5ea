/**
 * Cockpit benchmark (issue 16.4): the county of the evaluation benchmark (20 towns × 20 villages, 500k court
 * cases, 300k disputes over five years ending this year), then the cockpit (GET /api/workbench/cockpit's
 * service) of a county leader and of a town office, against one evaluation run of the county this year.
 * Target: the county cockpit ≤ 500 ms on PostgreSQL. Medians of several warm runs, computed afresh (not the
 * minute-long kept answer of cockpit.ts, whose time is printed apart).
 *
 * Run alone:  BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/cockpit.ts
 *             (BENCH_KEEP=1 keeps the database wusong_bench_cockpit_keep for the next run; BENCH_SIZE=province
 *             generates 50 counties and 3 million court cases instead, kept as wusong_bench_cockpit_province_keep)
 */
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Database } from '../server/db/client.ts';
import { makeActor } from '../server/modules/auth/actor.ts';
import { cockpit, type CockpitTimings } from '../server/modules/workbench/cockpit.ts';
import { evaluateYear } from '../server/modules/evaluation/service.ts';
import { yearShanghai } from '../core/dates.ts';
import { CITY, COUNTY, generateCounty, PROVINCE, PROVINCE_VOLUMES, type BenchEvaluationOptions } from './evaluation.ts';

export interface BenchCockpitResult {
  engine: string;
  /** the county cockpit's median, 95th percentile and slowest run */
  countyMs: number;
  countyP95Ms: number;
  countyMaxMs: number;
  townMs: number;
  evaluateMs: number;
  ratio: number;
  targetMs: number;
  passed: boolean;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** nearest-rank percentile */
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** The county's (or at province size the province's) records; 1 county (the default) or more: then the leader
 * is bound to the province and the target is 10 s. */
export type BenchCockpitOptions = Pick<
  BenchEvaluationOptions,
  'counties' | 'towns' | 'villagesPerTown' | 'courtCases' | 'prelitigation' | 'disputes' | 'platform' | 'incidents' | 'runs' | 'skipGenerate' | 'log'
>;

export async function benchCockpit(database: Database, opts: BenchCockpitOptions = {}): Promise<BenchCockpitResult> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const year = yearShanghai();
  const towns = opts.towns ?? 20;
  const villagesPerTown = opts.villagesPerTown ?? 20;
  const counties = opts.counties ?? 1;
  if (!opts.skipGenerate) {
    const t0 = performance.now();
    await generateCounty(
      database,
      {
        counties,
        towns,
        villagesPerTown,
        year,
        years: 5,
        courtCases: opts.courtCases ?? 500_000,
        prelitigation: opts.prelitigation ?? 100_000,
        disputes: opts.disputes ?? 300_000,
        platform: opts.platform ?? 20_000,
        incidents: opts.incidents ?? 2_000,
      },
      log,
    );
    log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  // a county leader of 南昌县, or at province size one bound to the province (every town side by side)
  const province = counties > 1;
  const leaderCode = province ? PROVINCE : COUNTY;
  const leaderPath = province ? `/${PROVINCE}/` : `/${PROVINCE}/${CITY}/${COUNTY}/`;
  const county = makeActor({ id: null, username: 'bench_county', name: province ? '省领导' : '县领导', bindings: [{ role: 'county_leader', regionCode: leaderCode, unitId: null, path: leaderPath, level: province ? 'province' : 'county' }], via: 'system' });
  const [town] = await database.query<{ code: string; path: string }>(`select code, path from regions where level = 'town' and code like '360121%' order by code limit 1`);
  const office = makeActor({ id: null, username: 'bench_office', name: '镇综治中心', bindings: [{ role: 'town_office', regionCode: town.code, unitId: null, path: town.path, level: 'town' }], via: 'system' });

  const runs = opts.runs ?? (counties > 1 ? 3 : 20);
  // warm-up (plans, caches), then alternate the timed runs
  const first = await cockpit(database, county, { fresh: true });
  await cockpit(database, office, { fresh: true });
  await evaluateYear(database, county, { year, running: true });
  const c: number[] = [];
  const t: number[] = [];
  const e: number[] = [];
  // per part of the county cockpit: when each was done, from the start (the parts overlap)
  const parts = new Map<string, number[]>();
  const loadBefore = load();
  for (let i = 0; i < runs; i++) {
    const timings: CockpitTimings = {};
    c.push(await timed(() => cockpit(database, county, { fresh: true, timings })));
    for (const [k, v] of Object.entries(timings)) parts.set(k, [...(parts.get(k) ?? []), v]);
    t.push(await timed(() => cockpit(database, office, { fresh: true })));
    e.push(await timed(() => evaluateYear(database, county, { year, running: true })));
  }
  // what a page asking again within the minute gets (the answer kept per user, see cockpit.ts)
  const cached = await timed(() => cockpit(database, county));
  const countyMs = median(c);
  const countyP95Ms = percentile(c, 95);
  const countyMaxMs = Math.max(...c);
  const townMs = median(t);
  const evaluateMs = median(e);
  const targetMs = province ? 10_000 : database.engine === 'postgres' ? 500 : 1500;
  log(`load average (1, 5, 15 min) before ${loadBefore}, after ${load()} on ${os.cpus().length} cores`);
  log(`${province ? 'province' : 'county'} cockpit (${first.compare.length} towns, ${first.map.length} villages on the map, as of ${first.asOf}), ${runs} runs: p50 ${countyMs.toFixed(0)} ms, p95 ${countyP95Ms.toFixed(0)} ms, max ${countyMaxMs.toFixed(0)} ms [${c.map((x) => x.toFixed(0)).join(', ')}] (target p95 ≤ ${targetMs} ms on ${database.engine})`);
  log(`  parts, done after (p50 / max ms): ${[...parts].map(([k, v]) => `${k} ${median(v).toFixed(0)} / ${Math.max(...v).toFixed(0)}`).join(', ')}`);
  log(`county cockpit asked again within the minute (kept answer): ${cached.toFixed(1)} ms`);
  log(`town cockpit: p50 ${townMs.toFixed(0)} ms, p95 ${percentile(t, 95).toFixed(0)} ms, max ${Math.max(...t).toFixed(0)} ms`);
  log(`one evaluation run of the ${province ? 'province' : 'county'}: p50 ${evaluateMs.toFixed(0)} ms, p95 ${percentile(e, 95).toFixed(0)} ms, max ${Math.max(...e).toFixed(0)} ms`);
  log(`ratio ${province ? 'province' : 'county'} cockpit / evaluation run (medians): ${(countyMs / evaluateMs).toFixed(2)}×`);
  return { engine: database.engine, countyMs, countyP95Ms, countyMaxMs, townMs, evaluateMs, ratio: countyMs / evaluateMs, targetMs, passed: countyP95Ms <= targetMs };
}

async function main() {
  const { createDb } = await import('../server/db/client.ts');
  const pgUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const { default: pg } = await import('pg');
  const keep = !!process.env.BENCH_KEEP;
  const province = process.env.BENCH_SIZE === 'province';
  const name = keep ? `wusong_bench_cockpit${province ? '_province' : ''}_keep` : `wusong_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  const exists = (await admin.query(`select 1 from pg_database where datname = $1`, [name])).rowCount;
  if (!exists) await admin.query(`create database ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  const database = await createDb({ databaseUrl: url.toString(), poolSize: 10 });
  try {
    const r = await benchCockpit(database, { skipGenerate: keep && !!exists, ...(province ? PROVINCE_VOLUMES : {}) });
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
