/**
 * The data exchange bundle (数据包, SPEC §9): every file, its key and its columns, each column with its key,
 * a distinct Chinese label, its type and an example. The importer, the exporter, the .xlsx templates, the
 * web import page and the README all read this one table. Pure: no I/O, never throws.
 *
 * Cell values are parsed into canonical values:
 *   text / code → string · date → 'YYYY-MM-DD' · month → 'YYYY-MM' · integer / year → number ·
 *   decimal → exact decimal text without trailing zeros · boolean → boolean · enum → key ·
 *   list → string[] · sentence → { months, text } · blank → null (everywhere).
 */
import {
  parseBoolean,
  parseDate,
  parseDecimal,
  parseEnum,
  parseInteger,
  parseMonth,
  type EnumEntry,
  type ParseResult,
} from './bundle-values.ts';
import {
  CHANNELS,
  CHECKLIST_ITEMS,
  CHECKLIST_STATUSES,
  COURT_CASE_KINDS,
  DISPUTE_CATEGORIES,
  DISPUTE_STATES,
  INCIDENT_TYPES,
  LEVELS,
  MEDIATION_RESULTS,
  PARTY_KINDS,
  PARTY_ROLES,
  PERSONNEL_ROLES,
  REGION_LEVELS,
  RISK_LEVELS,
  SOURCE_TYPES,
  UNIT_TYPES,
} from './dictionaries.ts';

export type ColumnType = 'text' | 'code' | 'date' | 'month' | 'integer' | 'year' | 'decimal' | 'boolean' | 'enum' | 'list' | 'sentence';

/** A sentence (刑期): months, or 无期/死刑 stored as {@link LIFE_SENTENCE_MONTHS} with its text. */
export interface Sentence {
  months: number;
  text: string | null;
}
/** 无期徒刑 and 死刑 count as more than 36 months (SPEC §5); stored as this many months. */
export const LIFE_SENTENCE_MONTHS = 999;
export const MAX_SENTENCE_MONTHS = 600;

export type CellValue = string | number | boolean | string[] | Sentence | null;

export interface BundleColumn {
  key: string;
  /** distinct Chinese heading (templates, README, exports to .xlsx) */
  label: string;
  type: ColumnType;
  required?: boolean;
  dict?: readonly EnumEntry[];
  min?: number;
  max?: number;
  maxLength?: number;
  /** further headings accepted on import (e.g. `status` for `state`) */
  headingAliases?: readonly string[];
  /** example value (canonical form), written in the template's example row */
  example: CellValue;
  /** one line of help for the template and README */
  note?: string;
}

export interface BundleFile {
  name: BundleFileName;
  label: string;
  /** the columns identifying a row (SPEC §9); empty for `parties` (a dispute's rows replace its set) */
  key: readonly string[];
  columns: readonly BundleColumn[];
  note?: string;
}

/**
 * The file with one enum column's choices replaced by a configured dictionary — dispute categories are
 * configurable (SPEC §4.5), so the town's own categories import, export with their labels and appear in the
 * template's drop-downs. Aliases of the default entries are kept.
 */
export function withChoices(file: BundleFile, key: string, choices: readonly { key: string; label: string }[]): BundleFile {
  return {
    ...file,
    columns: file.columns.map((c) =>
      c.key === key && c.type === 'enum' ? { ...c, dict: choices.map((e) => ({ key: e.key, label: e.label, aliases: c.dict?.find((d) => d.key === e.key)?.aliases ?? [] })) } : c,
    ),
  };
}

/** The files in the order they are imported (a file may refer to rows of the files before it). */
export const BUNDLE_FILE_NAMES = [
  'regions',
  'units',
  'population',
  'boundaries',
  'city_benchmarks',
  'court_cases',
  'prelitigation_mediations',
  'platform_disputes',
  'incidents',
  'source_counts',
  'personnel',
  'checklist',
  'disputes',
  'parties',
] as const;
export type BundleFileName = (typeof BUNDLE_FILE_NAMES)[number];

