import {
  checkAsOf,
  defaultAsOf,
  evaluate,
  EvaluationInputError,
  type EvaluationReport,
  type EvaluationSettings,
  type TownResult,
} from '../../../core/evaluation/index.ts';
import type { Database } from '../../db/client.ts';
import { invalid } from '../../errors.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { settingsForYear } from '../settings/service.ts';
import { gather, toEvaluationSettings, type Gathered } from './gather.ts';
import { evaluationScope, type EvaluationScope } from '../../scope/region.ts';

export interface EvaluateParams {
  year: number;
  /** YYYY-MM-DD inside `year`; default 31 December */
  asOf?: string | null;
  /** one town's code; default every town in scope */
  town?: string | null;
}

/** Checks the year and the as-of date (SPEC §7: a D outside Y is an error), as 422 with a Chinese message. */
export function checkPeriod(year: number, asOf?: string | null): string {
  if (!Number.isInteger(year) || year < 1900 || year > 2999) throw invalid(`考评年度无效：${year}`);
  const date = asOf || defaultAsOf(year);
  try {
    checkAsOf(year, date);
  } catch (e) {
    if (e instanceof EvaluationInputError) throw invalid(e.message);
    throw e;
  }
  return date;
}

export async function evaluationSettings(database: Database, year: number): Promise<EvaluationSettings> {
  const s = await settingsForYear(database.db, year);
  return toEvaluationSettings(year, s.data);
}

export const TOWN_HIDDEN_REASON = '仅可查看本人负责的村(社区)，乡镇整体结果不在查看范围内';

/** A town the actor sees only partly: its own figures removed, only the visible villages kept. */
function limitTown(t: TownResult, keep: (code: string) => boolean): TownResult {
  return {
    code: t.code,
    name: t.name,
    passed: null,
    reason: TOWN_HIDDEN_REASON,
    indicators: {},
    standards: {} as TownResult['standards'],
    villages: t.villages.filter((v) => keep(v.code)),
  };
}

export interface EvaluationRun {
  report: EvaluationReport;
  gathered: Gathered;
  scope: EvaluationScope;
}

/** Gathers and evaluates a year for the actor's scope; the gathered counts come along for reports. */
export async function runEvaluation(database: Database, actor: Actor, params: EvaluateParams): Promise<EvaluationRun> {
  requirePermission(actor, 'evaluation.read');
  const asOf = checkPeriod(params.year, params.asOf);
  const settings = await evaluationSettings(database, params.year);
  const scope = await evaluationScope(database, actor, params.town);
  const all = !params.town && scope.villageVisible === null && actor.isAdmin;
  const gathered = await gather(database, {
    year: params.year,
    asOf,
    settings,
    townCodes: all ? null : scope.towns.map((t) => t.code),
  });
  let report: EvaluationReport;
  try {
    report = evaluate(gathered.towns, settings, asOf);
  } catch (e) {
    if (e instanceof EvaluationInputError) throw invalid(`考评数据有误：${e.message}`);
    throw e;
  }
  const partial = new Set(scope.towns.filter((t) => !t.full).map((t) => t.code));
  if (partial.size && scope.villageVisible) {
    const visible = scope.villageVisible;
    const keep = (code: string) => {
      const r = gathered.regions.get(code);
      return !!r && visible(r);
    };
    report = { ...report, towns: report.towns.map((t) => (partial.has(t.code) ? limitTown(t, keep) : t)) };
  }
  return { report, gathered, scope };
}

/** The JSON of SPEC §7 (`wusong evaluate --json`, `GET /api/evaluation`). */
export async function evaluateYear(database: Database, actor: Actor, params: EvaluateParams): Promise<EvaluationReport> {
  return (await runEvaluation(database, actor, params)).report;
}
