/**
 * Trends (SPEC §7): by month of a year, or by year over five years, for an area (a town, a village, or
 * the user's whole scope): disputes, lawsuits, litigation rate, local resolution rate, the open-dispute
 * stock, new disputes and escalations (减存量、控增量、防变量), and the four sources — each with the same
 * period a year earlier (year-over-year change). One grouped query per source table.
 *
 * Definitions where SPEC is silent:
 * - `disputes` (办理纠纷) = open stock at the end of the previous period + new disputes of the period;
 * - `openStock` = disputes received by the period's end and not concluded by then;
 * - `escalations` (纠纷升级) = disputes sent to pre-litigation mediation or to litigation in the period,
 *   plus veto incidents that are escalations of disputes (重大民转刑, 集体访, 群体性事件, 进京访, 非正常信访);
 * - `localResolutionRate` (就地化解率, SPEC §7) = disputes resolved at grid, village, town or a unit of the
 *   town ÷ disputes that reached an outcome (resolved; failed and closed; sent to pre-litigation — dated by
 *   the first pre-litigation stage —; litigation), withdrawn excluded, by outcome date;
 * - `litigationRate` = counted first-instance cases of the period × 10,000 ÷ the area's population of the
 *   period's year (not annualised); `lawsuitSource` (讼源) = first-instance cases of every kind.
 */
import { localResolutionRate, monthsOfYear, resolvePopulation, resolveTownPopulation } from '../../../core/evaluation/index.ts';
import type { Database } from '../../db/client.ts';
import { invalid } from '../../errors.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { visiblePaths } from '../../scope/region.ts';
import { getRegion } from '../regions/service.ts';
import { evaluationSettings } from '../evaluation/service.ts';
import { isVillageLevel } from '../evaluation/gather.ts';
import { workbook } from '../../xlsx.ts';
import { trendValueShown } from '../../../core/schemas/evaluation.ts';
import { todayShanghai } from '../../../core/dates.ts';
import { monthEnd } from './service.ts';

export type TrendKey =
  | 'newDisputes'
  | 'disputes'
  | 'openStock'
  | 'escalations'
  | 'localResolutionRate'
  | 'lawsuits'
  | 'litigationRate'
  | 'lawsuitSource'
  | 'enforcement'
  | 'police'
  | 'petition';

export const TREND_LABELS: Record<TrendKey, { label: string; unit: 'count' | 'fraction' | 'per10k' }> = {
  newDisputes: { label: '新增纠纷（控增量）', unit: 'count' },
  disputes: { label: '办理纠纷', unit: 'count' },
  openStock: { label: '存量纠纷（减存量）', unit: 'count' },
  escalations: { label: '纠纷升级（防变量）', unit: 'count' },
  localResolutionRate: { label: '就地化解率', unit: 'fraction' },
  lawsuits: { label: '一审诉讼案件', unit: 'count' },
  litigationRate: { label: '万人起诉率', unit: 'per10k' },
  lawsuitSource: { label: '讼源（一审案件）', unit: 'count' },
  enforcement: { label: '执源（执行案件）', unit: 'count' },
  police: { label: '警源（纠纷警情）', unit: 'count' },
  petition: { label: '访源（信访）', unit: 'count' },
};

export interface TrendPoint {
  period: string;
  /** null for a period not yet begun */
  value: number | null;
  /** the same period a year earlier — for the period in progress, only up to the same day (like with like) */
  previous: number | null;
  change: number | null;
  changeRate: number | null;
  /** the last day counted when the period is still running (today), else null */
  through: string | null;
}

export interface Trends {
  year: number;
  by: 'month' | 'year';
  region: { code: string; name: string; level: string } | null;
  periods: string[];
  series: { key: TrendKey; label: string; unit: string; points: TrendPoint[] }[];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The period keys shown, and the earlier ones needed for year-over-year (and the stock carried in). */
function periodsOf(year: number, by: 'month' | 'year') {
  if (by === 'month') {
    return { shown: monthsOfYear(year), all: [`${pad(year - 2, 4)}-12`, ...monthsOfYear(year - 1), ...monthsOfYear(year)], start: `${pad(year - 1, 4)}-01-01`, end: `${pad(year, 4)}-12-31` };
  }
  const ys = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => pad(from + i, 4));
  return { shown: ys(year - 4, year), all: ys(year - 6, year), start: `${pad(year - 5, 4)}-01-01`, end: `${pad(year, 4)}-12-31` };
}

function periodStart(period: string, by: 'month' | 'year'): string {
  return by === 'year' ? `${period}-01-01` : `${period}-01`;
}

function periodEnd(period: string, by: 'month' | 'year'): string {
  if (by === 'year') return `${period}-12-31`;
  const [y, m] = period.split('-').map(Number);
  return monthEnd(y, m);
}

