import { index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * In-app notifications (SPEC §10: shared by every instance, so they live in the database).
 * `(user_id, kind, ref)` is unique: a job raising the same event twice — or two instances raising it at
 * once — inserts one row (`insert … on conflict do nothing`).
 */
export const notifications = pgTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    kind: text('kind').notNull(), // e.g. dispute_overdue, confirmation_closing
    /** what the event is about, unique per kind and user (e.g. `<stage id>:<due date>`) */
    ref: text('ref').notNull(),
    message: text('message').notNull(),
    /** the record to open (e.g. `dispute:<id>`) */
    link: text('link'),
    townCode: text('town_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('notifications_event_idx').on(t.userId, t.kind, t.ref), index('notifications_user_idx').on(t.userId, t.createdAt)],
);
