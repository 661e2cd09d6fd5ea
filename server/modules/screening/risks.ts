/**
 * The risk register (隐患, SPEC §6.1): risks found in screening or registered on their own; each can be
 * turned into a dispute (pre-filled intake, linked both ways) or a key person in one step.
 */
import crypto from 'node:crypto';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../db/client.ts';
import { nextVersion, updateVersioned } from '../../db/versioned.ts';
import { regions, risks } from '../../db/schema/index.ts';
import { invalid, notFound, parseInput } from '../../errors.ts';
import { can, requirePermission, type Actor } from '../auth/actor.ts';
import { forbidden } from '../../errors.ts';
import { inSubtree, regionInScope } from '../../scope/region.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { resolveScope, scopeCondition } from '../../scope/unit.ts';
import { createDisputeTx } from '../disputes/intake.ts';
import { DisputeCreate } from '../../../core/schemas/disputes.ts';
import type { RiskCreateInput, RiskToDisputeCreateInput, RiskUpdateInput } from '../../../core/schemas/risks.ts';
import type { Cipher } from '../../secret.ts';
import { checkVersion, placeOf, type Place } from '../prevention/common.ts';
import { todayShanghai } from '../../../core/dates.ts';
import { DISPUTE_CATEGORIES, isKeyOf, RISK_LEVELS } from '../../../core/dictionaries.ts';
import { TOWN_OR_BELOW } from '../../../core/regions.ts';
import { containsText } from '../../db/text-search.ts';

export type RiskRow = typeof risks.$inferSelect;

/** A risk's input (a report's risks too, with the report's place): the output of `RiskCreate`. */
export type RiskInput = RiskCreateInput;

/**
 * Whether a risk was made a key person is itself restricted information (SPEC §6.3): only admin and the town
 * office see the link; everyone else sees `keyPersonId: null`.
 */
export const seesKeyPersons = (actor: Actor | null) => !!actor && (actor.isAdmin || actor.roles.has('town_office'));

export const riskView = (r: RiskRow, actor: Actor | null) => ({
  id: r.id,
  campaignId: r.campaignId,
  reportId: r.reportId,
  regionCode: r.regionCode,
  villageCode: r.villageCode,
  townCode: r.townCode,
  foundOn: r.foundOn,
  category: r.category,
  peopleInvolved: r.peopleInvolved,
  peopleCount: r.peopleCount,
  level: r.level,
  description: r.description,
  measures: r.measures,
  status: r.status,
  disputeId: r.disputeId,
  keyPersonId: seesKeyPersons(actor) ? r.keyPersonId : null,
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});
export type RiskView = ReturnType<typeof riskView>;

/** Whoever files screening reports or keeps the prevention ledger may record risks. */
function requireRiskWrite(actor: Actor) {
  if (!can(actor, 'prevention.write') && !can(actor, 'screening.report')) throw forbidden();
}

function checkRisk(i: Partial<RiskInput>) {
  if (i.category !== undefined && !isKeyOf(DISPUTE_CATEGORIES, i.category)) throw invalid(`未知的纠纷类别：${i.category}`);
  if (i.level !== undefined && !isKeyOf(RISK_LEVELS, i.level)) throw invalid(`未知的风险等级：${i.level}`);
  if (i.description !== undefined && !i.description.trim()) throw invalid('请填写隐患情况');
  if (i.foundOn && i.foundOn > todayShanghai()) throw invalid('发现日期不能晚于今天');
}

export async function insertRisk(tx: DbOrTx, ctx: CommandContext, place: Place, input: RiskInput, link: { campaignId?: string | null; reportId?: string | null } = {}) {
  checkRisk(input);
  const [row] = await tx
    .insert(risks)
    .values({
      id: crypto.randomUUID(),
      campaignId: link.campaignId ?? null,
      reportId: link.reportId ?? null,
      regionCode: place.regionCode,
      villageCode: place.villageCode,
      townCode: place.townCode,
      foundOn: input.foundOn ?? todayShanghai(),
      category: input.category,
      peopleInvolved: input.peopleInvolved ?? null,
      peopleCount: input.peopleCount ?? 1,
      level: input.level ?? 'general',
      description: input.description.trim(),
      measures: input.measures ?? null,
      createdBy: ctx.actor.userId,
    })
    .returning();
  await writeAudit(tx, ctx, { action: 'risk.create', entity: 'risk', entityId: row.id, after: row, townCode: row.townCode });
  return row;
}

