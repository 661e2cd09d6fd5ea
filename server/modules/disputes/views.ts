/**
 * Reading disputes: the ledger (list, filters, export), the detail with what the user may do on it, the
 * units a dispute can go to, and the audited reveal of a party's identity number.
 */
import { todayShanghai } from '../../../core/dates.ts';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { allowedActions, checkRounds, isConfirmationWindowOpen, isOverdue, mediationDays, type DisputeState, type Level } from '../../../core/dispute-flow.ts';
import { labelOf, LEVELS, DISPUTE_STATES } from '../../../core/dictionaries.ts';
import { looksLikeIdNumber, maskPhone, normalizeIdNumber } from '../../../core/id-number.ts';
import type { Agreement as AgreementView, DisputeDetail, DisputeItem as ListItem, Duplicate as DuplicateView } from '../../../core/schemas/disputes.ts';
import type { Database, DbOrTx } from '../../db/client.ts';
import { agreements, disputeEvents, disputeParties, disputes, disputeStages, mediationSessions, prelitigationMediations, regions, units, users, visits } from '../../db/schema/index.ts';
import { containsText, escapeLike } from '../../db/text-search.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import type { Cipher } from '../../secret.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { pathVisible } from '../../scope/region.ts';
import { sqlTextArray } from '../../db/text-array.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { settingsDataCached, settingsForYear } from '../settings/service.ts';
import { resolveScope, scopeCondition, unitAbove } from '../../scope/unit.ts';
import { loadVisible, handlingRule, type DisputeRow, type HandlingRule, type ServiceOptions } from './helpers.ts';
import { offeredUnits } from './units.ts';
import { routeSuggestionOf, type RouteOverrideValue } from './grading.ts';
import type { RouteSuggestion } from '../../../core/grading.ts';

const OPEN_STATES = ['accepted', 'mediating'];

/** Matches the (…, received_on desc nulls last, created_at desc nulls last) indexes exactly. */
const NEWEST_FIRST = [sql`${disputes.receivedOn} desc nulls last`, sql`${disputes.createdAt} desc nulls last`];

export interface ListFilter {
  state?: string[];
  region?: string;
  category?: string[];
  overdue?: boolean;
  q?: string;
  page?: number;
  pageSize?: number;
  level?: string[];
  riskLevel?: string[];
  channel?: string[];
  from?: string;
  to?: string;
  /** only disputes I currently handle */
  mine?: boolean;
  flag?: ('group' | 'mayTurnCriminal' | 'threatensPetition')[];
  /** four-colour grades (issue 17.1) */
  grade?: string[];
  /** `grade`: red first, then newest first within a colour */
  sort?: 'received' | 'grade';
  /** only these disputes (the rows selected for 导出所选) */
  ids?: string[];
}

/** Condition for "region includes its subtree", on the disputes table's own columns. */
async function regionCondition(db: DbOrTx, actor: Actor, code: string): Promise<SQL> {
  const [r] = await db.select().from(regions).where(eq(regions.code, code));
  if (!r || !(pathVisible(actor, r.path) || unitAbove(actor, r))) throw notFound('地区');
  if (r.level === 'town') return sql`${disputes.townCode} = ${r.code}`;
  if (r.level === 'village' || r.level === 'community') return sql`${disputes.villageCode} = ${r.code}`;
  if (r.level === 'grid') return sql`${disputes.regionCode} = ${r.code}`;
  return sql`${disputes.townCode} in (select r.code from regions r where r.level = 'town' and r.path like ${escapeLike(r.path) + '%'})`;
}

