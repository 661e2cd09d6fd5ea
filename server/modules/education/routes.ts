import { z } from 'zod';
import { DISPUTE_CATEGORIES, EDUCATION_ACTIVITY_TYPES, labelOf } from '../../../core/dictionaries.ts';
import { LIBRARY_KINDS } from '../../../core/prevention.ts';
import { actorOf, ctxOf, sendFile, typed, XLSX_TYPE, type App } from '../../http.ts';
import { ActivityCreate, ActivityListOut, ActivityOut, ActivityStatsOut, ActivityUpdate, LibraryCreate, LibraryListOut, LibraryOut, LibraryUpdate, WeeklySeriesOut } from '../../../core/schemas/education.ts';
import { Day, IDS_QUERY, PAGE_QUERY, selectedIds } from '../../route-schemas.ts';
import { FORMAT_QUERY, monthPivotSheet, sendXlsx, workbook, type XlsxColumn } from '../../xlsx.ts';
import { filesOf } from '../files/service.ts';
import * as svc from './service.ts';

const ActivityQuery = z.object({ type: z.string().optional(), region: z.string().optional(), from: Day.optional(), to: Day.optional(), q: z.string().max(100).optional(), ...IDS_QUERY });
type Item = Awaited<ReturnType<typeof svc.listActivities>>['items'][number];
const COLUMNS: XlsxColumn<Item>[] = [
  { header: '日期', key: 'heldOn', width: 12 },
  { header: '类型', key: 'type', width: 12, value: (r) => labelOf(EDUCATION_ACTIVITY_TYPES, r.type) },
  { header: '期数', key: 'seriesNo', width: 8 },
  { header: '名称', key: 'title', width: 30 },
  { header: '地区', key: 'regionName', width: 14 },
  { header: '组织单位', key: 'organiser', width: 18 },
  { header: '参加人数', key: 'participants', width: 10 },
  { header: '内容摘要', key: 'summary', width: 40 },
  { header: '照片数', key: 'photos', width: 8, value: (r) => r.photos.length },
];

type LibraryItem = Awaited<ReturnType<typeof svc.listLibrary>>['items'][number];
const LIBRARY_COLUMNS: XlsxColumn<LibraryItem>[] = [
  { header: '类别', key: 'kind', width: 12, value: (r) => labelOf(LIBRARY_KINDS, r.kind) },
  { header: '标题', key: 'title', width: 30 },
  { header: '纠纷类别', key: 'category', width: 12, value: (r) => (r.category ? labelOf(DISPUTE_CATEGORIES, r.category) : null) },
  { header: '地区', key: 'regionName', width: 14 },
  { header: '发布日期', key: 'publishedOn', width: 12 },
  { header: '摘要', key: 'summary', width: 40 },
  { header: '正文', key: 'content', width: 60 },
];

