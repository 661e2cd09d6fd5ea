/** The one audit writer (every module writes through it, inside the transaction of the change). */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from './db/client.ts';
import { auditLog } from './db/schema/index.ts';
import type { Actor } from './modules/auth/actor.ts';
import { ACTORS_CHANNEL, affectsActors, auditedChange } from './modules/auth/actor-cache.ts';

export interface AuditEvent {
  action: string;
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  townCode?: string | null;
}

/** Who is acting, on which request, from which address; every command takes one. */
export interface CommandContext {
  actor: Actor;
  requestId?: string | null;
  /** the client's address (req.ip); absent for the CLI and jobs */
  address?: string | null;
}

/** The one audit writer: call it inside the transaction that makes the change. */
export async function writeAudit(tx: DbOrTx, ctx: CommandContext, ev: AuditEvent): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: ctx.actor.userId,
    actorName: ctx.actor.username,
    action: ev.action,
    entity: ev.entity,
    entityId: ev.entityId ?? null,
    before: ev.before ?? null,
    after: ev.after ?? null,
    requestId: ctx.requestId ?? null,
    townCode: ev.townCode ?? null,
    sourceAddress: ctx.address ?? null,
  });
  // other instances forget who is behind their sessions and tokens when this change commits (not before)
  if (affectsActors(ev.entity)) await tx.execute(sql`select pg_notify(${ACTORS_CHANNEL}, '')`);
  auditedChange(ev.entity);
}
