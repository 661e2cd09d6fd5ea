/**
 * The visits API for the web: query keys and typed hooks (shapes from core/schemas/visits.ts). A return visit
 * is the dispute's own return visit, so a saved visit that concerns a dispute also refreshes that dispute.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Visit, VisitIntake, VisitList, VisitStats, VisitToDispute } from '../../../../core/schemas/visits.ts';
import { api, type Query } from '../../app/api.ts';
import type { BatchResult } from '../../../../core/schemas/batch.ts';
import { withSuccess, type MutationOptions } from '../../app/data.ts';
import { invalidateAfterDisputeChange } from '../disputes/api.ts';

export const visitKeys = {
  all: ['visits'] as const,
  lists: () => [...visitKeys.all, 'list'] as const,
  list: (query: Query) => [...visitKeys.lists(), query] as const,
  intake: (id: string | undefined) => [...visitKeys.all, 'intake', id] as const,
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

/** POST /visits/batch: one answer for several visits, one outcome each (issue 18.4). */
export function useBatchAnswer(opts?: MutationOptions<BatchResult, Record<string, unknown>>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => qc.invalidateQueries({ queryKey: visitKeys.all })),
    mutationFn: (body) => api.post<BatchResult>('/visits/batch', body),
  });
}

/** The dispute intake prefilled from a visit or consultation. */
export function useVisitIntake(id: string | undefined) {
  return useQuery({ queryKey: visitKeys.intake(id), queryFn: () => api.get<VisitIntake>(`/visits/${id}/intake`), enabled: !!id });
}

/** A visit or consultation registered as a dispute, linked both ways (one step). */
export function useVisitToDispute(opts?: MutationOptions<VisitToDispute, { id: string; body: Record<string, unknown> }>) {
  const qc = useQueryClient();
  return useMutation({
    // not the prefilled intake: it is spent (asked again it answers 422)
    ...withSuccess(opts, (r) => Promise.all([qc.invalidateQueries({ queryKey: visitKeys.lists() }), qc.invalidateQueries({ queryKey: visitKeys.stats() }), invalidateAfterDisputeChange(qc, r.dispute.id)])),
    mutationFn: ({ id, body }) => api.post<VisitToDispute>(`/visits/${id}/to-dispute`, body),
  });
}
