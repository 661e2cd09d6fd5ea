/**
 * Importing a bundle (SPEC §9). All-or-nothing and idempotent:
 *  1. every file is read (streamed), each row parsed, derived (codes checked, addresses matched) and
 *     compared with the stored row of the same key — add, update, unchanged or reject;
 *  2. rows to add or update are staged in batches (short statements: on the embedded engine other
 *     requests are answered in between);
 *  3. when no row was rejected and this is not a dry run, one short transaction writes the staged rows,
 *     checks nobody changed them meanwhile (versions), and appends the audit trail.
 * Unchanged rows are never written, so the same bundle twice writes nothing.
 */
import { sql } from 'drizzle-orm';
import {
  bundleFile,
  columnTitle,
  isExampleRow,
  parseRow,
  resolveHeader,
  type BundleFile,
  type HeaderMap,
  type ImportChange,
  type ImportFileReport,
  type ImportProblem,
  type ImportReport,
  type RowValues,
} from '../../../core/bundle-format.ts';
import type { Database } from '../../db/client.ts';
import { holding } from '../../db/busy.ts';
import type { Cipher } from '../../secret.ts';
import { can } from '../auth/actor.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { importRegionContext } from '../outside-data/region-context.ts';
import { todayShanghai } from '../../../core/dates.ts';
import { applyStaged, changedProps, ImportConflict, KEY_SEP, loadByKeys, newId, tableMeta, toStaged, type ExportEnv, type FileHandler, type ImportEnv, type PendingRow } from '../../bundle-handler.ts';
import { configuredFiles } from './choices.ts';
import { HANDLERS } from './handlers.ts';
import { SourceError, type BundleSource, type SheetSource } from './sources.ts';

export type { ImportReport };
export type Problem = ImportProblem;
export type FileReport = ImportFileReport;
type ChangeEntry = ImportChange;

export interface ImportOptions {
  dryRun: boolean;
  cipher: Cipher;
  jobId?: string;
  /** shown in the audit entry (folder, workbook or upload names) */
  sourceLabel?: string;
  batchSize?: number;
  maxErrors?: number;
  maxWarnings?: number;
  maxChanges?: number;
  onProgress?: (done: number, total: number) => void | Promise<void>;
  /** let other work run between batches (the web server on the embedded engine) */
  yieldBetweenBatches?: boolean;
}

const pause = () => new Promise<void>((r) => setImmediate(r));

