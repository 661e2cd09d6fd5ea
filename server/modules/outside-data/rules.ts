/**
 * Validation and derivation of outside-data records (SPEC §5), shared by the forms (service.ts) and the
 * bundle importer (exchange): both hand over values keyed by the bundle's column keys and get back the
 * row to store, or errors per column.
 */
import { normalizeCaseNumberText, parseCaseNumber, PRELITIGATION_HINT } from '../../../core/case-number.ts';
import { LIFE_SENTENCE_MONTHS, type RowValues, type Sentence, type CellError } from '../../../core/bundle-format.ts';
import { cityBenchmarks, courtCases, incidents, platformDisputes, prelitigationMediations, sourceCounts } from '../../db/schema/index.ts';
import type { RegionLevel } from '../../../core/address-match.ts';
import { TOWN_OR_BELOW } from '../../../core/regions.ts';
import type { Attribution, RegionContext } from './region-context.ts';


export type CourtCaseRow = typeof courtCases.$inferInsert;
export type PrelitigationRow = typeof prelitigationMediations.$inferInsert;
export type PlatformRow = typeof platformDisputes.$inferInsert;
export type IncidentRow = typeof incidents.$inferInsert;
export type BenchmarkRow = typeof cityBenchmarks.$inferInsert;
export type SourceCountRow = typeof sourceCounts.$inferInsert;

