// Shared builders for the evaluation tests: a baseline village and town that pass every standard,
// the town's ratios sitting exactly on their bounds.
import { defaultEvaluationSettings } from './settings.ts';
import type { EvaluationSettings, IncidentCounts, TownInput, VillageInput } from './types.ts';

export const noIncidents = (): IncidentCounts => ({
  intentional_crimes: 0,
  intentional_crimes_3y_plus: 0,
  unsentenced_intentional_crimes: 0,
  major_civil_to_criminal: 0,
  collective_petitions: 0,
  mass_incidents: 0,
  beijing_petitions: 0,
  abnormal_petitions: 0,
});

export function village(over: Partial<VillageInput> = {}): VillageInput {
  return {
    code: '330782100201',
    name: '东村',
    population: { value: 20000, reason: null },
    courtCasesCounted: 10,
    incidents: noIncidents(),
    ruleOfLawLeaders: 1,
    legalLiterates: 3,
    checklist: { V1: 'met', V2: 'met' },
    ...over,
  };
}

export function town(over: Partial<TownInput> = {}): TownInput {
  return {
    code: '330782100000',
    name: '某某镇',
    population: { value: 60000, reason: null },
    courtCasesCounted: 30,
    civilFirstInstanceCases: 20,
    prelitigation: { success: 8, failure: 2, pending: 2 }, // 8/10 = 0.8, 12/20 = 0.6
    prelitigationByPartyRegion: 100,
    platform: { accepted: 10, success: 7, failure: 3 }, // 10/100 = 0.1, 7/10 = 0.7
    incidents: noIncidents(),
    checklist: { T1: 'met', T2: 'met', T3: 'met', T4: 'met', T5: 'met', T6: 'met' },
    cityBenchmarkPrevYear: 46,
    villages: [1, 2, 3, 4, 5].map((i) => village({ code: `33078210020${i}`, name: `村${i}` })),
    ...over,
  };
}

export const settings2024 = (over: Partial<EvaluationSettings> = {}): EvaluationSettings => ({
  ...defaultEvaluationSettings(2024),
  ...over,
});
