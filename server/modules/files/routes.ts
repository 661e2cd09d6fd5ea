import { z } from 'zod';
import { AppError, invalid } from '../../errors.ts';
import { actorOf, ctxOf, typed, type App } from '../../http.ts';
import { UPLOAD_MAX_BYTES } from '../../../core/prevention.ts';
import * as svc from './service.ts';
import { FileOut } from '../prevention/common.ts';


export async function fileRoutes(app: App) {
  const r = typed(app);
  r.post(
    '/files',
    {
      schema: {
        tags: ['files'],
        summary: '上传附件（multipart，字段 file；JPEG/PNG/WebP/PDF，不超过 5 MB）',
        querystring: z.object({ ownerEntity: z.string().min(1), ownerId: z.string().min(1) }),
        response: { 201: FileOut },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      if (!req.isMultipart()) throw invalid('请以 multipart/form-data 上传文件');
      const part = await req.file({ limits: { fileSize: UPLOAD_MAX_BYTES, files: 1 } });
      if (!part) throw invalid('没有收到文件');
      let content: Buffer;
      try {
        content = await part.toBuffer();
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode === 413) throw new AppError('too_large', 413, `文件不能超过 ${UPLOAD_MAX_BYTES / 1024 / 1024} MB`);
        throw e;
      }
      const row = await svc.storeFile(app.database, ctx, { ownerEntity: req.query.ownerEntity, ownerId: req.query.ownerId, filename: part.filename, content });
      return reply.status(201).send(svc.fileView(row));
    },
  );
  r.get('/files/:id', { schema: { tags: ['files'], summary: '下载或查看附件（仅限可见范围内的用户）', params: z.object({ id: z.string() }) } }, async (req, reply) => {
    const f = await svc.readFile(app.database.db, actorOf(req), req.params.id);
    return reply
      .header('content-type', f.mimeType)
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
      .header('cache-control', 'private, max-age=3600')
      .send(f.content);
  });
  r.delete('/files/:id', { schema: { tags: ['files'], summary: '删除附件', params: z.object({ id: z.string() }) } }, async (req, reply) => {
    await svc.deleteFile(app.database, ctxOf(req), req.params.id);
    return reply.status(204).send();
  });
}
