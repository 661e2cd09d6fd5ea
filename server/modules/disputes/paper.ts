/**
 * Building blocks of the dispute papers (协议书, 卷宗): 宋体 body, 黑体 titles, A4 with the customary margins,
 * the parties as the 司法部 formats list them, and a signature block that never stands alone on a page.
 */
import { AlignmentType, Bookmark, BorderStyle, LeaderType, PageReference, Paragraph, Tab, Table, TableCell, TableRow, TabStopType, TextRun, WidthType } from 'docx';
import { validateIdNumber } from '../../../core/id-number.ts';
import type { disputeParties } from '../../db/schema/index.ts';
import type { Cipher } from '../../secret.ts';

export const FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体' };
const HEAD = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' };
export const PAGE = { margin: { top: 1440, bottom: 1440, left: 1587, right: 1474 } };

type P = { indent?: boolean; keepNext?: boolean; align?: 'left' | 'right' | 'center'; size?: number; bold?: boolean; before?: number; line?: number };
const ALIGN = { left: AlignmentType.LEFT, right: AlignmentType.RIGHT, center: AlignmentType.CENTER } as const;

export function line(text: string, o: P = {}): Paragraph {
  return new Paragraph({
    alignment: o.align ? ALIGN[o.align] : undefined,
    spacing: { before: o.before ?? 0, line: o.line ?? 400, after: 40 },
    indent: o.indent ? { firstLine: 560 } : undefined,
    keepNext: o.keepNext,
    keepLines: true,
    children: [new TextRun({ text, font: FONT, size: o.size ?? 28, bold: o.bold })],
  });
}

/** A body paragraph (first line indented); several lines of text become several paragraphs. */
export function body(text: string, o: P = {}): Paragraph[] {
  return text
    .split(/\n+/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => line(t, { indent: true, ...o }));
}

/** A document's title; `bookmark` names it for a table of contents' page reference. */
export function docTitle(text: string, o: { pageBreakBefore?: boolean; bookmark?: string } = {}): Paragraph {
  const run = new TextRun({ text, bold: true, font: HEAD, size: 44 });
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    pageBreakBefore: o.pageBreakBefore,
    spacing: { after: 240 },
    keepNext: true,
    children: [o.bookmark ? new Bookmark({ id: o.bookmark, children: [run] }) : run],
  });
}

/** the text width of PAGE (A4 11906 twips less the margins) */
const TEXT_WIDTH = 11906 - PAGE.margin.left - PAGE.margin.right;

/**
 * One line of a table of contents: the title, a dotted leader and the page the bookmarked title falls on
 * (a PAGEREF field: LibreOffice lays it out itself; Word fills it when it updates the fields on opening).
 */
export function tocLine(text: string, bookmark: string): Paragraph {
  return new Paragraph({
    spacing: { line: 440, after: 40 },
    tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH, leader: LeaderType.DOT }],
    children: [new TextRun({ children: [text, new Tab()], font: FONT, size: 28 }), new PageReference(bookmark)],
  });
}

export function sectionHeading(text: string): Paragraph {
  return new Paragraph({ spacing: { before: 160, after: 60, line: 440 }, keepNext: true, keepLines: true, children: [new TextRun({ text, bold: true, font: HEAD, size: 28 })] });
}

const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const borders = { top: border, bottom: border, left: border, right: border };

/** A two-column form (label | value), as the 登记表 and 回访记录 are printed. */
export function formTable(rows: [string, string | null | undefined][]): Table {
  const cell = (text: string, bold: boolean, width: number) =>
    new TableCell({
      borders,
      width: { size: width, type: WidthType.PERCENTAGE },
      children: (text || ' ').split(/\n+/).map((t) => new Paragraph({ spacing: { line: 380 }, children: [new TextRun({ text: t, bold, font: bold ? HEAD : FONT, size: 24 })] })),
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(([k, v]) => new TableRow({ cantSplit: true, children: [cell(k, true, 24), cell(v?.trim() || '', false, 76)] })),
  });
}

type Party = typeof disputeParties.$inferSelect;
export const ROLE = (r: string) => (r === 'applicant' ? '申请人' : '被申请人');

function ageOn(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * The parties as the 司法部 formats list them, each on its own lines: name, 性别, 民族, 年龄; 住址; 身份证号码
 * and phone. The identity number is the masked form unless `reveal` (the caller checked the permission and audits it).
 * A 民族 not recorded leaves a blank to fill in by hand.
 */
export function partyParagraphs(parties: Party[], cipher: Cipher, on: string, reveal: boolean): Paragraph[] {
  const out: Paragraph[] = [];
  for (const p of parties) {
    const role = ROLE(p.role);
    if (p.kind === 'organisation') {
      out.push(line(`${role}：${p.name}（单位）`));
      out.push(line(`住所：${p.address ?? '＿＿＿＿＿＿＿＿'}${p.phone ? `　联系电话：${p.phone}` : ''}`, { indent: true }));
      continue;
    }
    let sex = '＿＿';
    let age = '＿＿';
    let full: string | null = null;
    if (p.idNumberEnc) {
      full = cipher.decrypt(p.idNumberEnc);
      const r = validateIdNumber(full, { today: on });
      if (r.ok) {
        sex = r.sex === 'male' ? '男' : '女';
        age = `${ageOn(r.birthDate, on)}岁`;
      }
    }
    out.push(line(`${role}：${p.name}　性别：${sex}　民族：${p.ethnicity ?? '＿＿＿'}　年龄：${age}`));
    out.push(line(`住址：${p.address ?? '＿＿＿＿＿＿＿＿＿＿＿＿'}`, { indent: true }));
    const id = reveal && full ? full : (p.idNumberMasked ?? '＿＿＿＿＿＿＿＿＿＿');
    out.push(line(`身份证号码：${id}${p.phone ? `　联系电话：${p.phone}` : ''}`, { indent: true }));
  }
  return out;
}

/**
 * The signature block: one line per party, the mediator(s) and the recorder, then the committee and the date.
 * Every paragraph keeps with the next and the block starts by keeping `lead` (the last paragraph of the text)
 * with it, so the block never stands alone at the top of a page.
 */
export function signatureBlock(lead: Paragraph[], o: { parties: Party[]; mediators: string | null; recorder: string | null; committee: string; date: string }): Paragraph[] {
  const keep = (t: string, p: P = {}) => line(t, { keepNext: true, line: 440, ...p });
  return [
    ...lead.map((p) => p), // already built with keepNext by the caller
    keep('当事人（签名、盖章或按指印）：', { before: 120 }),
    ...o.parties.map((p) => keep(`${ROLE(p.role)}　${p.name}：＿＿＿＿＿＿＿＿＿＿`, { indent: true })),
    keep(`人民调解员（签名）：${o.mediators ?? ''}＿＿＿＿＿＿＿＿`),
    keep(`记录人（签名）：${o.recorder ?? ''}＿＿＿＿＿＿＿＿`),
    keep(`${o.committee}（盖章）`, { align: 'right', before: 120 }),
    line(o.date, { align: 'right', line: 440 }),
  ];
}
