/**
 * Four-colour grading of a dispute (四色分级, issue 17.1): green, yellow, orange, red, from risk factors.
 *
 * Each factor that applies adds points and may set a floor colour (可能民转刑 is at least orange whatever the
 * points); the grade is the higher of the points' colour and the highest floor. Every factor that applied is a
 * Chinese reason, so the grade always says why. The rules and weights are per-year settings (`GradingRules`,
 * defaults below); a town office may change them.
 *
 * Monotone by construction: a factor adds non-negative points and a floor, so adding a risk factor never lowers
 * the grade (core/grading.test.ts checks it with fast-check).
 */
import { LEVELS, labelOf } from './dictionaries.ts';

export const GRADES = [
  { key: 'green', label: '绿色' },
  { key: 'yellow', label: '黄色' },
  { key: 'orange', label: '橙色' },
  { key: 'red', label: '红色' },
] as const;
export type Grade = (typeof GRADES)[number]['key'];
export const GRADE_KEYS = GRADES.map((g) => g.key) as [Grade, ...Grade[]];
export const gradeRank = (g: Grade | null | undefined): number => (g ? GRADE_KEYS.indexOf(g) : -1);
export const gradeLabel = (g: string | null | undefined): string => labelOf(GRADES, g);
export const maxGrade = (a: Grade, b: Grade): Grade => (gradeRank(a) >= gradeRank(b) ? a : b);

/** A tier of a counted factor: from `min` on, `points` (and at least `floor`). The highest tier reached applies. */
export interface Tier {
  min: number;
  points: number;
  floor?: Grade | null;
}

/** A yes/no factor. */
export interface Weight {
  points: number;
  floor?: Grade | null;
}

export interface GradingRules {
  /** points from which a dispute is yellow, orange, red */
  thresholds: { yellow: number; orange: number; red: number };
  /** extra points by category key (categories not listed: 0) */
  categories: Record<string, number>;
  /** people involved */
  people: Tier[];
  /** amount involved, in yuan */
  amount: Tier[];
  /** the risk level given at intake */
  riskLevel: { serious: Weight; major: Weight };
  mayTurnCriminal: Weight;
  threatensPetition: Weight;
  /** per party who is a key person under watch (matched by identity-number blind index) */
  keyPerson: Weight;
  /** per failed stage (调解不成) */
  failedStage: Weight;
  /** the mediation rounds of one tier went past the "331" rule */
  roundsExceeded: Weight;
  /** the same party's disputes within 12 months, this one counted (2 = second time) */
  repeat: Tier[];
  /** per stage past its due date (the open one and closed ones) */
  overdueStage: Weight;
}

export function defaultGradingRules(): GradingRules {
  return {
    thresholds: { yellow: 2, orange: 5, red: 9 },
    categories: { expropriation_demolition: 2, environment: 2, land_contract: 1, forest_land: 1, housing_homestead: 1, labour: 1, social_security: 1, medical: 1 },
    people: [
      { min: 5, points: 2 },
      { min: 10, points: 3 },
      { min: 30, points: 5, floor: 'orange' },
      { min: 100, points: 9, floor: 'red' },
    ],
    amount: [
      { min: 50_000, points: 1 },
      { min: 200_000, points: 2 },
      { min: 1_000_000, points: 4 },
    ],
    riskLevel: { serious: { points: 2 }, major: { points: 4, floor: 'orange' } },
    mayTurnCriminal: { points: 5, floor: 'orange' },
    threatensPetition: { points: 3, floor: 'yellow' },
    keyPerson: { points: 3, floor: 'yellow' },
    failedStage: { points: 1 },
    roundsExceeded: { points: 2 },
    repeat: [
      { min: 2, points: 1 },
      { min: 3, points: 3, floor: 'yellow' },
    ],
    overdueStage: { points: 1 },
  };
}

/** What the grade is computed from (all read from stored records). */
export interface GradeInput {
  category: string;
  /** the category's Chinese label (configurable dictionary) */
  categoryLabel?: string;
  peopleCount: number;
  /** yuan, as stored (numeric string) */
  amount: string | number | null;
  riskLevel: string;
  mayTurnCriminal: boolean;
  threatensPetition: boolean;
  /** parties who are key persons under watch */
  keyPersons: number;
  failedStages: number;
  /** "331" tiers whose rounds went past the rule */
  roundsExceeded: number;
  /** the most disputes one party has had within 12 months, this one included (1 = first) */
  repeatCount: number;
  overdueStages: number;
}

export interface GradeResult {
  grade: Grade;
  score: number;
  /** why, in Chinese, one item per factor that applied (joined with "；" for display) */
  reasons: string[];
}

function tierOf(tiers: readonly Tier[], n: number): Tier | null {
  let hit: Tier | null = null;
  for (const t of tiers) if (n >= t.min && (!hit || t.min >= hit.min)) hit = t;
  return hit;
}

function yuan(n: number): string {
  if (n >= 10_000) {
    const w = n / 10_000;
    return `${Number.isInteger(w) ? w : w.toFixed(1).replace(/\.0$/, '')}万元`;
  }
  return `${Math.round(n)}元`;
}

