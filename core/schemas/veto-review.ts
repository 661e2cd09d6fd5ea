/**
 * Veto items to review (否决事项核查, issue 14.4): what waits for the town office, and the decision it records.
 */
import { z } from 'zod';
import { Day, optText } from './fields.ts';

export const VETO_SOURCE_KINDS = [
  { key: 'court_case', label: '刑事一审案件' },
  { key: 'incident', label: '过失犯罪（判处三年以上）' },
] as const;

/** POST /veto-reviews: confirm as a veto incident (an intentional crime) or dismiss with a reason. */
export const VetoDecision = z
  .object({
    sourceKind: z.enum(['court_case', 'incident'], { message: '请指定核查对象' }),
    sourceId: z.string().trim().min(1, '请指定核查对象'),
    decision: z.enum(['confirmed', 'dismissed'], { message: '请选择“确认为否决事项”或“排除”' }),
    reason: optText(2000),
    /** for a confirmed court case: the sentence in months (无期/死刑 999), empty while not yet sentenced */
    sentenceMonths: z.number().int().min(0).max(999).nullish(),
    /** for a confirmed court case: when the crime occurred (default the filing date) */
    occurredOn: Day.nullish(),
  })
  .refine((v) => v.decision !== 'dismissed' || !!v.reason?.trim(), { message: '排除时请填写理由', path: ['reason'] });

export const VetoItemOut = z.object({
  sourceKind: z.enum(['court_case', 'incident']),
  sourceId: z.string(),
  /** 案号 for a court case, the incident's description otherwise */
  title: z.string(),
  date: z.string(),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  townCode: z.string().nullable(),
  sentenceMonths: z.number().nullable(),
  status: z.enum(['pending', 'confirmed', 'dismissed']),
  reason: z.string().nullable(),
  incidentId: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
});
export const VetoListOut = z.object({ items: z.array(VetoItemOut), pending: z.number() });
/** Pending items per village (and town) code: what the scorecard says a V4/T8 rests on. */
export const VetoPendingOut = z.object({ year: z.number(), byRegion: z.record(z.string(), z.number()) });

export type VetoItem = z.infer<typeof VetoItemOut>;
