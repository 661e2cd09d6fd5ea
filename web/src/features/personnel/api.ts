/**
 * The personnel API for the web: query keys and typed hooks (shapes from core/schemas/personnel.ts). People
 * and facilities count in the village overview, the checklist's figures and the evaluation.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Facility, Person, PersonList, PersonnelOverview } from '../../../../core/schemas/personnel.ts';
import { api, type Query } from '../../app/api.ts';
import { withSuccess, type MutationOptions } from '../../app/data.ts';
import { checklistKeys } from '../checklist/api.ts';
import { evaluationKeys } from '../evaluation/api.ts';

export const personnelKeys = {
  all: ['personnel'] as const,
  list: (filters: Query) => [...personnelKeys.all, 'list', filters] as const,
  overview: (region: string | undefined, date: string | null) => [...personnelKeys.all, 'overview', region, date] as const,
};
export const facilityKeys = {
  all: ['facilities'] as const,
  list: (filters: Query) => [...facilityKeys.all, filters] as const,
};

/** After a person or a facility changes (or a facility's photos). */
export function invalidateAfterPersonnelChange(qc: QueryClient) {
  return Promise.all([personnelKeys.all, facilityKeys.all, checklistKeys.all, evaluationKeys.all].map((queryKey) => qc.invalidateQueries({ queryKey })));
}

export function usePersonnelOverview(region: string | undefined, date: string | null) {
  return useQuery({ queryKey: personnelKeys.overview(region, date), queryFn: () => api.get<PersonnelOverview>('/personnel/overview', { region, date }) });
}

export function usePeople(filters: Query) {
  return useQuery({ queryKey: personnelKeys.list(filters), queryFn: () => api.get<PersonList>('/personnel', filters) });
}

/** One person as stored (the form's values: the list masks phones). */
export const getPerson = (id: string) => api.get<Person>(`/personnel/${id}`);

/** POST (no id) or PATCH (the body carries the version) a person. */
export function useSavePerson(opts?: MutationOptions<Person, { id?: string; body: Record<string, unknown> }>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => invalidateAfterPersonnelChange(qc)),
    mutationFn: ({ id, body }) => (id ? api.patch<Person>(`/personnel/${id}`, body) : api.post<Person>('/personnel', body)),
  });
}

export function useDeletePerson(opts?: MutationOptions<void, string>) {
  const qc = useQueryClient();
  return useMutation({ ...withSuccess(opts, () => invalidateAfterPersonnelChange(qc)), mutationFn: (id) => api.delete(`/personnel/${id}`) });
}

export function useFacilities(filters: Query) {
  return useQuery({ queryKey: facilityKeys.list(filters), queryFn: () => api.get<Facility[]>('/facilities', filters) });
}

/** POST (no id) or PATCH (the body carries the version) a facility. */
export function useSaveFacility(opts?: MutationOptions<Facility, { id?: string; body: Record<string, unknown> }>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => invalidateAfterPersonnelChange(qc)),
    mutationFn: ({ id, body }) => (id ? api.patch<Facility>(`/facilities/${id}`, body) : api.post<Facility>('/facilities', body)),
  });
}

export function useDeleteFacility(opts?: MutationOptions<void, string>) {
  const qc = useQueryClient();
  return useMutation({ ...withSuccess(opts, () => invalidateAfterPersonnelChange(qc)), mutationFn: (id) => api.delete(`/facilities/${id}`) });
}
