import { z } from 'zod';
import { labelOf, VISIT_TYPES } from '../../../core/dictionaries.ts';
import { REQUEST_STATUSES } from '../../../core/prevention.ts';
import { VisitBatch, VisitCreate, VisitIntakeOut, VisitListOut, VisitOut, VisitStatsOut, VisitToDisputeCreate, VisitToDisputeOut, VisitUpdate } from '../../../core/schemas/visits.ts';
import { actorOf, ctxOf, sendFile, typed, XLSX_TYPE, type App } from '../../http.ts';
import { Day, IDS_QUERY, PAGE_QUERY, selectedIds } from '../../route-schemas.ts';
import { FORMAT_QUERY, monthPivotSheet, sendXlsx, workbook, type XlsxColumn } from '../../xlsx.ts';
import * as svc from './service.ts';
import { BatchResultOut } from '../../../core/schemas/batch.ts';

const Query = z.object({
  ...PAGE_QUERY,
  ...FORMAT_QUERY,
  type: z.string().optional(),
  region: z.string().optional(),
  from: Day.optional(),
  to: Day.optional(),
  requestStatus: z.string().optional(),
  disputeId: z.string().optional(),
  cadre: z.string().max(50).optional(),
  q: z.string().max(100).optional(),
  ...IDS_QUERY,
});
type Item = Awaited<ReturnType<typeof svc.listVisits>>['items'][number];
const COLUMNS: XlsxColumn<Item>[] = [
  { header: '日期', key: 'visitedOn', width: 12 },
  { header: '类型', key: 'type', width: 12, value: (r) => labelOf(VISIT_TYPES, r.type) },
  { header: '地区', key: 'regionName', width: 14 },
  { header: '接待/走访干部', key: 'cadres', width: 18 },
  { header: '接待对象', key: 'personsMet', width: 18 },
  { header: '人数', key: 'personsCount', width: 8 },
  { header: '反映诉求', key: 'requests', width: 36 },
  { header: '答复情况', key: 'answer', width: 36 },
  { header: '诉求办理', key: 'requestStatus', width: 10, value: (r) => labelOf(REQUEST_STATUSES, r.requestStatus) },
  { header: '需跟进', key: 'followUpNeeded', width: 8 },
  { header: '满意度', key: 'satisfaction', width: 8 },
  { header: '关联纠纷', key: 'disputeNumber', width: 16 },
];

export async function visitRoutes(app: App) {
  const r = typed(app);
  const database = () => app.database;
  r.get('/visits', { schema: { tags: ['visits'], summary: '四门四访与法律咨询台账（format=xlsx 导出）', querystring: Query, response: { 200: VisitListOut } } }, async (req, reply) => {
    const actor = actorOf(req);
    const { page, pageSize, format, ids, ...rest } = req.query;
    const f = { ...rest, ids: selectedIds(ids) };
    if (format === 'xlsx') return sendXlsx(reply, '走访接访台账', COLUMNS, (await svc.listVisits(database().db, actor, f, 1, 1, 50_000)).items);
    return svc.listVisits(database().db, actor, f, page, pageSize);
  });
  r.get(
    '/visits/stats',
    {
      schema: {
        tags: ['visits'],
        summary: '按月统计：类型、干部、村（社区）；未答复诉求（format=xlsx 导出）',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100), region: z.string().optional(), ...FORMAT_QUERY }),
        response: {
          200: VisitStatsOut,
        },
      },
    },
    async (req, reply) => {
      const s = await svc.visitStats(database().db, actorOf(req), req.query);
      if (req.query.format !== 'xlsx') return s;
      const buf = await workbook([
        monthPivotSheet('按类型', '类型', s.year, s.byType.map((r) => ({ key: r.type, name: labelOf(VISIT_TYPES, r.type), month: r.month, n: r.n }))),
        monthPivotSheet('按村（社区）', '村（社区）', s.year, s.byVillage.map((r) => ({ key: r.villageCode, name: r.villageName, month: r.month, n: r.n }))),
        monthPivotSheet('按干部', '干部', s.year, s.byCadre.map((r) => ({ name: r.cadre, month: r.month, n: r.n }))),
        {
          name: '群众诉求',
          columns: [{ header: '办理情况', width: 14 }, { header: '件数' }],
          rows: REQUEST_STATUSES.filter((x) => x.key !== 'none').map((x) => [x.label, s.requests[x.key] ?? 0]),
        },
      ]);
      return sendFile(reply, buf, `四门四访统计_${s.year}.xlsx`, XLSX_TYPE);
    },
  );
  r.post(
    '/visits/batch',
    {
      schema: {
        tags: ['visits'],
        summary: '批量答复诉求（每条记录单独修改，版本与权限同逐条修改；逐条返回成功或失败原因）',
        body: VisitBatch,
        response: { 200: BatchResultOut },
      },
    },
    async (req) => svc.batchVisits(database(), ctxOf(req), req.body, req.log),
  );
  r.get('/visits/:id', { schema: { tags: ['visits'], params: z.object({ id: z.string() }), response: { 200: VisitOut } } }, async (req) => svc.visitView(await svc.getVisit(database().db, actorOf(req), req.params.id)));
  r.post(
    '/visits',
    {
      schema: {
        tags: ['visits'],
        summary: '登记接访、约访、走访、回访或法律咨询（回访须关联纠纷，同纠纷的回访记录）',
        body: VisitCreate,
        response: { 201: VisitOut },
      },
    },
    async (req, reply) => reply.status(201).send(svc.visitView(await svc.createVisit(database(), ctxOf(req), req.body))),
  );
  r.get(
    '/visits/:id/intake',
    { schema: { tags: ['visits'], summary: '接访转纠纷的预填受理表单', params: z.object({ id: z.string() }), response: { 200: VisitIntakeOut } } },
    async (req) => {
      const x = await svc.visitIntake(database().db, actorOf(req), req.params.id);
      return { visit: svc.visitView(x.visit), intake: x.intake };
    },
  );
  r.post(
    '/visits/:id/to-dispute',
    {
      schema: {
        tags: ['visits'],
        summary: '接访、走访或法律咨询一键登记为纠纷（以记录预填受理，可修改任何字段；双向关联，一个事务）',
        params: z.object({ id: z.string() }),
        body: VisitToDisputeCreate,
        response: { 201: VisitToDisputeOut },
      },
    },
    async (req, reply) => {
      const res = await svc.visitToDispute(database(), app.cipher, ctxOf(req), req.params.id, req.body);
      return reply.status(201).send({ visit: svc.visitView(res.visit), dispute: { id: res.dispute.id, number: res.dispute.number, state: res.dispute.state } });
    },
  );
  r.patch(
    '/visits/:id',
    {
      schema: {
        tags: ['visits'],
        summary: '修改走访记录（如答复诉求）',
        params: z.object({ id: z.string() }),
        body: VisitUpdate,
        response: { 200: VisitOut },
      },
    },
    async (req) => svc.visitView(await svc.updateVisit(database(), ctxOf(req), req.params.id, req.body)),
  );
}
