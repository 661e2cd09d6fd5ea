import { boolean, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Data exchange (SPEC §9). An import from the web is a job: its uploaded files, its progress and its
 * report live in the database, so any instance can answer the page that polls it.
 */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: text('id').primaryKey(),
    userId: text('user_id'),
    actorName: text('actor_name').notNull(),
    /** queued | running | done | failed */
    status: text('status').notNull().default('queued'),
    /** validate (dry run) | commit */
    phase: text('phase').notNull().default('validate'),
    committed: boolean('committed').notNull().default(false),
    fileNames: text('file_names').array().notNull().default([]),
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total').notNull().default(0),
    report: jsonb('report'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('import_jobs_user_idx').on(t.userId, t.createdAt)],
);

/** The uploaded files of a job, kept until it is committed (base64 text: the same on both engines and in backups). */
export const importJobFiles = pgTable(
  'import_job_files',
  {
    jobId: text('job_id').notNull(),
    seq: integer('seq').notNull(),
    name: text('name').notNull(),
    size: integer('size').notNull(),
    contentBase64: text('content_base64').notNull(),
  },
  (t) => [index('import_job_files_job_idx').on(t.jobId, t.seq)],
);

/**
 * Validated rows of a running import, written in batches and applied in one short final transaction
 * (the embedded engine has one connection: a long transaction would stall every request).
 * `data` holds the target row (snake_case columns), `before` the row it replaces. The table is UNLOGGED (set in
 * its migration): staged rows are scratch, not worth a write-ahead log; after a crash the import is run again.
 */
export const importStaging = pgTable(
  'import_staging',
  {
    jobId: text('job_id').notNull(),
    file: text('file').notNull(),
    rowNo: integer('row_no').notNull(),
    key: text('key').notNull(),
    action: text('action').notNull(), // add | update | replace
    version: integer('version'),
    townCode: text('town_code'),
    data: jsonb('data').notNull(),
    before: jsonb('before'),
  },
  // row_no too: the commit reads the staged rows in slices of row numbers
  (t) => [index('import_staging_job_row_idx').on(t.jobId, t.file, t.action, t.rowNo)],
);