function previousKey(period: string, by: 'month' | 'year'): string {
  if (by === 'year') return pad(Number(period) - 1, 4);
  return `${pad(Number(period.slice(0, 4)) - 1, 4)}-${period.slice(5)}`;
}

function priorKey(period: string, by: 'month' | 'year'): string {
  if (by === 'year') return pad(Number(period) - 1, 4);
  const [y, m] = period.split('-').map(Number);
  return m === 1 ? `${pad(y - 1, 4)}-12` : `${pad(y, 4)}-${pad(m - 1)}`;
}

interface Area {
  prefixes: string[];
  region: { code: string; name: string; level: string; path: string } | null;
}

async function areaOf(database: Database, actor: Actor, region?: string | null): Promise<Area> {
  if (region) {
    const r = await getRegion(database.db, actor, region);
    return { prefixes: [r.path], region: { code: r.code, name: r.name, level: r.level, path: r.path } };
  }
  const paths = visiblePaths(actor);
  return { prefixes: paths === null ? ['/'] : paths, region: null };
}


export interface OutcomeRow {
  period: string;
  /** resolved at grid, village, town or a unit of the town (就地化解) */
  local: number;
  /** every dispute that reached an outcome (the denominator of 化解率 and 就地化解率) */
  reached: number;
  /** resolved, wherever */
  resolved: number;
  sent: number;
  litigation: number;
}

/**
 * Disputes of the area (`likes`: path patterns) that reached an outcome from `start` to `end`, by period
 * (`fmt` of to_char: 'YYYY-MM' or 'YYYY'): resolved; failed and closed; sent to pre-litigation (dated by the
 * first pre-litigation stage); litigation — withdrawn excluded (SPEC §7, 就地化解率). The workbench reads it too.
 */
export function outcomesByPeriod(database: Database, likes: string[], start: string, end: string, fmt: string): Promise<OutcomeRow[]> {
  const inArea = (expr: string, param: number) => `${expr} in (select code from regions where path like any($${param}::text[]))`;
  return database.query<OutcomeRow>(
    `with pre as (select dispute_id, min(accepted_on) as sent_on from dispute_stages where level = 'prelitigation' group by dispute_id),
            o as (
              -- sent to pre-litigation in the range (dated by its first pre-litigation stage) …
              select d.id, pre.sent_on as on_date, true as sent, d.outcome, d.outcome_level, null::text as unit_town
                from pre join disputes d on d.id = pre.dispute_id
               where pre.sent_on between $1 and $2 and ${inArea('d.region_code', 4)}
              union all
              -- … or else concluded in the range (an indexed range: not every dispute of the area is read)
              select d.id, d.concluded_on, false, d.outcome, d.outcome_level, u.town_code
                from disputes d
                left join units u on u.id = d.current_unit_id
               where d.concluded_on between $1 and $2 and d.outcome in ('resolved', 'failed', 'litigation') and ${inArea('d.region_code', 4)}
                 and not exists (select 1 from dispute_stages s where s.dispute_id = d.id and s.level = 'prelitigation'))
       select to_char(on_date, $3) as period,
              count(*) filter (where not sent and outcome = 'resolved'
                 and (outcome_level in ('grid', 'village', 'town') or (outcome_level = 'department' and unit_town is not null)))::int as local,
              count(*)::int as reached,
              count(*) filter (where not sent and outcome = 'resolved')::int as resolved,
              count(*) filter (where sent)::int as sent,
              count(*) filter (where not sent and outcome = 'litigation')::int as litigation
         from o where on_date >= $1 and on_date <= $2 group by 1`,
      [start, end, fmt, likes],
    );
}

/** Resident population of the area for each year (null when a figure is missing). */
async function populationByYear(database: Database, area: Area, years: number[]): Promise<Map<number, number | null>> {
  const likes = area.prefixes.map((p) => p.replace(/[\\%_]/g, (c) => `\\${c}`) + '%');
  const regions = await database.query<{ code: string; name: string; level: string; town_code: string | null; path: string; active: boolean }>(
    `select code, name, level, town_code, path, active from regions where level in ('town', 'village', 'community') and path like any($1::text[])`,
    [likes],
  );
  const pops = await database.query<{ region_code: string; year: number; residents: number }>(
    `select region_code, year, residents from region_population where region_code in (select code from regions where path like any($1::text[]))`,
    [likes],
  );
  const byRegion = new Map<string, { year: number; residents: number }[]>();
  for (const p of pops) byRegion.set(p.region_code, [...(byRegion.get(p.region_code) ?? []), { year: Number(p.year), residents: Number(p.residents) }]);
  const out = new Map<number, number | null>();
  const townsInArea = regions.filter((r) => r.level === 'town');
  const villageOnly = area.region && isVillageLevel(area.region.level);
  for (const y of years) {
    let total: number | null = 0;
    if (villageOnly) total = resolvePopulation(byRegion.get(area.region!.code) ?? [], y).value;
    else {
      // whole towns inside the area; a village-bound scope without its town adds its villages
      const tops = townsInArea.length ? townsInArea : regions.filter((r) => isVillageLevel(r.level) && r.active);
      for (const t of tops) {
        let v: number | null;
        if (t.level === 'town') {
          // as the evaluation: every village whose cases the town counts, inactive ones with their figure
          const villages = regions.filter((r) => r.town_code === t.code && isVillageLevel(r.level));
          v = resolveTownPopulation(
            resolvePopulation(byRegion.get(t.code) ?? [], y).value,
            villages.map((x) => ({ code: x.code, name: x.name, figure: resolvePopulation(byRegion.get(x.code) ?? [], y).value, active: x.active })),
          ).value;
        } else v = resolvePopulation(byRegion.get(t.code) ?? [], y).value;
        total = v === null || total === null ? null : total + v;
      }
      if (tops.length === 0) total = null;
    }
    out.set(y, total);
  }
  return out;
}

