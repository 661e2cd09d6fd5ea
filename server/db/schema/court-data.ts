import { boolean, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Outside data (SPEC §5). Each row carries the region it is attributed to (`region_code`, null when
 * unattributed) and that region's town (`town_code`), and how it got there (`match_status`:
 * `code` given, `address` matched, `town_only` waiting in the resolution queue, `unattributed`).
 */
const common = {
  townCode: text('town_code'),
  matchStatus: text('match_status').notNull().default('code'),
  imported: boolean('imported').notNull().default(false),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const courtCases = pgTable(
  'court_cases',
  {
    caseNo: text('case_no').primaryKey(),
    kind: text('kind').notNull(), // civil | criminal | administrative
    instance: text('instance').notNull(), // first | second | retrial
    year: integer('year'),
    filedOn: date('filed_on').notNull(),
    defendantRegionCode: text('defendant_region_code'),
    defendantAddress: text('defendant_address'),
    /** the region of whoever entered the record: gives an unattributed record (no region) a scope */
    ownerRegionCode: text('owner_region_code'),
    ...common,
  },
  (t) => [
    index('court_cases_region_idx').on(t.defendantRegionCode, t.filedOn),
    index('court_cases_town_idx').on(t.townCode, t.filedOn),
  ],
);

export const prelitigationMediations = pgTable(
  'prelitigation_mediations',
  {
    caseNo: text('case_no').primaryKey(),
    receivedOn: date('received_on').notNull(),
    concludedOn: date('concluded_on'),
    result: text('result').notNull(), // success | failure | pending
    partyRegionCode: text('party_region_code'),
    partyTownCode: text('party_town_code'),
    defendantRegionCode: text('defendant_region_code'),
    defendantAddress: text('defendant_address'),
    ownerRegionCode: text('owner_region_code'),
    ...common,
  },
  (t) => [
    index('prelit_def_region_idx').on(t.defendantRegionCode, t.receivedOn),
    index('prelit_town_idx').on(t.townCode, t.receivedOn),
    index('prelit_party_idx').on(t.partyRegionCode, t.receivedOn),
  ],
);

export const platformDisputes = pgTable(
  'platform_disputes',
  {
    platformNo: text('platform_no').primaryKey(),
    unitRegionCode: text('unit_region_code').notNull(),
    acceptedOn: date('accepted_on').notNull(),
    concludedOn: date('concluded_on'),
    result: text('result').notNull(),
    ...common,
  },
  (t) => [index('platform_region_idx').on(t.unitRegionCode, t.acceptedOn), index('platform_town_idx').on(t.townCode, t.acceptedOn)],
);

export const incidents = pgTable(
  'incidents',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    regionCode: text('region_code').notNull(),
    occurredOn: date('occurred_on').notNull(),
    /** months; 无期 / 死刑 are stored as 999 (more than 36); null while not yet sentenced */
    sentenceMonths: integer('sentence_months'),
    sentenceText: text('sentence_text'),
    description: text('description'),
    ...common,
  },
  (t) => [index('incidents_region_idx').on(t.regionCode, t.occurredOn), index('incidents_town_idx').on(t.townCode, t.occurredOn)],
);

/** 全市万人起诉率 per year; an empty city code (stored as '') means the deployment's own city. */
export const cityBenchmarks = pgTable(
  'city_benchmarks',
  {
    cityCode: text('city_code').notNull().default(''),
    year: integer('year').notNull(),
    litigationRatePer10k: text('litigation_rate_per_10k').notNull(), // exact decimal text
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cityCode, t.year] })],
);

/** Monthly counts of the other three sources (四源共治): enforcement, police, petition. */
export const sourceCounts = pgTable(
  'source_counts',
  {
    regionCode: text('region_code').notNull(),
    month: text('month').notNull(), // YYYY-MM
    source: text('source').notNull(),
    count: integer('count').notNull(),
    townCode: text('town_code'),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.month, t.source] })],
);

/** Address-matching queue: a record whose village was ambiguous waits here for a person to pick. */
export const resolutionQueue = pgTable(
  'resolution_queue',
  {
    id: text('id').primaryKey(),
    entity: text('entity').notNull(), // court_case | prelitigation_mediation
    entityId: text('entity_id').notNull(),
    field: text('field').notNull().default('defendant'),
    address: text('address').notNull(),
    townCode: text('town_code').notNull(),
    candidates: text('candidates').array().notNull().default([]),
    resolvedRegionCode: text('resolved_region_code'),
    resolvedBy: text('resolved_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('resolution_queue_entity_idx').on(t.entity, t.entityId, t.field), index('resolution_queue_town_idx').on(t.townCode)],
);

/**
 * Veto items reconciled with court data (issue 14.4): a first-instance criminal case whose defendant lives in a
 * village, or a negligent crime sentenced to three years or more, waits "待核查" until the town office confirms
 * it as a veto incident (`incident_id` then names it) or dismisses it with a reason. One row per source record.
 */
export const vetoReviews = pgTable(
  'veto_reviews',
  {
    id: text('id').primaryKey(),
    /** court_case (key: case number) | incident (key: incident id) */
    sourceKind: text('source_kind').notNull(),
    sourceId: text('source_id').notNull(),
    regionCode: text('region_code'),
    townCode: text('town_code'),
    decision: text('decision').notNull(), // confirmed | dismissed
    reason: text('reason'),
    incidentId: text('incident_id'),
    reviewedBy: text('reviewed_by').notNull(),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('veto_reviews_source_idx').on(t.sourceKind, t.sourceId)],
);
