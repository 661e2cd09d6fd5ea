/**
 * Visits and consultations (四门四访 + 法律咨询, SPEC §6.2) on the shared `visits` table. A return visit
 * (上门回访) is the same record as a dispute's return visit (SPEC §4.4), so it is registered through the
 * dispute's `return_visit` action. Requests raised are tracked until answered (`request_status`).
 */
import crypto from 'node:crypto';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../db/client.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { disputeEvents, disputes, regions, visits } from '../../db/schema/index.ts';
import { conflict, forbidden, invalid, notFound, parseInput } from '../../errors.ts';
import { can, requirePermission, type Actor } from '../auth/actor.ts';
import { inSubtree, regionInScope } from '../../scope/region.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { resolveScope, scopeCondition } from '../../scope/unit.ts';
import { applyActionTx } from '../disputes/actions.ts';
import { createDisputeTx } from '../disputes/intake.ts';
import type { Cipher } from '../../secret.ts';
import { DisputeCreate } from '../../../core/schemas/disputes.ts';
import { checkVersion, placeOf, TOWN_OR_BELOW } from '../prevention/common.ts';
import { todayShanghai } from '../../../core/dates.ts';
import { isKeyOf, labelOf, VISIT_TYPES } from '../../../core/dictionaries.ts';
import { REQUEST_STATUSES } from '../../../core/prevention.ts';
import { containsText } from '../../db/text-search.ts';
import type { z } from 'zod';
import type { VisitBatch, VisitCreate, VisitToDisputeCreate, VisitUpdate } from '../../../core/schemas/visits.ts';
import type { FastifyBaseLogger } from 'fastify';
import { runBatch } from '../../batch.ts';

export type VisitRow = typeof visits.$inferSelect;

export function requireVisitRead(actor: Actor) {
  if (!can(actor, 'prevention.read') && !can(actor, 'visits.write')) throw forbidden();
}

export const visitView = (v: VisitRow) => ({
  id: v.id,
  type: v.type,
  visitedOn: v.visitedOn,
  cadres: v.cadres,
  cadreUserIds: v.cadreUserIds,
  regionCode: v.regionCode,
  villageCode: v.villageCode,
  townCode: v.townCode,
  disputeId: v.disputeId,
  personsMet: v.personsMet,
  personsCount: v.personsCount,
  requests: v.requests,
  answer: v.answer,
  followUpNeeded: v.followUpNeeded,
  requestStatus: v.requestStatus,
  satisfaction: v.satisfaction,
  performanceChecked: v.performanceChecked,
  newIssues: v.newIssues,
  notes: v.notes,
  version: v.version,
  createdAt: v.createdAt.toISOString(),
});

/** Requests raised without an answer stay open; answered ones are resolved unless told otherwise. */
function requestStatusOf(i: { requests?: string | null; answer?: string | null; requestStatus?: string; followUpNeeded?: boolean }): string {
  if (i.requestStatus) return i.requestStatus;
  if (!i.requests?.trim()) return 'none';
  if (!i.answer?.trim()) return 'open';
  return i.followUpNeeded ? 'in_progress' : 'resolved';
}

function check(i: Partial<z.output<typeof VisitCreate>>) {
  if (i.type !== undefined && !isKeyOf(VISIT_TYPES, i.type)) throw invalid(`未知的走访类型：${i.type}`);
  if (i.requestStatus !== undefined && !isKeyOf(REQUEST_STATUSES, i.requestStatus)) throw invalid(`未知的诉求办理状态：${i.requestStatus}`);
  if (i.requestStatus && i.requestStatus !== 'none' && i.requests !== undefined && !i.requests?.trim()) throw invalid('没有诉求时办理状态应为“无诉求”');
  if (i.visitedOn && i.visitedOn > todayShanghai()) throw invalid('日期不能晚于今天');
  if (i.satisfaction != null && (i.satisfaction < 1 || i.satisfaction > 5)) throw invalid('满意度应为 1–5');
}

async function visibleDispute(tx: DbOrTx, actor: Actor, disputeId: string) {
  const scope = await resolveScope(tx, actor);
  const [d] = await tx.select().from(disputes).where(and(eq(disputes.id, disputeId), scopeCondition(scope)));
  if (!d) throw notFound('纠纷');
  return d;
}