/** Court case instances (审级). */
export const COURT_INSTANCES = [
  { key: 'first', label: '一审' },
  { key: 'second', label: '二审' },
  { key: 'retrial', label: '再审' },
] as const;
export type CourtInstance = (typeof COURT_INSTANCES)[number]['key'];

// dictionaries as parse entries, with a few further spellings people type
const withAliases = (dict: readonly { key: string; label: string }[], aliases: Record<string, string[]> = {}): EnumEntry[] =>
  dict.map((e) => ({ key: e.key, label: e.label, aliases: aliases[e.key] ?? [] }));

const REGION_LEVEL_ENTRIES = withAliases(REGION_LEVELS, {
  county: ['县', '区', '县区', '县（市、区）', '县级市'],
  town: ['乡镇', '镇', '乡', '街道'],
  village: ['行政村'],
  community: ['居委会'],
});
const UNIT_TYPE_ENTRIES = withAliases(UNIT_TYPES, {
  town_centre: ['镇矛调中心/综治中心', '矛调中心', '综治中心'],
  labour_office: ['人社所'],
  court: ['法院/人民法庭', '法院', '人民法庭'],
});
const CHECKLIST_ITEM_ENTRIES: EnumEntry[] = CHECKLIST_ITEMS.map((e) => ({ key: e.key, label: e.label, aliases: [e.code] }));
const MEDIATION_RESULT_ENTRIES = withAliases(MEDIATION_RESULTS, {
  success: ['调解成功', '成功调解'],
  failure: ['调解失败', '调解不成', '不成功'],
  pending: ['未结案', '进行中', '在办'],
});

const E = (dict: readonly { key: string; label: string }[]) => withAliases(dict);

const col = (c: BundleColumn) => c;

