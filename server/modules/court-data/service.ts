/**
 * Outside-data records (SPEC §5) entered by form: court cases, pre-litigation mediations, platform
 * disputes, veto incidents, city benchmarks and monthly source counts. One generic command set, driven
 * by the bundle handlers (server/modules/outside-data/bundle.ts), so a form and an import validate,
 * derive (kind from the 案号, address matching) and compare a record the same way.
 */
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { bundleFile, parseCell, type BundleFileName, type RowValues } from '../../../core/bundle-format.ts';
import type { Database, DbOrTx, Tx } from '../../db/client.ts';
import { nextVersion, updateVersioned, type VersionedTable } from '../../db/versioned.ts';
import { courtCases, prelitigationMediations, regions, resolutionQueue } from '../../db/schema/index.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { can, requirePermission, type Actor } from '../auth/actor.ts';
import { resolveScope, scopeCondition } from '../../scope/unit.ts';
import { sqlTextArray } from '../../db/text-array.ts';
import { regionInScope } from '../../scope/region.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { changedProps, KEY_SEP, tableMeta, type FileHandler, type ImportEnv } from '../../bundle-handler.ts';
import { outsideDataBundleHandlers as HANDLERS } from '../outside-data/bundle.ts';
import { learnedAlias, loadRegions, regionContext, type RegionInfo } from '../outside-data/region-context.ts';
import crypto from 'node:crypto';
import { todayShanghai } from '../../../core/dates.ts';
import type { Cipher } from '../../secret.ts';
import { containsText, escapeLike } from '../../db/text-search.ts';
import type { OutsideKind, OutsideRecordInput, OutsideRecordPatch } from '../../../core/schemas/court-data.ts';


/** URL keys join composite keys with '~'. */
export const URL_KEY_SEP = '~';
export const urlKey = (key: string) => key.split(KEY_SEP).join(URL_KEY_SEP);
const storeKey = (url: string) => url.split(URL_KEY_SEP).join(KEY_SEP);

export const WHAT: Record<OutsideKind, string> = {
  court_cases: '法院案件',
  prelitigation_mediations: '诉前调解案件',
  platform_disputes: '平台纠纷',
  incidents: '否决事项',
  city_benchmarks: '全市万人起诉率',
  source_counts: '四源月度数',
};

interface ListSpec {
  date?: PgColumn;
  region?: PgColumn[];
  search?: PgColumn[];
  order: SQL[];
}

function spec(kind: OutsideKind): ListSpec {
  const h = HANDLERS[kind];
  const c = tableMeta(h.table).columns;
  switch (kind) {
    case 'court_cases':
      return { date: c.filedOn, region: [c.defendantRegionCode], search: [c.caseNo, c.defendantAddress], order: [sql`${c.filedOn} desc`, sql`${c.caseNo} asc`] };
    case 'prelitigation_mediations':
      return { date: c.receivedOn, region: [c.defendantRegionCode, c.partyRegionCode], search: [c.caseNo, c.defendantAddress], order: [sql`${c.receivedOn} desc`, sql`${c.caseNo} asc`] };
    case 'platform_disputes':
      return { date: c.acceptedOn, region: [c.unitRegionCode], search: [c.platformNo], order: [sql`${c.acceptedOn} desc`, sql`${c.platformNo} asc`] };
    case 'incidents':
      return { date: c.occurredOn, region: [c.regionCode], search: [c.id, c.description], order: [sql`${c.occurredOn} desc`, sql`${c.id} asc`] };
    case 'city_benchmarks':
      return { order: [sql`${c.year} desc`, sql`${c.cityCode} asc`] };
    case 'source_counts':
      return { region: [c.regionCode], order: [sql`${c.month} desc`, sql`${c.regionCode} asc`, sql`${c.source} asc`] };
  }
}

