/** The audit log as its readers see it (list and export); only `audit.read` may read it. */
import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { auditLog } from '../../db/schema/index.ts';
import { containsText, escapeLike } from '../../db/text-search.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';

/** An export holds at most this many entries (newest first); narrow the filters for older ones. */
const EXPORT_LIMIT = 50_000;

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditFilter {
  actor?: string;
  entity?: string;
  entityId?: string;
  action?: string;
  from?: string;
  to?: string;
}

function auditConditions(q: AuditFilter): SQL | undefined {
  const conds: SQL[] = [];
  if (q.actor) conds.push(containsText([auditLog.actorName], q.actor));
  if (q.entity) conds.push(eq(auditLog.entity, q.entity));
  if (q.entityId) conds.push(eq(auditLog.entityId, q.entityId));
  if (q.action) conds.push(sql`${auditLog.action} like ${escapeLike(q.action) + '%'}`);
  // calendar days are Asia/Shanghai days
  if (q.from) conds.push(gte(auditLog.at, new Date(`${q.from}T00:00:00+08:00`)));
  if (q.to) conds.push(lt(auditLog.at, new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86400_000)));
  return conds.length ? and(...conds) : undefined;
}

/** One page of entries, newest first, with the number of all that match. */
export async function listAudit(database: Database, actor: Actor, q: AuditFilter & { page: number; pageSize: number }) {
  requirePermission(actor, 'audit.read');
  const where = auditConditions(q);
  const [items, [{ total }]] = await Promise.all([
    database.db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    database.db.select({ total: sql<number>`count(*)::int` }).from(auditLog).where(where),
  ]);
  return { items, total };
}

/** The entries an export holds (newest first, at most EXPORT_LIMIT). */
export async function exportAudit(database: Database, actor: Actor, q: AuditFilter): Promise<AuditRow[]> {
  requirePermission(actor, 'audit.read');
  return database.db.select().from(auditLog).where(auditConditions(q)).orderBy(desc(auditLog.id)).limit(EXPORT_LIMIT);
}
