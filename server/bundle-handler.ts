/**
 * What the importer and exporter need to know about one bundle file: how its rows are keyed, loaded,
 * derived (validated, matched), compared and written. The generic writing is here (the kit); each feature's
 * handlers live in its own bundle.ts, listed by server/modules/exchange/handlers.ts.
 */
import crypto from 'node:crypto';
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import { getTableConfig, type PgTable, type PgColumn } from 'drizzle-orm/pg-core';
import type { BundleFileName, CellError, RowValues } from '../core/bundle-format.ts';
import type { Permission } from '../core/roles.ts';
import type { Database, Tx } from './db/client.ts';
import type { Cipher } from './secret.ts';
import type { Actor } from './modules/auth/actor.ts';
import type { RegionContext } from './modules/outside-data/region-context.ts';

/** A stored or derived row (drizzle property names). */
export type Row = Record<string, unknown>;
/** A cell or stored value as text; null stays null. */
export const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
/** The town of a row that carries `townCode`. */
export const townOfRow = (r: Row) => (r.townCode as string | null) ?? null;

export interface ImportEnv {
  database: Database;
  actor: Actor;
  rc: RegionContext;
  cipher: Cipher;
  /** values shared between files of one run (e.g. dispute ids of the bundle, for parties) */
  state: Map<string, unknown>;
  today: string;
}

export interface ExportEnv {
  database: Database;
  actor: Actor;
  /** null where no identity number is written (a form over outside data): numbers then stay masked */
  cipher: Cipher | null;
  /** write identity numbers in full (CLI, or a user who may reveal them) */
  revealIds: boolean;
}

export interface DerivedRow {
  /** the row to store (drizzle property names) */
  row: Record<string, unknown> | null;
  errors: CellError[];
  warnings: CellError[];
  /** extra values kept with the staged row (e.g. village candidates), under keys starting with '_' */
  extra?: Record<string, unknown>;
}

export interface FileHandler<Ex extends Record<string, unknown> = Record<string, unknown>> {
  name: BundleFileName;
  table: PgTable;
  /** audit entity name */
  entity: string;
  permission: Permission;
  /** drizzle property names of the key */
  keyProps: readonly string[];
  /** key of a parsed row (normalised as stored), or null when its key cells are missing */
  keyOf(v: RowValues): string | null;
  /** key of a stored row */
  keyOfRow(r: Ex): string;
  /** read the whole file before deriving, in this order (regions: parents first) */
  sortRows?: (rows: PendingRow[]) => PendingRow[];
  derive(v: RowValues, env: ImportEnv, existing: Ex | undefined): DerivedRow | Promise<DerivedRow>;
  /** properties compared to decide whether a row changed; `same` may normalise (e.g. match status) */
  compare: readonly string[];
  same?: (prop: string, a: unknown, b: unknown) => boolean;
  /** properties written on insert (beyond `compare` and the key) */
  insertExtra?: readonly string[];
  /** the existing row in bundle form (export, and columns a file leaves out on update) */
  toBundle(ex: Ex, env: ExportEnv): RowValues;
  /** scope of a stored row for exports and lists */
  scope(actor: Actor): SQL;
  /**
   * Whether the actor may write this row: `scope` decided in memory, for a stored row (before an update)
   * and for the derived one (where the new values put it). The importer refuses a row failing either, so
   * no file can move another town's record into the actor's town (issue 12).
   */
  writable(row: Ex, env: ImportEnv): boolean;
  /**
   * Whether a stored row the actor may not write is still one their export writes, as context (the regions
   * above a town, the city's benchmarks): such a row coming back unchanged is counted unchanged, not refused.
   */
  context?(row: Ex, env: ImportEnv): boolean;
  /** stored town of a row (audit) */
  townOf(row: Record<string, unknown>): string | null;
  /** called after a row is derived (also unchanged ones), e.g. to make bundle regions known to later files */
  afterDerive?(row: Record<string, unknown>, env: ImportEnv): void;
  /** replaces the generic write (parties) */
  apply?(tx: Tx, jobId: string, ctx: ApplyContext): Promise<ApplyCounts>;
  /** runs after the generic write, inside the same transaction (resolution queue, …) */
  afterApply?(tx: Tx, jobId: string, ctx: ApplyContext): Promise<void>;
  /** replaces derive/compare for files whose rows only make sense together (parties: a dispute's set) */
  deriveGroup?(rows: PendingRow[], env: ImportEnv): Promise<GroupResult[]>;
  /** replaces the generic paged export (parties) */
  exportRows?(env: ExportEnv): AsyncGenerator<RowValues[]>;
  /** order for exports */
  orderBy: readonly string[];
}

