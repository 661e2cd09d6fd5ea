import { sql, type SQL } from 'drizzle-orm';
import { checkRounds, type Level } from '../../../core/dispute-flow.ts';
import { addDays, daysBetween, isValidDate, todayShanghai } from '../../../core/dates.ts';
import { AGREEMENT_FORMS, CHANNELS, DISPUTE_OUTCOMES, LEVELS, STATS_CATEGORIES, labelOf, statsCategoryOf } from '../../../core/dictionaries.ts';
import type { DbOrTx } from '../../db/client.ts';
import { invalid, notFound } from '../../errors.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { pathVisible } from '../../scope/region.ts';
import { sqlTextArray } from '../../db/text-array.ts';
import { escapeLike } from '../../db/text-search.ts';
import { settingsForYear } from '../settings/service.ts';
import { disputeDictionaries } from './dictionaries.ts';
import { resolveScope, scopeCondition } from '../../scope/unit.ts';
import type { Counts, DisputeStats, GovernanceRow, Monthly, StatsRow, TodoItem, TodoKind, WarningItem, WarningKind } from '../../../core/schemas/disputes.ts';
import { monthsOfYear } from '../../../core/evaluation/calendar.ts';

export type { TodoKind, TodoItem, WarningKind, WarningItem, DisputeStats };

interface Opts {
  today?: string;
}

// ---------------------------------------------------------------------------------------------------
// To-do (the handler's) and warnings (the town's)
// ---------------------------------------------------------------------------------------------------

type Row = {
  id: string;
  number: string;
  summary: string;
  state: string;
  current_level: string | null;
  current_due_on: string | null;
  received_on: string;
  first_accepted_on: string | null;
  concluded_on: string | null;
};

const ROW_COLS = sql`d.id, d.number, d.summary, d.state, d.current_level, d.current_due_on, d.received_on, d.first_accepted_on, d.concluded_on`;
const LIMIT = 500;
const DUE_SOON_DAYS = 3;
const CONFIRMATION_WARN_DAYS = 7;

function item(kind: TodoKind, r: Row, date: string | null, message: string): TodoItem {
  return { kind, disputeId: r.id, number: r.number, summary: r.summary, state: r.state, currentLevel: r.current_level, date, message };
}

/** Rounds-rule flags for a set of disputes (sessions per level from the stages; rule of the acceptance year). */
async function roundsFlagsFor(db: DbOrTx, rows: Row[]) {
  if (!rows.length) return new Map<string, ReturnType<typeof checkRounds>>();
  const r = await db.execute<{ dispute_id: string; level: string; n: number }>(sql`
    select dispute_id, level, sum(sessions_count)::int as n from dispute_stages
    where dispute_id = any(${sqlTextArray(rows.map((x) => x.id))}) group by dispute_id, level`);
  const per = new Map<string, Partial<Record<Level, number>>>();
  for (const x of r.rows) {
    const m = per.get(x.dispute_id) ?? {};
    m[x.level as Level] = Number(x.n);
    per.set(x.dispute_id, m);
  }
  const rules = new Map<number, Awaited<ReturnType<typeof settingsForYear>>['data']['roundsRule']>();
  const out = new Map<string, ReturnType<typeof checkRounds>>();
  for (const row of rows) {
    const year = Number((row.first_accepted_on ?? row.received_on).slice(0, 4));
    if (!rules.has(year)) rules.set(year, (await settingsForYear(db, year)).data.roundsRule);
    const flags = checkRounds(per.get(row.id) ?? {}, rules.get(year)!);
    if (flags.length) out.set(row.id, flags);
  }
  return out;
}

/** The lowest rounds limit of any year in use: a cheap SQL prefilter before the exact check. */
async function minRounds(db: DbOrTx, today: string): Promise<number> {
  const s = await settingsForYear(db, Number(today.slice(0, 4)));
  return Math.min(s.data.roundsRule.village, s.data.roundsRule.town, s.data.roundsRule.above, 1);
}

