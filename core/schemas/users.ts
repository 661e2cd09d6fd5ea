/**
 * The users and API-token API (SPEC §1 roles and bindings, §11 integration tokens): the input of every write
 * (routes validate with it, services take its output, the CLI, demo and bench parse with it) and the answers,
 * shared by the server (route response schemas — undeclared fields are stripped) and the web (types, form rules).
 */
import { z } from 'zod';
import { ROLES } from '../roles.ts';
import type { Wire } from './wire.ts';

/** A role in a region (regionCode) or in a unit (unitId); admin needs neither. */
export const BindingInput = z.object({ role: z.enum(ROLES), regionCode: z.string().nullish(), unitId: z.string().nullish() });

export const UserCreate = z.object({
  username: z.string().min(1).max(40),
  name: z.string().max(60).optional(),
  phone: z.string().max(30).nullish(),
  password: z.string().max(200).nullish(),
  canRevealIdentity: z.boolean().optional(),
  bindings: z.array(BindingInput).min(1, '至少需要一个角色绑定'),
  /** 包村: the villages or communities a town cadre is responsible for */
  villages: z.array(z.string()).max(50).optional(),
});
export const UserUpdate = z.object({
  version: z.number().int(),
  name: z.string().max(60).optional(),
  phone: z.string().max(30).nullish(),
  active: z.boolean().optional(),
  canRevealIdentity: z.boolean().optional(),
  bindings: z.array(BindingInput).min(1).optional(),
  villages: z.array(z.string()).max(50).optional(),
});
/** An admin's reset: no password means generate one (shown once, to be changed at next login). */
export const PasswordReset = z.object({ password: z.string().max(200).nullish() });
export const TokenCreate = z.object({
  name: z.string().trim().min(1).max(100),
  userId: z.string(),
  expiresOn: z.iso.date({ error: '有效期须为 YYYY-MM-DD 格式的日期' }).nullish(),
});

export const UserOut = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  canRevealIdentity: z.boolean(),
  version: z.number(),
  bindings: z.array(z.object({ role: z.enum(ROLES), regionCode: z.string().nullable(), unitId: z.string().nullable() })),
  /** 包村: the villages or communities the user is responsible for */
  villages: z.array(z.string()),
});
export const UserListOut = z.array(UserOut);
export const UserCreatedOut = z.object({ user: UserOut, password: z.string().nullable() });
export const PasswordResetOut = z.object({ username: z.string(), password: z.string().nullable() });
export const TokenOut = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  userId: z.string(),
  username: z.string(),
  createdAt: z.date(),
  revokedAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
});
export const TokenListOut = z.array(TokenOut);
export const TokenCreatedOut = z.object({ id: z.string(), token: z.string() });

export type UserCreateInput = z.output<typeof UserCreate>;
export type User = z.infer<typeof UserOut>;
export type UserCreated = z.infer<typeof UserCreatedOut>;
export type PasswordResetResult = z.infer<typeof PasswordResetOut>;
export type Token = Wire<z.infer<typeof TokenOut>>;
export type TokenCreated = z.infer<typeof TokenCreatedOut>;
