/**
 * The education API for the web: query keys and typed hooks (shapes from core/schemas/education.ts). An
 * activity counts in the checklist's figures (V3 activities) as well as in the education pages.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Activity, ActivityList, ActivityStats, LibraryEntry, LibraryList, WeeklySeries } from '../../../../core/schemas/education.ts';
import { api, type Query } from '../../app/api.ts';
import { withSuccess, type MutationOptions } from '../../app/data.ts';
import { checklistKeys } from '../checklist/api.ts';

export const educationKeys = {
  all: ['education'] as const,
  list: (filters: Query) => [...educationKeys.all, 'list', filters] as const,
  stats: (year: number, region: string | undefined) => [...educationKeys.all, 'stats', year, region] as const,
  weekly: (year: number) => [...educationKeys.all, 'weekly', year] as const,
};
export const libraryKeys = {
  all: ['library'] as const,
  list: (filters: Query) => [...libraryKeys.all, 'list', filters] as const,
};

/** After an activity changes (or its photos): the education pages and the checklist's figures. */
export function invalidateAfterActivityChange(qc: QueryClient) {
  return Promise.all([educationKeys.all, checklistKeys.all].map((queryKey) => qc.invalidateQueries({ queryKey })));
}

export function useActivities(filters: Query) {
  return useQuery({ queryKey: educationKeys.list(filters), queryFn: () => api.get<ActivityList>('/education/activities', filters) });
}

export function useActivityStats(year: number, region: string | undefined) {
  return useQuery({ queryKey: educationKeys.stats(year, region), queryFn: () => api.get<ActivityStats>('/education/stats', { year, region }) });
}

export function useWeeklySeries(year: number) {
  return useQuery({ queryKey: educationKeys.weekly(year), queryFn: () => api.get<WeeklySeries>('/education/weekly', { year }) });
}

/** POST (no id) or PATCH (the body carries the version) an activity. */
export function useSaveActivity(opts?: MutationOptions<Activity, { id?: string; body: Record<string, unknown> }>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => invalidateAfterActivityChange(qc)),
    mutationFn: ({ id, body }) => (id ? api.patch<Activity>(`/education/activities/${id}`, body) : api.post<Activity>('/education/activities', body)),
  });
}

export function useDeleteActivity(opts?: MutationOptions<void, string>) {
  const qc = useQueryClient();
  return useMutation({ ...withSuccess(opts, () => invalidateAfterActivityChange(qc)), mutationFn: (id) => api.delete(`/education/activities/${id}`) });
}

export function useLibrary(filters: Query) {
  return useQuery({ queryKey: libraryKeys.list(filters), queryFn: () => api.get<LibraryList>('/library', filters) });
}

/** POST (no id) or PATCH (the body carries the version) a library entry. */
export function useSaveLibraryEntry(opts?: MutationOptions<LibraryEntry, { id?: string; body: Record<string, unknown> }>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => qc.invalidateQueries({ queryKey: libraryKeys.all })),
    mutationFn: ({ id, body }) => (id ? api.patch<LibraryEntry>(`/library/${id}`, body) : api.post<LibraryEntry>('/library', body)),
  });
}
