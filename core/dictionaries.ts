/**
 * Default dictionaries (SPEC §1, §3, §4, §5, §6) with their Simplified Chinese labels.
 *
 * Pure data, no I/O: shared by the server (validation, imports that accept keys or labels — SPEC §9,
 * exports), and the web (select options, display). Keys are the stable identifiers of the SPEC glossary;
 * labels are what users read and may type in imported files. Within each dictionary every key and every
 * label is distinct, so `keyOf` is unambiguous.
 *
 * Some dictionaries are configurable per deployment (categories, failure reasons — SPEC §4.5); these arrays
 * are the defaults a new database starts with.
 */

export interface DictEntry<K extends string = string> {
  readonly key: K;
  readonly label: string;
}

export type Dict<K extends string = string> = readonly DictEntry<K>[];

/** Key union of a dictionary declared `as const`. */
export type KeyOf<D extends Dict> = D[number]['key'];

// ---------------------------------------------------------------------------------------------------
// Disputes (SPEC §4)
// ---------------------------------------------------------------------------------------------------

/** Intake channels (SPEC §4.1, 一门受理). */
export const CHANNELS = [
  { key: 'walk_in', label: '来访' },
  { key: 'phone', label: '电话' },
  { key: 'grid_screening', label: '网格排查' },
  { key: 'screening_campaign', label: '专项排查' },
  { key: 'visit', label: '四门四访' },
  { key: 'online', label: '网上' },
  { key: 'department_referral', label: '部门移交' },
  { key: 'police_referral', label: '公调对接' },
  { key: 'petition_referral', label: '访调对接' },
  { key: 'procuratorate_referral', label: '检调对接' },
  { key: 'court_delegation', label: '法院委派委托' },
] as const satisfies Dict;
export type Channel = KeyOf<typeof CHANNELS>;

/**
 * The 15 categories of the national people's-mediation statistics list (each maps to itself for the
 * statistics export).
 */
export const STATS_CATEGORIES = [
  { key: 'marriage_family', label: '婚姻家庭' },
  { key: 'neighbour', label: '邻里' },
  { key: 'housing_homestead', label: '房屋宅基地' },
  { key: 'contract', label: '合同' },
  { key: 'business', label: '生产经营' },
  { key: 'damages', label: '损害赔偿' },
  { key: 'forest_land', label: '山林土地' },
  { key: 'expropriation_demolition', label: '征地拆迁' },
  { key: 'environment', label: '环境污染' },
  { key: 'labour', label: '劳动争议' },
  { key: 'medical', label: '医疗' },
  { key: 'road_traffic', label: '道路交通事故' },
  { key: 'property_management', label: '物业' },
  { key: 'fire', label: '消防' },
  { key: 'other', label: '其他' },
] as const satisfies Dict;
export type StatsCategory = KeyOf<typeof STATS_CATEGORIES>;

export interface CategoryEntry<K extends string = string> extends DictEntry<K> {
  /** The national statistics category this category is counted under (SPEC §4.5, §4.8). */
  readonly statsCategory: StatsCategory;
}

/**
 * Dispute categories (SPEC §4.5): the national list plus the seed's screening priorities that the list
 * lacks (`land_contract` → 山林土地, `social_security` → 劳动争议).
 */
export const DISPUTE_CATEGORIES = [
  { key: 'marriage_family', label: '婚姻家庭', statsCategory: 'marriage_family' },
  { key: 'neighbour', label: '邻里', statsCategory: 'neighbour' },
  { key: 'housing_homestead', label: '房屋宅基地', statsCategory: 'housing_homestead' },
  { key: 'contract', label: '合同', statsCategory: 'contract' },
  { key: 'business', label: '生产经营', statsCategory: 'business' },
  { key: 'damages', label: '损害赔偿', statsCategory: 'damages' },
  { key: 'forest_land', label: '山林土地', statsCategory: 'forest_land' },
  { key: 'expropriation_demolition', label: '征地拆迁', statsCategory: 'expropriation_demolition' },
  { key: 'environment', label: '环境污染', statsCategory: 'environment' },
  { key: 'labour', label: '劳动争议', statsCategory: 'labour' },
  { key: 'medical', label: '医疗', statsCategory: 'medical' },
  { key: 'road_traffic', label: '道路交通事故', statsCategory: 'road_traffic' },
  { key: 'property_management', label: '物业', statsCategory: 'property_management' },
  { key: 'fire', label: '消防', statsCategory: 'fire' },
  { key: 'other', label: '其他', statsCategory: 'other' },
  { key: 'land_contract', label: '土地承包', statsCategory: 'forest_land' },
  { key: 'social_security', label: '劳动社保', statsCategory: 'labour' },
] as const satisfies readonly CategoryEntry[];
export type DisputeCategory = KeyOf<typeof DISPUTE_CATEGORIES>;