export async function trends(database: Database, actor: Actor, p: { year: number; by?: 'month' | 'year'; region?: string | null }): Promise<Trends> {
  requirePermission(actor, 'evaluation.read');
  if (!Number.isInteger(p.year) || p.year < 1900 || p.year > 2999) throw invalid(`年度无效：${p.year}`);
  const by = p.by ?? 'month';
  const area = await areaOf(database, actor, p.region);
  const { shown, all, start, end } = periodsOf(p.year, by);
  const fmt = by === 'month' ? 'YYYY-MM' : 'YYYY';
  const likes = area.prefixes.map((x) => x.replace(/[\\%_]/g, (c) => `\\${c}`) + '%');
  const inArea = (expr: string, param: number) => `${expr} in (select code from regions where path like any($${param}::text[]))`;
  const settings = await evaluationSettings(database, p.year);
  const escalationTypes = ['major_civil_to_criminal', 'collective_petition', 'mass_incident', 'beijing_petition', 'abnormal_petition'];
  const step = by === 'month' ? '1 month' : '1 year';
  const firstPeriodStart = by === 'month' ? `${all[0]}-01` : `${all[0]}-01-01`;

  const load = (start: string, end: string, firstPeriodStart: string) => Promise.all([
    database.query<{ period: string; n: number }>(
      `select to_char(d.received_on, $3) as period, count(*)::int as n from disputes d
        where d.received_on >= $1 and d.received_on <= $2 and ${inArea('d.region_code', 4)} group by 1`,
      [start, end, fmt, likes],
    ),
    outcomesByPeriod(database, likes, start, end, fmt),
    database.query<{ period: string; n: number }>(
      `select p.period, count(d.id)::int as n
         from (select to_char(m, $3) as period, least((m + interval '${step}' - interval '1 day')::date, $2::date) as e
                 from generate_series($1::date, $2::date, interval '${step}') m) p
         left join disputes d
           on d.received_on <= p.e and (d.concluded_on is null or d.concluded_on > p.e) and ${inArea('d.region_code', 4)}
          and (d.concluded_on is null or d.concluded_on >= $1::date)
        group by 1`,
      [firstPeriodStart, end, fmt, likes],
    ),
    database.query<{ period: string; counted: number; total: number }>(
      `select to_char(c.filed_on, $3) as period,
              count(*) filter (where c.kind = any($5::text[]))::int as counted, count(*)::int as total
         from court_cases c
        where c.instance = 'first' and c.filed_on >= $1 and c.filed_on <= $2 and ${inArea('coalesce(c.defendant_region_code, c.town_code)', 4)}
        group by 1`,
      [start, end, fmt, likes, settings.countedCaseKinds],
    ),
    database.query<{ period: string; source: string; n: number }>(
      `select ${by === 'month' ? 's.month' : 'left(s.month, 4)'} as period, s.source, sum(s.count)::int as n
         from source_counts s
        where s.month >= $1 and s.month <= $2 and ${inArea('s.region_code', 3)}
        group by 1, 2`,
      [start.slice(0, 7), end.slice(0, 7), likes],
    ),
    database.query<{ period: string; n: number }>(
      `select to_char(i.occurred_on, $3) as period, count(*)::int as n from incidents i
        where i.occurred_on >= $1 and i.occurred_on <= $2 and i.type = any($5::text[]) and ${inArea('coalesce(i.region_code, i.town_code)', 4)}
        group by 1`,
      [start, end, fmt, likes, escalationTypes],
    ),
  ]);
  const today = todayShanghai();
  const [full, years] = await Promise.all([
    load(start, end, firstPeriodStart),
    populationByYear(
      database,
      area,
      Array.from({ length: by === 'month' ? 2 : 6 }, (_, i) => p.year - (by === 'month' ? 1 : 5) + i),
    ),
  ]);
  // the period in progress is set against the same days a year earlier, not against a whole period
  const current = shown.find((k) => periodStart(k, by) <= today && today <= periodEnd(k, by)) ?? null;
  const sameDayLastYear = current ? `${pad(Number(today.slice(0, 4)) - 1, 4)}${today.slice(4) === '-02-29' ? '-02-28' : today.slice(4)}` : null;
  const partialPrev = current && sameDayLastYear ? await load(periodStart(previousKey(current, by), by), sameDayLastYear, periodStart(previousKey(current, by), by)) : null;

  const get = <T extends { period: string }>(rows: T[], k: string) => rows.find((r) => r.period === k);
  const value = (key: TrendKey, k: string, rows: typeof full = full): number | null => {
    const [newRows, outcomeRows, stockRows, courtRows, sourceRows, incidentRows] = rows;
    switch (key) {
      case 'newDisputes':
        return get(newRows, k)?.n ?? 0;
      case 'openStock':
        return get(stockRows, k)?.n ?? 0;
      case 'disputes':
        // the stock carried in is the whole prior period's, whichever rows the period itself comes from
        return (get(full[2], priorKey(k, by))?.n ?? 0) + (get(newRows, k)?.n ?? 0);
      case 'escalations': {
        const o = get(outcomeRows, k);
        return (o?.sent ?? 0) + (o?.litigation ?? 0) + (get(incidentRows, k)?.n ?? 0);
      }
      case 'localResolutionRate': {
        const o = get(outcomeRows, k);
        return localResolutionRate({ resolvedLocally: o?.local ?? 0, reachedOutcome: o?.reached ?? 0 }).value;
      }
      case 'lawsuits':
        return get(courtRows, k)?.counted ?? 0;
      case 'lawsuitSource':
        return get(courtRows, k)?.total ?? 0;
      case 'litigationRate': {
        const pop = years.get(Number(k.slice(0, 4))) ?? null;
        return pop ? ((get(courtRows, k)?.counted ?? 0) * 10000) / pop : null;
      }
      case 'enforcement':
      case 'police':
      case 'petition':
        return sourceRows.filter((r) => r.period === k && r.source === key).reduce((s, r) => s + Number(r.n), 0);
    }
  };
  const series = (Object.keys(TREND_LABELS) as TrendKey[]).map((key) => ({
    key,
    label: key === 'litigationRate' ? (by === 'month' ? '万人起诉率（当月，未年化）' : '万人起诉率（全年；本年为年内累计）') : TREND_LABELS[key].label,
    unit: TREND_LABELS[key].unit,
    points: shown.map((period) => {
      if (periodStart(period, by) > today) {
        return { period, value: null, previous: value(key, previousKey(period, by)), change: null, changeRate: null, through: null };
      }
      const v = value(key, period);
      const running = period === current;
      const prev = running && partialPrev ? value(key, previousKey(period, by), partialPrev) : value(key, previousKey(period, by));
      const change = v === null || prev === null ? null : v - prev;
      return { period, value: v, previous: prev, change, changeRate: change === null || !prev ? null : change / prev, through: running ? today : null };
    }),
  }));
  return {
    year: p.year,
    by,
    region: area.region ? { code: area.region.code, name: area.region.name, level: area.region.level } : null,
    periods: shown,
    series,
  };
}

