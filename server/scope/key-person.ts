/**
 * Scope of key persons (重点对象, SPEC §6.3), restricted records: visible ONLY to admin, the town office over
 * the person's region and the responsible cadre (包保责任人); the town office (or admin) manages them.
 */
import { sql, type SQL } from 'drizzle-orm';
import { keyPersons } from '../db/schema/index.ts';
import type { Actor } from '../modules/auth/actor.ts';
import { pathVisible, regionInScope } from './region.ts';

/** The one visibility rule: admin, the town office over the person's region, or the responsible cadre. */
export function keyPersonVisible(actor: Actor): SQL {
  if (actor.isAdmin) return sql`true`;
  const byOffice = regionInScope(actor, keyPersons.regionCode, ['town_office']);
  return actor.userId ? sql`(${byOffice} or ${keyPersons.responsibleUserId} = ${actor.userId})` : byOffice;
}

/** Whether the actor manages key persons in a region (admin or that town's office). */
export function managesPath(actor: Actor, path: string): boolean {
  return actor.isAdmin || pathVisible(actor, path, ['town_office']);
}

/** Whether the actor is the person's responsible cadre. */
export function isResponsible(actor: Actor, kp: { responsibleUserId: string | null }) {
  return !!actor.userId && kp.responsibleUserId === actor.userId;
}
