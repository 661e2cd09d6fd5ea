/**
 * The programme API for the web: query keys and typed hooks (shapes from core/schemas/evaluation.ts). A task's
 * change moves the programme's counts and the workbench's to-do (overdue tasks).
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ProgrammeListItem, ProgrammeTask } from '../../../../core/schemas/evaluation.ts';
import { api, type Query } from '../../app/api.ts';
import { withSuccess, type MutationOptions } from '../../app/data.ts';
import { workbenchKeys } from '../workbench/api.ts';

export const programmeKeys = {
  all: ['programmes'] as const,
  list: (year: number | null) => [...programmeKeys.all, 'list', year] as const,
  tasks: (programmeId: string, filters: Query) => [...programmeKeys.all, 'tasks', programmeId, filters] as const,
};

function invalidateAfterProgrammeChange(qc: QueryClient) {
  return Promise.all([programmeKeys.all, workbenchKeys.all].map((queryKey) => qc.invalidateQueries({ queryKey })));
}

export function useProgrammes(year: number | null) {
  return useQuery({ queryKey: programmeKeys.list(year), queryFn: () => api.get<ProgrammeListItem[]>('/programmes', { year }) });
}

export function useProgrammeTasks(programmeId: string, filters: Query) {
  return useQuery({ queryKey: programmeKeys.tasks(programmeId, filters), queryFn: () => api.get<ProgrammeTask[]>(`/programmes/${programmeId}/tasks`, filters) });
}

export function useCreateProgramme(opts?: MutationOptions<ProgrammeListItem, Record<string, unknown>>) {
  const qc = useQueryClient();
  return useMutation({ ...withSuccess(opts, () => invalidateAfterProgrammeChange(qc)), mutationFn: (body) => api.post<ProgrammeListItem>('/programmes', body) });
}

/** POST a task to a programme (no id) or PATCH one (the body carries the version; status done/open completes or reopens it). */
export function useSaveTask(opts?: MutationOptions<ProgrammeTask, { programmeId?: string; id?: string; body: Record<string, unknown> }>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => invalidateAfterProgrammeChange(qc)),
    mutationFn: ({ programmeId, id, body }) => (id ? api.patch<ProgrammeTask>(`/programme-tasks/${id}`, body) : api.post<ProgrammeTask>(`/programmes/${programmeId}/tasks`, body)),
  });
}

export function useDeleteTask(opts?: MutationOptions<void, ProgrammeTask>) {
  const qc = useQueryClient();
  return useMutation({ ...withSuccess(opts, () => invalidateAfterProgrammeChange(qc)), mutationFn: (t) => api.delete(`/programme-tasks/${t.id}?version=${t.version}`) });
}
