/**
 * One handler per dispute action: what the action writes besides the common part of `applyAction`
 * (actions.ts). The transition table is core/dispute-flow.ts; this is its I/O side, so adding an action is
 * an entry in each (a missing handler is a type error).
 */
import { isValidDate } from '../../../core/dates.ts';
import crypto from 'node:crypto';
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { confirmationDeadline, dueDate, isStageLevel, type Action, type DisputeState, type Level, type StageLevel } from '../../../core/dispute-flow.ts';
import type { DbOrTx } from '../../db/client.ts';
import { agreements, disputeParties, disputes, disputeStages, mediationSessions, users, visits } from '../../db/schema/index.ts';
import { prelitigationCaseKey } from '../../../core/case-number.ts';
import type { DisputeActionInput } from '../../../core/schemas/disputes.ts';
import { invalid } from '../../errors.ts';
import type { Actor } from '../auth/actor.ts';
import { settingsForYear } from '../settings/service.ts';
import { actorName, blank, text, userName, partyCount, actorUnits, checkUnit, checkUser, defaultUnit, defaultAcceptLevel, type DisputeRow, type StageRow } from './helpers.ts';
import { offeredUnits } from './views.ts';

/** What a handler works on; it fills `set` and `payload` and writes its own rows (stage, session, agreement, visit). */
export interface ActionContext {
  tx: DbOrTx;
  actor: Actor;
  /** the dispute, locked for update */
  d: DisputeRow;
  input: DisputeActionInput;
  /** the state before the action */
  state: DisputeState;
  /** the current stage (open or closed), if any */
  stage: StageRow | undefined;
  /** the current stage's due date, extension included */
  currentDue: string | null;
  /** the action's date */
  on: string;
  /** the dispute's columns to update (state, version and time already set) */
  set: Partial<DisputeRow>;
  /** the timeline entry's payload */
  payload: Record<string, unknown>;
  /** the stage the timeline entry belongs to: the current one unless the handler opens another */
  eventStageId: string | null;
  /** ends the open stage on the action's date (nothing when no stage is open) */
  closeStage: (outcome: string, extra?: Partial<StageRow>) => Promise<void>;
}

export type ActionHandler = (c: ActionContext) => Promise<void>;

/** A unit given to accept or transfer must be one GET /api/disputes/:id/units offers (not another town's). */
async function checkOfferedUnit(tx: DbOrTx, d: DisputeRow, unitId: string): Promise<void> {
  await checkUnit(tx, unitId);
  if (!(await offeredUnits(tx, d)).some((u) => u.id === unitId)) {
    throw invalid('承办单位不在本纠纷可选的单位之中', [{ field: 'unitId', message: '请从本纠纷可选的承办单位中选择' }]);
  }
}

/**
 * A handler given must be offered with that unit (with any offered unit when none); the actor may name themself,
 * as the default does. A grid worker is offered with the village committee for the grid-level stages of their grid only.
 */
async function checkOfferedHandler(tx: DbOrTx, actor: Actor, d: DisputeRow, unitId: string | null, handlerId: string, level: StageLevel): Promise<void> {
  await checkUser(tx, handlerId);
  if (handlerId === actor.userId) return;
  const offered = (await offeredUnits(tx, d)).filter((u) => !unitId || u.id === unitId);
  const h = offered.flatMap((u) => u.handlers).find((x) => x.id === handlerId);
  if (!h || (h.gridOnly && level !== 'grid')) {
    throw invalid('承办人不在所选承办单位可选的人员之中', [{ field: 'handlerId', message: '请从所选承办单位的人员中选择承办人' }]);
  }
}

/** The court's 诉前调 number in its stored form; refused when another dispute already carries it (one case, one dispute). */
export async function courtCaseKey(tx: DbOrTx, d: DisputeRow, raw: string): Promise<string> {
  const k = prelitigationCaseKey(raw);
  if (!k.ok) throw invalid(k.reason, [{ field: 'courtCaseNo', message: k.reason }]);
  const [other] = await tx
    .select({ number: disputes.number })
    .from(disputeStages)
    .innerJoin(disputes, eq(disputes.id, disputeStages.disputeId))
    .where(and(eq(disputeStages.courtCaseNo, k.key), ne(disputeStages.disputeId, d.id)))
    .limit(1);
  if (other) throw invalid(`诉前调解案号 ${k.key} 已关联纠纷 ${other.number}`, [{ field: 'courtCaseNo', message: '该案号已关联其他纠纷' }]);
  return k.key;
}