export async function todoList(db: DbOrTx, actor: Actor, opts: Opts = {}): Promise<TodoItem[]> {
  requirePermission(actor, 'disputes.read');
  const today = opts.today ?? todayShanghai();
  const unitIds = actor.bindings.map((b) => b.unitId).filter((x): x is string => !!x);
  const mineParts: SQL[] = [];
  if (actor.userId) mineParts.push(sql`d.current_handler_id = ${actor.userId}`);
  if (unitIds.length) mineParts.push(sql`d.current_unit_id = any(${sqlTextArray(unitIds)})`);
  const mine = mineParts.length ? sql`(${sql.join(mineParts, sql` or `)})` : sql`false`;
  const items: TodoItem[] = [];

  const handled = await db.execute<Row>(sql`
    select ${ROW_COLS} from disputes d
    where ${mine} and d.state in ('accepted', 'mediating', 'failed', 'resolved')
    order by d.current_due_on nulls last, d.received_on limit ${LIMIT * 2}`);
  for (const r of handled.rows) {
    if (r.current_due_on && r.current_due_on < today) {
      items.push(item('overdue', r, r.current_due_on, `已超期 ${daysBetween(r.current_due_on, today)} 天（期限 ${r.current_due_on}）`));
    } else if (r.current_due_on && r.current_due_on <= addDays(today, DUE_SOON_DAYS)) {
      items.push(item('due_soon', r, r.current_due_on, `将于 ${r.current_due_on} 到期`));
    }
    if (r.state === 'failed') items.push(item('failed_pending', r, null, '调解不成，请流转或告知诉权后结案'));
    if (r.state === 'resolved') items.push(item('return_visit_due', r, r.concluded_on, '已调解成功，请回访'));
  }
  // 新到达/待我受理: a stage accepted or transferred to me (or to my unit, naming no one), until its handler acts
  // (starts mediation — the only way to sessions —, transfers it on, or withdraws)
  const arrivedParts: SQL[] = [];
  if (actor.userId) arrivedParts.push(sql`d.current_handler_id = ${actor.userId}`);
  if (unitIds.length) arrivedParts.push(sql`(d.current_handler_id is null and d.current_unit_id = any(${sqlTextArray(unitIds)}))`);
  if (arrivedParts.length) {
    const arrived = await db.execute<Row & { accepted_on: string; unit_name: string | null }>(sql`
      select ${ROW_COLS}, st.accepted_on, u.name as unit_name from disputes d
      join dispute_stages st on st.id = d.current_stage_id
      left join units u on u.id = d.current_unit_id
      where d.state = 'accepted' and (${sql.join(arrivedParts, sql` or `)})
      order by st.accepted_on, d.received_on limit ${LIMIT}`);
    for (const r of arrived.rows) {
      items.push(item('arrived', r, r.accepted_on, `${r.accepted_on} 到达${r.unit_name ? `“${r.unit_name}”` : labelOf(LEVELS, r.current_level)}，请开始调解或流转`));
    }
  }
  // a court liaison concludes the pre-litigation stages of their region (STAGE_LIMITED_ROLES): those still open
  if (actor.roles.has('court_liaison')) {
    const scope = await resolveScope(db, actor, 'disputes.handle');
    const listed = new Set(items.map((i) => i.disputeId));
    const pre = await db.execute<Row>(sql`
      select ${ROW_COLS} from disputes d
      where d.current_level = 'prelitigation' and d.state in ('accepted', 'mediating') and ${scopeCondition(scope, 'act', 'd')}
      order by d.current_due_on nulls last limit ${LIMIT}`);
    for (const r of pre.rows) {
      if (!listed.has(r.id)) items.push(item('arrived', r, r.current_due_on, `法院诉前调解${r.state === 'accepted' ? '待开始' : '进行中'}（期限 ${r.current_due_on ?? '—'}）`));
    }
  }
  const open = handled.rows.filter((r) => r.state === 'accepted' || r.state === 'mediating');
  const rounds = await roundsFlagsFor(db, open);
  for (const r of open) for (const f of rounds.get(r.id) ?? []) items.push(item('rounds', r, null, f.message));

  const conf = await db.execute<Row & { deadline: string }>(sql`
    select ${ROW_COLS}, a.confirmation_deadline as deadline from disputes d join agreements a on a.dispute_id = d.id
    where ${mine} and d.state in ('resolved', 'follow_up') and a.confirmation_applied_on is null
      and a.confirmation_deadline between ${today} and ${addDays(today, CONFIRMATION_WARN_DAYS)}
    order by a.confirmation_deadline limit ${LIMIT}`);
  for (const r of conf.rows) items.push(item('confirmation_closing', r, r.deadline, `司法确认申请期限 ${r.deadline} 即将届满`));

  if (actor.roles.size && [...actor.roles].some((r) => r !== 'town_leader' && r !== 'court_liaison')) {
    const scope = await resolveScope(db, actor, 'disputes.handle');
    const reg = await db.execute<Row>(sql`
      select ${ROW_COLS} from disputes d where d.state = 'registered' and ${scopeCondition(scope, 'act', 'd')}
      order by d.received_on limit ${LIMIT}`);
    for (const r of reg.rows) items.push(item('to_accept', r, r.received_on, `${r.received_on} 登记，待受理`));
  }
  const order: TodoKind[] = ['overdue', 'confirmation_closing', 'due_soon', 'arrived', 'rounds', 'to_accept', 'failed_pending', 'return_visit_due'];
  return items.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || (a.date ?? '').localeCompare(b.date ?? ''));
}

