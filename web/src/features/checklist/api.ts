/**
 * The checklist API for the web: query keys and typed hooks (shapes from core/schemas/checklist.ts). An
 * assessment moves the evaluation's figures; its attachments and the figures beside each item come back with
 * the checklist.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ChecklistOut, ChecklistRowOut } from '../../../../core/schemas/checklist.ts';
import { api } from '../../app/api.ts';
import { withSuccess, type MutationOptions } from '../../app/data.ts';
import { evaluationKeys } from '../evaluation/api.ts';

type Checklist = z.infer<typeof ChecklistOut>;
type ChecklistRow = z.infer<typeof ChecklistRowOut>;

export const checklistKeys = {
  all: ['checklist'] as const,
  overview: (year: number, region: string | undefined) => [...checklistKeys.all, year, region] as const,
};

/** After an assessment or a change of what the checklist shows (its attachments, the figures beside it). */
export function invalidateChecklist(qc: QueryClient) {
  return Promise.all([checklistKeys.all, evaluationKeys.all].map((queryKey) => qc.invalidateQueries({ queryKey })));
}

export function useChecklist(year: number, region: string | undefined) {
  return useQuery({ queryKey: checklistKeys.overview(year, region), queryFn: () => api.get<Checklist>('/checklist', { year, region }) });
}

/** PUT one item's assessment (version 0 for an item not yet assessed). */
export function useAssessItem(opts?: MutationOptions<ChecklistRow, { regionCode: string; year: number; item: string; body: Record<string, unknown> }>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => invalidateChecklist(qc)),
    mutationFn: ({ regionCode, year, item, body }) => api.put<ChecklistRow>(`/checklist/${regionCode}/${year}/${item}`, body),
  });
}
