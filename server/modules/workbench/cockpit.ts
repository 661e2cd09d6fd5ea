/**
 * The leader's view (驾驶舱, issue 16.1): the workbench shaped by the user's role, every figure computed from the
 * stored records as of today. The standards, shares, limits, allowances, warnings and ranks are one evaluation
 * run's (`runEvaluation` → `warningsOf`, `rankingOf`, `townsOf`); nothing here recomputes a formula of SPEC §7.
 *
 * Views: `county` (a scope of several whole towns: the towns side by side, worst first), `town` (one whole town:
 * its tiles), `village` (a village cadre: the six standards and the allowance), `grid` (a grid worker: what to
 * report and visit today, their open disputes), `basic` (anyone else: notifications and the month only).
 */
import { sql } from 'drizzle-orm';
import { labelOf, LEVELS } from '../../../core/dictionaries.ts';
import { STAGE_LEVELS } from '../../../core/dispute-flow.ts';
import { localResolutionRate, ratio, STANDARD_LABELS, type VillageStandardId } from '../../../core/evaluation/index.ts';
import { standingOf } from '../../../core/cockpit.ts';
import { addDays, daysBetween, todayShanghai, yearShanghai } from '../../../core/dates.ts';
import type { Cockpit } from '../../../core/schemas/workbench.ts';
import type { Database } from '../../db/client.ts';
import { keyPersons } from '../../db/schema/index.ts';
import { sqlTextArray } from '../../db/text-array.ts';
import { evaluationScope, regionInScope, visiblePaths, type EvaluationScope } from '../../scope/region.ts';
import { resolveScope, scopeCondition } from '../../scope/unit.ts';
import { can, type Actor } from '../auth/actor.ts';
import { rankingOf, townRow, townsOf, warningsOf, type WarningRow } from '../evaluation/derived.ts';
import { runEvaluation, type EvaluationRun } from '../evaluation/service.ts';
import { outcomesByPeriod } from '../reports/trends.ts';
import { listCampaigns, myTasks } from '../screening/service.ts';
import { todoList } from '../disputes/reports.ts';
import { settingsForYear } from '../settings/service.ts';

const OPEN_STATES = sql`('registered', 'accepted', 'mediating', 'failed')`;
/** Above this many villages the map is left out (a province's 20,000 villages are no map for one screen). */
const MAP_MAX_VILLAGES = 5000;
const BOTTOM = 3;

type View = Cockpit['view'];
type TownTiles = Cockpit['towns'][number];
type MapVillage = Cockpit['map'][number];

const likeOf = (path: string) => path.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';

function viewOf(actor: Actor, scope: EvaluationScope | null): View {
  if (scope) {
    const full = scope.towns.filter((t) => t.full).length;
    if (full > 1 || (full === 1 && scope.towns.length > 1)) return 'county';
    if (full === 1) return 'town';
    if (scope.towns.length > 0 && (actor.roles.has('village_admin') || actor.roles.has('mediator') || scope.towns.length === 1)) return 'village';
  }
  if (actor.roles.has('grid_worker')) return 'grid';
  return 'basic';
}

/**
 * Answers are kept for a minute per user (their bindings): a wall screen and a leader reopening the page ask
 * again and again, and the county's figures take several queries over every dispute. The page says when its
 * figures were computed (截至 HH:mm), so a figure never lags unsaid; a minute is well inside the 10 minutes
 * issue 16.4 allows. Process memory only holds a copy: any instance computes the same answer.
 */
const CACHE_MS = 60_000;
const CACHE_MAX = 500;
const cache = new Map<string, { at: number; value: Promise<Cockpit> }>();

/** Milliseconds each part of one answer took from the start (bench/cockpit.ts prints them). */
export type CockpitTimings = Record<string, number>;

export function cockpit(database: Database, actor: Actor, opts: { fresh?: boolean; timings?: CockpitTimings } = {}): Promise<Cockpit> {
  const key = JSON.stringify([database.engine, actor.userId, actor.username, actor.bindings.map((b) => [b.role, b.regionCode, b.unitId])]);
  const now = Date.now();
  const hit = cache.get(key);
  if (!opts.fresh && hit && now - hit.at < CACHE_MS) return hit.value;
  const value = computeCockpit(database, actor, opts.timings);
  if (cache.size >= CACHE_MAX) for (const [k, v] of cache) if (now - v.at >= CACHE_MS || cache.size >= CACHE_MAX) cache.delete(k);
  cache.set(key, { at: now, value });
  value.catch(() => cache.delete(key));
  return value;
}

