/**
 * What happens in 清溪镇 over the demo's three years (issue 15.4): which villages fall short of the
 * standards, and why — each for a reason a cadre recognises. Everything else the seeders draw at random
 * stays within the standards, so these are the only failures, and the share of litigation-free villages
 * follows the programme targets (2024 60 %, 2025 75 %): 9 of 14 in 2024, 11 of 14 in 2025.
 * Villages are named by their name (see QINGXI_VILLAGES in county.ts).
 */
export interface StoryIncident {
  village: string;
  type: 'intentional_crime' | 'collective_petition' | 'major_civil_to_criminal';
  occurredOn: string;
  sentenceMonths?: number | null;
  sentenceText?: string | null;
  description: string;
}

export interface StoryYear {
  /** first-instance cases over the year's limit (V6) */
  litigationOver: string[];
  /** veto incidents (V4, V5) */
  incidents: StoryIncident[];
  /** the checklist items assessed "not met" (V1, V2 of a village, T1–T6 of the town), by region name */
  checklistNotMet: { region: string; item: string }[];
}

export const DEMO_STORY: Record<number, StoryYear> = {
  2024: {
    litigationOver: ['后山村', '大坞村'],
    incidents: [{ village: '石桥村', type: 'intentional_crime', occurredOn: '2024-05-14', sentenceMonths: 18, sentenceText: '有期徒刑一年六个月', description: '邻里纠纷引发故意伤害' }],
    // the town's 法治人才队伍 (T2) is not complete while a village lacks its people (V3)
    checklistNotMet: [
      { region: '清溪社区', item: 'mediation_mechanism_effective' },
      { region: '清溪镇', item: 'legal_talent_teams' },
    ],
  },
  2025: {
    litigationOver: ['大坞村'],
    incidents: [{ village: '新塘村', type: 'intentional_crime', occurredOn: '2025-08-16', sentenceMonths: 10, sentenceText: '有期徒刑十个月', description: '土地流转纠纷激化，一方持械伤人' }],
    checklistNotMet: [{ region: '清溪镇', item: 'legal_talent_teams' }],
  },
  2026: {
    litigationOver: [],
    incidents: [
      { village: '桃源村', type: 'collective_petition', occurredOn: '2026-03-02', description: '征地补偿款分配问题集体上访（12人）' },
      { village: '后山村', type: 'intentional_crime', occurredOn: '2026-08-20', sentenceMonths: null, description: '盗窃案，尚未判决' },
    ],
    checklistNotMet: [],
  },
};

/**
 * The people's registers (V3): 上塘村 has no 法治带头人 until one is appointed in February 2025; in 竹园村 one of
 * three 法律明白人 moves away in June 2025 and the new one is only trained and registered in March 2026.
 */
export const DEMO_PEOPLE_GAPS = {
  noLeaderUntil: { village: '上塘村', appointedOn: '2025-02-20' },
  literateLeaves: { village: '竹园村', leftOn: '2025-06-30', replacedOn: '2026-03-01' },
};