/** The statistics category of a dispute category; unknown (custom) categories count as `other`. */
export function statsCategoryOf(
  category: string,
  dict: readonly CategoryEntry[] = DISPUTE_CATEGORIES,
): StatsCategory {
  return dict.find((e) => e.key === category)?.statsCategory ?? 'other';
}

/** Reasons a mediation failed (`fail.reason`, SPEC §4.5); `other` takes free text in `notes`. */
export const FAILURE_REASONS = [
  { key: 'party_withdrew', label: '当事人撤回申请' },
  { key: 'no_agreement', label: '未能达成协议' },
  { key: 'party_unreachable', label: '无法联系当事人' },
  { key: 'out_of_scope', label: '不属于调解范围' },
  { key: 'other', label: '其他' },
] as const satisfies Dict;
export type FailureReason = KeyOf<typeof FAILURE_REASONS>;

/** Risk levels of disputes, risks and key persons. */
export const RISK_LEVELS = [
  { key: 'general', label: '一般' },
  { key: 'serious', label: '较大' },
  { key: 'major', label: '重大' },
] as const satisfies Dict;
export type RiskLevel = KeyOf<typeof RISK_LEVELS>;

/** Handling levels of a dispute's stages (SPEC §4.2, 分级流转). */
export const LEVELS = [
  { key: 'grid', label: '网格' },
  { key: 'village', label: '村（社区）' },
  { key: 'town', label: '乡镇' },
  { key: 'department', label: '部门' },
  { key: 'prelitigation', label: '诉前调解' },
  { key: 'litigation', label: '诉讼' },
] as const satisfies Dict;
export type LevelKey = KeyOf<typeof LEVELS>;

/** Dispute states (SPEC §4.2, §4.4). */
export const DISPUTE_STATES = [
  { key: 'registered', label: '已登记' },
  { key: 'accepted', label: '已受理' },
  { key: 'mediating', label: '调解中' },
  { key: 'resolved', label: '已化解' },
  { key: 'failed', label: '调解不成' },
  { key: 'withdrawn', label: '已撤回' },
  { key: 'follow_up', label: '已回访' },
  { key: 'closed', label: '已结案' },
] as const satisfies Dict;
export type DisputeStateKey = KeyOf<typeof DISPUTE_STATES>;

/** Actions on a dispute (SPEC §11 `POST /api/disputes/:id/actions`). */
export const DISPUTE_ACTIONS = [
  { key: 'accept', label: '受理' },
  { key: 'start_mediation', label: '开始调解' },
  { key: 'add_session', label: '记录调解' },
  { key: 'resolve', label: '调解成功' },
  { key: 'fail', label: '调解不成' },
  { key: 'transfer', label: '流转' },
  { key: 'extend', label: '延期' },
  { key: 'withdraw', label: '撤回' },
  { key: 'return_visit', label: '回访' },
  { key: 'close', label: '结案' },
] as const satisfies Dict;
export type DisputeActionKey = KeyOf<typeof DISPUTE_ACTIONS>;

