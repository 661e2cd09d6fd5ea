import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * In-app notifications (SPEC §10: shared by every instance, so they live in the database).
 * `(user_id, kind, ref)` is unique: a job raising the same event twice — or two instances raising it at
 * once — inserts one row (`insert … on conflict do nothing`). `kind` holds the SPEC §11 event name
 * (`stage.overdue`, …); `ref` is the event's key (e.g. `<stage id>:<due date>`); `subject` is what a client
 * opens (`{kind, id, number}`).
 */
export const notifications = pgTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    /** the event (SPEC §11 names; older rows: dispute_overdue, confirmation_closing, key_person_contact) */
    kind: text('kind').notNull(),
    /** what the event is about, unique per kind and user (e.g. `<stage id>:<due date>`) */
    ref: text('ref').notNull(),
    title: text('title'),
    /** the text */
    message: text('message').notNull(),
    /** the record to open (e.g. `dispute:<id>`) */
    link: text('link'),
    /** the record as `{kind, id, number}` */
    subject: jsonb('subject'),
    townCode: text('town_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('notifications_event_idx').on(t.userId, t.kind, t.ref), index('notifications_user_idx').on(t.userId, t.createdAt)],
);

/**
 * Events raised, once each: `notify` inserts `(event, key)` first (`on conflict do nothing`) and does nothing more
 * when the row was there, so jobs on several instances raise an event once; jobs skip raised keys in SQL.
 */
export const notificationEvents = pgTable(
  'notification_events',
  {
    event: text('event').notNull(),
    key: text('key').notNull(),
    townCode: text('town_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.event, t.key] })],
);

/** A user's choice of events shown in the app (absent row = every event). */
export const notificationPreferences = pgTable('notification_preferences', {
  userId: text('user_id').primaryKey(),
  /** events the user does not want in the app */
  muted: jsonb('muted').notNull().default([]),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A channel messages leave the system through (SPEC §11 `notification-channels`): a JSON webhook, a 企业微信 or
 * 钉钉 group robot, an e-mail address, or an SMS gateway template. It receives the listed events of its region
 * and below. `settings`: `{includeNames, includePhones, phones: [], secret}` — personal data only as allowed;
 * identity numbers never.
 */
export const notificationChannels = pgTable(
  'notification_channels',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(), // webhook | wecom | dingtalk | sms | email
    name: text('name').notNull(),
    target: text('target').notNull(),
    regionCode: text('region_code').notNull(),
    townCode: text('town_code'),
    events: jsonb('events').notNull(),
    settings: jsonb('settings').notNull().default({}),
    active: boolean('active').notNull().default(true),
    createdBy: text('created_by'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notification_channels_region_idx').on(t.regionCode)],
);

/**
 * The outbox: one row per channel and event, inserted in the transaction that raised the event; the drain job
 * claims due rows (`pending`, `next_attempt_at` ≤ now) and sends them, retrying with backoff until `failed`.
 * `(channel_id, event, key)` is unique, so an event raised twice is delivered once.
 */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: text('id').primaryKey(),
    channelId: text('channel_id')
      .notNull()
      .references(() => notificationChannels.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    key: text('key').notNull(),
    townCode: text('town_code'),
    /** the webhook JSON of SPEC §11 (other kinds are built from it when sent) */
    payload: jsonb('payload').notNull(),
    status: text('status').notNull().default('pending'), // pending | sending | sent | failed
    tries: integer('tries').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('notification_deliveries_event_idx').on(t.channelId, t.event, t.key),
    index('notification_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('notification_deliveries_town_idx').on(t.townCode, t.createdAt),
  ],
);
