import type { Database } from '../server/db/client.ts';
import { createRegion, createUnit, setPopulation } from '../server/modules/regions/service.ts';
import type { RegionLevel } from '../core/regions.ts';
import { sysCtx } from './helpers.ts';

/**
 * A small county: two towns (清溪镇 with 3 villages + 1 community, 白沙镇 with 2 villages),
 * grids under two villages, one village committee per village and the usual town units.
 */
export const TREE = {
  province: '330000000000',
  city: '330700000000',
  county: '330782000000',
  townA: '330782100000',
  townB: '330782200000',
  a1: '330782100001',
  a2: '330782100002',
  a3: '330782100003',
  aC: '330782100004',
  b1: '330782200001',
  b2: '330782200002',
  gridA1: '330782100001-G01',
  gridA2: '330782100002-G01',
} as const;

export async function seedTree(database: Database) {
  const ctx = sysCtx();
  const r = (code: string, name: string, level: RegionLevel, parentCode: string | null, aliases: string[] = []) =>
    createRegion(database, ctx, { code, name, level, parentCode, aliases });
  await r(TREE.province, '浙江省', 'province', null);
  await r(TREE.city, '金华市', 'city', TREE.province);
  await r(TREE.county, '义乌市', 'county', TREE.city);
  await r(TREE.townA, '清溪镇', 'town', TREE.county, ['清溪']);
  await r(TREE.townB, '白沙镇', 'town', TREE.county);
  await r(TREE.a1, '东村', 'village', TREE.townA);
  await r(TREE.a2, '西村', 'village', TREE.townA);
  await r(TREE.a3, '南村', 'village', TREE.townA);
  await r(TREE.aC, '新华社区', 'community', TREE.townA);
  await r(TREE.b1, '北村', 'village', TREE.townB);
  await r(TREE.b2, '中村', 'village', TREE.townB);
  await r(TREE.gridA1, '东村一网格', 'grid', TREE.a1);
  await r(TREE.gridA2, '西村一网格', 'grid', TREE.a2);
  const units: Record<string, string> = {};
  for (const [code, name] of [
    [TREE.a1, '东村调委会'],
    [TREE.a2, '西村调委会'],
    [TREE.a3, '南村调委会'],
    [TREE.aC, '新华社区调委会'],
    [TREE.b1, '北村调委会'],
    [TREE.b2, '中村调委会'],
  ] as const) {
    units[code] = (await createUnit(database, ctx, { id: `vc-${code}`, name, type: 'village_committee', regionCode: code })).id;
  }
  const town = async (townCode: string, prefix: string) => {
    await createUnit(database, ctx, { id: `centre-${townCode}`, name: `${prefix}矛调中心`, type: 'town_centre', regionCode: townCode });
    await createUnit(database, ctx, { id: `police-${townCode}`, name: `${prefix}派出所`, type: 'police_station', regionCode: townCode });
    await createUnit(database, ctx, { id: `justice-${townCode}`, name: `${prefix}司法所`, type: 'justice_office', regionCode: townCode });
  };
  await town(TREE.townA, '清溪镇');
  await town(TREE.townB, '白沙镇');
  await createUnit(database, ctx, { id: 'court-330782', name: '义乌市人民法院', type: 'court', regionCode: TREE.county });
  for (const [code, n] of [
    [TREE.a1, 3000],
    [TREE.a2, 2500],
    [TREE.a3, 2000],
    [TREE.aC, 4000],
    [TREE.b1, 3000],
    [TREE.b2, 2000],
  ] as const) {
    await setPopulation(database, ctx, code, 2024, n);
  }
  return { units };
}
