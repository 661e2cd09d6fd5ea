import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fillPlaceholders, sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import * as schema from './schema/index.ts';
import { acquireLock, type DataLock } from './lock.ts';

export type Schema = typeof schema;
/** Both engines expose the same drizzle API; the node-postgres type stands for both. */
export type Db = NodePgDatabase<Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;
export type Engine = 'embedded' | 'postgres';

export interface Database {
  db: Db;
  engine: Engine;
  /** embedded only: the data folder (the health check watches its free space) */
  dataDir?: string;
  /** raw SQL with parameters ($1…); rows typed by the caller — cast numbers explicitly (::int) */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * A statement run very often (the intake), built once (`statement`) and run with its placeholders' values:
   * on PostgreSQL it is parsed and planned once per connection (a named prepared statement); embedded it runs
   * as a plain query. Rows come back raw (snake_case columns, timestamps as Date or text).
   */
  prepared<T = Record<string, unknown>>(st: Statement, values: Record<string, unknown>): Promise<T[]>;
  /**
   * PostgreSQL only: calls `onMessage` on every NOTIFY of `channel` from any instance (a dedicated connection,
   * re-established when lost; `onMessage` is also called then, since messages may have been missed). Returns
   * the function that stops listening. The embedded engine has one process, so it has nothing to listen to.
   */
  listen?(channel: string, onMessage: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const dialect = new PgDialect();

/** A statement's text, built once from drizzle SQL whose values are placeholders (`sql.placeholder('name')`). */
export interface Statement {
  name: string;
  text: string;
  params: unknown[];
}

/** How a statement refers to one of its values: `value(name, type)` (`type` a PostgreSQL type: text, date, text[]…). */
export type ValueRef = (name: string, type: string) => SQL;

/**
 * A value of a statement prepared once, as the planner must see it where it decides a plan (conditions):
 * opaque, read through `(select $n::type)`. A custom plan then knows no more than the generic one, so
 * PostgreSQL keeps the generic plan (planned once per connection) instead of planning every execution anew.
 */
// (the cast outside makes `any(…)` read an array, not a subquery's rows)
export const opaquePlaceholder: ValueRef = (name, type) => sql`(select ${sql.placeholder(name)}::${sql.raw(type)})::${sql.raw(type)}`;

/** The same condition run directly, with these values. */
export const directValues =
  (values: Record<string, unknown>): ValueRef =>
  (name, type) =>
    sql`${values[name]}::${sql.raw(type)}`;

export function statement(query: SQL): Statement {
  const q = dialect.sqlToQuery(query);
  return { name: `w_${crypto.createHash('sha1').update(q.sql).digest('hex').slice(0, 24)}`, text: q.sql, params: q.params };
}

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');

export interface CreateDbOptions {
  databaseUrl?: string | null;
  dataDir?: string;
  /** embedded only: hold the folder lock (off for tests that copy a template folder they own) */
  lock?: boolean;
  migrate?: boolean;
  poolSize?: number;
}

export async function createDb(opts: CreateDbOptions): Promise<Database> {
  const database = opts.databaseUrl ? await createPostgres(opts.databaseUrl, opts.poolSize) : await createEmbedded(opts);
  if (opts.migrate !== false) await runMigrations(database);
  return database;
}

async function createPostgres(url: string, poolSize = 10): Promise<Database> {
  const { default: pg } = await import('pg');
  // dates stay 'YYYY-MM-DD' strings, bigint counts become numbers (the embedded engine behaves the same way)
  pg.types.setTypeParser(1082, (v: string) => v);
  pg.types.setTypeParser(20, (v: string) => Number(v));
  pg.types.setTypeParser(1700, (v: string) => v);
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {});
  const db = drizzle({ client: pool, schema }) as Db;
  return {
    db,
    engine: 'postgres',
    async query(text, params) {
      const r = await pool.query(text, params as unknown[]);
      return r.rows;
    },
    async prepared(st, values) {
      const r = await pool.query({ name: st.name, text: st.text, values: fillPlaceholders(st.params, values) });
      return r.rows;
    },
    async listen(channel, onMessage) {
      let client: InstanceType<typeof pg.Client> | null = null;
      let stopped = false;
      let retry: NodeJS.Timeout | null = null;
      const again = () => {
        if (stopped) return;
        retry = setTimeout(() => void connect(), 1000);
        retry.unref();
      };
      // never throws: a database out of reach at start is retried every second (meanwhile the cache's TTL holds)
      const connect = async (): Promise<void> => {
        const c = new pg.Client({ connectionString: url });
        c.on('notification', (n) => n.channel === channel && onMessage());
        c.on('error', () => {
          if (client !== c) return;
          client = null;
          void c.end().catch(() => {});
          again();
        });
        try {
          await c.connect();
          await c.query(`listen ${channel}`);
        } catch {
          void c.end().catch(() => {});
          again();
          return;
        }
        if (stopped) {
          await c.end().catch(() => {});
          return;
        }
        client = c;
        onMessage();
      };
      await connect();
      return async () => {
        stopped = true;
        if (retry) clearTimeout(retry);
        await client?.end().catch(() => {});
      };
    },
    async close() {
      await pool.end();
    },
  };
}

async function createEmbedded(opts: CreateDbOptions): Promise<Database> {
  const dataDir = path.resolve(opts.dataDir ?? './data');
  const dbDir = path.join(dataDir, 'pgdata');
  // the database files are readable by the service's user only
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
  let lock: DataLock | null = null;
  if (opts.lock !== false) lock = acquireLock(dataDir);
  try {
    const { PGlite, types } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    const client = await PGlite.create({
      dataDir: dbDir,
      parsers: {
        [types.DATE]: (v: string) => v,
        [types.INT8]: (v: string) => Number(v),
        [types.NUMERIC]: (v: string) => v,
      },
    });
    const db = drizzle({ client, schema }) as unknown as Db;
    let closed = false;
    return {
      db,
      engine: 'embedded',
      dataDir,
      async query<T>(text: string, params?: unknown[]) {
        const r = await client.query<T>(text, params);
        return r.rows;
      },
      async prepared<T>(st: Statement, values: Record<string, unknown>) {
        const r = await client.query<T>(st.text, fillPlaceholders(st.params, values));
        return r.rows;
      },
      async close() {
        if (closed) return;
        closed = true;
        try {
          await client.query('CHECKPOINT');
        } catch {
          /* closing anyway */
        }
        await client.close();
        lock?.release();
      },
    };
  } catch (e) {
    lock?.release();
    throw e;
  }
}

export async function runMigrations(database: Database): Promise<void> {
  if (database.engine === 'postgres') {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    // several instances may start together: one migrates, the others wait
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(7215533)`);
      await migrate(tx as unknown as Db, { migrationsFolder: MIGRATIONS_DIR });
    });
  } else {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    // the embedded engine's drizzle object is a PGlite one (typed as node-postgres for both engines)
    await migrate(database.db as unknown as PgliteDatabase<Schema>, { migrationsFolder: MIGRATIONS_DIR });
  }
}