/** What a whole-file handler (parties) decides for one group of rows. */
export interface GroupResult {
  key: string;
  rows: number[];
  errors: { row: number; column: string; reason: string }[];
  warnings: { row: number; column: string; reason: string }[];
  action: 'add' | 'update' | null;
  data?: Record<string, unknown>;
  before?: Record<string, unknown> | null;
  townCode?: string | null;
}

export interface PendingRow {
  rowNo: number;
  values: RowValues;
  key: string;
}

export interface ApplyContext {
  actor: Actor;
  requestId: string | null;
  handler: FileHandler;
  /** the staged rows are written in slices of row numbers (the embedded engine), or in one statement (null) */
  slice?: number | null;
}

export interface ApplyCounts {
  added: number;
  updated: number;
}

export const KEY_SEP = '\u001f';

/** A region code in the actor's scope (admins: every code, also none). */
export function regionWritable(env: ImportEnv, code: unknown): boolean {
  if (env.actor.isAdmin) return true;
  return typeof code === 'string' && env.rc.visible(code);
}

// ---------------------------------------------------------------------------------------------------
// Table metadata
// ---------------------------------------------------------------------------------------------------

export interface TableMeta {
  name: string;
  columns: Record<string, PgColumn>;
  /** property → db column name */
  colName(prop: string): string;
  hasVersion: boolean;
  hasUpdatedAt: boolean;
}

const metas = new WeakMap<PgTable, TableMeta>();
export function tableMeta(table: PgTable): TableMeta {
  let m = metas.get(table);
  if (m) return m;
  const cfg = getTableConfig(table);
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  m = {
    name: cfg.name,
    columns,
    colName: (p) => {
      const c = columns[p];
      if (!c) throw new Error(`${cfg.name}: unknown property ${p}`);
      return c.name;
    },
    hasVersion: 'version' in columns,
    hasUpdatedAt: 'updatedAt' in columns,
  };
  metas.set(table, m);
  return m;
}

export const q = (id: string) => `"${id.replace(/"/g, '""')}"`;

/** A drizzle row (property names) as a staged JSON object (db column names); extras keep their `_` keys. */
export function toStaged(table: PgTable, row: Record<string, unknown>, extra?: Record<string, unknown>): Record<string, unknown> {
  const m = tableMeta(table);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (v !== undefined) out[m.colName(k)] = v;
  if (extra) for (const [k, v] of Object.entries(extra)) out[k] = v;
  return out;
}

/** Loads stored rows by key (one query per batch; composite keys through a jsonb parameter). */
export async function loadByKeys<Ex>(database: Database, h: FileHandler, keys: string[]): Promise<Map<string, Ex>> {
  const out = new Map<string, Ex>();
  if (keys.length === 0) return out;
  const m = tableMeta(h.table);
  const cols = h.keyProps.map((p) => m.columns[p]);
  const records = keys.map((k) => {
    const parts = k.split(KEY_SEP);
    const o: Record<string, unknown> = {};
    cols.forEach((c, i) => (o[c.name] = c.getSQLType() === 'integer' ? Number(parts[i]) : parts[i]));
    return o;
  });
  const defs = sql.raw(cols.map((c) => `${q(c.name)} ${c.getSQLType()}`).join(', '));
  const tuple = sql.join(cols.map((c) => sql`${c}`), sql`, `);
  const names = sql.raw(cols.map((c) => `k.${q(c.name)}`).join(', '));
  const rows = await database.db
    .select()
    .from(h.table)
    .where(sql`(${tuple}) in (select ${names} from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as k(${defs}))`);
  for (const r of rows as Record<string, unknown>[]) out.set(h.keyOfRow(r), r as Ex);
  return out;
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b) || typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return String(a) === String(b);
}

/** The properties whose values differ. */
export function changedProps(h: FileHandler, existing: Record<string, unknown>, next: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const p of h.compare) {
    const same = h.same ? h.same(p, existing[p], next[p]) : sameValue(existing[p], next[p]);
    if (!same) out.push(p);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Writing staged rows (inside the final transaction)
// ---------------------------------------------------------------------------------------------------

export async function exec(tx: Tx, text: string, params: unknown[] = []): Promise<{ rows: Record<string, unknown>[]; rowCount: number }> {
  // $n placeholders → drizzle params, so raw SQL runs inside the drizzle transaction on both engines
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) chunks.push(sql.raw(parts[i]));
    else chunks.push(sql`${params[Number(parts[i]) - 1]}`);
  }
  const r = (await tx.execute(sql.join(chunks, sql``))) as unknown as { rows: Record<string, unknown>[]; rowCount?: number | null; affectedRows?: number };
  return { rows: r.rows ?? [], rowCount: Number(r.rowCount ?? r.affectedRows ?? r.rows?.length ?? 0) };
}

export class ImportConflict extends Error {}