/** Who mediated a session: the users named (offered with the stage's unit, the stage's handler or the actor), default the stage's handler. */
async function sessionMediators(tx: DbOrTx, actor: Actor, d: DisputeRow, stage: StageRow, ids: readonly string[] | null | undefined, others: unknown): Promise<{ id: string; name: string }[]> {
  const wanted = [...new Set((ids ?? []).map((x) => x.trim()).filter(Boolean))];
  // nobody chosen: the names typed (people without an account), else the stage's handler
  if (!wanted.length && text(others)) return [];
  if (!wanted.length) wanted.push(stage.handlerId ?? actor.userId ?? '');
  if (!wanted[0]) return [];
  const offered = new Set((await offeredUnits(tx, d)).filter((u) => u.id === stage.unitId).flatMap((u) => u.handlers.filter((h) => !h.gridOnly || stage.level === 'grid').map((h) => h.id)));
  if (stage.handlerId) offered.add(stage.handlerId);
  if (actor.userId) offered.add(actor.userId);
  const bad = wanted.filter((id) => !offered.has(id));
  if (bad.length) throw invalid('调解员须从本阶段承办单位的人员中选择', [{ field: 'mediatorIds', message: '请从本阶段承办单位的人员中选择调解员' }]);
  const rows = await tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted));
  return wanted.map((id) => rows.find((r) => r.id === id)).filter((r): r is { id: string; name: string } => !!r);
}

/** accept, and transfer to a handling level: ends the open stage and opens one (level, unit and handler as given or by default). */
async function openStage(c: ActionContext, level: Level | undefined, transfer: boolean): Promise<void> {
  const { tx, actor, d, input, stage, on, set, payload } = c;
  const mine = await actorUnits(tx, actor);
  const stageLevel: StageLevel = level && isStageLevel(level) ? level : await defaultAcceptLevel(tx, actor, d, mine);
  let unitId = text(input.unitId);
  if (unitId) await checkOfferedUnit(tx, d, unitId);
  else unitId = await defaultUnit(tx, d, stageLevel, mine);
  let handlerId = text(input.handlerId);
  if (handlerId) await checkOfferedHandler(tx, actor, d, unitId, handlerId, stageLevel);
  else handlerId = actor.userId;
  const courtCaseNo = text(input.courtCaseNo) ? await courtCaseKey(tx, d, String(input.courtCaseNo)) : null;
  if (transfer && stage && stage.level === stageLevel && stage.unitId === unitId && !stage.closedOn) {
    throw invalid('不能流转到当前承办单位', [{ field: 'unitId', message: '请选择其他单位' }]);
  }
  await c.closeStage('transferred');
  const settings = await settingsForYear(tx, Number(on.slice(0, 4)));
  const due = dueDate(on, stageLevel, settings.data.timeLimits);
  const [{ seq }] = await tx
    .select({ seq: sql<number>`coalesce(max(${disputeStages.seq}), 0)::int + 1` })
    .from(disputeStages)
    .where(eq(disputeStages.disputeId, d.id));
  const stageId = crypto.randomUUID();
  await tx.insert(disputeStages).values({
    id: stageId,
    disputeId: d.id,
    townCode: d.townCode,
    seq,
    level: stageLevel,
    unitId,
    handlerId,
    linkage: text(input.linkage),
    acceptedOn: on,
    dueOn: due,
    notes: text(input.notes),
    courtCaseNo,
  });
  Object.assign(set, {
    currentLevel: stageLevel,
    currentUnitId: unitId,
    currentHandlerId: handlerId,
    currentStageId: stageId,
    currentDueOn: due,
    firstAcceptedOn: d.firstAcceptedOn ?? on,
  });
  c.eventStageId = stageId;
  Object.assign(payload, { level: stageLevel, unitId, handlerId, linkage: text(input.linkage), dueOn: due, fromStageId: stage?.id ?? null, ...(courtCaseNo ? { courtCaseNo } : {}) });
}

