/** The audit log as its readers see it (list and export); only `audit.read` may read it. */
import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { auditLog } from '../../db/schema/index.ts';
import { containsText, escapeLike } from '../../db/text-search.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { textArrayLiteral } from '../../db/text-array.ts';
import { INCIDENT_TYPES, labelOf } from '../../../core/dictionaries.ts';

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
  const names = await entityNames(database, items);
  return { items: items.map((r) => ({ ...r, entityName: names.get(`${r.entity}\0${r.entityId}`) ?? null })), total };
}

/**
 * The human name of each entry's record (a dispute's number, a person's name, a case number…), so readers never
 * see a bare id; `select id, name from … where id = any($1)` per kind of record.
 */
const NAME_QUERIES: Record<string, string> = {
  dispute: `select id, number as name from disputes where id = any($1::text[])`,
  agreement: `select a.id, d.number || ' 调解协议' as name from agreements a join disputes d on d.id = a.dispute_id where a.id = any($1::text[])`,
  dispute_party: `select p.id, d.number || ' 当事人' as name from dispute_parties p join disputes d on d.id = p.dispute_id where p.id = any($1::text[])`,
  user: `select id, name || '（' || username || '）' as name from users where id = any($1::text[])`,
  region: `select code as id, name from regions where code = any($1::text[])`,
  region_population: `select code as id, name from regions where code = any($1::text[])`,
  unit: `select id, name from units where id = any($1::text[])`,
  screening_campaign: `select id, title as name from screening_campaigns where id = any($1::text[])`,
  screening_report: `select s.id, r.name || '排查报告' as name from screening_reports s join regions r on r.code = s.region_code where s.id = any($1::text[])`,
  risk: `select k.id, r.name || ' ' || k.found_on || ' 隐患' as name from risks k join regions r on r.code = k.region_code where k.id = any($1::text[])`,
  key_person: `select id, name from key_persons where id = any($1::text[])`,
  personnel: `select id, name from personnel where id = any($1::text[])`,
  facility: `select f.id, coalesce(f.name, r.name) as name from facilities f join regions r on r.code = f.region_code where f.id = any($1::text[])`,
  education_activity: `select id, title as name from education_activities where id = any($1::text[])`,
  library_entry: `select id, title as name from library_entries where id = any($1::text[])`,
  programme: `select id, title as name from programme_years where id = any($1::text[])`,
  programme_task: `select id, title as name from programme_tasks where id = any($1::text[])`,
  notification_channel: `select id, name from notification_channels where id = any($1::text[])`,
  file: `select id, filename as name from files where id = any($1::text[])`,
  visit: `select v.id, r.name || ' ' || v.visited_on || ' 来访' as name from visits v join regions r on r.code = v.region_code where v.id = any($1::text[])`,
  court_case: `select case_no as id, case_no as name from court_cases where case_no = any($1::text[])`,
  prelitigation_mediation: `select case_no as id, case_no as name from prelitigation_mediations where case_no = any($1::text[])`,
};

async function entityNames(database: Database, rows: AuditRow[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const byEntity = new Map<string, Set<string>>();
  for (const r of rows) if (r.entityId) (byEntity.get(r.entity) ?? byEntity.set(r.entity, new Set()).get(r.entity)!).add(r.entityId);
  for (const [entity, ids] of byEntity) {
    const list = textArrayLiteral([...ids]);
    if (entity === 'incident') {
      // an incident has no name of its own: its type, date and place
      const found = await database.query<{ id: string; type: string; occurred_on: string; region: string | null }>(
        `select i.id, i.type, i.occurred_on::text as occurred_on, r.name as region from incidents i left join regions r on r.code = i.region_code where i.id = any($1::text[])`,
        [list],
      );
      for (const f of found) out.set(`${entity}\0${f.id}`, `${labelOf(INCIDENT_TYPES, f.type)} ${f.occurred_on} ${f.region ?? ''}`.trim());
      continue;
    }
    const q = NAME_QUERIES[entity];
    if (!q) continue;
    const found = await database.query<{ id: string; name: string | null }>(q, [list]);
    for (const f of found) if (f.name) out.set(`${entity}\0${f.id}`, f.name);
    if (entity === 'user') {
      const byUsername = await database.query<{ id: string; name: string }>(`select username as id, name || '（' || username || '）' as name from users where username = any($1::text[])`, [list]);
      for (const f of byUsername) out.set(`${entity}\0${f.id}`, f.name);
    }
  }
  return out;
}

/** The entries an export holds (newest first, at most EXPORT_LIMIT). */
export async function exportAudit(database: Database, actor: Actor, q: AuditFilter): Promise<(AuditRow & { entityName: string | null })[]> {
  requirePermission(actor, 'audit.read');
  const rows = await database.db.select().from(auditLog).where(auditConditions(q)).orderBy(desc(auditLog.id)).limit(EXPORT_LIMIT);
  const names = await entityNames(database, rows);
  return rows.map((r) => ({ ...r, entityName: names.get(`${r.entity}\0${r.entityId}`) ?? null }));
}
