/**
 * Four-colour grading of disputes (issue 17.1): the facts the rules of core/grading.ts need, read from stored
 * records (key persons among the parties by identity-number blind index, the same parties' disputes within 12
 * months, failed and overdue stages, the "331" rounds), the regrade every change runs in its transaction, the
 * routing suggestion and its audited override, and the town office told of an orange or red dispute.
 */
import crypto from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { addDays, todayShanghai } from '../../../core/dates.ts';
import { checkRounds, type Level } from '../../../core/dispute-flow.ts';
import { gradeDispute, gradeLabel, gradeRank, reasonsText, suggestRoute, type Grade, type GradeResult, type RouteSuggestion } from '../../../core/grading.ts';
import type { z } from 'zod';
import type { RouteOverride } from '../../../core/schemas/disputes.ts';
import type { Database, DbOrTx } from '../../db/client.ts';
import { disputeEvents, disputeParties, disputes, disputeStages, units } from '../../db/schema/index.ts';
import { forbidden, invalid, conflict } from '../../errors.ts';
import { requirePermission } from '../auth/actor.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { settingsDataCached } from '../settings/service.ts';
import { notify } from '../notifications/notify.ts';
import { regionPeople } from '../notifications/recipients.ts';
import { disputeDictionaries } from './dictionaries.ts';
import { actorName, handlingRule, loadVisible, snapshot, type DisputeRow, type ServiceOptions } from './helpers.ts';
import { offeredUnits } from './units.ts';

/** A party as the matching needs it: the identity number's blind index, or the phone with the name. */
export interface GradeParty {
  hash: string | null;
  phone: string | null;
  name: string;
}

/**
 * Key persons under watch among the parties, and the most disputes one party had within the 12 months before
 * this one (this one counted: 1 = the first). One statement; a dispute linked as the same dispute is not counted.
 */
export async function partyFacts(
  db: DbOrTx,
  parties: readonly GradeParty[],
  d: { id: string; receivedOn: string; createdAt: Date | null; linkedTo: string | null },
): Promise<{ keyPersons: number; repeatCount: number }> {
  const ps = parties.filter((p) => p.hash || p.phone);
  if (!ps.length) return { keyPersons: 0, repeatCount: 1 };
  const from = addDays(d.receivedOn, -365);
  const r = await db.execute<{ key_persons: number; repeats: number }>(sql`
    with p as (select * from json_to_recordset(${JSON.stringify(ps)}::json) as x(hash text, phone text, name text))
    select
      (select count(distinct k.id_number_hash)::int from key_persons k
        where k.status = 'under_watch' and k.id_number_hash in (select hash from p where hash is not null)) as key_persons,
      (select coalesce(max(n), 0)::int from p, lateral (
         select count(*)::int as n from disputes o
          where o.id in (select x.dispute_id from dispute_parties x where x.id_number_hash = p.hash
                         union select x.dispute_id from dispute_parties x where p.phone is not null and x.phone = p.phone and x.name = p.name)
            and o.id <> ${d.id} and o.received_on >= ${from}::date
            and (o.received_on < ${d.receivedOn}::date or (o.received_on = ${d.receivedOn}::date and o.created_at < ${d.createdAt ?? new Date()}::timestamptz))
            and o.linked_to is distinct from ${d.id} and o.id <> ${d.linkedTo ?? ''}) c) as repeats`);
  const row = r.rows[0];
  return { keyPersons: Number(row?.key_persons ?? 0), repeatCount: 1 + Number(row?.repeats ?? 0) };
}

/** The grade of what an intake is about to write (no stages yet). */
export async function gradeIntake(
  db: DbOrTx,
  fields: Pick<DisputeRow, 'id' | 'category' | 'peopleCount' | 'amount' | 'riskLevel' | 'mayTurnCriminal' | 'threatensPetition' | 'receivedOn' | 'linkedTo'>,
  parties: readonly GradeParty[],
  today: string,
): Promise<GradeResult> {
  const [rules, dict, facts] = await Promise.all([
    settingsDataCached(db, Number(today.slice(0, 4))),
    disputeDictionaries(db),
    partyFacts(db, parties, { ...fields, createdAt: null }),
  ]);
  return gradeDispute(
    {
      ...fields,
      categoryLabel: dict.categories.find((c) => c.key === fields.category)?.label,
      ...facts,
      failedStages: 0,
      roundsExceeded: 0,
      overdueStages: 0,
    },
    rules.grading,
  );
}

/** The grade of a stored dispute from its records as they are now. */
export async function gradeOf(db: DbOrTx, d: DisputeRow, today: string): Promise<GradeResult> {
  const parties = await db
    .select({ hash: disputeParties.idNumberHash, phone: disputeParties.phone, name: disputeParties.name })
    .from(disputeParties)
    .where(eq(disputeParties.disputeId, d.id));
  const stages = await db.select().from(disputeStages).where(eq(disputeStages.disputeId, d.id)).orderBy(asc(disputeStages.seq));
  const settings = await settingsDataCached(db, Number(today.slice(0, 4)));
  const [dict, facts] = await Promise.all([disputeDictionaries(db), partyFacts(db, parties, d)]);
  const perLevel: Partial<Record<Level, number>> = {};
  for (const s of stages) perLevel[s.level as Level] = (perLevel[s.level as Level] ?? 0) + s.sessionsCount;
  return gradeDispute(
    {
      ...d,
      categoryLabel: dict.categories.find((c) => c.key === d.category)?.label,
      ...facts,
      failedStages: stages.filter((s) => s.outcome === 'failed').length,
      roundsExceeded: checkRounds(perLevel, settings.roundsRule).length,
      overdueStages: stages.filter((s) => (s.closedOn ?? today) > (s.extendedDueOn ?? s.dueOn)).length,
    },
    settings.grading,
  );
}

