import { z } from 'zod';
import { BUNDLE_FILE_NAMES, BUNDLE_FILES, type BundleFileName } from '../../../core/bundle-format.ts';
import { AppError, invalid } from '../../errors.ts';
import { actorOf, ctxOf, sendFile, typed, XLSX_TYPE, type App } from '../../http.ts';
import { can } from '../auth/actor.ts';
import { exportableFiles, exportBundleBuffer } from './exporter.ts';
import { HANDLERS } from './handlers.ts';
import { commitImportJob, createImportJob, discardImportJob, getJob, jobView, listJobs, requireImport, retryImportJob } from './jobs.ts';
import { buildTemplate } from './templates.ts';
import type { UploadedFile } from './sources.ts';

const Problem = z.object({ file: z.string().nullable(), source: z.string().nullable(), row: z.number().nullable(), column: z.string().nullable(), columnLabel: z.string().nullable(), reason: z.string() });
const Report = z.object({
  ok: z.boolean(),
  dryRun: z.boolean(),
  committed: z.boolean(),
  files: z.array(z.object({ file: z.string(), label: z.string(), source: z.string(), rows: z.number(), add: z.number(), update: z.number(), unchanged: z.number(), reject: z.number(), skipped: z.number() })),
  totals: z.object({ add: z.number(), update: z.number(), unchanged: z.number(), reject: z.number() }),
  errors: z.array(Problem),
  errorCount: z.number(),
  warnings: z.array(Problem),
  warningCount: z.number(),
  changes: z.array(
    z.object({ file: z.string(), row: z.number(), key: z.string(), action: z.string(), fields: z.array(z.object({ column: z.string(), before: z.unknown(), after: z.unknown() })).optional() }),
  ),
  changeCount: z.number(),
});
const Job = z.object({
  id: z.string(),
  status: z.string(),
  phase: z.string(),
  committed: z.boolean(),
  fileNames: z.array(z.string()),
  progress: z.object({ done: z.number(), total: z.number(), percent: z.number() }),
  report: Report.nullable(),
  error: z.string().nullable(),
  canRetry: z.boolean(),
  canDiscard: z.boolean(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

const fileList = z
  .string()
  .optional()
  .transform((s, c) => {
    if (!s) return undefined;
    const names = s.split(',').map((x) => x.trim()).filter(Boolean);
    const bad = names.filter((n) => !(BUNDLE_FILE_NAMES as readonly string[]).includes(n));
    if (bad.length) {
      c.addIssue({ code: 'custom', message: `未知的数据文件：${bad.join('、')}` });
      return z.NEVER;
    }
    return names as BundleFileName[];
  });

const MAX_UPLOAD = 50 * 1024 * 1024;

export async function exchangeRoutes(app: App) {
  const r = typed(app);

  r.get(
    '/exchange/files',
    {
      schema: {
        tags: ['exchange'],
        summary: '数据包的文件与列（模板、导入页面使用）',
        response: {
          200: z.array(
            z.object({
              name: z.string(),
              label: z.string(),
              key: z.array(z.string()),
              canImport: z.boolean(),
              canExport: z.boolean(),
              columns: z.array(z.object({ key: z.string(), label: z.string(), type: z.string(), required: z.boolean() })),
            }),
          ),
        },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const exportable = new Set(can(actor, 'exchange.export') ? exportableFiles(actor).map((f) => f.name) : []);
      return BUNDLE_FILES.map((f) => ({
        name: f.name,
        label: f.label,
        key: [...f.key],
        canImport: !!HANDLERS[f.name] && can(actor, 'exchange.import') && can(actor, HANDLERS[f.name].permission),
        canExport: exportable.has(f.name),
        columns: f.columns.map((c) => ({ key: c.key, label: c.label, type: c.type, required: !!c.required })),
      }));
    },
  );

  r.get(
    '/exchange/template',
    { schema: { tags: ['exchange'], summary: '下载导入模板（.xlsx：中文列标题、下拉字典、示例行）', querystring: z.object({ files: fileList }) } },
    async (req, reply) => {
      actorOf(req);
      return sendFile(reply, await buildTemplate(app.database.db, req.query.files), '无讼数据导入模板.xlsx', XLSX_TYPE);
    },
  );

  r.get(
    '/exchange/export',
    {
      schema: {
        tags: ['exchange'],
        summary: '导出数据包（.xlsx，限本人范围；身份证号脱敏，有查看权限者可 reveal=true）',
        querystring: z.object({ files: fileList, reveal: z.stringbool().optional() }),
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const buf = await exportBundleBuffer(app.database, ctx, { cipher: app.cipher, revealIds: !!req.query.reveal, files: req.query.files });
      return sendFile(reply, buf, '无讼数据包.xlsx', XLSX_TYPE);
    },
  );

  r.post(
    '/exchange/imports',
    {
      schema: {
        tags: ['exchange'],
        summary: '上传数据包并检查（multipart：一个 .xlsx 或若干 CSV）；返回任务，轮询其进度与检查报告',
        response: { 202: Job },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      requireImport(ctx.actor);
      if (!req.isMultipart()) throw invalid('请以 multipart/form-data 上传文件');
      const files: UploadedFile[] = [];
      try {
        for await (const part of req.files({ limits: { fileSize: MAX_UPLOAD, files: 20 } })) {
          files.push({ name: part.filename, data: await part.toBuffer() });
        }
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode === 413) throw new AppError('too_large', 413, `单个文件不能超过 ${MAX_UPLOAD / 1024 / 1024} MB`);
        throw e;
      }
      const job = await createImportJob(app.database, app.cipher, ctx, files);
      return reply.status(202).send(jobView(job));
    },
  );

  r.get('/exchange/imports', { schema: { tags: ['exchange'], summary: '最近的导入任务', response: { 200: z.array(Job) } } }, async (req) =>
    (await listJobs(app.database, actorOf(req))).map((j) => ({ ...jobView(j), report: null })),
  );

  r.get('/exchange/imports/:id', { schema: { tags: ['exchange'], summary: '导入任务的进度与报告', params: z.object({ id: z.string() }), response: { 200: Job } } }, async (req) =>
    jobView(await getJob(app.database, actorOf(req), req.params.id)),
  );

  r.post(
    '/exchange/imports/:id/commit',
    { schema: { tags: ['exchange'], summary: '确认导入（全部成功或全部不写入）', params: z.object({ id: z.string() }), response: { 202: Job } } },
    async (req, reply) => {
      const job = await commitImportJob(app.database, app.cipher, ctxOf(req), req.params.id);
      return reply.status(202).send(jobView(job));
    },
  );

  r.post(
    '/exchange/imports/:id/retry',
    { schema: { tags: ['exchange'], summary: '重试因服务中断而失败的导入（用已上传的文件重新检查或提交）', params: z.object({ id: z.string() }), response: { 202: Job } } },
    async (req, reply) => {
      const job = await retryImportJob(app.database, app.cipher, ctxOf(req), req.params.id);
      return reply.status(202).send(jobView(job));
    },
  );

  r.post(
    '/exchange/imports/:id/discard',
    { schema: { tags: ['exchange'], summary: '放弃导入（未提交或被中断的任务；删除上传的文件）', params: z.object({ id: z.string() }), response: { 200: Job } } },
    async (req) => jobView(await discardImportJob(app.database, ctxOf(req), req.params.id)),
  );
}
