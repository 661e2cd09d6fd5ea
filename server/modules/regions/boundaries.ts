/**
 * Region boundaries (区划边界, issue 16.2): a GeoJSON upload per region on the regions page, checked whole by
 * `checkBoundaries` (core/geojson.ts), and the outlines the maps draw. Travels in the bundle (`boundaries`, see
 * bundle.ts) and in backups (every table does).
 */
import { and, eq, sql } from 'drizzle-orm';
import { checkBoundaries, CODE_PROPERTIES, type Geometry } from '../../../core/geojson.ts';
import type { Database, DbOrTx } from '../../db/client.ts';
import { regionBoundaries, regions } from '../../db/schema/index.ts';
import { sqlTextArray } from '../../db/text-array.ts';
import { invalid } from '../../errors.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { inSubtree, pathVisible, regionInScope } from '../../scope/region.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { getRegion } from './service.ts';

/** Positions of a geometry (for the audit: the outline itself is too long to keep twice). */
function positions(g: Geometry): number {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0);
}

/** The codes a document names (read before checking it, to look the regions up in one query). */
function namedCodes(doc: unknown): string[] {
  const fs = (doc as { features?: unknown })?.features;
  const list = Array.isArray(fs) ? fs : [doc];
  const out = new Set<string>();
  for (const f of list) {
    const p = (f as { properties?: Record<string, unknown> } | null)?.properties;
    if (!p || typeof p !== 'object') continue;
    for (const k of CODE_PROPERTIES) if (p[k] !== undefined && p[k] !== null) out.add(String(p[k]).trim());
  }
  return [...out].slice(0, 10_000);
}

/**
 * Stores the outlines of an uploaded GeoJSON, all or nothing: any problem is a 422 listing them all. A region's
 * outline is replaced; an identical one is left as it is (no write, no audit entry).
 */
export async function uploadBoundaries(database: Database, ctx: CommandContext, doc: unknown): Promise<{ saved: number; unchanged: number }> {
  requirePermission(ctx.actor, 'admin.regions');
  const codes = namedCodes(doc);
  const known = codes.length
    ? await database.db.select({ code: regions.code, path: regions.path, townCode: regions.townCode }).from(regions).where(sql`${regions.code} = any(${sqlTextArray(codes)})`)
    : [];
  const byCode = new Map(known.map((r) => [r.code, r]));
  const check = checkBoundaries(doc, (code) => {
    const r = byCode.get(code);
    return r && pathVisible(ctx.actor, r.path) ? null : `地区代码 ${code} 不存在或不在您的管辖范围内`;
  });
  if (check.problems.length) throw invalid(`边界文件未导入：${check.problems.join('；')}`, check.problems.map((message) => ({ field: 'features', message })));
  return database.db.transaction(async (tx) => {
    let saved = 0;
    let unchanged = 0;
    for (const b of check.boundaries) {
      const text = JSON.stringify(b.geometry);
      const townCode = byCode.get(b.code)!.townCode;
      const [before] = await tx.select().from(regionBoundaries).where(eq(regionBoundaries.regionCode, b.code));
      if (before?.geometry === text) {
        unchanged++;
        continue;
      }
      if (before) await tx.update(regionBoundaries).set({ geometry: text, townCode, version: before.version + 1, updatedAt: new Date() }).where(eq(regionBoundaries.regionCode, b.code));
      else await tx.insert(regionBoundaries).values({ regionCode: b.code, townCode, geometry: text });
      const summary = (g: Geometry) => ({ type: g.type, positions: positions(g) });
      await writeAudit(tx, ctx, {
        action: 'region.boundary_set',
        entity: 'region_boundary',
        entityId: b.code,
        before: before ? summary(JSON.parse(before.geometry) as Geometry) : null,
        after: summary(b.geometry),
        townCode,
      });
      saved++;
    }
    return { saved, unchanged };
  });
}

/** Removes a region's outline (the maps then show that region as a tile). */
export async function deleteBoundary(database: Database, ctx: CommandContext, code: string): Promise<void> {
  requirePermission(ctx.actor, 'admin.regions');
  await database.db.transaction(async (tx) => {
    const region = await getRegion(tx, ctx.actor, code);
    const [before] = await tx.delete(regionBoundaries).where(eq(regionBoundaries.regionCode, code)).returning();
    if (!before) return;
    await writeAudit(tx, ctx, { action: 'region.boundary_delete', entity: 'region_boundary', entityId: code, before: { type: (JSON.parse(before.geometry) as Geometry).type }, after: null, townCode: region.townCode });
  });
}

export interface BoundaryFeature {
  type: 'Feature';
  properties: { code: string; name: string; level: string };
  geometry: Geometry;
}

/** The outlines in the user's scope, below `under` when given, as a GeoJSON FeatureCollection. */
export async function listBoundaries(db: DbOrTx, actor: Actor, under?: string | null): Promise<{ type: 'FeatureCollection'; features: BoundaryFeature[] }> {
  const conds = [regionInScope(actor, regionBoundaries.regionCode)];
  if (under) {
    await getRegion(db, actor, under); // 404 when out of scope
    conds.push(inSubtree(regionBoundaries.regionCode, under));
  }
  const rows = await db
    .select({ code: regions.code, name: regions.name, level: regions.level, geometry: regionBoundaries.geometry })
    .from(regionBoundaries)
    .innerJoin(regions, eq(regions.code, regionBoundaries.regionCode))
    .where(and(...conds))
    .orderBy(regions.path);
  return { type: 'FeatureCollection', features: rows.map((r) => ({ type: 'Feature', properties: { code: r.code, name: r.name, level: r.level }, geometry: JSON.parse(r.geometry) as Geometry })) };
}
