/**
 * The write contracts of the programme API (SPEC §7: the year's 创建工作方案 with its three phases, and the
 * task ledger), shared by the server (route bodies, service inputs) and the web (form rules). The response
 * shapes are in core/schemas/evaluation.ts.
 */
import { z } from 'zod';
import { Day } from './fields.ts';

export const PHASE_KEYS = ['mobilise', 'advance', 'summarise'] as const;
export type PhaseKey = (typeof PHASE_KEYS)[number];

/** A phase of the year's programme (an empty name takes the phase's usual one). */
export const PhaseIn = z.object({ key: z.enum(PHASE_KEYS), name: z.string().max(40).optional().default(''), start: Day, end: Day });
export type Phase = z.output<typeof PhaseIn>;
const fraction = z.string().regex(/^(0(\.\d+)?|1(\.0+)?)$/, '应为 0 到 1 之间的小数');

/** POST /programmes: a region's programme for a year (the phases default to July, July–November, December). */
export const ProgrammeCreate = z.object({
  regionCode: z.string().min(1),
  year: z.number().int().min(2000).max(2100),
  title: z.string().min(1, '请填写方案名称').max(200),
  goals: z.string().max(4000).nullish(),
  villageShareTarget: fraction.nullish(),
  phases: z.array(PhaseIn).optional(),
});
/** PATCH /programmes/:id: title, goals, target and phases, with the version read. */
export const ProgrammeUpdate = z.object({
  version: z.number().int(),
  title: z.string().max(200).optional(),
  goals: z.string().max(4000).nullish(),
  villageShareTarget: fraction.nullish(),
  phases: z.array(PhaseIn).optional(),
});

/** POST /programmes/:id/tasks: a task of the ledger. */
export const ProgrammeTaskCreate = z.object({
  phase: z.enum(PHASE_KEYS),
  title: z.string().min(1, '请填写任务内容').max(500),
  description: z.string().max(4000).nullish(),
  unitId: z.string().nullish(),
  /** a village or community instead of a unit */
  villageCode: z.string().nullish(),
  deadline: Day.nullish(),
});
/** PATCH /programme-tasks/:id: any field; status=done marks it done (with its evidence), status=open reopens it. */
export const ProgrammeTaskUpdate = z.object({
  version: z.number().int(),
  phase: z.enum(PHASE_KEYS).optional(),
  title: z.string().max(500).optional(),
  description: z.string().max(4000).nullish(),
  unitId: z.string().nullish(),
  villageCode: z.string().nullish(),
  deadline: Day.nullish(),
  status: z.enum(['open', 'done']).optional(),
  completedOn: Day.nullish(),
  evidence: z.string().max(8000).nullish(),
});

/** POST /programme-tasks/:id/reports: the assignee reports progress (per cent) or completion, with a note. */
export const ProgrammeTaskReportCreate = z.object({
  version: z.number().int(),
  kind: z.enum(['progress', 'done']),
  percent: z.number().int('进度应为整数').min(0, '进度应在 0–100 之间').max(100, '进度应在 0–100 之间').nullish(),
  note: z.string().trim().min(1, '请填写进展情况').max(4000),
});
