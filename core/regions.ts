/** Region levels of SPEC §3, from the top of the tree down. */
export const REGION_LEVELS = ['province', 'city', 'county', 'town', 'village', 'community', 'grid'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const REGION_LEVEL_LABELS: Record<RegionLevel, string> = {
  province: '省',
  city: '市',
  county: '县（区）',
  town: '乡镇（街道）',
  village: '村',
  community: '社区',
  grid: '网格',
};

const RANK: Record<RegionLevel, number> = { province: 0, city: 1, county: 2, town: 3, village: 4, community: 4, grid: 5 };

/** Whether a region of level `child` may sit directly under one of level `parent` (null = top of the tree). */
export function canParent(parent: RegionLevel | null, child: RegionLevel): string | null {
  if (parent === null) return null; // a deployment may start at any level (one town, a county, a province)
  if (child === 'grid' && parent !== 'village' && parent !== 'community') return '网格只能设在村或社区之下';
  if ((child === 'village' || child === 'community') && parent !== 'town') return '村（社区）只能设在乡镇（街道）之下';
  if (child === 'town' && RANK[parent] >= RANK.town) return '乡镇（街道）只能设在县（区）、市或省之下';
  if (RANK[child] <= RANK[parent]) return `“${REGION_LEVEL_LABELS[child]}”不能设在“${REGION_LEVEL_LABELS[parent]}”之下`;
  return null;
}

export const isVillageLevel = (l: string) => l === 'village' || l === 'community';

/** The levels where cases arise and are counted: a town and what lies below it. */
export const TOWN_OR_BELOW = ['town', 'village', 'community', 'grid'] as const;
export const isTownOrBelow = (l: string) => (TOWN_OR_BELOW as readonly string[]).includes(l);

export const UNIT_TYPES = [
  'village_committee',
  'town_centre',
  'justice_office',
  'police_station',
  'petition_office',
  'womens_federation',
  'labour_office',
  'court',
  'procuratorate',
  'industry_mediation',
  'other',
] as const;
export type UnitType = (typeof UNIT_TYPES)[number];
export const UNIT_TYPE_LABELS: Record<UnitType, string> = {
  village_committee: '村调委会',
  town_centre: '镇矛调中心/综治中心',
  justice_office: '司法所',
  police_station: '派出所',
  petition_office: '信访办',
  womens_federation: '妇联',
  labour_office: '人社所',
  court: '法院/人民法庭',
  procuratorate: '检察院',
  industry_mediation: '行业性专业性调解组织',
  other: '其他',
};
