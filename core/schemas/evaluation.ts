/**
 * Response shapes of the evaluation, reports and programme API (SPEC §7, §8), shared by the server
 * (route response schemas — undeclared fields are stripped) and the web (types).
 */
import { z } from 'zod';
import { FileOut } from './prevention.ts';

export const IndicatorOut = z.object({
  value: z.number().nullable(),
  limit: z.number().nullable().optional(),
  target: z.number().optional(),
  passed: z.boolean().nullable().optional(),
  reason: z.string().nullable(),
  /** T11's success rate: present when the year's settings count every case received (absent = concluded cases) */
  basis: z.enum(['received']).optional(),
});
export const StandardOut = z.object({ passed: z.boolean().nullable(), reason: z.string().nullable() });

export const VillageOut = z.object({
  code: z.string(),
  name: z.string(),
  passed: z.boolean().nullable(),
  reason: z.string().nullable(),
  indicators: z.record(z.string(), IndicatorOut),
  standards: z.record(z.string(), StandardOut),
});
/** `villagesHidden`: only on a town the user sees partly (a village cadre) — how many of its villages are not listed */
export const TownOut = VillageOut.extend({ villages: z.array(VillageOut), villagesHidden: z.number().optional() });
export const ReportOut = z.object({ year: z.number(), asOf: z.string(), towns: z.array(TownOut) });

export const RankOut = z.object({
  rank: z.number(),
  code: z.string(),
  name: z.string(),
  standardsPassed: z.number(),
  standardsTotal: z.number(),
  litigationRate: z.number().nullable(),
  passed: z.boolean().nullable(),
});
export const RankingOut = z.object({
  year: z.number(),
  asOf: z.string(),
  /** `of`: how many villages the town ranks (the rank is over the whole town, the list only what the user may see) */
  towns: z.array(z.object({ code: z.string(), name: z.string(), of: z.number(), villages: z.array(RankOut) })),
});

export const WarningOut = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  townCode: z.string(),
  townName: z.string(),
  population: z.number().nullable(),
  limit: z.number().nullable(),
  casesSoFar: z.number(),
  allowedCases: z.number().nullable(),
  allowance: z.number().nullable(),
  projection: z.number().nullable(),
  projectedRate: z.number().nullable(),
  rate: z.number().nullable(),
  flagged: z.boolean().nullable(),
  reason: z.string().nullable(),
});
export const WarningsOut = z.object({ year: z.number(), asOf: z.string(), villages: z.array(WarningOut), towns: z.array(WarningOut) });

/** GET /evaluation/towns: every town in scope side by side, worst first (a county or city leader's view). */
export const TownCompareOut = z.object({
  year: z.number(),
  asOf: z.string(),
  towns: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      passed: z.boolean().nullable(),
      standardsPassed: z.number(),
      standardsTotal: z.number(),
      villages: z.number(),
      litigationFreeVillages: z.number(),
      villageShare: z.number().nullable(),
      villageShareMin: z.number().nullable(),
      villageShareTarget: z.number().nullable(),
      population: z.number().nullable(),
      casesSoFar: z.number(),
      litigationRate: z.number().nullable(),
      litigationLimit: z.number().nullable(),
      rateFlagged: z.boolean().nullable(),
      villageWarnings: z.number(),
    }),
  ),
});

const Cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const EvidenceGroupOut = z.object({
  key: z.string(),
  label: z.string(),
  total: z.number(),
  truncated: z.boolean(),
  columns: z.array(z.object({ key: z.string(), label: z.string() })),
  rows: z.array(z.record(z.string(), Cell)),
});
export const EvidenceOut = z.object({
  year: z.number(),
  asOf: z.string(),
  region: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  indicator: z.string(),
  label: z.string(),
  /** each ratio behind the figure: numerator and denominator with their names (issue 14.6) */
  ratios: z.array(
    z.object({
      indicator: z.string(),
      numerator: z.number(),
      numeratorLabel: z.string(),
      denominator: z.number().nullable(),
      denominatorLabel: z.string(),
      value: z.number().nullable(),
      note: z.string().nullable(),
    }),
  ),
  note: z.string().nullable(),
  groups: z.array(EvidenceGroupOut),
});

export const BulletinVillageOut = z.object({
  rank: z.number(),
  code: z.string(),
  name: z.string(),
  population: z.number().nullable(),
  cases: z.number(),
  rate: z.number().nullable(),
  limit: z.number().nullable(),
  allowance: z.number().nullable(),
  projection: z.number().nullable(),
  status: z.enum(['normal', 'warning', 'over', 'unknown']),
  reason: z.string().nullable(),
});
export const BulletinOut = z.object({
  year: z.number(),
  month: z.number(),
  asOf: z.string(),
  towns: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      population: z.number().nullable(),
      cases: z.number().nullable(),
      rate: z.number().nullable(),
      limit: z.number().nullable(),
      villages: z.array(BulletinVillageOut),
    }),
  ),
});
const Tri = z.boolean().nullable();
export const AssessmentOut = z.object({
  year: z.number(),
  asOf: z.string(),
  rows: z.array(
    z.object({
      townCode: z.string(),
      townName: z.string(),
      code: z.string(),
      name: z.string(),
      standards: z.object({ V1: Tri, V2: Tri, V3: Tri, V4: Tri, V5: Tri, V6: Tri }),
      passedCount: z.number(),
      score: z.number(),
      result: Tri,
      rank: z.number(),
      litigationRate: z.number().nullable(),
      reason: z.string().nullable(),
    }),
  ),
});
export const PointOut = z.object({
  period: z.string(),
  value: z.number().nullable(),
  previous: z.number().nullable(),
  change: z.number().nullable(),
  changeRate: z.number().nullable(),
  /** the period is still running: counted through this day, and `previous` through the same day a year earlier */
  through: z.string().nullable(),
});
/** A trend value as it is shown (chart, Excel): a share in per cent with one decimal, otherwise two decimals at most. */
export function trendValueShown(unit: string, v: number | null): number | null {
  if (v === null) return null;
  return unit === 'fraction' ? Math.round(v * 1000) / 10 : Math.round(v * 100) / 100;
}