/**
 * The town's warning list (SPEC §4.2, §4.7): overdue stages; disputes held in mediation longer than the
 * time limits of all the levels they went through (extensions do not hide them here); disputes past the
 * rounds rule; open high-risk disputes (may turn criminal, threatened petition, group, major).
 */
export async function warningList(db: DbOrTx, actor: Actor, f: { region?: string } = {}, opts: Opts = {}) {
  requirePermission(actor, 'disputes.read');
  const today = opts.today ?? todayShanghai();
  const scope = await resolveScope(db, actor);
  const conds: SQL[] = [scopeCondition(scope, 'read', 'd')];
  if (f.region) conds.push(await regionCond(db, actor, f.region));
  const where = sql.join(conds, sql` and `);
  type WRow = Row & { region_code: string; town_code: string; limit_days: number | null; risky: boolean; risk_text: string };
  const cols = sql`${ROW_COLS}, d.region_code, d.town_code`;
  const items: WarningItem[] = [];
  const push = (kind: WarningKind, r: WRow, date: string | null, message: string) =>
    items.push({ ...item('overdue', r, date, message), kind, regionCode: r.region_code, townCode: r.town_code });

  const overdue = await db.execute<WRow>(sql`
    select ${cols} from disputes d where ${where} and d.current_due_on < ${today}
    order by d.current_due_on limit ${LIMIT}`);
  for (const r of overdue.rows) push('overdue', r, r.current_due_on, `已超期 ${daysBetween(r.current_due_on!, today)} 天（期限 ${r.current_due_on}）`);

  const past = await db.execute<WRow>(sql`
    select ${cols}, lim.days as limit_days from disputes d
    join lateral (select sum(s.due_on - s.accepted_on)::int as days from dispute_stages s where s.dispute_id = d.id) lim on true
    where ${where} and d.state in ('accepted', 'mediating', 'failed') and d.first_accepted_on is not null
      and (${today}::date - d.first_accepted_on) > lim.days
    order by d.first_accepted_on limit ${LIMIT}`);
  for (const r of past.rows) {
    const days = daysBetween(r.first_accepted_on!, today);
    push('past_limits', r, r.first_accepted_on, `已调处 ${days} 天，超过各级办理时限合计 ${r.limit_days} 天`);
  }

  const candidates = await db.execute<WRow>(sql`
    select ${cols} from disputes d where ${where} and d.state in ('accepted', 'mediating', 'failed')
      and d.sessions_count > ${await minRounds(db, today)}
    order by d.received_on limit ${LIMIT * 2}`);
  const flags = await roundsFlagsFor(db, candidates.rows);
  for (const r of candidates.rows) for (const fl of flags.get(r.id) ?? []) push('rounds', r, null, fl.message);

  const risky = await db.execute<WRow>(sql`
    select ${cols},
      concat_ws('、', case when d.may_turn_criminal then '可能民转刑' end, case when d.threatens_petition then '扬言上访' end,
        case when d.group_flag then '群体性' end, case when d.risk_level = 'major' then '重大风险' end) as risk_text
    from disputes d where ${where} and d.state in ('registered', 'accepted', 'mediating', 'failed')
      and (d.may_turn_criminal or d.threatens_petition or d.group_flag or d.risk_level = 'major')
    order by d.received_on limit ${LIMIT}`);
  for (const r of risky.rows) push('risk', r, r.received_on, `未化解的高风险纠纷：${r.risk_text}`);

  const counts = { overdue: 0, past_limits: 0, rounds: 0, risk: 0 } as Record<WarningKind, number>;
  for (const i of items) counts[i.kind]++;
  return { items, counts };
}

