/**
 * The regions and units API for the web: query keys and typed hooks (shapes and inputs from
 * core/schemas/regions.ts). The lists every page shares (`useRegions`, `useUnits`) stay in app/data.ts under the
 * same keys. A change of the tree or of a population moves names everywhere, the workbench and the evaluation.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Boundaries, Population, PopulationSet, Region, RegionCreate, RegionUpdate, Unit, UnitCreate, UnitUpdate } from '../../../../core/schemas/regions.ts';
import { api, type Query } from '../../app/api.ts';
import { withSuccess, type MutationOptions } from '../../app/data.ts';
import { evaluationKeys } from '../evaluation/api.ts';
import { workbenchKeys } from '../workbench/api.ts';

export const regionKeys = {
  all: ['regions'] as const,
  population: (code: string) => [...regionKeys.all, 'population', code] as const,
  boundaries: (under: string | null) => [...regionKeys.all, 'boundaries', under] as const,
};
export const unitKeys = {
  all: ['units'] as const,
  list: (filters: Query) => [...unitKeys.all, 'list', filters] as const,
};

/** After any change of a region, a unit or a population: lists, selects, names, figures. */
export function invalidateAfterRegionChange(qc: QueryClient) {
  return Promise.all([regionKeys.all, unitKeys.all, workbenchKeys.all, evaluationKeys.all].map((queryKey) => qc.invalidateQueries({ queryKey })));
}

export function usePopulation(code: string) {
  return useQuery({ queryKey: regionKeys.population(code), queryFn: () => api.get<Population[]>(`/regions/${code}/population`) });
}

/** POST a region, or PATCH one (rename, aliases, (de)activate, move: the body carries the version). */
export function useSaveRegion(opts?: MutationOptions<Region, { code?: string; body: z.input<typeof RegionCreate> | z.input<typeof RegionUpdate> }>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => invalidateAfterRegionChange(qc)),
    mutationFn: ({ code, body }) => (code ? api.patch<Region>(`/regions/${code}`, body) : api.post<Region>('/regions', body)),
  });
}

/** PUT a year's population of a region (null deletes the year). */
export function useSetPopulation(code: string, opts?: MutationOptions<unknown, { year: number } & z.input<typeof PopulationSet>>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => invalidateAfterRegionChange(qc)),
    mutationFn: ({ year, residents }) => api.put(`/regions/${code}/population/${year}`, { residents }),
  });
}

export function useUnitList(filters: Query) {
  return useQuery({ queryKey: unitKeys.list(filters), queryFn: () => api.get<Unit[]>('/units', filters) });
}

/** POST a unit, or PATCH one (the body carries the version). */
export function useSaveUnit(opts?: MutationOptions<Unit, { id?: string; body: z.input<typeof UnitCreate> | z.input<typeof UnitUpdate> }>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => invalidateAfterRegionChange(qc)),
    mutationFn: ({ id, body }) => (id ? api.patch<Unit>(`/units/${id}`, body) : api.post<Unit>('/units', body)),
  });
}

/** The outlines below a region (all in scope without one), for the maps. */
export function useBoundaries(under: string | null, enabled = true) {
  return useQuery({ queryKey: regionKeys.boundaries(under), queryFn: () => api.get<Boundaries>('/regions/boundaries', { under }), enabled, staleTime: 10 * 60_000 });
}

/** Uploads a GeoJSON file's outlines (refused whole, with the problems listed, when anything is wrong). */
export function useUploadBoundaries(opts?: MutationOptions<{ saved: number; unchanged: number }, unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (doc: unknown) => api.put<{ saved: number; unchanged: number }>('/regions/boundaries', doc),
    meta: { silent: true }, // the page lists the problems itself
    ...withSuccess(opts, () => qc.invalidateQueries({ queryKey: regionKeys.all })),
  });
}