export function gradeDispute(input: GradeInput, rules: GradingRules = defaultGradingRules()): GradeResult {
  let score = 0;
  let floor: Grade = 'green';
  const reasons: string[] = [];
  const add = (points: number, f: Grade | null | undefined, reason: string) => {
    score += Math.max(0, points);
    if (f) floor = maxGrade(floor, f);
    reasons.push(reason);
  };
  const catPoints = rules.categories[input.category] ?? 0;
  if (catPoints > 0) add(catPoints, null, `${input.categoryLabel ?? input.category}类纠纷`);
  const people = tierOf(rules.people, input.peopleCount);
  if (people) add(people.points, people.floor, `涉及${input.peopleCount}人`);
  const amount = Number(input.amount ?? 0);
  const amountTier = Number.isFinite(amount) ? tierOf(rules.amount, amount) : null;
  if (amountTier) add(amountTier.points, amountTier.floor, `涉及金额${yuan(amount)}`);
  if (input.riskLevel === 'serious') add(rules.riskLevel.serious.points, rules.riskLevel.serious.floor, '风险等级较大');
  if (input.riskLevel === 'major') add(rules.riskLevel.major.points, rules.riskLevel.major.floor, '风险等级重大');
  if (input.mayTurnCriminal) add(rules.mayTurnCriminal.points, rules.mayTurnCriminal.floor, '可能民转刑');
  if (input.threatensPetition) add(rules.threatensPetition.points, rules.threatensPetition.floor, '扬言上访');
  if (input.keyPersons > 0) add(rules.keyPerson.points * input.keyPersons, rules.keyPerson.floor, `当事人中有重点对象${input.keyPersons}人`);
  if (input.failedStages > 0) add(rules.failedStage.points * input.failedStages, rules.failedStage.floor, `已调解不成${input.failedStages}次`);
  if (input.roundsExceeded > 0) add(rules.roundsExceeded.points * input.roundsExceeded, rules.roundsExceeded.floor, '调解轮次超过“331”规定');
  const repeat = tierOf(rules.repeat, input.repeatCount);
  if (repeat) add(repeat.points, repeat.floor, `同一当事人一年内第${input.repeatCount}次`);
  if (input.overdueStages > 0) add(rules.overdueStage.points * input.overdueStages, rules.overdueStage.floor, `超期阶段${input.overdueStages}个`);
  const t = rules.thresholds;
  const byScore: Grade = score >= t.red ? 'red' : score >= t.orange ? 'orange' : score >= t.yellow ? 'yellow' : 'green';
  return { grade: maxGrade(byScore, floor), score, reasons };
}

export const reasonsText = (reasons: readonly string[]): string => (reasons.length ? reasons.join('；') : '未发现风险因素');

// ---------------------------------------------------------------------------------------------------
// Routing (分级流转): which colour a level handles, and where a grade above it should go
// ---------------------------------------------------------------------------------------------------

/** Where each colour is handled: 绿 grid/village, 黄 town centre, 橙 joint mediation, 红 county consultation. */
export const GRADE_ROUTES: Record<Grade, { level: string; unitTypes: readonly string[]; label: string }> = {
  green: { level: 'village', unitTypes: ['village_committee'], label: '网格、村（社区）调解' },
  yellow: { level: 'town', unitTypes: ['town_centre'], label: '镇矛调中心（常驻部门）调解' },
  orange: { level: 'department', unitTypes: ['justice_office', 'police_station', 'petition_office', 'labour_office', 'womens_federation', 'industry_mediation', 'other'], label: '联合调解（轮驻部门参与）' },
  red: { level: 'department', unitTypes: [], label: '县级会商研判' },
};

/**
 * The highest colour the current handling handles: a grid or village stage green, a town stage yellow, a
 * department of the town orange, a unit of the county or above (or the court) red. Null before acceptance.
 */
export function handledGrade(level: string | null, unitAboveTown: boolean): Grade | null {
  switch (level) {
    case 'grid':
    case 'village':
      return 'green';
    case 'town':
      return unitAboveTown ? 'red' : 'yellow';
    case 'department':
      return unitAboveTown ? 'red' : 'orange';
    case 'prelitigation':
    case 'litigation':
      return 'red';
    default:
      return null;
  }
}

/** A unit that may take a dispute (from the units accept/transfer offer). */
export interface RouteUnit {
  id: string;
  name: string;
  type: string;
  /** serves the county or above (not one town) */
  aboveTown: boolean;
}

export interface RouteSuggestion {
  grade: Grade;
  level: string;
  levelLabel: string;
  unitId: string | null;
  unitName: string | null;
  label: string;
  /** as the detail shows it: 建议移交…（…） */
  text: string;
}

/**
 * The suggestion for a grade above what the current handling handles (null when it handles it). A registered
 * dispute (no stage yet) gets the place to accept it at when its grade is above green.
 */
export function suggestRoute(grade: Grade, current: { level: string | null; unitAboveTown: boolean }, units: readonly RouteUnit[]): RouteSuggestion | null {
  const handled = handledGrade(current.level, current.unitAboveTown);
  if (handled ? gradeRank(grade) <= gradeRank(handled) : grade === 'green') return null;
  const route = GRADE_ROUTES[grade];
  const unit =
    grade === 'red'
      ? (units.find((u) => u.aboveTown && u.type !== 'court' && u.type !== 'procuratorate') ?? units.find((u) => u.aboveTown) ?? null)
      : (route.unitTypes.map((t) => units.find((u) => u.type === t && !u.aboveTown)).find(Boolean) ?? null);
  const levelLabel = labelOf(LEVELS, route.level);
  return {
    grade,
    level: route.level,
    levelLabel,
    unitId: unit?.id ?? null,
    unitName: unit?.name ?? null,
    label: route.label,
    text: `${gradeLabel(grade)}纠纷，建议由${route.label}${unit ? `：${unit.name}` : ''}`,
  };
}
