/** Small Word (.docx) building blocks for the bulletin and the December summary (A4, 宋体/黑体). */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
} from 'docx';
import { chineseDate } from '../../../core/chinese.ts';

const BODY = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体' };
const HEAD = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' };

export function title(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 240 },
    children: [new TextRun({ text, bold: true, size: 36, font: HEAD })],
  });
}

export function subtitle(text: string): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text, size: 24, font: BODY })] });
}

export function heading(text: string): Paragraph {
  return new Paragraph({ spacing: { before: 240, after: 120 }, children: [new TextRun({ text, bold: true, size: 28, font: HEAD })] });
}

export function para(text: string, opts: { indent?: boolean; size?: number } = {}): Paragraph {
  return new Paragraph({
    spacing: { after: 120, line: 360 },
    indent: opts.indent === false ? undefined : { firstLine: 480 },
    children: [new TextRun({ text, size: opts.size ?? 24, font: BODY })],
  });
}

const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const borders = { top: border, bottom: border, left: border, right: border };

function cell(text: string, bold = false): TableCell {
  return new TableCell({
    borders,
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, bold, size: 21, font: bold ? HEAD : BODY })] })],
  });
}

export type DocCell = string | number | null | undefined;

export function table(headers: string[], rows: DocCell[][]): Table {
  const text = (v: DocCell) => (v === null || v === undefined ? '—' : String(v));
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((v) => cell(text(v))) })),
    ],
  });
}

/** What makes a paper issuable (from the year's settings): 文号, 发文机关, 主送, 抄送 and the issue date. */
export interface Issue {
  number: string;
  issuingBody: string;
  mainRecipients: string;
  copyTo: string;
  /** YYYY-MM-DD, printed in Chinese */
  date: string;
}

/** The 文号 under the title and the 主送 line. */
export function issueHead(i: Issue): Paragraph[] {
  return [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text: i.number, size: 24, font: BODY })] }),
    ...(i.mainRecipients ? [para(`${i.mainRecipients}：`, { indent: false })] : []),
  ];
}

/** The 落款 (issuing body, date in Chinese) kept together with the paragraph before it, then the 抄送 line. */
export function issueFoot(i: Issue): Paragraph[] {
  const right = (text: string, keepNext: boolean, before = 0) =>
    new Paragraph({ alignment: AlignmentType.RIGHT, keepNext, keepLines: true, spacing: { before }, children: [new TextRun({ text, size: 24, font: BODY })] });
  return [
    right(i.issuingBody, true, 480),
    right(chineseDate(i.date), false),
    ...(i.copyTo
      ? [
          new Paragraph({
            spacing: { before: 480 },
            border: { top: { style: BorderStyle.SINGLE, size: 6, color: '000000' }, bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000' } },
            children: [new TextRun({ text: `抄送：${i.copyTo}。`, size: 21, font: BODY })],
          }),
        ]
      : []),
  ];
}

export function signature(lines: string[]): Paragraph[] {
  return lines.map(
    (l) => new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 120 }, children: [new TextRun({ text: l, size: 24, font: BODY })] }),
  );
}

export async function docxBuffer(children: FileChild[]): Promise<Buffer> {
  const doc = new Document({
    creator: 'Wusong 无讼',
    styles: { default: { document: { run: { font: BODY, size: 24 } } } },
    sections: [{ properties: { page: { margin: { top: 1440, bottom: 1440, left: 1300, right: 1300 } } }, children }],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}

/** Formats a number for documents: up to `digits` decimals, no trailing zeros. */
export function fmt(v: number | null | undefined, digits = 2): string | null {
  if (v === null || v === undefined) return null;
  return String(Math.round(v * 10 ** digits) / 10 ** digits);
}

/** Formats a fraction (0–1) as a percentage. */
export function pct(v: number | null | undefined, digits = 1): string | null {
  if (v === null || v === undefined) return null;
  return `${fmt(v * 100, digits)}%`;
}