async function regionCond(db: DbOrTx, actor: Actor, code: string): Promise<SQL> {
  const r = await regionRow(db, actor, code);
  return regionSql(r);
}

async function regionRow(db: DbOrTx, actor: Actor, code: string) {
  const res = await db.execute<{ code: string; name: string; level: string; path: string }>(sql`select code, name, level, path from regions where code = ${code}`);
  const r = res.rows[0];
  if (!r || !(pathVisible(actor, r.path) || actor.bindings.some((b) => b.path && r.path.startsWith(b.path)))) throw notFound('地区');
  return r;
}

function regionSql(r: { code: string; level: string; path: string }): SQL {
  if (r.level === 'town') return sql`d.town_code = ${r.code}`;
  if (r.level === 'village' || r.level === 'community') return sql`d.village_code = ${r.code}`;
  if (r.level === 'grid') return sql`d.region_code = ${r.code}`;
  return sql`d.town_code in (select code from regions where level = 'town' and path like ${escapeLike(r.path) + '%'})`;
}

// ---------------------------------------------------------------------------------------------------
// Monthly statistics (SPEC §4.8): people's-mediation statistics and the comprehensive-governance report
// ---------------------------------------------------------------------------------------------------

function monthBounds(month: string) {
  if (!/^\d{4}-\d{2}$/.test(month) || !isValidDate(`${month}-01`)) throw invalid('月份格式应为 YYYY-MM');
  const from = `${month}-01`;
  const next = Number(month.slice(5, 7)) === 12 ? `${Number(month.slice(0, 4)) + 1}-01-01` : `${month.slice(0, 5)}${String(Number(month.slice(5, 7)) + 1).padStart(2, '0')}-01`;
  return { from, to: addDays(next, -1), yearFrom: `${month.slice(0, 4)}-01-01` };
}

const rate = (c: Omit<Counts, 'successRate'>) => {
  const done = c.resolved + c.failed + c.litigation;
  return done ? Math.round((c.resolved / done) * 10000) / 10000 : null;
};
const zero = (): Counts => ({ received: 0, resolved: 0, failed: 0, litigation: 0, withdrawn: 0, pending: 0, successRate: null });
function add(a: Counts, b: Omit<Counts, 'successRate'>): Counts {
  const out = { received: a.received + b.received, resolved: a.resolved + b.resolved, failed: a.failed + b.failed, litigation: a.litigation + b.litigation, withdrawn: a.withdrawn + b.withdrawn, pending: a.pending + b.pending };
  return { ...out, successRate: rate(out) };
}

