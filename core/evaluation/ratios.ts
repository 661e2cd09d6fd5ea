/**
 * What every ratio of SPEC §7 is made of — numerator and denominator with their Chinese names — so each
 * figure can show how it was reached (the evidence drawer, issue 14.6). Pure; the evaluation itself computes
 * the values (exactly), this only restates the parts it used.
 */
import type { EvaluationSettings, IndicatorId, TownInput, VillageInput, VillageResult } from './types.ts';

export interface RatioPart {
  indicator: IndicatorId;
  numerator: number;
  numeratorLabel: string;
  /** null when the denominator is unknown (no population) */
  denominator: number | null;
  denominatorLabel: string;
  /** numerator ÷ denominator, null on a zero or unknown denominator */
  value: number | null;
  /** why a figure reads as it does (e.g. why it can exceed 100 %) */
  note: string | null;
}

const part = (indicator: IndicatorId, numerator: number, numeratorLabel: string, denominator: number | null, denominatorLabel: string, note: string | null = null): RatioPart => ({
  indicator,
  numerator,
  numeratorLabel,
  denominator,
  denominatorLabel,
  value: denominator ? numerator / denominator : null,
  note,
});

/** The ratios behind an indicator or standard id, for a town (with its village results) or one village. */
export function ratioParts(
  id: string,
  place: { town: TownInput; village?: VillageInput; villageResults?: readonly VillageResult[] },
  settings: Pick<EvaluationSettings, 'prelitigationSuccessBase'>,
): RatioPart[] {
  const t = place.town;
  const area = place.village ?? t;
  const pop = area.population.value;
  const litigation = () =>
    part('litigation_rate_per_10k', area.courtCasesCounted, '计入的一审案件数（被告在本辖区）', pop === null ? null : pop / 10000, pop === null ? '常住人口（万人）：缺失' : `常住人口 ${pop} 人 ÷ 10000`, '万人起诉率为本年度累计数，不折算为年率');
  if (place.village) return ['litigation_rate_per_10k', 'V6'].includes(id) ? [litigation()] : [];
  const pre = t.prelitigation;
  const received = settings.prelitigationSuccessBase === 'received';
  const success = () =>
    received
      ? part('prelitigation_success_rate', pre.success, '诉前调解成功数', pre.success + pre.failure + pre.pending, `受理的诉前调解案件数（成功 ${pre.success} + 失败 ${pre.failure} + 未结 ${pre.pending}）`, '本年度设置：分母为受理的全部案件（含未结）')
      : part('prelitigation_success_rate', pre.success, '诉前调解成功数', pre.success + pre.failure, `已办结的诉前调解案件数（成功 ${pre.success} + 失败 ${pre.failure}；未结 ${pre.pending} 件不计）`);
  const diversion = () =>
    part(
      'prelitigation_diversion_rate',
      pre.success + pre.failure + pre.pending,
      '诉前调解案件数（含未结）',
      t.civilFirstInstanceCases,
      '一审民事案件数',
      '分流率可超过100%：诉前调解成功的纠纷不再立案，不进入分母的一审民事案件',
    );
  const acceptance = () =>
    part('platform_acceptance_ratio', t.platform.accepted, '调解平台受理的纠纷数（本镇单位）', t.prelitigationByPartyRegion, '当事人在本镇的诉前调解案件数', '受理比例可超过100%：平台纠纷与诉前调解案件分别统计');
  const platformSuccess = () =>
    part('platform_success_rate', t.platform.success, '调解平台调解成功数', t.platform.success + t.platform.failure, `已办结的平台纠纷数（成功 ${t.platform.success} + 失败 ${t.platform.failure}）`);
  const share = () => {
    const vs = place.villageResults ?? [];
    return part('litigation_free_village_share', vs.filter((v) => v.passed === true).length, '无讼村（社区）数', vs.length, '截止日有效的村（社区）数');
  };
  switch (id) {
    case 'litigation_rate_per_10k':
    case 'T10':
      return [litigation()];
    case 'prelitigation_success_rate':
      return [success()];
    case 'prelitigation_diversion_rate':
      return [diversion()];
    case 'T11':
      return [success(), diversion()];
    case 'platform_acceptance_ratio':
      return [acceptance()];
    case 'platform_success_rate':
      return [platformSuccess()];
    case 'T7':
      return [acceptance(), platformSuccess()];
    case 'litigation_free_village_share':
    case 'T12':
      return [share()];
    default:
      return [];
  }
}