async function computeCockpit(database: Database, actor: Actor, timings?: CockpitTimings): Promise<Cockpit> {
  const t0 = performance.now();
  const timed = <T>(name: string, p: Promise<T>): Promise<T> => {
    if (timings) void p.then(() => (timings[name] = performance.now() - t0), () => undefined);
    return p;
  };
  const year = yearShanghai();
  const today = todayShanghai();
  const computedAt = new Date().toISOString();
  const scope = can(actor, 'evaluation.read') ? await timed('scope', evaluationScope(database, actor)) : null;
  const view = viewOf(actor, scope);
  const paths = visiblePaths(actor);
  const likes = paths === null ? ['/%'] : paths.map(likeOf);

  // the counts that do not need the evaluation run alongside it (the county's heaviest queries)
  const side = Promise.all([timed('unread', unreadOf(database, actor)), timed('month', monthOf(database, actor, likes, today))]);
  const mapTowns = !scope || view === 'grid' || view === 'basic' ? [] : view === 'county' ? scope.towns.map((t) => t.code) : [(scope.towns.find((t) => t.full) ?? scope.towns[0]).code];
  const counts = timed('villageCounts', villageCounts(database, actor, mapTowns, year, today));
  counts.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
  side.catch(() => undefined);
  const finish = async (o: Omit<Cockpit, 'unread' | 'month'>): Promise<Cockpit> => {
    const [unread, month] = await side;
    return { ...o, unread, month };
  };
  const out: Omit<Cockpit, 'unread' | 'month'> = { view, year, asOf: today, computedAt, towns: [], compare: [], village: null, grid: null, map: [] };

  if (view === 'grid') {
    out.grid = await timed('grid', gridOf(database, actor, today));
    return finish(out);
  }
  if (!scope || view === 'basic') return finish(out);

  if (view === 'county') {
    const run = await timed('evaluation', runEvaluation(database, actor, { year, running: true }));
    out.asOf = run.report.asOf;
    out.compare = townsOf(run).towns;
    out.map = mapOf(run, await counts);
    return finish(out);
  }

  const town = view === 'town' ? scope.towns.find((t) => t.full)! : scope.towns[0];
  const facts = view === 'town' ? timed('townFacts', townFacts(database, actor, town, year, today)) : null;
  facts?.catch(() => undefined);
  const run = await timed('evaluation', runEvaluation(database, actor, { year, town: town.code, running: true }));
  out.asOf = run.report.asOf;
  out.map = mapOf(run, await counts);
  if (view === 'town') out.towns = [await townTiles(run, facts!)];
  else out.village = await villageTiles(database, actor, run, out.map, today);
  return finish(out);
}

async function unreadOf(database: Database, actor: Actor): Promise<number> {
  if (!actor.userId) return 0;
  const [r] = await database.query<{ n: number }>(`select count(*)::int as n from notifications where user_id = $1 and read_at is null`, [actor.userId]);
  return Number(r?.n ?? 0);
}

/** The month so far in the user's area: disputes received, and outcomes reached (by outcome date). */
async function monthOf(database: Database, actor: Actor, likes: string[], today: string): Promise<Cockpit['month']> {
  const first = `${today.slice(0, 7)}-01`;
  if (!can(actor, 'disputes.read')) return { month: today.slice(0, 7), received: 0, resolved: 0, reached: 0 };
  const [[received], outcomes] = await Promise.all([
    database.query<{ n: number }>(
      `select count(*)::int as n from disputes d where d.received_on >= $1 and d.received_on <= $2
         and d.region_code in (select code from regions where path like any($3::text[]))`,
      [first, today, likes],
    ),
    outcomesByPeriod(database, likes, first, today, 'YYYY-MM'),
  ]);
  const o = outcomes[0];
  return { month: today.slice(0, 7), received: Number(received?.n ?? 0), resolved: Number(o?.resolved ?? 0), reached: Number(o?.reached ?? 0) };
}

function litigationOf(w: WarningRow | undefined): TownTiles['litigation'] {
  return {
    casesSoFar: w?.casesSoFar ?? 0,
    rate: w?.rate ?? null,
    limit: w?.limit ?? null,
    allowedCases: w?.allowedCases ?? null,
    allowance: w?.allowance ?? null,
    projection: w?.projection ?? null,
    flagged: w?.flagged ?? null,
    reason: w?.reason ?? (w ? null : '本年尚无法考评'),
  };
}

type Counts = Map<string, { disputes: number; open: number }>;

