import fs from 'node:fs';
import zlib from 'node:zlib';
import readline from 'node:readline';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { is, sql, type SQL } from 'drizzle-orm';
import { PgTable as PgTableClass } from 'drizzle-orm/pg-core';
import * as schema from './schema/index.ts';
import type { Database, DbOrTx } from './client.ts';
import { AppError } from '../errors.ts';

/**
 * Engine-neutral logical backup: gzipped JSON lines, one header then chunks of rows per table
 * (row_to_json out, json_populate_recordset in), so a backup of the embedded engine restores into
 * PostgreSQL and back. Uploaded files (bytea) travel as hex text inside the JSON.
 */
export const BACKUP_FORMAT = 'wusong-backup';
/**
 * Not backed up: the uploaded files of import jobs (people's data outside the records, kept only until
 * the job ends) and the staging rows of running imports. A restore leaves them empty.
 */
const NOT_BACKED_UP = new Set(['import_job_files', 'import_staging']);
const CHUNK = 2000;

function tablesInOrder(): { name: string; pk: string[] }[] {
  const tables = (Object.values(schema) as unknown[]).filter((t): t is PgTable => is(t, PgTableClass));
  const cfgs = tables.map((t) => getTableConfig(t));
  const byName = new Map(cfgs.map((c) => [c.name, c]));
  const out: string[] = [];
  const visit = (name: string, stack: Set<string>) => {
    if (out.includes(name) || stack.has(name)) return;
    stack.add(name);
    const c = byName.get(name)!;
    for (const fk of c.foreignKeys) {
      const ref = getTableConfig(fk.reference().foreignTable).name;
      if (ref !== name) visit(ref, stack);
    }
    out.push(name);
  };
  for (const c of cfgs) visit(c.name, new Set());
  return out.map((name) => {
    const c = byName.get(name)!;
    const pk = c.primaryKeys[0]?.columns.map((col) => col.name) ?? c.columns.filter((col) => col.primary).map((col) => col.name);
    return { name, pk: pk.length ? pk : c.columns.map((col) => col.name) };
  });
}

const q = (id: string) => `"${id.replace(/"/g, '""')}"`;

/** A file only its owner can read (backups, exports): created 0600, tightened if it was there already. */
export function ownerOnlyFile(file: string): fs.WriteStream {
  const fd = fs.openSync(file, 'w', 0o600);
  fs.fchmodSync(fd, 0o600);
  return fs.createWriteStream(file, { fd });
}

/** A folder only its owner can enter (created 0700, tightened if it was there already). */
export function ownerOnlyDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

export async function backup(database: Database, file: string): Promise<{ tables: number; rows: number }> {
  const gz = zlib.createGzip();
  const out = ownerOnlyFile(file);
  gz.pipe(out);
  const write = (obj: unknown) => new Promise<void>((res) => (gz.write(JSON.stringify(obj) + '\n') ? res() : gz.once('drain', res)));
  const migrations = await database.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations').catch(() => [{ n: 0 }]);
  const tables = tablesInOrder().filter((t) => !NOT_BACKED_UP.has(t.name));
  await write({ format: BACKUP_FORMAT, version: 1, createdAt: new Date().toISOString(), engine: database.engine, migrations: migrations[0]?.n ?? 0, tables: tables.map((t) => t.name) });
  let total = 0;
  for (const t of tables) {
    const order = t.pk.map(q).join(', ');
    for (let offset = 0; ; offset += CHUNK) {
      const rows = await database.query<{ j: unknown }>(`select row_to_json(t) as j from ${q(t.name)} t order by ${order} limit ${CHUNK} offset ${offset}`);
      if (rows.length === 0) break;
      await write({ table: t.name, rows: rows.map((r) => (typeof r.j === 'string' ? JSON.parse(r.j) : r.j)) });
      total += rows.length;
      if (rows.length < CHUNK) break;
    }
  }
  await new Promise<void>((res, rej) => {
    out.on('finish', res);
    out.on('error', rej);
    gz.end();
  });
  return { tables: tables.length, rows: total };
}

/** Deletes every row of every table, children before parents (restore --force, demo --force). */
export async function wipeAll(tx: DbOrTx): Promise<void> {
  for (const t of [...tablesInOrder()].reverse()) await tx.execute(sql`delete from ${sql.identifier(t.name)}`);
}

export async function isEmpty(database: Database): Promise<boolean> {
  const rows = await database.query<{ n: number }>(
    `select (select count(*) from regions)::int + (select count(*) from users where username <> 'admin')::int as n`,
  );
  return (rows[0]?.n ?? 0) === 0;
}

export async function restore(database: Database, file: string, opts: { force?: boolean } = {}): Promise<{ tables: number; rows: number }> {
  if (!fs.existsSync(file)) throw new AppError('not_found', 404, `备份文件不存在：${file}`);
  if (!opts.force && !(await isEmpty(database))) throw new AppError('not_empty', 409, '数据库不为空：恢复会覆盖现有数据，请加 --force 确认');
  const tables = tablesInOrder();
  let header: { format?: string; tables?: string[] } | null = null;
  let total = 0;
  await database.db.transaction(async (tx) => {
    const exec = (query: SQL) => tx.execute(query);
    const seqs = await tx.execute<{ tbl: string; col: string; seq: string }>(sql`
      select c.relname as tbl, a.attname as col, pg_get_serial_sequence(quote_ident(c.relname), a.attname) as seq
        from pg_class c join pg_attribute a on a.attrelid = c.oid
       where c.relkind = 'r' and c.relnamespace = 'public'::regnamespace and a.attnum > 0 and not a.attisdropped
         and pg_get_serial_sequence(quote_ident(c.relname), a.attname) is not null`);
    await wipeAll(tx);
    try {
      // created right before iterating: lines emitted before the iterator exists would be lost
      const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()), crlfDelay: Infinity });
      for await (const line of lines) {
        if (!line.trim()) continue;
        const obj = JSON.parse(line);
        if (!header) {
          if (obj.format !== BACKUP_FORMAT) throw new AppError('bad_backup', 422, '不是无讼备份文件');
          header = obj;
          continue;
        }
        if (!tables.some((t) => t.name === obj.table)) continue; // a table this version no longer has
        await exec(sql`insert into ${sql.identifier(obj.table)} select * from json_populate_recordset(null::${sql.identifier(obj.table)}, ${JSON.stringify(obj.rows)}::json)`);
        total += obj.rows.length;
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('bad_backup', 422, `备份文件无法读取：${(e as Error).message}`);
    }
    if (!header) throw new AppError('bad_backup', 422, '备份文件为空');
    // serial columns continue after the restored ids
    for (const r of seqs.rows) {
      await exec(sql`select setval(${r.seq}::regclass, coalesce((select max(${sql.identifier(r.col)}) from ${sql.identifier(r.tbl)}), 0) + 1, false)`);
    }
  });
  return { tables: tables.length, rows: total };
}