/**
 * Recomputes and stores a dispute's grade, in the caller's transaction (every change of a dispute runs it). A
 * dispute that rises to orange or red is told to its town office (`dispute.graded`, once per colour).
 */
export async function regradeTx(tx: DbOrTx, d: DisputeRow, today: string, actorId: string | null): Promise<DisputeRow> {
  const g = await gradeOf(tx, d, today);
  const same = d.grade === g.grade && d.gradeScore === g.score && (d.gradeReasons ?? []).join('；') === g.reasons.join('；');
  const after = same ? d : { ...d, grade: g.grade, gradeScore: g.score, gradeReasons: g.reasons };
  if (!same) await tx.update(disputes).set({ grade: g.grade, gradeScore: g.score, gradeReasons: g.reasons }).where(eq(disputes.id, d.id));
  await announceGrade(tx, after, d.grade as Grade | null, actorId);
  return after;
}

/** Tells the town office of a dispute that rose to orange or red (in the caller's transaction). */
export async function announceGrade(tx: DbOrTx, d: Pick<DisputeRow, 'id' | 'number' | 'townCode' | 'regionCode' | 'grade' | 'gradeReasons'>, before: Grade | null, actorId: string | null) {
  const grade = d.grade as Grade | null;
  if (gradeRank(grade) < gradeRank('orange') || gradeRank(grade) <= gradeRank(before)) return;
  const office = await regionPeople(tx, [d.townCode], ['town_office']);
  await notify(tx, {
    event: 'dispute.graded',
    key: `${d.id}:${grade}`,
    title: `纠纷 ${d.number} 评为${gradeLabel(grade)}`,
    text: `纠纷 ${d.number} 评为${gradeLabel(grade)}：${reasonsText(d.gradeReasons ?? [])}。请关注并按分级流转。`,
    ref: { kind: 'dispute', id: d.id, number: d.number },
    townCode: d.townCode,
    regionCode: d.regionCode,
    userIds: office,
    actorId,
  });
}

export interface RouteOverrideValue {
  grade: string;
  level: string | null;
  reason: string;
  byName: string;
  at: string;
}

/**
 * The routing suggestion of a dispute still open (null when its handling handles its grade, when it is concluded,
 * or when the handler overrode the suggestion for this grade at this level).
 */
export async function routeSuggestionOf(db: DbOrTx, d: DisputeRow): Promise<RouteSuggestion | null> {
  const grade = d.grade as Grade | null;
  if (!grade || grade === 'green' || !['registered', 'accepted', 'mediating', 'failed'].includes(d.state)) return null;
  const o = d.routeOverride as RouteOverrideValue | null;
  if (o && o.grade === grade && o.level === d.currentLevel) return null;
  const offered = await offeredUnits(db, d);
  const [unit] = d.currentUnitId ? await db.select({ townCode: units.townCode }).from(units).where(eq(units.id, d.currentUnitId)) : [];
  return suggestRoute(grade, { level: d.currentLevel, unitAboveTown: !!unit && unit.townCode !== d.townCode }, offered);
}

/** The handler keeps the dispute where it is against the suggestion, with a reason (timeline and audit). */
export async function overrideRoute(database: Database, ctx: CommandContext, id: string, input: z.output<typeof RouteOverride>, opts: ServiceOptions = {}) {
  requirePermission(ctx.actor, 'disputes.handle');
  return database.db.transaction(async (tx) => {
    const d0 = await loadVisible(tx, ctx.actor, id);
    const [d] = await tx.select().from(disputes).where(eq(disputes.id, d0.id)).for('update');
    if (!(await handlingRule(tx, ctx.actor, d))) throw forbidden('该纠纷当前不在您的承办范围内，只能查看');
    if (d.version !== input.version) throw conflict();
    const suggestion = await routeSuggestionOf(tx, d);
    if (!suggestion) throw invalid('该纠纷当前没有分级流转建议，无需说明');
    const value: RouteOverrideValue = { grade: d.grade!, level: d.currentLevel, reason: input.reason, byName: actorName(ctx.actor), at: new Date().toISOString() };
    const [after] = await tx.update(disputes).set({ routeOverride: value, version: d.version + 1, updatedAt: new Date() }).where(eq(disputes.id, d.id)).returning();
    await tx.insert(disputeEvents).values({
      id: crypto.randomUUID(),
      disputeId: d.id,
      townCode: d.townCode,
      occurredOn: opts.today ?? todayShanghai(),
      action: 'route_override',
      actorId: ctx.actor.userId,
      actorName: actorName(ctx.actor),
      reason: input.reason,
      notes: `未按建议流转（${suggestion.text}）`,
      payload: { grade: d.grade, suggestedLevel: suggestion.level, suggestedUnitId: suggestion.unitId },
    });
    await writeAudit(tx, ctx, { action: 'dispute.route_override', entity: 'dispute', entityId: d.id, before: snapshot(d), after: snapshot(after), townCode: d.townCode });
    return after;
  });
}
