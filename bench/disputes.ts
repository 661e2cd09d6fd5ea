/**
 * Dispute benchmark (issue 3): a county (20 towns × 20 villages) with ≥ 300k disputes generated with
 * set-based inserts (generate_series) — parties, stages and current deadlines included — then:
 *   1. the filtered, paged dispute list with its total, through the service function behind
 *      GET /api/disputes (`listDisputes`), for a mix of users and filters: p50/p95
 *      (targets: p95 ≤ 50 ms on PostgreSQL, ≤ 250 ms embedded);
 *   2. intake through the service (`createDispute`, the code behind POST /api/disputes): disputes/s,
 *      sequential and with several concurrent clients (target ≥ 500/s on PostgreSQL), and the same over
 *      HTTP (POST /api/disputes with a session cookie and an Idempotency-Key, keep-alive connections from a
 *      client in its own process), with the server's and the client's CPU per intake and how the machine's time
 *      went meanwhile (busy, idle, stolen by the hypervisor — this machine, PostgreSQL, server and client share 2 cores).
 *
 * Run alone:  node --import tsx bench/disputes.ts                       (embedded, temporary folder)
 *             BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/disputes.ts
 */
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Database } from '../server/db/client.ts';
import { Cipher } from '../server/secret.ts';
import { makeActor, systemActor, type Actor } from '../server/modules/auth/actor.ts';
import { loadBindings } from '../server/modules/auth/service.ts';
import { UserCreate } from '../core/schemas/users.ts';
import { createUser } from '../server/modules/users/service.ts';
import type { z } from 'zod';
import { DisputeCreate } from '../core/schemas/disputes.ts';
import { createDispute } from '../server/modules/disputes/intake.ts';
import { listDisputes, type ListFilter } from '../server/modules/disputes/views.ts';
import { buildApp } from '../server/app.ts';
import { generateTree } from './generate.ts';
import { cpuShare, cpuTimes } from './machine.ts';

export interface BenchDisputesOptions {
  /** disputes to generate (default 300,000) */
  count?: number;
  /** timed list calls per scenario (default 30) */
  samples?: number;
  /** disputes registered through the service for the intake rate (default 1,000; half sequential, half concurrent) */
  intake?: number;
  /** concurrent intake clients (default 10 on PostgreSQL — the pool size —, 1 embedded: it has one connection) */
  concurrency?: number;
  /** disputes registered over HTTP (default 2,000) */
  httpIntake?: number;
  /** skip generation (the county is already there) */
  skipGenerate?: boolean;
  log?: (line: string) => void;
}

export interface BenchDisputesResult {
  engine: string;
  disputes: number;
  generateMs: number;
  list: {
    p50: number;
    p95: number;
    max: number;
    samples: number;
    targetMs: number;
    perScenario: Record<string, { p50: number; p95: number; total: number }>;
    search: Record<string, { p50: number; p95: number; total: number }>;
    roundTripMs: number;
  };
  intake: {
    sequentialPerSec: number;
    concurrentPerSec: number;
    httpPerSec: number;
    httpErrors: number;
    nodeCpuMsPerIntake: number;
    clientCpuMsPerIntake: number;
    /** how the machine's time went during the HTTP run */
    machine: { busyPct: number; idlePct: number; stealPct: number } | null;
    concurrency: number;
    target: number;
  };
  passed: boolean;
}