export async function createVisit(database: Database, ctx: CommandContext, input: z.output<typeof VisitCreate>) {
  requirePermission(ctx.actor, 'visits.write');
  check(input);
  const name = ctx.actor.name || ctx.actor.username;
  if (input.type === 'return_visit') {
    // the same record as the dispute's return visit: registered by the dispute's action
    if (!input.disputeId) throw invalid('上门回访须关联纠纷');
    if (input.satisfaction == null) throw invalid('请填写满意度（1–5）');
    return database.db.transaction(async (tx) => {
      const d = await visibleDispute(tx, ctx.actor, input.disputeId!);
      const { created } = await applyActionTx(tx, ctx, d.id, {
      action: 'return_visit',
      version: d.version,
      date: input.visitedOn,
      satisfaction: input.satisfaction,
      cadres: input.cadres ?? name,
      personsMet: input.personsMet ?? null,
      performanceChecked: input.performanceChecked ?? false,
      performanceStatus: input.performanceStatus ?? null,
      newIssues: input.newIssues ?? input.requests ?? null,
      notes: input.notes ?? null,
      });
      const [row] = await tx.select().from(visits).where(eq(visits.id, created.visitId ?? ''));
      if (!row) throw notFound('回访记录');
      return row;
    });
  }
  return database.db.transaction(async (tx) => {
    const place = await placeOf(tx, ctx.actor, input.regionCode, TOWN_OR_BELOW);
    if (input.disputeId) await visibleDispute(tx, ctx.actor, input.disputeId);
    const [row] = await tx
      .insert(visits)
      .values({
        id: crypto.randomUUID(),
        type: input.type,
        visitedOn: input.visitedOn,
        cadres: input.cadres?.trim() || name,
        cadreUserIds: !input.cadres?.trim() && ctx.actor.userId ? [ctx.actor.userId] : [],
        regionCode: place.regionCode,
        villageCode: place.villageCode,
        townCode: place.townCode,
        disputeId: input.disputeId ?? null,
        personsMet: input.personsMet ?? null,
        personsCount: input.personsCount ?? 1,
        requests: input.requests ?? null,
        answer: input.answer ?? null,
        followUpNeeded: input.followUpNeeded ?? false,
        requestStatus: requestStatusOf(input),
        satisfaction: input.satisfaction ?? null,
        newIssues: input.newIssues ?? null,
        notes: input.notes ?? null,
        createdBy: ctx.actor.userId,
      })
      .returning();
    await writeAudit(tx, ctx, { action: 'visit.create', entity: 'visit', entityId: row.id, after: row, townCode: row.townCode });
    return row;
  });
}

/** The channel of a dispute revealed by a visit: a consultation came to the office, the rest are 四门四访. */
const channelOf = (v: VisitRow) => (v.type === 'consultation' ? 'walk_in' : 'visit');

/** The dispute intake prefilled from a visit (nothing typed twice: place, date, summary, people). */
export function visitIntakeOf(v: VisitRow) {
  const summary = [v.requests, v.newIssues, v.notes].map((x) => x?.trim()).filter(Boolean).join('；');
  return {
    regionCode: v.regionCode,
    receivedOn: v.visitedOn,
    channel: channelOf(v),
    category: null as string | null,
    summary,
    peopleCount: v.personsCount,
    amount: null as string | null,
    riskLevel: 'general',
    mayTurnCriminal: false,
    threatensPetition: false,
    parties: (v.personsMet ?? '')
      .split(/[，,、;；\s]+/)
      .map((s) => s.trim())
      .filter(Boolean)
      .slice(0, 10)
      .map((name, i) => ({ role: i === 0 ? 'applicant' : 'respondent', kind: 'person', name, idNumber: null as string | null, phone: null as string | null, address: null as string | null })),
  };
}

/** Registering a dispute from a visit needs both sides: the visits ledger and intake. */
export function requireVisitToDispute(actor: Actor) {
  requirePermission(actor, 'visits.write');
  requirePermission(actor, 'disputes.intake');
}

/** The prefilled intake of a visit that may become a dispute (GET /visits/:id/intake). */
export async function visitIntake(db: DbOrTx, actor: Actor, id: string) {
  requireVisitToDispute(actor);
  const v = await getVisit(db, actor, id);
  if (v.disputeId) throw invalid('该记录已关联纠纷');
  return { visit: v, intake: visitIntakeOf(v) };
}

/**
 * A visit or consultation that reveals a dispute becomes one in one step (接访 → 登记纠纷, SPEC §6.2): the
 * intake prefilled from the visit with the user's corrections, the dispute registered, the visit linked to it
 * (its open requests now in progress) and a note on the dispute's timeline naming the visit — one
 * transaction, so a failure anywhere leaves neither the dispute nor the link.
 */