export async function disputeStats(db: DbOrTx, actor: Actor, q: { month: string; region?: string | null }): Promise<DisputeStats> {
  requirePermission(actor, 'disputes.read');
  const p = monthBounds(q.month);
  const scope = await resolveScope(db, actor);
  const conds: SQL[] = [scopeCondition(scope, 'read', 'd')];
  let region: { code: string; name: string; level: string; path: string } | null = null;
  if (q.region) {
    region = await regionRow(db, actor, q.region);
    conds.push(regionSql(region));
  }
  // everything that matters for the year up to the month's end: received by then, not concluded before the year
  conds.push(sql`d.received_on <= ${p.to}`, sql`(d.concluded_on is null or d.concluded_on >= ${p.yearFrom})`);
  const where = sql.join(conds, sql` and `);

  const countCols = (from: string) => sql`
    count(*) filter (where d.received_on >= ${from})::int as received,
    count(*) filter (where d.outcome = 'resolved' and d.concluded_on between ${from} and ${p.to})::int as resolved,
    count(*) filter (where d.outcome = 'failed' and d.concluded_on between ${from} and ${p.to})::int as failed,
    count(*) filter (where d.outcome = 'litigation' and d.concluded_on between ${from} and ${p.to})::int as litigation,
    count(*) filter (where d.outcome = 'withdrawn' and d.concluded_on between ${from} and ${p.to})::int as withdrawn,
    count(*) filter (where d.concluded_on is null or d.concluded_on > ${p.to})::int as pending`;
  type C = { key: string | null; received: number; resolved: number; failed: number; litigation: number; withdrawn: number; pending: number };
  const grouped = async (key: SQL) => {
    const m = await db.execute<C>(sql`select ${key} as key, ${countCols(p.from)} from disputes d where ${where} group by 1`);
    const y = await db.execute<C>(sql`select ${key} as key, ${countCols(p.yearFrom)} from disputes d where ${where} group by 1`);
    return { m: m.rows, y: y.rows };
  };
  const toRows = (data: { m: C[]; y: C[] }, keys: { key: string; label: string }[], mapKey: (k: string | null) => string): StatsRow[] => {
    const rows = new Map(keys.map((k) => [k.key, { key: k.key, label: k.label, month: zero(), year: zero() }]));
    for (const [which, list] of [['month', data.m] as const, ['year', data.y] as const]) {
      for (const c of list) {
        const k = mapKey(c.key);
        let row = rows.get(k);
        if (!row) {
          row = { key: k, label: k, month: zero(), year: zero() };
          rows.set(k, row);
        }
        row[which] = add(row[which], { received: c.received, resolved: c.resolved, failed: c.failed, litigation: c.litigation, withdrawn: c.withdrawn, pending: c.pending });
      }
    }
    return [...rows.values()];
  };

  const dict = await disputeDictionaries(db);
  const cat = await grouped(sql`d.category`);
  const byCategory = toRows(cat, [...STATS_CATEGORIES], (k) => statsCategoryOf(k ?? 'other', dict.categories));
  const byChannel = toRows(await grouped(sql`d.channel`), [...CHANNELS], (k) => k ?? 'other');
  const byResolutionLevel = toRows(
    await grouped(sql`coalesce(d.outcome_level, d.current_level, 'none')`),
    [...LEVELS, { key: 'none', label: '未受理' }],
    (k) => k ?? 'none',
  );
  // pending is per level where the dispute currently is; resolved per resolution level
  const totals: StatsRow = { key: 'total', label: '合计', month: zero(), year: zero() };
  for (const r of byCategory) {
    totals.month = add(totals.month, r.month);
    totals.year = add(totals.year, r.year);
  }

  const forms = await db.execute<{ form: string; m: number; y: number; m_amount: string | null; y_amount: string | null }>(sql`
    select a.form,
      count(*) filter (where a.signed_on >= ${p.from})::int as m,
      count(*)::int as y,
      sum(d.amount) filter (where a.signed_on >= ${p.from})::text as m_amount,
      sum(d.amount)::text as y_amount
    from agreements a join disputes d on d.id = a.dispute_id
    where ${where} and a.signed_on between ${p.yearFrom} and ${p.to}
    group by a.form`);
  const agreementForms = AGREEMENT_FORMS.map((f) => {
    const r = forms.rows.find((x) => x.form === f.key);
    return { key: f.key, label: f.label, month: r?.m ?? 0, year: r?.y ?? 0, monthAmount: money(r?.m_amount), yearAmount: money(r?.y_amount) };
  });

  // 综治 report: one row per region one level below the chosen one
  const groupKey =
    !region || ['province', 'city', 'county'].includes(region.level)
      ? sql`d.town_code`
      : region.level === 'town'
        ? sql`coalesce(d.village_code, d.town_code)`
        : sql`d.region_code`;
  const gov = await db.execute<{
    key: string;
    name: string | null;
    received: number;
    grp: number;
    crim: number;
    pet: number;
    major: number;
    people: number;
    amount: string | null;
    resolved: number;
    failed: number;
    litigation: number;
    withdrawn: number;
    pending: number;
  }>(sql`
    select g.*, r.name from (
      select ${groupKey} as key,
        count(*) filter (where d.received_on >= ${p.from})::int as received,
        count(*) filter (where d.received_on >= ${p.from} and d.group_flag)::int as grp,
        count(*) filter (where d.received_on >= ${p.from} and d.may_turn_criminal)::int as crim,
        count(*) filter (where d.received_on >= ${p.from} and d.threatens_petition)::int as pet,
        count(*) filter (where d.received_on >= ${p.from} and d.risk_level = 'major')::int as major,
        coalesce(sum(d.people_count) filter (where d.received_on >= ${p.from}), 0)::int as people,
        sum(d.amount) filter (where d.received_on >= ${p.from})::text as amount,
        count(*) filter (where d.outcome = 'resolved' and d.concluded_on >= ${p.from})::int as resolved,
        count(*) filter (where d.outcome = 'failed' and d.concluded_on >= ${p.from})::int as failed,
        count(*) filter (where d.outcome = 'litigation' and d.concluded_on >= ${p.from})::int as litigation,
        count(*) filter (where d.outcome = 'withdrawn' and d.concluded_on >= ${p.from})::int as withdrawn,
        count(*) filter (where d.concluded_on is null or d.concluded_on > ${p.to})::int as pending
      from disputes d where ${where} group by 1
    ) g left join regions r on r.code = g.key
    order by g.key`);
  const governance: GovernanceRow[] = gov.rows.map((r) => {
    const c = { received: r.received, resolved: r.resolved, failed: r.failed, litigation: r.litigation, withdrawn: r.withdrawn, pending: r.pending };
    return {
      regionCode: r.key,
      regionName: r.name ? (region?.level === 'town' && r.key === region.code ? `${r.name}（镇本级）` : r.name) : r.key,
      received: r.received,
      groupDisputes: r.grp,
      mayTurnCriminal: r.crim,
      threatensPetition: r.pet,
      majorRisk: r.major,
      peopleInvolved: r.people,
      amount: money(r.amount),
      resolved: r.resolved,
      failed: r.failed,
      litigation: r.litigation,
      withdrawn: r.withdrawn,
      pending: r.pending,
      successRate: rate(c),
    };
  });

  return {
    month: q.month,
    period: p,
    region: { code: region?.code ?? null, name: region?.name ?? '全部' },
    byCategory,
    byChannel,
    byResolutionLevel: byResolutionLevel.filter((r) => r.key !== 'none' || r.month.pending || r.year.pending),
    agreementForms,
    governance,
    totals,
  };
}