export async function listConditions(db: DbOrTx, cipher: Cipher, actor: Actor, f: ListFilter, today: string): Promise<SQL> {
  requirePermission(actor, 'disputes.read');
  const scope = await resolveScope(db, actor);
  const conds: SQL[] = [scopeCondition(scope)];
  const list = (col: SQL | typeof disputes.state, values?: string[]) => {
    const v = (values ?? []).map((x) => x.trim()).filter(Boolean);
    if (v.length === 1) conds.push(sql`${col} = ${v[0]}`);
    else if (v.length > 1) conds.push(sql`${col} = any(${sqlTextArray(v)})`);
  };
  list(disputes.state, f.state);
  list(sql`${disputes.category}`, f.category);
  list(sql`${disputes.currentLevel}`, f.level);
  list(sql`${disputes.riskLevel}`, f.riskLevel);
  list(sql`${disputes.channel}`, f.channel);
  list(sql`${disputes.grade}`, f.grade);
  list(sql`${disputes.id}`, f.ids);
  if (f.region) conds.push(await regionCondition(db, actor, f.region));
  if (f.overdue === true) conds.push(sql`${disputes.currentDueOn} < ${today}`);
  if (f.overdue === false) conds.push(sql`(${disputes.currentDueOn} is null or ${disputes.currentDueOn} >= ${today})`);
  if (f.from) conds.push(sql`${disputes.receivedOn} >= ${f.from}`);
  if (f.to) conds.push(sql`${disputes.receivedOn} <= ${f.to}`);
  if (f.mine) conds.push(actor.userId ? sql`${disputes.currentHandlerId} = ${actor.userId}` : sql`false`);
  for (const fl of f.flag ?? []) {
    if (fl === 'group') conds.push(sql`${disputes.groupFlag}`);
    if (fl === 'mayTurnCriminal') conds.push(sql`${disputes.mayTurnCriminal}`);
    if (fl === 'threatensPetition') conds.push(sql`${disputes.threatensPetition}`);
  }
  const q = f.q?.normalize('NFKC').trim();
  if (q) {
    if (looksLikeIdNumber(q)) {
      conds.push(sql`${disputes.id} in (select p.dispute_id from dispute_parties p where p.id_number_hash = ${cipher.blindIndex(normalizeIdNumber(q))})`);
    } else {
      // the query code (查询码) a party was given at intake: exact, as they read it out on the phone
      conds.push(sql`(${containsText([disputes.number, disputes.summary], q)}
        or ${disputes.queryCode} = ${q.toUpperCase()}
        or ${disputes.id} in (select p.dispute_id from dispute_parties p where p.name like ${escapeLike(q) + '%'}))`);
    }
  }
  return and(...conds)!;
}

export type { AgreementView, DisputeDetail, ListItem, DuplicateView };

export async function listDisputes(db: DbOrTx, cipher: Cipher, actor: Actor, f: ListFilter, opts: ServiceOptions & { maxPageSize?: number } = {}) {
  requirePermission(actor, 'disputes.read');
  const today = opts.today ?? todayShanghai();
  const page = Math.max(1, Math.floor(f.page ?? 1));
  const pageSize = Math.min(opts.maxPageSize ?? 100, Math.max(1, Math.floor(f.pageSize ?? 20)));
  const where = await listConditions(db, cipher, actor, f, today);
  const [rows, count] = await Promise.all([
    listRows(db, where, pageSize, (page - 1) * pageSize, f.sort),
    db.select({ n: sql<number>`count(*)::int` }).from(disputes).where(where),
  ]);
  const items = await toListItems(db, rows, today);
  return { items, total: Number(count[0]?.n ?? 0) };
}

/** The fields a list item and the detail share. */
function baseView(d: DisputeRow, names: { regionName: string | null; unitName: string | null; handlerName: string | null }, today: string): Omit<ListItem, 'parties'> {
  return {
    id: d.id,
    number: d.number,
    regionCode: d.regionCode,
    regionName: names.regionName,
    townCode: d.townCode,
    receivedOn: d.receivedOn,
    channel: d.channel,
    category: d.category,
    summary: d.summary,
    peopleCount: d.peopleCount,
    amount: d.amount,
    riskLevel: d.riskLevel,
    mayTurnCriminal: d.mayTurnCriminal,
    threatensPetition: d.threatensPetition,
    group: d.groupFlag,
    state: d.state,
    currentLevel: d.currentLevel,
    currentUnitId: d.currentUnitId,
    currentUnitName: names.unitName,
    currentHandlerId: d.currentHandlerId,
    currentHandlerName: names.handlerName,
    dueOn: d.currentDueOn,
    overdue: isOverdue(d.currentDueOn, today, !!d.currentDueOn),
    outcome: d.outcome,
    concludedOn: d.concludedOn,
    sessionsCount: d.sessionsCount,
    linkedTo: d.linkedTo,
    grade: d.grade,
    gradeScore: d.gradeScore,
    gradeReasons: d.gradeReasons ?? [],
    version: d.version,
  };
}

/** A page of the ledger, newest first, with the names a list shows. */
// red, orange, yellow, green, ungraded
const BY_GRADE = sql`case ${disputes.grade} when 'red' then 0 when 'orange' then 1 when 'yellow' then 2 when 'green' then 3 else 4 end`;