/** Final outcomes of a dispute (for statistics and the local resolution rate, SPEC §7 trends). */
export const DISPUTE_OUTCOMES = [
  { key: 'resolved', label: '调解成功' },
  { key: 'failed', label: '调解不成' },
  { key: 'withdrawn', label: '撤回' },
  { key: 'litigation', label: '引导诉讼' },
] as const satisfies Dict;
export type DisputeOutcomeKey = KeyOf<typeof DISPUTE_OUTCOMES>;

/** Linkage types with other bodies (诉调/检调/公调/访调 对接). */
export const LINKAGE_TYPES = [
  { key: 'court', label: '诉调' },
  { key: 'procuratorate', label: '检调' },
  { key: 'police', label: '公调' },
  { key: 'petition', label: '访调' },
] as const satisfies Dict;
export type LinkageType = KeyOf<typeof LINKAGE_TYPES>;

/** Mediation session methods (SPEC §4.3). */
export const SESSION_METHODS = [
  { key: 'on_site', label: '现场调解' },
  { key: 'phone', label: '电话调解' },
  { key: 'video', label: '视频调解' },
  { key: 'platform', label: '调解平台' },
] as const satisfies Dict;
export type SessionMethod = KeyOf<typeof SESSION_METHODS>;

/** Agreement forms (SPEC §4.3). */
export const AGREEMENT_FORMS = [
  { key: 'written', label: '书面' },
  { key: 'oral', label: '口头' },
] as const satisfies Dict;
export type AgreementForm = KeyOf<typeof AGREEMENT_FORMS>;

/** Performance of an agreement (SPEC §4.3). */
export const PERFORMANCE_STATUSES = [
  { key: 'pending', label: '待履行' },
  { key: 'performed', label: '已履行' },
  { key: 'breached', label: '未履行' },
] as const satisfies Dict;
export type PerformanceStatus = KeyOf<typeof PERFORMANCE_STATUSES>;

/** Judicial confirmation decisions (SPEC §4.3). */
export const CONFIRMATION_DECISIONS = [
  { key: 'pending', label: '审查中' },
  { key: 'confirmed', label: '确认有效' },
  { key: 'rejected', label: '驳回申请' },
] as const satisfies Dict;
export type ConfirmationDecision = KeyOf<typeof CONFIRMATION_DECISIONS>;

export const PARTY_ROLES = [
  { key: 'applicant', label: '申请人' },
  { key: 'respondent', label: '被申请人' },
] as const satisfies Dict;
export type PartyRole = KeyOf<typeof PARTY_ROLES>;

export const PARTY_KINDS = [
  { key: 'person', label: '自然人' },
  { key: 'organisation', label: '单位' },
] as const satisfies Dict;
export type PartyKind = KeyOf<typeof PARTY_KINDS>;

// ---------------------------------------------------------------------------------------------------
// Regions, units, users (SPEC §1, §3)
// ---------------------------------------------------------------------------------------------------

export const REGION_LEVELS = [
  { key: 'province', label: '省' },
  { key: 'city', label: '市' },
  { key: 'county', label: '县（区）' },
  { key: 'town', label: '乡镇（街道）' },
  { key: 'village', label: '村' },
  { key: 'community', label: '社区' },
  { key: 'grid', label: '网格' },
] as const satisfies Dict;
export type RegionLevel = KeyOf<typeof REGION_LEVELS>;

export const UNIT_TYPES = [
  { key: 'village_committee', label: '村调委会' },
  { key: 'town_centre', label: '镇矛调中心（综治中心）' },
  { key: 'justice_office', label: '司法所' },
  { key: 'police_station', label: '派出所' },
  { key: 'petition_office', label: '信访办' },
  { key: 'womens_federation', label: '妇联' },
  { key: 'labour_office', label: '人社' },
  { key: 'court', label: '法院（人民法庭）' },
  { key: 'procuratorate', label: '检察院' },
  { key: 'industry_mediation', label: '行业性专业性调解组织' },
  { key: 'other', label: '其他' },
] as const satisfies Dict;
export type UnitType = KeyOf<typeof UNIT_TYPES>;

