/**
 * Evaluation benchmark (issue 6): a county of 20 towns × 20 villages with 5 years of data — ≥ 500k court
 * cases, ≥ 100k pre-litigation mediations, ≥ 300k disputes — generated with set-based inserts
 * (generate_series), then:
 *   1. evaluating one year for the whole county (`evaluateYear`, the code behind `wusong evaluate` and
 *      GET /api/evaluation), target ≤ 1 s on PostgreSQL and ≤ 3 s embedded;
 *   2. one hand-written SQL query returning every per-region count the evaluation needs for that year;
 * and prints the ratio (target ≤ 2×). Medians of several warm runs.
 *
 * Run alone:  node --import tsx bench/evaluation.ts            (embedded, in a temporary folder)
 *             BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/evaluation.ts
 *             (creates and drops a temporary PostgreSQL database)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Database } from '../server/db/client.ts';
import { systemActor } from '../server/modules/auth/actor.ts';
import { evaluateYear } from '../server/modules/evaluation/service.ts';

export interface BenchEvaluationOptions {
  /** counties of the city (province size: 50), each with `towns` towns; default 1 */
  counties?: number;
  towns?: number;
  villagesPerTown?: number;
  /** the evaluated year; data covers it and the four before it */
  year?: number;
  years?: number;
  courtCases?: number;
  prelitigation?: number;
  disputes?: number;
  platform?: number;
  incidents?: number;
  /** timed runs (median reported) */
  runs?: number;
  /** skip the data generation (the county is already there) */
  skipGenerate?: boolean;
  log?: (line: string) => void;
}

export interface BenchEvaluationResult {
  engine: string;
  rows: Record<string, number>;
  generateMs: number;
  evaluateMs: number;
  handQueryMs: number;
  ratio: number;
  targetMs: number;
  passed: boolean;
}