export async function createRisk(database: Database, ctx: CommandContext, input: RiskInput) {
  requireRiskWrite(ctx.actor);
  return database.db.transaction(async (tx) => {
    const place = await placeOf(tx, ctx.actor, input.regionCode, TOWN_OR_BELOW);
    return insertRisk(tx, ctx, place, input);
  });
}

export async function getRisk(db: DbOrTx, actor: Actor, id: string): Promise<RiskRow> {
  const [r] = await db.select().from(risks).where(and(eq(risks.id, id), regionInScope(actor, risks.regionCode)));
  if (!r) throw notFound('隐患');
  return r;
}

/** A risk as the ledger shows it (GET /risks/:id). */
export async function readRisk(db: DbOrTx, actor: Actor, id: string): Promise<RiskRow> {
  requirePermission(actor, 'prevention.read');
  return getRisk(db, actor, id);
}

export async function updateRisk(database: Database, ctx: CommandContext, id: string, patch: RiskUpdateInput) {
  requireRiskWrite(ctx.actor);
  checkRisk(patch);
  return database.db.transaction(async (tx) => {
    const before = await getRisk(tx, ctx.actor, id);
    checkVersion(before, patch.version);
    if (patch.status && before.status === 'became_dispute') throw invalid('已转为纠纷的隐患不能再改状态');
    const set: Partial<RiskRow> = { updatedAt: new Date() };
    for (const k of ['foundOn', 'category', 'peopleInvolved', 'peopleCount', 'level', 'description', 'measures', 'status'] as const) {
      if (patch[k] !== undefined) (set as Record<string, unknown>)[k] = patch[k];
    }
    const after = await updateVersioned(tx, risks, eq(risks.id, id), patch.version, set, '隐患');
    await writeAudit(tx, ctx, { action: 'risk.update', entity: 'risk', entityId: id, before, after, townCode: after.townCode });
    return after;
  });
}

export interface RiskFilter {
  status?: string;
  category?: string;
  level?: string;
  region?: string;
  campaign?: string;
  from?: string;
  to?: string;
  q?: string;
  /** only these risks (export the rows selected) */
  ids?: string[];
}

function riskConditions(actor: Actor, f: RiskFilter): SQL[] {
  const conds: SQL[] = [regionInScope(actor, risks.regionCode)];
  if (f.status) conds.push(sql`${risks.status} in (${sql.join(f.status.split(',').map((s) => sql`${s}`), sql`, `)})`);
  if (f.category) conds.push(eq(risks.category, f.category));
  if (f.level) conds.push(eq(risks.level, f.level));
  if (f.region) conds.push(inSubtree(risks.regionCode, f.region));
  if (f.campaign) conds.push(eq(risks.campaignId, f.campaign));
  if (f.from) conds.push(sql`${risks.foundOn} >= ${f.from}`);
  if (f.to) conds.push(sql`${risks.foundOn} <= ${f.to}`);
  if (f.ids) conds.push(inArray(risks.id, f.ids));
  if (f.q) {
    conds.push(containsText([risks.description, risks.peopleInvolved, risks.measures], f.q.trim()));
  }
  return conds;
}

export async function listRisks(db: DbOrTx, actor: Actor, f: RiskFilter, page = 1, pageSize = 20) {
  requirePermission(actor, 'prevention.read');
  const where = and(...riskConditions(actor, f));
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(risks).where(where);
  const rows = await db
    .select({ risk: risks, regionName: regions.name })
    .from(risks)
    .leftJoin(regions, eq(regions.code, risks.regionCode))
    .where(where)
    .orderBy(desc(risks.foundOn), desc(risks.createdAt))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { total: n, items: rows.map((r) => ({ ...riskView(r.risk, actor), regionName: r.regionName ?? r.risk.regionCode })) };
}

/** All risks matching the filter (for the .xlsx export), bounded. */
export async function exportRisks(db: DbOrTx, actor: Actor, f: RiskFilter) {
  requirePermission(actor, 'prevention.read');
  const rows = await db
    .select({ risk: risks, regionName: regions.name })
    .from(risks)
    .leftJoin(regions, eq(regions.code, risks.regionCode))
    .where(and(...riskConditions(actor, f)))
    .orderBy(desc(risks.foundOn), desc(risks.createdAt))
    .limit(50_000);
  return rows.map((r) => ({ ...riskView(r.risk, actor), regionName: r.regionName ?? r.risk.regionCode }));
}