export async function visitToDispute(database: Database, cipher: Cipher, ctx: CommandContext, id: string, overrides: z.output<typeof VisitToDisputeCreate>) {
  requireVisitToDispute(ctx.actor);
  return database.db.transaction(async (tx) => {
    const before = await getVisit(tx, ctx.actor, id);
    if (before.disputeId) throw invalid('该记录已关联纠纷');
    const given = Object.fromEntries(Object.entries(overrides ?? {}).filter(([, v]) => v !== undefined));
    const base = visitIntakeOf(before);
    if (!(overrides?.parties ?? base.parties).some((p) => p.role === 'applicant')) throw invalid('请至少填写一名申请人');
    if (!given.category) throw invalid('请选择纠纷类别');
    // the merged intake is checked as the intake route checks its body
    const input = parseInput(DisputeCreate, { ...base, ...given });
    const { dispute } = await createDisputeTx(tx, cipher, ctx, input);
    const [after] = await tx
      .update(visits)
      .set({ disputeId: dispute.id, requestStatus: before.requestStatus === 'open' ? 'in_progress' : before.requestStatus, version: before.version + 1, updatedAt: new Date() })
      .where(and(eq(visits.id, id), eq(visits.version, before.version), sql`${visits.disputeId} is null`))
      .returning();
    if (!after) throw conflict();
    const label = labelOf(VISIT_TYPES, before.type);
    await tx.insert(disputeEvents).values({
      id: crypto.randomUUID(),
      disputeId: dispute.id,
      townCode: dispute.townCode,
      occurredOn: dispute.receivedOn,
      action: 'note',
      actorId: ctx.actor.userId,
      actorName: ctx.actor.name || ctx.actor.username,
      notes: `由${before.visitedOn}的${label}记录登记`,
      payload: { visitId: id },
    });
    await writeAudit(tx, ctx, { action: 'visit.to_dispute', entity: 'visit', entityId: id, before, after, townCode: after.townCode });
    return { visit: after, dispute };
  });
}

export async function getVisit(db: DbOrTx, actor: Actor, id: string) {
  requireVisitRead(actor);
  const [v] = await db.select().from(visits).where(and(eq(visits.id, id), regionInScope(actor, visits.regionCode)));
  if (!v) throw notFound('走访记录');
  return v;
}

/** Updates a visit — typically the answer to the requests raised and their status. */
export async function updateVisit(database: Database, ctx: CommandContext, id: string, patch: z.output<typeof VisitUpdate>) {
  requirePermission(ctx.actor, 'visits.write');
  check(patch);
  return database.db.transaction(async (tx) => {
    const before = await getVisit(tx, ctx.actor, id);
    checkVersion(before, patch.version);
    if (patch.disputeId && patch.disputeId !== before.disputeId) {
      if (before.type === 'return_visit') throw invalid('回访记录的关联纠纷不能修改');
      await visibleDispute(tx, ctx.actor, patch.disputeId);
    }
    const set: Partial<VisitRow> = { updatedAt: new Date() };
    for (const k of ['visitedOn', 'cadres', 'personsMet', 'personsCount', 'requests', 'answer', 'followUpNeeded', 'satisfaction', 'newIssues', 'notes', 'disputeId'] as const) {
      if (patch[k] !== undefined) (set as Record<string, unknown>)[k] = patch[k];
    }
    const merged = { requests: set.requests ?? before.requests, answer: set.answer ?? before.answer, followUpNeeded: set.followUpNeeded ?? before.followUpNeeded };
    if (patch.requestStatus !== undefined) {
      if (patch.requestStatus !== 'none' && !merged.requests?.trim()) throw invalid('没有诉求时办理状态应为“无诉求”');
      if (patch.requestStatus === 'resolved' && !merged.answer?.trim()) throw invalid('请先填写答复内容');
      set.requestStatus = patch.requestStatus;
    } else if (patch.requests !== undefined || patch.answer !== undefined || patch.followUpNeeded !== undefined) {
      set.requestStatus = requestStatusOf(merged);
    }
    const after = await updateVersioned(tx, visits, eq(visits.id, id), patch.version, set, '走访记录');
    await writeAudit(tx, ctx, { action: 'visit.update', entity: 'visit', entityId: id, before, after, townCode: after.townCode });
    return after;
  });
}

/** Answers the requests of several visits: `updateVisit` once per visit (own transaction, version, audit), one outcome each. */
export async function batchVisits(database: Database, ctx: CommandContext, input: z.output<typeof VisitBatch>, log?: FastifyBaseLogger) {
  requirePermission(ctx.actor, 'visits.write');
  const shown = await database.db
    .select({ id: visits.id, visitedOn: visits.visitedOn, type: visits.type, regionName: regions.name })
    .from(visits)
    .leftJoin(regions, eq(regions.code, visits.regionCode))
    .where(and(inArray(visits.id, input.ids), regionInScope(ctx.actor, visits.regionCode)));
  const labels = new Map(shown.map((v) => [v.id, `${v.visitedOn} ${v.regionName ?? ''}${labelOf(VISIT_TYPES, v.type)}`]));
  return runBatch(
    input.ids,
    async (id) => {
      const version = input.versions?.[id] ?? (await getVisit(database.db, ctx.actor, id)).version;
      await updateVisit(database, ctx, id, { answer: input.answer, requestStatus: input.requestStatus, version });
    },
    { labels, log },
  );
}