function listRows(db: DbOrTx, where: SQL, limit: number, offset: number, sort: ListFilter['sort'] = 'received') {
  return db
    .select({ d: disputes, regionName: regions.name, unitName: units.name, handlerName: users.name })
    .from(disputes)
    .leftJoin(regions, eq(regions.code, disputes.regionCode))
    .leftJoin(units, eq(units.id, disputes.currentUnitId))
    .leftJoin(users, eq(users.id, disputes.currentHandlerId))
    .where(where)
    .orderBy(...(sort === 'grade' ? [BY_GRADE, ...NEWEST_FIRST] : NEWEST_FIRST))
    .limit(limit)
    .offset(offset);
}

async function toListItems(
  db: DbOrTx,
  rows: { d: DisputeRow; regionName: string | null; unitName: string | null; handlerName: string | null }[],
  today: string,
): Promise<ListItem[]> {
  const ids = rows.map((r) => r.d.id);
  const parties = ids.length
    ? await db
        .select({ disputeId: disputeParties.disputeId, role: disputeParties.role, kind: disputeParties.kind, name: disputeParties.name, phone: disputeParties.phone })
        .from(disputeParties)
        .where(inArray(disputeParties.disputeId, ids))
        .orderBy(asc(disputeParties.disputeId), asc(disputeParties.seq))
    : [];
  const byDispute = new Map<string, ListItem['parties']>();
  for (const p of parties) {
    const l = byDispute.get(p.disputeId) ?? [];
    l.push({ role: p.role, kind: p.kind, name: p.name, phone: maskPhone(p.phone) });
    byDispute.set(p.disputeId, l);
  }
  return rows.map(({ d, regionName, unitName, handlerName }) => ({ ...baseView(d, { regionName, unitName, handlerName }, today), parties: byDispute.get(d.id) ?? [] }));
}

/** Rows for the xlsx export of a filtered list (same filters and scope; bounded). */
export async function exportDisputes(db: DbOrTx, cipher: Cipher, actor: Actor, f: ListFilter, opts: ServiceOptions & { limit?: number } = {}) {
  requirePermission(actor, 'disputes.read');
  const today = opts.today ?? todayShanghai();
  const where = await listConditions(db, cipher, actor, f, today);
  return toListItems(db, await listRows(db, where, opts.limit ?? 50_000, 0, f.sort), today);
}

export function agreementView(a: typeof agreements.$inferSelect, today: string): AgreementView {
  return {
    id: a.id,
    form: a.form,
    partiesText: a.partiesText,
    facts: a.facts,
    issues: a.issues,
    content: a.content,
    performanceWay: a.performanceWay,
    performanceDeadline: a.performanceDeadline,
    signedOn: a.signedOn,
    effectiveOn: a.effectiveOn,
    mediators: a.mediators,
    recorder: a.recorder,
    performanceStatus: a.performanceStatus,
    performanceCheckedOn: a.performanceCheckedOn,
    confirmationDeadline: a.confirmationDeadline,
    confirmationAppliedOn: a.confirmationAppliedOn,
    confirmationDecision: a.confirmationDecision,
    confirmationDecidedOn: a.confirmationDecidedOn,
    confirmationWindowOpen: !a.confirmationAppliedOn && isConfirmationWindowOpen(a.effectiveOn, today),
    version: a.version,
  };
}

/** Sessions per level of a dispute, for the rounds rule. */
function sessionsPerLevel(stages: { level: string; sessionsCount: number }[]): Partial<Record<Level, number>> {
  const out: Partial<Record<Level, number>> = {};
  for (const s of stages) out[s.level as Level] = (out[s.level as Level] ?? 0) + s.sessionsCount;
  return out;
}

export async function getDispute(db: DbOrTx, actor: Actor, id: string, opts: ServiceOptions = {}): Promise<DisputeDetail> {
  requirePermission(actor, 'disputes.read');
  const today = opts.today ?? todayShanghai();
  const scope = await resolveScope(db, actor);
  const d = await loadVisible(db, actor, id, scope);
  return detailOf(db, actor, d, today);
}

