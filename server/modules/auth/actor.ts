import os from 'node:os';
import { rolesHave, type Permission, type Role } from '../../../core/roles.ts';
import { forbidden } from '../../errors.ts';

export interface Binding {
  role: Role;
  regionCode: string | null;
  unitId: string | null;
  /** materialised path of the bound region, or of the unit's region */
  path: string | null;
  /** level of the bound region (absent for unit bindings, and where the caller did not look it up) */
  level?: string | null;
}

/** The person (or program) behind a request, with the regions they may see. */
export interface Actor {
  userId: string | null;
  username: string;
  name: string;
  bindings: Binding[];
  roles: Set<Role>;
  isAdmin: boolean;
  canRevealIdentity: boolean;
  mustChangePassword: boolean;
  via: 'session' | 'token' | 'system';
}

export function makeActor(u: {
  id: string | null;
  username: string;
  name: string;
  bindings: Binding[];
  canRevealIdentity?: boolean;
  mustChangePassword?: boolean;
  via: Actor['via'];
}): Actor {
  const roles = new Set(u.bindings.map((b) => b.role));
  return {
    userId: u.id,
    username: u.username,
    name: u.name,
    bindings: u.bindings,
    roles,
    isAdmin: roles.has('admin'),
    canRevealIdentity: !!u.canRevealIdentity || roles.has('admin'),
    mustChangePassword: !!u.mustChangePassword,
    via: u.via,
  };
}

/** CLI commands act as `system` with the OS user (SPEC §9). */
export function systemActor(): Actor {
  let osUser = 'unknown';
  try {
    osUser = os.userInfo().username;
  } catch {
    /* containers without a passwd entry */
  }
  return makeActor({ id: null, username: `system:${osUser}`, name: '系统', bindings: [{ role: 'admin', regionCode: null, unitId: null, path: null }], via: 'system' });
}

export function can(actor: Actor, p: Permission): boolean {
  return rolesHave(actor.roles, p);
}

export function requirePermission(actor: Actor, p: Permission): void {
  if (!can(actor, p)) throw forbidden();
}