/** Disputes received this year and open disputes, per village of the towns, in the user's dispute scope. */
async function villageCounts(database: Database, actor: Actor, towns: string[], year: number, today: string): Promise<Counts> {
  const counts: Counts = new Map();
  if (!towns.length || !can(actor, 'disputes.read')) return counts;
  // Region-bound users read every dispute of the villages they see (scope/unit.ts): the condition is then the
  // villages alone, which the village index answers by itself. A unit binding keeps the full dispute scope.
  // no map above MAP_MAX_VILLAGES (mapOf): then no counts for it either (a province's 20,000 villages)
  const [{ n }] = await database.query<{ n: number }>(`select count(*)::int as n from regions where town_code = any($1::text[]) and level in ('village', 'community') and active`, [towns]);
  if (Number(n) > MAP_MAX_VILLAGES) return counts;
  const villages = sql`d.village_code in (select v.code from regions v where v.town_code = any(${sqlTextArray(towns)}) and v.level in ('village', 'community'))`;
  const inTowns = actor.bindings.some((b) => b.unitId) ? sql`${villages} and ${scopeCondition(await resolveScope(database.db, actor), 'read', 'd')}` : villages;
  // two counts the village index answers (received this year; open, whenever received), not a pass over every dispute
  const [received, open] = await Promise.all([
    database.db.execute<{ code: string; n: number }>(sql`
      select d.village_code as code, count(*)::int as n from disputes d
      where d.received_on >= ${`${year}-01-01`} and d.received_on <= ${today} and ${inTowns} group by 1`),
    database.db.execute<{ code: string; n: number }>(sql`
      select d.village_code as code, count(*)::int as n from disputes d where d.state in ${OPEN_STATES} and ${inTowns} group by 1`),
  ]);
  const at = (code: string) => counts.get(code) ?? counts.set(code, { disputes: 0, open: 0 }).get(code)!;
  for (const x of received.rows) at(x.code).disputes = Number(x.n);
  for (const x of open.rows) at(x.code).open = Number(x.n);
  return counts;
}

/** Every village of the run the user may see, with its standing and its disputes (the map and lists). */
function mapOf(run: EvaluationRun, counts: Counts): MapVillage[] {
  const villages = run.report.towns.flatMap((t) => t.villages.map((v) => ({ t, v })));
  if (villages.length === 0 || villages.length > MAP_MAX_VILLAGES) return [];
  const flagged = new Map(warningsOf(run).villages.map((w) => [w.code, w]));
  return villages.map(({ t, v }) => {
    const w = flagged.get(v.code);
    return {
      code: v.code,
      name: v.name,
      townCode: t.code,
      standing: standingOf(v.passed, w?.flagged ?? null),
      failed: Object.entries(v.standards)
        .filter(([, s]) => s.passed === false)
        .map(([id]) => STANDARD_LABELS[id as VillageStandardId]),
      disputes: counts.get(v.code)?.disputes ?? 0,
      openDisputes: counts.get(v.code)?.open ?? 0,
      population: w?.population ?? null,
    };
  });
}

/** The town's figures that do not come from the evaluation (queried while it runs). */
function townFacts(database: Database, actor: Actor, town: { code: string; path: string }, year: number, today: string) {
  return Promise.all([
    outcomesByPeriod(database, [likeOf(town.path)], `${year}-01-01`, today, 'YYYY'),
    openByLevel(database, actor, town.code, today),
    currentCampaign(database, actor, town.code, today),
    keyPersonCounts(database, actor, today),
  ]);
}

async function townTiles(run: EvaluationRun, facts: ReturnType<typeof townFacts>): Promise<TownTiles> {
  const t = run.full.towns[0];
  const warnings = warningsOf(run);
  const tw = warnings.towns.find((w) => w.code === t.code);
  const atRisk = warnings.villages.filter((w) => w.flagged === true);
  const row = townRow(t, tw, atRisk.length);
  const ranking = rankingOf(run).towns[0];

  const [outcomes, byLevel, screening, kp] = await facts;
  const o = outcomes[0] ?? { reached: 0, resolved: 0, local: 0 };
  const reached = Number(o.reached);
  const resolved = Number(o.resolved);
  const local = Number(o.local);
  return {
    code: t.code,
    name: t.name,
    passed: row.passed,
    standardsPassed: row.standardsPassed,
    standardsTotal: row.standardsTotal,
    share: {
      value: row.villageShare,
      min: row.villageShareMin,
      target: row.villageShareTarget,
      litigationFree: row.litigationFreeVillages,
      villages: row.villages,
      reason: t.indicators.litigation_free_village_share?.reason ?? null,
    },
    litigation: litigationOf(tw),
    resolution: {
      reached,
      resolved,
      local,
      rate: ratio(resolved, reached, '本年尚无有结果的纠纷').value,
      localRate: localResolutionRate({ resolvedLocally: local, reachedOutcome: reached }).value,
    },
    disputes: byLevel,
    atRisk: atRisk.map((w) => ({ code: w.code, name: w.name, casesSoFar: w.casesSoFar, allowedCases: w.allowedCases, allowance: w.allowance, projection: w.projection })),
    bottom: (ranking?.villages ?? [])
      .slice(-BOTTOM)
      .reverse()
      .map((v) => ({ code: v.code, name: v.name, rank: v.rank, of: ranking.of, standardsPassed: v.standardsPassed, standardsTotal: v.standardsTotal, litigationRate: v.litigationRate })),
    screening,
    keyPersons: kp,
  };
}