export interface VisitFilter {
  type?: string;
  region?: string;
  from?: string;
  to?: string;
  requestStatus?: string;
  disputeId?: string;
  cadre?: string;
  q?: string;
  /** only these visits (export the rows selected) */
  ids?: string[];
}

function conditions(actor: Actor, f: VisitFilter): SQL[] {
  const conds: SQL[] = [regionInScope(actor, visits.regionCode)];
  if (f.type) conds.push(inArray(visits.type, f.type.split(',')));
  if (f.region) conds.push(inSubtree(visits.regionCode, f.region));
  if (f.from) conds.push(sql`${visits.visitedOn} >= ${f.from}`);
  if (f.to) conds.push(sql`${visits.visitedOn} <= ${f.to}`);
  if (f.requestStatus) conds.push(inArray(visits.requestStatus, f.requestStatus.split(',')));
  if (f.disputeId) conds.push(eq(visits.disputeId, f.disputeId));
  if (f.cadre) conds.push(containsText([visits.cadres], f.cadre));
  if (f.ids) conds.push(inArray(visits.id, f.ids));
  if (f.q) {
    conds.push(containsText([visits.personsMet, visits.requests, visits.answer, visits.notes], f.q));
  }
  return conds;
}

export async function listVisits(db: DbOrTx, actor: Actor, f: VisitFilter, page = 1, pageSize = 20, limit?: number) {
  requireVisitRead(actor);
  const where = and(...conditions(actor, f));
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(visits).where(where);
  const rows = await db
    .select({ v: visits, regionName: regions.name, disputeNumber: disputes.number })
    .from(visits)
    .leftJoin(regions, eq(regions.code, visits.regionCode))
    .leftJoin(disputes, eq(disputes.id, visits.disputeId))
    .where(where)
    .orderBy(desc(visits.visitedOn), desc(visits.createdAt))
    .limit(limit ?? pageSize)
    .offset(limit ? 0 : (page - 1) * pageSize);
  return { total: n, items: rows.map((r) => ({ ...visitView(r.v), regionName: r.regionName ?? r.v.regionCode, disputeNumber: r.disputeNumber ?? null })) };
}

/**
 * Counts by month: per type, per cadre (each name of the 、-separated list counts) and per village; plus the
 * requests still open. Limited to the actor's scope.
 */
export async function visitStats(db: DbOrTx, actor: Actor, f: { year: number; region?: string }) {
  requireVisitRead(actor);
  const base = and(...conditions(actor, { region: f.region, from: `${f.year}-01-01`, to: `${f.year}-12-31` }))!;
  const byType = await db.execute<{ month: string; type: string; n: number }>(sql`
    select to_char(visited_on, 'YYYY-MM') as month, type, count(*)::int as n from visits where ${base} group by 1, 2 order by 1, 2`);
  const byCadre = await db.execute<{ month: string; cadre: string; n: number }>(sql`
    select month, cadre, count(*)::int as n from (
      select to_char(visited_on, 'YYYY-MM') as month, trim(c) as cadre
      from visits, regexp_split_to_table(visits.cadres, '[、,，;；/]+') as c
      where ${base}) x
    where cadre <> '' group by 1, 2 order by 2, 1`);
  const byVillage = await db.execute<{ month: string; village_code: string | null; name: string | null; n: number }>(sql`
    select to_char(v.visited_on, 'YYYY-MM') as month, v.village_code, r.name, count(*)::int as n
    from visits v left join regions r on r.code = v.village_code
    where ${sql.raw('true')} and v.id in (select id from visits where ${base})
    group by 1, 2, 3 order by 2, 1`);
  const requests = await db.execute<{ status: string; n: number }>(sql`select request_status as status, count(*)::int as n from visits where ${base} group by 1`);
  return {
    year: f.year,
    byType: byType.rows,
    byCadre: byCadre.rows,
    byVillage: byVillage.rows.map((r) => ({ month: r.month, villageCode: r.village_code, villageName: r.name ?? (r.village_code ? r.village_code : '镇本级'), n: r.n })),
    requests: Object.fromEntries(requests.rows.map((r) => [r.status, r.n])) as Record<string, number>,
  };
}
