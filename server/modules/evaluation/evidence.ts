/**
 * Evidence drill-down (SPEC §7: "every number opens the list of records behind it"): for a region (town or
 * village/community), a year, an as-of date and an indicator or standard id, the records the number was
 * counted from — with exactly the attribution rules of `gather.ts`.
 */
import {
  CHECKLIST_ITEM_KEYS,
  INDICATOR_LABELS,
  STANDARD_LABELS,
  type IndicatorId,
} from '../../../core/evaluation/index.ts';
import {
  CHECKLIST_STATUSES,
  COURT_CASE_KINDS,
  INCIDENT_TYPES,
  MEDIATION_RESULTS,
  PERSONNEL_ROLES,
  labelOf,
} from '../../../core/dictionaries.ts';
import { maskPhone } from '../../../core/id-number.ts';
import type { Database } from '../../db/client.ts';
import { invalid } from '../../errors.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { getRegion } from '../regions/service.ts';
import { isVillageLevel } from './gather.ts';
import { checkPeriod, evaluationSettings, runEvaluation } from './service.ts';
import { ratioParts, type RatioPart } from '../../../core/evaluation/ratios.ts';
import { MATCH_STATUS_LABELS } from '../../../core/dictionaries.ts';

export type Cell = string | number | boolean | null;
export interface EvidenceColumn {
  key: string;
  label: string;
}
export interface EvidenceGroup {
  key: string;
  label: string;
  total: number;
  truncated: boolean;
  columns: EvidenceColumn[];
  rows: Record<string, Cell>[];
}
export interface Evidence {
  year: number;
  asOf: string;
  region: { code: string; name: string; level: string };
  indicator: string;
  label: string;
  ratios: RatioPart[];
  note: string | null;
  groups: EvidenceGroup[];
}

const MATCH_LABELS = MATCH_STATUS_LABELS;

/** Where a record lies: the region's SQL condition on a table's town and region columns. */
interface Place {
  code: string;
  level: string;
  path: string;
  isTown: boolean;
}
function placeCond(place: Place, townCol: string, regionCol: string, p: number): { sql: string; params: unknown[] } {
  if (place.isTown) {
    return {
      sql: `(${townCol} = $${p} or (${townCol} is null and ${regionCol} in (select code from regions where town_code = $${p} or code = $${p})))`,
      params: [place.code],
    };
  }
  return { sql: `${regionCol} in (select code from regions where path like $${p})`, params: [place.path.replace(/[\\%_]/g, (c) => `\\${c}`) + '%'] };
}

interface GroupSpec {
  key: string;
  label: string;
  columns: EvidenceColumn[];
  /** select … from … where (without order/limit); `$1` = Y-01-01, `$2` = D */
  from: string;
  params: unknown[];
  order: string;
  map(row: Record<string, unknown>): Record<string, Cell>;
}

const regionName = (alias: string, col: string) => `(select name from regions where code = ${alias}.${col}) as ${col}_name`;

function courtCases(place: Place, kinds: readonly string[] | null, key: string, label: string): GroupSpec {
  const c = placeCond(place, 'c.town_code', 'c.defendant_region_code', 3);
  const kindCond = kinds ? ` and c.kind = any($${3 + c.params.length}::text[])` : '';
  return {
    key,
    label,
    columns: [
      { key: 'caseNo', label: '案号' },
      { key: 'kind', label: '案件类型' },
      { key: 'filedOn', label: '立案日期' },
      { key: 'region', label: '被告所在地' },
      { key: 'address', label: '被告地址' },
      { key: 'match', label: '归属方式' },
    ],
    from: `select c.case_no, c.kind, c.filed_on, c.defendant_address, c.match_status, ${regionName('c', 'defendant_region_code')}
             from court_cases c
            where c.instance = 'first' and c.filed_on >= $1 and c.filed_on <= $2 and ${c.sql}${kindCond}`,
    params: [...c.params, ...(kinds ? [kinds] : [])],
    order: 'c.filed_on, c.case_no',
    map: (r) => ({
      caseNo: r.case_no as string,
      kind: labelOf(COURT_CASE_KINDS, r.kind as string),
      filedOn: r.filed_on as string,
      region: (r.defendant_region_code_name as string) ?? null,
      address: (r.defendant_address as string) ?? null,
      match: MATCH_LABELS[r.match_status as string] ?? (r.match_status as string),
    }),
  };
}

