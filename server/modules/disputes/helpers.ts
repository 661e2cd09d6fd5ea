/**
 * What the disputes service files share: the row types, the options every command takes, loading a dispute
 * the user may see, whether the user may act on it, and the small lookups and checks the actions use.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Action, StageLevel } from '../../../core/dispute-flow.ts';
import { ROLE_LABELS, STAGE_LIMITED_ROLES, type Role } from '../../../core/roles.ts';
import { LEVELS, labelOf } from '../../../core/dictionaries.ts';
import type { DbOrTx } from '../../db/client.ts';
import { disputeParties, disputes, disputeStages, regions, units, users } from '../../db/schema/index.ts';
import { invalid, notFound } from '../../errors.ts';
import { can, requirePermission, type Actor } from '../auth/actor.ts';
import { inScope, resolveScope, scopeCondition, type DisputeScope } from '../../scope/unit.ts';

export type DisputeRow = typeof disputes.$inferSelect;
export type PartyRow = typeof disputeParties.$inferSelect;
export type StageRow = typeof disputeStages.$inferSelect;


export interface ServiceOptions {
  /** today (Asia/Shanghai) — tests and the demo pass their own */
  today?: string;
}

export function actorName(actor: Actor): string {
  return actor.name || actor.username;
}

export async function loadVisible(db: DbOrTx, actor: Actor, id: string, scope?: DisputeScope): Promise<DisputeRow> {
  requirePermission(actor, 'disputes.read');
  const s = scope ?? (await resolveScope(db, actor));
  const [row] = await db.select().from(disputes).where(and(eq(disputes.id, id), scopeCondition(s)));
  if (!row) throw notFound('纠纷');
  return row;
}

/**
 * What the user may do on the dispute: null when nothing (the detail offers no action), else which actions
 * (and, for accept and transfer, which levels). Full handlers act on whatever their scope reaches; the
 * stage-limited roles (core/roles.ts STAGE_LIMITED_ROLES: grid workers, court liaisons) only on the stages
 * of their level in their place.
 */
export interface HandlingRule {
  /** the actions allowed (null: all) */
  actions: readonly Action[] | null;
  /** the levels accept may open (null: any) */
  acceptAt: readonly string[] | null;
  /** the levels transfer may go to (null: any) */
  transferTo: readonly string[] | null;
  /** who the rule is for, in the refusal message */
  role: Role | null;
}
const FULL: HandlingRule = { actions: null, acceptAt: null, transferTo: null, role: null };
const LIMITED = Object.keys(STAGE_LIMITED_ROLES) as Role[];

// the same actor without its stage-limited bindings (kept per actor, so that its scope is resolved once)
const fullActors = new WeakMap<Actor, Actor>();
function withoutLimited(actor: Actor): Actor {
  let a = fullActors.get(actor);
  if (!a) {
    const bindings = actor.bindings.filter((b) => !LIMITED.includes(b.role));
    a = { ...actor, bindings, roles: new Set(bindings.map((b) => b.role)) };
    fullActors.set(actor, a);
  }
  return a;
}

export async function handlingRule(db: DbOrTx, actor: Actor, d: DisputeRow): Promise<HandlingRule | null> {
  if (!can(actor, 'disputes.handle')) return null;
  const scope = await resolveScope(db, actor, 'disputes.handle');
  if (scope.all) return FULL;
  if (!inScope(scope, d, {}, 'act')) return null;
  const full = withoutLimited(actor);
  if (full.bindings.length === actor.bindings.length) return FULL;
  if (can(full, 'disputes.handle') && inScope(await resolveScope(db, full, 'disputes.handle'), d, {}, 'act')) return FULL;
  for (const role of LIMITED) {
    const lim = STAGE_LIMITED_ROLES[role]!;
    if (!actor.roles.has(role)) continue;
    const own = actor.bindings.filter((b) => b.role === role);
    // a grid worker: disputes of their own grid; a court liaison: disputes of their region (the scope above)
    if (role === 'grid_worker' && !own.some((b) => b.regionCode === d.regionCode)) continue;
    if (d.state === 'registered' && lim.acceptAt) return { actions: ['accept'], acceptAt: [lim.acceptAt], transferTo: [], role };
    if (d.currentLevel === lim.level && d.state !== 'registered' && d.state !== 'closed') {
      return { actions: null, acceptAt: [], transferTo: lim.transferTo, role };
    }
  }
  return null;
}

/** Whether the user may act on the dispute at all. */
export async function canAct(db: DbOrTx, actor: Actor, d: DisputeRow): Promise<boolean> {
  return (await handlingRule(db, actor, d)) !== null;
}

/** Why the rule refuses the action (null: allowed). */
export function ruleRefusal(rule: HandlingRule, action: Action, level: string | null | undefined): string | null {
  const who = rule.role ? ROLE_LABELS[rule.role] : '您';
  if (rule.actions && !rule.actions.includes(action)) return `${who}不能对该纠纷执行此操作`;
  if (action === 'accept' && rule.acceptAt && !rule.acceptAt.includes(level || rule.acceptAt[0])) {
    return rule.acceptAt.length ? `${who}只能在“${labelOf(LEVELS, rule.acceptAt[0])}”层级受理` : `${who}不能受理纠纷`;
  }
  if (action === 'transfer' && rule.transferTo && !rule.transferTo.includes(level ?? '')) {
    return `${who}只能流转到${rule.transferTo.map((l) => `“${labelOf(LEVELS, l)}”`).join('、') || '（无）'}`;
  }
  return null;
}

