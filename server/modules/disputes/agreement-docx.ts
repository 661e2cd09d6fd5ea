import { requirePermission } from '../auth/actor.ts';
import { asc, eq } from 'drizzle-orm';
import { AlignmentType, Document, Packer, Paragraph, TabStopType, TextRun } from 'docx';
import { validateIdNumber } from '../../../core/id-number.ts';
import type { Database } from '../../db/client.ts';
import { agreements, disputeParties, disputes, units } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import type { Cipher } from '../../secret.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { getDispute } from './views.ts';

/** 2024-03-05 → 2024年3月5日 */
export function chineseDate(d: string | null | undefined): string {
  if (!d) return '    年  月  日';
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
}

function ageOn(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const FONT = 'SimSun';
const body = (text: string, opts: { bold?: boolean; indent?: boolean } = {}) =>
  new Paragraph({
    spacing: { line: 440, after: 80 },
    indent: opts.indent === false ? undefined : { firstLine: 480 },
    children: [new TextRun({ text, bold: opts.bold, font: FONT, size: 28 })],
  });
const heading = (text: string) =>
  new Paragraph({ spacing: { before: 160, after: 80, line: 440 }, children: [new TextRun({ text, bold: true, font: FONT, size: 28 })] });

/**
 * 人民调解协议书 in the customary layout (司法部 文书格式; People's Mediation Law art. 29): number, the parties
 * (name, sex, age, address, contact — the identity number itself is not printed), main facts and issues,
 * the agreed content, way and deadline of performance, copies, the judicial-confirmation notice and the
 * signature block. An oral agreement prints as the 口头调解协议登记表. The printing is audited (it holds
 * personal data).
 */
export async function agreementDocx(database: Database, cipher: Cipher, ctx: CommandContext, id: string): Promise<{ buffer: Buffer; filename: string }> {
  requirePermission(ctx.actor, 'disputes.read');
  const detail = await getDispute(database.db, ctx.actor, id);
  const db = database.db;
  const [a] = await db.select().from(agreements).where(eq(agreements.disputeId, detail.id));
  if (!a) throw notFound('调解协议');
  const parties = await db.select().from(disputeParties).where(eq(disputeParties.disputeId, detail.id)).orderBy(asc(disputeParties.seq));
  const stage = detail.stages.find((s) => s.id === a.stageId) ?? detail.stages[detail.stages.length - 1];
  const [unit] = stage?.unitId ? await db.select({ name: units.name }).from(units).where(eq(units.id, stage.unitId)) : [];
  const committee = unit?.name ?? '人民调解委员会';

  const partyLines = parties.map((p) => {
    const role = p.role === 'applicant' ? '申请人' : '被申请人';
    const bits: string[] = [p.name];
    if (p.kind === 'person' && p.idNumberEnc) {
      const r = validateIdNumber(cipher.decrypt(p.idNumberEnc), { today: a.signedOn });
      if (r.ok) bits.push(r.sex === 'male' ? '男' : '女', `${ageOn(r.birthDate, a.signedOn)}岁`);
    }
    if (p.kind === 'organisation') bits.push('(单位)');
    if (p.address) bits.push(`住址:${p.address}`);
    if (p.phone) bits.push(`联系电话:${p.phone}`);
    return `${role}:${bits.join(',')}`;
  });

  const oral = a.form === 'oral';
  const title = oral ? '人民调解口头协议登记表' : '人民调解协议书';
  const children: Paragraph[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [new TextRun({ text: title, bold: true, font: 'SimHei', size: 44 })] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { after: 200 }, children: [new TextRun({ text: `编号:${detail.number}`, font: FONT, size: 24 })] }),
    heading('当事人'),
    ...(a.partiesText ? [body(a.partiesText, { indent: false })] : partyLines.map((l) => body(l, { indent: false }))),
    heading('纠纷主要事实、争议事项'),
    body(a.facts ?? detail.summary),
    ...(a.issues ? [body(`争议事项及各方责任:${a.issues}`)] : []),
    heading(oral ? '经调解,当事人达成如下口头协议' : '经调解,自愿达成如下协议'),
    ...(a.content ?? '(口头协议,内容见调解记录)').split(/\n+/).map((l) => body(l)),
    heading('履行协议的方式、地点、期限'),
    body([a.performanceWay ?? '按上述协议内容履行', a.performanceDeadline ? `履行期限:${chineseDate(a.performanceDeadline)}前履行完毕。` : ''].filter(Boolean).join(';')),
    body(
      oral
        ? '本口头协议经当事人确认,自各方当事人达成协议之日起生效。'
        : `本协议一式${a.copies}份,当事人、人民调解委员会各持一份。本协议自各方当事人签名(盖章或按指印)、人民调解员签名并加盖人民调解委员会印章之日起生效。`,
    ),
    body(`当事人认为有必要的,可以自本协议生效之日起三十日内(即${chineseDate(a.confirmationDeadline)}前)共同向人民法院申请司法确认。`),
    new Paragraph({ spacing: { before: 480 }, children: [] }),
    new Paragraph({
      tabStops: [{ type: TabStopType.LEFT, position: 5200 }],
      spacing: { line: 600 },
      children: [new TextRun({ text: '当事人(签名盖章或按指印):', font: FONT, size: 28 }), new TextRun({ text: '\t人民调解员(签名):', font: FONT, size: 28 })],
    }),
    new Paragraph({ spacing: { line: 600 }, children: [new TextRun({ text: `调解员:${a.mediators ?? ''}`, font: FONT, size: 24 })] }),
    new Paragraph({ spacing: { line: 600 }, children: [new TextRun({ text: '记录人(签名):', font: FONT, size: 28 })] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 360, line: 500 }, children: [new TextRun({ text: `${committee}(盖章)`, font: FONT, size: 28 })] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { line: 500 }, children: [new TextRun({ text: chineseDate(a.signedOn), font: FONT, size: 28 })] }),
  ];
  const doc = new Document({
    creator: 'Wusong 无讼',
    title: `${title} ${detail.number}`,
    styles: { default: { document: { run: { font: FONT, size: 28 } } } },
    sections: [{ properties: { page: { margin: { top: 1440, bottom: 1440, left: 1587, right: 1474 } } }, children }],
  });
  const buffer = await Packer.toBuffer(doc);
  await database.db.transaction(async (tx) => {
    const [d] = await tx.select({ townCode: disputes.townCode }).from(disputes).where(eq(disputes.id, detail.id));
    await writeAudit(tx, ctx, { action: 'agreement.print', entity: 'agreement', entityId: a.id, before: null, after: { disputeId: detail.id, number: detail.number }, townCode: d?.townCode });
  });
  return { buffer, filename: `${title}_${detail.number}.docx` };
}