function prelitigation(place: Place, by: 'defendant' | 'party', asOf: string, key: string, label: string, onlyConcluded = false): GroupSpec {
  const c =
    by === 'defendant'
      ? placeCond(place, 'm.town_code', 'm.defendant_region_code', 3)
      : placeCond(place, 'm.party_town_code', 'm.party_region_code', 3);
  return {
    key,
    label,
    columns: [
      { key: 'caseNo', label: '案号' },
      { key: 'receivedOn', label: '收案日期' },
      { key: 'concludedOn', label: '结案日期' },
      { key: 'result', label: `结果（截至${asOf}）` },
      { key: 'partyRegion', label: '当事人所在地' },
      { key: 'defendantRegion', label: '被告所在地' },
    ],
    from: `select m.case_no, m.received_on, m.concluded_on, m.result, ${regionName('m', 'party_region_code')}, ${regionName('m', 'defendant_region_code')}
             from prelitigation_mediations m
            where m.received_on >= $1 and m.received_on <= $2 and ${c.sql}${onlyConcluded ? ` and m.result in ('success', 'failure') and m.concluded_on <= $2` : ''}`,
    params: c.params,
    order: 'm.received_on, m.case_no',
    map: (r) => ({
      caseNo: r.case_no as string,
      receivedOn: r.received_on as string,
      concludedOn: (r.concluded_on as string) ?? null,
      result: resultAsOf(r.result as string, r.concluded_on as string | null, asOf),
      partyRegion: (r.party_region_code_name as string) ?? null,
      defendantRegion: (r.defendant_region_code_name as string) ?? null,
    }),
  };
}

function resultAsOf(result: string, concludedOn: string | null, asOf: string): string {
  if (result === 'success' || result === 'failure') {
    if (concludedOn === null) return '未结（无结案日期）';
    if (concludedOn > asOf) return `未结（${concludedOn}结案，晚于截止日）`;
  }
  return labelOf(MEDIATION_RESULTS, result);
}

function platformDisputes(place: Place, asOf: string, onlyConcluded: boolean): GroupSpec {
  const c = placeCond(place, 'p.town_code', 'p.unit_region_code', 3);
  return {
    key: onlyConcluded ? 'platform_concluded' : 'platform',
    label: onlyConcluded ? '已办结的调解平台纠纷' : '调解平台受理的纠纷',
    columns: [
      { key: 'platformNo', label: '平台编号' },
      { key: 'acceptedOn', label: '受理日期' },
      { key: 'concludedOn', label: '办结日期' },
      { key: 'result', label: `结果（截至${asOf}）` },
      { key: 'region', label: '受理单位所在地' },
    ],
    from: `select p.platform_no, p.accepted_on, p.concluded_on, p.result, ${regionName('p', 'unit_region_code')}
             from platform_disputes p
            where p.accepted_on >= $1 and p.accepted_on <= $2 and ${c.sql}${onlyConcluded ? ` and p.result in ('success', 'failure') and p.concluded_on <= $2` : ''}`,
    params: c.params,
    order: 'p.accepted_on, p.platform_no',
    map: (r) => ({
      platformNo: r.platform_no as string,
      acceptedOn: r.accepted_on as string,
      concludedOn: (r.concluded_on as string) ?? null,
      result: resultAsOf(r.result as string, r.concluded_on as string | null, asOf),
      region: (r.unit_region_code_name as string) ?? null,
    }),
  };
}

const INCIDENT_FILTERS: Record<string, { label: string; where: string }> = {
  intentional_crimes: { label: '故意犯罪刑事案件', where: `i.type = 'intentional_crime'` },
  intentional_crimes_3y_plus: { label: '判处三年以上有期徒刑的故意犯罪', where: `i.type = 'intentional_crime' and i.sentence_months >= 36` },
  unsentenced_intentional_crimes: { label: '尚未判决的故意犯罪', where: `i.type = 'intentional_crime' and i.sentence_months is null` },
  major_civil_to_criminal: { label: '重大民转刑案件', where: `i.type = 'major_civil_to_criminal'` },
  collective_petitions: { label: '集体上访', where: `i.type = 'collective_petition'` },
  mass_incidents: { label: '群体性事件', where: `i.type = 'mass_incident'` },
  beijing_petitions: { label: '进京访', where: `i.type = 'beijing_petition'` },
  abnormal_petitions: { label: '非正常信访', where: `i.type = 'abnormal_petition'` },
};

function sentenceText(months: number | null, text: string | null): string {
  if (months === null) return '尚未判决';
  if (months >= 999) return text || '无期徒刑或死刑';
  return text || `${months}个月`;
}