const CATEGORIES = ['damages', 'damages', 'damages', 'damages', 'damages', 'contract', 'contract', 'contract', 'neighbour', 'neighbour', 'marriage_family', 'marriage_family', 'housing_homestead', 'labour', 'land_contract', 'road_traffic', 'business', 'property_management', 'forest_land', 'other'];
const CHANNELS = ['walk_in', 'walk_in', 'walk_in', 'grid_screening', 'grid_screening', 'phone', 'visit', 'police_referral', 'court_delegation', 'online'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华玉红梅海燕春建国志东';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : 0;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

async function generate(database: Database, count: number, log: (s: string) => void) {
  const q = (text: string, params?: unknown[]) => database.query(text, params);
  const towns = await database.query<{ n: number }>(`select count(*)::int as n from regions where level = 'town'`);
  if (!towns[0].n) {
    log('region tree (20 towns × 20 villages) …');
    await generateTree(database, 'county', [2024, 2025, 2026]);
  }
  // villages numbered 1..V so that dispute g can pick one arithmetically
  await q(`create temporary table bench_villages as
           select row_number() over (order by code)::int as i, code, town_code from regions where level in ('village', 'community')`);
  const [{ v }] = await database.query<{ v: number }>(`select count(*)::int as v from bench_villages`);
  await q(`insert into units (id, name, type, region_code, town_code)
           select 'police-' || code, name || '派出所', 'police_station', code, code from regions where level = 'town'
           on conflict do nothing`);
  log(`disputes: ${count.toLocaleString()} over ${v} villages …`);
  const surnames = [...SURNAMES];
  const given = [...GIVEN];
  // received over three years (2024-01-01 … 2026-11-30); older ones mostly closed, recent ones open
  await q(
    `insert into disputes (id, number, query_code, region_code, village_code, town_code, received_on, channel, category, summary,
        people_count, amount, risk_level, may_turn_criminal, threatens_petition, group_flag, state, current_level, current_unit_id,
        current_due_on, first_accepted_on, sessions_count, outcome, outcome_level, concluded_on, closed_on, created_at)
     select 'BD' || g, 'B' || bv.i || '-' || extract(year from s.d)::int || '-' || lpad(g::text, 7, '0'), 'Q' || lpad(g::text, 9, '0'),
            bv.code, bv.code, bv.town_code, s.d,
            ($3::text[])[1 + g % ${CHANNELS.length}], ($4::text[])[1 + (g / 7) % ${CATEGORIES.length}],
            '第' || g || '号纠纷:' || bv.code || '村民因' || (array['宅基地界址','排水沟','借款','工程款','赡养费','交通事故赔偿','土地流转费'])[1 + g % 7] || '发生争议',
            2 + g % 4, case when g % 3 = 0 then null else ((g::bigint * 37) % 200000)::numeric / 10 end,
            case when g % 50 = 0 then 'major' when g % 10 = 0 then 'serious' else 'general' end,
            g % 97 = 0, g % 61 = 0, g % 40 = 0,
            s.st,
            case when s.st = 'registered' then null when g % 37 = 0 then 'department' when g % 3 = 0 then 'town' else 'village' end,
            case when s.st = 'registered' then null when g % 37 = 0 then 'police-' || bv.town_code when g % 3 = 0 then 'centre-' || bv.town_code else 'vc-' || bv.code end,
            case when s.st in ('accepted', 'mediating') then s.d + (case when g % 3 = 0 then 30 else 15 end) + 1 end,
            case when s.st = 'registered' then null else s.d + 1 end,
            case when s.st in ('registered', 'accepted') then 0 else 1 + g % 3 end,
            case when s.st in ('resolved', 'follow_up') or (s.st = 'closed' and g % 25 > 1) then 'resolved'
                 when s.st = 'closed' and g % 25 = 1 then 'litigation' when s.st = 'closed' then 'failed' end,
            case when s.st in ('resolved', 'follow_up', 'closed') then case when g % 3 = 0 then 'town' else 'village' end end,
            case when s.st in ('resolved', 'follow_up', 'closed') then s.d + 3 + g % 20 end,
            case when s.st = 'closed' then s.d + 10 + g % 30 end,
            now() - (($1::int - g) || ' seconds')::interval
       from (select g, dd as d,
                    case when dd > date '2026-11-30' - 20 then (array['registered','accepted','mediating','mediating'])[1 + g % 4]
                         when dd > date '2026-11-30' - 60 then (array['mediating','resolved','follow_up','closed','failed','accepted'])[1 + g % 6]
                         else case when g % 200 = 0 then 'mediating' when g % 199 = 0 then 'failed' else 'closed' end end as st
               from generate_series(1, $1::int) g
               cross join lateral (select date '2024-01-01' + ((g::bigint * 1033) % 1064)::int as dd) x) s
       join bench_villages bv on bv.i = 1 + ((s.g::bigint * 7919) % $2::int)::int`,
    [count, v, CHANNELS, CATEGORIES],
  );
  log('parties …');
  await q(
    `insert into dispute_parties (id, dispute_id, town_code, seq, role, kind, name, id_number_hash, id_number_masked, phone)
     select d.id || '-' || k, d.id, d.town_code, k, case when k = 1 then 'applicant' else 'respondent' end, 'person',
            ($1::text[])[1 + (n * 13 + k) % ${surnames.length}] || ($2::text[])[1 + (n * 7 + k) % ${given.length}],
            case when k = 1 then md5(d.id) end, case when k = 1 then '330799********' || lpad((n % 10000)::text, 4, '0') end,
            '13' || lpad(((n::bigint * 7919 + k) % 1000000000)::text, 9, '0')
       from (select id, town_code, substr(id, 3)::int as n from disputes where id like 'BD%') d cross join generate_series(1, 2) k`,
    [surnames, given],
  );
  log('stages …');
  await q(
    `insert into dispute_stages (id, dispute_id, town_code, seq, level, unit_id, accepted_on, due_on, closed_on, outcome, sessions_count)
     select d.id || '-s1', d.id, d.town_code, 1, d.current_level, d.current_unit_id, d.first_accepted_on,
            d.first_accepted_on + case when d.current_level = 'town' then 30 else 15 end,
            case when d.state not in ('accepted', 'mediating') then coalesce(d.concluded_on, d.first_accepted_on + 5) end,
            case when d.outcome in ('resolved') then 'resolved' when d.state = 'failed' or d.outcome in ('failed', 'litigation') then 'failed' end,
            d.sessions_count
       from disputes d where d.id like 'BD%' and d.first_accepted_on is not null`,
  );
  await q(`update disputes set current_stage_id = id || '-s1' where id like 'BD%' and first_accepted_on is not null`);
  await q(`drop table bench_villages`);
  log('vacuum analyze, checkpoint …');
  await q('vacuum analyze');
  // the generated pages are written out now, not while intake is being timed
  await q('checkpoint');
}

async function actorFor(database: Database, username: string, binding: { role: 'town_office' | 'village_admin' | 'court_liaison' | 'department'; regionCode?: string; unitId?: string }): Promise<Actor> {
  const u = await createUser(database, { actor: systemActor() }, UserCreate.parse({ username, password: 'Bench12345x', bindings: [{ role: binding.role, regionCode: binding.regionCode ?? null, unitId: binding.unitId ?? null }] }));
  const id = u.user.id;
  return makeActor({ id, username, name: username, bindings: await loadBindings(database.db, id), via: 'session' });
}

export async function benchDisputes(database: Database, opts: BenchDisputesOptions = {}): Promise<BenchDisputesResult> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const count = opts.count ?? 300_000;
  const samples = opts.samples ?? 30;
  const cipher = new Cipher('bench');
  let generateMs = 0;
  if (!opts.skipGenerate) {
    const t0 = performance.now();
    await generate(database, count, log);
    generateMs = performance.now() - t0;
  }
  const [{ n: disputes }] = await database.query<{ n: number }>(`select count(*)::int as n from disputes`);
  log(`disputes: ${disputes.toLocaleString()}${generateMs ? ` (generated in ${(generateMs / 1000).toFixed(1)} s)` : ''}`);

  const towns = await database.query<{ code: string; path: string }>(`select code, path from regions where level = 'town' order by code`);
  const town = towns[0].code;
  const [village] = await database.query<{ code: string }>(`select code from regions where level = 'village' and town_code = $1 order by code limit 1`, [town]);
  const [county] = await database.query<{ code: string }>(`select code from regions where level = 'county' order by code limit 1`);
  const stamp = Date.now().toString(36);
  const office = await actorFor(database, `bench_office_${stamp}`, { role: 'town_office', regionCode: town });
  const cadre = await actorFor(database, `bench_cadre_${stamp}`, { role: 'village_admin', regionCode: village.code });
  const countyUser = await actorFor(database, `bench_county_${stamp}`, { role: 'court_liaison', regionCode: county.code });
  const police = await actorFor(database, `bench_police_${stamp}`, { role: 'department', unitId: `police-${town}` });
  const admin = systemActor();
  const [someParty] = await database.query<{ name: string }>(`select p.name from dispute_parties p join disputes d on d.id = p.dispute_id where d.town_code = $1 limit 1`, [town]);

  const scenarios: [string, Actor, ListFilter][] = [
    ['town office, first page', office, {}],
    ['town office, state=accepted,mediating', office, { state: ['accepted', 'mediating'] }],
    ['town office, overdue', office, { overdue: true }],
    ['town office, category=damages, page 5', office, { category: ['damages'], page: 5 }],
    ['village cadre, all', cadre, {}],
    ['county user, region=town, state=closed, page 20', countyUser, { region: town, state: ['closed'], page: 20 }],
    ['county user, state=mediating, 100 per page', countyUser, { state: ['mediating'], pageSize: 100 }],
    ['county user, category=contract,labour', countyUser, { category: ['contract', 'labour'] }],
    ['department (its unit)', police, {}],
    ['admin, county, overdue', admin, { overdue: true }],
  ];
  const all: number[] = [];
  const perScenario: BenchDisputesResult['list']['perScenario'] = {};
  for (const [name, actor, f] of scenarios) {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < samples + 3; i++) {
      const t0 = performance.now();
      const r = await listDisputes(database.db, cipher, actor, { pageSize: 20, ...f });
      const ms = performance.now() - t0;
      total = r.total;
      if (i >= 3) times.push(ms); // the first calls warm plans and caches
    }
    all.push(...times);
    perScenario[name] = { p50: r1(pct(times, 50)), p95: r1(pct(times, 95)), total };
    log(`  list ${name.padEnd(48)} total ${String(total).padStart(7)}  p50 ${pct(times, 50).toFixed(1)} ms  p95 ${pct(times, 95).toFixed(1)} ms`);
  }
  // free-text search (q) scans the scoped rows' summaries: reported on its own, outside the list's p95
  const search: Record<string, { p50: number; p95: number; total: number }> = {};
  for (const [name, actor, f] of [
    ['town office, q=party name', office, { q: someParty.name }],
    ['town office, q=summary text', office, { q: '宅基地' }],
    ['town office, q=identity number (blind index)', office, { q: '330799198001011234' }],
    ['county user, q=party name', countyUser, { q: someParty.name }],
    ['county user, q=surname', countyUser, { q: someParty.name.slice(0, 1) }],
    ['county user, q=summary text', countyUser, { q: '宅基地' }],
  ] as const) {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < samples + 3; i++) {
      const t0 = performance.now();
      total = (await listDisputes(database.db, cipher, actor, { pageSize: 20, ...f })).total;
      if (i >= 3) times.push(performance.now() - t0);
    }
    search[name] = { p50: r1(pct(times, 50)), p95: r1(pct(times, 95)), total };
    log(`  search ${name.padEnd(48)} total ${String(total).padStart(7)}  p50 ${pct(times, 50).toFixed(1)} ms  p95 ${pct(times, 95).toFixed(1)} ms`);
  }
  // how loaded the machine is: a trivial round trip
  const rt: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    await database.query('select 1');
    rt.push(performance.now() - t0);
  }
  log(`round trip 'select 1': p50 ${pct(rt, 50).toFixed(2)} ms, p95 ${pct(rt, 95).toFixed(2)} ms`);
  const targetMs = database.engine === 'postgres' ? 50 : 250;
  const list = { p50: r1(pct(all, 50)), p95: r1(pct(all, 95)), max: r1(Math.max(...all)), samples: all.length, targetMs, perScenario, search, roundTripMs: r1(pct(rt, 50) * 10) / 10 };
  log(`list: p50 ${list.p50} ms, p95 ${list.p95} ms over ${all.length} calls (target p95 ≤ ${targetMs} ms on ${database.engine})`);

  // intake through the service, spread over the county's towns like real traffic
  const n = opts.intake ?? 1000;
  const concurrency = opts.concurrency ?? (database.engine === 'postgres' ? 10 : 1);
  // consecutive intakes come from different towns, as in a county (one town's own numbering serialises its intakes)
  const villages = await database.query<{ code: string }>(`select code from regions where level = 'village' order by right(code, 3), code limit 400`);
  const input = (i: number): z.input<typeof DisputeCreate> => ({
    regionCode: villages[i % villages.length].code,
    receivedOn: '2026-11-29',
    channel: 'walk_in',
    category: 'neighbour',
    summary: `基准登记第 ${i} 件:邻里因排水沟堵塞发生争执`,
    peopleCount: 2,
    amount: '1200.00',
    riskLevel: 'general',
    parties: [
      { role: 'applicant', kind: 'person', name: '张三', phone: `139${String(10000000 + i).slice(-8)}`, address: '一组' },
      { role: 'respondent', kind: 'person', name: '李四' },
    ],
  });
  const ctx = { actor: admin, requestId: 'bench' };
  const half = Math.floor(n / 2);
  let t0 = performance.now();
  for (let i = 0; i < half; i++) await createDispute(database, cipher, ctx, DisputeCreate.parse(input(i)), { today: '2026-11-30' });
  const sequentialPerSec = half / ((performance.now() - t0) / 1000);
  let next = half;
  t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        await createDispute(database, cipher, ctx, DisputeCreate.parse(input(i)), { today: '2026-11-30', idempotencyKey: `bench-${stamp}-${i}` });
      }
    }),
  );
  const concurrentPerSec = (n - half) / ((performance.now() - t0) / 1000);
  const viaHttp = await httpIntake(database, cipher, county.code, input, opts.httpIntake ?? 2000, concurrency, stamp);
  const target = database.engine === 'postgres' ? 500 : 0;
  log(
    `intake: ${sequentialPerSec.toFixed(0)} disputes/s sequential, ${concurrentPerSec.toFixed(0)} disputes/s with ${concurrency} clients; ` +
      `over HTTP ${viaHttp.perSec.toFixed(0)} disputes/s (${viaHttp.errors} errors, ${viaHttp.cpuMs.toFixed(2)} ms server CPU and ${viaHttp.clientCpuMs.toFixed(2)} ms client CPU per intake` +
      `${viaHttp.machine ? `; machine ${viaHttp.machine.busyPct}% busy, ${viaHttp.machine.idlePct}% idle, ${viaHttp.machine.stealPct}% stolen by the hypervisor` : ''})${target ? ` (target ≥ ${target}/s)` : ''}`,
  );
  const intake = {
    sequentialPerSec: Math.round(sequentialPerSec),
    concurrentPerSec: Math.round(concurrentPerSec),
    httpPerSec: Math.round(viaHttp.perSec),
    httpErrors: viaHttp.errors,
    nodeCpuMsPerIntake: Math.round(viaHttp.cpuMs * 100) / 100,
    clientCpuMsPerIntake: Math.round(viaHttp.clientCpuMs * 100) / 100,
    machine: viaHttp.machine,
    concurrency,
    target,
  };
  return {
    engine: database.engine,
    disputes,
    generateMs: Math.round(generateMs),
    list,
    intake,
    passed: list.p95 <= targetMs && Math.min(Math.max(intake.sequentialPerSec, intake.concurrentPerSec), intake.httpPerSec) >= target && !intake.httpErrors,
  };
}

