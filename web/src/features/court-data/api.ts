/**
 * The outside-data API for the web (court cases, pre-litigation mediations, platform disputes, veto incidents,
 * city benchmarks, source counts, the address queue): query keys and typed hooks (shapes from
 * core/schemas/court-data.ts). Every kind is one path; a change moves the workbench's to-do, the evaluation's
 * figures and, for records placed by address, the queue.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { OutsideList, OutsideSaved, QueueList, QueueResolved } from '../../../../core/schemas/court-data.ts';
import { api, type Query } from '../../app/api.ts';
import { withSuccess, type MutationOptions } from '../../app/data.ts';
import { evaluationKeys } from '../evaluation/api.ts';
import { workbenchKeys } from '../workbench/api.ts';

/** A record as the pages use it: its URL key and version (the rest per kind, OutsideRecord<kind>). */
export interface RecordBase {
  key: string;
  version: number;
}

export const outsideKeys = {
  /** every query of one kind, by its API path ('/court-cases') */
  all: (path: string) => [path] as const,
  list: (path: string, filters: Query) => [...outsideKeys.all(path), 'list', filters] as const,
};
export const queueKeys = {
  all: ['resolution-queue'] as const,
  list: (status: string, page: number) => [...queueKeys.all, status, page] as const,
};

/** After a record of a kind changes: its lists, the address queue, the to-do and the evaluation. */
export function invalidateAfterRecordChange(qc: QueryClient, path: string) {
  return Promise.all([outsideKeys.all(path), queueKeys.all, workbenchKeys.all, evaluationKeys.all].map((queryKey) => qc.invalidateQueries({ queryKey })));
}

export function useOutsideRecords<T extends RecordBase>(path: string, filters: Query) {
  return useQuery({ queryKey: outsideKeys.list(path, filters), queryFn: () => api.get<OutsideList & { items: T[] }>(path, filters) });
}

/** POST (no editing record) or PATCH (with its version) a record of the kind at `path`. */
export function useSaveOutsideRecord<T extends RecordBase>(path: string, opts?: MutationOptions<OutsideSaved & { item: T }, { editing: T | null; body: Record<string, unknown> }>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => invalidateAfterRecordChange(qc, path)),
    mutationFn: ({ editing, body }) =>
      editing ? api.patch<OutsideSaved & { item: T }>(`${path}/${encodeURIComponent(editing.key)}`, { ...body, version: editing.version }) : api.post<OutsideSaved & { item: T }>(path, body),
  });
}

export function useDeleteOutsideRecord<T extends RecordBase>(path: string, opts?: MutationOptions<void, T>) {
  const qc = useQueryClient();
  return useMutation({ ...withSuccess(opts, () => invalidateAfterRecordChange(qc, path)), mutationFn: (r) => api.delete(`${path}/${encodeURIComponent(r.key)}?version=${r.version}`) });
}

export function useResolutionQueue(status: string, page: number) {
  return useQuery({ queryKey: queueKeys.list(status, page), queryFn: () => api.get<QueueList>('/resolution-queue', { status, page, pageSize: 20 }) });
}

/** Places a queued address in a village (learnt as its alias): the court cases and mediations it belongs to move. */
export function useResolveQueueItem(id: string, opts?: MutationOptions<QueueResolved, string>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => Promise.all(['/court-cases', '/prelitigation-mediations'].map((path) => invalidateAfterRecordChange(qc, path)))),
    mutationFn: (regionCode) => api.post<QueueResolved>(`/resolution-queue/${id}/resolve`, { regionCode }),
  });
}