/** Open disputes of a town in the user's dispute scope, by the level of their current stage, and the overdue ones. */
async function openByLevel(database: Database, actor: Actor, town: string, today: string): Promise<TownTiles['disputes']> {
  if (!can(actor, 'disputes.read')) return { open: 0, overdue: 0, byLevel: [] };
  const scope = await resolveScope(database.db, actor);
  const r = await database.db.execute<{ level: string | null; open: number; overdue: number }>(sql`
    select d.current_level as level, count(*)::int as open, count(*) filter (where d.current_due_on < ${today})::int as overdue
    from disputes d
    where d.town_code = ${town} and d.state in ${OPEN_STATES} and ${scopeCondition(scope, 'read', 'd')}
    group by 1`);
  const levels: readonly string[] = STAGE_LEVELS;
  const order = (l: string | null) => {
    if (l === null) return -1;
    const i = levels.indexOf(l);
    return i === -1 ? 99 : i;
  };
  const rows = [...r.rows].sort((a, b) => order(a.level) - order(b.level));
  return {
    open: rows.reduce((s, x) => s + Number(x.open), 0),
    overdue: rows.reduce((s, x) => s + Number(x.overdue), 0),
    byLevel: rows.map((x) => ({ level: x.level ?? 'registered', label: x.level === null ? '待受理' : labelOf(LEVELS, x.level), open: Number(x.open), overdue: Number(x.overdue) })),
  };
}

/** The town's latest screening campaign that has started, with its coverage over the regions in the user's scope. */
async function currentCampaign(database: Database, actor: Actor, town: string, today: string): Promise<TownTiles['screening']> {
  if (!can(actor, 'prevention.read')) return null;
  const list = await listCampaigns(database.db, actor, { town });
  const c = list.find((x) => x.campaign.startsOn <= today);
  if (!c) return null;
  const s = c.summary;
  return { id: c.campaign.id, title: c.campaign.title, deadline: c.campaign.deadline, covered: s.covered, reported: s.reported, onTime: s.onTime, coverage: s.coverage.value };
}

/**
 * Key persons under watch in the user's regions and those not contacted within the year's setting — counts only,
 * for the town office (who manages them) and the town's leaders; null for everyone else (SPEC §6.3).
 */
async function keyPersonCounts(database: Database, actor: Actor, today: string): Promise<TownTiles['keyPersons']> {
  if (!actor.isAdmin && !actor.roles.has('town_office') && !actor.roles.has('town_leader')) return null;
  const days = (await settingsForYear(database.db, Number(today.slice(0, 4)))).data.keyPersonContactDays;
  const [r] = await database.db
    .select({
      underWatch: sql<number>`count(*)::int`,
      missed: sql<number>`count(*) filter (where coalesce(${keyPersons.lastContactOn}, ${keyPersons.watchedSince}) < ${addDays(today, -days)})::int`,
    })
    .from(keyPersons)
    .where(sql`${regionInScope(actor, keyPersons.regionCode, ['admin', 'town_office', 'town_leader'])} and ${keyPersons.status} = 'under_watch'`);
  return { underWatch: Number(r?.underWatch ?? 0), missed: Number(r?.missed ?? 0), days };
}

