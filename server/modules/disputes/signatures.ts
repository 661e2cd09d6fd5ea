/**
 * Handwritten signatures on the agreement (电子签名, issue 17.3). A party signs on the mediator's logged-in device
 * (no account of their own), the mediator on theirs. Each signature keeps the SHA-256 of the agreement's text as
 * signed and of the image; a change of the agreement's text afterwards invalidates the signatures (agreement.ts,
 * audited). Valid signatures print in the agreement .docx.
 */
import crypto from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { SignatureCreate, Signatures } from '../../../core/schemas/disputes.ts';
import type { Database, DbOrTx } from '../../db/client.ts';
import { agreements, agreementSignatures, disputeParties } from '../../db/schema/index.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { actorName, canAct, loadVisible } from './helpers.ts';

type AgreementRow = typeof agreements.$inferSelect;
const sha256 = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_IMAGE = 300_000;

/** The SHA-256 of what the parties sign: the agreement's text fields, in a fixed order. */
export function documentHash(a: Pick<AgreementRow, 'form' | 'partiesText' | 'facts' | 'issues' | 'content' | 'performanceWay' | 'performanceDeadline' | 'signedOn' | 'mediators'>): string {
  return sha256(JSON.stringify([a.form, a.partiesText, a.facts, a.issues, a.content, a.performanceWay, a.performanceDeadline, a.signedOn, a.mediators]));
}

export async function listSignatures(db: DbOrTx, actor: Actor, id: string): Promise<Signatures> {
  requirePermission(actor, 'disputes.read');
  const d = await loadVisible(db, actor, id);
  const [a] = await db.select().from(agreements).where(eq(agreements.disputeId, d.id));
  if (!a) throw notFound('调解协议');
  const rows = await db.select().from(agreementSignatures).where(eq(agreementSignatures.agreementId, a.id)).orderBy(asc(agreementSignatures.signedAt));
  return {
    documentSha256: documentHash(a),
    items: rows.map((s) => ({
      id: s.id,
      signerRole: s.signerRole,
      partyId: s.partyId,
      signerName: s.signerName,
      signedAt: s.signedAt.toISOString(),
      documentSha256: s.documentSha256,
      imageSha256: s.imageSha256,
      valid: !s.invalidatedAt,
      invalidatedAt: s.invalidatedAt?.toISOString() ?? null,
      invalidatedReason: s.invalidatedReason,
    })),
  };
}

export async function addSignature(database: Database, ctx: CommandContext, id: string, input: z.output<typeof SignatureCreate>) {
  requirePermission(ctx.actor, 'disputes.handle');
  const m = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(input.image);
  const image = m ? Buffer.from(m[1], 'base64') : null;
  if (!image || image.length < 60 || !image.subarray(0, 8).equals(PNG)) throw invalid('签名图片无效，请重新签名', [{ field: 'image', message: '签名图片无效' }]);
  if (image.length > MAX_IMAGE) throw invalid('签名图片过大', [{ field: 'image', message: '签名图片过大' }]);
  await database.db.transaction(async (tx) => {
    const d = await loadVisible(tx, ctx.actor, id);
    if (!(await canAct(tx, ctx.actor, d))) throw forbidden('该纠纷当前不在您的承办范围内，只能查看');
    if (d.state === 'closed') throw invalid('已结案的纠纷只读，仅可添加备注');
    const [a] = await tx.select().from(agreements).where(eq(agreements.disputeId, d.id)).for('update');
    if (!a) throw notFound('调解协议');
    if (a.form !== 'written') throw invalid('口头协议无需签名');
    let signerName = actorName(ctx.actor);
    let partyId: string | null = null;
    if (input.signerRole === 'party') {
      const [p] = input.partyId ? await tx.select().from(disputeParties).where(and(eq(disputeParties.id, input.partyId), eq(disputeParties.disputeId, d.id))) : [];
      if (!p) throw invalid('请选择签名的当事人', [{ field: 'partyId', message: '请选择当事人' }]);
      signerName = p.name;
      partyId = p.id;
    }
    // a new signature of the same signer replaces the earlier valid one
    const same = input.signerRole === 'party' ? eq(agreementSignatures.partyId, partyId!) : and(eq(agreementSignatures.signerRole, 'mediator'), eq(agreementSignatures.capturedBy, ctx.actor.userId ?? ''));
    await tx.update(agreementSignatures).set({ invalidatedAt: new Date(), invalidatedReason: '已重新签名' }).where(and(eq(agreementSignatures.agreementId, a.id), isNull(agreementSignatures.invalidatedAt), same));
    const row = {
      id: crypto.randomUUID(),
      agreementId: a.id,
      disputeId: d.id,
      townCode: d.townCode,
      signerRole: input.signerRole,
      partyId,
      signerName,
      capturedBy: ctx.actor.userId,
      image: image.toString('base64'),
      imageSha256: sha256(image),
      documentSha256: documentHash(a),
    };
    await tx.insert(agreementSignatures).values(row);
    const { image: _i, ...audited } = row;
    await writeAudit(tx, ctx, { action: 'agreement.sign', entity: 'agreement', entityId: a.id, before: null, after: audited, townCode: d.townCode });
  });
  return listSignatures(database.db, ctx.actor, id);
}

/** After a change of the agreement: a signature of another text is no longer valid (in the change's transaction, audited). */
export async function invalidateSignatures(tx: DbOrTx, ctx: CommandContext, before: AgreementRow, after: AgreementRow, townCode: string) {
  if (documentHash(before) === documentHash(after)) return;
  const gone = await tx
    .update(agreementSignatures)
    .set({ invalidatedAt: new Date(), invalidatedReason: '签名后协议内容已修改' })
    .where(and(eq(agreementSignatures.agreementId, after.id), isNull(agreementSignatures.invalidatedAt)))
    .returning({ id: agreementSignatures.id, signerName: agreementSignatures.signerName });
  if (gone.length) {
    await writeAudit(tx, ctx, { action: 'agreement.signatures_invalidated', entity: 'agreement', entityId: after.id, before: { documentSha256: documentHash(before) }, after: { documentSha256: documentHash(after), signatures: gone }, townCode });
  }
}

/** The valid signatures' images, for the .docx. */
export async function validSignatureImages(db: DbOrTx, agreementId: string) {
  const rows = await db
    .select({ signerRole: agreementSignatures.signerRole, signerName: agreementSignatures.signerName, signedAt: agreementSignatures.signedAt, image: agreementSignatures.image })
    .from(agreementSignatures)
    .where(and(eq(agreementSignatures.agreementId, agreementId), isNull(agreementSignatures.invalidatedAt)))
    .orderBy(asc(agreementSignatures.signedAt));
  return rows.map((r) => ({ ...r, image: Buffer.from(r.image, 'base64') }));
}
