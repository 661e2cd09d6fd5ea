/** The audit log API for the web: its query keys and the typed hook (shape from core/schemas/audit.ts). Read-only. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditPage } from '../../../../core/schemas/audit.ts';
import { api, type Query } from '../../app/api.ts';

export const auditKeys = {
  all: ['audit'] as const,
  list: (filters: Query) => [...auditKeys.all, filters] as const,
};

export function useAuditLog(filters: Query) {
  return useQuery({ queryKey: auditKeys.list(filters), queryFn: () => api.get<AuditPage>('/audit', filters), placeholderData: keepPreviousData });
}
