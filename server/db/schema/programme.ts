import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Programme management (SPEC §8): a programme year of a region (usually a town; a county may run one for
 * all its towns) with its targets and phases, and a task ledger (工作台账).
 *
 * `phases` is `[{ key: 'mobilise' | 'advance' | 'summarise', name, start, end }]` (calendar days,
 * Asia/Shanghai); defaults: 动员部署 1–15 July, 全面推进 16 July–30 November, 总结提升 December.
 */
export const programmeYears = pgTable(
  'programme_years',
  {
    id: text('id').primaryKey(),
    regionCode: text('region_code').notNull(),
    townCode: text('town_code'),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    /** free-text goals (创建目标) */
    goals: text('goals'),
    /** share of litigation-free villages aimed at (decimal text); null = the year's settings target */
    villageShareTarget: text('village_share_target'),
    phases: jsonb('phases').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('programme_years_region_year_idx').on(t.regionCode, t.year), index('programme_years_town_idx').on(t.townCode)],
);

/** A task of the ledger: assigned to a unit, with a deadline and completion evidence. */
export const programmeTasks = pgTable(
  'programme_tasks',
  {
    id: text('id').primaryKey(),
    programmeId: text('programme_id')
      .notNull()
      .references(() => programmeYears.id),
    /** the programme's region (copied, so scope filters need no join) */
    regionCode: text('region_code').notNull(),
    townCode: text('town_code'),
    phase: text('phase').notNull(), // mobilise | advance | summarise
    title: text('title').notNull(),
    description: text('description'),
    unitId: text('unit_id'),
    deadline: date('deadline'),
    status: text('status').notNull().default('open'), // open | done
    completedOn: date('completed_on'),
    evidence: text('evidence'),
    completedBy: text('completed_by'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('programme_tasks_programme_idx').on(t.programmeId, t.deadline), index('programme_tasks_town_idx').on(t.townCode)],
);