/**
 * POST /api/disputes as phones and client programs send it: a town-office user of the county logged in with a
 * session cookie, keep-alive connections, an Idempotency-Key per request. The client runs in its own process
 * (bench/http-client.js), so the CPU reported is the server's alone; both still share this machine's cores.
 */
async function httpIntake(database: Database, cipher: Cipher, countyCode: string, input: (i: number) => z.input<typeof DisputeCreate>, n: number, concurrency: number, stamp: string) {
  const username = `bench_http_${stamp}`;
  await createUser(database, { actor: systemActor() }, UserCreate.parse({ username, password: 'Bench12345x', bindings: [{ role: 'town_office', regionCode: countyCode, unitId: null }] }));
  const app = await buildApp({ database, cipher });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  try {
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Bench12345x' }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const total = n + Math.ceil(n / 10);
    const bodies = Array.from({ length: total }, (_, i) => input(100_000 + i));
    const arg = JSON.stringify({ port, cookie, bodies, concurrency, keyPrefix: `http-${stamp}` });
    // BENCH_CPU_PROFILE=file.cpuprofile: where the server's time goes during the HTTP run (open in Chrome DevTools)
    const profiler = process.env.BENCH_CPU_PROFILE ? new inspector.Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    const cpu0 = process.cpuUsage();
    const machine0 = cpuTimes();
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [fileURLToPath(new URL('./http-client.js', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
      child.stdin.end(arg);
      let text = '';
      child.stdout.on('data', (c) => (text += c));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`http client exit ${code}`))));
    });
    const cpu = process.cpuUsage(cpu0);
    const machine = cpuShare(machine0, cpuTimes());
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      fs.writeFileSync(process.env.BENCH_CPU_PROFILE!, JSON.stringify(profile));
      profiler.disconnect();
    }
    const r = JSON.parse(out) as { n: number; perSec: number; errors: number; firstError: string | null; clientCpuMs: number };
    if (r.firstError) console.error(`http intake: ${r.errors} errors, first: ${r.firstError}`);
    return { perSec: r.perSec, errors: r.errors, cpuMs: (cpu.user + cpu.system) / 1000 / total, clientCpuMs: r.clientCpuMs, machine };
  } finally {
    await app.close();
  }
}

