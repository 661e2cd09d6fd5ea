import { boolean, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Prevention and community work (SPEC §6). Every table carries `region_code` (for scope), `village_code`
 * (the village a grid belongs to, so per-village counts need no tree walk) and `town_code`.
 */
const stamps = {
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** A screening campaign (排查, SPEC §6.1) set up by the town office. */
export const screeningCampaigns = pgTable(
  'screening_campaigns',
  {
    id: text('id').primaryKey(),
    /** the organising region (usually the town); covered regions lie at or below it */
    regionCode: text('region_code').notNull(),
    townCode: text('town_code'),
    title: text('title').notNull(),
    type: text('type').notNull(), // regular | flexible | sensitive_period
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    deadline: date('deadline').notNull(),
    notes: text('notes'),
    createdBy: text('created_by'),
    ...stamps,
  },
  (t) => [index('screening_campaigns_town_idx').on(t.townCode, t.startsOn)],
);

/** The regions (villages, communities or grids) a campaign covers; each files one report. */
export const screeningTargets = pgTable(
  'screening_targets',
  {
    campaignId: text('campaign_id').notNull().references(() => screeningCampaigns.id, { onDelete: 'cascade' }),
    regionCode: text('region_code').notNull(),
    villageCode: text('village_code'),
    townCode: text('town_code'),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.regionCode] }), index('screening_targets_region_idx').on(t.regionCode)],
);

/** A covered region's report: the risks it found, or a zero report (零报告). */
export const screeningReports = pgTable(
  'screening_reports',
  {
    id: text('id').primaryKey(),
    campaignId: text('campaign_id').notNull().references(() => screeningCampaigns.id, { onDelete: 'cascade' }),
    regionCode: text('region_code').notNull(),
    villageCode: text('village_code'),
    townCode: text('town_code'),
    status: text('status').notNull().default('submitted'), // submitted | reopened
    zeroReport: boolean('zero_report').notNull(),
    notes: text('notes'),
    /** calendar day (Asia/Shanghai) of the latest filing; on time when ≤ the campaign deadline */
    submittedOn: date('submitted_on').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    submittedBy: text('submitted_by'),
    submittedByName: text('submitted_by_name'),
    reopenReason: text('reopen_reason'),
    reopenedBy: text('reopened_by'),
    reopenedAt: timestamp('reopened_at', { withTimezone: true }),
    ...stamps,
  },
  (t) => [uniqueIndex('screening_reports_campaign_region_idx').on(t.campaignId, t.regionCode)],
);

/** A risk (隐患) found in screening or registered on its own. */
export const risks = pgTable(
  'risks',
  {
    id: text('id').primaryKey(),
    campaignId: text('campaign_id'),
    reportId: text('report_id'),
    regionCode: text('region_code').notNull(),
    villageCode: text('village_code'),
    townCode: text('town_code'),
    foundOn: date('found_on').notNull(),
    category: text('category').notNull(),
    peopleInvolved: text('people_involved'),
    peopleCount: integer('people_count').notNull().default(1),
    level: text('level').notNull().default('general'), // general | serious | major
    description: text('description').notNull(),
    measures: text('measures'),
    status: text('status').notNull().default('open'), // open | defused | became_dispute
    /** the dispute it became (linked both ways: the dispute names the risk it came from) */
    disputeId: text('dispute_id'),
    keyPersonId: text('key_person_id'),
    createdBy: text('created_by'),
    ...stamps,
  },
  (t) => [
    index('risks_town_idx').on(t.townCode, t.foundOn),
    index('risks_region_idx').on(t.regionCode),
    index('risks_report_idx').on(t.reportId),
  ],
);

/** Key persons (重点对象, SPEC §6.3): visible only to admin, the town office and the responsible cadre. */
export const keyPersons = pgTable(
  'key_persons',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    phone: text('phone'),
    address: text('address'),
    /** identity number: ciphertext, keyed blind index (matching parties of disputes, issue 17.1) and masked form */
    idNumberEnc: text('id_number_enc'),
    idNumberHash: text('id_number_hash'),
    idNumberMasked: text('id_number_masked'),
    regionCode: text('region_code').notNull(),
    villageCode: text('village_code'),
    townCode: text('town_code'),
    type: text('type').notNull(),
    /** 三失一偏 sub-flags (life_frustrated, mentally_unbalanced, behaviour_abnormal, personality_paranoid) */
    flags: text('flags').array().notNull().default([]),
    situation: text('situation'),
    responsibleUserId: text('responsible_user_id').notNull(),
    responsePlan: text('response_plan'),
    riskLevel: text('risk_level').notNull().default('general'),
    status: text('status').notNull().default('under_watch'), // under_watch | resolved | removed
    watchedSince: date('watched_since').notNull(),
    lastContactOn: date('last_contact_on'),
    sourceRiskId: text('source_risk_id'),
    ...stamps,
  },
  (t) => [index('key_persons_town_idx').on(t.townCode), index('key_persons_responsible_idx').on(t.responsibleUserId), index('key_persons_id_hash_idx').on(t.idNumberHash)],
);

/** Contacts with a key person and the help given (走访帮扶记录). */
export const keyPersonContacts = pgTable(
  'key_person_contacts',
  {
    id: text('id').primaryKey(),
    keyPersonId: text('key_person_id')
      .notNull()
      .references(() => keyPersons.id, { onDelete: 'cascade' }),
    contactedOn: date('contacted_on').notNull(),
    method: text('method').notNull(),
    content: text('content').notNull(),
    helpGiven: text('help_given'),
    byUserId: text('by_user_id'),
    byName: text('by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('key_person_contacts_kp_idx').on(t.keyPersonId, t.contactedOn)],
);

/** Village facilities and service points (SPEC §6.4). Photos are `files` with owner `facility`. */
export const facilities = pgTable(
  'facilities',
  {
    id: text('id').primaryKey(),
    regionCode: text('region_code').notNull(),
    villageCode: text('village_code'),
    townCode: text('town_code'),
    type: text('type').notNull(),
    name: text('name'),
    status: text('status').notNull().default('in_use'), // in_use | building | suspended
    since: date('since'),
    notes: text('notes'),
    ...stamps,
  },
  (t) => [index('facilities_village_idx').on(t.villageCode, t.type), index('facilities_town_idx').on(t.townCode)],
);

/** Legal education activities (法治宣传/培训/示范诉讼/示范调解/每周一典). Photos are `files` with owner `education_activity`. */
export const educationActivities = pgTable(
  'education_activities',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    heldOn: date('held_on').notNull(),
    regionCode: text('region_code').notNull(),
    villageCode: text('village_code'),
    townCode: text('town_code'),
    title: text('title').notNull(),
    organiser: text('organiser'),
    participants: integer('participants').notNull().default(0),
    summary: text('summary'),
    /** 每周一典: the issue number within the town's series */
    seriesNo: integer('series_no'),
    libraryEntryId: text('library_entry_id'),
    ...stamps,
  },
  (t) => [index('education_town_idx').on(t.townCode, t.heldOn), index('education_village_idx').on(t.villageCode, t.heldOn)],
);

/** The library of typical cases and experiences (典型案例/经验做法). */
export const libraryEntries = pgTable(
  'library_entries',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(), // typical_case | experience
    title: text('title').notNull(),
    category: text('category'),
    regionCode: text('region_code').notNull(),
    villageCode: text('village_code'),
    townCode: text('town_code'),
    summary: text('summary'),
    content: text('content'),
    publishedOn: date('published_on'),
    disputeId: text('dispute_id'),
    ...stamps,
  },
  (t) => [index('library_town_idx').on(t.townCode)],
);
