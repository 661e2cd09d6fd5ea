/** 否决事项核查 for the web (issue 14.4): query keys and hooks; shapes from core/schemas/veto-review.ts. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { VetoItem, VetoListOut, VetoPendingOut } from '../../../../core/schemas/veto-review.ts';
import { api } from '../../app/api.ts';
import { withSuccess, type MutationOptions } from '../../app/data.ts';
import { evaluationKeys } from '../evaluation/api.ts';
import { workbenchKeys } from '../workbench/api.ts';

export const vetoKeys = {
  all: ['veto-reviews'] as const,
  list: (year: number, status: string) => [...vetoKeys.all, 'list', year, status] as const,
  pending: (year: number) => [...vetoKeys.all, 'pending', year] as const,
};

export function useVetoItems(year: number, status: string) {
  return useQuery({ queryKey: vetoKeys.list(year, status), queryFn: () => api.get<z.infer<typeof VetoListOut>>('/veto-reviews', { year, status }) });
}

/** Pending items per village and town code (the scorecard's note beside V4/T8). */
export function useVetoPending(year: number, enabled = true) {
  return useQuery({ queryKey: vetoKeys.pending(year), queryFn: () => api.get<z.infer<typeof VetoPendingOut>>('/veto-reviews/pending', { year }), enabled, meta: { silent: true } });
}

/** A decision changes the list, the evaluation (a confirmed item is a veto incident) and the to-do. */
export function useDecideVeto(year: number, opts?: MutationOptions<VetoItem, Record<string, unknown>>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => Promise.all([vetoKeys.all, evaluationKeys.all, workbenchKeys.all].map((queryKey) => qc.invalidateQueries({ queryKey })))),
    mutationFn: (body) => api.post<VetoItem>(`/veto-reviews?year=${year}`, body),
  });
}
