import { z } from 'zod';
import { COURT_CASE_KINDS, INCIDENT_TYPES, labelOf, MEDIATION_RESULTS, SOURCE_TYPES, type Dict } from '../../../core/dictionaries.ts';
import { COURT_INSTANCES } from '../../../core/bundle-format.ts';
import { actorOf, ctxOf, typed, type App } from '../../http.ts';
import { FORMAT_QUERY, sendXlsx, type XlsxColumn } from '../../xlsx.ts';
import { Day, PAGE_QUERY } from '../../route-schemas.ts';
import * as svc from './service.ts';
import { OutsideRecordCreate, OutsideRecordOut, OutsideRecordUpdate, QueueListOut, QueueResolve, QueueResolvedOut, WarningOut, type OutsideKind } from '../../../core/schemas/court-data.ts';
import type { RegionInfo } from '../outside-data/region-context.ts';
import { MATCH_STATUS_LABELS } from '../../../core/dictionaries.ts';

const MATCH_LABELS = MATCH_STATUS_LABELS;

const LIST_QUERY = z.object({
  ...FORMAT_QUERY,
  q: z.string().max(100).optional(),
  region: z.string().max(40).optional(),
  from: Day.optional(),
  to: Day.optional(),
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  matchStatus: z.string().max(100).optional(),
  kind: z.string().max(40).optional(),
  instance: z.string().max(40).optional(),
  result: z.string().max(40).optional(),
  type: z.string().max(40).optional(),
  source: z.string().max(40).optional(),
  month: z.string().max(7).optional(),
  ...PAGE_QUERY,
});

type View = Record<string, unknown>;
const lbl = (d: Dict) => (v: unknown) => labelOf(d, v as string | null);
const sentence = (r: View) => (r.sentenceText ? String(r.sentenceText) : r.sentenceMonths === null || r.sentenceMonths === undefined ? '未判决' : `${r.sentenceMonths}个月`);

const XLSX: Record<OutsideKind, { name: string; columns: XlsxColumn<View>[] }> = {
  court_cases: {
    name: '法院一审案件',
    columns: [
      { header: '案号', key: 'caseNo', width: 28 },
      { header: '案件类型', key: 'kind', value: (r) => lbl(COURT_CASE_KINDS)(r.kind) },
      { header: '审级', key: 'instance', value: (r) => lbl(COURT_INSTANCES)(r.instance) },
      { header: '立案日期', key: 'filedOn', width: 12 },
      { header: '被告所在地区', key: 'defendantRegionName', width: 14 },
      { header: '被告所在地区代码', key: 'defendantRegionCode', width: 16 },
      { header: '所属乡镇', key: 'townName', width: 12 },
      { header: '被告住址', key: 'defendantAddress', width: 30 },
      { header: '归属方式', key: 'matchStatus', value: (r) => MATCH_LABELS[String(r.matchStatus)] ?? r.matchStatus },
    ],
  },
  prelitigation_mediations: {
    name: '诉前调解案件',
    columns: [
      { header: '诉前调解案号', key: 'caseNo', width: 30 },
      { header: '收案日期', key: 'receivedOn', width: 12 },
      { header: '结案日期', key: 'concludedOn', width: 12 },
      { header: '调解结果', key: 'result', value: (r) => lbl(MEDIATION_RESULTS)(r.result) },
      { header: '当事人所在地区', key: 'partyRegionName', width: 14 },
      { header: '被申请人所在地区', key: 'defendantRegionName', width: 14 },
      { header: '所属乡镇', key: 'townName', width: 12 },
      { header: '被申请人住址', key: 'defendantAddress', width: 30 },
      { header: '归属方式', key: 'matchStatus', value: (r) => MATCH_LABELS[String(r.matchStatus)] ?? r.matchStatus },
      { header: '关联纠纷编号', key: 'disputeNumber', width: 18 },
    ],
  },
  platform_disputes: {
    name: '调解平台纠纷',
    columns: [
      { header: '平台编号', key: 'platformNo', width: 20 },
      { header: '受理单位所在地区', key: 'unitRegionName', width: 14 },
      { header: '所属乡镇', key: 'townName', width: 12 },
      { header: '受理日期', key: 'acceptedOn', width: 12 },
      { header: '办结日期', key: 'concludedOn', width: 12 },
      { header: '化解结果', key: 'result', value: (r) => lbl(MEDIATION_RESULTS)(r.result) },
    ],
  },
  incidents: {
    name: '否决事项',
    columns: [
      { header: '事项编号', key: 'id', width: 20 },
      { header: '事项类型', key: 'type', width: 14, value: (r) => lbl(INCIDENT_TYPES)(r.type) },
      { header: '发生地区', key: 'regionName', width: 14 },
      { header: '所属乡镇', key: 'townName', width: 12 },
      { header: '发生日期', key: 'occurredOn', width: 12 },
      { header: '刑期', key: 'sentence', value: (r) => (r.type === 'intentional_crime' || r.sentenceMonths !== null ? sentence(r) : '') },
      { header: '事项描述', key: 'description', width: 40 },
    ],
  },
  city_benchmarks: {
    name: '全市万人起诉率',
    columns: [
      { header: '市', key: 'cityName', value: (r) => r.cityName ?? (r.cityCode ? r.cityCode : '本市') },
      { header: '年度', key: 'year' },
      { header: '万人起诉率', key: 'litigationRatePer10k' },
    ],
  },
  source_counts: {
    name: '四源月度数',
    columns: [
      { header: '地区', key: 'regionName', width: 14 },
      { header: '地区代码', key: 'regionCode', width: 16 },
      { header: '月份', key: 'month' },
      { header: '来源', key: 'source', value: (r) => lbl(SOURCE_TYPES)(r.source) },
      { header: '数量', key: 'count' },
    ],
  },
};