export const BUNDLE_FILES: readonly BundleFile[] = [
  {
    name: 'regions',
    label: '地区',
    key: ['code'],
    columns: [
      col({ key: 'code', label: '地区代码', type: 'code', required: true, maxLength: 40, example: '331099100001', note: '12位统计用区划代码；网格可用自编代码' }),
      col({ key: 'name', label: '地区名称', type: 'text', required: true, maxLength: 100, example: '示例村' }),
      col({ key: 'level', label: '层级', type: 'enum', required: true, dict: REGION_LEVEL_ENTRIES, example: 'village' }),
      col({ key: 'parent_code', label: '上级地区代码', type: 'code', maxLength: 40, example: '331099100000' }),
      col({ key: 'aliases', label: '别名', type: 'list', example: ['示例村村委会'], note: '多个别名用分号“；”分隔；导入时与已有别名合并' }),
      col({ key: 'active', label: '是否启用', type: 'boolean', example: true, note: '空 = 启用' }),
    ],
  },
  {
    name: 'units',
    label: '单位',
    key: ['id'],
    columns: [
      col({ key: 'id', label: '单位编号', type: 'code', required: true, maxLength: 100, example: 'vc-331099100001' }),
      col({ key: 'name', label: '单位名称', type: 'text', required: true, maxLength: 100, example: '示例村调委会' }),
      col({ key: 'type', label: '单位类型', type: 'enum', required: true, dict: UNIT_TYPE_ENTRIES, example: 'village_committee' }),
      col({ key: 'region_code', label: '所在地区代码', type: 'code', required: true, maxLength: 40, example: '331099100001' }),
    ],
  },
  {
    name: 'population',
    label: '常住人口',
    key: ['region_code', 'year'],
    columns: [
      col({ key: 'region_code', label: '地区代码', type: 'code', required: true, maxLength: 40, example: '331099100001' }),
      col({ key: 'year', label: '年度', type: 'year', required: true, example: 2024 }),
      col({ key: 'residents', label: '常住人口数', type: 'integer', required: true, min: 0, max: 100_000_000, example: 3000 }),
    ],
  },
  {
    name: 'boundaries',
    label: '地区边界',
    key: ['region_code'],
    note: '地图用的村（社区）、乡镇边界：每行一个地区，几何为 GeoJSON 面（Polygon 或 MultiPolygon），WGS-84 经纬度',
    columns: [
      col({ key: 'region_code', label: '地区代码', type: 'code', required: true, maxLength: 40, example: '331099100001' }),
      col({
        key: 'geometry',
        label: '边界几何（GeoJSON）',
        type: 'text',
        required: true,
        example: '{"type":"Polygon","coordinates":[[[120.1,29.3],[120.11,29.3],[120.11,29.31],[120.1,29.3]]]}',
        note: 'GeoJSON 的 geometry 对象；Excel 单元格最多 32767 个字符，更长的边界请用 CSV',
      }),
    ],
  },
  {
    name: 'city_benchmarks',
    label: '全市万人起诉率',
    key: ['city_code', 'year'],
    columns: [
      col({ key: 'city_code', label: '市代码', type: 'code', maxLength: 40, example: null, note: '空 = 本系统所在的市' }),
      col({ key: 'year', label: '年度', type: 'year', required: true, example: 2023 }),
      col({ key: 'litigation_rate_per_10k', label: '万人起诉率', type: 'decimal', required: true, min: 0, example: '92.5' }),
    ],
  },
  {
    name: 'court_cases',
    label: '法院一审案件',
    key: ['case_no'],
    columns: [
      col({ key: 'case_no', label: '案号', type: 'text', required: true, maxLength: 100, example: '(2024)浙9999民初1234号' }),
      col({ key: 'kind', label: '案件类型', type: 'enum', dict: E(COURT_CASE_KINDS), example: 'civil', note: '空 = 按案号判断' }),
      col({ key: 'instance', label: '审级', type: 'enum', dict: E(COURT_INSTANCES), example: 'first', note: '空 = 按案号判断' }),
      col({ key: 'filed_on', label: '立案日期', type: 'date', required: true, example: '2024-03-15' }),
      col({ key: 'defendant_region_code', label: '被告所在地区代码', type: 'code', maxLength: 40, example: null, note: '填写后优先于地址' }),
      col({ key: 'defendant_address', label: '被告住址', type: 'text', maxLength: 500, example: '示例县示例镇示例村12号' }),
    ],
  },
  {
    name: 'prelitigation_mediations',
    label: '诉前调解案件',
    key: ['case_no'],
    columns: [
      col({ key: 'case_no', label: '诉前调解案号', type: 'text', required: true, maxLength: 100, example: '(2024)浙9999民诉前调567号' }),
      col({ key: 'received_on', label: '收案日期', type: 'date', required: true, example: '2024-04-01' }),
      col({ key: 'concluded_on', label: '结案日期', type: 'date', example: '2024-04-20' }),
      col({ key: 'result', label: '调解结果', type: 'enum', required: true, dict: MEDIATION_RESULT_ENTRIES, example: 'success' }),
      col({ key: 'party_region_code', label: '当事人所在地区代码', type: 'code', maxLength: 40, example: '331099100001' }),
      col({ key: 'defendant_region_code', label: '被申请人所在地区代码', type: 'code', maxLength: 40, example: null, note: '填写后优先于地址' }),
      col({ key: 'defendant_address', label: '被申请人住址', type: 'text', maxLength: 500, example: '示例镇示例村5号' }),
    ],
  },
  {
    name: 'platform_disputes',
    label: '调解平台纠纷',
    key: ['platform_no'],
    columns: [
      col({ key: 'platform_no', label: '平台编号', type: 'text', required: true, maxLength: 100, example: 'TJ-示例-0001' }),
      col({ key: 'unit_region_code', label: '受理单位所在地区代码', type: 'code', required: true, maxLength: 40, example: '331099100001' }),
      col({ key: 'accepted_on', label: '受理日期', type: 'date', required: true, example: '2024-05-06' }),
      col({ key: 'concluded_on', label: '办结日期', type: 'date', example: '2024-05-20' }),
      col({ key: 'result', label: '化解结果', type: 'enum', required: true, dict: MEDIATION_RESULT_ENTRIES, example: 'success' }),
    ],
  },
  {
    name: 'incidents',
    label: '否决事项',
    key: ['id'],
    columns: [
      col({ key: 'id', label: '事项编号', type: 'code', required: true, maxLength: 100, example: 'SJ-示例-001' }),
      col({ key: 'type', label: '事项类型', type: 'enum', required: true, dict: E(INCIDENT_TYPES), example: 'intentional_crime' }),
      col({ key: 'region_code', label: '发生地区代码', type: 'code', required: true, maxLength: 40, example: '331099100001' }),
      col({ key: 'occurred_on', label: '发生日期', type: 'date', required: true, example: '2024-06-10' }),
      col({
        key: 'sentence_months',
        label: '刑期（月）',
        type: 'sentence',
        example: { months: 18, text: null },
        note: '月数；“无期”“死刑”计为36个月以上；空 = 尚未判决',
      }),
      col({ key: 'description', label: '事项描述', type: 'text', maxLength: 2000, example: '邻里纠纷引发故意伤害' }),
    ],
  },
  {
    name: 'source_counts',
    label: '四源月度数',
    key: ['region_code', 'month', 'source'],
    columns: [
      col({ key: 'region_code', label: '地区代码', type: 'code', required: true, maxLength: 40, example: '331099100000' }),
      col({ key: 'month', label: '月份', type: 'month', required: true, example: '2024-03', note: 'YYYY-MM' }),
      col({ key: 'source', label: '来源', type: 'enum', required: true, dict: E(SOURCE_TYPES), example: 'police' }),
      col({ key: 'count', label: '数量', type: 'integer', required: true, min: 0, max: 10_000_000, example: 12 }),
    ],
  },
  {
    name: 'personnel',
    label: '人员名册',
    key: ['id'],
    columns: [
      col({ key: 'id', label: '人员编号', type: 'code', required: true, maxLength: 100, example: 'RY-示例-0001' }),
      col({ key: 'name', label: '姓名', type: 'text', required: true, maxLength: 50, example: '张示例' }),
      col({ key: 'role', label: '人员类别', type: 'enum', required: true, dict: E(PERSONNEL_ROLES), example: 'legal_literate' }),
      col({ key: 'region_code', label: '所属地区代码', type: 'code', required: true, maxLength: 40, example: '331099100001' }),
      col({ key: 'phone', label: '联系电话', type: 'text', maxLength: 40, example: '13800138000' }),
      col({ key: 'since', label: '起始日期', type: 'date', example: '2023-01-01' }),
      col({ key: 'until', label: '截止日期', type: 'date', example: null, note: '空 = 仍在任' }),
      col({ key: 'joined_platform', label: '是否入驻调解平台', type: 'boolean', example: false, note: '空 = 否' }),
    ],
  },
  {
    name: 'checklist',
    label: '考评项目',
    key: ['region_code', 'year', 'item'],
    columns: [
      col({ key: 'region_code', label: '地区代码', type: 'code', required: true, maxLength: 40, example: '331099100001' }),
      col({ key: 'year', label: '年度', type: 'year', required: true, example: 2024 }),
      col({ key: 'item', label: '考评项目', type: 'enum', required: true, dict: CHECKLIST_ITEM_ENTRIES, example: 'village_rules_non_litigation', note: '项目标识、编号（V1…/T1…）或名称' }),
      col({ key: 'status', label: '评定结果', type: 'enum', required: true, dict: E(CHECKLIST_STATUSES), example: 'met' }),
      col({ key: 'evidence', label: '佐证说明', type: 'text', maxLength: 5000, example: '村规民约第八条写入非诉解纷' }),
    ],
  },
  {
    name: 'disputes',
    label: '矛盾纠纷',
    key: ['id'],
    columns: [
      // the number people know comes first; the id is the key that ties parties to their dispute
      col({ key: 'number', label: '纠纷序号', type: 'text', maxLength: 60, example: '示例-2024-0001', note: '空 = 自动编号' }),
      col({ key: 'id', label: '纠纷编号', type: 'code', required: true, maxLength: 100, example: 'JF-示例-0001' }),
      col({ key: 'query_code', label: '查询码', type: 'code', maxLength: 40, example: null, note: '空 = 自动生成' }),
      col({ key: 'region_code', label: '发生地区代码', type: 'code', required: true, maxLength: 40, example: '331099100001' }),
      col({ key: 'received_on', label: '登记日期', type: 'date', required: true, example: '2024-03-02' }),
      col({ key: 'channel', label: '来源渠道', type: 'enum', required: true, dict: E(CHANNELS), example: 'walk_in' }),
      col({ key: 'category', label: '纠纷类别', type: 'enum', required: true, dict: E(DISPUTE_CATEGORIES), example: 'neighbour' }),
      col({ key: 'summary', label: '纠纷概要', type: 'text', required: true, maxLength: 5000, example: '相邻宅基地排水纠纷' }),
      col({ key: 'people_count', label: '涉及人数', type: 'integer', min: 1, max: 100_000, example: 2, note: '空 = 1' }),
      col({ key: 'amount', label: '涉及金额（元）', type: 'decimal', min: 0, example: '5000' }),
      col({ key: 'risk_level', label: '风险等级', type: 'enum', dict: E(RISK_LEVELS), example: 'general', note: '空 = 一般' }),
      col({ key: 'may_turn_criminal', label: '可能民转刑', type: 'boolean', example: false, note: '空 = 否' }),
      col({ key: 'threatens_petition', label: '扬言上访', type: 'boolean', example: false, note: '空 = 否' }),
      col({ key: 'state', label: '办理状态', type: 'enum', required: true, dict: E(DISPUTE_STATES), headingAliases: ['status'], example: 'resolved' }),
      col({ key: 'level', label: '办理层级', type: 'enum', dict: E(LEVELS), example: 'village' }),
      col({ key: 'concluded_on', label: '办结日期', type: 'date', example: '2024-03-10' }),
    ],
  },
  {
    name: 'parties',
    label: '当事人',
    key: [],
    note: '一个纠纷的当事人行整体替换该纠纷原有的当事人',
    columns: [
      col({ key: 'dispute_id', label: '所属纠纷编号', type: 'code', required: true, maxLength: 100, example: 'JF-示例-0001' }),
      col({ key: 'role', label: '当事人身份', type: 'enum', required: true, dict: E(PARTY_ROLES), example: 'applicant' }),
      col({ key: 'kind', label: '当事人类型', type: 'enum', dict: E(PARTY_KINDS), example: 'person', note: '空 = 自然人' }),
      col({ key: 'name', label: '当事人姓名（名称）', type: 'text', required: true, maxLength: 100, example: '李四' }),
      col({ key: 'id_number', label: '身份证号', type: 'text', maxLength: 40, example: '11010519491231002X', note: '请以文本格式填写' }),
      col({ key: 'phone', label: '当事人电话', type: 'text', maxLength: 40, example: '13900139000' }),
      col({ key: 'address', label: '当事人住址', type: 'text', maxLength: 500, example: '示例镇示例村8号' }),
      col({ key: 'ethnicity', label: '民族', type: 'text', maxLength: 20, example: '汉族', note: '自然人填写，如“汉族”（“汉”亦可）' }),
    ],
  },
];