/** User roles (SPEC §1). */
export const ROLES = [
  { key: 'admin', label: '系统管理员' },
  { key: 'town_office', label: '镇平安办（综治中心）' },
  { key: 'town_leader', label: '镇领导' },
  { key: 'county_leader', label: '县（市、区）领导' },
  { key: 'justice_office', label: '司法所' },
  { key: 'court_liaison', label: '法院联络员' },
  { key: 'department', label: '部门' },
  { key: 'village_admin', label: '村（社区）干部' },
  { key: 'mediator', label: '人民调解员' },
  { key: 'grid_worker', label: '网格员' },
] as const satisfies Dict;
export type Role = KeyOf<typeof ROLES>;

// ---------------------------------------------------------------------------------------------------
// Prevention and community work (SPEC §6)
// ---------------------------------------------------------------------------------------------------

export const SCREENING_TYPES = [
  { key: 'regular', label: '经常性排查' },
  { key: 'flexible', label: '灵活性排查' },
  { key: 'sensitive_period', label: '敏感节点排查' },
] as const satisfies Dict;
export type ScreeningType = KeyOf<typeof SCREENING_TYPES>;

/** Status of a risk (隐患) found in screening (SPEC §6.1). */
export const RISK_STATUSES = [
  { key: 'open', label: '未化解' },
  { key: 'defused', label: '已化解' },
  { key: 'became_dispute', label: '已转纠纷' },
] as const satisfies Dict;
export type RiskStatus = KeyOf<typeof RISK_STATUSES>;

/** 四门四访 and 法律咨询 (SPEC §6.2). */
export const VISIT_TYPES = [
  { key: 'reception', label: '开门接访' },
  { key: 'appointment', label: '进门约访' },
  { key: 'home_visit', label: '登门走访' },
  { key: 'return_visit', label: '上门回访' },
  { key: 'consultation', label: '法律咨询' },
] as const satisfies Dict;
export type VisitType = KeyOf<typeof VISIT_TYPES>;

/** Key person types (SPEC §6.3). */
export const KEY_PERSON_TYPES = [
  { key: 'threatened_petition', label: '扬言上访' },
  { key: 'extreme_remarks', label: '发表过激言论' },
  { key: 'three_lost_one_biased', label: '三失一偏' },
  { key: 'other', label: '其他' },
] as const satisfies Dict;
export type KeyPersonType = KeyOf<typeof KEY_PERSON_TYPES>;

/** Sub-flags of `three_lost_one_biased` (三失一偏). */
export const THREE_LOST_ONE_BIASED_FLAGS = [
  { key: 'life_frustrated', label: '生活失意' },
  { key: 'mentally_unbalanced', label: '心态失衡' },
  { key: 'behaviour_abnormal', label: '行为失常' },
  { key: 'personality_paranoid', label: '性格偏执' },
] as const satisfies Dict;
export type ThreeLostOneBiasedFlag = KeyOf<typeof THREE_LOST_ONE_BIASED_FLAGS>;

export const KEY_PERSON_STATUSES = [
  { key: 'under_watch', label: '重点关注' },
  { key: 'resolved', label: '已化解' },
  { key: 'removed', label: '已移出' },
] as const satisfies Dict;
export type KeyPersonStatus = KeyOf<typeof KEY_PERSON_STATUSES>;

/** Personnel registers per village (SPEC §6.4). */
export const PERSONNEL_ROLES = [
  { key: 'rule_of_law_leader', label: '法治带头人' },
  { key: 'legal_literate', label: '法律明白人' },
  { key: 'legal_adviser', label: '一村一法律顾问' },
  { key: 'mediator', label: '人民调解员' },
  { key: 'grid_worker', label: '网格员' },
  { key: 'volunteer', label: '无讼志愿者' },
  { key: 'town_cadre', label: '乡镇干部' },
  { key: 'village_cadre', label: '村（社区）干部' },
] as const satisfies Dict;
export type PersonnelRole = KeyOf<typeof PERSONNEL_ROLES>;

