/**
 * The dispute API for the web: query keys, typed hooks (shapes from core/schemas/disputes.ts, the schemas the
 * server answers with) and the one invalidation after a change.
 *
 *   const q = useDispute(id);                 const send = useDisputeAction(id, { onSuccess: onClose });
 *   invalidateAfterDisputeChange(qc, id)      // the dispute, its lists, to-do, warnings, statistics, workbench
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Agreement, PartyHistory, SimilarCases, DisputeDetail, DisputeList, DisputeStats, Dictionaries, Monthly, Revealed, TodoList, UnitOption, Warnings } from '../../../../core/schemas/disputes.ts';
import { looksLikeIdNumber } from '../../../../core/id-number.ts';
import type { FileInfo } from '../../../../core/schemas/prevention.ts';
import { api, type Query } from '../../app/api.ts';
import { withSuccess, type MutationOptions } from '../../app/data.ts';
import { workbenchKeys } from '../workbench/api.ts';
import { fetchDuplicates, type DuplicateProbe } from './intake.ts';


export const disputeKeys = {
  all: ['disputes'] as const,
  lists: () => [...disputeKeys.all, 'list'] as const,
  list: (query: Query) => [...disputeKeys.lists(), query] as const,
  search: (q: string) => [...disputeKeys.lists(), 'search', q] as const,
  detail: (id: string) => [...disputeKeys.all, 'detail', id] as const,
  /** under the detail: a change of the dispute (its level, its region) changes whom it may go to */
  units: (id: string) => [...disputeKeys.detail(id), 'units'] as const,
  /** under the detail: a change of the dispute (its category, its summary) changes its similar cases */
  similar: (id: string) => [...disputeKeys.detail(id), 'similar'] as const,
  duplicates: (f?: { probes: DuplicateProbe[]; category?: string; receivedOn?: string }) => (f ? ([...disputeKeys.all, 'duplicates', f] as const) : ([...disputeKeys.all, 'duplicates'] as const)),
  todo: () => [...disputeKeys.all, 'todo'] as const,
  warnings: (f?: { region?: string }) => (f ? ([...disputeKeys.all, 'warnings', f] as const) : ([...disputeKeys.all, 'warnings'] as const)),
  stats: (f?: { month: string; region?: string }) => (f ? ([...disputeKeys.all, 'stats', f] as const) : ([...disputeKeys.all, 'stats'] as const)),
  monthly: (f?: { year: number }) => (f ? ([...disputeKeys.all, 'monthly', f] as const) : ([...disputeKeys.all, 'monthly'] as const)),
  dictionaries: () => [...disputeKeys.all, 'dictionaries'] as const,
};

/**
 * After any change of a dispute (intake, action, note, agreement): everything that shows it is stale — the
 * dispute itself, the lists, the duplicate check, the to-do and warnings, the statistics, the monthly chart
 * and the workbench. With `fresh` (the server's answer) the detail is set instead of fetched again.
 */
export function invalidateAfterDisputeChange(qc: QueryClient, id?: string, fresh?: DisputeDetail) {
  if (id && fresh) qc.setQueryData(disputeKeys.detail(id), fresh);
  const keys = [
    ...(id && !fresh ? [disputeKeys.detail(id)] : []),
    disputeKeys.lists(),
    disputeKeys.duplicates(),
    disputeKeys.todo(),
    disputeKeys.warnings(),
    disputeKeys.stats(),
    disputeKeys.monthly(),
    workbenchKeys.all,
  ];
  return Promise.all(keys.map((queryKey) => qc.invalidateQueries({ queryKey })));
}

/** GET /disputes: a page of the ledger; the previous page stays shown while the next one loads. */
export function useDisputeList(query: Query) {
  return useQuery({ queryKey: disputeKeys.list(query), queryFn: () => fetchLedger(query), placeholderData: (prev) => prev });
}

/** GET /disputes, or POST /disputes/search when the text is an identity number (which then stays out of every URL). */
function fetchLedger(query: Query) {
  return looksLikeIdNumber(typeof query.q === 'string' ? query.q : null) ? api.post<DisputeList>('/disputes/search', query) : api.get<DisputeList>('/disputes', query);
}

export function useDispute(id: string) {
  return useQuery({ queryKey: disputeKeys.detail(id), queryFn: () => api.get<DisputeDetail>(`/disputes/${id}`) });
}

/** GET /disputes/:id/similar: similar concluded cases of the town and library entries of the category (issue 17.2). */
export function useSimilarCases(id: string, enabled = true) {
  return useQuery({ queryKey: disputeKeys.similar(id), queryFn: () => api.get<SimilarCases>(`/disputes/${id}/similar`), enabled });
}

/** GET /disputes/:id/party-history: the same parties' other disputes (issue 17.4). */
export function usePartyHistory(id: string) {
  return useQuery({ queryKey: [...disputeKeys.detail(id), 'party-history'], queryFn: () => api.get<PartyHistory>(`/disputes/${id}/party-history`) });
}