export async function detailOf(db: DbOrTx, actor: Actor, d: DisputeRow, today: string): Promise<DisputeDetail> {
  const [regionRow] = await db.select({ name: regions.name }).from(regions).where(eq(regions.code, d.regionCode));
  const parties = await db.select().from(disputeParties).where(eq(disputeParties.disputeId, d.id)).orderBy(asc(disputeParties.seq));
  const stages = await db
    .select({ s: disputeStages, unitName: units.name, handlerName: users.name })
    .from(disputeStages)
    .leftJoin(units, eq(units.id, disputeStages.unitId))
    .leftJoin(users, eq(users.id, disputeStages.handlerId))
    .where(eq(disputeStages.disputeId, d.id))
    .orderBy(asc(disputeStages.seq));
  const events = await db.select().from(disputeEvents).where(eq(disputeEvents.disputeId, d.id)).orderBy(asc(disputeEvents.at));
  const sessions = await db.select().from(mediationSessions).where(eq(mediationSessions.disputeId, d.id)).orderBy(asc(mediationSessions.heldOn), asc(mediationSessions.createdAt));
  const [agreement] = await db.select().from(agreements).where(eq(agreements.disputeId, d.id));
  const visitRows = await db.select().from(visits).where(eq(visits.disputeId, d.id)).orderBy(asc(visits.visitedOn));
  const [handler] = d.currentHandlerId ? await db.select({ name: users.name }).from(users).where(eq(users.id, d.currentHandlerId)) : [];
  const [unit] = d.currentUnitId ? await db.select({ name: units.name }).from(units).where(eq(units.id, d.currentUnitId)) : [];
  const [linked] = d.linkedTo ? await db.select({ number: disputes.number }).from(disputes).where(eq(disputes.id, d.linkedTo)) : [];
  // the court's record of a pre-litigation stage's case, once its file is imported
  const caseNos = stages.map((st) => st.s.courtCaseNo).filter((x): x is string => !!x);
  const courtCases = caseNos.length
    ? await db
        .select({ caseNo: prelitigationMediations.caseNo, receivedOn: prelitigationMediations.receivedOn, concludedOn: prelitigationMediations.concludedOn, result: prelitigationMediations.result })
        .from(prelitigationMediations)
        .where(inArray(prelitigationMediations.caseNo, caseNos))
    : [];
  // the rounds rule only matters once there are stages (no sessions, no flags)
  const roundsRule = stages.length ? (await settingsForYear(db, Number((d.firstAcceptedOn ?? d.receivedOn).slice(0, 4)))).data.roundsRule : undefined;
  return buildDetail(actor, d, today, await handlingRule(db, actor, d), {
    regionName: regionRow?.name ?? null,
    unitName: unit?.name ?? null,
    handlerName: handler?.name ?? null,
    linkedNumber: linked?.number ?? null,
    parties,
    stages,
    events,
    sessions,
    agreement: agreement ?? null,
    visits: visitRows,
    roundsRule,
    courtCases,
    routeSuggestion: await routeSuggestionOf(db, d),
    gradeThresholds: (await settingsDataCached(db, Number(today.slice(0, 4)))).grading.thresholds,
  });
}

/** What a dispute's detail is made of besides its own row (loaded by detailOf, or known right after intake). */
export interface DetailParts {
  regionName: string | null;
  unitName: string | null;
  handlerName: string | null;
  linkedNumber: string | null;
  parties: Pick<typeof disputeParties.$inferSelect, 'id' | 'role' | 'kind' | 'name' | 'idNumberMasked' | 'phone' | 'address' | 'ethnicity'>[];
  stages: { s: typeof disputeStages.$inferSelect; unitName: string | null; handlerName: string | null }[];
  events: typeof disputeEvents.$inferSelect[];
  sessions: typeof mediationSessions.$inferSelect[];
  agreement: typeof agreements.$inferSelect | null;
  visits: typeof visits.$inferSelect[];
  roundsRule: Parameters<typeof checkRounds>[1];
  /** the court's pre-litigation records of the stages' case numbers */
  courtCases?: { caseNo: string; receivedOn: string; concludedOn: string | null; result: string }[];
  /** where the grade says the dispute should go (grading.ts), when above what its handling handles */
  routeSuggestion?: RouteSuggestion | null;
  gradeThresholds?: { yellow: number; orange: number; red: number } | null;
}

