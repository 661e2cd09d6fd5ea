/**
 * The sign-in API for the web: who is signed in, signing in and out, changing the password. `app/auth.tsx`
 * (the `useMe()` context) calls these; pages call `useMe()`.
 */
import type { Me } from '../../../../core/schemas/auth.ts';
import { api, ApiError } from '../../app/api.ts';

/** GET /api/me; null when nobody is signed in. */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/me');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export const postLogin = (username: string, password: string) => api.post<Me>('/auth/login', { username, password });
export const postLogout = () => api.post('/auth/logout');
export const postPassword = (currentPassword: string, newPassword: string) => api.post('/me/password', { currentPassword, newPassword });