export interface ListFilter {
  q?: string;
  region?: string;
  from?: string;
  to?: string;
  year?: number;
  matchStatus?: string;
  kind?: string;
  instance?: string;
  result?: string;
  type?: string;
  source?: string;
  month?: string;
  page?: number;
  pageSize?: number;
}

async function conditions(db: DbOrTx, actor: Actor, kind: OutsideKind, f: ListFilter): Promise<SQL> {
  const h = HANDLERS[kind];
  const c = tableMeta(h.table).columns;
  const s = spec(kind);
  const conds: SQL[] = [h.scope(actor)];
  if (f.q && s.search) {
    conds.push(containsText(s.search, f.q.trim()));
  }
  if (f.region && s.region) {
    const [r] = await db.select({ path: regions.path }).from(regions).where(eq(regions.code, f.region));
    if (!r) conds.push(sql`false`);
    else conds.push(sql`(${sql.join(s.region.map((col) => sql`${col} in (select code from regions where path like ${escapeLike(r.path) + '%'})`), sql` or `)})`);
  }
  if (s.date && f.from) conds.push(sql`${s.date} >= ${f.from}`);
  if (s.date && f.to) conds.push(sql`${s.date} <= ${f.to}`);
  if (f.year !== undefined) {
    if (s.date) conds.push(sql`${s.date} >= ${`${f.year}-01-01`} and ${s.date} <= ${`${f.year}-12-31`}`);
    else if (c.year) conds.push(sql`${c.year} = ${f.year}`);
    else if (c.month) conds.push(sql`${c.month} like ${`${f.year}-%`}`);
  }
  if (f.matchStatus && c.matchStatus) conds.push(sql`${c.matchStatus} = any(string_to_array(${f.matchStatus}, ','))`);
  if (f.kind && c.kind) conds.push(eq(c.kind, f.kind));
  if (f.instance && c.instance) conds.push(eq(c.instance, f.instance));
  if (f.result && c.result) conds.push(eq(c.result, f.result));
  if (f.type && c.type) conds.push(eq(c.type, f.type));
  if (f.source && c.source) conds.push(eq(c.source, f.source));
  if (f.month && c.month) conds.push(eq(c.month, f.month));
  return and(...conds)!;
}

export async function listRecords(db: DbOrTx, actor: Actor, kind: OutsideKind, f: ListFilter, opts: { all?: boolean; limit?: number } = {}) {
  requirePermission(actor, 'court.read');
  const h = HANDLERS[kind];
  const where = await conditions(db, actor, kind, f);
  const pageSize = opts.all ? (opts.limit ?? 50_000) : Math.min(100, Math.max(1, f.pageSize ?? 20));
  const page = opts.all ? 1 : Math.max(1, f.page ?? 1);
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(h.table).where(where);
  const rows = (await db
    .select()
    .from(h.table)
    .where(where)
    .orderBy(...spec(kind).order)
    .limit(pageSize)
    .offset((page - 1) * pageSize)) as Record<string, unknown>[];
  if (kind === 'prelitigation_mediations') await withLinkedDisputes(db, actor, rows);
  return { rows, total: Number(n) };
}

/**
 * A pre-litigation case and the dispute whose pre-litigation stage recorded its number (issue 13.11): the
 * dispute's id and number go on each row, when the user may see that dispute.
 */
async function withLinkedDisputes(db: DbOrTx, actor: Actor, rows: Record<string, unknown>[]): Promise<void> {
  for (const r of rows) Object.assign(r, { disputeId: null, disputeNumber: null });
  if (!rows.length || !can(actor, 'disputes.read')) return;
  const scope = await resolveScope(db, actor);
  const found = await db.execute<{ case_no: string; id: string; number: string }>(sql`
    select distinct on (st.court_case_no) st.court_case_no as case_no, d.id, d.number
      from dispute_stages st join disputes d on d.id = st.dispute_id
     where st.court_case_no = any(${sqlTextArray(rows.map((r) => String(r.caseNo)))}) and ${scopeCondition(scope, 'read', 'd')}
     order by st.court_case_no, st.accepted_on`);
  for (const r of rows) {
    const f = found.rows.find((x) => x.case_no === r.caseNo);
    if (f) Object.assign(r, { disputeId: f.id, disputeNumber: f.number });
  }
}

