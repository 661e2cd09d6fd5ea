import {
  checkAsOf,
  defaultAsOf,
  evaluate,
  EvaluationInputError,
  type EvaluationReport,
  type EvaluationSettings,
  runningAsOf,
  type TownResult,
} from '../../../core/evaluation/index.ts';
import { todayShanghai } from '../../../core/dates.ts';
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
  /** without `asOf`: today while the year runs (pages, warnings, bulletin) instead of 31 December (SPEC §7) */
  running?: boolean;
}

/** Checks the year and the as-of date (SPEC §7: a D outside Y is an error), as 422 with a Chinese message. */
export function checkPeriod(year: number, asOf?: string | null, running = false): string {
  if (!Number.isInteger(year) || year < 1900 || year > 2999) throw invalid(`考评年度无效：${year}`);
  const date = asOf || (running ? runningAsOf(year, todayShanghai()) : defaultAsOf(year));
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

/**
 * A town the actor sees only partly (a village cadre): the town's own result and 全镇 figures stay — they are
 * computed over the whole town and are what the village is judged beside — but only the visible villages are listed.
 */
function limitTown(t: TownResult, keep: (code: string) => boolean): TownResult & { villagesHidden: number } {
  const villages = t.villages.filter((v) => keep(v.code));
  return { ...t, villages, villagesHidden: t.villages.length - villages.length };
}

export interface EvaluationRun {
  /** what the actor may see: villages outside their scope removed */
  report: EvaluationReport;
  /** the same run over every village of the towns evaluated: ranks and 全镇 figures come from here, never from `report` */
  full: EvaluationReport;
  /** whether a village (by code) is visible to the actor */
  villageVisible: (code: string) => boolean;
  gathered: Gathered;
  scope: EvaluationScope;
}

async function everyActiveTown(database: Database, scope: EvaluationScope): Promise<boolean> {
  if (scope.towns.length === 0 || scope.towns.some((t) => !t.full)) return false;
  const [r] = await database.query<{ n: number }>(`select count(*)::int as n from regions where level = 'town' and active`);
  return Number(r?.n) === scope.towns.length;
}

/** Gathers and evaluates a year for the actor's scope; the gathered counts come along for reports. */
export async function runEvaluation(database: Database, actor: Actor, params: EvaluateParams): Promise<EvaluationRun> {
  requirePermission(actor, 'evaluation.read');
  const asOf = checkPeriod(params.year, params.asOf, params.running);
  const settings = await evaluationSettings(database, params.year);
  const scope = await evaluationScope(database, actor, params.town);
  // every active town, seen in full (an administrator, or a leader of the whole deployment's area): no filter
  // on town and region codes, which at province size are 1,000 towns and 20,000 regions to test each row against
  const all = !params.town && scope.villageVisible === null && (actor.isAdmin || (await everyActiveTown(database, scope)));
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
  const full = report;
  const partial = new Set(scope.towns.filter((t) => !t.full).map((t) => t.code));
  const visible = scope.villageVisible;
  let villageVisible = (_code: string) => true;
  if (partial.size && visible) {
    villageVisible = (code: string) => {
      const r = gathered.regions.get(code);
      return !!r && (!partial.has(r.townCode ?? '') || visible(r));
    };
    report = { ...report, towns: report.towns.map((t) => (partial.has(t.code) ? limitTown(t, villageVisible) : t)) };
  }
  return { report, full, villageVisible, gathered, scope };
}

/** The JSON of SPEC §7 (`wusong evaluate --json`, `GET /api/evaluation`). */
export async function evaluateYear(database: Database, actor: Actor, params: EvaluateParams): Promise<EvaluationReport> {
  return (await runEvaluation(database, actor, params)).report;
}
