/**
 * Dispute actions (SPEC §4.2–§4.4, §11) and notes: `applyAction` is what every action shares (lock, scope,
 * version, transition check, dates; then the dispute row, the timeline entry and the audit entry); what each
 * action does besides is its handler in action-handlers.ts.
 */
import { todayShanghai } from '../../../core/dates.ts';
import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { checkAction, isAction, type Action, type DisputeState } from '../../../core/dispute-flow.ts';
import type { DisputeActionInput, DisputeDetail } from '../../../core/schemas/disputes.ts';
import type { Database, DbOrTx } from '../../db/client.ts';
import { disputeEvents, disputes, disputeStages } from '../../db/schema/index.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { can, requirePermission } from '../auth/actor.ts';
import { DISPUTE_NOTE_PERMISSIONS } from '../../../core/roles.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { disputeDictionaries } from './dictionaries.ts';
import { resolveScope, scopeCondition } from '../../scope/unit.ts';
import { actorName, loadVisible, handlingRule, ruleRefusal, snapshot, text, type DisputeRow, type ServiceOptions } from './helpers.ts';
import { detailOf } from './views.ts';
import { ACTION_HANDLERS, courtCaseKey, type ActionContext } from './action-handlers.ts';
import { announceStage } from '../notifications/announce.ts';
import { regradeTx } from './grading.ts';

function dateOf(input: DisputeActionInput, today: string): string {
  return typeof input.date === 'string' && input.date ? input.date : today;
}

export async function performAction(
  database: Database,
  ctx: CommandContext,
  id: string,
  input: DisputeActionInput,
  opts: ServiceOptions = {},
): Promise<DisputeDetail> {
  const today = opts.today ?? todayShanghai();
  return database.db.transaction(async (tx) => detailOf(tx, ctx.actor, await applyAction(tx, ctx, id, input, today), today));
}

/** The same command without building the detail view (demo data, imports): returns the updated row. */
export async function performActionQuick(database: Database, ctx: CommandContext, id: string, input: DisputeActionInput, opts: ServiceOptions = {}): Promise<DisputeRow> {
  const today = opts.today ?? todayShanghai();
  return database.db.transaction(async (tx) => applyAction(tx, ctx, id, input, today));
}

async function applyAction(tx: DbOrTx, ctx: CommandContext, id: string, input: DisputeActionInput, today: string): Promise<DisputeRow> {
  return (await applyActionTx(tx, ctx, id, input, today)).dispute;
}

/**
 * An action inside the caller's transaction (a command of another feature that records an action with its own
 * write): the updated row and what the action created, as its timeline entry records it (`visitId` of a return visit).
 */