const BY_NAME = new Map(BUNDLE_FILES.map((f) => [f.name, f]));

export function bundleFile(name: BundleFileName): BundleFile {
  return BY_NAME.get(name)!;
}

const foldName = (s: string) => s.normalize('NFKC').trim().toLowerCase();

/** The bundle file a CSV file name (without .csv) or a sheet name stands for: its key or its Chinese label. */
export function fileForName(name: string): BundleFile | undefined {
  const n = foldName(name).replace(/\.csv$/i, '');
  return BUNDLE_FILES.find((f) => f.name === n || foldName(f.label) === n);
}

// ---------------------------------------------------------------------------------------------------
// Headers
// ---------------------------------------------------------------------------------------------------

export interface HeaderProblem {
  /** 1-based column position in the file */
  position: number | null;
  column: string | null;
  reason: string;
}

export interface HeaderMap {
  /** column per position (index into the row's cells); undefined = ignored */
  columns: (BundleColumn | undefined)[];
  present: Set<string>;
  errors: HeaderProblem[];
  warnings: HeaderProblem[];
}

/** Heading text: trimmed, width-folded, a trailing * (required mark in templates) dropped. */
function foldHeading(v: unknown): string {
  let s = cellText(v) ?? '';
  s = s.replace(/[*＊]+$/u, '').trim();
  return foldName(s);
}

