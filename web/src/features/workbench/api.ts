/**
 * The workbench's data for the web: its query key (every change that moves a figure or a to-do on the
 * workbench invalidates it) and the typed hook of GET /api/workbench.
 */
import { useQuery } from '@tanstack/react-query';
import type { Workbench } from '../../../../core/schemas/workbench.ts';
import { api } from '../../app/api.ts';

export const workbenchKeys = {
  all: ['workbench'] as const,
};

export function useWorkbench() {
  return useQuery({ queryKey: workbenchKeys.all, queryFn: () => api.get<Workbench>('/workbench') });
}
