/** Follow-up of a mediation agreement: performance tracking and judicial confirmation (SPEC §4.3). */
import { isValidDate, todayShanghai } from '../../../core/dates.ts';
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { AgreementUpdateInput } from '../../../core/schemas/disputes.ts';
import type { Database } from '../../db/client.ts';
import { agreements, disputeEvents } from '../../db/schema/index.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { requirePermission } from '../auth/actor.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { actorName, loadVisible, canAct, type ServiceOptions } from './helpers.ts';
import { agreementView } from './views.ts';
import { invalidateSignatures } from './signatures.ts';

/** Performance tracking and judicial confirmation of the agreement (SPEC §4.3). */
export async function updateAgreement(database: Database, ctx: CommandContext, id: string, patch: AgreementUpdateInput, opts: ServiceOptions = {}) {
  requirePermission(ctx.actor, 'disputes.handle');
  const today = opts.today ?? todayShanghai();
  return database.db.transaction(async (tx) => {
    const d = await loadVisible(tx, ctx.actor, id);
    if (!(await canAct(tx, ctx.actor, d))) throw forbidden('该纠纷当前不在您的承办范围内，只能查看');
    if (d.state === 'closed') throw invalid('已结案的纠纷只读，仅可添加备注');
    const [a] = await tx.select().from(agreements).where(eq(agreements.disputeId, d.id)).for('update');
    if (!a) throw notFound('调解协议');
    if (a.version !== patch.version) throw conflict();
    const set: Partial<typeof agreements.$inferSelect> = { version: a.version + 1, updatedAt: new Date() };
    const dateField = (v: string | null | undefined, what: string, field: string): string | null | undefined => {
      if (v === undefined) return undefined;
      if (v === null || v === '') return null;
      if (!isValidDate(v)) throw invalid(`${what}不是有效日期（YYYY-MM-DD）`, [{ field, message: '日期无效' }]);
      if (v > today) throw invalid(`${what}不能晚于今天`, [{ field, message: '不能晚于今天' }]);
      return v;
    };
    if (patch.performanceStatus !== undefined) {
      if (!['pending', 'performed', 'breached'].includes(patch.performanceStatus)) throw invalid(`履行情况“${patch.performanceStatus}”无效`);
      set.performanceStatus = patch.performanceStatus;
      set.performanceCheckedOn = dateField(patch.performanceCheckedOn, '履行核实日期', 'performanceCheckedOn') ?? today;
    }
    const applied = dateField(patch.confirmationAppliedOn, '司法确认申请日期', 'confirmationAppliedOn');
    if (applied !== undefined) {
      if (applied && applied < a.effectiveOn) throw invalid('司法确认申请日期不能早于协议生效日期');
      set.confirmationAppliedOn = applied;
      if (applied && !a.confirmationDecision && patch.confirmationDecision === undefined) set.confirmationDecision = 'pending';
    }
    if (patch.confirmationDecision !== undefined) {
      if (patch.confirmationDecision !== null && !['pending', 'confirmed', 'rejected'].includes(patch.confirmationDecision)) {
        throw invalid(`司法确认结果“${patch.confirmationDecision}”无效`);
      }
      if (patch.confirmationDecision && !(applied ?? a.confirmationAppliedOn)) throw invalid('请先填写司法确认申请日期');
      set.confirmationDecision = patch.confirmationDecision;
    }
    const decided = dateField(patch.confirmationDecidedOn, '司法确认裁定日期', 'confirmationDecidedOn');
    if (decided !== undefined) set.confirmationDecidedOn = decided;
    if (patch.performanceDeadline !== undefined) {
      if (patch.performanceDeadline && (!isValidDate(patch.performanceDeadline) || patch.performanceDeadline < a.signedOn)) {
        throw invalid('履行期限无效或早于协议日期');
      }
      set.performanceDeadline = patch.performanceDeadline || null;
    }
    for (const k of ['performanceWay', 'facts', 'issues', 'content', 'partiesText', 'mediators', 'recorder'] as const) {
      if (patch[k] !== undefined) set[k] = patch[k]?.trim() || null;
    }
    if (a.form === 'written' && set.content === null) throw invalid('书面协议须填写协议内容');
    const [after] = await tx.update(agreements).set(set).where(eq(agreements.id, a.id)).returning();
    await tx.insert(disputeEvents).values({
      id: crypto.randomUUID(),
      disputeId: d.id,
      townCode: d.townCode,
      occurredOn: today,
      action: 'agreement_update',
      actorId: ctx.actor.userId,
      actorName: actorName(ctx.actor),
      payload: Object.fromEntries(Object.entries(patch).filter(([k]) => k !== 'version')),
    });
    await invalidateSignatures(tx, ctx, a, after, d.townCode);
    const strip = (x: typeof a) => ({ ...x, createdAt: undefined, updatedAt: undefined });
    await writeAudit(tx, ctx, { action: 'agreement.update', entity: 'agreement', entityId: a.id, before: strip(a), after: strip(after), townCode: d.townCode });
    return agreementView(after, today);
  });
}
