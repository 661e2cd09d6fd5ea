import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AGREEMENT_FORMS,
  CHANNELS,
  DISPUTE_OUTCOMES,
  DISPUTE_STATES,
  LEVELS,
  RISK_LEVELS,
  labelOf,
} from '../../../core/dictionaries.ts';
import {
  AgreementOut,
  AgreementUpdate,
  CreatedOut,
  DetailOut,
  DictionariesOut,
  DictionariesUpdate,
  DisputeAction,
  DisputeCreate,
  DisputeNote,
  DuplicatesOut,
  IdentityReveal,
  ListOut,
  MonthlyOut,
  ProgressOut,
  RevealOut,
  RouteOverride,
  SimilarCasesOut,
  PartyHistoryOut,
  SignatureCreate,
  SignaturesOut,
  StatsOut,
  TodoOut,
  UnitOptionOut,
  WarningsOut,
  type DisputeItem,
  type DisputeStats,
  type Counts,
} from '../../../core/schemas/disputes.ts';
import { actorOf, ctxOf, DOCX_TYPE, sendFile, typed, XLSX_TYPE, type App } from '../../http.ts';
import { sendXlsx, workbook, type Sheet, type XlsxColumn } from '../../xlsx.ts';
import { agreementDocx } from './agreement-docx.ts';
import { caseFileDocx } from './case-file-docx.ts';
import { disputeDictionaries, saveDisputeDictionaries } from './dictionaries.ts';
import { disputeStats, monthlyCounts, todoList, warningList } from './reports.ts';
import { performAction, addNote } from './actions.ts';
import { updateAgreement } from './agreement.ts';
import { findDuplicates } from './duplicates.ts';
import { createDispute, createdDetail } from './intake.ts';
import { publicProgress } from './progress.ts';
import { exportDisputes, getDispute, listDisputes, revealIdentity, unitsForDispute, type ListFilter } from './views.ts';
import { Day, IDS_QUERY, Month, PAGE_QUERY, selectedIds } from '../../route-schemas.ts';
import { gradeLabel } from '../../../core/grading.ts';
import { overrideRoute } from './grading.ts';
import { similarCases } from './similar.ts';
import { partyHistory } from './brief.ts';
import { addSignature, listSignatures } from './signatures.ts';
import { batchDisputes } from './batch.ts';
import { disputeAttachments } from './attachments.ts';
import { DisputeBatch } from '../../../core/schemas/disputes.ts';
import { BatchResultOut } from '../../../core/schemas/batch.ts';
import { FileOut } from '../../../core/schemas/prevention.ts';

const commaList = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined));
const bool = z
  .enum(['1', '0', 'true', 'false'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === '1' || v === 'true'));

const ListQuery = z.object({
  format: z.enum(['json', 'xlsx']).optional(),
  state: commaList,
  region: z.string().optional(),
  category: commaList,
  overdue: bool,
  q: z.string().max(100).optional(),
  ...PAGE_QUERY,
  level: commaList,
  riskLevel: commaList,
  channel: commaList,
  from: Day.optional(),
  to: Day.optional(),
  mine: bool,
  flag: commaList,
  /** four-colour grades, comma list (green, yellow, orange, red) */
  grade: commaList,
  /** `grade`: red first, then orange, yellow, green (newest first within a colour); default newest first */
  sort: z.enum(['received', 'grade']).optional(),
  ...IDS_QUERY,
});

const Id = z.object({ id: z.string() });
const DuplicatesQuery = z.object({ idNumber: z.string().max(40).optional(), phone: z.string().max(40).optional(), category: z.string().optional(), receivedOn: Day.optional() });

