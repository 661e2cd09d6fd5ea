/**
 * The cockpit's (驾驶舱) reading of an evaluation: a village's or a standard's standing. Pure.
 *
 * - 未达标 (`not_met`): the evaluation says it fails (today, with the year so far);
 * - 有风险 (`at_risk`): it passes or cannot yet be told, but the 万人起诉率 early warning flags it — the
 *   year's pace would take it over its limit, or its allowance is used up;
 * - 达标 (`met`): it passes and is not flagged;
 * - 无法判断 (`unknown`): not assessed or not computable (the evaluation gives the reason).
 */
export type Standing = 'met' | 'at_risk' | 'not_met' | 'unknown';

export const STANDING_LABELS: Readonly<Record<Standing, string>> = {
  met: '达标',
  at_risk: '有风险',
  not_met: '未达标',
  unknown: '无法判断',
};

/** Worst first: the order of lists and of the map's legend. */
export const STANDING_ORDER: readonly Standing[] = ['not_met', 'at_risk', 'unknown', 'met'];

export function standingOf(passed: boolean | null, flagged: boolean | null): Standing {
  if (passed === false) return 'not_met';
  if (flagged === true) return 'at_risk';
  return passed === true ? 'met' : 'unknown';
}

/** A share against a target that is shown but not judged: how many more litigation-free villages reach it. */
export function villagesToTarget(litigationFree: number, villages: number, target: number | null): number | null {
  if (target === null || villages <= 0) return null;
  // exact: the smallest n with (litigationFree + n) / villages ≥ target, target given to 2 decimals
  const needed = Math.ceil(Math.round(target * 10000) * villages / 10000 - 1e-9);
  return Math.max(0, needed - litigationFree);
}
