/**
 * The screening and risk API for the web: query keys and typed hooks (shapes from core/schemas/screening.ts).
 * A report, a campaign or a risk changes the campaign figures, the risk register and the workbench's
 * to-do together (`invalidateAfterScreeningChange`); a risk turned into a dispute is also a dispute change.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Campaign, CampaignDetail, ReportFiled, Risk, RiskIntake, RiskList, RiskToDispute, Task } from '../../../../core/schemas/screening.ts';
import { api, type Query } from '../../app/api.ts';
import { withSuccess, type MutationOptions } from '../../app/data.ts';
import { invalidateAfterDisputeChange } from '../disputes/api.ts';
import { workbenchKeys } from '../workbench/api.ts';

/** Campaign lists and details are polled: reports come in from the villages while the town watches. */
const LIVE_MS = 10_000;

export const screeningKeys = {
  all: ['screening'] as const,
  tasks: () => [...screeningKeys.all, 'tasks'] as const,
  campaigns: (f: { year: number; type?: string }) => [...screeningKeys.all, 'campaigns', f] as const,
  campaign: (id: string | null) => [...screeningKeys.all, 'campaign', id] as const,
};

export const riskKeys = {
  all: ['risks'] as const,
  list: (query: Query) => [...riskKeys.all, 'list', query] as const,
  intake: (id: string | undefined) => [...riskKeys.all, 'intake', id] as const,
};

export function invalidateAfterScreeningChange(qc: QueryClient) {
  return Promise.all([screeningKeys.all, riskKeys.all, workbenchKeys.all].map((queryKey) => qc.invalidateQueries({ queryKey })));
}

/** The reports the user's villages and grids owe. */
export function useMyTasks() {
  return useQuery({ queryKey: screeningKeys.tasks(), queryFn: () => api.get<Task[]>('/screening/my-tasks'), refetchInterval: LIVE_MS });
}

export function useCampaigns(year: number, type: string | undefined) {
  return useQuery({ queryKey: screeningKeys.campaigns({ year, type }), queryFn: () => api.get<Campaign[]>('/screening/campaigns', { year, type }), refetchInterval: LIVE_MS });
}

export const getCampaign = (id: string) => api.get<CampaignDetail>(`/screening/campaigns/${id}`);

export function useCampaign(id: string | null) {
  return useQuery({ queryKey: screeningKeys.campaign(id), queryFn: () => getCampaign(id!), enabled: !!id, refetchInterval: LIVE_MS });
}

/** POST (no id) or PATCH (the body carries the version) a campaign. */
export function useSaveCampaign(opts?: MutationOptions<unknown, { id?: string; body: Record<string, unknown> }>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => invalidateAfterScreeningChange(qc)),
    mutationFn: ({ id, body }) => (id ? api.patch(`/screening/campaigns/${id}`, body) : api.post('/screening/campaigns', body)),
  });
}

/** A village's report: its risks, or a zero report. */
export function useFileReport(opts?: MutationOptions<ReportFiled, { campaignId: string; body: { regionCode: string; zeroReport: boolean; risks?: unknown[]; notes?: string } }>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => invalidateAfterScreeningChange(qc)),
    mutationFn: ({ campaignId, body }) => api.post<ReportFiled>(`/screening/campaigns/${campaignId}/reports`, body),
  });
}

export function useReopenReport(opts?: MutationOptions<unknown, { reportId: string; reason: string; version: number }>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => invalidateAfterScreeningChange(qc)),
    mutationFn: ({ reportId, reason, version }) => api.post(`/screening/reports/${reportId}/reopen`, { reason, version }),
  });
}

export function useRiskList(query: Query) {
  return useQuery({ queryKey: riskKeys.list(query), queryFn: () => api.get<RiskList>('/risks', query) });
}

/** POST (no id) or PATCH (the body carries the version) a risk. */
export function useSaveRisk(opts?: MutationOptions<Risk, { id?: string; body: Record<string, unknown> }>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => invalidateAfterScreeningChange(qc)),
    mutationFn: ({ id, body }) => (id ? api.patch<Risk>(`/risks/${id}`, body) : api.post<Risk>('/risks', body)),
  });
}

/** The dispute intake prefilled from a risk. */
export function useRiskIntake(id: string | undefined) {
  return useQuery({ queryKey: riskKeys.intake(id), queryFn: () => api.get<RiskIntake>(`/risks/${id}/intake`), enabled: !!id });
}

export function useRiskToDispute(opts?: MutationOptions<RiskToDispute, { id: string; body: RiskIntake['intake'] }>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, (r) => Promise.all([invalidateAfterScreeningChange(qc), invalidateAfterDisputeChange(qc, r.dispute.id)])),
    mutationFn: ({ id, body }) => api.post<RiskToDispute>(`/risks/${id}/to-dispute`, body),
  });
}