export const TrendsOut = z.object({
  year: z.number(),
  by: z.enum(['month', 'year']),
  region: z.object({ code: z.string(), name: z.string(), level: z.string() }).nullable(),
  periods: z.array(z.string()),
  series: z.array(z.object({ key: z.string(), label: z.string(), unit: z.string(), points: z.array(PointOut) })),
});

export const PhaseOut = z.object({ key: z.string(), name: z.string(), start: z.string(), end: z.string() });
export const ProgrammeOut = z.object({
  id: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  year: z.number(),
  title: z.string(),
  goals: z.string().nullable(),
  villageShareTarget: z.number().nullable(),
  villageShareTargetOwn: z.boolean(),
  villageShareMin: z.number(),
  phases: z.array(PhaseOut),
  currentPhase: z.string().nullable(),
  version: z.number(),
});
export const ProgrammeListOut = z.array(ProgrammeOut.extend({ taskCounts: z.object({ total: z.number(), done: z.number(), overdue: z.number() }) }));
export const TaskOut = z.object({
  id: z.string(),
  programmeId: z.string(),
  phase: z.string(),
  phaseName: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  /** a village's (or community's) task: its users report */
  villageCode: z.string().nullable(),
  villageName: z.string().nullable(),
  /** who the task is assigned to, as shown: the unit's or the village's name */
  assignee: z.string().nullable(),
  /** latest reported progress in per cent */
  progress: z.number().nullable(),
  deadline: z.string().nullable(),
  status: z.enum(['open', 'done']),
  completedOn: z.string().nullable(),
  evidence: z.string().nullable(),
  completedBy: z.string().nullable(),
  overdue: z.boolean(),
  late: z.boolean(),
  version: z.number(),
});
/** A task in the assignee's own list (我的任务), with its programme. */
export const MyTaskOut = TaskOut.extend({ programmeTitle: z.string(), programmeYear: z.number() });

/** A report on a task (its history): progress or completion, with a note and attachments. */
export const TaskReportOut = z.object({
  id: z.string(),
  kind: z.enum(['progress', 'done']),
  percent: z.number().nullable(),
  note: z.string(),
  authorName: z.string(),
  createdAt: z.string(),
  files: z.array(FileOut),
});
/** One task as its assignee or the town office opens it: the task, its programme and its reports (newest first). */
export const TaskDetailOut = MyTaskOut.extend({
  regionName: z.string(),
  reports: z.array(TaskReportOut),
  /** the actor may report on it (an assignee, or the town office; not once it is done) */
  canReport: z.boolean(),
  /** the actor may add attachments to its reports (also after it is done) */
  canAttach: z.boolean(),
});

export const SummaryOut = z.object({
  programme: ProgrammeOut,
  asOf: z.string(),
  towns: ReportOut.shape.towns,
  ranking: z.array(z.object({ code: z.string(), name: z.string(), villages: z.array(RankOut) })),
  commendation: z.object({
    towns: z.array(z.object({ code: z.string(), name: z.string() })),
    villages: z.array(z.object({ townName: z.string(), code: z.string(), name: z.string(), rank: z.number() })),
  }),
  tasks: z.object({
    byPhase: z.array(z.object({ phase: z.string(), name: z.string(), total: z.number(), done: z.number(), overdue: z.number(), late: z.number() })),
    overdue: z.array(z.object({ title: z.string(), unitName: z.string().nullable(), deadline: z.string().nullable() })),
  }),
});


export type Indicator = z.infer<typeof IndicatorOut>;
export type Standard = z.infer<typeof StandardOut>;
export type VillageResultOut = z.infer<typeof VillageOut>;
export type TownResultOut = z.infer<typeof TownOut>;
export type Report = z.infer<typeof ReportOut>;
export type Rank = z.infer<typeof RankOut>;
export type Ranking = z.infer<typeof RankingOut>;
export type Warning = z.infer<typeof WarningOut>;
export type Warnings = z.infer<typeof WarningsOut>;
export type TownCompare = z.infer<typeof TownCompareOut>;
export type EvidenceGroup = z.infer<typeof EvidenceGroupOut>;
export type Evidence = z.infer<typeof EvidenceOut>;
export type BulletinVillage = z.infer<typeof BulletinVillageOut>;
export type Bulletin = z.infer<typeof BulletinOut>;
export type Assessment = z.infer<typeof AssessmentOut>;
export type TrendPointOut = z.infer<typeof PointOut>;
export type TrendsOutput = z.infer<typeof TrendsOut>;
export type Programme = z.infer<typeof ProgrammeOut>;
export type ProgrammeListItem = z.infer<typeof ProgrammeListOut>[number];
export type ProgrammeTask = z.infer<typeof TaskOut>;
export type MyTask = z.infer<typeof MyTaskOut>;
export type ProgrammeTaskReport = z.infer<typeof TaskReportOut>;
export type ProgrammeTaskDetail = z.infer<typeof TaskDetailOut>;
export type ProgrammeSummaryOut = z.infer<typeof SummaryOut>;