export async function getRecord(db: DbOrTx, actor: Actor, kind: OutsideKind, key: string): Promise<Record<string, unknown>> {
  requirePermission(actor, 'court.read');
  const h = HANDLERS[kind];
  const m = tableMeta(h.table);
  const parts = storeKey(key).split(KEY_SEP);
  if (parts.length !== h.keyProps.length) throw notFound(WHAT[kind]);
  const keyConds = h.keyProps.map((p, i) => sql`${m.columns[p]} = ${m.columns[p].getSQLType() === 'integer' ? Number(parts[i]) : parts[i]}`);
  const [row] = (await db.select().from(h.table).where(and(h.scope(actor), ...keyConds))) as Record<string, unknown>[];
  if (!row) throw notFound(WHAT[kind]);
  if (kind === 'prelitigation_mediations') await withLinkedDisputes(db, actor, [row]);
  return row;
}

/** API bodies (camelCase) as bundle values (snake_case), each through the bundle's own cell parser. */
function toValues(kind: OutsideKind, body: Record<string, unknown>, base: RowValues = {}): RowValues {
  const file = bundleFile(kind as BundleFileName);
  const values: RowValues = { ...base };
  const errors: { field: string; message: string }[] = [];
  for (const c of file.columns) {
    const prop = c.key.replace(/_([a-z0-9])/g, (_, x: string) => x.toUpperCase());
    if (!(prop in body)) continue;
    const r = parseCell(c, body[prop]);
    if (!r.ok) errors.push({ field: prop, message: r.reason });
    else values[c.key] = r.value;
  }
  if (errors.length) throw invalid('输入有误：' + errors.map((e) => `${e.field} ${e.message}`).join('；'), errors);
  return values;
}

function deriveErrors(kind: OutsideKind, errs: { column: string; reason: string }[]): AppError {
  const file = bundleFile(kind as BundleFileName);
  const list = errs.map((e) => ({ field: e.column.replace(/_([a-z0-9])/g, (_, x: string) => x.toUpperCase()), message: e.reason, label: file.columns.find((c) => c.key === e.column)?.label ?? e.column }));
  return invalid(list.map((e) => `${e.label}：${e.message}`).join('；'), list);
}

async function envFor(database: Database, actor: Actor, cipher: Cipher | null): Promise<ImportEnv> {
  return { database, actor, rc: await regionContext(database, actor), cipher: cipher as Cipher, state: new Map(), today: todayShanghai() };
}

/**
 * A form writes only what an import of the same row may (the handler's own `writable`): a town cannot change
 * another town's record, nor the city benchmark every town is judged against.
 */
function requireWritable(kind: OutsideKind, row: Record<string, unknown>, env: ImportEnv): void {
  if (HANDLERS[kind].writable(row, env)) return;
  throw forbidden(kind === 'city_benchmarks' ? '全市万人起诉率只能由系统管理员或市级用户维护' : `无权修改本人辖区以外的${WHAT[kind]}`);
}

const auditView = (h: FileHandler, row: Record<string, unknown>) => Object.fromEntries([...h.keyProps, ...h.compare].map((p) => [p, row[p] ?? null]));

