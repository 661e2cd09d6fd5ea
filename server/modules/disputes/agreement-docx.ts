import { requirePermission } from '../auth/actor.ts';
import { asc, eq } from 'drizzle-orm';
import { AlignmentType, Document, Footer, ImageRun, Packer, PageNumber, Paragraph, TextRun } from 'docx';
import { chineseDate, chineseNumber } from '../../../core/chinese.ts';
import type { Database, DbOrTx } from '../../db/client.ts';
import { agreements, disputeParties, disputes, units } from '../../db/schema/index.ts';
import { forbidden, notFound } from '../../errors.ts';
import type { Cipher } from '../../secret.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { getDispute } from './views.ts';
import { validSignatureImages } from './signatures.ts';
import { body, docTitle, FONT, line, PAGE, partyParagraphs, sectionHeading, signatureBlock } from './paper.ts';

type Detail = Awaited<ReturnType<typeof getDispute>>;
type Party = typeof disputeParties.$inferSelect;

export async function loadParties(db: DbOrTx, disputeId: string): Promise<Party[]> {
  return db.select().from(disputeParties).where(eq(disputeParties.disputeId, disputeId)).orderBy(asc(disputeParties.seq));
}

/** The committee (the unit of the stage that reached the agreement, else the last stage's). */
export async function committeeOf(db: DbOrTx, detail: Detail, stageId: string | null | undefined): Promise<string> {
  const stage = detail.stages.find((s) => s.id === stageId) ?? detail.stages[detail.stages.length - 1];
  const [unit] = stage?.unitId ? await db.select({ name: units.name }).from(units).where(eq(units.id, stage.unitId)) : [];
  return unit?.name ?? '人民调解委员会';
}

/** Audits each full identity number printed (like the reveal on the detail page). */
export async function auditReveals(db: DbOrTx, ctx: CommandContext, d: { id: string; number: string; townCode: string }, parties: Party[], paper: string) {
  for (const p of parties.filter((x) => x.idNumberEnc && x.kind === 'person')) {
    await writeAudit(db, ctx, {
      action: 'identity.reveal',
      entity: 'dispute_party',
      entityId: p.id,
      before: null,
      after: { disputeId: d.id, number: d.number, party: p.name, idNumber: p.idNumberMasked, paper },
      townCode: d.townCode,
    });
  }
}

/**
 * 人民调解协议书 in the 司法部 layout (People's Mediation Law art. 29): number, the parties each on their own lines
 * (name, 性别, 民族, 年龄, 住址, 身份证号码 — masked unless revealed), facts and issues, the agreed content, way and
 * deadline of performance, copies in Chinese numbers, the judicial-confirmation notice and the signature block
 * (one line per party, the mediator who mediated, the recorder), kept together with the last paragraph.
 * An oral agreement prints as the 口头调解协议登记表.
 */
export interface SignatureImage {
  signerRole: string;
  signerName: string;
  signedAt: Date;
  image: Buffer;
}

const SIGNED_AT = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

/** The handwritten signatures made on a phone (issue 17.3), each with who and when. */
function signatureParagraphs(signatures: readonly SignatureImage[]): Paragraph[] {
  if (!signatures.length) return [];
  return [
    line('电子签名：', { keepNext: true, before: 120 }),
    ...signatures.map(
      (s) =>
        new Paragraph({
          keepNext: true,
          children: [
            new TextRun({ text: `${s.signerRole === 'mediator' ? '人民调解员' : '当事人'}　${s.signerName}（${SIGNED_AT.format(s.signedAt)} 签）：`, font: FONT, size: 24 }),
            new ImageRun({ type: 'png', data: s.image, transformation: { width: 150, height: 60 } }),
          ],
        }),
    ),
  ];
}

