/**
 * Imports from the web (SPEC §9): the uploaded files are stored with a job row; a dry run validates them
 * (the page polls the job for its progress and then shows the report); the user commits, which runs the
 * import again for real. The work runs in the background of the instance that got the request, in
 * batches with pauses, so the site keeps answering (also on the embedded engine); its state lives in the
 * database, so any instance can answer the polling page.
 */
import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../db/client.ts';
import { importJobFiles, importJobs } from '../../db/schema/index.ts';
import type { Cipher } from '../../secret.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { requirePermission, systemActor, type Actor } from '../auth/actor.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { importBundle, type ImportReport } from './importer.ts';
import { newId } from '../../bundle-handler.ts';
import { openBundleUploads, SourceError, type UploadedFile } from './sources.ts';
import { checkXlsxSize, ZipLimitError } from './zip-limits.ts';
import type { Job } from '../../jobs/job.ts';

/**
 * A running job touches its row every HEARTBEAT_MS; one whose row has not moved for STALE_MS was cut off
 * (its process died) and is marked failed with INTERRUPTED, to be retried or discarded.
 */
const HEARTBEAT_MS = 30_000;
const STALE_MS = 5 * 60_000;
export const INTERRUPTED = '服务中断';
/** Uploaded files of jobs nobody committed are dropped after a day. */
const KEEP_MS = 24 * 3600_000;

export type JobRow = typeof importJobs.$inferSelect;

const isActive = (j: Pick<JobRow, 'status'>) => j.status === 'running' || j.status === 'queued';
const isStale = (j: JobRow) => isActive(j) && !running.has(j.id) && Date.now() - j.updatedAt.getTime() > STALE_MS;

export function jobView(j: JobRow) {
  const stale = isStale(j);
  const report = (j.report ?? null) as ImportReport | null;
  const status = stale ? 'failed' : j.status;
  const error = stale ? INTERRUPTED : j.error;
  return {
    id: j.id,
    status,
    phase: j.phase,
    committed: j.committed,
    fileNames: j.fileNames,
    progress: { done: j.progressDone, total: j.progressTotal, percent: j.progressTotal > 0 ? Math.min(100, Math.round((j.progressDone / j.progressTotal) * 100)) : j.status === 'done' ? 100 : 0 },
    report,
    error,
    /** an interrupted job runs its phase again from the stored files */
    canRetry: status === 'failed' && error === INTERRUPTED,
    /** a job waiting for its commit, or interrupted, can be dropped with its files */
    canDiscard: (status === 'failed' && error === INTERRUPTED) || (status === 'done' && j.phase === 'validate' && !j.committed),
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt ? j.finishedAt.toISOString() : null,
  };
}

/** Running jobs of this process (tests wait for them; shutdown can too). */
const running = new Map<string, Promise<void>>();
export const runningJobs = () => [...running.values()];

/** Files that can still be run: a job that waits for its commit, or was interrupted. */
async function dropFiles(database: Database, id: string) {
  await database.db.delete(importJobFiles).where(eq(importJobFiles.jobId, id));
}

/**
 * One running import per user (a big import is heavy; two at once only stall the site): checked under an
 * advisory lock on the user, inside the transaction that queues the job, so two uploads cannot both pass.
 */