/** Keeps the resolution queue in step with one record (court cases and pre-litigation mediations). */
async function syncQueueFor(tx: Tx, kind: OutsideKind, key: string, row: Record<string, unknown> | null, candidates: string[] | undefined) {
  const entity = kind === 'court_cases' ? 'court_case' : kind === 'prelitigation_mediations' ? 'prelitigation_mediation' : null;
  if (!entity) return;
  if (row && row.matchStatus === 'town_only') {
    await tx
      .insert(resolutionQueue)
      .values({ id: crypto.randomUUID(), entity, entityId: key, field: 'defendant', address: String(row.defendantAddress ?? ''), townCode: String(row.townCode), candidates: candidates ?? [] })
      .onConflictDoUpdate({
        target: [resolutionQueue.entity, resolutionQueue.entityId, resolutionQueue.field],
        set: { address: String(row.defendantAddress ?? ''), townCode: String(row.townCode), candidates: candidates ?? [], resolvedRegionCode: null, resolvedBy: null, resolvedAt: null },
      });
  } else if (row) {
    await tx.delete(resolutionQueue).where(and(eq(resolutionQueue.entity, entity), eq(resolutionQueue.entityId, key), sql`${resolutionQueue.resolvedAt} is null`));
  } else {
    await tx.delete(resolutionQueue).where(and(eq(resolutionQueue.entity, entity), eq(resolutionQueue.entityId, key)));
  }
}

export async function createRecord(database: Database, ctx: CommandContext, kind: OutsideKind, body: OutsideRecordInput) {
  requirePermission(ctx.actor, 'court.write');
  const h = HANDLERS[kind];
  const values = toValues(kind, body);
  if (kind === 'incidents' && !values.id) values.id = crypto.randomUUID();
  const file = bundleFile(kind as BundleFileName);
  const missing = file.columns.filter((c) => c.required && (values[c.key] === null || values[c.key] === undefined));
  if (missing.length) throw deriveErrors(kind, missing.map((c) => ({ column: c.key, reason: '不能为空' })));
  const env = await envFor(database, ctx.actor, null);
  const key = h.keyOf(values);
  if (!key) throw invalid('缺少编号');
  const d = await h.derive(values, env, undefined);
  if (d.errors.length || !d.row) throw deriveErrors(kind, d.errors);
  requireWritable(kind, d.row, env);
  const row: Record<string, unknown> = { ...d.row, imported: 'imported' in tableMeta(h.table).columns ? false : undefined };
  return database.db.transaction(async (tx) => {
    const m = tableMeta(h.table);
    const keyConds = h.keyProps.map((p) => eq(m.columns[p], row[p]));
    const [dup] = await tx.select({ one: sql`1` }).from(h.table).where(and(...keyConds));
    if (dup) throw invalid(`${WHAT[kind]}已存在：${key.split(KEY_SEP).join(' ')}`);
    const [created] = (await tx.insert(h.table).values(row).returning()) as Record<string, unknown>[];
    await syncQueueFor(tx, kind, key, created, d.extra?._candidates as string[] | undefined);
    await writeAudit(tx, ctx, { action: `${h.entity}.create`, entity: h.entity, entityId: key, after: auditView(h, created), townCode: h.townOf(created) });
    return { row: created, warnings: d.warnings };
  });
}

export async function updateRecord(database: Database, ctx: CommandContext, kind: OutsideKind, urlKeyValue: string, body: OutsideRecordPatch) {
  requirePermission(ctx.actor, 'court.write');
  const h = HANDLERS[kind];
  const m = tableMeta(h.table);
  const current = await getRecord(database.db, ctx.actor, kind, urlKeyValue);
  const env = await envFor(database, ctx.actor, null);
  requireWritable(kind, current, env);
  // the key cannot change: the body's key fields are ignored
  // no cipher here: the outside-data files hold no identity numbers (ExportEnv wants one for the parties file)
  const base = h.toBundle(current, { database, actor: ctx.actor, cipher: null, revealIds: false });
  const keyCols = bundleFile(kind as BundleFileName).key;
  const patch = Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'version' && !keyCols.includes(k.replace(/[A-Z]/g, (x) => `_${x.toLowerCase()}`))));
  const values = toValues(kind, patch, base);
  const d = await h.derive(values, env, current);
  if (d.errors.length || !d.row) throw deriveErrors(kind, d.errors);
  requireWritable(kind, d.row, env);
  const key = h.keyOfRow(current);
  return database.db.transaction(async (tx) => {
    const keyConds = h.keyProps.map((p) => eq(m.columns[p], current[p]));
    const [fresh] = (await tx.select().from(h.table).where(and(...keyConds)).for('update')) as Record<string, unknown>[];
    if (!fresh) throw notFound(WHAT[kind]);
    if (Number(fresh.version) !== body.version) throw conflict();
    const changed = changedProps(h, fresh, d.row!);
    if (changed.length === 0) return { row: fresh, warnings: d.warnings };
    const set: Record<string, unknown> = Object.fromEntries(h.compare.map((p) => [p, d.row![p] ?? null]));
    set.updatedAt = new Date();
    const after = (await updateVersioned(tx, h.table as VersionedTable, and(...keyConds), body.version, set, WHAT[kind])) as Record<string, unknown>;
    await syncQueueFor(tx, kind, key, after, d.extra?._candidates as string[] | undefined);
    await writeAudit(tx, ctx, { action: `${h.entity}.update`, entity: h.entity, entityId: key, before: auditView(h, fresh), after: auditView(h, after), townCode: h.townOf(after) ?? h.townOf(fresh) });
    return { row: after, warnings: d.warnings };
  });
}