export interface Derived<T> {
  row: T | null;
  errors: CellError[];
  /** notes worth reporting (unattributed, waiting for a village) */
  warnings: CellError[];
  /** village candidates when the record waits in the resolution queue */
  candidates?: string[];
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

const KIND_LABEL: Record<string, string> = { civil: '民事', criminal: '刑事', administrative: '行政', enforcement: '执行', prelitigation: '诉前调解', other: '其他' };
const INSTANCE_LABEL: Record<string, string> = { first: '一审', second: '二审', retrial: '再审' };

// the importer asks for the keys of a batch of rows, then derives them: parse each number once (a batch is at
// most a few thousand rows; the cache starts afresh when it is full)
const PARSED_MAX = 8192;
const parsedCache = new Map<string, ReturnType<typeof parseCaseNumber>>();
function parsed(raw: string) {
  let p = parsedCache.get(raw);
  if (!p) {
    if (parsedCache.size >= PARSED_MAX) parsedCache.clear();
    p = parseCaseNumber(raw);
    parsedCache.set(raw, p);
  }
  return p;
}

/** The key a case number is stored under: the canonical form of a standard 案号, else the text width-folded. */
export function caseNoKey(raw: string): string {
  const p = parsed(raw);
  return p.ok ? p.normalized : normalizeCaseNumberText(raw);
}

function isPrelitigationText(raw: string): boolean {
  return normalizeCaseNumberText(raw).includes('诉前调');
}

function attributionWarnings(a: Attribution, column: string): CellError[] {
  return a.note ? [{ column, reason: a.note }] : [];
}

/** 法院一审案件: kind and instance from the 案号 when standard; a 诉前调 number is refused with a hint. */
export function deriveCourtCase(v: RowValues, rc: RegionContext): Derived<CourtCaseRow> {
  const errors: CellError[] = [];
  const raw = str(v.case_no) ?? '';
  const givenKind = str(v.kind);
  const givenInstance = str(v.instance);
  const p = parsed(raw);
  let caseNo = p.ok ? p.normalized : normalizeCaseNumberText(raw);
  let kind: string | null = givenKind;
  let instance: string | null = givenInstance;
  let year: number | null = null;
  if (p.ok) {
    caseNo = p.normalized;
    year = p.year;
    if (!p.isCourtCase) {
      errors.push({ column: 'case_no', reason: `“${p.normalized}”是诉前调解案号，不是法院案件：${PRELITIGATION_HINT}（prelitigation_mediations）` });
    } else if (p.kind !== 'civil' && p.kind !== 'criminal' && p.kind !== 'administrative') {
      errors.push({ column: 'case_no', reason: `“${p.normalized}”是${KIND_LABEL[p.kind] ?? p.kind}案件（${p.typeCode}），不是民事、刑事或行政案件` });
    } else {
      if (givenKind && givenKind !== p.kind) {
        errors.push({ column: 'kind', reason: `与案号不一致：案号“${p.typeCode}”为${KIND_LABEL[p.kind]}案件，填写的是${KIND_LABEL[givenKind] ?? givenKind}` });
      }
      kind = p.kind;
      if (p.instance) {
        if (givenInstance && givenInstance !== p.instance) {
          errors.push({ column: 'instance', reason: `与案号不一致：案号“${p.typeCode}”为${INSTANCE_LABEL[p.instance]}，填写的是${INSTANCE_LABEL[givenInstance] ?? givenInstance}` });
        }
        instance = p.instance;
      } else if (!givenInstance) {
        errors.push({ column: 'instance', reason: `无法从案号“${p.typeCode}”判断审级，请填写审级` });
      }
    }
  } else if (isPrelitigationText(raw)) {
    errors.push({ column: 'case_no', reason: `“${raw}”是诉前调解案号，不是法院案件：${PRELITIGATION_HINT}（prelitigation_mediations）` });
  } else {
    if (!givenKind) errors.push({ column: 'kind', reason: `案号不是标准格式（${p.reason}），请填写案件类型` });
    if (!givenInstance) errors.push({ column: 'instance', reason: `案号不是标准格式（${p.reason}），请填写审级` });
  }
  if (caseNo === '') errors.push({ column: 'case_no', reason: '不能为空' });
  const filedOn = str(v.filed_on);
  if (!filedOn) errors.push({ column: 'filed_on', reason: '不能为空' });
  if (year !== null && filedOn && Number(filedOn.slice(0, 4)) < year) {
    errors.push({ column: 'filed_on', reason: `立案日期${filedOn}早于案号年份${year}` });
  }
  return withDefendant(v, rc, errors, () => ({ caseNo, kind: kind!, instance: instance!, year, filedOn: filedOn! }));
}

/** Attributes the defendant (code, else address) and completes the row; nothing when there are errors. */
function withDefendant<T>(v: RowValues, rc: RegionContext, errors: CellError[], base: () => Omit<T, 'defendantRegionCode' | 'defendantAddress' | 'townCode' | 'matchStatus'>): Derived<T> {
  const a = rc.attribute(str(v.defendant_region_code), str(v.defendant_address), 'defendant_region_code');
  if (!a.ok) errors.push(a.error);
  if (errors.length || !a.ok) return { row: null, errors, warnings: [] };
  return {
    row: { ...base(), defendantRegionCode: a.value.regionCode, defendantAddress: str(v.defendant_address), townCode: a.value.townCode, matchStatus: a.value.matchStatus } as T,
    errors,
    warnings: attributionWarnings(a.value, str(v.defendant_region_code) ? 'defendant_region_code' : 'defendant_address'),
    candidates: a.value.candidates,
  };
}

function checkConcluded(v: RowValues, receivedKey: string, errors: CellError[]) {
  const received = str(v[receivedKey]);
  const concluded = str(v.concluded_on);
  const result = str(v.result);
  if (received && concluded && concluded < received) errors.push({ column: 'concluded_on', reason: `结案日期${concluded}早于${receivedKey === 'received_on' ? '收案' : '受理'}日期${received}` });
  if (result === 'pending' && concluded) errors.push({ column: 'concluded_on', reason: '调解结果为“未结”时不应填写结案日期' });
  if ((result === 'success' || result === 'failure') && !concluded) errors.push({ column: 'concluded_on', reason: '已结案件（成功或失败）须填写结案日期' });
}

/** 诉前调解案件: case number, dates, result, the party's region and the defendant's (code or address). */
export function derivePrelitigation(v: RowValues, rc: RegionContext): Derived<PrelitigationRow> {
  const errors: CellError[] = [];
  const raw = str(v.case_no) ?? '';
  const caseNo = caseNoKey(raw);
  if (caseNo === '') errors.push({ column: 'case_no', reason: '不能为空' });
  const p = parsed(raw);
  if (p.ok && p.isCourtCase) {
    errors.push({ column: 'case_no', reason: `“${p.normalized}”是法院${KIND_LABEL[p.kind] ?? ''}案件案号，不是诉前调解案号；法院案件请在 court_cases 文件中导入` });
  }
  if (!str(v.received_on)) errors.push({ column: 'received_on', reason: '不能为空' });
  if (!str(v.result)) errors.push({ column: 'result', reason: '不能为空' });
  checkConcluded(v, 'received_on', errors);
  const party = str(v.party_region_code) ? requiredRegion(v, 'party_region_code', rc, '当事人所在地区', errors) : null;
  const partyRegion = party?.code ?? null;
  const partyTown = party?.townCode ?? null;
  return withDefendant(v, rc, errors, () => ({
    caseNo,
    receivedOn: str(v.received_on)!,
    concludedOn: str(v.concluded_on),
    result: str(v.result)!,
    partyRegionCode: partyRegion,
    partyTownCode: partyTown,
  }));
}

/** A required region code (checked: exists, in scope, of a local level); the error goes into `errors`. */
function requiredRegion(v: RowValues, column: string, rc: RegionContext, what: string, errors: CellError[], levels: readonly RegionLevel[] | null = TOWN_OR_BELOW) {
  const code = str(v[column]);
  if (!code) {
    errors.push({ column, reason: '不能为空' });
    return null;
  }
  const c = rc.checkCode(code, levels, what);
  if (!c.ok) {
    errors.push({ column, reason: c.reason });
    return null;
  }
  return c.region;
}

/** 调解平台纠纷 accepted by a grassroots unit: the unit's region is a code. */
export function derivePlatform(v: RowValues, rc: RegionContext): Derived<PlatformRow> {
  const errors: CellError[] = [];
  const no = (str(v.platform_no) ?? '').normalize('NFKC').replace(/\s+/g, '');
  if (!no) errors.push({ column: 'platform_no', reason: '不能为空' });
  if (!str(v.accepted_on)) errors.push({ column: 'accepted_on', reason: '不能为空' });
  if (!str(v.result)) errors.push({ column: 'result', reason: '不能为空' });
  checkConcluded(v, 'accepted_on', errors);
  const region = requiredRegion(v, 'unit_region_code', rc, '受理单位所在地区', errors);
  if (errors.length || !region) return { row: null, errors, warnings: [] };
  return {
    row: {
      platformNo: no,
      unitRegionCode: region.code,
      acceptedOn: str(v.accepted_on)!,
      concludedOn: str(v.concluded_on),
      result: str(v.result)!,
      townCode: region.townCode,
      matchStatus: 'code',
    },
    errors,
    warnings: [],
  };
}

const SENTENCED_TYPES = new Set(['intentional_crime', 'negligent_crime', 'major_civil_to_criminal']);

/** 否决事项: type, region, date; a sentence only for crimes (无期/死刑 count as more than 36 months). */
export function deriveIncident(v: RowValues, rc: RegionContext): Derived<IncidentRow> {
  const errors: CellError[] = [];
  const id = str(v.id);
  if (!id) errors.push({ column: 'id', reason: '不能为空' });
  const type = str(v.type);
  if (!type) errors.push({ column: 'type', reason: '不能为空' });
  if (!str(v.occurred_on)) errors.push({ column: 'occurred_on', reason: '不能为空' });
  const sentence = (v.sentence_months ?? null) as Sentence | null;
  if (sentence && type && !SENTENCED_TYPES.has(type)) errors.push({ column: 'sentence_months', reason: '只有刑事案件（故意犯罪、过失犯罪、重大民转刑）填写刑期' });
  const region = requiredRegion(v, 'region_code', rc, '发生地区', errors);
  if (errors.length || !region) return { row: null, errors, warnings: [] };
  return {
    row: {
      id: id!,
      type: type!,
      regionCode: region.code,
      occurredOn: str(v.occurred_on)!,
      sentenceMonths: sentence ? sentence.months : null,
      sentenceText: sentence ? sentence.text : null,
      description: str(v.description),
      townCode: region.townCode,
      matchStatus: 'code',
    },
    errors,
    warnings: [],
  };
}

/** The sentence of a stored incident, in bundle form. */
export function sentenceOf(row: { sentenceMonths: number | null; sentenceText: string | null }): Sentence | null {
  if (row.sentenceMonths === null || row.sentenceMonths === undefined) return null;
  if (row.sentenceText) return { months: row.sentenceMonths, text: row.sentenceText };
  if (row.sentenceMonths >= LIFE_SENTENCE_MONTHS) return { months: row.sentenceMonths, text: '无期' };
  return { months: row.sentenceMonths, text: null };
}

/** 全市万人起诉率: an empty city code is the deployment's own city; a given one must be a known city. */
export function deriveBenchmark(v: RowValues, rc: RegionContext): Derived<BenchmarkRow> {
  const errors: CellError[] = [];
  const city = str(v.city_code) ?? '';
  if (city) {
    const r = rc.get(city);
    if (!r) errors.push({ column: 'city_code', reason: `市代码不存在：${city}` });
    else if (r.level !== 'city') errors.push({ column: 'city_code', reason: `“${r.name}”不是市` });
  }
  const year = v.year as number | null;
  if (year === null || year === undefined) errors.push({ column: 'year', reason: '不能为空' });
  const rate = str(v.litigation_rate_per_10k);
  if (!rate) errors.push({ column: 'litigation_rate_per_10k', reason: '不能为空' });
  if (errors.length) return { row: null, errors, warnings: [] };
  return { row: { cityCode: city, year: year!, litigationRatePer10k: rate! }, errors, warnings: [] };
}

/** 四源共治 monthly counts (enforcement, police, petition) per region. */
export function deriveSourceCount(v: RowValues, rc: RegionContext): Derived<SourceCountRow> {
  const errors: CellError[] = [];
  const region = requiredRegion(v, 'region_code', rc, '地区', errors, null);
  for (const k of ['month', 'source', 'count']) if (v[k] === null || v[k] === undefined) errors.push({ column: k, reason: '不能为空' });
  if (errors.length || !region) return { row: null, errors, warnings: [] };
  return { row: { regionCode: region.code, month: str(v.month)!, source: str(v.source)!, count: v.count as number, townCode: region.townCode }, errors, warnings: [] };
}