export async function educationRoutes(app: App) {
  const r = typed(app);
  const database = () => app.database;
  r.get(
    '/education/activities',
    { schema: { tags: ['education'], summary: '法治宣传教育活动（format=xlsx 导出）', querystring: ActivityQuery.extend({ ...PAGE_QUERY, ...FORMAT_QUERY }), response: { 200: ActivityListOut } } },
    async (req, reply) => {
      const { page, pageSize, format, ids, ...rest } = req.query;
      const f = { ...rest, ids: selectedIds(ids) };
      if (format === 'xlsx') return sendXlsx(reply, '法治宣传活动', COLUMNS, (await svc.listActivities(database().db, actorOf(req), f, 1, 1, 50_000)).items);
      return svc.listActivities(database().db, actorOf(req), f, page, pageSize);
    },
  );
  r.get(
    '/education/stats',
    {
      schema: {
        tags: ['education'],
        summary: '活动按村（社区）和月份统计（format=xlsx 导出）',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100), region: z.string().optional(), ...FORMAT_QUERY }),
        response: {
          200: ActivityStatsOut,
        },
      },
    },
    async (req, reply) => {
      const s = await svc.activityStats(database().db, actorOf(req), req.query);
      if (req.query.format !== 'xlsx') return s;
      const participants = new Map<string, number>();
      for (const r of s.byVillage) participants.set(r.code, (participants.get(r.code) ?? 0) + r.participants);
      const buf = await workbook([
        monthPivotSheet('按村（社区）', '村（社区）', s.year, s.byVillage.map((r) => ({ key: r.code, name: r.name, month: r.month, n: r.n })), { header: '参加人次', of: (code) => participants.get(code) ?? 0 }),
        {
          name: '按类型',
          columns: [{ header: '活动类型', width: 14 }, { header: '场次' }, { header: '参加人次' }],
          rows: [...s.byType.map((t) => [labelOf(EDUCATION_ACTIVITY_TYPES, t.type), t.n, t.participants]), ['合计', s.total, s.byType.reduce((a, t) => a + t.participants, 0)]],
        },
      ]);
      return sendFile(reply, buf, `法治宣传活动统计_${s.year}.xlsx`, XLSX_TYPE);
    },
  );
  r.get(
    '/education/weekly',
    {
      schema: {
        tags: ['education'],
        summary: '每周一典（按期数）',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100), region: z.string().optional() }),
        response: { 200: WeeklySeriesOut },
      },
    },
    async (req) => svc.weeklySeries(database().db, actorOf(req), req.query),
  );
  r.get('/education/activities/:id', { schema: { tags: ['education'], params: z.object({ id: z.string() }), response: { 200: ActivityOut } } }, async (req) => {
    const a = await svc.getActivity(database().db, actorOf(req), req.params.id);
    const photos = await filesOf(database().db, 'education_activity', [a.id]);
    return { ...a, photos: photos.get(a.id) ?? [] };
  });
  r.post('/education/activities', { schema: { tags: ['education'], summary: '登记活动（每周一典自动编期）', body: ActivityCreate, response: { 201: ActivityOut } } }, async (req, reply) =>
    reply.status(201).send(await svc.createActivity(database(), ctxOf(req), req.body)),
  );
  r.patch(
    '/education/activities/:id',
    { schema: { tags: ['education'], params: z.object({ id: z.string() }), body: ActivityUpdate, response: { 200: ActivityOut } } },
    async (req) => svc.updateActivity(database(), ctxOf(req), req.params.id, req.body),
  );
  r.delete('/education/activities/:id', { schema: { tags: ['education'], params: z.object({ id: z.string() }) } }, async (req, reply) => {
    await svc.deleteActivity(database(), ctxOf(req), req.params.id);
    return reply.status(204).send();
  });

  r.get(
    '/library',
    {
      schema: {
        tags: ['education'],
        summary: '典型案例与经验做法库（format=xlsx 导出）',
        querystring: z.object({ ...PAGE_QUERY, ...FORMAT_QUERY, kind: z.string().optional(), category: z.string().optional(), q: z.string().max(100).optional() }),
        response: { 200: LibraryListOut },
      },
    },
    async (req, reply) => {
      const { page, pageSize, format, ...f } = req.query;
      if (format === 'xlsx') return sendXlsx(reply, '典型案例与经验库', LIBRARY_COLUMNS, (await svc.listLibrary(database().db, actorOf(req), f, 1, 50_000)).items);
      return svc.listLibrary(database().db, actorOf(req), f, page, pageSize);
    },
  );
  r.get('/library/:id', { schema: { tags: ['education'], params: z.object({ id: z.string() }), response: { 200: LibraryOut } } }, async (req) => svc.getLibraryEntry(database().db, actorOf(req), req.params.id));
  r.post('/library', { schema: { tags: ['education'], summary: '收录典型案例或经验', body: LibraryCreate, response: { 201: LibraryOut } } }, async (req, reply) =>
    reply.status(201).send(await svc.createLibraryEntry(database(), ctxOf(req), req.body)),
  );
  r.patch(
    '/library/:id',
    { schema: { tags: ['education'], params: z.object({ id: z.string() }), body: LibraryUpdate, response: { 200: LibraryOut } } },
    async (req) => svc.updateLibraryEntry(database(), ctxOf(req), req.params.id, req.body),
  );
  r.delete('/library/:id', { schema: { tags: ['education'], params: z.object({ id: z.string() }) } }, async (req, reply) => {
    await svc.deleteLibraryEntry(database(), ctxOf(req), req.params.id);
    return reply.status(204).send();
  });
}