/** What the audit keeps of a dispute: its columns, without the query code and the request key. */
export function snapshot(d: DisputeRow) {
  const { queryCode: _code, idempotencyKey: _key, createdAt: _c, updatedAt: _u, summaryGrams: _g, ...rest } = d;
  return rest;
}

export async function defaultUnit(tx: DbOrTx, d: DisputeRow, level: StageLevel, actorUnits: { id: string; type: string }[]): Promise<string> {
  const pick = async (type: string, regionCode: string | null) => {
    if (!regionCode) return null;
    const [u] = await tx
      .select({ id: units.id })
      .from(units)
      .where(and(eq(units.type, type), eq(units.regionCode, regionCode), eq(units.active, true)))
      .orderBy(asc(units.createdAt))
      .limit(1);
    return u?.id ?? null;
  };
  if (level === 'grid' || level === 'village') {
    const own = actorUnits.find((u) => u.type === 'village_committee');
    const id = (await pick('village_committee', d.villageCode)) ?? own?.id ?? null;
    if (!id) throw invalid('该村（社区）尚未设立调委会，请选择受理单位', [{ field: 'unitId', message: '请选择受理单位' }]);
    return id;
  }
  if (level === 'town') {
    const id = await pick('town_centre', d.townCode);
    if (!id) throw invalid('本镇尚未设立矛调中心，请选择受理单位', [{ field: 'unitId', message: '请选择受理单位' }]);
    return id;
  }
  if (level === 'department') {
    const own = actorUnits.find((u) => !['village_committee', 'town_centre', 'court'].includes(u.type));
    if (own) return own.id;
    throw invalid('流转到部门须选择承办部门', [{ field: 'unitId', message: '请选择承办部门' }]);
  }
  // prelitigation: the nearest court serving the town
  const r = await tx.execute<{ id: string }>(sql`
    select u.id from units u join regions ur on ur.code = u.region_code, regions t
    where t.code = ${d.townCode} and u.type = 'court' and u.active and t.path like ur.path || '%'
    order by length(ur.path) desc limit 1`);
  if (!r.rows[0]) throw invalid('未找到管辖法院，请选择诉前调解单位', [{ field: 'unitId', message: '请选择法院' }]);
  return r.rows[0].id;
}

export async function actorUnits(tx: DbOrTx, actor: Actor) {
  const ids = actor.bindings.map((b) => b.unitId).filter((x): x is string => !!x);
  if (!ids.length) return [];
  return tx.select({ id: units.id, type: units.type }).from(units).where(inArray(units.id, ids));
}

/** The level `accept` opens when none is given: the actor's own level, else the dispute region's. */
export async function defaultAcceptLevel(tx: DbOrTx, actor: Actor, d: DisputeRow, mine: { id: string; type: string }[]): Promise<StageLevel> {
  if (actor.bindings.some((b) => (b.role === 'town_office' || b.role === 'justice_office') && b.regionCode === d.townCode)) return 'town';
  const unit = mine[0];
  if (unit && actor.bindings.every((b) => b.unitId)) {
    if (unit.type === 'village_committee') return 'village';
    if (unit.type === 'town_centre' || unit.type === 'justice_office') return 'town';
    if (unit.type === 'court') return 'prelitigation';
    return 'department';
  }
  const [r] = await tx.select({ level: regions.level }).from(regions).where(eq(regions.code, d.regionCode));
  if (r?.level === 'grid') return 'grid';
  if (r?.level === 'town') return 'town';
  return 'village';
}

export async function checkUnit(tx: DbOrTx, id: string): Promise<void> {
  const [u] = await tx.select({ active: units.active }).from(units).where(eq(units.id, id));
  if (!u || !u.active) throw invalid('承办单位不存在或已停用', [{ field: 'unitId', message: '承办单位不存在或已停用' }]);
}
export async function checkUser(tx: DbOrTx, id: string): Promise<void> {
  const [u] = await tx.select({ active: users.active }).from(users).where(eq(users.id, id));
  if (!u || !u.active) throw invalid('承办人不存在或已停用', [{ field: 'handlerId', message: '承办人不存在或已停用' }]);
}

export const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
export const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

export async function userName(tx: DbOrTx, id: string): Promise<string | null> {
  const [u] = await tx.select({ name: users.name }).from(users).where(eq(users.id, id));
  return u?.name ?? null;
}
export async function partyCount(tx: DbOrTx, disputeId: string): Promise<number> {
  const [r] = await tx.select({ n: sql<number>`count(*)::int` }).from(disputeParties).where(eq(disputeParties.disputeId, disputeId));
  return Number(r?.n ?? 0);
}