async function villageTiles(database: Database, actor: Actor, run: EvaluationRun, map: MapVillage[], today: string): Promise<Cockpit['village']> {
  const t = run.report.towns[0];
  const v = t?.villages[0];
  if (!v) return null;
  const w = warningsOf(run).villages.find((x) => x.code === v.code);
  const rank = rankingOf(run).towns[0];
  const mine = rank?.villages.find((x) => x.code === v.code);
  let disputes = { open: 0, overdue: 0 };
  if (can(actor, 'disputes.read')) {
    const scope = await resolveScope(database.db, actor);
    const r = await database.db.execute<{ open: number; overdue: number }>(sql`
      select count(*)::int as open, count(*) filter (where d.current_due_on < ${today})::int as overdue
      from disputes d where d.village_code = ${v.code} and d.state in ${OPEN_STATES} and ${scopeCondition(scope, 'read', 'd')}`);
    disputes = { open: Number(r.rows[0]?.open ?? 0), overdue: Number(r.rows[0]?.overdue ?? 0) };
  }
  return {
    code: v.code,
    name: v.name,
    townCode: t.code,
    townName: t.name,
    passed: v.passed,
    standing: map.find((m) => m.code === v.code)?.standing ?? standingOf(v.passed, w?.flagged ?? null),
    rank: mine?.rank ?? null,
    of: rank?.of ?? 0,
    standards: (Object.entries(v.standards) as [VillageStandardId, { passed: boolean | null; reason: string | null }][]).map(([id, s]) => ({
      id,
      label: STANDARD_LABELS[id],
      passed: s.passed,
      reason: s.reason,
      // only the litigation rate has an early warning; the other standards stand as the evaluation says
      standing: standingOf(s.passed, id === 'V6' ? (w?.flagged ?? null) : null),
    })),
    litigation: litigationOf(w),
    disputes,
  };
}

/** A grid worker's day: screening reports to file, what their disputes need, and their open disputes. */
async function gridOf(database: Database, actor: Actor, today: string): Promise<Cockpit['grid']> {
  const reports = can(actor, 'screening.report')
    ? (await myTasks(database.db, actor))
        .filter((x) => x.state === 'pending' || x.state === 'overdue' || x.state === 'reopened')
        .map((x) => ({ campaignId: x.campaignId, title: x.title, regionName: x.regionName, deadline: x.deadline, state: x.state }))
    : [];
  if (!can(actor, 'disputes.read')) return { reports, today: [], disputes: [], openTotal: 0, othersOverdue: [], othersOverdueTotal: 0 };
  const todo = (await todoList(database.db, actor)).map((x) => ({ kind: x.kind, disputeId: x.disputeId, number: x.number, summary: x.summary, message: x.message }));
  const scope = await resolveScope(database.db, actor);
  const [r, others] = await Promise.all([
    database.db.execute<{ id: string; number: string; summary: string; state: string; due: string | null; total: number }>(sql`
      select d.id, d.number, d.summary, d.state, d.current_due_on::text as due, count(*) over ()::int as total
      from disputes d where d.state in ${OPEN_STATES} and ${scopeCondition(scope, 'read', 'd')}
      order by d.current_due_on nulls last, d.received_on desc limit 20`),
    othersOverdueOf(database, actor, scope, today),
  ]);
  return {
    reports,
    today: todo,
    disputes: r.rows.map((x) => ({ id: x.id, number: x.number, summary: x.summary, state: x.state, dueOn: x.due, overdue: !!x.due && x.due < today })),
    openTotal: Number(r.rows[0]?.total ?? 0),
    ...others,
  };
}

/**
 * The overdue open disputes of the grid worker's area (the regions they are bound to, within their dispute
 * scope) that someone else handles — or a unit that names no handler yet —, most overdue first, with who
 * handles them and by how many days they are late (issue 16.4: the grid worker sees what stalls in their grid).
 */
async function othersOverdueOf(database: Database, actor: Actor, scope: Awaited<ReturnType<typeof resolveScope>>, today: string) {
  const paths = (visiblePaths(actor) ?? []).map(likeOf);
  if (!paths.length) return { othersOverdue: [], othersOverdueTotal: 0 };
  const r = await database.db.execute<{ id: string; number: string; summary: string; level: string | null; due: string; handler: string | null; unit: string | null; total: number }>(sql`
    select d.id, d.number, d.summary, d.current_level as level, d.current_due_on::text as due, u.name as handler, un.name as unit,
           count(*) over ()::int as total
    from disputes d
    left join users u on u.id = d.current_handler_id
    left join units un on un.id = d.current_unit_id
    where d.state in ${OPEN_STATES} and d.current_due_on < ${today}
      and d.current_handler_id is distinct from ${actor.userId}
      and d.region_code in (select g.code from regions g where g.path like any(${sqlTextArray(paths)}))
      and ${scopeCondition(scope, 'read', 'd')}
    order by d.current_due_on, d.number limit 20`);
  return {
    othersOverdue: r.rows.map((x) => ({
      id: x.id,
      number: x.number,
      summary: x.summary,
      level: x.level ?? 'registered',
      levelLabel: x.level === null ? '待受理' : labelOf(LEVELS, x.level),
      handlerName: x.handler,
      unitName: x.unit,
      dueOn: x.due,
      daysOverdue: daysBetween(x.due, today),
    })),
    othersOverdueTotal: Number(r.rows[0]?.total ?? 0),
  };
}