// run alone: node --import tsx bench/disputes.ts
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { createDb } = await import('../server/db/client.ts');
  const url = process.env.BENCH_PG_URL;
  let database: Database;
  let cleanup: () => Promise<void>;
  if (url) {
    const pg = (await import('pg')).default;
    // BENCH_KEEP=1 keeps (and reuses) the database between runs
    const keep = process.env.BENCH_KEEP === '1';
    const name = keep ? 'wusong_bench_disputes_keep' : `wusong_bench_disputes_${Date.now()}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount;
    if (!exists) await admin.query(`create database ${name}`);
    await admin.end();
    process.env.BENCH_SKIP_GENERATE = exists ? '1' : '';
    const u = new URL(url);
    u.pathname = `/${name}`;
    database = await createDb({ databaseUrl: u.toString(), poolSize: 10 });
    cleanup = async () => {
      await database.close();
      if (keep) return;
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wusong-bench-disputes-'));
    database = await createDb({ dataDir: dir, lock: false });
    cleanup = async () => {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    const count = process.env.BENCH_DISPUTES ? Number(process.env.BENCH_DISPUTES) : undefined;
    const res = await benchDisputes(database, { count, skipGenerate: process.env.BENCH_SKIP_GENERATE === '1' });
    console.log(JSON.stringify(res, null, 2));
  } finally {
    await cleanup();
  }
}
