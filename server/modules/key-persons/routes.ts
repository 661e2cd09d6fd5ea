import { z } from 'zod';
import { KEY_PERSON_STATUSES, KEY_PERSON_TYPES, labelOf, RISK_LEVELS, THREE_LOST_ONE_BIASED_FLAGS } from '../../../core/dictionaries.ts';
import { CadreListOut, ContactCreate, ContactOut, KeyPersonCreate, KeyPersonDetailOut, KeyPersonListOut, KeyPersonSavedOut, KeyPersonUpdate } from '../../../core/schemas/key-persons.ts';
import { ctxOf, typed, type App } from '../../http.ts';
import { IDS_QUERY, selectedIds } from '../../route-schemas.ts';
import { FORMAT_QUERY, sendXlsx, type XlsxColumn } from '../../xlsx.ts';
import * as svc from './service.ts';

const Query = z.object({
  ...FORMAT_QUERY,
  status: z.string().optional(),
  type: z.string().optional(),
  riskLevel: z.string().optional(),
  region: z.string().optional(),
  q: z.string().max(100).optional(),
  overdue: z.stringbool().optional(),
  ...IDS_QUERY,
});
const COLUMNS: XlsxColumn<svc.KeyPersonListRow>[] = [
  { header: '姓名', key: 'name', width: 10 },
  { header: '电话', key: 'phone', width: 14 },
  { header: '所在地区', key: 'regionName', width: 14 },
  { header: '类型', key: 'type', width: 12, value: (r) => labelOf(KEY_PERSON_TYPES, r.type) },
  { header: '三失一偏情形', key: 'flags', width: 20, value: (r) => r.flags.map((f) => labelOf(THREE_LOST_ONE_BIASED_FLAGS, f)) },
  { header: '风险等级', key: 'riskLevel', width: 10, value: (r) => labelOf(RISK_LEVELS, r.riskLevel) },
  { header: '包保责任人', key: 'cadreName', width: 12 },
  { header: '处置预案', key: 'responsePlan', width: 40 },
  { header: '基本情况', key: 'situation', width: 40 },
  { header: '列管日期', key: 'watchedSince', width: 12 },
  { header: '最近联系', key: 'lastContactOn', width: 12 },
  { header: '应联系日期', key: 'contactDueOn', width: 12 },
  { header: '逾期未联系', key: 'contactOverdue', width: 10 },
  { header: '状态', key: 'status', width: 10, value: (r) => labelOf(KEY_PERSON_STATUSES, r.status) },
];

export async function keyPersonRoutes(app: App) {
  const r = typed(app);
  const database = () => app.database;
  r.get(
    '/key-persons',
    { schema: { tags: ['key-persons'], summary: '重点对象列表（仅管理员、镇平安办和包保责任人可见；查阅留痕；format=xlsx 导出）', querystring: Query, response: { 200: KeyPersonListOut } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const { format, ids, ...rest } = req.query;
      const f = { ...rest, ids: selectedIds(ids) };
      if (format === 'xlsx') return sendXlsx(reply, '重点对象', COLUMNS, await svc.exportKeyPersons(database(), ctx, f));
      return svc.listKeyPersons(database(), ctx, f);
    },
  );
  r.get(
    '/key-persons/cadres',
    { schema: { tags: ['key-persons'], summary: '可选的包保责任人', querystring: z.object({ regionCode: z.string().min(1) }), response: { 200: CadreListOut } } },
    async (req) => svc.cadreCandidates(database().db, ctxOf(req).actor, req.query.regionCode),
  );
  r.get(
    '/key-persons/:id',
    {
      schema: {
        tags: ['key-persons'],
        summary: '重点对象详情与联系记录（查阅留痕）',
        params: z.object({ id: z.string() }),
        response: { 200: KeyPersonDetailOut },
      },
    },
    async (req) => svc.readKeyPerson(database(), ctxOf(req), req.params.id),
  );
  r.post('/key-persons', { schema: { tags: ['key-persons'], summary: '列管重点对象（可由隐患一键转入）', body: KeyPersonCreate, response: { 201: KeyPersonSavedOut } } }, async (req, reply) => {
    const row = await svc.createKeyPerson(database(), ctxOf(req), req.body, app.cipher);
    return reply.status(201).send({ id: row.id, version: row.version });
  });
  r.patch(
    '/key-persons/:id',
    { schema: { tags: ['key-persons'], summary: '修改重点对象', params: z.object({ id: z.string() }), body: KeyPersonUpdate, response: { 200: KeyPersonSavedOut } } },
    async (req) => {
      const row = await svc.updateKeyPerson(database(), ctxOf(req), req.params.id, req.body, app.cipher);
      return { id: row.id, version: row.version };
    },
  );
  r.post(
    '/key-persons/:id/contacts',
    {
      schema: {
        tags: ['key-persons'],
        summary: '登记走访联系与帮扶',
        params: z.object({ id: z.string() }),
        body: ContactCreate,
        response: { 201: ContactOut },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.addContact(database(), ctxOf(req), req.params.id, req.body)),
  );
}

