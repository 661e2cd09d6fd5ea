import { boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Registers of people per village (SPEC §6.4); `since`/`until` inclusive, empty `until` = still active. */
export const personnel = pgTable(
  'personnel',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    regionCode: text('region_code').notNull(),
    /** the village the person counts for (a grid's village), kept so counts need no tree walk */
    villageCode: text('village_code'),
    townCode: text('town_code'),
    phone: text('phone'),
    since: date('since'),
    until: date('until'),
    joinedPlatform: boolean('joined_platform').notNull().default(false),
    trainings: text('trainings'),
    notes: text('notes'),
    imported: boolean('imported').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('personnel_village_idx').on(t.villageCode, t.role), index('personnel_town_idx').on(t.townCode)],
);

/** Checklist items (SPEC §6.5): standards no number decides, per region and year. */
export const checklistItems = pgTable(
  'checklist_items',
  {
    id: text('id').primaryKey(),
    regionCode: text('region_code').notNull(),
    townCode: text('town_code'),
    year: integer('year').notNull(),
    item: text('item').notNull(), // village_rules_non_litigation, … (ids of SPEC §6.5)
    status: text('status').notNull().default('unassessed'), // met | not_met | unassessed
    evidence: text('evidence'),
    /** why "达标" was confirmed although the figures said otherwise (issue 14.3) */
    overrideReason: text('override_reason'),
    assessedBy: text('assessed_by'),
    assessedOn: date('assessed_on'),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('checklist_region_year_item_idx').on(t.regionCode, t.year, t.item)],
);

/** Uploaded files (photos, evidence) live in the database so every instance and every backup has them. */
export const files = pgTable(
  'files',
  {
    id: text('id').primaryKey(),
    ownerEntity: text('owner_entity').notNull(),
    ownerId: text('owner_id').notNull(),
    townCode: text('town_code'),
    regionCode: text('region_code'),
    filename: text('filename').notNull(),
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    // bytea via customType would tie us to drivers; base64 text keeps both engines and backups identical
    contentBase64: text('content_base64').notNull(),
    uploadedBy: text('uploaded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('files_owner_idx').on(t.ownerEntity, t.ownerId)],
);
