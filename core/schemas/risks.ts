/**
 * Input schemas of the risk register's writes (SPEC §6.1): a risk turned into a dispute, or linked to one.
 * The routes validate with them and the commands in server/modules/screening/risks.ts take their output.
 */
import { z } from 'zod';
import { Day } from './fields.ts';

/**
 * POST /risks/:id/to-dispute: the intake pre-filled from the risk, any field corrected by the caller
 * (everything optional; the merged intake is then checked as a `DisputeCreate`).
 */
export const RiskToDisputeCreate = z
  .object({
    receivedOn: Day,
    channel: z.string(),
    category: z.string(),
    summary: z.string().max(4000),
    peopleCount: z.number().int().min(1),
    amount: z.union([z.string(), z.number()]).nullable(),
    riskLevel: z.string(),
    mayTurnCriminal: z.boolean(),
    threatensPetition: z.boolean(),
    parties: z.array(
      z.object({
        role: z.enum(['applicant', 'respondent']),
        kind: z.enum(['person', 'organisation']).optional(),
        name: z.string().trim().min(1).max(100),
        idNumber: z.string().nullish(),
        phone: z.string().nullish(),
        address: z.string().nullish(),
      }),
    ),
  })
  .partial()
  .optional();
export type RiskToDisputeCreateInput = z.output<typeof RiskToDisputeCreate>;

/** POST /risks/:id/link-dispute: a risk linked to a dispute registered from it. */
export const RiskDisputeLink = z.object({ disputeId: z.string().min(1) });
