import { z } from 'zod';
import { labelOf, PERSONNEL_ROLES } from '../../../core/dictionaries.ts';
import { actorOf, ctxOf, typed, type App } from '../../http.ts';
import { FacilityCreate, FacilityListOut, FacilityOut, FacilityUpdate, PersonCreate, PersonListOut, PersonnelOverviewOut, PersonOut, PersonUpdate } from '../../../core/schemas/personnel.ts';
import { Day, IDS_QUERY, PAGE_QUERY, selectedIds } from '../../route-schemas.ts';
import { FORMAT_QUERY, sendXlsx, type XlsxColumn } from '../../xlsx.ts';
import * as svc from './service.ts';

type PersonItem = Awaited<ReturnType<typeof svc.listPeople>>['items'][number];
const COLUMNS: XlsxColumn<PersonItem>[] = [
  { header: '姓名', key: 'name', width: 10 },
  { header: '类别', key: 'role', width: 14, value: (r) => labelOf(PERSONNEL_ROLES, r.role) },
  { header: '所在地区', key: 'regionName', width: 14 },
  { header: '地区代码', key: 'regionCode', width: 18 },
  { header: '电话', key: 'phone', width: 14 },
  { header: '任职日期', key: 'since', width: 12 },
  { header: '离任日期', key: 'until', width: 12 },
  { header: '入驻调解平台', key: 'joinedPlatform', width: 12 },
  { header: '培训情况', key: 'trainings', width: 30 },
  { header: '备注', key: 'notes', width: 20 },
];

export async function personnelRoutes(app: App) {
  const r = typed(app);
  const database = () => app.database;
  r.get(
    '/personnel',
    {
      schema: {
        tags: ['personnel'],
        summary: '人员名册（法治带头人、法律明白人、调解员、网格员等；format=xlsx 导出）',
        querystring: z.object({
          ...PAGE_QUERY,
          ...FORMAT_QUERY,
          role: z.string().optional(),
          region: z.string().optional(),
          activeOn: Day.optional(),
          status: z.enum(['active', 'former', 'all']).optional(),
          joinedPlatform: z.stringbool().optional(),
          q: z.string().max(50).optional(),
          ...IDS_QUERY,
        }),
        response: { 200: PersonListOut },
      },
    },
    async (req, reply) => {
      const { page, pageSize, format, ids, ...rest } = req.query;
      const f = { ...rest, ids: selectedIds(ids) };
      if (format === 'xlsx') return sendXlsx(reply, '人员名册', COLUMNS, (await svc.listPeople(database().db, actorOf(req), f, 1, 1, 50_000)).items);
      return svc.listPeople(database().db, actorOf(req), f, page, pageSize);
    },
  );
  r.get(
    '/personnel/overview',
    {
      schema: {
        tags: ['personnel'],
        summary: '各村（社区）人员与阵地一览：对照创建标准的缺口、“三进”入驻平台情况',
        querystring: z.object({ region: z.string().optional(), date: Day.optional() }),
        response: {
          200: PersonnelOverviewOut,
        },
      },
    },
    async (req) => svc.villageOverview(database().db, actorOf(req), req.query),
  );
  r.get('/personnel/:id', { schema: { tags: ['personnel'], params: z.object({ id: z.string() }), response: { 200: PersonOut } } }, async (req) => svc.personView(await svc.getPerson(database().db, actorOf(req), req.params.id)));
  r.post('/personnel', { schema: { tags: ['personnel'], summary: '登记人员', body: PersonCreate, response: { 201: PersonOut } } }, async (req, reply) =>
    reply.status(201).send(svc.personView(await svc.createPerson(database(), ctxOf(req), req.body))),
  );
  r.patch(
    '/personnel/:id',
    { schema: { tags: ['personnel'], summary: '修改人员（离任请填离任日期）', params: z.object({ id: z.string() }), body: PersonUpdate, response: { 200: PersonOut } } },
    async (req) => svc.personView(await svc.updatePerson(database(), ctxOf(req), req.params.id, req.body)),
  );
  r.delete('/personnel/:id', { schema: { tags: ['personnel'], summary: '删除误录的人员', params: z.object({ id: z.string() }) } }, async (req, reply) => {
    await svc.deletePerson(database(), ctxOf(req), req.params.id);
    return reply.status(204).send();
  });

  r.get(
    '/facilities',
    { schema: { tags: ['personnel'], summary: '阵地设施（服务站点）', querystring: z.object({ region: z.string().optional(), type: z.string().optional(), status: z.string().optional() }), response: { 200: FacilityListOut } } },
    async (req) => svc.listFacilities(database().db, actorOf(req), req.query),
  );
  r.post('/facilities', { schema: { tags: ['personnel'], summary: '登记阵地设施', body: FacilityCreate, response: { 201: FacilityOut } } }, async (req, reply) =>
    reply.status(201).send(await svc.createFacility(database(), ctxOf(req), req.body)),
  );
  r.patch(
    '/facilities/:id',
    { schema: { tags: ['personnel'], summary: '修改阵地设施', params: z.object({ id: z.string() }), body: FacilityUpdate, response: { 200: FacilityOut } } },
    async (req) => svc.updateFacility(database(), ctxOf(req), req.params.id, req.body),
  );
  r.delete('/facilities/:id', { schema: { tags: ['personnel'], summary: '删除阵地设施', params: z.object({ id: z.string() }) } }, async (req, reply) => {
    await svc.deleteFacility(database(), ctxOf(req), req.params.id);
    return reply.status(204).send();
  });
}