export function agreementParagraphs(a: typeof agreements.$inferSelect, detail: Detail, parties: Party[], cipher: Cipher, committee: string, reveal: boolean, o: { pageBreakBefore?: boolean; bookmark?: string; signatures?: readonly SignatureImage[] } = {}): Paragraph[] {
  const oral = a.form === 'oral';
  const title = oral ? '人民调解口头协议登记表' : '人民调解协议书';
  const confirm = line(`当事人认为有必要的，可以自本协议生效之日起三十日内（即${chineseDate(a.confirmationDeadline)}前）共同向人民法院申请司法确认。`, { indent: true, keepNext: true });
  return [
    docTitle(title, o),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { after: 200 }, children: [new TextRun({ text: `编号：${detail.number}`, font: FONT, size: 24 })] }),
    ...(a.partiesText ? body(a.partiesText, { indent: false }) : partyParagraphs(parties, cipher, a.signedOn, reveal)),
    sectionHeading('纠纷主要事实、争议事项：'),
    ...body(a.facts ?? detail.summary),
    ...(a.issues ? body(`争议事项及各方责任：${a.issues}`) : []),
    sectionHeading(oral ? '经调解，当事人达成如下口头协议：' : '经调解，自愿达成如下协议：'),
    ...body(a.content ?? '（口头协议，内容见调解笔录）'),
    sectionHeading('履行协议的方式、地点、期限：'),
    ...body([a.performanceWay ?? '按上述协议内容履行', a.performanceDeadline ? `于${chineseDate(a.performanceDeadline)}前履行完毕。` : ''].filter(Boolean).join('；')),
    ...body(
      oral
        ? '本口头协议经当事人确认，自各方当事人达成协议之日起生效。'
        : `本协议一式${chineseNumber(a.copies)}份，当事人、人民调解委员会各持一份。本协议自各方当事人签名（盖章或按指印）、人民调解员签名并加盖人民调解委员会印章之日起生效。`,
    ),
    ...signatureBlock([confirm], { parties, mediators: a.mediators, recorder: a.recorder, committee, date: chineseDate(a.signedOn) }),
    ...signatureParagraphs(o.signatures ?? []),
  ];
}

/** A paper; `pageNumbers` puts “— N —” at the foot of every page and asks Word to update its fields (a table of contents) on opening. */
export function paperDocument(title: string, children: ConstructorParameters<typeof Document>[0]['sections'][number]['children'], o: { pageNumbers?: boolean } = {}) {
  const footer = new Footer({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: FONT, size: 24 })] })],
  });
  return new Document({
    creator: 'Wusong 无讼',
    title,
    features: o.pageNumbers ? { updateFields: true } : undefined,
    styles: { default: { document: { run: { font: FONT, size: 28 } } } },
    sections: [{ properties: { page: PAGE }, ...(o.pageNumbers ? { footers: { default: footer } } : {}), children }],
  });
}

/** Printing is audited (it holds personal data); a full identity number needs the reveal permission and is audited as a reveal. */
export async function agreementDocx(database: Database, cipher: Cipher, ctx: CommandContext, id: string, opts: { reveal?: boolean } = {}): Promise<{ buffer: Buffer; filename: string }> {
  requirePermission(ctx.actor, 'disputes.read');
  if (opts.reveal && !ctx.actor.canRevealIdentity) throw forbidden('无权打印完整身份证号');
  const detail = await getDispute(database.db, ctx.actor, id);
  const db = database.db;
  const [a] = await db.select().from(agreements).where(eq(agreements.disputeId, detail.id));
  if (!a) throw notFound('调解协议');
  const parties = await loadParties(db, detail.id);
  const committee = await committeeOf(db, detail, a.stageId);
  const title = a.form === 'oral' ? '人民调解口头协议登记表' : '人民调解协议书';
  const buffer = await Packer.toBuffer(paperDocument(`${title} ${detail.number}`, agreementParagraphs(a, detail, parties, cipher, committee, !!opts.reveal, { signatures: await validSignatureImages(db, a.id) })));
  await database.db.transaction(async (tx) => {
    const [d] = await tx.select({ townCode: disputes.townCode }).from(disputes).where(eq(disputes.id, detail.id));
    await writeAudit(tx, ctx, { action: 'agreement.print', entity: 'agreement', entityId: a.id, before: null, after: { disputeId: detail.id, number: detail.number, fullIdNumbers: !!opts.reveal }, townCode: d?.townCode });
    if (opts.reveal) await auditReveals(tx, ctx, { id: detail.id, number: detail.number, townCode: d.townCode }, parties, title);
  });
  return { buffer, filename: `${title}_${detail.number}.docx` };
}
