import { boolean, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Region tree (SPEC §3). `path` is the materialised path of codes ("/33/3307/…/code/") so that
 * "this region and below" is one indexed prefix match; `town_code` lets case tables be scoped by town.
 */
export const regions = pgTable(
  'regions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level').notNull(),
    parentCode: text('parent_code'),
    path: text('path').notNull(),
    townCode: text('town_code'),
    aliases: text('aliases').array().notNull().default([]),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('regions_parent_idx').on(t.parentCode),
    index('regions_path_idx').on(t.path.op('text_pattern_ops')),
    index('regions_town_idx').on(t.townCode),
  ],
);

export const regionPopulation = pgTable(
  'region_population',
  {
    regionCode: text('region_code').notNull().references(() => regions.code),
    year: integer('year').notNull(),
    residents: integer('residents').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.year] })],
);

export const units = pgTable(
  'units',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    regionCode: text('region_code').notNull().references(() => regions.code),
    townCode: text('town_code'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('units_region_idx').on(t.regionCode)],
);

/**
 * A region's outline for the maps (issue 16.2): one GeoJSON geometry (Polygon or MultiPolygon, WGS-84), kept as
 * its JSON text — it is only ever sent whole to the browser, never queried spatially.
 */
export const regionBoundaries = pgTable(
  'region_boundaries',
  {
    regionCode: text('region_code').primaryKey().references(() => regions.code),
    townCode: text('town_code'),
    geometry: text('geometry').notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('region_boundaries_town_idx').on(t.townCode)],
);
