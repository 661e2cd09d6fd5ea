/**
 * The workbench's data for the web: its query key (every change that moves a figure or a to-do on the
 * workbench invalidates it) and the typed hook of GET /api/workbench.
 */
import { useQuery } from '@tanstack/react-query';
import type { Cockpit, Workbench } from '../../../../core/schemas/workbench.ts';
import { api } from '../../app/api.ts';

export const workbenchKeys = {
  all: ['workbench'] as const,
  cockpit: ['workbench', 'cockpit'] as const,
};

export function useWorkbench() {
  return useQuery({ queryKey: workbenchKeys.all, queryFn: () => api.get<Workbench>('/workbench') });
}

/**
 * The cockpit (驾驶舱) of GET /api/workbench/cockpit. `refetchInterval` keeps a wall screen current (the big
 * screen refreshes every 5 minutes); figures are computed when asked, the page shows when (截至 HH:mm).
 */
export function useCockpit(refetchInterval?: number) {
  return useQuery({ queryKey: workbenchKeys.cockpit, queryFn: () => api.get<Cockpit>('/workbench/cockpit'), refetchInterval, refetchIntervalInBackground: !!refetchInterval });
}