export async function deleteRecord(database: Database, ctx: CommandContext, kind: OutsideKind, urlKeyValue: string, version: number) {
  requirePermission(ctx.actor, 'court.write');
  const h = HANDLERS[kind];
  const m = tableMeta(h.table);
  const current = await getRecord(database.db, ctx.actor, kind, urlKeyValue);
  requireWritable(kind, current, await envFor(database, ctx.actor, null));
  const key = h.keyOfRow(current);
  await database.db.transaction(async (tx) => {
    const keyConds = h.keyProps.map((p) => eq(m.columns[p], current[p]));
    const [fresh] = (await tx.select().from(h.table).where(and(...keyConds)).for('update')) as Record<string, unknown>[];
    if (!fresh) throw notFound(WHAT[kind]);
    if (Number(fresh.version) !== version) throw conflict();
    await tx.delete(h.table).where(and(...keyConds));
    await syncQueueFor(tx, kind, key, null, undefined);
    await writeAudit(tx, ctx, { action: `${h.entity}.delete`, entity: h.entity, entityId: key, before: auditView(h, fresh), townCode: h.townOf(fresh) });
  });
}

// ---------------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------------

export async function regionNames(database: Database): Promise<Map<string, RegionInfo>> {
  return (await loadRegions(database)).regions;
}

export function recordView(kind: OutsideKind, row: Record<string, unknown>, names: Map<string, RegionInfo>) {
  const h = HANDLERS[kind];
  const name = (code: unknown) => (typeof code === 'string' ? (names.get(code)?.name ?? null) : null);
  const base: Record<string, unknown> = { key: urlKey(h.keyOfRow(row)), version: row.version, updatedAt: row.updatedAt instanceof Date ? row.updatedAt.toISOString() : (row.updatedAt ?? null) };
  switch (kind) {
    case 'court_cases':
      return { ...base, caseNo: row.caseNo, kind: row.kind, instance: row.instance, year: row.year, filedOn: row.filedOn, defendantRegionCode: row.defendantRegionCode, defendantRegionName: name(row.defendantRegionCode), defendantAddress: row.defendantAddress, townCode: row.townCode, townName: name(row.townCode), matchStatus: row.matchStatus, imported: row.imported };
    case 'prelitigation_mediations':
      return { ...base, caseNo: row.caseNo, receivedOn: row.receivedOn, concludedOn: row.concludedOn, result: row.result, partyRegionCode: row.partyRegionCode, partyRegionName: name(row.partyRegionCode), defendantRegionCode: row.defendantRegionCode, defendantRegionName: name(row.defendantRegionCode), defendantAddress: row.defendantAddress, townCode: row.townCode, townName: name(row.townCode), matchStatus: row.matchStatus, imported: row.imported, disputeId: row.disputeId ?? null, disputeNumber: row.disputeNumber ?? null };
    case 'platform_disputes':
      return { ...base, platformNo: row.platformNo, unitRegionCode: row.unitRegionCode, unitRegionName: name(row.unitRegionCode), acceptedOn: row.acceptedOn, concludedOn: row.concludedOn, result: row.result, townCode: row.townCode, townName: name(row.townCode), imported: row.imported };
    case 'incidents':
      return { ...base, id: row.id, type: row.type, regionCode: row.regionCode, regionName: name(row.regionCode), occurredOn: row.occurredOn, sentenceMonths: row.sentenceMonths, sentenceText: row.sentenceText, description: row.description, townCode: row.townCode, townName: name(row.townCode), imported: row.imported };
    case 'city_benchmarks':
      return { ...base, cityCode: row.cityCode || null, cityName: name(row.cityCode), year: row.year, litigationRatePer10k: row.litigationRatePer10k };
    case 'source_counts':
      return { ...base, regionCode: row.regionCode, regionName: name(row.regionCode), month: row.month, source: row.source, count: row.count, townCode: row.townCode };
  }
}

