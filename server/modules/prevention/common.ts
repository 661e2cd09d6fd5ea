/**
 * Helpers shared by the prevention features (screening, visits, key persons, personnel, education,
 * checklist): where a record lies (region, village, town), version checks. Route-schema pieces (days,
 * optional text, enums, paging) are in server/route-schemas.ts.
 */
import type { DbOrTx } from '../../db/client.ts';
import { conflict, invalid } from '../../errors.ts';
import type { Actor } from '../auth/actor.ts';
import { getRegion, type RegionRow } from '../regions/service.ts';

export interface Place {
  regionCode: string;
  /** the village or community (a grid's parent); null for a town or above */
  villageCode: string | null;
  townCode: string | null;
  level: string;
  region: RegionRow;
}

export function placeFromRegion(r: RegionRow): Place {
  const villageCode = r.level === 'village' || r.level === 'community' ? r.code : r.level === 'grid' ? r.parentCode : null;
  return { regionCode: r.code, villageCode, townCode: r.townCode, level: r.level, region: r };
}

/** A region in the actor's scope (404 otherwise) and where it lies. */
export async function placeOf(db: DbOrTx, actor: Actor, regionCode: string, allowed?: readonly string[]): Promise<Place> {
  const r = await getRegion(db, actor, regionCode);
  if (allowed && !allowed.includes(r.level)) throw invalid(`地区“${r.name}”的层级不适用于此记录`);
  return placeFromRegion(r);
}

export const VILLAGE_OR_BELOW = ['village', 'community', 'grid'] as const;
export { TOWN_OR_BELOW } from '../../../core/regions.ts';

export function checkVersion(row: { version: number }, version: number) {
  if (row.version !== version) throw conflict();
}

/** An uploaded file as lists and details show it (no content). */
/** Response shapes shared with the web. */
export { FileOut, RatioOut } from '../../../core/schemas/prevention.ts';