function listColumns(categoryLabel: (k: string) => string): XlsxColumn<DisputeItem>[] {
  return [
    { header: '编号', key: 'number', width: 18 },
    { header: '登记日期', key: 'receivedOn', width: 12 },
    { header: '发生地', key: 'regionName', width: 14 },
    { header: '受理渠道', key: 'channel', value: (r) => labelOf(CHANNELS, r.channel) },
    { header: '纠纷类别', key: 'category', value: (r) => categoryLabel(r.category) },
    { header: '简要情况', key: 'summary', width: 50 },
    { header: '当事人', key: 'parties', width: 24, value: (r) => r.parties.map((p) => `${p.role === 'applicant' ? '申' : '被'}：${p.name}`) },
    { header: '联系电话', key: 'phones', width: 18, value: (r) => r.parties.map((p) => p.phone).filter(Boolean) },
    { header: '涉及人数', key: 'peopleCount' },
    { header: '涉及金额（元）', key: 'amount', value: (r) => (r.amount === null ? null : Number(r.amount)) },
    { header: '风险等级', key: 'riskLevel', value: (r) => labelOf(RISK_LEVELS, r.riskLevel) },
    { header: '四色分级', key: 'grade', value: (r) => gradeLabel(r.grade) },
    { header: '分级理由', key: 'gradeReasons', width: 40, value: (r) => r.gradeReasons.join('；') },
    { header: '可能民转刑', key: 'mayTurnCriminal' },
    { header: '扬言上访', key: 'threatensPetition' },
    { header: '群体性', key: 'group' },
    { header: '状态', key: 'state', value: (r) => labelOf(DISPUTE_STATES, r.state) },
    { header: '当前层级', key: 'currentLevel', value: (r) => labelOf(LEVELS, r.currentLevel) },
    { header: '承办单位', key: 'currentUnitName', width: 18 },
    { header: '承办人', key: 'currentHandlerName' },
    { header: '办理期限', key: 'dueOn', width: 12 },
    { header: '超期', key: 'overdue' },
    { header: '调解次数', key: 'sessionsCount' },
    { header: '结果', key: 'outcome', value: (r) => labelOf(DISPUTE_OUTCOMES, r.outcome) },
    { header: '办结日期', key: 'concludedOn', width: 12 },
  ];
}

const pct = (v: number | null) => (v === null ? null : `${(v * 100).toFixed(1)}%`);

function statsSheets(s: DisputeStats): Sheet[] {
  const countCols = [
    { header: '本月受理', width: 10 },
    { header: '本月调解成功', width: 12 },
    { header: '本月调解不成', width: 12 },
    { header: '本月引导诉讼', width: 12 },
    { header: '本月撤回', width: 10 },
    { header: '月末在办', width: 10 },
    { header: '本月成功率', width: 10 },
    { header: '本年累计受理', width: 12 },
    { header: '本年累计成功', width: 12 },
    { header: '本年累计不成', width: 12 },
    { header: '本年累计引导诉讼', width: 14 },
    { header: '本年累计撤回', width: 12 },
    { header: '本年成功率', width: 10 },
  ];
  const counts = (m: Counts, y: Counts) => [m.received, m.resolved, m.failed, m.litigation, m.withdrawn, m.pending, pct(m.successRate), y.received, y.resolved, y.failed, y.litigation, y.withdrawn, pct(y.successRate)];
  const title = (what: string) => [`${s.region.name} ${s.month} ${what}`, `统计期间：${s.period.from} 至 ${s.period.to}（本年累计自 ${s.period.yearFrom}）`];
  return [
    {
      name: '按纠纷类别',
      title: title('人民调解案件统计（按类别）'),
      columns: [{ header: '纠纷类别', width: 16 }, ...countCols],
      rows: [...s.byCategory, s.totals].map((r) => [r.label, ...counts(r.month, r.year)]),
    },
    {
      name: '按来源渠道',
      title: title('人民调解案件统计（按来源）'),
      columns: [{ header: '受理渠道', width: 16 }, ...countCols],
      rows: s.byChannel.map((r) => [r.label, ...counts(r.month, r.year)]),
    },
    {
      name: '按化解层级',
      title: title('人民调解案件统计（按化解层级）'),
      columns: [{ header: '层级', width: 16 }, ...countCols],
      rows: s.byResolutionLevel.map((r) => [r.label, ...counts(r.month, r.year)]),
    },
    {
      name: '协议形式',
      title: title('调解协议形式'),
      columns: [{ header: '协议形式', width: 12 }, { header: '本月件数' }, { header: '本月涉及金额（元）', width: 16 }, { header: '本年累计件数', width: 12 }, { header: '本年涉及金额（元）', width: 16 }],
      rows: s.agreementForms.map((f) => [f.label, f.month, Number(f.monthAmount), f.year, Number(f.yearAmount)]),
    },
    {
      name: '综治矛盾纠纷报表',
      title: title('矛盾纠纷排查化解情况报表'),
      columns: [
        { header: '地区', width: 18 },
        { header: '本月排查受理', width: 12 },
        { header: '其中群体性', width: 10 },
        { header: '可能民转刑', width: 10 },
        { header: '扬言上访', width: 10 },
        { header: '重大风险', width: 10 },
        { header: '涉及人数', width: 10 },
        { header: '涉及金额（元）', width: 14 },
        { header: '调解成功', width: 10 },
        { header: '调解不成', width: 10 },
        { header: '引导诉讼', width: 10 },
        { header: '撤回', width: 8 },
        { header: '月末在办', width: 10 },
        { header: '化解成功率', width: 10 },
      ],
      rows: s.governance.map((g) => [g.regionName, g.received, g.groupDisputes, g.mayTurnCriminal, g.threatensPetition, g.majorRisk, g.peopleInvolved, Number(g.amount), g.resolved, g.failed, g.litigation, g.withdrawn, g.pending, pct(g.successRate)]),
    },
  ];
}