// ---------------------------------------------------------------------------------------------------
// Resolution queue (SPEC §5)
// ---------------------------------------------------------------------------------------------------

const QUEUE_TABLE = { court_case: courtCases, prelitigation_mediation: prelitigationMediations } as const;

export interface QueueFilter {
  status?: 'open' | 'resolved' | 'all';
  town?: string;
  page?: number;
  pageSize?: number;
}

export async function listQueue(database: Database, actor: Actor, f: QueueFilter) {
  requirePermission(actor, 'court.read');
  const conds: SQL[] = [regionInScope(actor, resolutionQueue.townCode)];
  const status = f.status ?? 'open';
  if (status === 'open') conds.push(sql`${resolutionQueue.resolvedAt} is null`);
  if (status === 'resolved') conds.push(sql`${resolutionQueue.resolvedAt} is not null`);
  if (f.town) conds.push(eq(resolutionQueue.townCode, f.town));
  const where = and(...conds);
  const pageSize = Math.min(100, Math.max(1, f.pageSize ?? 20));
  const page = Math.max(1, f.page ?? 1);
  const [{ n }] = await database.db.select({ n: sql<number>`count(*)::int` }).from(resolutionQueue).where(where);
  const rows = await database.db
    .select({
      q: resolutionQueue,
      date: sql<string | null>`coalesce((select c.filed_on::text from court_cases c where ${resolutionQueue.entity} = 'court_case' and c.case_no = ${resolutionQueue.entityId}),
                                        (select p.received_on::text from prelitigation_mediations p where ${resolutionQueue.entity} = 'prelitigation_mediation' and p.case_no = ${resolutionQueue.entityId}))`,
    })
    .from(resolutionQueue)
    .where(where)
    .orderBy(desc(sql`${resolutionQueue.resolvedAt} is null`), asc(resolutionQueue.createdAt), asc(resolutionQueue.entityId))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const regions = (await loadRegions(database)).regions;
  const villagesOf = (town: string) =>
    [...regions.values()].filter((r) => r.townCode === town && (r.level === 'village' || r.level === 'community') && r.active).sort((a, b) => (a.code < b.code ? -1 : 1));
  return {
    total: Number(n),
    items: rows.map(({ q, date }) => ({
      id: q.id,
      entity: q.entity,
      entityId: q.entityId,
      date,
      address: q.address,
      townCode: q.townCode,
      townName: regions.get(q.townCode)?.name ?? null,
      candidates: q.candidates.map((c) => ({ code: c, name: regions.get(c)?.name ?? c })),
      villages: villagesOf(q.townCode).map((r) => ({ code: r.code, name: r.name })),
      resolvedRegionCode: q.resolvedRegionCode,
      resolvedRegionName: q.resolvedRegionCode ? (regions.get(q.resolvedRegionCode)?.name ?? null) : null,
      resolvedBy: q.resolvedBy,
      resolvedAt: q.resolvedAt ? q.resolvedAt.toISOString() : null,
    })),
  };
}