export async function applyActionTx(
  tx: DbOrTx,
  ctx: CommandContext,
  id: string,
  input: DisputeActionInput,
  today = todayShanghai(),
): Promise<{ dispute: DisputeRow; created: { visitId?: string } }> {
  requirePermission(ctx.actor, 'disputes.handle');
  const actor = ctx.actor;
  requirePermission(actor, 'disputes.read');
  const scope = await resolveScope(tx, actor);
  const [d] = await tx.select().from(disputes).where(and(eq(disputes.id, id), scopeCondition(scope))).for('update');
  if (!d) throw notFound('纠纷');
  const rule = await handlingRule(tx, actor, d);
  if (!rule) throw forbidden('该纠纷当前不在您的承办范围内，只能查看');
  if (d.version !== input.version) throw conflict();
  const action = input.action as Action;
  const refused = isAction(action) ? ruleRefusal(rule, action, input.level) : null;
  if (refused) throw forbidden(refused);
  const state = d.state as DisputeState;
  const [stage] = d.currentStageId ? await tx.select().from(disputeStages).where(eq(disputeStages.id, d.currentStageId)) : [];
  const currentDue = stage ? (stage.extendedDueOn ?? stage.dueOn) : null;
  const dict = await disputeDictionaries(tx);
  const check = checkAction(state, action, input, {
    currentDueOn: currentDue,
    today,
    failureReasons: dict.failureReasons,
  });
  if (!check.ok) throw invalid(check.message, 'errors' in check ? check.errors : undefined);

  // dates: an action happens between the dispute's receipt (and the open stage's acceptance) and today
  const on = dateOf(input, today);
  if (action !== 'extend') {
    if (on > today) throw invalid('日期不能晚于今天', [{ field: 'date', message: '日期不能晚于今天' }]);
    if (on < d.receivedOn) throw invalid(`日期不能早于登记日期 ${d.receivedOn}`, [{ field: 'date', message: '日期不能早于登记日期' }]);
    if (stage && !stage.closedOn && on < stage.acceptedOn) {
      throw invalid(`日期不能早于本阶段受理日期 ${stage.acceptedOn}`, [{ field: 'date', message: '日期不能早于本阶段受理日期' }]);
    }
    if (stage?.closedOn && on < stage.closedOn && (action === 'transfer' || action === 'close')) {
      throw invalid(`日期不能早于上一阶段结束日期 ${stage.closedOn}`, [{ field: 'date', message: '日期不能早于上一阶段结束日期' }]);
    }
  }
  const set: Partial<DisputeRow> = { state: check.state, version: d.version + 1, updatedAt: new Date() };
  const c: ActionContext = {
    tx,
    actor,
    d,
    input,
    state,
    stage,
    currentDue,
    on,
    set,
    payload: {},
    eventStageId: stage?.id ?? null,
    closeStage: async (outcome, extra = {}) => {
      if (stage && !stage.closedOn) {
        await tx.update(disputeStages).set({ closedOn: on, outcome, ...extra }).where(eq(disputeStages.id, stage.id));
      }
    },
  };
  await ACTION_HANDLERS[action](c);
  // the parties were told of their right to sue (SPEC §4.7: required on fail and a transfer to litigation, allowed
  // on any action): the first date told is kept
  if (input.toldRightToSue) {
    set.toldRightToSue = true;
    set.toldRightToSueOn = d.toldRightToSueOn ?? text(input.toldRightToSueOn) ?? on;
    Object.assign(c.payload, { toldRightToSue: true, toldRightToSueOn: set.toldRightToSueOn });
  }
  // the court's 诉前调 number, recorded while the pre-litigation stage runs or as it concludes (a transfer records it on the new stage)
  if (text(input.courtCaseNo) && action !== 'transfer' && action !== 'accept') {
    if (!stage || stage.level !== 'prelitigation') throw invalid('只有诉前调解阶段才记录诉前调解案号', [{ field: 'courtCaseNo', message: '当前阶段不是诉前调解' }]);
    const key = await courtCaseKey(tx, d, String(input.courtCaseNo));
    await tx.update(disputeStages).set({ courtCaseNo: key }).where(eq(disputeStages.id, stage.id));
    c.payload.courtCaseNo = key;
  }

  const [updated] = await tx.update(disputes).set(set).where(eq(disputes.id, d.id)).returning();
  // every change regrades the dispute (issue 17.1), in this transaction
  const after = await regradeTx(tx, updated, today, actor.userId);
  await tx.insert(disputeEvents).values({
    id: crypto.randomUUID(),
    disputeId: d.id,
    townCode: d.townCode,
    occurredOn: action === 'extend' ? today : on,
    action,
    actorId: actor.userId,
    actorName: actorName(actor),
    fromState: state,
    toState: after.state,
    stageId: c.eventStageId,
    reason: text(input.reason),
    notes: text(input.notes),
    payload: Object.keys(c.payload).length ? c.payload : null,
  });
  // a stage opened at a unit is announced to its handler and people (issue 13.3), in this transaction
  if ((action === 'accept' || action === 'transfer') && after.currentStageId && after.currentStageId !== d.currentStageId) await announceStage(tx, actor.userId, after);
  await writeAudit(tx, ctx, { action: `dispute.${action}`, entity: 'dispute', entityId: d.id, before: snapshot(d), after: snapshot(after), townCode: d.townCode });
  return { dispute: after, created: c.payload as { visitId?: string } };
}

/** A note on the timeline; allowed in every state, closed included (SPEC §4.4). */
export async function addNote(database: Database, ctx: CommandContext, id: string, note: string, opts: ServiceOptions = {}) {
  requirePermission(ctx.actor, 'disputes.read');
  if (!DISPUTE_NOTE_PERMISSIONS.some((p) => can(ctx.actor, p))) throw forbidden('只读用户不能添加备注');
  const text = note.trim();
  if (!text) throw invalid('备注不能为空');
  return database.db.transaction(async (tx) => {
    const d = await loadVisible(tx, ctx.actor, id);
    const ev = {
      id: crypto.randomUUID(),
      disputeId: d.id,
      townCode: d.townCode,
      occurredOn: opts.today ?? todayShanghai(),
      action: 'note',
      actorId: ctx.actor.userId,
      actorName: actorName(ctx.actor),
      notes: text,
    };
    await tx.insert(disputeEvents).values(ev);
    await writeAudit(tx, ctx, { action: 'dispute.note', entity: 'dispute', entityId: d.id, before: null, after: { note: text }, townCode: d.townCode });
    return detailOf(tx, ctx.actor, d, opts.today ?? todayShanghai());
  });
}
