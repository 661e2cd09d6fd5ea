import { defaultGradingRules, type GradingRules } from './grading.ts';

/**
 * Settings of one programme year (SPEC §4.2, §4.7, §7). A year without its own row uses the latest
 * earlier year's, else these defaults.
 */
export interface YearSettings {
  /** time limits per level, calendar days from acceptance */
  timeLimits: { grid: number; village: number; town: number; department: number; prelitigation: number };
  /** the "331" rule: mediation rounds allowed per level before guiding to court */
  roundsRule: { village: number; town: number; above: number };
  /** litigation-rate limit = factor × the city benchmark of the previous year */
  litigationRateFactor: string;
  prelitigationSuccessMin: string;
  /** T11's success-rate denominator (SPEC §7): `concluded` (success + failure; default) or `received` (pending included — the seed's words read literally) */
  prelitigationSuccessBase: 'concluded' | 'received';
  prelitigationDiversionMin: string;
  platformAcceptanceMin: string;
  platformSuccessMin: string;
  villageShareMin: string;
  /** programme target for the share of litigation-free villages; shown, not judged */
  villageShareTarget: string | null;
  /** court case kinds counted in the litigation rate */
  countedCaseKinds: ('civil' | 'criminal' | 'administrative')[];
  /** key persons: a responsible cadre is reminded after this many days without contact */
  keyPersonContactDays: number;
  /** village standard V3 */
  minRuleOfLawLeaders: number;
  minLegalLiterates: number;
  /** issued papers (monthly bulletin, year-end summary): the 发文机关 in the 落款 and the 文号 prefix (〔year〕n号 follows) */
  issuingBody: string;
  docPrefix: string;
  /** 主送 and 抄送 lines of the issued papers */
  mainRecipients: string;
  copyTo: string;
  /** four-colour grading of disputes (issue 17.1): points, tiers, floors and thresholds; the town office may change them */
  grading: GradingRules;
}

const TARGETS: Record<number, string> = { 2023: '0.45', 2024: '0.60', 2025: '0.75' };

export function defaultSettings(year: number): YearSettings {
  return {
    timeLimits: { grid: 3, village: 15, town: 30, department: 30, prelitigation: 30 },
    roundsRule: { village: 3, town: 3, above: 1 },
    litigationRateFactor: '0.5',
    prelitigationSuccessMin: '0.80',
    prelitigationSuccessBase: 'concluded',
    prelitigationDiversionMin: '0.60',
    platformAcceptanceMin: '0.10',
    platformSuccessMin: '0.70',
    villageShareMin: '0.80',
    villageShareTarget: TARGETS[year] ?? null,
    countedCaseKinds: ['civil', 'criminal'],
    keyPersonContactDays: 30,
    minRuleOfLawLeaders: 1,
    minLegalLiterates: 3,
    issuingBody: '无讼创建工作领导小组办公室',
    docPrefix: '无讼办',
    mainRecipients: '各村（社区）党组织、村（居）民委员会',
    copyTo: '县委政法委，县司法局',
    grading: defaultGradingRules(),
  };
}