/** Maps a header row (row 1) to columns: keys or Chinese labels; unknown columns are warnings. */
export function resolveHeader(file: BundleFile, header: readonly unknown[]): HeaderMap {
  const columns: (BundleColumn | undefined)[] = [];
  const present = new Set<string>();
  const errors: HeaderProblem[] = [];
  const warnings: HeaderProblem[] = [];
  const lookup = new Map<string, BundleColumn>();
  for (const c of file.columns) {
    lookup.set(foldName(c.key), c);
    lookup.set(foldName(c.label), c);
    for (const a of c.headingAliases ?? []) lookup.set(foldName(a), c);
  }
  header.forEach((raw, i) => {
    const h = foldHeading(raw);
    if (h === '') return;
    const c = lookup.get(h);
    if (!c) {
      warnings.push({ position: i + 1, column: String(cellText(raw)), reason: `未知的列“${cellText(raw)}”，已忽略` });
      return;
    }
    if (present.has(c.key)) {
      errors.push({ position: i + 1, column: c.key, reason: `列“${c.label}”（${c.key}）重复出现` });
      return;
    }
    present.add(c.key);
    columns[i] = c;
  });
  for (const c of file.columns) {
    if (c.required && !present.has(c.key)) errors.push({ position: null, column: c.key, reason: `缺少必填列“${c.label}”（${c.key}）` });
  }
  return { columns, present, errors, warnings };
}