/** Generic write of a file's staged rows: updates (version checked), inserts, and the audit trail. */
/** Rows written per statement when a commit inserts staged rows. */
const COMMIT_SLICE = 2000;

export async function applyStaged(tx: Tx, jobId: string, ctx: ApplyContext): Promise<ApplyCounts> {
  const h = ctx.handler;
  const m = tableMeta(h.table);
  const t = q(m.name);
  const keyCols = h.keyProps.map((p) => q(m.colName(p)));
  const setProps = [...new Set(h.compare)].filter((p) => !h.keyProps.includes(p));
  const from = `from import_staging s cross join lateral jsonb_populate_record(null::${t}, s.data) r where s.job_id = $1 and s.file = $2`;

  // audit the updates first (before is the stored row as it was when staged, checked by version below)
  await exec(
    tx,
    `insert into audit_log (actor_id, actor_name, action, entity, entity_id, before, after, request_id, town_code)
     select $3, $4, $5, $6, s.key, s.before, s.data - '_candidates', $7, s.town_code from import_staging s
      where s.job_id = $1 and s.file = $2 and s.action = 'update' order by s.row_no`,
    [jobId, h.name, ctx.actor.userId, ctx.actor.username, `${h.entity}.import_update`, h.entity, ctx.requestId],
  );
  let updated = 0;
  if (setProps.length) {
    const sets = setProps.map((p) => `${q(m.colName(p))} = r.${q(m.colName(p))}`);
    if (m.hasVersion) sets.push(`"version" = ${t}."version" + 1`);
    if (m.hasUpdatedAt) sets.push(`"updated_at" = now()`);
    const keyMatch = keyCols.map((c) => `${t}.${c} = r.${c}`).join(' and ');
    const versionMatch = m.hasVersion ? ` and ${t}."version" = s.version` : '';
    const res = await exec(tx, `update ${t} set ${sets.join(', ')} ${from} and s.action = 'update' and ${keyMatch}${versionMatch}`, [jobId, h.name]);
    const [{ n }] = (await exec(tx, `select count(*)::int as n from import_staging where job_id = $1 and file = $2 and action = 'update'`, [jobId, h.name])).rows as { n: number }[];
    if (res.rowCount !== Number(n)) throw new ImportConflict(`${h.name}：导入期间有记录被他人修改，请重新导入`);
    updated = Number(n);
  }
  const insertProps = [...new Set([...h.keyProps, ...h.compare, ...(h.insertExtra ?? [])])];
  const cols = insertProps.map((p) => q(m.colName(p)));
  let added = 0;
  try {
    // in slices of rows, yielding between them: on the embedded engine a statement runs on the server's own thread,
    // and one 100k-row insert would keep every request (health too) waiting; still one transaction, all or nothing.
    // PostgreSQL answers other requests meanwhile: one statement there.
    const slice = ctx.slice === undefined ? COMMIT_SLICE : ctx.slice;
    const [range] = slice
      ? ((await exec(tx, `select min(row_no)::int as lo, max(row_no)::int as hi from import_staging where job_id = $1 and file = $2 and action = 'add'`, [jobId, h.name]))
          .rows as { lo: number | null; hi: number | null }[])
      : [{ lo: 0, hi: 0 }];
    const step = slice ?? 1;
    for (let lo = range?.lo ?? 1, hi = range?.hi ?? 0; lo <= hi; lo += step) {
      const res = await exec(tx, `insert into ${t} (${cols.join(', ')}) select ${cols.map((c) => `r.${c}`).join(', ')} ${from} and s.action = 'add' and s.row_no between $3 and $4`, [
        jobId,
        h.name,
        slice ? lo : 0,
        slice ? lo + slice - 1 : 2_147_483_647,
      ]);
      added += res.rowCount;
      await new Promise((res) => setImmediate(res));
    }
  } catch (e) {
    const msg = (e as Error).message ?? '';
    if (/duplicate key|unique/i.test(msg)) throw new ImportConflict(`${h.name}：导入期间有人新增了相同编号的记录，请重新导入`);
    throw e;
  }
  if (added > 0) {
    await exec(
      tx,
      `insert into audit_log (actor_id, actor_name, action, entity, entity_id, before, after, request_id, town_code)
       select $3, $4, $5, $6, null, null, jsonb_build_object('file', $2::text, 'added', count(*), 'keys', jsonb_agg(s.key order by s.row_no)), $7, null
         from import_staging s where s.job_id = $1 and s.file = $2 and s.action = 'add'`,
      [jobId, h.name, ctx.actor.userId, ctx.actor.username, `${h.entity}.import_add`, h.entity, ctx.requestId],
    );
  }
  return { added, updated };
}

export const newId = () => crypto.randomUUID();