function incidentGroup(place: Place, id: string): GroupSpec {
  const f = INCIDENT_FILTERS[id];
  const c = placeCond(place, 'i.town_code', 'i.region_code', 3);
  return {
    key: id,
    label: f.label,
    // an incident's id is internal (demo-inc-3): it is known by type, date and place
    columns: [
      { key: 'type', label: '类型' },
      { key: 'occurredOn', label: '发生日期' },
      { key: 'region', label: '地区' },
      { key: 'sentence', label: '刑期' },
      { key: 'description', label: '情况' },
    ],
    from: `select i.id, i.type, i.occurred_on, i.sentence_months, i.sentence_text, i.description, ${regionName('i', 'region_code')}
             from incidents i
            where i.occurred_on >= $1 and i.occurred_on <= $2 and ${c.sql} and ${f.where}`,
    params: c.params,
    order: 'i.occurred_on, i.id',
    map: (r) => ({
      id: r.id as string,
      type: labelOf(INCIDENT_TYPES, r.type as string),
      occurredOn: r.occurred_on as string,
      region: (r.region_code_name as string) ?? null,
      sentence: r.type === 'intentional_crime' ? sentenceText(r.sentence_months as number | null, r.sentence_text as string | null) : null,
      description: (r.description as string) ?? null,
    }),
  };
}

function personnelGroup(place: Place, role: 'rule_of_law_leader' | 'legal_literate'): GroupSpec {
  // $1 is unused by the date window here: people count when active on D ($2)
  const c = place.isTown
    ? { sql: `coalesce(pe.village_code, pe.region_code) in (select code from regions where town_code = $3)`, params: [place.code] }
    : {
        sql: `(pe.village_code = $3 or (pe.village_code is null and pe.region_code in (select code from regions where path like $4)))`,
        params: [place.code, place.path + '%'],
      };
  return {
    key: role,
    label: `${labelOf(PERSONNEL_ROLES, role)}（截止日在岗）`,
    columns: [
      { key: 'name', label: '姓名' },
      { key: 'role', label: '类别' },
      { key: 'region', label: '所在地区' },
      { key: 'phone', label: '电话' },
      { key: 'since', label: '起始日期' },
      { key: 'until', label: '终止日期' },
    ],
    from: `select pe.id, pe.name, pe.role, pe.phone, pe.since, pe.until, ${regionName('pe', 'region_code')}
             from personnel pe
            where $1::date <= $2::date and pe.role = '${role}' and (pe.since is null or pe.since <= $2) and (pe.until is null or pe.until >= $2) and ${c.sql}`,
    params: c.params,
    order: 'pe.name, pe.id',
    map: (r) => ({
      name: r.name as string,
      role: labelOf(PERSONNEL_ROLES, r.role as string),
      region: (r.region_code_name as string) ?? null,
      phone: maskPhone(r.phone as string | null) || null,
      since: (r.since as string) ?? null,
      until: (r.until as string) ?? null,
    }),
  };
}

function checklistGroup(place: Place, year: number, ids: string[]): GroupSpec {
  const items = ids.map((id) => CHECKLIST_ITEM_KEYS[id as keyof typeof CHECKLIST_ITEM_KEYS]);
  return {
    key: 'checklist',
    label: '检查项评定',
    columns: [
      { key: 'standard', label: '标准' },
      { key: 'item', label: '检查项' },
      { key: 'status', label: '评定结果' },
      { key: 'evidence', label: '佐证材料' },
      { key: 'assessedBy', label: '评定人' },
      { key: 'assessedOn', label: '评定日期' },
    ],
    from: `select k.item, k.status, k.evidence, k.assessed_by, k.assessed_on
             from checklist_items k
            where $1::date <= $2::date and k.region_code = $3 and k.year = $4 and k.item = any($5::text[])`,
    params: [place.code, year, items],
    order: 'k.item',
    map: (r) => {
      const id = ids.find((x) => CHECKLIST_ITEM_KEYS[x as keyof typeof CHECKLIST_ITEM_KEYS] === r.item) ?? '';
      return {
        standard: id,
        item: STANDARD_LABELS[id as keyof typeof STANDARD_LABELS] ?? (r.item as string),
        status: labelOf(CHECKLIST_STATUSES, r.status as string),
        evidence: (r.evidence as string) ?? null,
        assessedBy: (r.assessed_by as string) ?? null,
        assessedOn: (r.assessed_on as string) ?? null,
      };
    },
  };
}

