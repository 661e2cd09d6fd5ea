import { z } from 'zod';
import { Day } from '../../route-schemas.ts';
import { actorOf, ctxOf, DOCX_TYPE, sendFile, typed, type App } from '../../http.ts';
import { MyTaskOut, ProgrammeListOut, ProgrammeOut, SummaryOut, TaskDetailOut, TaskOut, TaskReportOut } from '../evaluation/schemas.ts';
import { PHASE_KEYS, ProgrammeCreate, ProgrammeTaskCreate, ProgrammeTaskReportCreate, ProgrammeTaskUpdate, ProgrammeUpdate } from '../../../core/schemas/programme.ts';
import { myTasks, readTask, reportOnTask } from './assignments.ts';
import * as svc from './service.ts';
import { FORMAT_QUERY, sendXlsx, type XlsxColumn } from '../../xlsx.ts';
import { programmeSummary, summaryDocx } from './summary.ts';
import { issueOf } from '../reports/issue.ts';

const Id = z.object({ id: z.string() });

export async function programmeRoutes(app: App) {
  const r = typed(app);
  const database = () => app.database;
  const tags = ['programme'];

  r.get(
    '/programmes',
    { schema: { tags, summary: '创建工作方案（年度目标与阶段）列表', querystring: z.object({ year: z.coerce.number().int().optional() }), response: { 200: ProgrammeListOut } } },
    async (req) => svc.listProgrammes(database(), actorOf(req), req.query),
  );
  r.post(
    '/programmes',
    {
      schema: {
        tags,
        summary: '新建年度创建工作方案（阶段默认：动员部署 7月1–15日、全面推进 7月16日–11月30日、总结提升 12月）',
        body: ProgrammeCreate,
        response: { 201: ProgrammeOut },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.createProgramme(database(), ctxOf(req), req.body)),
  );
  r.get('/programmes/:id', { schema: { tags, summary: '创建工作方案', params: Id, response: { 200: ProgrammeOut } } }, async (req) =>
    svc.readProgramme(database().db, actorOf(req), req.params.id),
  );
  r.patch(
    '/programmes/:id',
    {
      schema: {
        tags,
        summary: '修改创建工作方案',
        params: Id,
        body: ProgrammeUpdate,
        response: { 200: ProgrammeOut },
      },
    },
    async (req) => svc.updateProgramme(database(), ctxOf(req), req.params.id, req.body),
  );
  r.get(
    '/programmes/:id/tasks',
    {
      schema: {
        tags,
        summary: '工作台账（任务、责任单位、期限、完成佐证、逾期标记）',
        params: Id,
        querystring: z.object({ phase: z.enum(PHASE_KEYS).optional(), status: z.enum(['open', 'done']).optional(), overdue: z.stringbool().optional(), ...FORMAT_QUERY }),
        response: { 200: z.array(TaskOut) },
      },
    },
    async (req, reply) => {
      const tasks = await svc.listTasks(database(), actorOf(req), req.params.id, req.query);
      if (req.query.format !== 'xlsx') return tasks;
      type T = (typeof tasks)[number];
      const columns: XlsxColumn<T>[] = [
        { header: '阶段', key: 'phaseName', width: 10 },
        { header: '任务', key: 'title', width: 36 },
        { header: '责任单位/村（社区）', key: 'assignee', width: 18 },
        { header: '完成期限', key: 'deadline', width: 12 },
        { header: '进度（%）', key: 'progress', width: 8 },
        { header: '状态', key: 'status', width: 10, value: (t) => (t.status === 'done' ? (t.late ? '逾期完成' : '已完成') : t.overdue ? '逾期' : '进行中') },
        { header: '完成日期', key: 'completedOn', width: 12 },
        { header: '完成人', key: 'completedBy', width: 10 },
        { header: '完成情况及佐证', key: 'evidence', width: 40 },
      ];
      return sendXlsx(reply, '工作台账', columns, tasks);
    },
  );
  r.post(
    '/programmes/:id/tasks',
    {
      schema: {
        tags,
        summary: '新增台账任务',
        params: Id,
        body: ProgrammeTaskCreate,
        response: { 201: TaskOut },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.createTask(database(), ctxOf(req), req.params.id, req.body)),
  );
  r.get(
    '/programme-tasks/mine',
    {
      schema: {
        tags,
        summary: '我的任务：交给本人所在单位或村（社区）的台账任务（未完成在前；overdue=true 仅逾期）',
        querystring: z.object({ status: z.enum(['open', 'done']).optional(), overdue: z.stringbool().optional() }),
        response: { 200: z.array(MyTaskOut) },
      },
    },
    async (req) => myTasks(database(), actorOf(req), req.query),
  );
  r.get(
    '/programme-tasks/:id',
    { schema: { tags, summary: '台账任务及其进展记录（承办单位/村（社区）或镇里可见）', params: Id, response: { 200: TaskDetailOut } } },
    async (req) => readTask(database().db, actorOf(req), req.params.id),
  );
  r.post(
    '/programme-tasks/:id/reports',
    {
      schema: {
        tags,
        summary: '上报任务进展或完成情况（附件随后上传：POST /files?ownerEntity=programme_task_report&ownerId=进展id）',
        params: Id,
        body: ProgrammeTaskReportCreate,
        response: { 201: z.object({ report: TaskReportOut, task: TaskOut }) },
      },
    },
    async (req, reply) => reply.status(201).send(await reportOnTask(database(), ctxOf(req), req.params.id, req.body)),
  );
  r.patch(
    '/programme-tasks/:id',
    {
      schema: {
        tags,
        summary: '修改台账任务；status=done 标记完成（须有完成情况/佐证），status=open 重新打开',
        params: Id,
        body: ProgrammeTaskUpdate,
        response: { 200: TaskOut },
      },
    },
    async (req) => svc.updateTask(database(), ctxOf(req), req.params.id, req.body),
  );
  r.delete(
    '/programme-tasks/:id',
    { schema: { tags, summary: '删除台账任务', params: Id, querystring: z.object({ version: z.coerce.number().int() }) } },
    async (req, reply) => {
      await svc.deleteTask(database(), ctxOf(req), req.params.id, req.query.version);
      return reply.status(204).send();
    },
  );
  r.get(
    '/programmes/:id/summary',
    {
      schema: {
        tags,
        summary: '年度总结（考评、评比排名、表彰名单、台账完成情况）；format=docx 下载 Word',
        params: Id,
        querystring: z.object({ asOf: Day.optional(), format: z.enum(['json', 'docx']).optional() }),
        response: { 200: SummaryOut },
      },
    },
    async (req, reply) => {
      const s = await programmeSummary(database(), actorOf(req), req.params.id, req.query.asOf);
      if (req.query.format === 'docx') {
        const issue = await issueOf(database(), ctxOf(req), { year: s.programme.year, scope: s.programme.regionCode, paper: `summary:${s.programme.id}` });
        return sendFile(reply, await summaryDocx(s, issue), `${s.programme.regionName}${s.programme.year}年无讼创建工作总结.docx`, DOCX_TYPE);
      }
      return s;
    },
  );
}