export const COUNTY = '360121000000';
/** Province size (issue 16.4): 50 counties × 20 towns × 20 villages and 3 million court cases — six times the county's records of every kind. */
export const PROVINCE_VOLUMES = { counties: 50, courtCases: 3_000_000, prelitigation: 600_000, disputes: 1_800_000, platform: 120_000, incidents: 12_000 } as const;
export const CITY = '360100000000';
export const PROVINCE = '360000000000';
// county c (0-based): 3601 + (21 + c) + 000000 (the first is 南昌县 360121); town i (0-based, over all counties) of
// T per county: its county's 6 digits + (101 + i % T) + 000; village j of town i: the town's 9 digits + (001 + j)
const countyExpr = (c: string) => `'3601' || lpad((21 + ${c})::text, 2, '0') || '000000'`;
const townExpr = (i: string, T: number) => `'3601' || lpad((21 + (${i}) / ${T})::text, 2, '0') || lpad((101 + (${i}) % ${T})::text, 3, '0') || '000'`;
const villageExpr = (i: string, j: string, T: number) => `left(${townExpr(i, T)}, 9) || lpad((1 + ${j})::text, 3, '0')`;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Generates the county with set-based inserts (a few statements per table). */
export async function generateCounty(database: Database, o: Omit<Required<BenchEvaluationOptions>, 'log' | 'skipGenerate' | 'runs' | 'counties'> & { counties?: number }, log: (s: string) => void) {
  const q = (text: string, params: unknown[] = []) => database.query(text, params);
  const C = o.counties ?? 1;
  const T = o.towns;
  const V = o.villagesPerTown;
  const nt = C * T;
  const nv = nt * V;
  const first = o.year - o.years + 1;
  // a date inside the data's years, spread evenly: $first + (g % years) years, day (g * 7919) % 365
  const dateOf = (g: string) => `(make_date(${first} + (${g} % ${o.years})::int, 1, 1) + ((${g}::bigint * 7919) % 365)::int)`;
  // the town and village of record g: villages in turn, 7 records each before the next
  const townIndexOfG = (g: string) => `((${g} / 7) % ${nv} / ${V})::int`;
  const villageOfG = (g: string) => villageExpr(townIndexOfG(g), `((${g} / 7) % ${nv} % ${V})::int`, T);
  const townOfG = (g: string) => townExpr(townIndexOfG(g), T);
  const countyPath = (c: string) => `'/${PROVINCE}/${CITY}/' || ${countyExpr(c)} || '/'`;

  log(`generating ${C > 1 ? `${C} counties × ` : ''}${T} towns × ${V} villages, ${o.years} years …`);
  await q(`insert into regions (code, name, level, parent_code, path, town_code) values
      ('${PROVINCE}', '江西省', 'province', null, '/${PROVINCE}/', null),
      ('${CITY}', '南昌市', 'city', '${PROVINCE}', '/${PROVINCE}/${CITY}/', null)`);
  await q(`insert into regions (code, name, level, parent_code, path, town_code)
      select ${countyExpr('c')}, case when c = 0 then '南昌县' else '测试县' || (c + 1) end, 'county', '${CITY}', ${countyPath('c')}, null
        from generate_series(0, ${C - 1}) c`);
  await q(`insert into regions (code, name, level, parent_code, path, town_code)
      select ${townExpr('i', T)}, '测试镇' || (i + 1), 'town', ${countyExpr(`(i / ${T})`)}, ${countyPath(`(i / ${T})`)} || ${townExpr('i', T)} || '/', ${townExpr('i', T)}
        from generate_series(0, ${nt - 1}) i`);
  await q(`insert into regions (code, name, level, parent_code, path, town_code)
      select ${villageExpr('i', 'j', T)}, '测试镇' || (i + 1) || '第' || (j + 1) || '村', case when j = 0 then 'community' else 'village' end, ${townExpr('i', T)},
             ${countyPath(`(i / ${T})`)} || ${townExpr('i', T)} || '/' || ${villageExpr('i', 'j', T)} || '/', ${townExpr('i', T)}
        from generate_series(0, ${nt - 1}) i, generate_series(0, ${V - 1}) j`);
  // one village per town inactive, to exercise the rule
  await q(`update regions set active = false where level = 'village' and code like '3601%' and right(code, 3) = lpad(${V}::text, 3, '0')`);
  await q(`insert into units (id, name, type, region_code, town_code)
      select 'bench-vc-' || code, name || '调委会', 'village_committee', code, town_code from regions where level in ('village', 'community') and code like '3601%'`);
  await q(`insert into region_population (region_code, year, residents)
      select r.code, y, 1500 + (abs(hashtext(r.code)) % 3500) from regions r, generate_series(${first}, ${o.year}) y
       where r.level in ('village', 'community') and r.code like '3601%'
         and not (y = ${o.year} and abs(hashtext(r.code)) % 17 = 0)`); // some villages lack this year's figure
  await q(`insert into city_benchmarks (city_code, year, litigation_rate_per_10k) select '', y, (60 + y % 7)::text from generate_series(${first - 1}, ${o.year}) y`);

  log(`court cases: ${o.courtCases.toLocaleString()} …`);
  await q(`insert into court_cases (case_no, kind, instance, year, filed_on, defendant_region_code, town_code, match_status)
      select '(' || extract(year from d)::int || ')赣0121' || case k when 'civil' then '民' when 'criminal' then '刑' else '行' end
               || case when g % 10 = 0 then '终' else '初' end || g || '号',
             k, case when g % 10 = 0 then 'second' else 'first' end, extract(year from d)::int, d,
             case when g % 20 = 0 then ${townOfG('g')} else ${villageOfG('g')} end, ${townOfG('g')},
             case when g % 20 = 0 then 'town_only' else 'code' end
        from (select g, ${dateOf('g')} as d,
                     case when g % 10 < 8 then 'civil' when g % 10 = 8 then 'criminal' else 'administrative' end as k
                from generate_series(1, ${o.courtCases}) g) s`);

  log(`pre-litigation mediations: ${o.prelitigation.toLocaleString()} …`);
  await q(`insert into prelitigation_mediations (case_no, received_on, concluded_on, result, party_region_code, party_town_code, defendant_region_code, town_code)
      select '诉前调' || g, d, case when g % 10 < 8 then d + (g % 40)::int end,
             case when g % 10 < 6 then 'success' when g % 10 < 8 then 'failure' else 'pending' end,
             ${villageOfG('(g + 3)')}, ${townOfG('(g + 3)')}, ${villageOfG('g')}, ${townOfG('g')}
        from (select g, ${dateOf('g')} as d from generate_series(1, ${o.prelitigation}) g) s`);

  log(`platform disputes: ${o.platform.toLocaleString()}, incidents: ${o.incidents.toLocaleString()} …`);
  await q(`insert into platform_disputes (platform_no, unit_region_code, accepted_on, concluded_on, result, town_code)
      select 'PT' || g, ${villageOfG('g')}, d, case when g % 10 < 9 then d + (g % 20)::int end,
             case when g % 10 < 7 then 'success' when g % 10 < 9 then 'failure' else 'pending' end, ${townOfG('g')}
        from (select g, ${dateOf('g')} as d from generate_series(1, ${o.platform}) g) s`);
  await q(`insert into incidents (id, type, region_code, occurred_on, sentence_months, town_code)
      select 'INC' || g, (array['intentional_crime', 'negligent_crime', 'major_civil_to_criminal', 'collective_petition', 'mass_incident', 'beijing_petition', 'abnormal_petition'])[1 + g % 7],
             ${villageOfG('(g * 13)')}, ${dateOf('g')}, case when g % 7 = 0 and g % 3 > 0 then (g % 60)::int end, ${townOfG('(g * 13)')}
        from generate_series(1, ${o.incidents}) g`);

  log('personnel and checklist …');
  await q(`insert into personnel (id, name, role, region_code, village_code, town_code, since, until)
      select 'P' || r.code || '-' || k, '人员' || k, case when k = 0 then 'rule_of_law_leader' when k < 5 then 'legal_literate' else 'mediator' end,
             r.code, r.code, r.town_code, make_date(${first}, 1, 1), case when k = 4 and abs(hashtext(r.code)) % 3 = 0 then make_date(${o.year}, 6, 30) end
        from regions r, generate_series(0, 7) k where r.level in ('village', 'community') and r.code like '3601%'`);
  await q(`insert into checklist_items (id, region_code, town_code, year, item, status)
      select 'C' || r.code || '-' || y || '-' || it, r.code, r.town_code, y, it, case when abs(hashtext(r.code || it)) % 9 = 0 then 'not_met' else 'met' end
        from regions r, generate_series(${first}, ${o.year}) y, unnest(array['village_rules_non_litigation', 'mediation_mechanism_effective']) it
       where r.level in ('village', 'community') and r.code like '3601%'`);
  await q(`insert into checklist_items (id, region_code, town_code, year, item, status)
      select 'C' || r.code || '-' || y || '-' || it, r.code, r.code, y, it, 'met'
        from regions r, generate_series(${first}, ${o.year}) y,
             unnest(array['creation_plan', 'legal_talent_teams', 'mediation_centre_and_court_link', 'public_legal_service_stations', 'regular_screening', 'legal_culture_platform']) it
       where r.level = 'town' and r.code like '3601%'`);

  log(`disputes: ${o.disputes.toLocaleString()} …`);
  await q(`insert into disputes (id, number, query_code, region_code, village_code, town_code, received_on, channel, category, summary, state, outcome, outcome_level, concluded_on)
      select 'D' || g, 'B-' || g, 'Q' || g, ${villageOfG('g')}, ${villageOfG('g')}, ${townOfG('g')}, d, 'walk_in', 'neighbour', '测试纠纷',
             case when g % 10 < 8 then 'closed' else 'mediating' end,
             case when g % 10 < 7 then 'resolved' when g % 10 = 7 then 'failed' end,
             case when g % 10 < 7 then 'village' when g % 10 = 7 then 'town' end,
             case when g % 10 < 8 then d + (g % 25)::int end
        from (select g, ${dateOf('g')} as d from generate_series(1, ${o.disputes}) g) s`);
  log('analyse …');
  await q('vacuum analyze');
}

