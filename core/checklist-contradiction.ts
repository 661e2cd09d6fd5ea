/**
 * A checklist item (SPEC §6.5) is assessed by a person, but the product already holds figures that speak to
 * most of them. Where the figures contradict "达标", the checklist and the scorecard say so, and confirming
 * "达标" anyway needs a written reason (issue 14.3). Pure: the figures come from the checklist overview.
 */

interface Ratio {
  numerator: number;
  denominator: number;
  value: number | null;
}

export interface ChecklistFigures {
  villagesMeetingStandard?: Ratio;
  /** villages of the town with their people (legal advisers among them) */
  villages?: { name: string; legal_adviser?: number }[];
  townCentre?: boolean;
  villagesWithCourtLink?: Ratio;
  villagesWithStation?: Ratio;
  missing?: string[];
  campaigns?: number;
  activities?: number;
}

const names = (list: readonly string[], max = 5) => (list.length > max ? `${list.slice(0, max).join('、')}等${list.length}个` : list.join('、'));

/** What in the figures speaks against "达标" for this item, in Chinese; null when nothing does. */
export function checklistContradiction(item: string, f: ChecklistFigures): string | null {
  const parts: string[] = [];
  switch (item) {
    case 'legal_talent_teams': {
      const r = f.villagesMeetingStandard;
      if (r && r.denominator > r.numerator) parts.push(`${r.denominator - r.numerator}个村（社区）法治带头人或法律明白人少于最低人数`);
      const noAdviser = (f.villages ?? []).filter((v) => v.legal_adviser !== undefined && v.legal_adviser < 1).map((v) => v.name);
      if (noAdviser.length) parts.push(`${names(noAdviser)}没有一村一法律顾问`);
      break;
    }
    case 'mediation_centre_and_court_link':
      if (f.townCentre === false) parts.push('未登记本镇矛盾纠纷多元调处中心（综治中心）');
      if (f.missing?.length) parts.push(`${names(f.missing)}未建成“诉服村村通”`);
      break;
    case 'public_legal_service_stations':
      if (f.missing?.length) parts.push(`${names(f.missing)}没有在用的公共法律服务工作站（室）`);
      break;
    case 'regular_screening':
      if (f.campaigns === 0) parts.push('本年度没有排查活动记录');
      break;
    case 'legal_culture_platform':
      if (f.activities === 0) parts.push('本年度没有法治宣传教育活动记录');
      break;
  }
  return parts.length ? `系统数据显示：${parts.join('；')}` : null;
}
