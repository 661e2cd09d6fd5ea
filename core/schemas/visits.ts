/**
 * The visits API (SPEC §6: 四门四访 and legal consultation): the write contracts (route bodies, service inputs,
 * form rules) and the response shapes, shared by the server (route schemas — undeclared fields are stripped) and
 * the web (types, form rules).
 */
import { z } from 'zod';
import { VISIT_TYPES } from '../dictionaries.ts';
import { REQUEST_STATUSES } from '../prevention.ts';
import { Day, enumOf, optText } from './fields.ts';
import { ListItemOut } from './disputes.ts';
import { RiskToDisputeCreate } from './risks.ts';
import { BatchIds } from './batch.ts';

const VisitFields = {
  visitedOn: Day,
  cadres: optText(200),
  personsMet: optText(500),
  personsCount: z.number().int().min(1).max(10_000).optional(),
  requests: optText(4000),
  answer: optText(4000),
  followUpNeeded: z.boolean().optional(),
  requestStatus: enumOf(REQUEST_STATUSES).optional(),
  satisfaction: z.number().int().min(1).max(5).nullish(),
  performanceChecked: z.boolean().optional(),
  performanceStatus: z.enum(['pending', 'performed', 'breached']).nullish(),
  newIssues: optText(4000),
  notes: optText(4000),
};
/** POST /visits: a visit, consultation or return visit (a return visit names its dispute). */
export const VisitCreate = z.object({ type: enumOf(VISIT_TYPES), regionCode: z.string().min(1), disputeId: z.string().nullish(), ...VisitFields });
/** PATCH /visits/:id: any field but the type and place, with the version read. */
export const VisitUpdate = z.object({ ...VisitFields, disputeId: z.string().nullish(), version: z.number().int() }).partial({ visitedOn: true });

/**
 * POST /visits/batch (issue 18.4): answer the requests of several visits at once — one answer, their handling
 * marked 已答复 (or 办理中) — each visit as one PATCH would, with one outcome per visit.
 */
export const VisitBatch = z.object({
  action: z.literal('answer', '操作只能是答复诉求'),
  ...BatchIds,
  answer: z.string().trim().min(1, '请填写答复内容').max(4000),
  requestStatus: z.enum(['resolved', 'in_progress']).default('resolved'),
});

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

/** GET /visits/:id/intake: the dispute intake prefilled from a visit or consultation that revealed a dispute. */
export const VisitIntakeOut = z.object({
  visit: VisitOut,
  intake: ListItemOut.pick({ regionCode: true, receivedOn: true, channel: true, summary: true, peopleCount: true, amount: true, riskLevel: true, mayTurnCriminal: true, threatensPetition: true }).extend({
    // a visit has no category: the person registering chooses it
    category: z.string().nullable(),
    parties: z.array(z.object({ role: z.string(), kind: z.string(), name: z.string(), idNumber: z.string().nullable(), phone: z.string().nullable(), address: z.string().nullable() })),
  }),
});
/** POST /visits/:id/to-dispute: the prefilled intake with the user's corrections (any field; as for a risk). */
export const VisitToDisputeCreate = RiskToDisputeCreate;
export const VisitToDisputeOut = z.object({ visit: VisitOut, dispute: z.object({ id: z.string(), number: z.string(), state: z.string() }) });

export type Visit = z.infer<typeof VisitOut>;
export type VisitIntake = z.infer<typeof VisitIntakeOut>;
export type VisitToDispute = z.infer<typeof VisitToDisputeOut>;
export type VisitList = z.infer<typeof VisitListOut>;
export type VisitStats = z.infer<typeof VisitStatsOut>;
