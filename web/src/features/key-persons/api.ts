/**
 * The key-persons API for the web: query keys and typed hooks (shapes from core/schemas/key-persons.ts).
 * A key person taken over from a risk marks that risk; contacts due are on the workbench's to-do.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Cadre, Contact, KeyPerson, KeyPersonDetail, KeyPersonSaved } from '../../../../core/schemas/key-persons.ts';
import { api, type Query } from '../../app/api.ts';
import { withSuccess, type MutationOptions } from '../../app/data.ts';
import { riskKeys } from '../screening/api.ts';
import { workbenchKeys } from '../workbench/api.ts';

export const keyPersonKeys = {
  all: ['key-persons'] as const,
  list: (filters: Query) => [...keyPersonKeys.all, 'list', filters] as const,
  detail: (id: string | null) => [...keyPersonKeys.all, 'detail', id] as const,
  cadres: (regionCode: string | undefined) => [...keyPersonKeys.all, 'cadres', regionCode] as const,
};

function invalidateAfterKeyPersonChange(qc: QueryClient) {
  return Promise.all([keyPersonKeys.all, riskKeys.all, workbenchKeys.all].map((queryKey) => qc.invalidateQueries({ queryKey })));
}

export function useKeyPersons(filters: Query) {
  return useQuery({ queryKey: keyPersonKeys.list(filters), queryFn: () => api.get<KeyPerson[]>('/key-persons', filters) });
}

export function useKeyPerson(id: string | null) {
  return useQuery({ queryKey: keyPersonKeys.detail(id), queryFn: () => api.get<KeyPersonDetail>(`/key-persons/${id}`), enabled: !!id });
}

export function useCadres(regionCode: string | undefined) {
  return useQuery({ queryKey: keyPersonKeys.cadres(regionCode), queryFn: () => api.get<Cadre[]>('/key-persons/cadres', { regionCode }), enabled: !!regionCode });
}

/** POST (no id) or PATCH (the body carries the version) a key person. */
export function useSaveKeyPerson(opts?: MutationOptions<KeyPersonSaved, { id?: string; body: Record<string, unknown> }>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => invalidateAfterKeyPersonChange(qc)),
    mutationFn: ({ id, body }) => (id ? api.patch<KeyPersonSaved>(`/key-persons/${id}`, body) : api.post<KeyPersonSaved>('/key-persons', body)),
  });
}

export function useAddContact(id: string, opts?: MutationOptions<Contact, Record<string, unknown>>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => invalidateAfterKeyPersonChange(qc)),
    mutationFn: (body: Record<string, unknown>) => api.post<Contact>(`/key-persons/${id}/contacts`, body),
  });
}
