/**
 * The visits API for the web: query keys and typed hooks (shapes from core/schemas/visits.ts). A return visit
 * is the dispute's own return visit, so a saved visit that concerns a dispute also refreshes that dispute.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Visit, VisitList, VisitStats } from '../../../../core/schemas/visits.ts';
import { api, type Query } from '../../app/api.ts';
import { withSuccess, type MutationOptions } from '../../app/data.ts';
import { invalidateAfterDisputeChange } from '../disputes/api.ts';

export const visitKeys = {
  all: ['visits'] as const,
  lists: () => [...visitKeys.all, 'list'] as const,
  list: (query: Query) => [...visitKeys.lists(), query] as const,
  stats: (f?: { year: number; region?: string }) => (f ? ([...visitKeys.all, 'stats', f] as const) : ([...visitKeys.all, 'stats'] as const)),
};

export function useVisitList(query: Query) {
  return useQuery({ queryKey: visitKeys.list(query), queryFn: () => api.get<VisitList>('/visits', query) });
}

export function useVisitStats(year: number, region: string | undefined) {
  return useQuery({ queryKey: visitKeys.stats({ year, region }), queryFn: () => api.get<VisitStats>('/visits/stats', { year, region }) });
}

/** POST /visits (no id) or PATCH /visits/:id (the body carries the version). */
export function useSaveVisit(opts?: MutationOptions<Visit, { id?: string; body: Record<string, unknown> }>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, (v) =>
      Promise.all([qc.invalidateQueries({ queryKey: visitKeys.all }), v.disputeId ? invalidateAfterDisputeChange(qc, v.disputeId) : undefined]),
    ),
    mutationFn: ({ id, body }) => (id ? api.patch<Visit>(`/visits/${id}`, body) : api.post<Visit>('/visits', body)),
  });
}
