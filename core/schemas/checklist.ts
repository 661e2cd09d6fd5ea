/**
 * The checklist API (SPEC §6.5: T1–T6 for the town, V1–V2 per village, with the figures beside each item): the
 * write contract (route body, service input, form rules) and the response shapes, shared by the server (route
 * schemas) and the web (types, form rules).
 */
import { z } from 'zod';
import { CHECKLIST_STATUSES } from '../dictionaries.ts';
import { Day, enumOf, optText } from './fields.ts';
import { FileOut } from './prevention.ts';

/** PUT /checklist/:regionCode/:year/:item: the assessment of one item (version 0 when the item has no row yet). */
export const ChecklistAssess = z.object({
  status: enumOf(CHECKLIST_STATUSES),
  evidence: optText(20_000),
  /** required to confirm "达标" when the figures contradict it (the item's `contradiction`) */
  overrideReason: optText(2000),
  assessedOn: Day.nullish(),
  version: z.number().int().min(0),
});

export const ChecklistItemOut = z.object({
  item: z.string(),
  code: z.string(),
  label: z.string(),
  id: z.string().nullable(),
  status: z.string(),
  evidence: z.string().nullable(),
  assessedBy: z.string().nullable(),
  assessedOn: z.string().nullable(),
  version: z.number(),
  attachments: z.array(FileOut),
  figures: z.record(z.string(), z.unknown()),
  /** what the product's own figures say against "达标" (null when nothing) */
  contradiction: z.string().nullable(),
  overrideReason: z.string().nullable(),
});

export const ChecklistRegionOut = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  townCode: z.string().nullable(),
  items: z.array(ChecklistItemOut),
  v3: z.object({ ruleOfLawLeaders: z.number(), legalLiterates: z.number(), minimums: z.object({ ruleOfLawLeaders: z.number(), legalLiterates: z.number() }), activities: z.number() }).optional(),
});

export const ChecklistOut = z.object({ year: z.number(), asOf: z.string(), regions: z.array(ChecklistRegionOut) });

/** One assessment as stored (the answer to a PUT). */
export const ChecklistRowOut = z.object({ id: z.string(), regionCode: z.string(), year: z.number(), item: z.string(), status: z.string(), evidence: z.string().nullable(), overrideReason: z.string().nullable(), assessedBy: z.string().nullable(), assessedOn: z.string().nullable(), version: z.number() });

export type ChecklistItem = z.infer<typeof ChecklistItemOut>;
export type ChecklistRegion = z.infer<typeof ChecklistRegionOut>;
