/**
 * The education API (SPEC §6: 法治宣传教育 activities, the 每周一典 series, the library of typical cases and
 * practices): the write contracts (route bodies, service inputs, form rules) and the response shapes, shared by
 * the server (route schemas — undeclared fields are stripped) and the web (types, form rules).
 */
import { z } from 'zod';
import { DISPUTE_CATEGORIES, EDUCATION_ACTIVITY_TYPES } from '../dictionaries.ts';
import { LIBRARY_KINDS } from '../prevention.ts';
import { Day, enumOf, optText } from './fields.ts';
import { FileOut } from './prevention.ts';

/** POST /education/activities: an activity (a 每周一典 gets its issue number when none is given). */
export const ActivityCreate = z.object({
  type: enumOf(EDUCATION_ACTIVITY_TYPES),
  heldOn: Day,
  regionCode: z.string().min(1),
  title: z.string().trim().min(1, '请填写活动名称').max(200),
  organiser: optText(200),
  participants: z.number().int().min(0).max(1_000_000).optional(),
  summary: optText(8000),
  seriesNo: z.number().int().min(1).max(10_000).nullish(),
  libraryEntryId: z.string().nullish(),
});
/** PATCH /education/activities/:id: any field but the type and place, with the version read. */
export const ActivityUpdate = ActivityCreate.omit({ type: true, regionCode: true }).partial().extend({ version: z.number().int() });

/** POST /library: a typical case or practice. */
export const LibraryCreate = z.object({
  kind: enumOf(LIBRARY_KINDS),
  title: z.string().trim().min(1, '请填写标题').max(200),
  category: enumOf(DISPUTE_CATEGORIES).nullish(),
  regionCode: z.string().min(1),
  summary: optText(2000),
  content: optText(50_000),
  publishedOn: Day.nullish(),
  disputeId: z.string().nullish(),
});
/** PATCH /library/:id: any field but the region, with the version read. */
export const LibraryUpdate = LibraryCreate.omit({ regionCode: true }).partial().extend({ version: z.number().int() });

export const ActivityOut = z.object({
  id: z.string(),
  type: z.string(),
  heldOn: z.string(),
  regionCode: z.string(),
  regionName: z.string().optional(),
  villageCode: z.string().nullable(),
  townCode: z.string().nullable(),
  title: z.string(),
  organiser: z.string().nullable(),
  participants: z.number(),
  summary: z.string().nullable(),
  seriesNo: z.number().nullable(),
  libraryEntryId: z.string().nullable(),
  version: z.number(),
  photos: z.array(FileOut).optional(),
});
export const ActivityListOut = z.object({ items: z.array(ActivityOut), total: z.number() });
/** GET /education/stats: a year's activities by village and month, and by type. */
export const ActivityStatsOut = z.object({
  year: z.number(),
  byVillage: z.array(z.object({ code: z.string(), name: z.string(), month: z.string(), n: z.number(), participants: z.number() })),
  byType: z.array(z.object({ type: z.string(), n: z.number(), participants: z.number() })),
  total: z.number(),
});
/** GET /education/weekly: the 每周一典 issues of a year against the weeks elapsed. */
export const WeeklySeriesOut = z.object({ year: z.number(), issues: z.number(), weeksElapsed: z.number(), items: z.array(ActivityOut) });

export const LibraryOut = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  category: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string().optional(),
  townCode: z.string().nullable(),
  summary: z.string().nullable(),
  content: z.string().nullable(),
  publishedOn: z.string().nullable(),
  disputeId: z.string().nullable(),
  version: z.number(),
});
export const LibraryListOut = z.object({ items: z.array(LibraryOut), total: z.number() });

export type Activity = z.infer<typeof ActivityOut>;
export type ActivityList = z.infer<typeof ActivityListOut>;
export type ActivityStats = z.infer<typeof ActivityStatsOut>;
export type WeeklySeries = z.infer<typeof WeeklySeriesOut>;
export type LibraryEntry = z.infer<typeof LibraryOut>;
export type LibraryList = z.infer<typeof LibraryListOut>;
