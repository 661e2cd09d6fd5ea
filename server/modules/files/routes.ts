import { z } from 'zod';
import { invalid } from '../../errors.ts';
import { actorOf, ctxOf, typed, type App } from '../../http.ts';
import { isVideoType } from '../../../core/prevention.ts';
import * as svc from './service.ts';
import { FileOut } from '../prevention/common.ts';


export async function fileRoutes(app: App) {
  const r = typed(app);
  r.post(
    '/files',
    {
      schema: {
        tags: ['files'],
        summary: '上传附件（multipart，字段 file；JPEG/PNG/WebP/PDF，不超过 5 MB；法治宣传活动另可传 MP4/WebM 视频，不超过 50 MB）',
        querystring: z.object({ ownerEntity: z.string().min(1), ownerId: z.string().min(1) }),
        response: { 201: FileOut },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      if (!req.isMultipart()) throw invalid('请以 multipart/form-data 上传文件');
      const max = svc.ownerMaxBytes(req.query.ownerEntity);
      const part = await req.file({ limits: { fileSize: max, files: 1 } });
      if (!part) throw invalid('没有收到文件');
      let content: Buffer;
      try {
        content = await part.toBuffer();
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode === 413) throw svc.tooLarge(max);
        throw e;
      }
      const row = await svc.storeFile(app.database, ctx, { ownerEntity: req.query.ownerEntity, ownerId: req.query.ownerId, filename: part.filename, content });
      return reply.status(201).send(svc.fileView(row));
    },
  );
  r.get('/files/:id', { schema: { tags: ['files'], summary: '下载或查看附件（仅限可见范围内的用户）', params: z.object({ id: z.string() }) } }, async (req, reply) => {
    const f = await svc.readFile(app.database.db, actorOf(req), req.params.id);
    // videos play in the page and seek: answer byte ranges
    const range = isVideoType(f.mimeType) ? /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '') : null;
    if (range && (range[1] || range[2])) {
      const size = f.content.length;
      const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
      const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      if (start >= size || start > end) return reply.status(416).header('content-range', `bytes */${size}`).send();
      return reply
        .status(206)
        .header('content-type', f.mimeType)
        .header('accept-ranges', 'bytes')
        .header('content-range', `bytes ${start}-${end}/${size}`)
        .header('cache-control', 'private, max-age=3600')
        .send(f.content.subarray(start, end + 1));
    }
    if (isVideoType(f.mimeType)) reply.header('accept-ranges', 'bytes');
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
