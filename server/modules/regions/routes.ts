import { z } from 'zod';
import { REGION_LEVELS, UNIT_TYPES } from '../../../core/regions.ts';
import { actorOf, ctxOf, typed, type App } from '../../http.ts';
import * as svc from './service.ts';

const RegionOut = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  parentCode: z.string().nullable(),
  aliases: z.array(z.string()),
  active: z.boolean(),
  townCode: z.string().nullable(),
  version: z.number(),
});
const UnitOut = z.object({ id: z.string(), name: z.string(), type: z.string(), regionCode: z.string(), active: z.boolean(), version: z.number() });
const code = z.string().trim().min(1, '代码不能为空').max(40).regex(/^[0-9A-Za-z_-]+$/, '代码只能包含数字、字母、下划线和连字符');

export async function regionRoutes(app: App) {
  const r = typed(app);
  const db = () => app.database;
  r.get(
    '/regions',
    {
      schema: {
        tags: ['regions'],
        summary: '可见地区列表',
        querystring: z.object({ level: z.string().optional(), parent: z.string().optional(), includeInactive: z.coerce.boolean().optional() }),
        response: { 200: z.array(RegionOut) },
      },
    },
    async (req) => (await svc.listRegions(db().db, actorOf(req), req.query)).map(svc.regionView),
  );
  r.get('/regions/:code', { schema: { tags: ['regions'], params: z.object({ code: z.string() }), response: { 200: RegionOut } } }, async (req) =>
    svc.regionView(await svc.getRegion(db().db, actorOf(req), req.params.code)),
  );
  r.post(
    '/regions',
    {
      schema: {
        tags: ['regions'],
        summary: '新增地区',
        body: z.object({ code, name: z.string().trim().min(1).max(100), level: z.enum(REGION_LEVELS), parentCode: z.string().nullish(), aliases: z.array(z.string().max(100)).max(50).optional(), active: z.boolean().optional() }),
        response: { 201: RegionOut },
      },
    },
    async (req, reply) => reply.status(201).send(svc.regionView(await svc.createRegion(db(), ctxOf(req), req.body))),
  );
  r.patch(
    '/regions/:code',
    {
      schema: {
        tags: ['regions'],
        summary: '修改、移动或停用地区',
        params: z.object({ code: z.string() }),
        body: z.object({ version: z.number().int(), name: z.string().trim().min(1).max(100).optional(), aliases: z.array(z.string().max(100)).max(50).optional(), active: z.boolean().optional(), parentCode: z.string().nullish() }),
        response: { 200: RegionOut },
      },
    },
    async (req) => svc.regionView(await svc.updateRegion(db(), ctxOf(req), req.params.code, req.body)),
  );
  r.get(
    '/regions/:code/population',
    { schema: { tags: ['regions'], summary: '常住人口（按年）', params: z.object({ code: z.string() }), response: { 200: z.array(z.object({ regionCode: z.string(), year: z.number(), residents: z.number() })) } } },
    async (req) => svc.getPopulation(db().db, actorOf(req), req.params.code),
  );
  r.put(
    '/regions/:code/population/:year',
    {
      schema: {
        tags: ['regions'],
        summary: '设置某年常住人口（null 删除）',
        params: z.object({ code: z.string(), year: z.coerce.number().int().min(2000).max(2100) }),
        body: z.object({ residents: z.number().int().min(0).max(100_000_000).nullable() }),
      },
    },
    async (req) => ({ ok: true, population: await svc.setPopulation(db(), ctxOf(req), req.params.code, req.params.year, req.body.residents) }),
  );

  r.get(
    '/units',
    {
      schema: {
        tags: ['regions'],
        summary: '解纷单位列表',
        querystring: z.object({ region: z.string().optional(), type: z.string().optional(), includeInactive: z.coerce.boolean().optional() }),
        response: { 200: z.array(UnitOut) },
      },
    },
    async (req) => (await svc.listUnits(db().db, actorOf(req), req.query)).map(svc.unitView),
  );
  r.post(
    '/units',
    {
      schema: {
        tags: ['regions'],
        summary: '新增解纷单位',
        body: z.object({ id: z.string().trim().min(1).max(60).optional(), name: z.string().trim().min(1).max(100), type: z.enum(UNIT_TYPES), regionCode: z.string().min(1) }),
        response: { 201: UnitOut },
      },
    },
    async (req, reply) => reply.status(201).send(svc.unitView(await svc.createUnit(db(), ctxOf(req), req.body))),
  );
  r.patch(
    '/units/:id',
    {
      schema: {
        tags: ['regions'],
        summary: '修改或停用解纷单位',
        params: z.object({ id: z.string() }),
        body: z.object({ version: z.number().int(), name: z.string().trim().min(1).max(100).optional(), type: z.enum(UNIT_TYPES).optional(), regionCode: z.string().optional(), active: z.boolean().optional() }),
        response: { 200: UnitOut },
      },
    },
    async (req) => svc.unitView(await svc.updateUnit(db(), ctxOf(req), req.params.id, req.body)),
  );
}
