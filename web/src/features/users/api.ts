/**
 * The users and API-token API for the web: query keys and typed hooks (shapes and inputs from
 * core/schemas/users.ts). A user's change shows in the user list, the workbench's user figures and, for the
 * signed-in user, in who they are; a token's in the token list.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { PasswordResetResult, Token, TokenCreate, TokenCreated, User, UserCreate, UserCreated, UserUpdate } from '../../../../core/schemas/users.ts';
import { api } from '../../app/api.ts';
import { ME_KEY } from '../../app/auth.tsx';
import { withSuccess, type MutationOptions } from '../../app/data.ts';
import { workbenchKeys } from '../workbench/api.ts';

export const userKeys = {
  all: ['users'] as const,
};
export const tokenKeys = {
  all: ['tokens'] as const,
};

/** After a change of a user: the list, the workbench figures, and "me" (one may edit oneself). */
export function invalidateAfterUserChange(qc: QueryClient) {
  return Promise.all([userKeys.all, workbenchKeys.all, ME_KEY].map((queryKey) => qc.invalidateQueries({ queryKey })));
}

export function useUsers(opts: { enabled?: boolean } = {}) {
  return useQuery({ queryKey: userKeys.all, queryFn: () => api.get<User[]>('/users'), enabled: opts.enabled });
}

/** POST a user (answers the user and a generated password, if any) or PATCH one (the body carries the version). */
export function useSaveUser(opts?: MutationOptions<{ user: User; password: string | null }, { id?: string; body: z.input<typeof UserCreate> | z.input<typeof UserUpdate> }>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => invalidateAfterUserChange(qc)),
    mutationFn: async ({ id, body }) => (id ? { user: await api.patch<User>(`/users/${id}`, body), password: null } : api.post<UserCreated>('/users', body)),
  });
}

/** An admin's reset to a generated password (shown once). */
export function useResetPassword(opts?: MutationOptions<PasswordResetResult, User>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => invalidateAfterUserChange(qc)),
    mutationFn: (u) => api.post<PasswordResetResult>(`/users/${u.id}/password`, { password: null }),
  });
}

export function useTokens() {
  return useQuery({ queryKey: tokenKeys.all, queryFn: () => api.get<Token[]>('/tokens') });
}

export function useCreateToken(opts?: MutationOptions<TokenCreated, z.input<typeof TokenCreate>>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => qc.invalidateQueries({ queryKey: tokenKeys.all })),
    mutationFn: (body) => api.post<TokenCreated>('/tokens', body),
  });
}

export function useRevokeToken(opts?: MutationOptions<unknown, Token>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, () => qc.invalidateQueries({ queryKey: tokenKeys.all })),
    mutationFn: (t) => api.delete(`/tokens/${t.id}`),
  });
}
