/**
 * Input schemas of the risk register's writes (SPEC §6.1): a risk registered, corrected, turned into a
 * dispute or linked to one. The routes validate with them and the commands in
 * server/modules/screening/risks.ts take their output.
 */
import { z } from 'zod';
import { Day } from './fields.ts';
import { RiskFields } from './screening.ts';

/** A risk's own fields: those of the risks a screening report files (core/schemas/screening.ts). */
export { RiskFields };

/** POST /risks: a risk registered on its own. */
export const RiskCreate = z.object({ regionCode: z.string().min(1), ...RiskFields });
export type RiskCreateInput = z.output<typeof RiskCreate>;

/** PATCH /risks/:id: any field but the place, and open ↔ defused (became_dispute is set by the link). */
export const RiskUpdate = z.object({ ...RiskFields, version: z.number().int(), status: z.enum(['open', 'defused']).optional() }).partial({ category: true, description: true });
export type RiskUpdateInput = z.output<typeof RiskUpdate>;

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
