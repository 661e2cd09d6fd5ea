import { boolean, date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Visits and consultations (SPEC §6.2, 四门四访 + 法律咨询): `reception` (开门接访), `appointment` (进门约访),
 * `home_visit` (登门走访), `return_visit` (上门回访, linked to a dispute — the same record as a dispute's
 * return visit, SPEC §4.4) and `consultation` (法律咨询). Shared by the disputes feature (return visits are
 * written by the `return_visit` action) and the prevention feature (the visits ledger).
 */
export const visits = pgTable(
  'visits',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(), // reception | appointment | home_visit | return_visit | consultation
    visitedOn: date('visited_on').notNull(),
    /** names of the cadre(s) who received / visited, as shown (、-separated) */
    cadres: text('cadres').notNull(),
    /** the users among them, when known */
    cadreUserIds: text('cadre_user_ids').array().notNull().default([]),
    regionCode: text('region_code').notNull(),
    /** the village/community of the region (a grid's parent), null for a town-level visit */
    villageCode: text('village_code'),
    townCode: text('town_code'),
    /** the dispute visited (return visit) or that the visit gave rise to */
    disputeId: text('dispute_id'),
    personsMet: text('persons_met'),
    /** how many people were met (reception of a group counts them all) */
    personsCount: integer('persons_count').notNull().default(1),
    requests: text('requests'),
    answer: text('answer'),
    followUpNeeded: boolean('follow_up_needed').notNull().default(false),
    /** the requests' handling: none (nothing asked) | open | in_progress | resolved */
    requestStatus: text('request_status').notNull().default('none'),
    /** 1–5, null when not asked */
    satisfaction: integer('satisfaction'),
    /** return visits: whether the agreement's performance was checked */
    performanceChecked: boolean('performance_checked').notNull().default(false),
    newIssues: text('new_issues'),
    notes: text('notes'),
    imported: boolean('imported').notNull().default(false),
    createdBy: text('created_by'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('visits_town_idx').on(t.townCode, t.visitedOn),
    index('visits_village_idx').on(t.villageCode, t.visitedOn),
    index('visits_region_idx').on(t.regionCode),
    index('visits_dispute_idx').on(t.disputeId),
    index('visits_type_idx').on(t.type, t.visitedOn),
  ],
);
