/**
 * The regions and units API (SPEC §1: the region tree, dispute-resolution units, yearly populations): the input
 * of every write (routes validate with it, services take its output, other callers parse with it) and the
 * answers, shared by the server (route response schemas) and the web (types, form rules).
 */
import { z } from 'zod';
import { REGION_LEVELS, UNIT_TYPES } from '../regions.ts';

/** A region code: also the key of its path, so no separators. */
export const RegionCode = z.string().trim().min(1, '代码不能为空').max(40).regex(/^[0-9A-Za-z_-]+$/, '代码只能包含数字、字母、下划线和连字符');
const regionName = z.string().trim().min(1).max(100);
const aliases = z.array(z.string().max(100)).max(50);

export const RegionCreate = z.object({ code: RegionCode, name: regionName, level: z.enum(REGION_LEVELS), parentCode: z.string().nullish(), aliases: aliases.optional(), active: z.boolean().optional() });
/** Rename, aliases, (de)activate, or move (parentCode) a region. */
export const RegionUpdate = z.object({ version: z.number().int(), name: regionName.optional(), aliases: aliases.optional(), active: z.boolean().optional(), parentCode: z.string().nullish() });
/** A year's residents of a region; null deletes the year. */
export const PopulationSet = z.object({ residents: z.number().int().min(0).max(100_000_000).nullable() });
export const UnitCreate = z.object({ id: z.string().trim().min(1).max(60).optional(), name: z.string().trim().min(1).max(100), type: z.enum(UNIT_TYPES), regionCode: z.string().min(1) });
export const UnitUpdate = z.object({ version: z.number().int(), name: z.string().trim().min(1).max(100).optional(), type: z.enum(UNIT_TYPES).optional(), regionCode: z.string().optional(), active: z.boolean().optional() });

export const RegionOut = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  parentCode: z.string().nullable(),
  aliases: z.array(z.string()),
  active: z.boolean(),
  townCode: z.string().nullable(),
  version: z.number(),
});
export const RegionListOut = z.array(RegionOut);
export const UnitOut = z.object({ id: z.string(), name: z.string(), type: z.string(), regionCode: z.string(), active: z.boolean(), version: z.number() });
export const UnitListOut = z.array(UnitOut);
export const PopulationOut = z.object({ regionCode: z.string(), year: z.number(), residents: z.number() });
export const PopulationListOut = z.array(PopulationOut);

export type Region = z.infer<typeof RegionOut>;
export type Unit = z.infer<typeof UnitOut>;
export type Population = z.infer<typeof PopulationOut>;

/** GET /api/regions/boundaries: the outlines in scope (GeoJSON, WGS-84), each feature naming its region. */
export const BoundariesOut = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      properties: z.object({ code: z.string(), name: z.string(), level: z.string() }),
      // positions are [longitude, latitude] (WGS-84): a polygon's rings, or a multipolygon's polygons
      geometry: z.discriminatedUnion('type', [
        z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.array(z.number()))) }),
        z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(z.array(z.number())))) }),
      ]),
    }),
  ),
});
export type Boundaries = z.infer<typeof BoundariesOut>;