/** Registers list (+ .xlsx), read, create, edit (version checked) and delete for one kind of record. */
export function outsideRoutes(app: App, kind: OutsideKind, path: string, tag: string) {
  const r = typed(app);
  const View = OutsideRecordOut[kind];
  const what = svc.OUTSIDE_LABELS[kind];
  const Saved = z.object({ item: View, warnings: z.array(WarningOut) });
  // the view as its response schema types it (the rows are generic, as the bundle handlers read them)
  const view = (row: Record<string, unknown>, names: Map<string, RegionInfo>) => View.parse(svc.recordView(kind, row, names));
  r.get(
    `/${path}`,
    { schema: { tags: [tag], summary: `${what}列表（format=xlsx 导出）`, querystring: LIST_QUERY, response: { 200: z.object({ items: z.array(View), total: z.number() }) } } },
    async (req, reply) => {
      const actor = actorOf(req);
      const xlsx = req.query.format === 'xlsx';
      const { rows, total } = await svc.listRecords(app.database.db, actor, kind, req.query, { all: xlsx });
      const names = await svc.regionNames(app.database);
      if (xlsx) return sendXlsx(reply, XLSX[kind].name, XLSX[kind].columns, rows.map((x) => svc.recordView(kind, x, names)));
      return { items: rows.map((x) => view(x, names)), total };
    },
  );
  r.get(`/${path}/:key`, { schema: { tags: [tag], summary: `${what}详情`, params: z.object({ key: z.string() }), response: { 200: View } } }, async (req) => {
    const row = await svc.getRecord(app.database.db, actorOf(req), kind, req.params.key);
    return view(row, await svc.regionNames(app.database));
  });
  r.post(`/${path}`, { schema: { tags: [tag], summary: `新增${what}`, body: OutsideRecordCreate[kind], response: { 201: Saved } } }, async (req, reply) => {
    const res = await svc.createRecord(app.database, ctxOf(req), kind, req.body);
    return reply.status(201).send({ item: view(res.row, await svc.regionNames(app.database)), warnings: res.warnings });
  });
  r.patch(
    `/${path}/:key`,
    { schema: { tags: [tag], summary: `修改${what}（须带 version）`, params: z.object({ key: z.string() }), body: OutsideRecordUpdate[kind], response: { 200: Saved } } },
    async (req) => {
      const res = await svc.updateRecord(app.database, ctxOf(req), kind, req.params.key, req.body);
      return { item: view(res.row, await svc.regionNames(app.database)), warnings: res.warnings };
    },
  );
  r.delete(
    `/${path}/:key`,
    { schema: { tags: [tag], summary: `删除${what}（须带 version）`, params: z.object({ key: z.string() }), querystring: z.object({ version: z.coerce.number().int() }), response: { 200: z.object({ ok: z.boolean() }) } } },
    async (req) => {
      await svc.deleteRecord(app.database, ctxOf(req), kind, req.params.key, req.query.version);
      return { ok: true };
    },
  );
}

export async function courtDataRoutes(app: App) {
  outsideRoutes(app, 'court_cases', 'court-cases', 'court-data');
  outsideRoutes(app, 'prelitigation_mediations', 'prelitigation-mediations', 'court-data');
  outsideRoutes(app, 'platform_disputes', 'platform-disputes', 'court-data');
  outsideRoutes(app, 'city_benchmarks', 'city-benchmarks', 'court-data');
  outsideRoutes(app, 'source_counts', 'source-counts', 'court-data');
  const r = typed(app);
  r.get(
    '/resolution-queue',
    {
      schema: {
        tags: ['court-data'],
        summary: '地址待确认村（社区）的记录',
        querystring: z.object({ status: z.enum(['open', 'resolved', 'all']).default('open'), town: z.string().optional(), ...PAGE_QUERY }),
        response: { 200: QueueListOut },
      },
    },
    async (req) => svc.listQueue(app.database, actorOf(req), req.query),
  );
  r.post(
    '/resolution-queue/:id/resolve',
    {
      schema: {
        tags: ['court-data'],
        summary: '确认地址所属村（社区）（记为该村别名）',
        params: z.object({ id: z.string() }),
        body: QueueResolve,
        response: { 200: QueueResolvedOut },
      },
    },
    async (req) => svc.resolveQueueItem(app.database, ctxOf(req), req.params.id, req.body.regionCode),
  );
}