export async function importBundle(database: Database, ctx: CommandContext, source: BundleSource, opts: ImportOptions): Promise<ImportReport> {
  const jobId = opts.jobId ?? newId();
  const batchSize = opts.batchSize ?? 2000;
  const maxErrors = opts.maxErrors ?? Number.POSITIVE_INFINITY;
  const maxWarnings = opts.maxWarnings ?? 5000;
  const maxChanges = opts.maxChanges ?? 1000;
  const env: ImportEnv = {
    database,
    actor: ctx.actor,
    rc: await importRegionContext(database, ctx.actor),
    cipher: opts.cipher,
    state: new Map(),
    today: todayShanghai(),
  };
  const fullEnv: ExportEnv = { database, actor: ctx.actor, cipher: opts.cipher, revealIds: true };
  const report: ImportReport = {
    ok: false,
    dryRun: opts.dryRun,
    committed: false,
    files: [],
    totals: { add: 0, update: 0, unchanged: 0, reject: 0 },
    errors: [],
    errorCount: 0,
    warnings: [],
    warningCount: 0,
    changes: [],
    changeCount: 0,
  };
  const error = (p: Problem) => {
    report.errorCount++;
    if (report.errors.length < maxErrors) report.errors.push(p);
  };
  const warn = (p: Problem) => {
    report.warningCount++;
    if (report.warnings.length < maxWarnings) report.warnings.push(p);
  };
  for (const e of source.errors) error({ file: null, source: e.source, row: null, column: null, columnLabel: null, reason: e.reason });
  for (const w of source.warnings) warn({ file: null, source: w.source, row: null, column: null, columnLabel: null, reason: w.reason });

  // a batch's staged rows are written while the next batch is read and checked (one write in flight)
  let pendingStage: Promise<unknown> = Promise.resolve();
  const stage = async (file: string, rows: unknown[]) => {
    await pendingStage;
    stagedAny = true;
    const p = database.query(
      `insert into import_staging (job_id, file, row_no, key, action, version, town_code, data, before)
       select $1, $2, (x->>'r')::int, x->>'k', x->>'a', (x->>'v')::int, x->>'t', x->'d', x->'b' from jsonb_array_elements($3::jsonb) as x`,
      [jobId, file, JSON.stringify(rows)],
    );
    p.catch(() => {}); // its failure surfaces where it is awaited: the next stage() or before the commit
    pendingStage = p;
  };

  const total = source.sheets.reduce((s, x) => s + x.size, 0) || 1;
  let doneBefore = 0;
  let staging = !opts.dryRun;
  let stagedAny = false;
  const processed: FileHandler[] = [];

  const progress = async (sheet: SheetSource | null) => {
    if (opts.onProgress) await opts.onProgress(Math.min(total, doneBefore + (sheet ? sheet.done() : 0)), total);
    if (opts.yieldBetweenBatches) await pause();
  };

  const configured = new Map((await configuredFiles(database.db, source.sheets.map((s) => s.file))).map((f) => [f.name, f]));
  async function importSheet(sheet: SheetSource) {
    const file: BundleFile = configured.get(sheet.file.name) ?? sheet.file;
    const h = HANDLERS[file.name];
    const fr: FileReport = { file: file.name, label: file.label, source: sheet.source, rows: 0, add: 0, update: 0, unchanged: 0, reject: 0, skipped: 0 };
    report.files.push(fr);
    const problem = (row: number | null, column: string | null, reason: string): Problem => ({
      file: file.name,
      source: sheet.source,
      row,
      column,
      columnLabel: column ? (file.columns.find((c) => c.key === column)?.label ?? null) : null,
      reason,
    });
    if (!h) {
      error(problem(null, null, '暂不支持导入此文件'));
      return;
    }
    if (!can(env.actor, h.permission)) {
      error(problem(null, null, `无权导入“${file.label}”（${file.name}）`));
      return;
    }
    processed.push(h);
    const rejectRow = (rowNo: number, errs: { column: string; reason: string }[]) => {
      fr.reject++;
      report.totals.reject++;
      staging = false;
      for (const e of errs) error(problem(rowNo, e.column, e.reason));
    };

    let header: HeaderMap | null = null;
    const seen = new Map<string, number>();
    const whole: PendingRow[] | null = h.sortRows || h.deriveGroup ? [] : null;
    let batch: PendingRow[] = [];
    const keyTitle = h.keyProps.length ? file.key.map((k) => columnTitle(file, k)).join('+') : '';
    const outOfScope = (key: string) => ({ column: file.key[0], reason: `不在您的管辖范围内（${keyTitle}：${key.split(KEY_SEP).join(' + ')}）` });

    const processBatch = async (rows: PendingRow[]) => {
      if (rows.length === 0) return;
      const existing = h.keyProps.length ? await loadByKeys<Record<string, unknown>>(database, h, rows.map((r) => r.key)) : new Map();
      const staged: unknown[] = [];
      const m = tableMeta(h.table);
      for (const r of rows) {
        const ex = existing.get(r.key);
        // another town's record: refused before anything of it (stored values, derive messages) reaches the report;
        // a row the actor's own export writes as context (h.context: the regions above a town, the city's
        // benchmarks) is accepted when it comes back unchanged, and refused the same way otherwise
        const context = !!ex && !h.writable(ex, env);
        if (context && !h.context?.(ex, env)) {
          rejectRow(r.rowNo, [outOfScope(r.key)]);
          continue;
        }
        let values: RowValues = r.values;
        if (ex && header && header.present.size < file.columns.length) {
          // columns the file leaves out keep their stored values
          const b = h.toBundle(ex, fullEnv);
          values = { ...values };
          for (const c of file.columns) if (!header.present.has(c.key)) values[c.key] = b[c.key] ?? null;
        }
        const d = await h.derive(values, env, ex);
        if (context) {
          if (d.errors.length || !d.row || changedProps(h, ex, d.row).length) rejectRow(r.rowNo, [outOfScope(r.key)]);
          else {
            h.afterDerive?.(d.row, env);
            fr.unchanged++;
            report.totals.unchanged++;
          }
          continue;
        }
        if (d.errors.length || !d.row) {
          rejectRow(r.rowNo, d.errors.length ? d.errors : [{ column: file.key[0] ?? file.columns[0].key, reason: '无法导入' }]);
          continue;
        }
        // the new values must keep the row in scope too (derive checks its codes; this holds for every file)
        if (!h.writable(d.row, env)) {
          rejectRow(r.rowNo, [outOfScope(r.key)]);
          continue;
        }
        for (const w of d.warnings) warn(problem(r.rowNo, w.column, w.reason));
        h.afterDerive?.(d.row, env);
        let action: 'add' | 'update' | null;
        let fields: ChangeEntry['fields'];
        if (ex) {
          const changed = changedProps(h, ex, d.row);
          if (changed.length === 0) {
            fr.unchanged++;
            report.totals.unchanged++;
            action = null;
          } else {
            action = 'update';
            fields = changed.map((p) => ({ column: m.colName(p), before: ex[p] ?? null, after: d.row![p] ?? null }));
          }
        } else action = 'add';
        if (!action) continue;
        if (action === 'add') {
          fr.add++;
          report.totals.add++;
        } else {
          fr.update++;
          report.totals.update++;
        }
        report.changeCount++;
        if (report.changes.length < maxChanges) report.changes.push({ file: file.name, row: r.rowNo, key: r.key, action, fields });
        if (staging) {
          const before = ex ? toStaged(h.table, Object.fromEntries(h.compare.map((p) => [p, ex[p] ?? null]))) : null;
          staged.push({
            r: r.rowNo,
            k: r.key,
            a: action,
            v: ex && m.hasVersion ? ex.version : null,
            t: h.townOf(d.row) ?? (ex ? h.townOf(ex) : null),
            d: toStaged(h.table, d.row, d.extra),
            b: before,
          });
        }
      }
      if (staging && staged.length) await stage(file.name, staged);
      await progress(sheet);
    };

    const processGroups = async (rows: PendingRow[]) => {
      const results = await h.deriveGroup!(rows, env);
      const staged: unknown[] = [];
      for (const g of results) {
        const byRow = new Map<number, { column: string; reason: string }[]>();
        for (const e of g.errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), { column: e.column, reason: e.reason }]);
        for (const [rowNo, errs] of byRow) rejectRow(rowNo, errs);
        for (const w of g.warnings) warn(problem(w.row, w.column, w.reason));
        if (g.errors.length) continue;
        const n = g.rows.length;
        if (!g.action) {
          fr.unchanged += n;
          report.totals.unchanged += n;
          continue;
        }
        fr[g.action] += n;
        report.totals[g.action] += n;
        report.changeCount++;
        if (report.changes.length < maxChanges) report.changes.push({ file: file.name, row: g.rows[0], key: g.key, action: g.action });
        if (staging) staged.push({ r: g.rows[0], k: g.key, a: 'replace', v: null, t: g.townCode ?? null, d: g.data ?? {}, b: g.before ?? null });
      }
      for (let i = 0; staging && i < staged.length; i += batchSize) await stage(file.name, staged.slice(i, i + batchSize));
      await progress(sheet);
    };

    try {
      for await (const { rowNo, cells } of sheet.rows()) {
        if (!header) {
          header = resolveHeader(file, cells);
          for (const w of header.warnings) warn(problem(1, w.column, w.reason));
          for (const e of header.errors) error(problem(1, e.column, e.reason));
          if (rowNo !== 1) warn(problem(rowNo, null, `第1行为空，以第${rowNo}行作为表头`));
          if (header.errors.length) {
            staging = false;
            break;
          }
          continue;
        }
        const parsed = parseRow(file, header, cells);
        if (parsed.blank) {
          fr.skipped++;
          continue;
        }
        fr.rows++;
        if (parsed.errors.length) {
          rejectRow(rowNo, parsed.errors);
          continue;
        }
        // the example row of our .xlsx templates, left in place
        if (sheet.template && rowNo === 2 && isExampleRow(file, parsed.values)) {
          fr.rows--;
          fr.skipped++;
          warn(problem(rowNo, null, '与模板示例行相同，已跳过'));
          continue;
        }
        const key = h.keyOf(parsed.values);
        if (key === null) {
          rejectRow(rowNo, [{ column: file.key[0], reason: '缺少编号' }]);
          continue;
        }
        if (h.keyProps.length) {
          const first = seen.get(key);
          if (first !== undefined) {
            rejectRow(rowNo, [{ column: file.key[file.key.length - 1], reason: `与第${first}行重复（${keyTitle}：${key.split(KEY_SEP).join(' + ')}）` }]);
            continue;
          }
          seen.set(key, rowNo);
        }
        const pending = { rowNo, values: parsed.values, key };
        if (whole) whole.push(pending);
        else {
          batch.push(pending);
          if (batch.length >= batchSize) {
            const b = batch;
            batch = [];
            await processBatch(b);
          }
        }
      }
      if (!header) error(problem(null, null, '文件为空（没有表头行）'));
      if (whole && h.deriveGroup) {
        await processGroups(whole);
      } else if (whole && h.sortRows) {
        const sorted = h.sortRows(whole);
        for (let i = 0; i < sorted.length; i += batchSize) await processBatch(sorted.slice(i, i + batchSize));
      } else await processBatch(batch);
    } catch (e) {
      if (e instanceof SourceError) {
        staging = false;
        error(problem(null, null, e.message));
      } else throw e;
    }
    doneBefore += sheet.size;
    await progress(null);
  }

  let committed = false;
  try {
    for (const sheet of source.sheets) await importSheet(sheet);
    await pendingStage;
    report.ok = report.errorCount === 0;
    if (!report.ok || opts.dryRun || report.totals.add + report.totals.update === 0) return report;
    // one transaction; on the embedded engine it holds the database, and health answers from the mark
    await holding(database, 'import', () => database.db.transaction(async (tx) => {
      const summary: { file: string; added: number; updated: number }[] = [];
      for (const h of processed) {
        const actx = { actor: env.actor, requestId: ctx.requestId ?? null, handler: h, slice: database.engine === 'postgres' ? null : undefined };
        const counts = h.apply ? await h.apply(tx, jobId, actx) : await applyStaged(tx, jobId, actx);
        await h.afterApply?.(tx, jobId, actx);
        if (counts.added || counts.updated) summary.push({ file: h.name, added: counts.added, updated: counts.updated });
      }
      await writeAudit(tx, ctx, { action: 'exchange.import', entity: 'exchange', entityId: jobId, after: { source: opts.sourceLabel ?? null, files: summary } });
      await tx.execute(sqlDeleteStaging(jobId));
    }));
    committed = true;
    report.committed = true;
    return report;
  } catch (e) {
    if (e instanceof ImportConflict) {
      report.ok = false;
      error({ file: null, source: null, row: null, column: null, columnLabel: null, reason: e.message });
      return report;
    }
    throw e;
  } finally {
    await pendingStage.catch(() => {});
    if (!committed && stagedAny) await database.query(`delete from import_staging where job_id = $1`, [jobId]).catch(() => {});
  }
}

const sqlDeleteStaging = (jobId: string) => sql`delete from import_staging where job_id = ${jobId}`;

/** One line per problem: “court_cases.csv 第12行 立案日期（filed_on）：日期无效”. */
export function formatProblem(p: Problem): string {
  const where = [p.source ?? p.file ?? '', p.row ? `第${p.row}行` : '', p.column ? (p.columnLabel ? `${p.columnLabel}（${p.column}）` : p.column) : '']
    .filter(Boolean)
    .join(' ');
  return where ? `${where}：${p.reason}` : p.reason;
}

export function formatSummary(f: FileReport): string {
  return `${f.file}（${f.label}）：新增 ${f.add}，更新 ${f.update}，未变 ${f.unchanged}，拒绝 ${f.reject}${f.skipped ? `，跳过空行 ${f.skipped}` : ''}`;
}

export { bundleFile };