const levelOf = (input: DisputeActionInput) => (input.level as Level | undefined) ?? undefined;

/** The recorder of the stage's latest session (the 协议书's 记录人 when none is named). */
async function lastRecorder(tx: DbOrTx, disputeId: string, stageId: string | null): Promise<string | null> {
  const [s] = await tx
    .select({ recorder: mediationSessions.recorder })
    .from(mediationSessions)
    .where(and(eq(mediationSessions.disputeId, disputeId), stageId ? eq(mediationSessions.stageId, stageId) : sql`true`))
    .orderBy(sql`${mediationSessions.heldOn} desc, ${mediationSessions.createdAt} desc`)
    .limit(1);
  return s?.recorder ?? null;
}

export const ACTION_HANDLERS: Record<Action, ActionHandler> = {
  accept: (c) => openStage(c, levelOf(c.input), false),

  transfer: async (c) => {
    const { tx, d, input, on, set, payload } = c;
    const level = levelOf(input);
    if (level !== 'litigation') return openStage(c, level, true);
    // 引导诉讼: closes the dispute (that the parties were told of their right to sue is required and recorded by applyAction)
    await c.closeStage('transferred');
    Object.assign(set, {
      outcome: 'litigation',
      outcomeLevel: 'litigation',
      concludedOn: on,
      closedOn: on,
      currentDueOn: null,
    });
    if (!blank(input.unitId)) {
      await checkOfferedUnit(tx, d, String(input.unitId));
      payload.unitId = input.unitId;
    }
    payload.level = 'litigation';
  },

  start_mediation: async () => {},

  add_session: async ({ tx, actor, d, input, stage, on, set, payload }) => {
    if (!stage) throw invalid('当前没有办理阶段');
    const mediators = await sessionMediators(tx, actor, d, stage, input.mediatorIds, input.mediators);
    // the names: the users chosen, then anyone typed besides (people without an account)
    const names = [...mediators.map((m) => m.name), ...(text(input.mediators) ? [text(input.mediators)!] : [])].join('、') || actorName(actor);
    const sessionId = crypto.randomUUID();
    await tx.insert(mediationSessions).values({
      id: sessionId,
      disputeId: d.id,
      stageId: stage.id,
      townCode: d.townCode,
      level: stage.level,
      heldOn: on,
      place: text(input.place),
      method: String(input.method),
      mediators: names,
      mediatorIds: mediators.map((m) => m.id),
      attendees: text(input.attendees),
      // who wrote the 调解笔录: the one entering it unless another is named
      recorder: text(input.recorder) ?? actorName(actor),
      notes: text(input.notes),
      createdBy: actor.userId,
    });
    await tx.update(disputeStages).set({ sessionsCount: sql`${disputeStages.sessionsCount} + 1` }).where(eq(disputeStages.id, stage.id));
    set.sessionsCount = d.sessionsCount + 1;
    Object.assign(payload, { sessionId, method: input.method, place: text(input.place), mediators: names });
  },

  resolve: async (c) => {
    const { tx, actor, d, input, stage, on, set, payload } = c;
    const a = input.agreement!;
    const effectiveOn = text(a.effectiveOn) ?? on;
    if (!isValidDate(effectiveOn) || effectiveOn < on) throw invalid('协议生效日期不能早于协议日期', [{ field: 'agreement.effectiveOn', message: '生效日期无效' }]);
    const perf = text(a.performanceDeadline as string);
    if (perf && perf < on) throw invalid('履行期限不能早于协议日期', [{ field: 'agreement.performanceDeadline', message: '履行期限不能早于协议日期' }]);
    await c.closeStage('resolved');
    const agreementId = crypto.randomUUID();
    await tx.insert(agreements).values({
      id: agreementId,
      disputeId: d.id,
      townCode: d.townCode,
      stageId: stage?.id ?? null,
      form: String(a.form),
      partiesText: text(a.partiesText),
      facts: text(a.facts) ?? d.summary,
      issues: text(a.issues),
      content: text(a.content as string),
      performanceWay: text(a.performanceWay),
      performanceDeadline: perf,
      signedOn: on,
      effectiveOn,
      mediators: text(a.mediators) ?? (stage?.handlerId ? await userName(tx, stage.handlerId) : actorName(actor)),
      recorder: text(a.recorder) ?? (await lastRecorder(tx, d.id, stage?.id ?? null)) ?? actorName(actor),
      copies: a.copies && a.copies > 0 && a.copies < 20 ? a.copies : Math.max(3, (await partyCount(tx, d.id)) + 1),
      confirmationDeadline: confirmationDeadline(effectiveOn),
    });
    Object.assign(set, { outcome: 'resolved', outcomeLevel: stage?.level ?? null, concludedOn: on, currentDueOn: null });
    Object.assign(payload, { agreementId, form: a.form });
  },

  fail: async (c) => {
    await c.closeStage('failed', { failureReason: String(c.input.reason) });
    c.set.currentDueOn = null;
    Object.assign(c.payload, { reason: c.input.reason });
  },

  extend: async ({ tx, input, stage, currentDue, set, payload }) => {
    if (!stage) throw invalid('当前没有办理阶段');
    await tx
      .update(disputeStages)
      .set({ extendedDueOn: String(input.date), extensionReason: String(input.reason).trim(), extensions: sql`${disputeStages.extensions} + 1` })
      .where(eq(disputeStages.id, stage.id));
    set.currentDueOn = String(input.date);
    Object.assign(payload, { from: currentDue, to: input.date });
  },

  withdraw: async (c) => {
    await c.closeStage('withdrawn');
    Object.assign(c.set, { outcome: 'withdrawn', outcomeLevel: c.stage?.level ?? null, concludedOn: c.on, currentDueOn: null });
  },

  return_visit: async ({ tx, actor, d, input, on, payload }) => {
    const visitId = crypto.randomUUID();
    const partiesList = await tx.select({ name: disputeParties.name }).from(disputeParties).where(eq(disputeParties.disputeId, d.id)).orderBy(asc(disputeParties.seq));
    await tx.insert(visits).values({
      id: visitId,
      type: 'return_visit',
      visitedOn: on,
      cadres: text(input.cadres) ?? actorName(actor),
      cadreUserIds: actor.userId ? [actor.userId] : [],
      regionCode: d.regionCode,
      villageCode: d.villageCode,
      townCode: d.townCode,
      disputeId: d.id,
      personsMet: text(input.personsMet) ?? partiesList.map((p) => p.name).join('、'),
      personsCount: Math.max(1, partiesList.length),
      satisfaction: Number(input.satisfaction),
      performanceChecked: !!input.performanceChecked || !blank(input.performanceStatus),
      newIssues: text(input.newIssues),
      followUpNeeded: !blank(input.newIssues),
      requestStatus: blank(input.newIssues) ? 'none' : 'open',
      notes: text(input.notes),
      createdBy: actor.userId,
    });
    if (!blank(input.performanceStatus)) {
      if (!['pending', 'performed', 'breached'].includes(String(input.performanceStatus))) {
        throw invalid(`履行情况“${String(input.performanceStatus)}”无效`, [{ field: 'performanceStatus', message: '履行情况无效' }]);
      }
      await tx
        .update(agreements)
        .set({ performanceStatus: String(input.performanceStatus), performanceCheckedOn: on, version: sql`${agreements.version} + 1`, updatedAt: new Date() })
        .where(eq(agreements.disputeId, d.id));
    }
    Object.assign(payload, { visitId, satisfaction: input.satisfaction, performanceStatus: input.performanceStatus ?? null });
  },

  close: async ({ d, state, on, set }) => {
    if (state === 'failed') Object.assign(set, { outcome: 'failed', outcomeLevel: d.currentLevel, concludedOn: d.concludedOn ?? on });
    set.closedOn = on;
    set.currentDueOn = null;
  },
};
