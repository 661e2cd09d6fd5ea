/**
 * The case file (卷宗, SPEC §4.3–4.4) of one dispute as one .docx: a cover, the table of contents, the
 * 人民调解申请书/受理登记表, one 调解笔录 per mediation session, the agreement and the 回访记录 — all fed from what
 * was entered at each step (nothing typed twice). Printing is audited; full identity numbers need the reveal
 * permission and are audited as reveals.
 */
import { Packer, Paragraph } from 'docx';
import { eq } from 'drizzle-orm';
import { chineseDate, chineseNumber } from '../../../core/chinese.ts';
import { CHANNELS, DISPUTE_CATEGORIES, DISPUTE_OUTCOMES, LEVELS, labelOf, PERFORMANCE_STATUSES, SESSION_METHODS } from '../../../core/dictionaries.ts';
import { todayShanghai } from '../../../core/dates.ts';
import type { Database } from '../../db/client.ts';
import { agreements, disputes } from '../../db/schema/index.ts';
import { forbidden } from '../../errors.ts';
import type { Cipher } from '../../secret.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { requirePermission } from '../auth/actor.ts';
import { agreementParagraphs, auditReveals, committeeOf, loadParties, paperDocument } from './agreement-docx.ts';
import { body, docTitle, formTable, line, partyParagraphs, ROLE, tocLine } from './paper.ts';
import { getDispute } from './views.ts';

const SATISFACTION = ['', '很不满意', '不满意', '基本满意', '满意', '非常满意'];

