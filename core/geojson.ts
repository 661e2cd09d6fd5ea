/**
 * Region boundaries (区划边界, issue 16.2): checking an uploaded GeoJSON. Pure, never throws.
 *
 * Accepted: a FeatureCollection (or one Feature) whose features are Polygons or MultiPolygons in WGS-84
 * longitude/latitude (EPSG:4326, what 天地图 and most GIS tools export as GeoJSON), each naming the region it
 * outlines by its code in `properties.code` (or `region_code`, `地区代码`). Every problem is reported, in
 * Chinese, with the feature's number — a file is taken whole or not at all.
 */

export type Position = [number, number];
export type Geometry = { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };

export interface Boundary {
  code: string;
  geometry: Geometry;
}

export interface BoundaryCheck {
  boundaries: Boundary[];
  problems: string[];
}

/** Properties that may carry the region's code, in the order they are read. */
export const CODE_PROPERTIES = ['code', 'region_code', '地区代码'] as const;
export const MAX_FEATURES = 5000;
export const MAX_POSITIONS = 500_000;
/** At most this many problems are listed (a wrong file would otherwise list thousands). */
const MAX_PROBLEMS = 20;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks one ring; returns the problem or null, and counts its positions. */
function ringProblem(ring: unknown, counter: { n: number }): string | null {
  if (!Array.isArray(ring)) return '坐标格式不正确（环应为坐标数组）';
  if (ring.length < 4) return '多边形的环至少需要 4 个坐标点（首尾相同）';
  for (const p of ring) {
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      return '坐标应为 [经度，纬度] 数字对';
    }
    if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) {
      return `坐标 [${p[0]}, ${p[1]}] 超出 WGS-84 经纬度范围（经度 −180～180，纬度 −90～90）；请以 WGS-84 经纬度（EPSG:4326）导出`;
    }
    counter.n++;
  }
  const a = ring[0] as number[];
  const b = ring[ring.length - 1] as number[];
  if (a[0] !== b[0] || a[1] !== b[1]) return '多边形的环未闭合（首尾坐标应相同）';
  return null;
}

function polygonProblem(rings: unknown, counter: { n: number }): string | null {
  if (!Array.isArray(rings) || rings.length === 0) return '多边形没有坐标';
  for (const r of rings) {
    const p = ringProblem(r, counter);
    if (p) return p;
  }
  return null;
}

function geometryProblem(g: unknown, counter: { n: number }): string | null {
  if (!isObj(g)) return '缺少几何图形（geometry）';
  if (g.type === 'Polygon') return polygonProblem(g.coordinates, counter);
  if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return '多多边形没有坐标';
    for (const poly of g.coordinates) {
      const p = polygonProblem(poly, counter);
      if (p) return p;
    }
    return null;
  }
  return `几何类型“${String(g.type ?? '空')}”不支持，只接受面（Polygon 或 MultiPolygon）`;
}

function codeOf(props: unknown): string | null {
  if (!isObj(props)) return null;
  for (const k of CODE_PROPERTIES) {
    const v = props[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return null;
}

/**
 * Checks a parsed GeoJSON document. `regionProblem(code)` says whether a code names a region the user may
 * outline (in their scope): null when it may, else the message saying why not.
 */
export function checkBoundaries(doc: unknown, regionProblem: (code: string) => string | null): BoundaryCheck {
  const problems: string[] = [];
  const boundaries: Boundary[] = [];
  let features: unknown[];
  if (isObj(doc) && doc.type === 'FeatureCollection' && Array.isArray(doc.features)) features = doc.features;
  else if (isObj(doc) && doc.type === 'Feature') features = [doc];
  else return { boundaries, problems: ['文件不是 GeoJSON 要素集合（FeatureCollection）或要素（Feature）'] };
  if (features.length === 0) return { boundaries, problems: ['文件中没有要素'] };
  if (features.length > MAX_FEATURES) return { boundaries, problems: [`要素过多（${features.length} 个），一次最多 ${MAX_FEATURES} 个`] };
  const counter = { n: 0 };
  const seen = new Map<string, number>();
  features.forEach((f, i) => {
    const at = `第 ${i + 1} 个要素`;
    const add = (msg: string) => problems.push(`${at}：${msg}`);
    if (!isObj(f) || f.type !== 'Feature') return add('不是 GeoJSON 要素（Feature）');
    const code = codeOf(f.properties);
    const gp = geometryProblem(f.geometry, counter);
    if (!code) add('属性中缺少地区代码（properties.code）');
    else {
      const rp = regionProblem(code);
      if (rp) add(rp);
      else if (seen.has(code)) add(`地区代码 ${code} 与第 ${seen.get(code)! + 1} 个要素重复`);
      seen.set(code, seen.get(code) ?? i);
    }
    if (gp) add(gp);
    if (code && !gp && !problems.some((p) => p.startsWith(`${at}：`))) boundaries.push({ code, geometry: { type: (f.geometry as Geometry).type, coordinates: (f.geometry as Geometry).coordinates } as Geometry });
  });
  if (counter.n > MAX_POSITIONS) problems.push(`坐标点过多（${counter.n} 个），一次最多 ${MAX_POSITIONS} 个；请先简化边界`);
  if (problems.length > MAX_PROBLEMS) {
    const more = problems.length - MAX_PROBLEMS;
    problems.length = MAX_PROBLEMS;
    problems.push(`另有 ${more} 处问题未列出`);
  }
  return { boundaries: problems.length ? [] : boundaries, problems };
}
