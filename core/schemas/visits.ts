/**
 * Response shapes of the visits API (SPEC §6: 四门四访 and legal consultation), shared by the server (route
 * response schemas — undeclared fields are stripped) and the web (types).
 */
import { z } from 'zod';

export const VisitOut = z.object({
  id: z.string(),
  type: z.string(),
  visitedOn: z.string(),
  cadres: z.string(),
  cadreUserIds: z.array(z.string()),
  regionCode: z.string(),
  regionName: z.string().optional(),
  villageCode: z.string().nullable(),
  townCode: z.string().nullable(),
  disputeId: z.string().nullable(),
  disputeNumber: z.string().nullable().optional(),
  personsMet: z.string().nullable(),
  personsCount: z.number(),
  requests: z.string().nullable(),
  answer: z.string().nullable(),
  followUpNeeded: z.boolean(),
  requestStatus: z.string(),
  satisfaction: z.number().nullable(),
  performanceChecked: z.boolean(),
  newIssues: z.string().nullable(),
  notes: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
});
export const VisitListOut = z.object({ items: z.array(VisitOut), total: z.number() });

/** GET /visits/stats: a year month by month by type, cadre and village; the requests by how far handled. */
export const VisitStatsOut = z.object({
  year: z.number(),
  byType: z.array(z.object({ month: z.string(), type: z.string(), n: z.number() })),
  byCadre: z.array(z.object({ month: z.string(), cadre: z.string(), n: z.number() })),
  byVillage: z.array(z.object({ month: z.string(), villageCode: z.string().nullable(), villageName: z.string(), n: z.number() })),
  requests: z.record(z.string(), z.number()),
});

export type Visit = z.infer<typeof VisitOut>;
export type VisitList = z.infer<typeof VisitListOut>;
export type VisitStats = z.infer<typeof VisitStatsOut>;