const PETITIONS = ['collective_petitions', 'mass_incidents', 'beijing_petitions', 'abnormal_petitions'];

/** Indicator and standard ids the drill-down accepts, with the groups behind each. */
function specsFor(id: string, place: Place, year: number, asOf: string, kinds: readonly string[], successBase: 'concluded' | 'received' = 'concluded'): GroupSpec[] | null {
  const counted = () => courtCases(place, kinds, 'court_cases', '计入万人起诉率的一审案件');
  const civil = () => courtCases(place, ['civil'], 'civil_cases', '一审民事案件（分流率分母）');
  const preDef = () => prelitigation(place, 'defendant', asOf, 'prelitigation', '被告在本辖区的诉前调解案件');
  const preConcluded = () => prelitigation(place, 'defendant', asOf, 'prelitigation_concluded', '已办结的诉前调解案件（成功率分母）', true);
  const preParty = () => prelitigation(place, 'party', asOf, 'prelitigation_party', '当事人在本辖区的诉前调解案件（受理纠纷比分母）');
  switch (id) {
    case 'litigation_rate_per_10k':
    case 'V6':
    case 'T10':
      return [counted()];
    case 'prelitigation_success_rate':
      // the denominator the year's settings chose (SPEC §7 prelitigationSuccessBase)
      return successBase === 'received' ? [prelitigation(place, 'defendant', asOf, 'prelitigation', '受理的诉前调解案件（成功率分母，含未结）')] : [preConcluded()];
    case 'prelitigation_diversion_rate':
      return [preDef(), civil()];
    case 'T11':
      return [preDef(), civil()];
    case 'platform_acceptance_ratio':
      return [platformDisputes(place, asOf, false), preParty()];
    case 'platform_success_rate':
      return [platformDisputes(place, asOf, true)];
    case 'T7':
      return [platformDisputes(place, asOf, false), preParty()];
    case 'rule_of_law_leaders':
      return [personnelGroup(place, 'rule_of_law_leader')];
    case 'legal_literates':
      return [personnelGroup(place, 'legal_literate')];
    case 'V3':
      return [personnelGroup(place, 'rule_of_law_leader'), personnelGroup(place, 'legal_literate')];
    case 'V4':
      return [incidentGroup(place, 'intentional_crimes'), incidentGroup(place, 'major_civil_to_criminal')];
    case 'T8':
      return [incidentGroup(place, 'intentional_crimes'), incidentGroup(place, 'major_civil_to_criminal')];
    case 'V5':
    case 'T9':
      return PETITIONS.map((p) => incidentGroup(place, p));
    case 'V1':
    case 'V2':
    case 'T1':
    case 'T2':
    case 'T3':
    case 'T4':
    case 'T5':
    case 'T6':
      return [checklistGroup(place, year, [id])];
    default:
      if (id in INCIDENT_FILTERS) return [incidentGroup(place, id)];
      return null;
  }
}

export interface EvidenceParams {
  year: number;
  asOf?: string | null;
  region: string;
  indicator: string;
  /** max rows per group (JSON); the export takes them all */
  limit?: number;
}

const EXPORT_CAP = 200_000;

const RATIO_IDS = new Set(['litigation_rate_per_10k', 'V6', 'T10', 'prelitigation_success_rate', 'prelitigation_diversion_rate', 'T11', 'platform_acceptance_ratio', 'platform_success_rate', 'T7', 'litigation_free_village_share', 'T12']);

/** Numerator and denominator of every ratio behind the id, from the same evaluation run the figures come from. */
async function ratiosFor(database: Database, actor: Actor, p: EvidenceParams, region: { code: string; townCode: string | null; level: string }, asOf: string): Promise<RatioPart[]> {
  if (!RATIO_IDS.has(p.indicator)) return [];
  const townCode = region.level === 'town' ? region.code : region.townCode;
  if (!townCode) return [];
  const run = await runEvaluation(database, actor, { year: p.year, asOf, town: townCode });
  const town = run.gathered.towns.find((t) => t.code === townCode);
  if (!town) return [];
  const settings = run.gathered.settings;
  if (region.level === 'town') return ratioParts(p.indicator, { town, villageResults: run.full.towns.find((t) => t.code === townCode)?.villages }, settings);
  const village = town.villages.find((v) => v.code === region.code);
  return village ? ratioParts(p.indicator, { town, village }, settings) : [];
}

