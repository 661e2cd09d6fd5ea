/**
 * Exporting the bundle (SPEC §9): the same files the importer reads, limited to the user's scope.
 * CSV (a folder; UTF-8 with BOM; keys as headings and enum values, for scripts) or one .xlsx workbook
 * (Chinese headings and labels, date cells, for people). Rows are read in pages and written as they
 * come, so memory stays flat. Identity numbers and phones are written in full only when `revealIds`.
 * A CSV cell that a spreadsheet would take for a formula is written with a leading apostrophe.
 */
import path from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import { and, asc, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { BUNDLE_FILES, formatCell, type BundleFile, type BundleFileName, type CellStyle, type RowValues } from '../../../core/bundle-format.ts';
import type { Permission } from '../../../core/roles.ts';
import type { Database } from '../../db/client.ts';
import type { Cipher } from '../../secret.ts';
import { can, requirePermission, type Actor } from '../auth/actor.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { tableMeta, type ExportEnv, type FileHandler } from '../../bundle-handler.ts';
import { configuredFiles } from './choices.ts';
import { HANDLERS } from './handlers.ts';
import { neutraliseFormula } from './sources.ts';
import { maskPhone } from '../../../core/id-number.ts';
import { ownerOnlyDir, ownerOnlyFile } from '../../db/backup.ts';

/** What a user needs to take a file out (beyond `exchange.export`); none = every user (scoped). */
const READ_PERMISSION: Partial<Record<BundleFileName, Permission[]>> = {
  city_benchmarks: ['court.read'],
  court_cases: ['court.read'],
  prelitigation_mediations: ['court.read'],
  platform_disputes: ['court.read'],
  incidents: ['court.read'],
  source_counts: ['court.read'],
  personnel: ['prevention.read', 'personnel.write'],
  checklist: ['prevention.read', 'checklist.write', 'evaluation.read'],
  disputes: ['disputes.read'],
  parties: ['disputes.read'],
};

export function exportableFiles(actor: Actor): BundleFile[] {
  return BUNDLE_FILES.filter((f) => {
    const perms = READ_PERMISSION[f.name];
    return !!HANDLERS[f.name] && (!perms || perms.some((p) => can(actor, p)));
  });
}

const PAGE = 5000;

/**
 * Rows of one file in the actor's scope, page by page, in bundle form. Phones are masked as in the lists
 * unless identity data is revealed (a user who may, and asked to); the importer keeps the stored phone
 * for a masked one.
 */
export async function* bundleRows(env: ExportEnv, h: FileHandler): AsyncGenerator<RowValues[]> {
  for await (const page of handlerRows(env, h)) {
    yield env.revealIds ? page : page.map((r) => (typeof r.phone === 'string' ? { ...r, phone: maskPhone(r.phone) || null } : r));
  }
}

async function* handlerRows(env: ExportEnv, h: FileHandler): AsyncGenerator<RowValues[]> {
  if (h.exportRows) {
    yield* h.exportRows(env);
    return;
  }
  const m = tableMeta(h.table);
  const order = h.keyProps.map((p) => asc(m.columns[p]));
  const scope: SQL = h.scope(env.actor);
  for (let offset = 0; ; offset += PAGE) {
    const rows = (await env.database.db
      .select()
      .from(h.table)
      .where(and(scope))
      .orderBy(...order)
      .limit(PAGE)
      .offset(offset)) as Record<string, unknown>[];
    if (rows.length === 0) break;
    yield rows.map((r) => h.toBundle(r, env));
    if (rows.length < PAGE) break;
  }
}

// ---------------------------------------------------------------------------------------------------
// Writers
// ---------------------------------------------------------------------------------------------------

function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = typeof v === 'string' ? neutraliseFormula(v) : String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function write(out: Writable, s: string): Promise<void> {
  return new Promise((res, rej) => {
    if (out.write(s)) res();
    else {
      out.once('drain', res);
      out.once('error', rej);
    }
  });
}

function end(out: Writable): Promise<void> {
  return new Promise((res, rej) => {
    out.once('finish', res);
    out.once('error', rej);
    out.end();
  });
}

const dateCell = (s: string) => {
  const [y, m, d] = s.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)); // exceljs writes UTC: the wall-clock date, deliberately
};

/** A cell for the .xlsx form: labels, date cells, numbers as numbers, codes as text. */
export function xlsxCell(file: BundleFile, key: string, v: RowValues[string] | undefined, style: CellStyle = 'labels'): ExcelJS.CellValue {
  const c = file.columns.find((x) => x.key === key)!;
  const f = formatCell(c, v ?? null, style);
  if (f === null) return null;
  if (c.type === 'date' && typeof f === 'string') return dateCell(f);
  return f;
}

