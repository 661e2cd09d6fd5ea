import { z } from 'zod';
import { REGION_LEVEL_LABELS, UNIT_TYPE_LABELS, type RegionLevel, type UnitType } from '../../../core/regions.ts';
import { BoundariesOut, PopulationListOut, PopulationSet, RegionCreate, RegionListOut, RegionOut, RegionUpdate, UnitCreate, UnitListOut, UnitOut, UnitUpdate } from '../../../core/schemas/regions.ts';
import { regionPopulation } from '../../db/schema/index.ts';
import { actorOf, ctxOf, typed, type App } from '../../http.ts';
import { FORMAT_QUERY, sendXlsx, type XlsxColumn } from '../../xlsx.ts';
import { regionInScope } from '../../scope/region.ts';
import * as svc from './service.ts';
import { deleteBoundary, listBoundaries, uploadBoundaries } from './boundaries.ts';

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
    ...years.map((y) => ({ header: `常住人口（${y}）`, key: `pop${y}`, width: 14, value: (r: RegionRow) => population.get(r.code)?.get(y) ?? null })),
  ];
}

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
        response: { 200: RegionListOut },
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
  r.get(
    '/regions/boundaries',
    {
      schema: {
        tags: ['regions'],
        summary: '地区边界（GeoJSON，WGS-84 经纬度），限本人范围；under 为上级地区代码',
        querystring: z.object({ under: z.string().trim().min(1).optional() }),
        response: { 200: BoundariesOut },
      },
    },
    async (req) => listBoundaries(db().db, actorOf(req), req.query.under),
  );
  r.put(
    '/regions/boundaries',
    {
      schema: {
        tags: ['regions'],
        summary: '上传地区边界：GeoJSON 要素集合，每个要素为面（Polygon/MultiPolygon），properties.code 为地区代码；有误则全部不导入（422 列出问题）',
        body: z.record(z.string(), z.unknown()),
        response: { 200: z.object({ saved: z.number(), unchanged: z.number() }) },
      },
    },
    async (req) => uploadBoundaries(db(), ctxOf(req), req.body),
  );
  r.delete(
    '/regions/:code/boundary',
    { schema: { tags: ['regions'], summary: '删除地区边界', params: z.object({ code: z.string() }), response: { 200: z.object({ ok: z.boolean() }) } } },
    async (req) => {
      await deleteBoundary(db(), ctxOf(req), req.params.code);
      return { ok: true };
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
        body: RegionCreate,
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
        body: RegionUpdate,
        response: { 200: RegionOut },
      },
    },
    async (req) => svc.regionView(await svc.updateRegion(db(), ctxOf(req), req.params.code, req.body)),
  );
  r.get(
    '/regions/:code/population',
    { schema: { tags: ['regions'], summary: '常住人口（按年）', params: z.object({ code: z.string() }), response: { 200: PopulationListOut } } },
    async (req) => svc.getPopulation(db().db, actorOf(req), req.params.code),
  );
  r.put(
    '/regions/:code/population/:year',
    {
      schema: {
        tags: ['regions'],
        summary: '设置某年常住人口（null 删除）',
        params: z.object({ code: z.string(), year: z.coerce.number().int().min(2000).max(2100) }),
        body: PopulationSet,
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
        response: { 200: UnitListOut },
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
        body: UnitCreate,
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
        body: UnitUpdate,
        response: { 200: UnitOut },
      },
    },
    async (req) => svc.unitView(await svc.updateUnit(db(), ctxOf(req), req.params.id, req.body)),
  );
}
