import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog } from '../../db/schema/index.ts';
import { ctxOf, typed, type App } from '../../http.ts';

export async function auditRoutes(app: App) {
  typed(app).get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志（按人、记录、日期筛选）',
        querystring: z.object({
          actor: z.string().optional(),
          entity: z.string().optional(),
          entityId: z.string().optional(),
          action: z.string().optional(),
          from: z.iso.date().optional(),
          to: z.iso.date().optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
    },
    async (req) => {
      ctxOf(req, 'audit.read');
      const q = req.query;
      const conds: SQL[] = [];
      if (q.actor) conds.push(sql`${auditLog.actorName} ilike ${'%' + q.actor + '%'}`);
      if (q.entity) conds.push(eq(auditLog.entity, q.entity));
      if (q.entityId) conds.push(eq(auditLog.entityId, q.entityId));
      if (q.action) conds.push(sql`${auditLog.action} like ${q.action + '%'}`);
      // calendar days are Asia/Shanghai days
      if (q.from) conds.push(gte(auditLog.at, new Date(`${q.from}T00:00:00+08:00`)));
      if (q.to) conds.push(lt(auditLog.at, new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86400_000)));
      const where = conds.length ? and(...conds) : undefined;
      const [items, [{ total }]] = await Promise.all([
        app.database.db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
        app.database.db.select({ total: sql<number>`count(*)::int` }).from(auditLog).where(where),
      ]);
      return { items, total };
    },
  );
}
