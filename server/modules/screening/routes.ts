import { z } from 'zod';
import { DISPUTE_CATEGORIES, labelOf, RISK_LEVELS, RISK_STATUSES, SCREENING_TYPES } from '../../../core/dictionaries.ts';
import { actorOf, ctxOf, typed, type App } from '../../http.ts';
import { Day, IDS_QUERY, PAGE_QUERY, selectedIds } from '../../route-schemas.ts';
import { CampaignCreate, CampaignDetailOut, CampaignListOut, CampaignOut, CampaignUpdate, ReportFile, ReportFiledOut, ReportOut, ReportReopen, RiskIntakeOut, RiskListOut, RiskOut, RiskToDisputeOut, SummaryOut, TaskOut } from '../../../core/schemas/screening.ts';
import { FORMAT_QUERY, sendXlsx, type XlsxColumn } from '../../xlsx.ts';
import * as svc from './service.ts';
import * as rk from './risks.ts';
import { RiskCreate, RiskDisputeLink, RiskToDisputeCreate, RiskUpdate } from '../../../core/schemas/risks.ts';
import { TARGET_STATE_LABELS, type TargetState } from '../../../core/prevention.ts';

const campaignOut = (c: svc.CampaignRow) => ({ id: c.id, regionCode: c.regionCode, townCode: c.townCode, title: c.title, type: c.type, startsOn: c.startsOn, endsOn: c.endsOn, deadline: c.deadline, notes: c.notes, version: c.version });
const reportOut = (r: svc.ReportRow) => ({ id: r.id, regionCode: r.regionCode, status: r.status, zeroReport: r.zeroReport, notes: r.notes, submittedOn: r.submittedOn, submittedByName: r.submittedByName, reopenReason: r.reopenReason, reopenedBy: r.reopenedBy, version: r.version });

const RiskQuery = z.object({
  status: z.string().optional(),
  category: z.string().optional(),
  level: z.string().optional(),
  region: z.string().optional(),
  campaign: z.string().optional(),
  from: Day.optional(),
  to: Day.optional(),
  q: z.string().max(100).optional(),
  ...IDS_QUERY,
});

type CampaignRow = ReturnType<typeof campaignOut> & { summary: z.infer<typeof SummaryOut> };
const CAMPAIGN_COLUMNS: XlsxColumn<CampaignRow>[] = [
  { header: '排查名称', key: 'title', width: 30 },
  { header: '类型', key: 'type', value: (c) => labelOf(SCREENING_TYPES, c.type) },
  { header: '开始日期', key: 'startsOn', width: 12 },
  { header: '结束日期', key: 'endsOn', width: 12 },
  { header: '上报截止', key: 'deadline', width: 12 },
  { header: '覆盖地区', key: 'covered', value: (c) => c.summary.covered },
  { header: '已上报', key: 'reported', value: (c) => c.summary.reported },
  { header: '按时上报', key: 'onTime', value: (c) => c.summary.onTime },
  { header: '迟报', key: 'late', value: (c) => c.summary.late },
  { header: '未报', key: 'missing', value: (c) => c.summary.missing },
  { header: '按时覆盖率', key: 'coverage', value: (c) => (c.summary.coverage.value === null ? c.summary.coverage.reason : `${(c.summary.coverage.value * 100).toFixed(1)}%`) },
  { header: '发现隐患', key: 'risksFound', value: (c) => c.summary.risksFound },
  { header: '零报告', key: 'zeroReports', value: (c) => c.summary.zeroReports },
];

type TargetRow = { regionCode: string; name: string; state: TargetState; report: z.infer<typeof ReportOut> | null; risks: unknown[] };
const TARGET_COLUMNS: XlsxColumn<TargetRow>[] = [
  { header: '地区代码', key: 'regionCode', width: 14 },
  { header: '地区', key: 'name', width: 18 },
  { header: '上报情况', key: 'state', value: (t) => TARGET_STATE_LABELS[t.state] },
  { header: '上报日期', key: 'submittedOn', width: 12, value: (t) => t.report?.submittedOn },
  { header: '上报人', key: 'submittedByName', value: (t) => t.report?.submittedByName },
  { header: '零报告', key: 'zeroReport', value: (t) => t.report?.zeroReport },
  { header: '发现隐患', key: 'risks', value: (t) => t.risks.length },
  { header: '说明', key: 'notes', width: 30, value: (t) => t.report?.notes },
  { header: '退回原因', key: 'reopenReason', width: 24, value: (t) => t.report?.reopenReason },
];