export function buildDetail(actor: Actor, d: DisputeRow, today: string, rule: HandlingRule | null, x: DetailParts): DisputeDetail {
  const { parties, stages, events, sessions, agreement } = x;
  return {
    ...baseView(d, { regionName: x.regionName, unitName: x.unitName, handlerName: x.handlerName }, today),
    queryCode: d.queryCode,
    villageCode: d.villageCode,
    outcomeLevel: d.outcomeLevel,
    closedOn: d.closedOn,
    firstAcceptedOn: d.firstAcceptedOn,
    toldRightToSue: d.toldRightToSue,
    toldRightToSueOn: d.toldRightToSueOn,
    imported: d.imported,
    linkedNumber: x.linkedNumber,
    riskId: d.riskId,
    createdByName: d.createdByName,
    createdAt: d.createdAt.toISOString(),
    parties: parties.map((p) => ({ id: p.id, role: p.role, kind: p.kind, name: p.name, idNumber: p.idNumberMasked, phone: p.phone, address: p.address, ethnicity: p.ethnicity })),
    stages: stages.map(({ s, unitName, handlerName }) => ({
      id: s.id,
      seq: s.seq,
      level: s.level,
      unitId: s.unitId,
      unitName,
      handlerId: s.handlerId,
      handlerName,
      linkage: s.linkage,
      acceptedOn: s.acceptedOn,
      dueOn: s.dueOn,
      extendedDueOn: s.extendedDueOn,
      extensionReason: s.extensionReason,
      sessionsCount: s.sessionsCount,
      closedOn: s.closedOn,
      outcome: s.outcome,
      failureReason: s.failureReason,
      overdue: (s.closedOn ?? today) > (s.extendedDueOn ?? s.dueOn),
      courtCaseNo: s.courtCaseNo,
      courtCase: (s.courtCaseNo && x.courtCases?.find((c) => c.caseNo === s.courtCaseNo)) || null,
    })),
    events: events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      occurredOn: e.occurredOn,
      action: e.action,
      actorName: e.actorName,
      fromState: e.fromState,
      toState: e.toState,
      reason: e.reason,
      notes: e.notes,
      payload: e.payload ?? null,
    })),
    sessions: sessions.map((s) => ({ id: s.id, heldOn: s.heldOn, level: s.level, place: s.place, method: s.method, mediators: s.mediators, mediatorIds: s.mediatorIds ?? [], attendees: s.attendees, recorder: s.recorder, notes: s.notes })),
    agreement: agreement ? agreementView(agreement, today) : null,
    visits: x.visits.map((v) => ({
      id: v.id,
      visitedOn: v.visitedOn,
      cadres: v.cadres,
      satisfaction: v.satisfaction,
      performanceChecked: v.performanceChecked,
      newIssues: v.newIssues,
      notes: v.notes,
      personsMet: v.personsMet,
    })),
    mediationDays: d.firstAcceptedOn ? mediationDays(d.firstAcceptedOn, d.concludedOn ?? today) : null,
    roundsFlags: checkRounds(sessionsPerLevel(stages.map((st) => st.s)), x.roundsRule),
    allowedActions: rule ? allowedActions(d.state as DisputeState, { permitted: (a) => !rule.actions || rule.actions.includes(a) }) : [],
    acceptLevels: rule?.acceptAt ? [...rule.acceptAt] : null,
    transferLevels: rule?.transferTo ? [...rule.transferTo] : null,
    canRevealIdentity: actor.canRevealIdentity,
    routeSuggestion: x.routeSuggestion ?? null,
    routeOverride: (d.routeOverride as RouteOverrideValue | null) ?? null,
    gradeThresholds: x.gradeThresholds ?? null,
  };
}

/** The full identity number of one party: needs the permission, always audited (SPEC §10). */
export async function revealIdentity(database: Database, cipher: Cipher, ctx: CommandContext, id: string, partyId: string) {
  requirePermission(ctx.actor, 'disputes.read');
  return database.db.transaction(async (tx) => {
    const d = await loadVisible(tx, ctx.actor, id);
    if (!ctx.actor.canRevealIdentity) throw forbidden('无权查看完整身份证号');
    const [p] = await tx.select().from(disputeParties).where(and(eq(disputeParties.id, partyId), eq(disputeParties.disputeId, d.id)));
    if (!p) throw notFound('当事人');
    if (!p.idNumberEnc) throw invalid('该当事人未登记身份证号');
    const idNumber = cipher.decrypt(p.idNumberEnc);
    await writeAudit(tx, ctx, {
      action: 'identity.reveal',
      entity: 'dispute_party',
      entityId: p.id,
      before: null,
      after: { disputeId: d.id, number: d.number, party: p.name, idNumber: p.idNumberMasked },
      townCode: d.townCode,
    });
    return { partyId: p.id, name: p.name, idNumber };
  });
}

export const labels = {
  state: (s: string) => labelOf(DISPUTE_STATES, s),
  level: (s: string | null) => labelOf(LEVELS, s),
};

export { OPEN_STATES };

// ---------------------------------------------------------------------------------------------------
// Units a dispute can be accepted at or transferred to (its village's committee, its town's units, and
// the units of the county and above that serve the town — courts, procuratorates, county departments)
// ---------------------------------------------------------------------------------------------------

export async function unitsForDispute(db: DbOrTx, actor: Actor, id: string) {
  requirePermission(actor, 'disputes.read');
  return offeredUnits(db, await loadVisible(db, actor, id));
}

export { offeredUnits };