/** The records behind one number of the evaluation. */
export async function evidenceFor(database: Database, actor: Actor, p: EvidenceParams): Promise<Evidence> {
  requirePermission(actor, 'evaluation.read');
  const asOf = checkPeriod(p.year, p.asOf, true);
  const region = await getRegion(database.db, actor, p.region);
  const isTown = region.level === 'town';
  if (!isTown && !isVillageLevel(region.level)) throw invalid('只能查看乡镇（街道）或村（社区）的考评明细');
  const place: Place = { code: region.code, level: region.level, path: region.path, isTown };
  const start = `${String(p.year).padStart(4, '0')}-01-01`;
  const label =
    (INDICATOR_LABELS as Record<string, string>)[p.indicator] ?? (STANDARD_LABELS as Record<string, string>)[p.indicator] ?? p.indicator;
  const base = { year: p.year, asOf, region: { code: region.code, name: region.name, level: region.level }, indicator: p.indicator, label };

  if (p.indicator === 'litigation_free_village_share' || p.indicator === 'T12') {
    if (!isTown) throw invalid('无讼村（社区）占比只对乡镇（街道）计算');
    const run = await runEvaluation(database, actor, { year: p.year, asOf, town: region.code });
    const town = run.report.towns[0];
    const rows = (town?.villages ?? []).map((v) => ({
      code: v.code,
      name: v.name,
      passed: v.passed === true ? '无讼村（社区）' : v.passed === false ? '未达标' : '未定',
      reason: v.reason,
      failed: Object.entries(v.standards)
        .filter(([, s]) => s.passed === false)
        .map(([k]) => k)
        .join('、') || null,
    }));
    return {
      ...base,
      ratios: await ratiosFor(database, actor, p, region, asOf),
      note: '本乡镇截止日有效的村（社区）及其考评结果',
      groups: [
        {
          key: 'villages',
          label: '村（社区）考评结果',
          total: rows.length,
          truncated: false,
          columns: [
            { key: 'code', label: '代码' },
            { key: 'name', label: '名称' },
            { key: 'passed', label: '结果' },
            { key: 'failed', label: '未达标的标准' },
            { key: 'reason', label: '未定原因' },
          ],
          rows,
        },
      ],
    };
  }

  const settings = await evaluationSettings(database, p.year);
  const specs = specsFor(p.indicator, place, p.year, asOf, settings.countedCaseKinds, settings.prelitigationSuccessBase);
  if (!specs) throw invalid(`未知的考评指标：${p.indicator}`);
  if (!isTown && /^T\d+$/.test(p.indicator)) throw invalid(`${p.indicator} 是乡镇（街道）标准`);
  if (isTown && /^V\d+$/.test(p.indicator)) throw invalid(`${p.indicator} 是村（社区）标准`);
  const limit = Math.min(p.limit ?? 1000, EXPORT_CAP);
  const groups: EvidenceGroup[] = [];
  for (const s of specs) {
    const params = [start, asOf, ...s.params];
    const [{ n }] = await database.query<{ n: number }>(`select count(*)::int as n from (${s.from}) x`, params);
    const rows = await database.query<Record<string, unknown>>(`${s.from} order by ${s.order} limit ${limit}`, params);
    groups.push({ key: s.key, label: s.label, total: n, truncated: n > rows.length, columns: s.columns, rows: rows.map(s.map) });
  }
  let note: string | null = null;
  if (p.indicator === 'litigation_rate_per_10k' || p.indicator === 'V6' || p.indicator === 'T10') {
    note = `计入的案件类型：${settings.countedCaseKinds.map((k) => labelOf(COURT_CASE_KINDS, k)).join('、')}；一审；立案日期在 ${start} 至 ${asOf}`;
  } else if (p.indicator === 'prelitigation_success_rate') {
    note =
      settings.prelitigationSuccessBase === 'received'
        ? '成功率 = 成功数 ÷ 受理的诉前调解案件数（含未结），按被告所在地统计；本年度设置按“进行诉前调解案件数”字面口径计'
        : '成功率 = 成功数 ÷ 截止日前已办结（成功 + 失败）的诉前调解案件数，按被告所在地统计；未结案件不计入';
  }
  return { ...base, ratios: await ratiosFor(database, actor, p, region, asOf), note, groups };
}

export { EXPORT_CAP as EVIDENCE_EXPORT_CAP };
export const INDICATOR_IDS = Object.keys(INDICATOR_LABELS) as IndicatorId[];
