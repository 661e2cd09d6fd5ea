import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditActionLabel, auditEntityLabel } from '../../../core/audit-labels.ts';
import { AuditPageOut } from '../../../core/schemas/audit.ts';
import { auditLog } from '../../db/schema/index.ts';
import { ctxOf, typed, type App } from '../../http.ts';
import { FORMAT_QUERY, sendXlsx, type XlsxColumn } from '../../xlsx.ts';
import { pageQuery } from '../../route-schemas.ts';
import { containsText, escapeLike } from '../../db/text-search.ts';

/** An export holds at most this many entries (newest first); narrow the filters for older ones. */
const EXPORT_LIMIT = 50_000;

type AuditRow = typeof auditLog.$inferSelect;
const EXPORT_COLUMNS: XlsxColumn<AuditRow>[] = [
  { header: '序号', key: 'id', width: 10 },
  { header: '时间', key: 'at', width: 20 },
  { header: '操作人', key: 'actorName', width: 16 },
  { header: '操作', key: 'action', width: 18, value: (r) => auditActionLabel(r.action) },
  { header: '操作代码', key: 'actionCode', width: 20, value: (r) => r.action },
  { header: '对象类型', key: 'entity', width: 12, value: (r) => auditEntityLabel(r.entity) },
  { header: '对象编号', key: 'entityId', width: 38 },
  { header: '所属乡镇', key: 'townCode', width: 16 },
  { header: '修改前', key: 'before', width: 50 },
  { header: '修改后', key: 'after', width: 50 },
  { header: '请求号', key: 'requestId', width: 38 },
];

export async function auditRoutes(app: App) {
  typed(app).get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志（按人、记录、日期筛选；format=xlsx 导出 Excel）',
        querystring: z.object({
          ...FORMAT_QUERY,
          actor: z.string().optional(),
          entity: z.string().optional(),
          entityId: z.string().optional(),
          action: z.string().optional(),
          from: z.iso.date().optional(),
          to: z.iso.date().optional(),
          ...pageQuery(200, 50),
        }),
        response: { 200: AuditPageOut },
      },
    },
    async (req, reply) => {
      ctxOf(req, 'audit.read');
      const q = req.query;
      const conds: SQL[] = [];
      if (q.actor) conds.push(containsText([auditLog.actorName], q.actor));
      if (q.entity) conds.push(eq(auditLog.entity, q.entity));
      if (q.entityId) conds.push(eq(auditLog.entityId, q.entityId));
      if (q.action) conds.push(sql`${auditLog.action} like ${escapeLike(q.action) + '%'}`);
      // calendar days are Asia/Shanghai days
      if (q.from) conds.push(gte(auditLog.at, new Date(`${q.from}T00:00:00+08:00`)));
      if (q.to) conds.push(lt(auditLog.at, new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86400_000)));
      const where = conds.length ? and(...conds) : undefined;
      if (q.format === 'xlsx') {
        const rows = await app.database.db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(EXPORT_LIMIT);
        return sendXlsx(reply, '审计日志', EXPORT_COLUMNS, rows);
      }
      const [items, [{ total }]] = await Promise.all([
        app.database.db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
        app.database.db.select({ total: sql<number>`count(*)::int` }).from(auditLog).where(where),
      ]);
      return { items, total };
    },
  );
}