/** The one hand-written query: every per-region count the evaluation of year Y needs, in one statement. */
export function handWrittenQuery(year: number, asOf: string, kinds: string[]): { text: string; params: unknown[] } {
  const start = `${year}-01-01`;
  return {
    text: `
      select 'court' as src, town_code as town, defendant_region_code as region, null::text as k,
             count(*) filter (where kind = any($3::text[]))::int as a, count(*) filter (where kind = 'civil')::int as b, 0 as c
        from court_cases where instance = 'first' and filed_on between $1 and $2 group by town_code, defendant_region_code
      union all
      select 'prelit', town_code, defendant_region_code, null,
             count(*) filter (where result = 'success' and concluded_on <= $2)::int,
             count(*) filter (where result = 'failure' and concluded_on <= $2)::int, count(*)::int
        from prelitigation_mediations where received_on between $1 and $2 group by town_code, defendant_region_code
      union all
      select 'party', party_town_code, party_region_code, null, count(*)::int, 0, 0
        from prelitigation_mediations where received_on between $1 and $2 group by party_town_code, party_region_code
      union all
      select 'platform', town_code, unit_region_code, null, count(*)::int,
             count(*) filter (where result = 'success' and concluded_on <= $2)::int,
             count(*) filter (where result = 'failure' and concluded_on <= $2)::int
        from platform_disputes where accepted_on between $1 and $2 group by town_code, unit_region_code
      union all
      select 'incident', town_code, region_code, type, count(*)::int,
             count(*) filter (where sentence_months >= 36)::int, count(*) filter (where sentence_months is null)::int
        from incidents where occurred_on between $1 and $2 group by town_code, region_code, type
      union all
      select 'people', town_code, village_code, role, count(*)::int, 0, 0
        from personnel where role in ('rule_of_law_leader', 'legal_literate') and (since is null or since <= $2) and (until is null or until >= $2)
       group by town_code, village_code, role
      union all
      select 'checklist', town_code, region_code, item || ':' || status, 1, 0, 0 from checklist_items where year = $4
      union all
      select 'population', null, region_code, year::text, residents, 0, 0
        from (select distinct on (region_code) region_code, year, residents from region_population where year <= $4 order by region_code, year desc) p
      union all
      select 'benchmark', null, city_code, litigation_rate_per_10k, 0, 0, 0 from city_benchmarks where year = $4 - 1
      union all
      select 'region', town_code, code, level, case when active then 1 else 0 end, 0, 0 from regions where level in ('town', 'village', 'community', 'grid')`,
    params: [start, asOf, kinds, year],
  };
}