/** The first disputes found for a text: number, query code, party, summary or an identity number (the header's search). */
export function findDisputes(q: string, pageSize = 8) {
  return fetchLedger({ q, pageSize });
}

/** Disputes found by number, party or summary (a picker on other features' forms). */
export function useDisputeSearch(q: string) {
  return useQuery({ queryKey: disputeKeys.search(q), queryFn: () => fetchLedger({ q: q || undefined, pageSize: 20 }), meta: { silent: true } });
}

/** The units (and their handlers) a dispute may be accepted by or transferred to. */
export function useDisputeUnits(id: string, enabled: boolean) {
  return useQuery({ queryKey: disputeKeys.units(id), queryFn: () => api.get<UnitOption[]>(`/disputes/${id}/units`), enabled });
}

/** GET /disputes/:id/attachments: the dispute's photos and attachments (issue 18.4). */
export function useDisputeAttachments(id: string) {
  return useQuery({ queryKey: [...disputeKeys.detail(id), 'attachments'], queryFn: () => api.get<{ items: FileInfo[] }>(`/disputes/${id}/attachments`) });
}

/** Possible duplicates at intake: one request per probe, merged by dispute (with every way it matched). */
export function useDuplicates(f: { probes: DuplicateProbe[]; category?: string; receivedOn?: string }, enabled: boolean) {
  return useQuery({
    queryKey: disputeKeys.duplicates(f),
    enabled,
    meta: { silent: true },
    queryFn: () => fetchDuplicates(f),
  });
}

export function useTodo() {
  return useQuery({ queryKey: disputeKeys.todo(), queryFn: () => api.get<TodoList>('/disputes/todo') });
}

export function useWarnings(region: string | undefined, enabled: boolean) {
  return useQuery({ queryKey: disputeKeys.warnings({ region }), queryFn: () => api.get<Warnings>('/disputes/warnings', { region }), enabled });
}

export function useDisputeStats(month: string, region: string | undefined) {
  return useQuery({ queryKey: disputeKeys.stats({ month, region }), queryFn: () => api.get<DisputeStats>('/disputes/stats', { month, region }) });
}

/** The year month by month (the workbench chart). */
export function useDisputeMonthly(year: number, enabled: boolean) {
  return useQuery({ queryKey: disputeKeys.monthly({ year }), queryFn: () => api.get<Monthly>('/disputes/monthly', { year }), enabled });
}

/** The configured categories, failure reasons and channels; `staleTime` for pages that only label with them. */
export const dictionariesQuery = (staleTime?: number) => ({ queryKey: disputeKeys.dictionaries(), queryFn: () => api.get<Dictionaries>('/disputes/dictionaries'), staleTime });
export function useDictionariesQuery(staleTime?: number) {
  return useQuery(dictionariesQuery(staleTime));
}

export type DictionariesIn = { categories: { key: string; label: string; statsCategory: string; active?: boolean }[]; failureReasons: { key: string; label: string; active?: boolean }[] };
export function useSaveDictionaries(opts?: MutationOptions<Dictionaries, DictionariesIn>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, (d) => qc.setQueryData(disputeKeys.dictionaries(), d)),
    mutationFn: (body: DictionariesIn) => api.put<Dictionaries>('/disputes/dictionaries', body),
  });
}

/** POST /disputes/:id/actions — a step of the state machine; the answer is the dispute as it now is. */
export function useDisputeAction(id: string, opts?: MutationOptions<DisputeDetail, Record<string, unknown>>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, (d) => invalidateAfterDisputeChange(qc, id, d)),
    mutationFn: (body: Record<string, unknown>) => api.post<DisputeDetail>(`/disputes/${id}/actions`, body),
  });
}

export function useAddNote(id: string, opts?: MutationOptions<DisputeDetail, string>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, (d) => invalidateAfterDisputeChange(qc, id, d)),
    mutationFn: (notes: string) => api.post<DisputeDetail>(`/disputes/${id}/notes`, { notes }),
  });
}

/** POST /disputes/:id/route-override: keep the dispute where it is against the grading's suggestion, with a reason. */
export function useRouteOverride(id: string, opts?: MutationOptions<DisputeDetail, { version: number; reason: string }>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, (d) => invalidateAfterDisputeChange(qc, id, d)),
    mutationFn: (body: { version: number; reason: string }) => api.post<DisputeDetail>(`/disputes/${id}/route-override`, body),
  });
}

/** PATCH /disputes/:id/agreement with the agreement's version (409 when someone saved in between). */
export function useSaveAgreement(id: string, opts?: MutationOptions<Agreement, Record<string, unknown>>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => invalidateAfterDisputeChange(qc, id)),
    mutationFn: (body: Record<string, unknown>) => api.patch<Agreement>(`/disputes/${id}/agreement`, body),
  });
}

/** The full id number of a party (audited by the server); changes no query. */
export function useRevealIdentity(id: string, opts?: MutationOptions<Revealed, string>) {
  return useMutation({ ...opts, mutationFn: (partyId: string) => api.post<Revealed>(`/disputes/${id}/reveal`, { partyId }) });
}

