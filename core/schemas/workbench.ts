/**
 * Response shape of GET /api/workbench, shared by the server (route response schema) and the web (types).
 */
import { z } from 'zod';
import { REGION_LEVELS, type RegionLevel } from '../regions.ts';

export const TodoItemOut = z.object({
  /** stable id, e.g. 'disputes.overdue' */
  key: z.string(),
  /** Chinese text shown to the user */
  label: z.string(),
  count: z.number(),
  /** web route to open, e.g. '/disputes?overdue=1' */
  path: z.string().optional(),
  severity: z.enum(['info', 'warning', 'danger']).optional(),
});
export type TodoItem = z.infer<typeof TodoItemOut>;

export const WorkbenchOut = z.object({
  year: z.number(),
  /** active regions in scope per level */
  regions: z.object(Object.fromEntries(REGION_LEVELS.map((l) => [l, z.number()])) as Record<RegionLevel, z.ZodNumber>),
  units: z.number(),
  /** active user accounts; null when the user may not manage users */
  users: z.number().nullable(),
  /** residents of the villages and communities in scope, latest year on record up to `year` */
  population: z.object({ year: z.number(), residents: z.number() }).nullable(),
  /** villages, communities and grids per town, when the scope holds several towns */
  towns: z.array(z.object({ code: z.string(), name: z.string(), villages: z.number(), communities: z.number(), grids: z.number() })),
  todo: z.array(TodoItemOut),
  /** 包村干部: the villages the user is responsible for, each with what needs attention */
  villages: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      /** disputes not yet concluded (registered, accepted, in mediation, failed awaiting transfer) */
      openDisputes: z.number(),
      /** disputes past their stage's due date */
      overdueDisputes: z.number(),
      /** ledger tasks of the village past their deadline */
      overdueTasks: z.number(),
      /** risks (隐患) still open, and the serious or major ones among them */
      openRisks: z.number(),
      seriousRisks: z.number(),
      /**
       * 万人起诉率 early warning of the village this year so far (the evaluation's warnings): flagged true when the
       * projection exceeds the allowance, null when it cannot be told (reason says why); the whole field is null when
       * the user may not read the evaluation or the town cannot be evaluated yet
       */
      warning: z
        .object({
          flagged: z.boolean().nullable(),
          casesSoFar: z.number(),
          allowedCases: z.number().nullable(),
          projection: z.number().nullable(),
          reason: z.string().nullable(),
        })
        .nullable(),
      /** the latest screening campaign covering the village (started, not in the future) */
      screening: z
        .object({ title: z.string(), deadline: z.string(), targets: z.number(), submitted: z.number(), overdue: z.boolean() })
        .nullable(),
    }),
  ),
});
export type Workbench = z.infer<typeof WorkbenchOut>;
