/**
 * Downloadable .xlsx templates (SPEC §9): one sheet per data file (named by its key, as the importer
 * expects), Chinese headings (required ones marked *), an example row (skipped on import if left as is),
 * dictionaries as drop-down lists (from a hidden 字典 sheet), and a 说明 sheet describing every column.
 */
import ExcelJS from 'exceljs';
import { BUNDLE_FILES, TEMPLATE_KEYWORD, type BundleColumn, type BundleFileName } from '../../../core/bundle-format.ts';
import type { DbOrTx } from '../../db/client.ts';
import { configuredFiles } from './choices.ts';
import { xlsxCell } from './exporter.ts';

const TYPE_TEXT: Record<BundleColumn['type'], string> = {
  text: '文本',
  code: '代码（文本）',
  date: '日期 YYYY-MM-DD',
  month: '月份 YYYY-MM',
  integer: '整数',
  year: '年份（4位）',
  decimal: '数字',
  boolean: '是/否',
  enum: '从下拉列表选择',
  list: '多个用分号；分隔',
  sentence: '月数，或“无期”“死刑”',
};

function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

export function describeColumn(c: BundleColumn): string {
  const parts = [TYPE_TEXT[c.type]];
  if (c.type === 'enum' && c.dict) parts.push(`可选：${c.dict.map((e) => e.label).join('、')}`);
  if (c.note) parts.push(c.note);
  return parts.join('；');
}

/** exceljs 4 has range validations at runtime, not in its typings */
const validations = (ws: ExcelJS.Worksheet) => (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;

export async function buildTemplate(db: DbOrTx, names?: BundleFileName[]): Promise<Buffer> {
  const files = await configuredFiles(db, names?.length ? BUNDLE_FILES.filter((f) => names.includes(f.name)) : BUNDLE_FILES);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Wusong 无讼';
  wb.created = new Date();
  wb.keywords = TEMPLATE_KEYWORD;

  const help = wb.addWorksheet('说明');
  help.columns = [
    { header: '工作表（文件）', key: 'file', width: 26 },
    { header: '列标题', key: 'label', width: 22 },
    { header: '列名', key: 'key', width: 24 },
    { header: '必填', key: 'required', width: 6 },
    { header: '填写说明', key: 'desc', width: 70 },
  ];
  help.getRow(1).font = { bold: true };
  help.addRow({ file: '使用方法：每个工作表对应一个数据文件，表名不要修改；第1行为列标题（可用中文或列名），第2行为示例（原样保留时导入会跳过）。' });
  help.addRow({ file: '日期写作 2024-03-15 或设为日期格式；是/否列填“是”“否”；空白表示没有；同一编号重复导入时只更新有变化的记录。' });
  for (const f of files) {
    help.addRow({ file: `${f.name}（${f.label}）`, label: f.note ?? '', key: f.key.length ? `唯一键：${f.key.join('+')}` : '' }).font = { bold: true };
    for (const c of f.columns) help.addRow({ file: '', label: c.label, key: c.key, required: c.required ? '是' : '', desc: describeColumn(c) });
  }

  // dictionaries: one column per enum column, on a hidden sheet
  const dict = wb.addWorksheet('字典', { state: 'hidden' });
  let dictCol = 0;
  const listOf = new Map<string, string>();
  const ensureList = (id: string, values: string[]) => {
    if (listOf.has(id)) return listOf.get(id)!;
    dictCol++;
    const L = colLetter(dictCol);
    dict.getCell(`${L}1`).value = id;
    values.forEach((v, i) => (dict.getCell(`${L}${i + 2}`).value = v));
    const ref = `'字典'!$${L}$2:$${L}$${values.length + 1}`;
    listOf.set(id, ref);
    return ref;
  };

  for (const f of files) {
    const ws = wb.addWorksheet(f.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = f.columns.map((c) => ({
      header: c.required ? `${c.label}*` : c.label,
      key: c.key,
      width: Math.max(14, [...c.label].length * 2 + 4),
      style: c.type === 'date' ? { numFmt: 'yyyy-mm-dd' } : c.type === 'code' || c.type === 'text' || c.type === 'month' ? { numFmt: '@' } : undefined,
    }));
    const head = ws.getRow(1);
    head.font = { bold: true };
    head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF0F2F5' } };
    f.columns.forEach((c, i) => {
      head.getCell(i + 1).note = `${c.key}：${describeColumn(c)}`;
    });
    const example = ws.addRow(f.columns.map((c) => xlsxCell(f, c.key, c.example)));
    example.font = { italic: true, color: { argb: 'FF8C8C8C' } };
    f.columns.forEach((c, i) => {
      const range = `${colLetter(i + 1)}2:${colLetter(i + 1)}2000`;
      let formula: string | null = null;
      if (c.type === 'enum' && c.dict) formula = ensureList(`${f.name}.${c.key}`, c.dict.map((e) => e.label));
      if (c.type === 'boolean') formula = ensureList('是否', ['是', '否']);
      if (formula) {
        validations(ws).add(range, {
          type: 'list',
          allowBlank: !c.required,
          formulae: [formula],
          showErrorMessage: true,
          errorStyle: 'warning',
          errorTitle: c.label,
          error: `请从下拉列表中选择${c.label}`,
        });
      } else if (c.type === 'date') {
        validations(ws).add(range, {
          type: 'date',
          operator: 'between',
          allowBlank: true,
          formulae: [new Date(Date.UTC(1990, 0, 1)), new Date(Date.UTC(2100, 11, 31))],
          showErrorMessage: true,
          errorStyle: 'warning',
          errorTitle: c.label,
          error: '请填写日期，如 2024-03-15',
        });
      }
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

