import { z } from 'zod';
import { defaultGradingRules, GRADE_KEYS } from '../grading.ts';

const fraction = z.string().regex(/^(0(\.\d+)?|1(\.0+)?)$/, '应为 0 到 1 之间的小数');
const days = z.number().int().min(1, '至少 1 天').max(365);

const points = z.number().int('分值应为整数').min(0, '分值不能为负').max(100);
const floor = z.enum(GRADE_KEYS).nullish();
const weight = z.object({ points, floor });
const tiers = z.array(z.object({ min: z.number().min(0, '起点不能为负'), points, floor })).max(10);

/** The grading rules of a year (core/grading.ts); the thresholds must rise from yellow to red. */
export const GradingRulesSchema = z
  .object({
    thresholds: z.object({ yellow: points, orange: points, red: points }),
    categories: z.record(z.string(), points),
    people: tiers,
    amount: tiers,
    riskLevel: z.object({ serious: weight, major: weight }),
    mayTurnCriminal: weight,
    threatensPetition: weight,
    keyPerson: weight,
    failedStage: weight,
    roundsExceeded: weight,
    repeat: tiers,
    overdueStage: weight,
  })
  .refine((g) => g.thresholds.yellow <= g.thresholds.orange && g.thresholds.orange <= g.thresholds.red, { message: '分级阈值须满足：黄色 ≤ 橙色 ≤ 红色', path: ['thresholds'] });

export const YearSettingsSchema = z.object({
  timeLimits: z.object({ grid: days, village: days, town: days, department: days, prelitigation: days }),
  roundsRule: z.object({ village: z.number().int().min(1).max(20), town: z.number().int().min(1).max(20), above: z.number().int().min(1).max(20) }),
  litigationRateFactor: z.string().regex(/^\d+(\.\d+)?$/, '应为非负小数'),
  prelitigationSuccessMin: fraction,
  /** absent in a client's older request: the default reading */
  prelitigationSuccessBase: z.enum(['concluded', 'received']).default('concluded'),
  prelitigationDiversionMin: fraction,
  platformAcceptanceMin: fraction,
  platformSuccessMin: fraction,
  villageShareMin: fraction,
  villageShareTarget: fraction.nullable(),
  countedCaseKinds: z.array(z.enum(['civil', 'criminal', 'administrative'])).min(1, '至少选择一种案件类型'),
  keyPersonContactDays: days,
  minRuleOfLawLeaders: z.number().int().min(0).max(100),
  minLegalLiterates: z.number().int().min(0).max(100),
  /** absent in a client's older request: the defaults */
  issuingBody: z.string().trim().min(1, '请填写发文机关').max(60).default('无讼创建工作领导小组办公室'),
  docPrefix: z.string().trim().min(1, '请填写发文字号前缀').max(20).default('无讼办'),
  mainRecipients: z.string().trim().max(200).default('各村（社区）党组织、村（居）民委员会'),
  copyTo: z.string().trim().max(200).default('县委政法委，县司法局'),
  /** absent in a client's older request: the default rules */
  grading: GradingRulesSchema.default(defaultGradingRules),
});

/** PUT /settings/:year: the whole year's settings, with the version read (0 when the year has no row yet). */
export const SettingsSave = z.object({ version: z.number().int(), data: YearSettingsSchema });
export const SettingsOut = z.object({ year: z.number(), data: YearSettingsSchema, version: z.number(), source: z.enum(['own', 'inherited', 'default']) });

export type SettingsForYear = z.infer<typeof SettingsOut>;

/** PUT /settings/:year/grading: the year's grading rules only (the town office may change them), with the settings' version. */
export const GradingSave = z.object({ version: z.number().int(), grading: GradingRulesSchema });
