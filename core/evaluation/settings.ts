import type {
  EvaluationSettings,
  IndicatorId,
  TownChecklistId,
  TownStandardId,
  VillageChecklistId,
  VillageStandardId,
} from './types.ts';

/** Programme targets of the share of litigation-free villages (seed goals), shown beside T12. */
export const VILLAGE_SHARE_TARGETS: Readonly<Record<number, string>> = {
  2023: '0.45',
  2024: '0.60',
  2025: '0.75',
};

/** The default settings of a year (SPEC §7). */
export function defaultEvaluationSettings(year: number): EvaluationSettings {
  return {
    year,
    litigationRateFactor: '0.5',
    prelitigationSuccessMin: '0.8',
    prelitigationDiversionMin: '0.6',
    platformAcceptanceMin: '0.1',
    platformSuccessMin: '0.7',
    villageShareMin: '0.8',
    villageShareTarget: VILLAGE_SHARE_TARGETS[year] ?? null,
    ruleOfLawLeadersMin: 1,
    legalLiteratesMin: 3,
    countedCaseKinds: ['civil', 'criminal'],
  };
}

/** Checklist item keys (SPEC §6.5) by standard id. */
export const CHECKLIST_ITEM_KEYS: Readonly<Record<VillageChecklistId | TownChecklistId, string>> = {
  V1: 'village_rules_non_litigation',
  V2: 'mediation_mechanism_effective',
  T1: 'creation_plan',
  T2: 'legal_talent_teams',
  T3: 'mediation_centre_and_court_link',
  T4: 'public_legal_service_stations',
  T5: 'regular_screening',
  T6: 'legal_culture_platform',
};

/** Short Chinese names of the standards, for reasons and the UI. */
export const STANDARD_LABELS: Readonly<Record<VillageStandardId | TownStandardId, string>> = {
  V1: '非诉解纷写入村规民约',
  V2: '调处化解机制有效运行',
  V3: '法治带头人不少于1名、法律明白人不少于3名',
  V4: '无故意犯罪刑事案件、无重大民转刑案件',
  V5: '无集体上访、群体性事件、进京访、非正常信访',
  V6: '万人起诉率不高于限值',
  T1: '创建方案',
  T2: '法治人才队伍',
  T3: '矛盾纠纷调处中心及诉服村村通',
  T4: '公共法律服务工作站',
  T5: '常态化排查',
  T6: '法治文化学法平台',
  T7: '调解平台受理纠纷比、调解成功率',
  T8: '无判处三年以上有期徒刑的故意犯罪、无重大民转刑',
  T9: '无集体上访、群体性事件、进京访、非正常信访',
  T10: '万人起诉率不高于限值',
  T11: '诉前调解成功率、分流率',
  T12: '无讼村（社区）占比',
};

/** Chinese names of the indicators. */
export const INDICATOR_LABELS: Readonly<Record<IndicatorId, string>> = {
  litigation_rate_per_10k: '万人起诉率',
  prelitigation_success_rate: '诉前调解成功率',
  prelitigation_diversion_rate: '诉前调解分流率',
  platform_acceptance_ratio: '调解平台受理纠纷比',
  platform_success_rate: '调解平台调解成功率',
  intentional_crimes: '故意犯罪刑事案件',
  intentional_crimes_3y_plus: '判处三年以上有期徒刑的故意犯罪',
  unsentenced_intentional_crimes: '尚未判决的故意犯罪',
  major_civil_to_criminal: '重大民转刑案件',
  collective_petitions: '集体上访',
  mass_incidents: '群体性事件',
  beijing_petitions: '进京访',
  abnormal_petitions: '非正常信访',
  rule_of_law_leaders: '法治带头人',
  legal_literates: '法律明白人',
  litigation_free_village_share: '无讼村（社区）占比',
};