async function claimUserSlot(tx: DbOrTx, actor: Actor, exceptId?: string) {
  const who = actor.userId ?? actor.username;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'wusong-import:' + who}))`);
  const active = (await tx
    .select()
    .from(importJobs)
    .where(and(actor.userId ? eq(importJobs.userId, actor.userId) : eq(importJobs.actorName, actor.username), inArray(importJobs.status, ['queued', 'running'])))) as JobRow[];
  if (active.some((j) => j.id !== exceptId && !isStale(j))) {
    throw new AppError('import_running', 409, '您已有一个导入任务正在进行，请等它完成（或放弃它）后再上传');
  }
}

export async function createImportJob(database: Database, cipher: Cipher, ctx: CommandContext, files: UploadedFile[]): Promise<JobRow> {
  requirePermission(ctx.actor, 'exchange.import');
  if (files.length === 0) throw invalid('没有收到文件');
  if (files.filter((f) => /\.xlsx$/i.test(f.name)).length > 1) throw invalid('一次只能上传一个 .xlsx 工作簿');
  if (files.some((f) => /\.xlsx$/i.test(f.name)) && files.some((f) => !/\.xlsx$/i.test(f.name))) throw invalid('请上传一个 .xlsx 工作簿，或若干 CSV 文件，不要混合');
  // a zip bomb is refused before anything is stored or parsed
  for (const f of files) {
    if (!/\.xlsx$/i.test(f.name)) continue;
    try {
      await checkXlsxSize(f.data);
    } catch (e) {
      if (e instanceof ZipLimitError) throw invalid(e.message);
      throw e;
    }
  }
  await purgeOld(database);
  const id = newId();
  const job = await database.db.transaction(async (tx) => {
    await claimUserSlot(tx, ctx.actor);
    const [row] = await tx
      .insert(importJobs)
      .values({ id, userId: ctx.actor.userId, actorName: ctx.actor.username, status: 'queued', phase: 'validate', fileNames: files.map((f) => f.name) })
      .returning();
    let seq = 0;
    for (const f of files) {
      await tx.insert(importJobFiles).values({ jobId: id, seq: seq++, name: f.name, size: f.data.length, contentBase64: f.data.toString('base64') });
    }
    await writeAudit(tx, ctx, { action: 'exchange.upload', entity: 'import_job', entityId: id, after: { files: files.map((f) => ({ name: f.name, size: f.data.length })) } });
    return row;
  });
  start(database, cipher, ctx, id, 'validate');
  return job;
}

/** Checked before an upload is read (a user without the right is refused before sending megabytes). */
export function requireImport(actor: Actor) {
  requirePermission(actor, 'exchange.import');
}

export async function getJob(database: Database, actor: Actor, id: string): Promise<JobRow> {
  requireImport(actor);
  const [j] = await database.db.select().from(importJobs).where(eq(importJobs.id, id));
  if (!j || (!actor.isAdmin && j.userId !== actor.userId)) throw notFound('导入任务');
  return j;
}

export async function listJobs(database: Database, actor: Actor) {
  requirePermission(actor, 'exchange.import');
  return database.db
    .select()
    .from(importJobs)
    .where(actor.isAdmin ? sql`true` : eq(importJobs.userId, actor.userId ?? ''))
    .orderBy(desc(importJobs.createdAt))
    .limit(20);
}

/** Commits a validated job: runs the import for real (all-or-nothing; re-validated against current data). */
export async function commitImportJob(database: Database, cipher: Cipher, ctx: CommandContext, id: string): Promise<JobRow> {
  requirePermission(ctx.actor, 'exchange.import');
  const j = await getJob(database, ctx.actor, id);
  const report = j.report as ImportReport | null;
  if (j.committed) throw invalid('该导入已经提交');
  if (j.status !== 'done' || j.phase !== 'validate') throw invalid('请等待检查完成后再提交');
  if (!report?.ok) throw invalid('检查未通过：请修正文件中的错误后重新上传');
  const claimed = await database.db.transaction(async (tx) => {
    await claimUserSlot(tx, ctx.actor, id);
    const [row] = await tx
      .update(importJobs)
      .set({ status: 'queued', phase: 'commit', progressDone: 0, updatedAt: new Date() })
      .where(and(eq(importJobs.id, id), eq(importJobs.status, 'done'), eq(importJobs.phase, 'validate'), eq(importJobs.committed, false)))
      .returning();
    if (!row) throw new AppError('version_conflict', 409, '该导入正在提交中');
    return row;
  });
  start(database, cipher, ctx, id, 'commit');
  return claimed;
}

/** Runs an interrupted job's phase again from its stored files (a commit is re-validated, all-or-nothing). */
export async function retryImportJob(database: Database, cipher: Cipher, ctx: CommandContext, id: string): Promise<JobRow> {
  requirePermission(ctx.actor, 'exchange.import');
  const j = await getJob(database, ctx.actor, id);
  if (!jobView(j).canRetry) throw invalid('只有因服务中断而失败的导入可以重试');
  const claimed = await database.db.transaction(async (tx) => {
    await claimUserSlot(tx, ctx.actor, id);
    const [files] = await tx.select({ n: sql<number>`count(*)::int` }).from(importJobFiles).where(eq(importJobFiles.jobId, id));
    if (!files || files.n === 0) throw invalid('上传的文件已失效，请重新上传');
    const [row] = await tx
      .update(importJobs)
      .set({ status: 'queued', error: null, finishedAt: null, progressDone: 0, updatedAt: new Date() })
      .where(and(eq(importJobs.id, id), interrupted(), eq(importJobs.committed, false)))
      .returning();
    if (!row) throw new AppError('version_conflict', 409, '该导入任务已被他人处理，请刷新');
    await writeAudit(tx, ctx, { action: 'exchange.retry', entity: 'import_job', entityId: id, after: { phase: row.phase } });
    return row;
  });
  await database.query(`delete from import_staging where job_id = $1`, [id]);
  start(database, cipher, ctx, id, claimed.phase === 'commit' ? 'commit' : 'validate');
  return claimed;
}

/** Drops a job that waits for its commit, or was interrupted, with its uploaded files. */
export async function discardImportJob(database: Database, ctx: CommandContext, id: string): Promise<JobRow> {
  requirePermission(ctx.actor, 'exchange.import');
  const j = await getJob(database, ctx.actor, id);
  if (!jobView(j).canDiscard) throw invalid(isActive(j) ? '导入正在进行，不能放弃' : '该导入已结束，无需放弃');
  const row = await database.db.transaction(async (tx) => {
    const [r] = await tx
      .update(importJobs)
      .set({ status: 'discarded', finishedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(importJobs.id, id), or(interrupted(), and(eq(importJobs.status, 'done'), eq(importJobs.phase, 'validate'), eq(importJobs.committed, false)))))
      .returning();
    if (!r) throw new AppError('version_conflict', 409, '该导入任务已被他人处理，请刷新');
    await tx.delete(importJobFiles).where(eq(importJobFiles.jobId, id));
    await tx.execute(sql`delete from import_staging where job_id = ${id}`);
    await writeAudit(tx, ctx, { action: 'exchange.discard', entity: 'import_job', entityId: id, before: { status: j.status, phase: j.phase } });
    return r;
  });
  return row;
}

/**
 * Marks jobs whose process died as failed (INTERRUPTED): on the embedded engine (one process, the data
 * lock) every active job this process does not run; on PostgreSQL (several instances) those whose
 * heartbeat is older than STALE_MS. Their files stay for a retry. Runs at start and then every minute.
 */
export async function sweepInterruptedJobs(database: Database, ctx: CommandContext): Promise<number> {
  const cutoff = new Date(Date.now() - STALE_MS);
  const candidates = (await database.db.select().from(importJobs).where(inArray(importJobs.status, ['queued', 'running']))) as JobRow[];
  let n = 0;
  for (const j of candidates) {
    if (running.has(j.id) || (database.engine !== 'embedded' && j.updatedAt > cutoff)) continue;
    await database.db.transaction(async (tx) => {
      const [r] = await tx
        .update(importJobs)
        .set({ status: 'failed', error: INTERRUPTED, finishedAt: new Date(), updatedAt: new Date() })
        .where(and(eq(importJobs.id, j.id), inArray(importJobs.status, ['queued', 'running']), database.engine === 'embedded' ? undefined : lt(importJobs.updatedAt, cutoff)))
        .returning();
      if (!r) return;
      await tx.execute(sql`delete from import_staging where job_id = ${j.id}`);
      await writeAudit(tx, ctx, { action: 'exchange.interrupted', entity: 'import_job', entityId: j.id, before: { status: j.status, phase: j.phase }, after: { status: 'failed', error: INTERRUPTED } });
      n++;
    });
  }
  return n;
}

/** In SQL, the rows jobView shows as interrupted (the claim conditions; stored times have microseconds). */
const interrupted = () =>
  or(
    and(eq(importJobs.status, 'failed'), eq(importJobs.error, INTERRUPTED)),
    and(inArray(importJobs.status, ['queued', 'running']), lt(importJobs.updatedAt, new Date(Date.now() - STALE_MS))),
  );

function start(database: Database, cipher: Cipher, ctx: CommandContext, id: string, phase: 'validate' | 'commit') {
  const p = runJob(database, cipher, ctx, id, phase).finally(() => running.delete(id));
  running.set(id, p);
}

async function runJob(database: Database, cipher: Cipher, ctx: CommandContext, id: string, phase: 'validate' | 'commit') {
  const set = (v: Partial<JobRow>) => database.db.update(importJobs).set({ ...v, updatedAt: new Date() }).where(eq(importJobs.id, id));
  // the heartbeat: a job whose row stops moving is taken for dead (sweepInterruptedJobs)
  const beat = setInterval(() => void set({}).catch(() => {}), HEARTBEAT_MS);
  beat.unref();
  try {
    await set({ status: 'running' });
    const stored = await database.db.select().from(importJobFiles).where(eq(importJobFiles.jobId, id)).orderBy(importJobFiles.seq);
    if (stored.length === 0) throw new SourceError('上传的文件已失效，请重新上传');
    const source = await openBundleUploads(stored.map((f) => ({ name: f.name, data: Buffer.from(f.contentBase64, 'base64') })));
    let last = 0;
    const report = await importBundle(database, ctx, source, {
      dryRun: phase === 'validate',
      cipher,
      jobId: id,
      sourceLabel: `网页上传：${stored.map((f) => f.name).join('、')}`,
      maxErrors: 2000,
      maxWarnings: 2000,
      maxChanges: 500,
      yieldBetweenBatches: true,
      batchSize: 1000,
      onProgress: async (done, total) => {
        const now = Date.now();
        if (now - last < 300 && done < total) return;
        last = now;
        await set({ progressDone: done, progressTotal: total });
      },
    });
    const committed = phase === 'commit' && report.ok;
    // the files are kept only while the job waits for its commit; dropped before the job reads as finished
    if (!(phase === 'validate' && report.ok)) await dropFiles(database, id);
    await set({ status: 'done', report, committed, progressDone: 1, progressTotal: 1, finishedAt: new Date(), error: null });
  } catch (e) {
    const msg = e instanceof SourceError || e instanceof AppError ? e.message : `导入出错：${(e as Error)?.message ?? e}`;
    await dropFiles(database, id).catch(() => {});
    await set({ status: 'failed', error: msg, finishedAt: new Date() }).catch(() => {});
  } finally {
    clearInterval(beat);
  }
}

async function purgeOld(database: Database) {
  const before = new Date(Date.now() - KEEP_MS);
  await database.query(`delete from import_job_files where job_id in (select id from import_jobs where created_at < $1)`, [before]);
  await database.db.delete(importJobs).where(lt(importJobs.createdAt, new Date(Date.now() - 30 * KEEP_MS)));
}

export const exchangeJobs: Job[] = [
  { name: 'import-interrupted', intervalMs: 60_000, run: (app) => sweepInterruptedJobs(app.database, { actor: systemActor(), requestId: 'sweeper' }).then(() => undefined) },
];
