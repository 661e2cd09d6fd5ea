/**
 * The programme API for the web: query keys and typed hooks (shapes from core/schemas/evaluation.ts). A task's
 * change moves the programme's counts and the workbench's to-do (overdue tasks).
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { MyTask, ProgrammeListItem, ProgrammeTask, ProgrammeTaskDetail, ProgrammeTaskReport } from '../../../../core/schemas/evaluation.ts';
import { api, type Query } from '../../app/api.ts';
import { withSuccess, type MutationOptions } from '../../app/data.ts';
import { workbenchKeys } from '../workbench/api.ts';

export const programmeKeys = {
  all: ['programmes'] as const,
  list: (year: number | null) => [...programmeKeys.all, 'list', year] as const,
  tasks: (programmeId: string, filters: Query) => [...programmeKeys.all, 'tasks', programmeId, filters] as const,
  mine: (filters: Query) => [...programmeKeys.all, 'mine', filters] as const,
  task: (id: string) => [...programmeKeys.all, 'task', id] as const,
};

export function invalidateAfterProgrammeChange(qc: QueryClient) {
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

/** 我的任务: tasks assigned to the user's unit or village. */
export function useMyTasks(filters: Query) {
  return useQuery({ queryKey: programmeKeys.mine(filters), queryFn: () => api.get<MyTask[]>('/programme-tasks/mine', filters) });
}

/** One task with its reports; fetched while `id` is set. */
export function useTask(id: string | null) {
  return useQuery({ queryKey: programmeKeys.task(id ?? ''), queryFn: () => api.get<ProgrammeTaskDetail>(`/programme-tasks/${id}`), enabled: !!id });
}

/** Report progress or completion of a task (the body carries the task's version). */
export function useReportTask(id: string, opts?: MutationOptions<{ report: ProgrammeTaskReport; task: ProgrammeTask }, Record<string, unknown>>) {
  const qc = useQueryClient();
  return useMutation({ ...withSuccess(opts, () => invalidateAfterProgrammeChange(qc)), mutationFn: (body) => api.post<{ report: ProgrammeTaskReport; task: ProgrammeTask }>(`/programme-tasks/${id}/reports`, body) });
}