// ---------------------------------------------------------------------------------------------------
// Cells
// ---------------------------------------------------------------------------------------------------

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const fail = <T = never>(reason: string): ParseResult<T> => ({ ok: false, reason });

/** Text of a cell (string, number, Date, exceljs rich text / formula / hyperlink); null when blank. */
export function cellText(v: unknown, depth = 0): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    return v.toISOString().slice(0, 10);
  }
  if (typeof v === 'object' && depth < 3) {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) {
      return cellText(o.richText.map((p) => (p && typeof p === 'object' ? String((p as { text?: unknown }).text ?? '') : '')).join(''), depth + 1);
    }
    if ('result' in o) return cellText(o.result, depth + 1);
    if ('text' in o) return cellText(o.text, depth + 1);
    if ('error' in o) return null;
  }
  return null;
}

function isBlank(v: unknown): boolean {
  return cellText(v) === null;
}

const LIFE_WORDS: Record<string, string> = {
  无期: '无期',
  无期徒刑: '无期',
  死刑: '死刑',
  死缓: '死刑',
  死刑缓期执行: '死刑',
  死刑缓期二年执行: '死刑',
  life: '无期',
  death: '死刑',
};

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 0–99 written in Arabic or Chinese numerals (“六”, “十”, “十二”, “二十五”); null when it is neither. */
function smallNumber(t: string): number | null {
  if (/^\d{1,3}$/.test(t)) return Number(t);
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(t);
  if (!m || !t) return t.length === 1 && t in CN_DIGITS ? CN_DIGITS[t] : null;
  if (!m[2]) return m[3] ? null : CN_DIGITS[m[1]!];
  return (m[1] ? CN_DIGITS[m[1]] : 1) * 10 + (m[3] ? CN_DIGITS[m[3]] : 0);
}