/** Village facilities / service points (SPEC §6.4). */
export const FACILITY_TYPES = [
  { key: 'court_link', label: '诉服村村通' },
  { key: 'litigation_link_station', label: '诉非联动工作站' },
  { key: 'judicial_service_point', label: '司法服务点' },
  { key: 'public_legal_service_station', label: '公共法律服务工作站' },
  { key: 'legal_culture_room', label: '法律文化室' },
  { key: 'publicity_board', label: '法治宣传栏' },
  { key: 'media_account', label: '自媒体' },
  { key: 'conflict_mediation_centre', label: '矛调中心' },
] as const satisfies Dict;
export type FacilityType = KeyOf<typeof FACILITY_TYPES>;
/** Facilities only a town has (its 矛盾纠纷调处化解中心): never a village's gap. */
export const TOWN_ONLY_FACILITY_TYPES: readonly FacilityType[] = ['conflict_mediation_centre'];
/** The facilities every village is expected to have (its gaps are counted against these). */
export const VILLAGE_FACILITY_TYPES: readonly FacilityType[] = FACILITY_TYPES.map((f) => f.key).filter((k) => !TOWN_ONLY_FACILITY_TYPES.includes(k));

/** Legal education activities (SPEC §6.4). */
export const EDUCATION_ACTIVITY_TYPES = [
  { key: 'lecture', label: '法治讲座' },
  { key: 'training', label: '法治培训' },
  { key: 'demonstration_litigation', label: '示范诉讼' },
  { key: 'demonstration_mediation', label: '示范调解' },
  { key: 'publicity', label: '法治宣传' },
  { key: 'weekly_case', label: '每周一典' },
] as const satisfies Dict;
export type EducationActivityType = KeyOf<typeof EDUCATION_ACTIVITY_TYPES>;

export const CHECKLIST_STATUSES = [
  { key: 'met', label: '达标' },
  { key: 'not_met', label: '未达标' },
  { key: 'unassessed', label: '未评估' },
] as const satisfies Dict;
export type ChecklistStatus = KeyOf<typeof CHECKLIST_STATUSES>;

export interface ChecklistItemEntry<K extends string = string> extends DictEntry<K> {
  /** Short code used in the seed's standard numbering and accepted by imports (V1…, T1…). */
  readonly code: string;
  /** Region level the item is assessed for. */
  readonly scope: 'village' | 'town';
}

/** Checklist items (SPEC §6.5); titles follow the seed's creation standards. */
export const CHECKLIST_ITEMS = [
  {
    key: 'village_rules_non_litigation',
    code: 'V1',
    scope: 'village',
    label: '非诉方式解纷写入村规民约、居民公约等自治章程',
  },
  {
    key: 'mediation_mechanism_effective',
    code: 'V2',
    scope: 'village',
    label: '专业调解、网格调解组织作用发挥，预防调处化解综合机制有效运行',
  },
  {
    key: 'creation_plan',
    code: 'T1',
    scope: 'town',
    label: '建成和完善创建方案，乡村治理“1+6+N”法治服务矩阵完善',
  },
  {
    key: 'legal_talent_teams',
    code: 'T2',
    scope: 'town',
    label: '设立“法治带头人”“法律明白人”“一村一法律顾问”队伍并发挥作用',
  },
  {
    key: 'mediation_centre_and_court_link',
    code: 'T3',
    scope: 'town',
    label: '设立矛盾纠纷多元调处中心（站点），各村（社区）全面建成“诉服村村通”',
  },
  {
    key: 'public_legal_service_stations',
    code: 'T4',
    scope: 'town',
    label: '公共法律服务工作站（室）健全',
  },
  {
    key: 'regular_screening',
    code: 'T5',
    scope: 'town',
    label: '常态化开展不稳定因素排查，矛盾纠纷排查调处机制健全',
  },
  {
    key: 'legal_culture_platform',
    code: 'T6',
    scope: 'town',
    label: '搭建有效学法平台，提供便民化、常态化的法治文化宣传',
  },
] as const satisfies readonly ChecklistItemEntry[];
export type ChecklistItem = KeyOf<typeof CHECKLIST_ITEMS>;