/** The trends as a workbook: the series by period, then each period beside the same period a year earlier. */
export function trendsXlsx(t: Trends): Promise<Buffer> {
  const label = (s: Trends['series'][number]) => (s.unit === 'fraction' ? `${s.label}（%）` : s.label);
  const title = [`趋势分析 ${t.year} 年${t.by === 'month' ? '（按月）' : '（按年）'}${t.region ? ` · ${t.region.name}` : ''}`];
  return workbook([
    {
      name: '趋势',
      title,
      columns: [{ header: '指标', width: 24 }, ...t.periods.map((p) => ({ header: p, width: 10 }))],
      rows: t.series.map((s) => [label(s), ...s.points.map((p) => trendValueShown(s.unit, p.value))]),
    },
    {
      name: '同比',
      title,
      columns: [{ header: '指标', width: 24 }, { header: '期间', width: 10 }, { header: '截至', width: 12 }, { header: '本期' }, { header: '上年同期' }, { header: '变化' }, { header: '变化率（%）' }],
      rows: t.series.flatMap((s) =>
        s.points.map((p) => [
          label(s),
          p.period,
          p.through ?? (p.value === null ? '尚未开始' : '整期'),
          trendValueShown(s.unit, p.value),
          trendValueShown(s.unit, p.previous),
          trendValueShown(s.unit, p.change),
          p.changeRate === null ? null : Math.round(p.changeRate * 1000) / 10,
        ]),
      ),
    },
  ]);
}