/**
 * A person picks the village of an ambiguous address: the record is attributed to it, the choice is
 * remembered as an alias of the village (so the same address matches next time), other open entries of
 * the town with the same address are settled with it, and all of it is audited.
 */
export async function resolveQueueItem(database: Database, ctx: CommandContext, id: string, regionCode: string) {
  requirePermission(ctx.actor, 'court.write');
  const rc = await regionContext(database, ctx.actor);
  return database.db.transaction(async (tx) => {
    const [item] = await tx.select().from(resolutionQueue).where(and(eq(resolutionQueue.id, id), regionInScope(ctx.actor, resolutionQueue.townCode))).for('update');
    if (!item) throw notFound('待确认记录');
    if (item.resolvedAt) throw invalid('该记录已确认归属');
    const village = rc.get(regionCode);
    if (!village || (village.level !== 'village' && village.level !== 'community') || village.townCode !== item.townCode || !rc.visible(regionCode)) {
      throw invalid(`请选择${rc.get(item.townCode)?.name ?? '该乡镇'}下的村（社区）`);
    }
    const alias = learnedAlias(item.address, rc.get(item.townCode));
    // the same address (after the town's name) elsewhere in the queue is settled by the same choice
    const open = await tx
      .select()
      .from(resolutionQueue)
      .where(and(eq(resolutionQueue.townCode, item.townCode), sql`${resolutionQueue.resolvedAt} is null`))
      .for('update');
    const same = open.filter((q) => q.id === item.id || learnedAlias(q.address, rc.get(item.townCode)) === alias);
    const now = new Date();
    for (const q of same) {
      const table = QUEUE_TABLE[q.entity as keyof typeof QUEUE_TABLE];
      if (table) {
        const [before] = await tx.select().from(table).where(eq(table.caseNo, q.entityId)).for('update');
        if (before && before.matchStatus === 'town_only') {
          const [after] = await tx
            .update(table)
            .set({ defendantRegionCode: village.code, townCode: village.townCode, matchStatus: 'resolved', version: nextVersion(table), updatedAt: now })
            .where(eq(table.caseNo, q.entityId))
            .returning();
          const entity = q.entity;
          await writeAudit(tx, ctx, {
            action: `${entity}.resolve`,
            entity,
            entityId: q.entityId,
            before: { defendantRegionCode: before.defendantRegionCode, matchStatus: before.matchStatus },
            after: { defendantRegionCode: after.defendantRegionCode, matchStatus: after.matchStatus, queueId: q.id },
            townCode: item.townCode,
          });
        }
      }
      await tx.update(resolutionQueue).set({ resolvedRegionCode: village.code, resolvedBy: ctx.actor.username, resolvedAt: now }).where(eq(resolutionQueue.id, q.id));
    }
    // remember the choice as an alias of the village
    const [reg] = await tx.select().from(regions).where(eq(regions.code, village.code)).for('update');
    if (reg && !reg.aliases.includes(alias) && alias !== reg.name) {
      const aliases = [...reg.aliases, alias];
      await tx.update(regions).set({ aliases, version: nextVersion(regions), updatedAt: now }).where(eq(regions.code, reg.code));
      await writeAudit(tx, ctx, { action: 'region.alias_learn', entity: 'region', entityId: reg.code, before: { aliases: reg.aliases }, after: { aliases, from: item.address }, townCode: item.townCode });
    }
    return { resolved: same.length, alias };
  });
}

export async function openQueueCount(database: Database, actor: Actor): Promise<number> {
  const [{ n }] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(resolutionQueue)
    .where(and(regionInScope(actor, resolutionQueue.townCode), sql`${resolutionQueue.resolvedAt} is null`));
  return Number(n);
}

export const OUTSIDE_LABELS = WHAT;
