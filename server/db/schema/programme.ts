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
    /** assigned to a unit (its users report) … */
    unitId: text('unit_id'),
    /** … or to a village or community (the users bound there report) */
    villageCode: text('village_code'),
    /** the latest reported progress in per cent (null: nothing reported) */
    progress: integer('progress'),
    deadline: date('deadline'),
    status: text('status').notNull().default('open'), // open | done
    completedOn: date('completed_on'),
    evidence: text('evidence'),
    completedBy: text('completed_by'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('programme_tasks_programme_idx').on(t.programmeId, t.deadline),
    index('programme_tasks_town_idx').on(t.townCode),
    index('programme_tasks_unit_idx').on(t.unitId),
    index('programme_tasks_village_idx').on(t.villageCode),
  ],
);

/**
 * A report on a task by its assignee or the town office (issue 13.7): progress in per cent, or done, with a
 * note; attachments are `files` owned by the report (`programme_task_report`). The reports are the task's history.
 */
export const programmeTaskReports = pgTable(
  'programme_task_reports',
  {
    id: text('id').primaryKey(),
    taskId: text('task_id')
      .notNull()
      .references(() => programmeTasks.id, { onDelete: 'cascade' }),
    /** where the assignee is (the unit's region or the village), so that its files are in the assignee's scope */
    regionCode: text('region_code').notNull(),
    townCode: text('town_code'),
    kind: text('kind').notNull(), // progress | done
    percent: integer('percent'),
    note: text('note').notNull(),
    authorId: text('author_id'),
    authorName: text('author_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('programme_task_reports_task_idx').on(t.taskId, t.createdAt)],
);
