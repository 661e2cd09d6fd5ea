import { z } from 'zod';
import { auditActionLabel, auditEntityLabel } from '../../../core/audit-labels.ts';
import { AuditPageOut } from '../../../core/schemas/audit.ts';
import { actorOf, typed, type App } from '../../http.ts';
import { FORMAT_QUERY, sendXlsx, type XlsxColumn } from '../../xlsx.ts';
import { pageQuery } from '../../route-schemas.ts';
import { exportAudit, listAudit, type AuditRow } from './service.ts';

const EXPORT_COLUMNS: XlsxColumn<AuditRow & { entityName: string | null }>[] = [
  { header: '序号', key: 'id', width: 10 },
  { header: '时间', key: 'at', width: 20 },
  { header: '操作人', key: 'actorName', width: 16 },
  { header: '操作', key: 'action', width: 18, value: (r) => auditActionLabel(r.action) },
  { header: '操作代码', key: 'actionCode', width: 20, value: (r) => r.action },
  { header: '对象类型', key: 'entity', width: 12, value: (r) => auditEntityLabel(r.entity) },
  { header: '对象', key: 'entityName', width: 24 },
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
      const actor = actorOf(req);
      if (req.query.format === 'xlsx') return sendXlsx(reply, '审计日志', EXPORT_COLUMNS, await exportAudit(app.database, actor, req.query));
      return listAudit(app.database, actor, req.query);
    },
  );
}