const RISK_COLUMNS: XlsxColumn<rk.RiskView & { regionName: string }>[] = [
  { header: '发现日期', key: 'foundOn', width: 12 },
  { header: '地区', key: 'regionName', width: 16 },
  { header: '地区代码', key: 'regionCode', width: 18 },
  { header: '类别', key: 'category', width: 12, value: (r) => labelOf(DISPUTE_CATEGORIES, r.category) },
  { header: '涉及人员', key: 'peopleInvolved', width: 20 },
  { header: '涉及人数', key: 'peopleCount', width: 10 },
  { header: '风险等级', key: 'level', width: 10, value: (r) => labelOf(RISK_LEVELS, r.level) },
  { header: '隐患情况', key: 'description', width: 40 },
  { header: '化解措施', key: 'measures', width: 30 },
  { header: '状态', key: 'status', width: 10, value: (r) => labelOf(RISK_STATUSES, r.status) },
  { header: '转为纠纷', key: 'disputeId', width: 12, value: (r) => (r.disputeId ? '是' : '否') },
];

export async function screeningRoutes(app: App) {
  const r = typed(app);
  const database = () => app.database;

  r.get(
    '/screening/campaigns',
    {
      schema: {
        tags: ['screening'],
        summary: '排查列表（含覆盖率；format=xlsx 导出）',
        querystring: z.object({ year: z.coerce.number().int().optional(), type: z.string().optional(), town: z.string().optional(), open: z.coerce.boolean().optional(), ...FORMAT_QUERY }),
        response: { 200: CampaignListOut },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const list = (await svc.listCampaigns(database().db, actor, req.query)).map((x) => ({ ...campaignOut(x.campaign), summary: x.summary }));
      if (req.query.format === 'xlsx') return sendXlsx(reply, '矛盾纠纷排查', CAMPAIGN_COLUMNS, list);
      return list;
    },
  );
  r.post('/screening/campaigns', { schema: { tags: ['screening'], summary: '新建排查', body: CampaignCreate, response: { 201: CampaignOut } } }, async (req, reply) =>
    reply.status(201).send(campaignOut(await svc.createCampaign(database(), ctxOf(req), req.body))),
  );
  r.get(
    '/screening/campaigns/:id',
    {
      schema: {
        tags: ['screening'],
        summary: '排查详情：覆盖地区、上报情况、覆盖率与迟报（format=xlsx 导出各地区上报情况）',
        params: z.object({ id: z.string() }),
        querystring: z.object(FORMAT_QUERY),
        response: {
          200: CampaignDetailOut,
        },
      },
    },
    async (req, reply) => {
      const d = await svc.campaignDetail(database().db, actorOf(req), req.params.id);
      const targets = d.targets.map((t) => ({ ...t, report: t.report ? reportOut(t.report) : null }));
      if (req.query.format === 'xlsx') return sendXlsx(reply, `排查上报情况_${d.campaign.title}`, TARGET_COLUMNS, targets);
      return { campaign: campaignOut(d.campaign), summary: d.summary, targets };
    },
  );
  r.patch(
    '/screening/campaigns/:id',
    { schema: { tags: ['screening'], summary: '修改排查', params: z.object({ id: z.string() }), body: CampaignUpdate, response: { 200: CampaignOut } } },
    async (req) => campaignOut(await svc.updateCampaign(database(), ctxOf(req), req.params.id, req.body)),
  );
  r.delete('/screening/campaigns/:id', { schema: { tags: ['screening'], summary: '删除排查（无上报时）', params: z.object({ id: z.string() }) } }, async (req, reply) => {
    await svc.deleteCampaign(database(), ctxOf(req), req.params.id);
    return reply.status(204).send();
  });
  r.post(
    '/screening/campaigns/:id/reports',
    {
      schema: {
        tags: ['screening'],
        summary: '上报排查结果（隐患或零报告）',
        params: z.object({ id: z.string() }),
        body: ReportFile,
        response: { 201: ReportFiledOut },
      },
    },
    async (req, reply) => {
      const res = await svc.fileReport(database(), ctxOf(req), req.params.id, req.body);
      return reply.status(201).send({ report: reportOut(res.report), risks: res.risks.map((x) => rk.riskView(x, req.actor)), late: res.late });
    },
  );
  r.post(
    '/screening/reports/:id/reopen',
    { schema: { tags: ['screening'], summary: '退回已上报的排查报告（镇平安办，须说明原因）', params: z.object({ id: z.string() }), body: ReportReopen, response: { 200: ReportOut } } },
    async (req) => reportOut(await svc.reopenReport(database(), ctxOf(req), req.params.id, req.body)),
  );
  r.get(
    '/screening/my-tasks',
    {
      schema: {
        tags: ['screening'],
        summary: '本人辖区待上报的排查（手机端）',
        response: { 200: z.array(TaskOut) },
      },
    },
    async (req) => svc.myTasks(database().db, actorOf(req)),
  );

  // ---- risk register
  r.get(
    '/risks',
    {
      schema: {
        tags: ['screening'],
        summary: '隐患台账（format=xlsx 导出）',
        querystring: RiskQuery.extend({ ...PAGE_QUERY, ...FORMAT_QUERY }),
        response: { 200: RiskListOut },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { page, pageSize, format, ids, ...rest } = req.query;
      const f = { ...rest, ids: selectedIds(ids) };
      if (format === 'xlsx') return sendXlsx(reply, '隐患台账', RISK_COLUMNS, await rk.exportRisks(database().db, actor, f));
      return rk.listRisks(database().db, actor, f, page, pageSize);
    },
  );
  r.post('/risks', { schema: { tags: ['screening'], summary: '登记隐患', body: RiskCreate, response: { 201: RiskOut } } }, async (req, reply) =>
    reply.status(201).send(rk.riskView(await rk.createRisk(database(), ctxOf(req), req.body), req.actor)),
  );
  r.get('/risks/:id', { schema: { tags: ['screening'], summary: '隐患详情', params: z.object({ id: z.string() }), response: { 200: RiskOut } } }, async (req) => {
    return rk.riskView(await rk.readRisk(database().db, actorOf(req), req.params.id), req.actor);
  });
  r.patch(
    '/risks/:id',
    {
      schema: {
        tags: ['screening'],
        summary: '修改隐患（措施、状态等）',
        params: z.object({ id: z.string() }),
        body: RiskUpdate,
        response: { 200: RiskOut },
      },
    },
    async (req) => rk.riskView(await rk.updateRisk(database(), ctxOf(req), req.params.id, req.body), req.actor),
  );
  r.get(
    '/risks/:id/intake',
    {
      schema: {
        tags: ['screening'],
        summary: '隐患转纠纷的预填受理表单',
        params: z.object({ id: z.string() }),
        response: { 200: RiskIntakeOut },
      },
    },
    async (req) => {
      const x = await rk.riskIntake(database().db, actorOf(req), req.params.id);
      return { risk: rk.riskView(x.risk, req.actor), intake: x.intake };
    },
  );
  r.post(
    '/risks/:id/to-dispute',
    {
      schema: {
        tags: ['screening'],
        summary: '隐患一键转为纠纷（以隐患预填受理，可修改任何字段；双向关联）',
        params: z.object({ id: z.string() }),
        body: RiskToDisputeCreate,
        response: { 201: RiskToDisputeOut },
      },
    },
    async (req, reply) => {
      const res = await rk.riskToDispute(database(), app.cipher, ctxOf(req), req.params.id, req.body);
      return reply.status(201).send({ risk: rk.riskView(res.risk, req.actor), dispute: { id: res.dispute.id, number: res.dispute.number, state: res.dispute.state } });
    },
  );
  r.post(
    '/risks/:id/link-dispute',
    { schema: { tags: ['screening'], summary: '把隐患与已登记的纠纷关联（状态改为已转纠纷）', params: z.object({ id: z.string() }), body: RiskDisputeLink, response: { 200: RiskOut } } },
    async (req) => rk.riskView(await rk.linkDisputeCommand(database(), ctxOf(req), req.params.id, req.body.disputeId), req.actor),
  );
}
