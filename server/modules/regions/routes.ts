import { z } from 'zod';
import { REGION_LEVEL_LABELS, REGION_LEVELS, UNIT_TYPE_LABELS, UNIT_TYPES, type RegionLevel, type UnitType } from '../../../core/regions.ts';
import { regionPopulation } from '../../db/schema/index.ts';
import { actorOf, ctxOf, typed, type App } from '../../http.ts';
import { FORMAT_QUERY, sendXlsx, type XlsxColumn } from '../../xlsx.ts';
import { regionInScope } from '../../scope/region.ts';
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
type RegionRow = svc.RegionRow;
const statusOf = (r: { active: boolean }) => (r.active ? '启用' : '停用');

/** Excel columns of the region list: one population column per year on record. */
function regionColumns(rows: RegionRow[], population: Map<string, Map<number, number>>, years: number[]): XlsxColumn<RegionRow>[] {
  const names = new Map(rows.map((r) => [r.code, r.name]));
  return [
    { header: '代码', key: 'code', width: 18 },
    { header: '名称', key: 'name', width: 16 },
    { header: '层级', key: 'level', width: 10, value: (r) => REGION_LEVEL_LABELS[r.level as RegionLevel] ?? r.level },
    { header: '上级代码', key: 'parentCode', width: 18 },
    { header: '上级名称', key: 'parentName', width: 16, value: (r) => (r.parentCode ? names.get(r.parentCode) ?? '' : '') },
    { header: '所属乡镇', key: 'townName', width: 14, value: (r) => (r.townCode ? names.get(r.townCode) ?? r.townCode : '') },
    { header: '别名', key: 'aliases', width: 20 },
    { header: '状态', key: 'active', width: 8, value: statusOf },
    ...years.map((y) => ({ header: `常住人口(${y})`, key: `pop${y}`, width: 14, value: (r: RegionRow) => population.get(r.code)?.get(y) ?? null })),
  ];
}

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
        querystring: z.object({ ...FORMAT_QUERY, level: z.string().optional(), parent: z.string().optional(), includeInactive: z.stringbool().optional() }),
        response: { 200: z.array(RegionOut) },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const rows = await svc.listRegions(db().db, actor, req.query);
      if (req.query.format !== 'xlsx') return rows.map(svc.regionView);
      const pops = await db().db.select().from(regionPopulation).where(regionInScope(actor, regionPopulation.regionCode));
      const population = new Map<string, Map<number, number>>();
      for (const p of pops) {
        if (!population.has(p.regionCode)) population.set(p.regionCode, new Map());
        population.get(p.regionCode)!.set(p.year, p.residents);
      }
      const years = [...new Set(pops.map((p) => p.year))].sort((a, b) => a - b);
      return sendXlsx(reply, '地区', regionColumns(rows, population, years), rows);
    },
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
        querystring: z.object({ ...FORMAT_QUERY, region: z.string().optional(), type: z.string().optional(), includeInactive: z.stringbool().optional() }),
        response: { 200: z.array(UnitOut) },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const rows = await svc.listUnits(db().db, actor, req.query);
      if (req.query.format !== 'xlsx') return rows.map(svc.unitView);
      const names = new Map((await svc.listRegions(db().db, actor, { includeInactive: true })).map((r) => [r.code, r.name]));
      const columns: XlsxColumn<svc.UnitRow>[] = [
        { header: '单位编号', key: 'id', width: 38 },
        { header: '名称', key: 'name', width: 24 },
        { header: '类型', key: 'type', width: 18, value: (u) => UNIT_TYPE_LABELS[u.type as UnitType] ?? u.type },
        { header: '服务地区代码', key: 'regionCode', width: 18 },
        { header: '服务地区', key: 'regionName', width: 16, value: (u) => names.get(u.regionCode) ?? '' },
        { header: '状态', key: 'active', width: 8, value: statusOf },
      ];
      return sendXlsx(reply, '解纷单位', columns, rows);
    },
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
