/**
 * The evaluation and report API for the web: query keys (all under ['evaluation']) and typed hooks (shapes
 * from core/schemas/evaluation.ts). These are read-only views computed from the records; each page refetches
 * them when it opens.
 */
import { useQuery } from '@tanstack/react-query';
import type { Bulletin, Evidence, Ranking, Report, TownCompare, TrendsOutput, Warnings } from '../../../../core/schemas/evaluation.ts';
import { api, type Query } from '../../app/api.ts';

export const evaluationKeys = {
  all: ['evaluation'] as const,
  scorecard: (q: Query) => [...evaluationKeys.all, 'scorecard', q] as const,
  evidence: (q: Query) => [...evaluationKeys.all, 'evidence', q] as const,
  ranking: (q: Query) => [...evaluationKeys.all, 'ranking', q] as const,
  warnings: (q: Query) => [...evaluationKeys.all, 'warnings', q] as const,
  bulletin: (q: Query) => [...evaluationKeys.all, 'bulletin', q] as const,
  trends: (q: Query) => [...evaluationKeys.all, 'trends', q] as const,
  towns: (q: Query) => [...evaluationKeys.all, 'towns', q] as const,
};

/** The scorecard of every town and village in scope (GET /evaluation). */
export function useScorecard(query: { year: number; asOf: string | null }) {
  return useQuery({ queryKey: evaluationKeys.scorecard(query), queryFn: () => api.get<Report>('/evaluation', query) });
}

/** The records behind one indicator of one region; fetched only while a target is chosen. */
export function useEvidence(query: { year: number; asOf: string | null; region?: string; indicator?: string }, enabled: boolean) {
  return useQuery({ queryKey: evaluationKeys.evidence(query), queryFn: () => api.get<Evidence>('/evaluation/evidence', query), enabled });
}

export function useRanking(query: { year: number; asOf: string | null; town?: string | null }) {
  return useQuery({ queryKey: evaluationKeys.ranking(query), queryFn: () => api.get<Ranking>('/evaluation/ranking', query) });
}

export function useEvaluationWarnings(query: { year: number; asOf: string | null; town?: string | null }) {
  return useQuery({ queryKey: evaluationKeys.warnings(query), queryFn: () => api.get<Warnings>('/evaluation/warnings', query) });
}

export function useBulletin(query: { year: number; month: string | number | null; town?: string | null }) {
  return useQuery({ queryKey: evaluationKeys.bulletin(query), queryFn: () => api.get<Bulletin>('/reports/bulletin', query) });
}

export function useTrends(query: { year: number; by: 'month' | 'year'; region: string | null }) {
  return useQuery({ queryKey: evaluationKeys.trends(query), queryFn: () => api.get<TrendsOutput>('/reports/trends', query) });
}

/** Every town in scope side by side, worst first (GET /evaluation/towns). */
export function useTownCompare(query: { year: number; asOf: string | null }) {
  return useQuery({ queryKey: evaluationKeys.towns(query), queryFn: () => api.get<TownCompare>('/evaluation/towns', query) });
}