/** Resolves a checklist item given by key, code (V1…, T1…, case-insensitive) or title. */
export function checklistItemOf(keyCodeOrLabel: string): ChecklistItem | undefined {
  const v = keyCodeOrLabel.trim();
  const upper = v.toUpperCase();
  return CHECKLIST_ITEMS.find((e) => e.key === v || e.code === upper || e.label === v)?.key;
}

// ---------------------------------------------------------------------------------------------------
// Outside data (SPEC §5)
// ---------------------------------------------------------------------------------------------------

/** Veto incidents (否决事项). */
export const INCIDENT_TYPES = [
  { key: 'intentional_crime', label: '故意犯罪' },
  { key: 'negligent_crime', label: '过失犯罪' },
  { key: 'major_civil_to_criminal', label: '重大民转刑' },
  { key: 'collective_petition', label: '集体上访' },
  { key: 'mass_incident', label: '群体性事件' },
  { key: 'beijing_petition', label: '进京访' },
  { key: 'abnormal_petition', label: '非正常信访' },
] as const satisfies Dict;
export type IncidentType = KeyOf<typeof INCIDENT_TYPES>;

export const COURT_CASE_KINDS = [
  { key: 'civil', label: '民事' },
  { key: 'criminal', label: '刑事' },
  { key: 'administrative', label: '行政' },
] as const satisfies Dict;
export type CourtCaseKind = KeyOf<typeof COURT_CASE_KINDS>;

/** Results of pre-litigation mediations and platform disputes. */
export const MEDIATION_RESULTS = [
  { key: 'success', label: '成功' },
  { key: 'failure', label: '失败' },
  { key: 'pending', label: '未结' },
] as const satisfies Dict;
export type MediationResult = KeyOf<typeof MEDIATION_RESULTS>;

/** The other three of the four sources (四源共治), counted monthly. */
export const SOURCE_TYPES = [
  { key: 'enforcement', label: '执源' },
  { key: 'police', label: '警源' },
  { key: 'petition', label: '访源' },
] as const satisfies Dict;
export type SourceType = KeyOf<typeof SOURCE_TYPES>;

// ---------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------

/**
 * The Chinese label of `key`. An unknown key (e.g. a value from a since-edited configurable dictionary)
 * is shown as itself; `null`/`undefined` give an empty string.
 */
export function labelOf(dict: Dict, key: string | null | undefined): string {
  if (key == null) return '';
  return dict.find((e) => e.key === key)?.label ?? key;
}

/**
 * The key for a value given as key or Chinese label (SPEC §9: enum values may be keys or labels).
 * Surrounding whitespace is ignored, keys match case-insensitively and labels whatever the width of their
 * punctuation (村(社区) is 村（社区）); `undefined` when nothing matches.
 */
export function keyOf<K extends string>(dict: Dict<K>, keyOrLabel: string | null | undefined): K | undefined {
  if (keyOrLabel == null) return undefined;
  const v = keyOrLabel.trim();
  if (v === '') return undefined;
  const exact = dict.find((e) => e.key === v || e.label === v);
  if (exact) return exact.key;
  const lower = v.toLowerCase();
  const byKey = dict.find((e) => e.key.toLowerCase() === lower)?.key;
  if (byKey) return byKey;
  // a label typed with half-width punctuation (村(社区)干部) is the label written with full-width marks
  const folded = v.normalize('NFKC');
  return dict.find((e) => e.label.normalize('NFKC') === folded)?.key;
}

/** Whether `value` is a key of `dict` (exact, no label matching). */
export function isKeyOf<K extends string>(dict: Dict<K>, value: unknown): value is K {
  return typeof value === 'string' && dict.some((e) => e.key === value);
}

/** The keys of a dictionary, in order. */
export function keysOf<K extends string>(dict: Dict<K>): K[] {
  return dict.map((e) => e.key);
}

/** How an outside-data record got its region (SPEC §5 address matching). */
export const MATCH_STATUS_LABELS: Record<string, string> = {
  code: '按地区代码',
  address: '按地址匹配',
  town_only: '待确认村（社区）',
  resolved: '人工确认',
  unattributed: '未能归属',
};