/** The intake form's fields pre-filled from a risk (SPEC §4.1 field names). */
export function intakePayloadOf(r: RiskRow) {
  return {
    regionCode: r.regionCode,
    receivedOn: todayShanghai(),
    channel: r.campaignId ? 'screening_campaign' : 'grid_screening',
    category: r.category,
    summary: r.description + (r.measures ? `（已采取措施：${r.measures}）` : ''),
    peopleCount: r.peopleCount,
    amount: null as string | null,
    riskLevel: r.level,
    mayTurnCriminal: false,
    threatensPetition: false,
    riskId: r.id,
    parties: (r.peopleInvolved ?? '')
      .split(/[，,、;；\s]+/)
      .map((s) => s.trim())
      .filter(Boolean)
      .slice(0, 10)
      .map((name, i) => ({ role: i === 0 ? 'applicant' : 'respondent', kind: 'person', name, idNumber: null, phone: null, address: null })),
  };
}

/** Marks a risk as having become a dispute (both ways: the dispute carries `risk_id`). */
export async function linkRiskToDispute(tx: DbOrTx, ctx: CommandContext, riskId: string, disputeId: string) {
  const before = await getRisk(tx, ctx.actor, riskId);
  if (before.disputeId && before.disputeId !== disputeId) throw invalid('该隐患已转为另一件纠纷');
  const [after] = await tx.update(risks).set({ status: 'became_dispute', disputeId, version: nextVersion(risks), updatedAt: new Date() }).where(eq(risks.id, riskId)).returning();
  await tx.execute(sql`update disputes set risk_id = ${riskId} where id = ${disputeId} and risk_id is null`);
  await writeAudit(tx, ctx, { action: 'risk.to_dispute', entity: 'risk', entityId: riskId, before, after, townCode: after.townCode });
  return after;
}

/**
 * Reading a risk as an intake, or turning it into a dispute, needs both sides: the prevention ledger (risks are
 * scoped by region, so a county-level unit such as a police station would otherwise see every town's) and intake.
 */
export function requireRiskToDispute(actor: Actor) {
  requirePermission(actor, 'prevention.read');
  requirePermission(actor, 'disputes.intake');
}

/** The intake form prefilled from a risk (GET /risks/:id/intake). */
export async function riskIntake(db: DbOrTx, actor: Actor, id: string) {
  requireRiskToDispute(actor);
  const risk = await getRisk(db, actor, id);
  return { risk, intake: intakePayloadOf(risk) };
}

/** Links a risk to a dispute registered from it (the intake form calls this after creating the dispute). */
export async function linkDisputeCommand(database: Database, ctx: CommandContext, riskId: string, disputeId: string) {
  requireRiskToDispute(ctx.actor);
  return database.db.transaction(async (tx) => {
    const scope = await resolveScope(tx, ctx.actor);
    const found = await tx.execute<{ id: string }>(sql`select id from disputes where id = ${disputeId} and ${scopeCondition(scope)}`);
    if (!found.rows.length) throw notFound('纠纷');
    return linkRiskToDispute(tx, ctx, riskId, disputeId);
  });
}

/**
 * One step from a risk to a dispute: registers the dispute through the disputes service with the risk's
 * pre-filled intake (the caller may correct any field, e.g. add the parties), then links both ways, in one
 * transaction (`createDisputeTx`).
 */
export async function riskToDispute(database: Database, cipher: Cipher, ctx: CommandContext, riskId: string, overrides: RiskToDisputeCreateInput) {
  requireRiskToDispute(ctx.actor);
  const risk = await getRisk(database.db, ctx.actor, riskId);
  if (risk.disputeId) throw invalid('该隐患已转为纠纷');
  const base = intakePayloadOf(risk);
  const given = Object.fromEntries(Object.entries(overrides ?? {}).filter(([, v]) => v !== undefined));
  if (!(overrides?.parties ?? base.parties).some((p) => p.role === 'applicant')) throw invalid('请至少填写一名申请人');
  // the merged intake is checked as the intake route checks its body
  const input = parseInput(DisputeCreate, { ...base, ...given, riskId: risk.id });
  // the dispute and the link commit together or not at all
  return database.db.transaction(async (tx) => {
    const created = await createDisputeTx(tx, cipher, ctx, input);
    const linked = await linkRiskToDispute(tx, ctx, riskId, created.dispute.id);
    return { risk: linked, dispute: created.dispute };
  });
}