export async function disputeRoutes(app: App) {
  const r = typed(app);
  const db = () => app.database.db;

  /** The ledger page or its .xlsx, for GET /disputes and POST /disputes/search alike. */
  async function ledger(req: FastifyRequest, reply: FastifyReply, q: z.output<typeof ListQuery>) {
    const actor = actorOf(req);
    const { format, ids, ...f } = q;
    const filter = { ...f, ids: selectedIds(ids), flag: f.flag as ListFilter['flag'] };
    if (format === 'xlsx') {
      const rows = await exportDisputes(db(), app.cipher, actor, filter);
      const dict = await disputeDictionaries(db());
      return sendXlsx(reply, '纠纷台账', listColumns((k) => labelOf(dict.categories, k)), rows);
    }
    return listDisputes(db(), app.cipher, actor, filter);
  }

  r.get(
    '/disputes',
    {
      schema: {
        tags: ['disputes'],
        summary: '纠纷台账（筛选、分页；format=xlsx 导出当前筛选结果）',
        querystring: ListQuery,
        response: { 200: ListOut },
      },
    },
    async (req, reply) => ledger(req, reply, req.query),
  );

  // the same list with the filter in the body: an identity number searched for never appears in a URL
  r.post(
    '/disputes/search',
    {
      schema: {
        tags: ['disputes'],
        summary: '纠纷台账查询（筛选条件放在请求体中，按身份证号查询时使用，身份证号不进入网址；format=xlsx 导出）',
        body: ListQuery,
        response: { 200: ListOut },
      },
    },
    async (req, reply) => ledger(req, reply, req.body),
  );

  r.post(
    '/disputes',
    {
      schema: {
        tags: ['disputes'],
        summary: '登记纠纷（一门受理；Idempotency-Key 头防止重复提交）',
        body: DisputeCreate,
        response: { 201: CreatedOut },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const key = req.headers['idempotency-key'];
      const idempotencyKey = typeof key === 'string' && key.trim() ? key.trim().slice(0, 200) : null;
      const res = await createDispute(app.database, app.cipher, ctx, req.body, { idempotencyKey });
      const detail = await createdDetail(db(), ctx.actor, res);
      if (res.replay) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send({ ...detail, duplicates: res.duplicates });
    },
  );

  r.post(
    '/disputes/batch',
    {
      schema: {
        tags: ['disputes'],
        summary: '批量受理或指派（每件纠纷单独执行受理，权限、范围、版本与逐件受理相同；逐件返回成功或失败原因）',
        body: DisputeBatch,
        response: { 200: BatchResultOut },
      },
    },
    async (req) => batchDisputes(app.database, ctxOf(req), req.body, { log: req.log }),
  );

  r.get(
    '/disputes/:id/attachments',
    { schema: { tags: ['disputes'], summary: '纠纷的照片和附件（上传：POST /api/files?ownerEntity=dispute&ownerId=…；JPEG/PNG/WebP/PDF/Word，每个不超过 10 MB，每件最多 9 个）', params: Id, response: { 200: z.object({ items: z.array(FileOut) }) } } },
    async (req) => ({ items: await disputeAttachments(db(), actorOf(req), req.params.id) }),
  );

  r.get(
    '/disputes/duplicates',
    {
      schema: {
        tags: ['disputes'],
        summary: '疑似重复纠纷（同一身份证号或电话、同一类别、90 天内）',
        querystring: DuplicatesQuery,
        response: { 200: DuplicatesOut },
      },
    },
    async (req) => ({ items: await findDuplicates(db(), app.cipher, actorOf(req), req.query) }),
  );
  r.post(
    '/disputes/duplicates',
    {
      schema: {
        tags: ['disputes'],
        summary: '疑似重复纠纷（条件放在请求体中，身份证号和电话不进入网址）',
        body: DuplicatesQuery,
        response: { 200: DuplicatesOut },
      },
    },
    async (req) => ({ items: await findDuplicates(db(), app.cipher, actorOf(req), req.body) }),
  );

  r.get(
    '/disputes/todo',
    { schema: { tags: ['disputes'], summary: '我的待办：超期、将到期、待受理、司法确认期限、调解轮次提示', response: { 200: TodoOut } } },
    async (req) => ({ items: await todoList(db(), actorOf(req)) }),
  );

  r.get(
    '/disputes/warnings',
    {
      schema: {
        tags: ['disputes'],
        summary: '预警：超期、超过办理时限、超过调解轮次、高风险未化解',
        querystring: z.object({ region: z.string().optional(), format: z.enum(['json', 'xlsx']).optional() }),
        response: { 200: WarningsOut },
      },
    },
    async (req, reply) => {
      const out = await warningList(db(), actorOf(req), { region: req.query.region });
      if (req.query.format === 'xlsx') {
        const kinds: Record<string, string> = { overdue: '超期', past_limits: '超过办理时限', rounds: '超过调解轮次', risk: '高风险' };
        return sendXlsx(reply, '纠纷预警', [
          { header: '预警类型', key: 'kind', value: (i) => kinds[i.kind] ?? i.kind },
          { header: '编号', key: 'number', width: 18 },
          { header: '简要情况', key: 'summary', width: 50 },
          { header: '状态', key: 'state', value: (i) => labelOf(DISPUTE_STATES, i.state) },
          { header: '当前层级', key: 'currentLevel', value: (i) => labelOf(LEVELS, i.currentLevel) },
          { header: '日期', key: 'date', width: 12 },
          { header: '说明', key: 'message', width: 60 },
        ], out.items);
      }
      return out;
    },
  );

  r.get(
    '/disputes/stats',
    {
      schema: {
        tags: ['disputes'],
        summary: '人民调解月度统计与综治矛盾纠纷报表（format=xlsx 导出）',
        querystring: z.object({ month: Month, region: z.string().optional(), format: z.enum(['json', 'xlsx']).optional() }),
        response: { 200: StatsOut },
      },
    },
    async (req, reply) => {
      const s = await disputeStats(db(), actorOf(req), { month: req.query.month, region: req.query.region });
      if (req.query.format === 'xlsx') {
        return sendFile(reply, await workbook(statsSheets(s)), `人民调解统计_${s.region.name}_${s.month}.xlsx`, XLSX_TYPE);
      }
      return s;
    },
  );

  r.get(
    '/disputes/monthly',
    {
      schema: {
        tags: ['disputes'],
        summary: '本年逐月受理、调解成功与调解不成（含引导诉讼）件数（工作台图表）',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100), region: z.string().optional() }),
        response: { 200: MonthlyOut },
      },
    },
    async (req) => monthlyCounts(db(), actorOf(req), req.query),
  );

  r.get('/disputes/dictionaries', { schema: { tags: ['disputes'], summary: '纠纷类别、调解不成原因、受理渠道', response: { 200: DictionariesOut } } }, async (req) => {
    actorOf(req);
    return disputeDictionaries(db());
  });
  r.put(
    '/disputes/dictionaries',
    {
      schema: {
        tags: ['disputes'],
        summary: '修改纠纷类别与调解不成原因（只能新增、改名、停用）',
        body: DictionariesUpdate,
        response: { 200: DictionariesOut },
      },
    },
    async (req) => saveDisputeDictionaries(app.database, ctxOf(req), req.body),
  );

  r.get('/disputes/:id', { schema: { tags: ['disputes'], summary: '纠纷详情（身份证号脱敏）', params: Id, response: { 200: DetailOut } } }, async (req) =>
    getDispute(db(), actorOf(req), req.params.id),
  );

  r.post(
    '/disputes/:id/actions',
    {
      schema: {
        tags: ['disputes'],
        summary: '办理操作：受理、开始调解、记录调解、调解成功、调解不成、流转、延期、撤回、回访、结案',
        params: Id,
        body: DisputeAction,
        response: { 200: DetailOut },
      },
    },
    async (req) => performAction(app.database, ctxOf(req), req.params.id, req.body),
  );

  r.get(
    '/disputes/:id/similar',
    { schema: { tags: ['disputes'], summary: '类案推送：本镇已办结的相似纠纷（同类别优先、摘要字符相似度）及同类典型案例、每周一典', params: Id, response: { 200: SimilarCasesOut } } },
    async (req) => similarCases(db(), actorOf(req), req.params.id),
  );

  r.get(
    '/disputes/:id/party-history',
    { schema: { tags: ['disputes'], summary: '同一当事人的其他纠纷（身份证号或电话加姓名相同；限本人可见范围）', params: Id, response: { 200: PartyHistoryOut } } },
    async (req) => partyHistory(db(), actorOf(req), req.params.id),
  );

  r.get(
    '/disputes/:id/agreement/signatures',
    { schema: { tags: ['disputes'], summary: '调解协议的电子签名（谁、何时签，协议与签名的 SHA-256，是否仍有效）', params: Id, response: { 200: SignaturesOut } } },
    async (req) => listSignatures(db(), actorOf(req), req.params.id),
  );
  r.post(
    '/disputes/:id/agreement/signatures',
    { bodyLimit: 1_000_000, schema: { tags: ['disputes'], summary: '当事人或调解员在手机上手写签名（当事人无需账号，在调解员设备上签）', params: Id, body: SignatureCreate, response: { 201: SignaturesOut } } },
    async (req, reply) => reply.status(201).send(await addSignature(app.database, ctxOf(req), req.params.id, req.body)),
  );

  r.post(
    '/disputes/:id/route-override',
    { schema: { tags: ['disputes'], summary: '不按四色分级的流转建议办理（须说明理由，记入审计）', params: Id, body: RouteOverride, response: { 200: DetailOut } } },
    async (req) => {
      const ctx = ctxOf(req);
      await overrideRoute(app.database, ctx, req.params.id, req.body);
      return getDispute(db(), ctx.actor, req.params.id);
    },
  );

  r.post(
    '/disputes/:id/notes',
    { schema: { tags: ['disputes'], summary: '添加备注（已结案也可）', params: Id, body: DisputeNote, response: { 200: DetailOut } } },
    async (req) => addNote(app.database, ctxOf(req), req.params.id, req.body.notes),
  );

  r.patch(
    '/disputes/:id/agreement',
    {
      schema: {
        tags: ['disputes'],
        summary: '调解协议履行情况与司法确认',
        params: Id,
        body: AgreementUpdate,
        response: { 200: AgreementOut },
      },
    },
    async (req) => updateAgreement(app.database, ctxOf(req), req.params.id, req.body),
  );

  r.post(
    '/disputes/:id/reveal',
    {
      schema: {
        tags: ['disputes'],
        summary: '查看当事人完整身份证号（需授权，记入审计）',
        params: Id,
        body: IdentityReveal,
        response: { 200: RevealOut },
      },
    },
    async (req) => revealIdentity(app.database, app.cipher, ctxOf(req), req.params.id, req.body.partyId),
  );

  r.get(
    '/disputes/:id/units',
    {
      schema: {
        tags: ['disputes'],
        summary: '可受理或流转的单位（及其承办人）',
        params: Id,
        response: { 200: z.array(UnitOptionOut) },
      },
    },
    async (req) => unitsForDispute(db(), actorOf(req), req.params.id),
  );

  const Reveal = z.object({ reveal: z.enum(['0', '1']).optional() });
  r.get('/disputes/:id/agreement.docx', { schema: { tags: ['disputes'], summary: '调解协议书（Word；reveal=1 打印完整身份证号，须有权限并留痕）', params: Id, querystring: Reveal } }, async (req, reply) => {
    const file = await agreementDocx(app.database, app.cipher, ctxOf(req), req.params.id, { reveal: req.query.reveal === '1' });
    return sendFile(reply, file.buffer, file.filename, DOCX_TYPE);
  });
  r.get('/disputes/:id/case-file.docx', { schema: { tags: ['disputes'], summary: '调解卷宗（Word：封面、目录、申请书/受理登记表、调解笔录、协议书、回访记录）', params: Id, querystring: Reveal } }, async (req, reply) => {
    const file = await caseFileDocx(app.database, app.cipher, ctxOf(req), req.params.id, { reveal: req.query.reveal === '1' });
    return sendFile(reply, file.buffer, file.filename, DOCX_TYPE);
  });

  r.get(
    '/public/progress',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary: '一案一码：凭查询码查看进度（无需登录；仅阶段、状态、下一日期）',
        querystring: z.object({ code: z.string().max(40) }),
        response: { 200: ProgressOut },
      },
    },
    async (req) => publicProgress(db(), req.query.code),
  );
}

export { AGREEMENT_FORMS };