/**
 * A fixed-term sentence as a judgment writes it — “有期徒刑一年六个月”, “有期徒刑3年”, “拘役五个月”, “一年六个月” —
 * in months (SPEC §9); null when the text is not one.
 */
export function sentenceMonthsOf(text: string): number | null {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  const m = /^(?:有期徒刑|拘役|管制)?(?:([0-9一二两三四五六七八九十]+)年)?(?:(?:又)?([0-9一二两三四五六七八九十]+)(?:个)?月)?$/.exec(t);
  if (!m || (!m[1] && !m[2])) return null;
  const years = m[1] ? smallNumber(m[1]) : 0;
  const months = m[2] ? smallNumber(m[2]) : 0;
  if (years === null || months === null) return null;
  return years * 12 + months;
}

function parseSentence(v: unknown): ParseResult<Sentence | null> {
  const t = cellText(v);
  if (t === null) return ok(null);
  const word = LIFE_WORDS[t.normalize('NFKC').replace(/\s+/g, '').toLowerCase()];
  if (word) return ok({ months: LIFE_SENTENCE_MONTHS, text: word });
  const written = sentenceMonthsOf(t);
  // the judgment's wording is kept (the exporter writes it back as it came)
  if (written !== null && written <= MAX_SENTENCE_MONTHS) return ok({ months: written, text: t });
  const n = parseInteger(v, { min: 0, max: MAX_SENTENCE_MONTHS });
  if (!n.ok) return fail(`刑期应为月数（0–${MAX_SENTENCE_MONTHS}），或“无期”“死刑”：${t.slice(0, 40)}`);
  return ok(n.value === null ? null : { months: n.value, text: null });
}

/** Canonical decimal text (no trailing zeros after the point). */
export function canonicalDecimal(s: string): string {
  if (!s.includes('.')) return s;
  const t = s.replace(/0+$/, '').replace(/\.$/, '');
  return t === '-0' ? '0' : t;
}

/** Parses one cell for a column (blank → null; whether it is required is checked by {@link parseRow}). */
export function parseCell(c: BundleColumn, v: unknown): ParseResult<CellValue> {
  switch (c.type) {
    case 'text':
    case 'code': {
      if (v instanceof Date) return fail('应为文本，不应是日期');
      const t = cellText(v);
      if (t === null) return ok(null);
      if (c.maxLength && [...t].length > c.maxLength) return fail(`长度不能超过${c.maxLength}个字符`);
      if (c.type === 'code' && /\s/u.test(t)) return fail(`代码中不能有空格：${t.slice(0, 40)}`);
      return ok(t);
    }
    case 'date':
      return parseDate(v);
    case 'month':
      return parseMonth(v);
    case 'integer':
      return parseInteger(v, { min: c.min, max: c.max });
    case 'year':
      return parseInteger(v, { min: 1990, max: 2100 });
    case 'decimal': {
      const r = parseDecimal(v, 6, { allowNegative: (c.min ?? 0) < 0, maxIntegerDigits: 12 });
      if (!r.ok || r.value === null) return r;
      return ok(canonicalDecimal(r.value));
    }
    case 'boolean':
      return parseBoolean(v);
    case 'enum':
      return parseEnum(v, c.dict ?? []);
    case 'list': {
      const t = cellText(v);
      if (t === null) return ok(null);
      const items = [...new Set(t.split(/[;；]/u).map((s) => s.trim()).filter(Boolean))];
      for (const i of items) if ([...i].length > 100) return fail('每个别名不能超过100个字符');
      return ok(items);
    }
    case 'sentence':
      return parseSentence(v);
  }
}

export interface CellError {
  column: string;
  reason: string;
}

export type RowValues = Record<string, CellValue>;

export interface ParsedRow {
  values: RowValues;
  errors: CellError[];
  /** true when every cell is blank (the row is skipped, still counted) */
  blank: boolean;
}

