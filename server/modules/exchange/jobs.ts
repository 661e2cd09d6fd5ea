/**
 * Imports from the web (SPEC §9): the uploaded files are stored with a job row; a dry run validates them
 * (the page polls the job for its progress and then shows the report); the user commits, which runs the
 * import again for real. The work runs in the background of the instance that got the request, in
 * batches with pauses, so the site keeps answering (also on the embedded engine); its state lives in the
 * database, so any instance can answer the polling page.
 */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { importJobFiles, importJobs } from '../../db/schema/index.ts';
import type { Cipher } from '../../secret.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import type { CommandContext } from '../../audit.ts';
import { importBundle, type ImportReport } from './importer.ts';
import { newId } from './handler.ts';
import { openBundleUploads, SourceError, type UploadedFile } from './sources.ts';

/** A job that has not moved for this long was cut off (the server stopped): shown as failed. */
const STALE_MS = 5 * 60_000;
/** Uploaded files of jobs nobody committed are dropped after a day. */
const KEEP_MS = 24 * 3600_000;

export type JobRow = typeof importJobs.$inferSelect;

export function jobView(j: JobRow) {
  const stale = (j.status === 'running' || j.status === 'queued') && Date.now() - j.updatedAt.getTime() > STALE_MS;
  const report = (j.report ?? null) as ImportReport | null;
  return {
    id: j.id,
    status: stale ? 'failed' : j.status,
    phase: j.phase,
    committed: j.committed,
    fileNames: j.fileNames,
    progress: { done: j.progressDone, total: j.progressTotal, percent: j.progressTotal > 0 ? Math.min(100, Math.round((j.progressDone / j.progressTotal) * 100)) : j.status === 'done' ? 100 : 0 },
    report,
    error: stale ? '导入被中断（服务已重启），请重新上传' : j.error,
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt ? j.finishedAt.toISOString() : null,
  };
}

/** Running jobs of this process (tests wait for them; shutdown can too). */
const running = new Map<string, Promise<void>>();
export const runningJobs = () => [...running.values()];

export async function createImportJob(database: Database, cipher: Cipher, ctx: CommandContext, files: UploadedFile[]): Promise<JobRow> {
  requirePermission(ctx.actor, 'exchange.import');
  if (files.length === 0) throw invalid('没有收到文件');
  if (files.filter((f) => /\.xlsx$/i.test(f.name)).length > 1) throw invalid('一次只能上传一个 .xlsx 工作簿');
  if (files.some((f) => /\.xlsx$/i.test(f.name)) && files.some((f) => !/\.xlsx$/i.test(f.name))) throw invalid('请上传一个 .xlsx 工作簿，或若干 CSV 文件，不要混合');
  await purgeOld(database);
  const id = newId();
  const [job] = await database.db
    .insert(importJobs)
    .values({ id, userId: ctx.actor.userId, actorName: ctx.actor.username, status: 'queued', phase: 'validate', fileNames: files.map((f) => f.name) })
    .returning();
  let seq = 0;
  for (const f of files) {
    await database.db.insert(importJobFiles).values({ jobId: id, seq: seq++, name: f.name, size: f.data.length, contentBase64: f.data.toString('base64') });
  }
  start(database, cipher, ctx, id, 'validate');
  return job;
}

export async function getJob(database: Database, actor: Actor, id: string): Promise<JobRow> {
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
  const [claimed] = await database.db
    .update(importJobs)
    .set({ status: 'queued', phase: 'commit', progressDone: 0, updatedAt: new Date() })
    .where(and(eq(importJobs.id, id), eq(importJobs.status, 'done'), eq(importJobs.phase, 'validate'), eq(importJobs.committed, false)))
    .returning();
  if (!claimed) throw new AppError('version_conflict', 409, '该导入正在提交中');
  start(database, cipher, ctx, id, 'commit');
  return claimed;
}

function start(database: Database, cipher: Cipher, ctx: CommandContext, id: string, phase: 'validate' | 'commit') {
  const p = runJob(database, cipher, ctx, id, phase).finally(() => running.delete(id));
  running.set(id, p);
}

async function runJob(database: Database, cipher: Cipher, ctx: CommandContext, id: string, phase: 'validate' | 'commit') {
  const set = (v: Partial<JobRow>) => database.db.update(importJobs).set({ ...v, updatedAt: new Date() }).where(eq(importJobs.id, id));
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
    await set({ status: 'done', report: report as never, committed, progressDone: 1, progressTotal: 1, finishedAt: new Date(), error: null });
    if (committed) await database.db.delete(importJobFiles).where(eq(importJobFiles.jobId, id));
  } catch (e) {
    const msg = e instanceof SourceError || e instanceof AppError ? e.message : `导入出错：${(e as Error)?.message ?? e}`;
    await set({ status: 'failed', error: msg, finishedAt: new Date() }).catch(() => {});
  }
}

async function purgeOld(database: Database) {
  const before = new Date(Date.now() - KEEP_MS);
  await database.query(`delete from import_job_files where job_id in (select id from import_jobs where created_at < $1)`, [before]);
  await database.db.delete(importJobs).where(lt(importJobs.createdAt, new Date(Date.now() - 30 * KEEP_MS)));
}