/**
 * exceljs's streaming writer puts xl/workbook.xml (the sheet names) and its relationships after the sheets, as
 * it learns the sheets only as they come; a reader that reads the zip front to back (exceljs's own streaming
 * reader, and others) then meets sheets it cannot name (issue 15.5). Here the sheets are known before any row,
 * so exceljs's own code writes those two parts first, for the sheets to come, and not again at the end.
 * Without shared strings (as we write) the relationships do not depend on the rows.
 */
function workbookPartFirst(wb: ExcelJS.stream.xlsx.WorkbookWriter, names: string[]) {
  const w = wb as unknown as { _worksheets: unknown[]; useSharedStrings: boolean; addWorkbookRels(): Promise<void>; addWorkbook(): Promise<void> };
  if (w.useSharedStrings) throw new Error('workbookPartFirst: shared strings would change the relationships');
  const real = w._worksheets;
  // the sheets as addWorksheet will number them (1, 2, …); both parts are appended to the zip synchronously
  w._worksheets = [undefined, ...names.map((name, i) => ({ id: i + 1, name, state: 'visible' }))];
  void w.addWorkbookRels();
  void w.addWorkbook();
  w._worksheets = real;
  w.addWorkbookRels = w.addWorkbook = () => Promise.resolve();
}

export interface ExportResult {
  files: { file: BundleFileName; rows: number }[];
}

export type ExportTarget = { kind: 'csv'; dir: string } | { kind: 'xlsx'; file: string } | { kind: 'xlsx-stream'; stream: Writable };

export async function writeBundle(env: ExportEnv, target: ExportTarget, files: BundleFile[]): Promise<ExportResult> {
  const result: ExportResult = { files: [] };
  if (target.kind === 'csv') {
    ownerOnlyDir(target.dir);
    for (const f of files) {
      const out = ownerOnlyFile(path.join(target.dir, `${f.name}.csv`));
      await write(out, '\ufeff' + f.columns.map((c) => csvField(c.key)).join(',') + '\r\n');
      let n = 0;
      for await (const page of bundleRows(env, HANDLERS[f.name])) {
        await write(out, page.map((r) => f.columns.map((c) => csvField(formatCell(c, r[c.key] ?? null, 'keys'))).join(',') + '\r\n').join(''));
        n += page.length;
      }
      await end(out);
      result.files.push({ file: f.name, rows: n });
    }
    return result;
  }
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter(
    { stream: target.kind === 'xlsx' ? ownerOnlyFile(target.file) : target.stream, useStyles: true, useSharedStrings: false },
  );
  wb.creator = 'Wusong 无讼';
  workbookPartFirst(wb, files.map((f) => f.name));
  for (const f of files) {
    const ws = wb.addWorksheet(f.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = f.columns.map((c) => ({ header: c.label, key: c.key, width: Math.max(12, [...c.label].length * 2 + 2), style: c.type === 'date' ? { numFmt: 'yyyy-mm-dd' } : undefined }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    let n = 0;
    for await (const page of bundleRows(env, HANDLERS[f.name])) {
      for (const r of page) ws.addRow(f.columns.map((c) => xlsxCell(f, c.key, r[c.key]))).commit();
      n += page.length;
    }
    ws.commit();
    result.files.push({ file: f.name, rows: n });
  }
  await wb.commit();
  return result;
}

/** Exports and audits (who, which files, how many rows, whether identity numbers were in full). */
export async function exportBundle(
  database: Database,
  ctx: CommandContext,
  target: ExportTarget,
  opts: { cipher: Cipher; revealIds: boolean; files?: BundleFileName[]; label?: string },
): Promise<ExportResult> {
  requirePermission(ctx.actor, 'exchange.export');
  const env: ExportEnv = { database, actor: ctx.actor, cipher: opts.cipher, revealIds: opts.revealIds && ctx.actor.canRevealIdentity };
  let files = await configuredFiles(database.db, exportableFiles(ctx.actor));
  if (opts.files) files = files.filter((f) => opts.files!.includes(f.name));
  const result = await writeBundle(env, target, files);
  await database.db.transaction((tx) =>
    writeAudit(tx, ctx, {
      action: 'exchange.export',
      entity: 'exchange',
      entityId: opts.label ?? null,
      after: { files: result.files, identityNumbers: files.some((f) => f.name === 'parties') ? (env.revealIds ? 'full' : 'masked') : null, phones: env.revealIds ? 'full' : 'masked' },
    }),
  );
  return result;
}

/** The .xlsx bundle as a buffer (web download). */
export async function exportBundleBuffer(database: Database, ctx: CommandContext, opts: { cipher: Cipher; revealIds: boolean; files?: BundleFileName[] }): Promise<Buffer> {
  const pass = new PassThrough();
  const chunks: Buffer[] = [];
  pass.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((res, rej) => {
    pass.on('end', res);
    pass.on('error', rej);
  });
  await exportBundle(database, ctx, { kind: 'xlsx-stream', stream: pass }, { ...opts, label: 'web' });
  await done;
  return Buffer.concat(chunks);
}

