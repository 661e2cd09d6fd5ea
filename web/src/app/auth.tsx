/**
 * The signed-in user. `useMe()` gives `{ me, can, login, logout, ... }` anywhere below <AuthProvider>:
 *
 *   const { me, can } = useMe();
 *   {can('disputes.intake') && <Button>登记纠纷</Button>}
 *
 * `can` uses the same role table as the server (core/roles.ts), over the roles of the user's bindings.
 * It only decides what to show; the server checks every request again.
 */
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { rolesHave, type Permission, type Role } from '../../../core/roles.ts';
import type { Me, MeBinding } from '../../../core/schemas/auth.ts';
import { fetchMe, postLogin, postLogout, postPassword } from '../features/auth/api.ts';

// who the signed-in user is: the shape GET /api/me answers with (core/schemas/auth.ts)
export type { Me, MeBinding };

interface AuthValue {
  me: Me | null;
  loading: boolean;
  roles: Role[];
  isAdmin: boolean;
  /** whether any of the user's roles grants the permission (or any of several) */
  can: (p: Permission | readonly Permission[]) => boolean;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
  changePassword: (currentPassword: string, newPassword: string) => Promise<void>;
  refresh: () => Promise<unknown>;
}

const AuthContext = createContext<AuthValue | null>(null);
export const ME_KEY = ['me'] as const;

/** Drops every cached answer but the current user's (whose observer must stay attached). */
function forgetOthers(qc: QueryClient) {
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: 1, meta: { silent: true } });
  const me = q.data ?? null;
  const roles = useMemo(() => [...new Set((me?.bindings ?? []).map((b) => b.role))], [me]);

  const can = useCallback((p: Permission | readonly Permission[]) => (typeof p === 'string' ? [p] : p).some((x) => rolesHave(roles, x as Permission)), [roles]);

  const login = useCallback(
    async (username: string, password: string) => {
      const m = await postLogin(username, password);
      forgetOthers(qc); // nothing of a previous user may stay in the cache
      qc.setQueryData(ME_KEY, m);
      return m;
    },
    [qc],
  );
  const logout = useCallback(async () => {
    try {
      await postLogout();
    } finally {
      forgetOthers(qc);
      qc.setQueryData(ME_KEY, null);
    }
  }, [qc]);
  const changePassword = useCallback(
    async (currentPassword: string, newPassword: string) => {
      await postPassword(currentPassword, newPassword);
      await qc.invalidateQueries({ queryKey: ME_KEY });
    },
    [qc],
  );

  const value = useMemo<AuthValue>(
    () => ({ me, loading: q.isPending, roles, isAdmin: roles.includes('admin'), can, login, logout, changePassword, refresh: () => q.refetch() }),
    [me, q, roles, can, login, logout, changePassword],
  );
  if (q.isError) throw q.error; // the error boundary offers a reload
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useMe(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useMe() must be used inside <AuthProvider>');
  return v;
}
