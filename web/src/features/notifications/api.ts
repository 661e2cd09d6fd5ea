/**
 * Notifications for the web: query keys and typed hooks of /notifications (the user's own, preferences),
 * /notification-channels and /notification-deliveries (shapes from core/schemas/notifications.ts).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ChannelOut, DeliveryOut, NotificationList, PreferencesOut } from '../../../../core/schemas/notifications.ts';
import { api, type Query } from '../../app/api.ts';
import { withSuccess, type MutationOptions } from '../../app/data.ts';

export const notificationKeys = {
  all: ['notifications'] as const,
  lists: () => [...notificationKeys.all, 'list'] as const,
  list: (query: Query) => [...notificationKeys.lists(), query] as const,
  preferences: () => [...notificationKeys.all, 'preferences'] as const,
  channels: () => ['notification-channels'] as const,
  deliveries: (query: Query) => ['notification-deliveries', query] as const,
};

type List = z.infer<typeof NotificationList>;

/** The user's notifications (unread first); the bell polls once a minute. */
export function useNotifications(query: Query, opts: { poll?: boolean } = {}) {
  return useQuery({
    queryKey: notificationKeys.list(query),
    queryFn: () => api.get<List>('/notifications', query),
    refetchInterval: opts.poll ? 60_000 : false,
    meta: opts.poll ? { silent: true } : undefined,
  });
}

export function useMarkRead(opts?: MutationOptions<{ updated: number }, string | undefined>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => qc.invalidateQueries({ queryKey: notificationKeys.lists() })),
    mutationFn: (id) => api.post<{ updated: number }>(id ? `/notifications/${id}/read` : '/notifications/read-all'),
  });
}

export function usePreferences() {
  return useQuery({ queryKey: notificationKeys.preferences(), queryFn: () => api.get<z.infer<typeof PreferencesOut>>('/notifications/preferences') });
}

export function useSavePreferences(opts?: MutationOptions<z.infer<typeof PreferencesOut>, { events: string[]; version: number }>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => qc.invalidateQueries({ queryKey: notificationKeys.preferences() })),
    mutationFn: (body) => api.put('/notifications/preferences', body),
  });
}

export function useChannels() {
  return useQuery({ queryKey: notificationKeys.channels(), queryFn: () => api.get<{ items: ChannelOut[] }>('/notification-channels') });
}

/** POST (no id) or PATCH /notification-channels/:id (the body carries the version). */
export function useSaveChannel(opts?: MutationOptions<ChannelOut, { id?: string; body: Record<string, unknown> }>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => qc.invalidateQueries({ queryKey: notificationKeys.channels() })),
    mutationFn: ({ id, body }) => (id ? api.patch<ChannelOut>(`/notification-channels/${id}`, body) : api.post<ChannelOut>('/notification-channels', body)),
  });
}

export function useDeleteChannel(opts?: MutationOptions<unknown, { id: string; version: number }>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => Promise.all([qc.invalidateQueries({ queryKey: notificationKeys.channels() }), qc.invalidateQueries({ queryKey: ['notification-deliveries'] })])),
    mutationFn: ({ id, version }) => api.delete(`/notification-channels/${id}?version=${version}`),
  });
}

export function useDeliveries(query: Query) {
  return useQuery({ queryKey: notificationKeys.deliveries(query), queryFn: () => api.get<{ items: DeliveryOut[]; total: number }>('/notification-deliveries', query) });
}

export function useResend(opts?: MutationOptions<{ id: string; status: string }, string>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => qc.invalidateQueries({ queryKey: ['notification-deliveries'] })),
    mutationFn: (id) => api.post<{ id: string; status: string }>(`/notification-deliveries/${id}/resend`),
  });
}
