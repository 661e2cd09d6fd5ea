import type { Actor } from './actor.ts';

/**
 * Who is behind a session cookie or an API token, kept a few seconds per process: the lookup runs on every
 * request, and on a small machine its round trip costs as much as an intake's own statement. What can change
 * an answer (users, their bindings, regions, units, tokens, a restore or an import) is audited; the audit
 * writer then drops every entry of this process and, on PostgreSQL, notifies every other instance
 * (ACTORS_CHANNEL, delivered when the change commits), which drops its entries too.
 */
export const ACTORS_CHANNEL = 'wusong_actors';
export const ACTOR_TTL_MS = 5_000;
let ttlMs = ACTOR_TTL_MS;
/** How long an answer is kept (tests lengthen it to see that notices, not expiry, end it); returns the old value. */
export function setActorTtl(ms: number): number {
  const old = ttlMs;
  ttlMs = ms;
  return old;
}
const entries = new Map<string, { at: number; actor: Promise<Actor | null> }>();
const AFFECTS_ACTORS = new Set(['user', 'region', 'unit', 'api_token', 'database', 'exchange']);

/** The actor for a credential (its hash), looked up at most once per ACTOR_TTL_MS. */
export function cachedActor(credentialHash: string, lookup: () => Promise<Actor | null>): Promise<Actor | null> {
  const now = Date.now();
  const hit = entries.get(credentialHash);
  if (hit && now - hit.at < ttlMs) return hit.actor;
  if (entries.size > 10_000) entries.clear();
  const actor = lookup();
  entries.set(credentialHash, { at: now, actor });
  // a failed lookup is not remembered
  actor.catch(() => entries.delete(credentialHash));
  return actor;
}

/** A change to one of these entities may change who someone is. */
export const affectsActors = (entity: string) => AFFECTS_ACTORS.has(entity);

/** Called by the audit writer, and on another instance's notice. */
export function auditedChange(entity: string): void {
  if (affectsActors(entity)) entries.clear();
}

export function forgetActors(): void {
  entries.clear();
}
