/**
 * Shared lookups many pages need: the regions and units the user may see (cached by react-query).
 *
 *   const { data: regions } = useRegions();          const regionName = useRegionName();
 *   regionName('330782100001') // → '东村'
 */
import { useCallback, useMemo } from 'react';
import { useQuery, type UseMutationOptions } from '@tanstack/react-query';
import type { Region, Unit } from '../../../core/schemas/regions.ts';
import { api } from './api.ts';

// the shapes GET /api/regions and /api/units answer with (core/schemas/regions.ts)
export type { Region, Unit };

export const regionsKey = (includeInactive = false) => ['regions', { includeInactive }] as const;

/** Regions in the user's scope, in tree order (GET /api/regions). */
export const regionsQuery = (includeInactive = false) => ({
  queryKey: regionsKey(includeInactive),
  queryFn: () => api.get<Region[]>('/regions', { includeInactive: includeInactive || undefined }),
  staleTime: 60_000,
});
export function useRegions(opts: { includeInactive?: boolean } = {}) {
  return useQuery(regionsQuery(!!opts.includeInactive));
}

/** code → name of every region in scope (including inactive ones); the code itself when unknown. */
export function useRegionName() {
  const { data } = useRegions({ includeInactive: true });
  const map = useMemo(() => new Map((data ?? []).map((r) => [r.code, r.name])), [data]);
  return useCallback((code: string | null | undefined) => (code ? (map.get(code) ?? code) : ''), [map]);
}

/** Units in the user's scope (GET /api/units). */
export function useUnits(opts: { includeInactive?: boolean } = {}) {
  const includeInactive = !!opts.includeInactive;
  return useQuery({
    queryKey: ['units', { includeInactive }],
    queryFn: () => api.get<Unit[]>('/units', { includeInactive: includeInactive || undefined }),
    staleTime: 60_000,
  });
}


/**
 * What a feature's mutation hook lets its page add: callbacks and meta. The hook keeps the request and the
 * invalidation; `withSuccess` runs (and awaits) the hook's own step before the page's onSuccess, so a page
 * that waits for the mutation sees the refreshed data.
 */
export type MutationOptions<TData, TVars = void> = Omit<UseMutationOptions<TData, Error, TVars>, 'mutationFn'>;
export function withSuccess<TData, TVars>(opts: MutationOptions<TData, TVars> | undefined, first: (data: TData, vars: TVars) => unknown): MutationOptions<TData, TVars> {
  return {
    ...opts,
    onSuccess: async (...args) => {
      await first(args[0], args[1]);
      return opts?.onSuccess?.(...args);
    },
  };
}