export async function caseFileDocx(database: Database, cipher: Cipher, ctx: CommandContext, id: string, opts: { reveal?: boolean } = {}) {
  requirePermission(ctx.actor, 'disputes.read');
  if (opts.reveal && !ctx.actor.canRevealIdentity) throw forbidden('无权打印完整身份证号');
  const db = database.db;
  const d = await getDispute(db, ctx.actor, id);
  const parties = await loadParties(db, d.id);
  const [a] = await db.select().from(agreements).where(eq(agreements.disputeId, d.id));
  const committee = await committeeOf(db, d, a?.stageId ?? d.stages[0]?.id);
  const reveal = !!opts.reveal;
  const today = todayShanghai();
  const firstStage = d.stages[0];
  const lastStage = d.stages[d.stages.length - 1];
  const partyNames = parties.map((p) => `${ROLE(p.role)}：${p.name}`).join('\n');

  // the documents in order, for the table of contents; each title is bookmarked (doc1, doc2 …) and the contents
  // give the page it starts on
  const docs: string[] = ['人民调解申请书（受理登记表）'];
  d.sessions.forEach((_, i) => docs.push(`调解笔录（第${chineseNumber(i + 1)}次）`));
  if (a) docs.push(a.form === 'oral' ? '人民调解口头协议登记表' : '人民调解协议书');
  d.visits.forEach((_, i) => docs.push(`回访记录${d.visits.length > 1 ? `（第${chineseNumber(i + 1)}次）` : ''}`));
  let n = 0;
  const mark = () => ({ pageBreakBefore: true, bookmark: `doc${++n}` });

  const c: (Paragraph | ReturnType<typeof formTable>)[] = [
    // cover
    line('', { before: 1600 }),
    docTitle('人民调解卷宗'),
    line(`编号：${d.number}`, { align: 'center', before: 240 }),
    line('', { before: 600 }),
    formTable([
      ['调解组织', committee],
      ['纠纷类型', labelOf(DISPUTE_CATEGORIES, d.category)],
      ['当事人', partyNames],
      ['受理日期', d.firstAcceptedOn ? chineseDate(d.firstAcceptedOn) : '（尚未受理）'],
      ['调解结果', d.outcome ? labelOf(DISPUTE_OUTCOMES, d.outcome) : '（办理中）'],
      ['结案日期', d.concludedOn ? chineseDate(d.concludedOn) : ''],
      ['立卷人', ctx.actor.name],
      ['立卷日期', chineseDate(today)],
    ]),
    // contents
    docTitle('卷内目录', { pageBreakBefore: true }),
    ...docs.map((t, i) => tocLine(`${chineseNumber(i + 1)}、${t}`, `doc${i + 1}`)),
    // application / acceptance
    docTitle('人民调解申请书（受理登记表）', mark()),
    ...partyParagraphs(parties, cipher, d.receivedOn, reveal),
    line('', {}),
    formTable([
      ['纠纷简要情况及申请事项', d.summary],
      ['纠纷来源', labelOf(CHANNELS, d.channel)],
      ['纠纷类型', labelOf(DISPUTE_CATEGORIES, d.category)],
      ['涉及人数', String(d.peopleCount)],
      ['登记日期', chineseDate(d.receivedOn)],
      ['登记人', d.createdByName ?? ''],
      ['受理日期', d.firstAcceptedOn ? chineseDate(d.firstAcceptedOn) : '（尚未受理）'],
      ['受理层级及单位', firstStage ? `${labelOf(LEVELS, firstStage.level)}　${firstStage.unitName ?? ''}` : ''],
      ['承办人', firstStage?.handlerName ?? ''],
    ]),
    line('申请人（签名或按指印）：＿＿＿＿＿＿　受理人（签名）：＿＿＿＿＿＿', { before: 360, keepNext: true }),
    line(chineseDate(d.receivedOn), { align: 'right' }),
  ];
  d.sessions.forEach((s, i) => {
    c.push(
      docTitle(`调解笔录（第${chineseNumber(i + 1)}次）`, mark()),
      line(`编号：${d.number}`, { align: 'right', size: 24 }),
      formTable([
        ['时间', chineseDate(s.heldOn)],
        ['地点', s.place ?? ''],
        ['方式', labelOf(SESSION_METHODS, s.method)],
        ['调解层级', labelOf(LEVELS, s.level)],
        ['人民调解员', s.mediators ?? ''],
        ['参加人员', s.attendees ?? parties.map((p) => p.name).join('、')],
        ['记录人', s.recorder ?? ''],
        ['调解记录', s.notes ?? '（未记录）'],
      ]),
      line('当事人（签名或按指印）：＿＿＿＿＿＿＿＿＿＿＿＿', { before: 360, keepNext: true }),
      line(`人民调解员（签名）：${s.mediators ?? ''}＿＿＿＿　记录人（签名）：${s.recorder ?? ''}＿＿＿＿`, { keepNext: true }),
      line(chineseDate(s.heldOn), { align: 'right' }),
    );
  });
  if (a) c.push(...agreementParagraphs(a, d, parties, cipher, committee, reveal, mark()));
  d.visits.forEach((v, i) => {
    c.push(
      docTitle(`回访记录${d.visits.length > 1 ? `（第${chineseNumber(i + 1)}次）` : ''}`, mark()),
      line(`编号：${d.number}`, { align: 'right', size: 24 }),
      formTable([
        ['回访日期', chineseDate(v.visitedOn)],
        ['回访人', v.cadres],
        ['被回访人', v.personsMet ?? ''],
        ['协议履行情况', v.performanceChecked ? `已核实（${labelOf(PERFORMANCE_STATUSES, d.agreement?.performanceStatus ?? 'pending')}）` : '未核实'],
        ['当事人满意度', v.satisfaction ? SATISFACTION[v.satisfaction] ?? String(v.satisfaction) : '未询问'],
        ['新的矛盾或问题', v.newIssues ?? '无'],
        ['备注', v.notes ?? ''],
      ]),
      line('回访人（签名）：＿＿＿＿＿＿＿＿', { before: 360, keepNext: true }),
      line(chineseDate(v.visitedOn), { align: 'right' }),
    );
  });
  if (lastStage?.failureReason && !a) c.push(...body(`调解未成功：${lastStage.failureReason}`));

  const buffer = await Packer.toBuffer(paperDocument(`人民调解卷宗 ${d.number}`, c, { pageNumbers: true }));
  await db.transaction(async (tx) => {
    const [row] = await tx.select({ townCode: disputes.townCode }).from(disputes).where(eq(disputes.id, d.id));
    await writeAudit(tx, ctx, { action: 'case_file.print', entity: 'dispute', entityId: d.id, before: null, after: { number: d.number, documents: docs, fullIdNumbers: reveal }, townCode: row.townCode });
    if (reveal) await auditReveals(tx, ctx, { id: d.id, number: d.number, townCode: row.townCode }, parties, '人民调解卷宗');
  });
  return { buffer, filename: `人民调解卷宗_${d.number}.docx`, documents: docs };
}