function money(v: string | null | undefined): string {
  return v ? Number(v).toFixed(2) : '0.00';
}

export const OUTCOME_LABEL = (k: string) => labelOf(DISPUTE_OUTCOMES, k);

// ---------------------------------------------------------------------------------------------------
// The year month by month (the workbench chart): received, resolved, not resolved
// ---------------------------------------------------------------------------------------------------

type MonthCounts = Monthly['months'][number];

/** Each month of the year: disputes received, and concluded as resolved or not (failed, litigation); in scope. */
export async function monthlyCounts(db: DbOrTx, actor: Actor, q: { year: number; region?: string | null }): Promise<Monthly> {
  requirePermission(actor, 'disputes.read');
  const scope = await resolveScope(db, actor);
  const conds: SQL[] = [scopeCondition(scope, 'read', 'd')];
  if (q.region) conds.push(regionSql(await regionRow(db, actor, q.region)));
  const from = `${q.year}-01-01`;
  const to = `${q.year}-12-31`;
  const where = sql.join(conds, sql` and `);
  const received = await db.execute<{ month: string; n: number }>(sql`
    select to_char(d.received_on, 'YYYY-MM') as month, count(*)::int as n
    from disputes d where ${where} and d.received_on between ${from} and ${to} group by 1`);
  const concluded = await db.execute<{ month: string; resolved: number; not_resolved: number }>(sql`
    select to_char(d.concluded_on, 'YYYY-MM') as month,
      count(*) filter (where d.outcome = 'resolved')::int as resolved,
      count(*) filter (where d.outcome in ('failed', 'litigation'))::int as not_resolved
    from disputes d where ${where} and d.concluded_on between ${from} and ${to} group by 1`);
  const months: MonthCounts[] = monthsOfYear(q.year).map((month) => {
    const c = concluded.rows.find((r) => r.month === month);
    return { month, received: received.rows.find((r) => r.month === month)?.n ?? 0, resolved: c?.resolved ?? 0, notResolved: c?.not_resolved ?? 0 };
  });
  return { year: q.year, months };
}