/** Parses a data row against a resolved header: every cell, required columns. */
export function parseRow(file: BundleFile, header: HeaderMap, cells: readonly unknown[]): ParsedRow {
  const values: RowValues = {};
  const errors: CellError[] = [];
  let blank = true;
  for (let i = 0; i < header.columns.length; i++) {
    const c = header.columns[i];
    if (!c) continue;
    const raw = cells[i];
    if (!isBlank(raw)) blank = false;
    const r = parseCell(c, raw);
    if (!r.ok) errors.push({ column: c.key, reason: r.reason });
    else values[c.key] = r.value;
  }
  if (blank) {
    // a row with text only in ignored columns is blank for us too
    return { values, errors: [], blank: true };
  }
  for (const c of file.columns) {
    if (c.required && header.present.has(c.key) && values[c.key] == null && !errors.some((e) => e.column === c.key)) {
      errors.push({ column: c.key, reason: '不能为空' });
    }
  }
  return { values, errors, blank };
}

/** Keyword our .xlsx templates carry in their document properties: only there is row 2 an example. */
export const TEMPLATE_KEYWORD = 'wusong-template';

/** Whether a parsed row is exactly the template's example row (skipped on import, with a warning). */
export function isExampleRow(file: BundleFile, values: RowValues): boolean {
  return file.columns.every((c) => {
    const v = values[c.key] ?? null;
    return JSON.stringify(v) === JSON.stringify(c.example ?? null);
  });
}

// ---------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------

export type CellStyle = 'keys' | 'labels';

/**
 * A canonical value as a cell: `keys` writes enum keys and true/false (CSV, for scripts), `labels` writes
 * Chinese labels and 是/否 (.xlsx, for people). Dates and months stay 'YYYY-MM-DD' / 'YYYY-MM' text here;
 * the xlsx writer may turn dates into date cells.
 */
export function formatCell(c: BundleColumn, v: CellValue | undefined, style: CellStyle): string | number | null {
  if (v === null || v === undefined) return null;
  switch (c.type) {
    case 'enum': {
      if (style === 'keys') return String(v);
      return c.dict?.find((e) => e.key === v)?.label ?? String(v);
    }
    case 'boolean':
      return style === 'keys' ? (v ? 'true' : 'false') : v ? '是' : '否';
    case 'list':
      return (v as string[]).length ? (v as string[]).join(';') : null;
    case 'sentence': {
      const s = v as Sentence;
      return s.text ?? s.months;
    }
    case 'integer':
    case 'year':
      return v as number;
    default:
      return String(v);
  }
}

/** The label with the key, e.g. “立案日期(filed_on)”, for messages. */
export function columnTitle(file: BundleFile, key: string): string {
  const c = file.columns.find((x) => x.key === key);
  return c ? `${c.label}（${c.key}）` : key;
}

// ---------------------------------------------------------------------------------------------------
// Import reports (the CLI prints them, the web import page shows them)
// ---------------------------------------------------------------------------------------------------

/** A rejected row or cell (an error), or something worth knowing (a warning). */
export interface ImportProblem {
  file: string | null;
  /** as shown to people: "court_cases.csv", 工作表“court_cases” */
  source: string | null;
  /** Excel-style row number (header = 1); null for a whole file */
  row: number | null;
  column: string | null;
  columnLabel: string | null;
  reason: string;
}

export interface ImportFileReport {
  file: BundleFileName;
  label: string;
  source: string;
  rows: number;
  add: number;
  update: number;
  unchanged: number;
  reject: number;
  skipped: number;
}

export interface ImportChange {
  file: BundleFileName;
  row: number;
  key: string;
  action: 'add' | 'update';
  fields?: { column: string; before: unknown; after: unknown }[];
}

export interface ImportReport {
  ok: boolean;
  dryRun: boolean;
  committed: boolean;
  files: ImportFileReport[];
  totals: { add: number; update: number; unchanged: number; reject: number };
  errors: ImportProblem[];
  errorCount: number;
  warnings: ImportProblem[];
  warningCount: number;
  /** rows to add or update (details of updates), up to a limit */
  changes: ImportChange[];
  changeCount: number;
}
