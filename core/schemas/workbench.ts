/**
 * Response shape of GET /api/workbench, shared by the server (route response schema) and the web (types).
 */
import { z } from 'zod';
import { REGION_LEVELS, type RegionLevel } from '../regions.ts';
import { TownCompareOut } from './evaluation.ts';

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

/** A village's standing on the map and in lists: 达标 / 有风险 / 未达标 / 无法判断 (core/cockpit.ts). */
export const StandingOut = z.enum(['met', 'at_risk', 'not_met', 'unknown']);

/** The 万人起诉率 of a region this year so far against its limit (the evaluation's early warning). */
const LitigationOut = z.object({
  casesSoFar: z.number(),
  rate: z.number().nullable(),
  limit: z.number().nullable(),
  /** cases the whole year allows (floor(limit × population ÷ 10,000)) and what is left of them */
  allowedCases: z.number().nullable(),
  allowance: z.number().nullable(),
  projection: z.number().nullable(),
  flagged: z.boolean().nullable(),
  reason: z.string().nullable(),
});

const MapVillageOut = z.object({
  code: z.string(),
  name: z.string(),
  townCode: z.string(),
  standing: StandingOut,
  /** 未达标 standards, for the hover text */
  failed: z.array(z.string()),
  /** disputes received this year so far, and those still open */
  disputes: z.number(),
  openDisputes: z.number(),
  population: z.number().nullable(),
});

const TownTilesOut = z.object({
  code: z.string(),
  name: z.string(),
  passed: z.boolean().nullable(),
  standardsPassed: z.number(),
  standardsTotal: z.number(),
  /** 无讼村(社区)占比 now, its standard (min) and the programme's target of the year */
  share: z.object({ value: z.number().nullable(), min: z.number().nullable(), target: z.number().nullable(), litigationFree: z.number(), villages: z.number(), reason: z.string().nullable() }),
  litigation: LitigationOut,
  /** this year so far, by outcome date: 化解率 = resolved ÷ reached an outcome; 就地化解率 = resolved locally ÷ reached an outcome */
  resolution: z.object({ reached: z.number(), resolved: z.number(), local: z.number(), rate: z.number().nullable(), localRate: z.number().nullable() }),
  disputes: z.object({ open: z.number(), overdue: z.number(), byLevel: z.array(z.object({ level: z.string(), label: z.string(), open: z.number(), overdue: z.number() })) }),
  /** villages flagged by the early warning (worst first) */
  atRisk: z.array(z.object({ code: z.string(), name: z.string(), casesSoFar: z.number(), allowedCases: z.number().nullable(), allowance: z.number().nullable(), projection: z.number().nullable() })),
  /** the last places of the ranking (rank over the whole town) */
  bottom: z.array(z.object({ code: z.string(), name: z.string(), rank: z.number(), of: z.number(), standardsPassed: z.number(), standardsTotal: z.number(), litigationRate: z.number().nullable() })),
  /** the latest screening campaign of the town that has started */
  screening: z.object({ id: z.string(), title: z.string(), deadline: z.string(), covered: z.number(), reported: z.number(), onTime: z.number(), coverage: z.number().nullable() }).nullable(),
  /** key persons under watch not contacted within the setting's days; null when the user may not see key persons */
  keyPersons: z.object({ underWatch: z.number(), missed: z.number(), days: z.number() }).nullable(),
});

const VillageTilesOut = z.object({
  code: z.string(),
  name: z.string(),
  townCode: z.string(),
  townName: z.string(),
  passed: z.boolean().nullable(),
  standing: StandingOut,
  rank: z.number().nullable(),
  of: z.number(),
  standards: z.array(z.object({ id: z.string(), label: z.string(), passed: z.boolean().nullable(), reason: z.string().nullable(), standing: StandingOut })),
  litigation: LitigationOut,
  disputes: z.object({ open: z.number(), overdue: z.number() }),
});

const GridDisputeOut = z.object({ id: z.string(), number: z.string(), summary: z.string(), state: z.string(), dueOn: z.string().nullable(), overdue: z.boolean() });
/** An overdue open dispute of the grid worker's area that someone else (or a unit, naming no one) handles. */
const GridOthersOverdueOut = z.object({
  id: z.string(),
  number: z.string(),
  summary: z.string(),
  /** level of the current stage, and its label (待受理 before acceptance) */
  level: z.string(),
  levelLabel: z.string(),
  /** who handles it: the handler's name, else null (the stage's unit names no one yet) */
  handlerName: z.string().nullable(),
  unitName: z.string().nullable(),
  dueOn: z.string(),
  /** whole days past the stage's time limit, as of today */
  daysOverdue: z.number(),
});

/**
 * GET /api/workbench/cockpit: the leader's view (驾驶舱) shaped by the user's role, every figure from the stored
 * records as of today (`asOf`), computed at `computedAt`.
 */
export const CockpitOut = z.object({
  view: z.enum(['county', 'town', 'village', 'grid', 'basic']),
  year: z.number(),
  asOf: z.string(),
  /** ISO instant the figures were computed */
  computedAt: z.string(),
  unread: z.number(),
  /** town view: the town's tiles (one); county view: empty */
  towns: z.array(TownTilesOut),
  /** county view: every town side by side, worst first */
  compare: TownCompareOut.shape.towns,
  village: VillageTilesOut.nullable(),
  grid: z
    .object({
      /** screening reports still to file (隐患或零报告) */
      reports: z.array(z.object({ campaignId: z.string(), title: z.string(), regionName: z.string(), deadline: z.string(), state: z.string() })),
      /** what the user's own disputes need today (overdue, due soon, arrived, return visits) */
      today: z.array(z.object({ kind: z.string(), disputeId: z.string(), number: z.string(), summary: z.string(), message: z.string() })),
      disputes: z.array(GridDisputeOut),
      openTotal: z.number(),
      /** overdue open disputes of the user's grid handled by others, most overdue first (at most 20) */
      othersOverdue: z.array(GridOthersOverdueOut),
      othersOverdueTotal: z.number(),
    })
    .nullable(),
  /** villages for the map (town and county views) */
  map: z.array(MapVillageOut),
  /** the month so far: disputes received and outcomes reached (big screen) */
  month: z.object({ month: z.string(), received: z.number(), resolved: z.number(), reached: z.number() }),
});
export type Cockpit = z.infer<typeof CockpitOut>;