export async function benchEvaluation(database: Database, opts: BenchEvaluationOptions = {}): Promise<BenchEvaluationResult> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const o = {
    counties: opts.counties ?? 1,
    towns: opts.towns ?? 20,
    villagesPerTown: opts.villagesPerTown ?? 20,
    year: opts.year ?? 2024,
    years: opts.years ?? 5,
    courtCases: opts.courtCases ?? 500_000,
    prelitigation: opts.prelitigation ?? 100_000,
    disputes: opts.disputes ?? 300_000,
    platform: opts.platform ?? 20_000,
    incidents: opts.incidents ?? 2_000,
  };
  const runs = opts.runs ?? 5;
  let generateMs = 0;
  if (!opts.skipGenerate) [, generateMs] = await timed(() => generateCounty(database, o, log));
  const rows: Record<string, number> = {};
  for (const t of ['regions', 'court_cases', 'prelitigation_mediations', 'platform_disputes', 'incidents', 'personnel', 'disputes']) {
    rows[t] = (await database.query<{ n: number }>(`select count(*)::int as n from ${t}`))[0].n;
  }
  log(`rows: ${Object.entries(rows).map(([k, v]) => `${k} ${v.toLocaleString()}`).join(', ')}${generateMs ? ` (generated in ${(generateMs / 1000).toFixed(1)} s)` : ''}`);

  const actor = systemActor();
  const asOf = `${o.year}-12-31`;
  const hand = handWrittenQuery(o.year, asOf, ['civil', 'criminal']);
  // warm up both (plans, caches), then alternate the timed runs
  const report = await evaluateYear(database, actor, { year: o.year });
  const handRows = await database.query(hand.text, hand.params);
  const ev: number[] = [];
  const hq: number[] = [];
  for (let i = 0; i < runs; i++) {
    ev.push((await timed(() => evaluateYear(database, actor, { year: o.year })))[1]);
    hq.push((await timed(() => database.query(hand.text, hand.params)))[1]);
  }
  const evaluateMs = median(ev);
  const handQueryMs = median(hq);
  const ratio = evaluateMs / handQueryMs;
  // SPEC: a county ≤ 1 s on PostgreSQL (3 s embedded); issue 16.4: a province ≤ 10 s
  const targetMs = o.counties > 1 ? 10_000 : database.engine === 'postgres' ? 1000 : 3000;
  const villages = report.towns.reduce((s, t) => s + t.villages.length, 0);
  log(`evaluate ${o.year} (${report.towns.length} towns, ${villages} villages): median ${evaluateMs.toFixed(0)} ms over ${runs} runs [${ev.map((x) => x.toFixed(0)).join(', ')}] (target ≤ ${targetMs} ms on ${database.engine})`);
  log(`hand-written query (${handRows.length} rows): median ${handQueryMs.toFixed(0)} ms [${hq.map((x) => x.toFixed(0)).join(', ')}]`);
  log(`ratio evaluate / hand-written query: ${ratio.toFixed(2)}× (target ≤ 2×)`);
  return { engine: database.engine, rows, generateMs, evaluateMs, handQueryMs, ratio, targetMs, passed: evaluateMs <= targetMs && ratio <= 2 };
}

/** Standalone: a fresh database (embedded in a temporary folder, or a temporary PostgreSQL database). */
async function main() {
  const { createDb } = await import('../server/db/client.ts');
  const pgUrl = process.env.BENCH_PG_URL;
  if (pgUrl) {
    const { default: pg } = await import('pg');
    const name = `wusong_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    const database = await createDb({ databaseUrl: url.toString() });
    try {
      const r = await benchEvaluation(database);
      process.exitCode = r.passed ? 0 : 1;
    } finally {
      await database.close();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wusong-bench-'));
  const database = await createDb({ dataDir: dir });
  try {
    const r = await benchEvaluation(database);
    process.exitCode = r.passed ? 0 : 1;
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
