/**
 * `npm run bench` — data generator and scenarios at township, county and province size.
 *
 *   npm run bench                               county size, embedded and PostgreSQL, every scenario
 *   npm run bench -- --size township            a single town
 *   npm run bench -- --size province --engine postgres   (opt-in; PostgreSQL only; never in CI)
 *   npm run bench -- --scenario auth,evaluation
 *
 * PostgreSQL comes from BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres); each
 * scenario gets a fresh temporary database (created and dropped). Prints times and ratios.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDb, type Database } from '../server/db/client.ts';
import { generateTree, SIZES, type Size } from './generate.ts';
import { benchAuth } from './auth.ts';
import { benchEvaluation, PROVINCE_VOLUMES } from './evaluation.ts';
import { benchImport } from './import.ts';
import { benchDisputes } from './disputes.ts';
import { benchCockpit } from './cockpit.ts';
import { benchSimilar } from './similar.ts';
import { benchPhone } from './phone.ts';

type Engine = 'embedded' | 'postgres';
interface Scenario {
  name: string;
  run(database: Database, size: Size, log: (s: string) => void): Promise<unknown>;
}

const scenarios: Scenario[] = [
  {
    name: 'auth',
    async run(database, size, log) {
      const t0 = performance.now();
      const tree = await generateTree(database, size, [2024, 2025]);
      log(`generated ${tree.townCodes.length} towns, ${tree.villageCodes.length} villages in ${Math.round(performance.now() - t0)} ms`);
      return benchAuth(database, { townCode: tree.townCodes[0] });
    },
  },
  {
    name: 'evaluation',
    async run(database, size, log) {
      const s = SIZES[size];
      return benchEvaluation(database, { counties: s.counties, towns: s.towns, villagesPerTown: s.villages, log, ...(size === 'township' ? { courtCases: 5000, prelitigation: 1000, disputes: 3000 } : size === 'province' ? { ...PROVINCE_VOLUMES, runs: 3 } : {}) });
    },
  },
  {
    name: 'cockpit',
    async run(database, size, log) {
      const s = SIZES[size];
      return benchCockpit(database, { counties: s.counties, towns: s.towns, villagesPerTown: s.villages, log, ...(size === 'province' ? PROVINCE_VOLUMES : {}) });
    },
  },
  { name: 'disputes', run: (database, size, log) => benchDisputes(database, { count: size === 'township' ? 20_000 : 300_000, log }) },
  { name: 'similar', run: (database, size, log) => benchSimilar(database, { count: size === 'township' ? 20_000 : 300_000, log }) },
  { name: 'import', run: (database, size, log) => benchImport(database, { rows: size === 'township' ? 20_000 : 100_000, log }) },
  // the web on a township's phone (issue 18.2): a small tree whatever the size; the browser, not the engine, is measured
  { name: 'phone', run: (database, _size, log) => (database.engine === 'embedded' ? benchPhone(database, { log }) : Promise.resolve({ skipped: 'measured once, on the embedded engine' })) },
];

const pgUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function freshDb(engine: Engine): Promise<{ database: Database; drop(): Promise<void> }> {
  if (engine === 'embedded') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wusong-bench-'));
    const database = await createDb({ dataDir: dir, lock: false });
    return {
      database,
      async drop() {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `wusong_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(pgUrl);
  u.pathname = `/${name}`;
  const database = await createDb({ databaseUrl: u.toString(), poolSize: 10 });
  return {
    database,
    async drop() {
      await database.close();
      const a = new pg.Client({ connectionString: pgUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

async function main() {
  const { values } = parseArgs({
    options: { size: { type: 'string', default: 'county' }, engine: { type: 'string' }, scenario: { type: 'string' } },
  });
  const size = values.size as Size;
  if (!(size in SIZES)) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
  if (size === 'province' && values.engine !== 'postgres') throw new Error('province size runs on PostgreSQL only: add --engine postgres');
  const engines: Engine[] = values.engine ? [values.engine as Engine] : ['embedded', 'postgres'];
  const wanted = values.scenario ? values.scenario.split(',') : scenarios.map((s) => s.name);
  console.log(`wusong bench — size ${size} (${JSON.stringify(SIZES[size])}), engines ${engines.join(', ')}, ${os.cpus().length} cores`);
  for (const engine of engines) {
    for (const sc of scenarios.filter((s) => wanted.includes(s.name))) {
      const { database, drop } = await freshDb(engine);
      const log = (s: string) => console.log(`  [${engine}/${sc.name}] ${s}`);
      try {
        const t0 = performance.now();
        const result = await sc.run(database, size, log);
        console.log(`${engine.padEnd(8)} ${sc.name.padEnd(12)} ${JSON.stringify(result)}  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (e) {
        console.log(`${engine.padEnd(8)} ${sc.name.padEnd(12)} FAILED: ${(e as Error).message}`);
        process.exitCode = 1;
      } finally {
        await drop();
      }
    }
  }
}

await main();
