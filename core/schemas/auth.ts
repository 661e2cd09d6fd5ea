/**
 * The sign-in API (SPEC §11): login and the user's own password change, and who the signed-in user is —
 * shared by the server (body and response schemas) and the web (types, form rules).
 */
import { z } from 'zod';
import { ROLES } from '../roles.ts';

export const Login = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
export const PasswordChange = z.object({ currentPassword: z.string().min(1), newPassword: z.string().min(1).max(200) });

export const MeOut = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  bindings: z.array(z.object({ role: z.enum(ROLES), regionCode: z.string().nullable().optional(), unitId: z.string().optional() })),
  mustChangePassword: z.boolean(),
  canRevealIdentity: z.boolean(),
});

export type Me = z.infer<typeof MeOut>;
export type MeBinding = Me['bindings'][number];
