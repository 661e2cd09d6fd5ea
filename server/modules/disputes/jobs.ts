/**
 * Disputes' background work (issue 17): the grade follows time as well as changes — a stage that passes its due
 * date raises it — and records that came in without a grade or summary bigrams (bundle import, rows older than
 * the grading) get them. Each dispute is regraded in its own transaction, locked, skipped when another instance
 * holds it.
 */
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { todayShanghai } from '../../../core/dates.ts';
import { gramHashes, intArrayLiteral } from '../../../core/similarity.ts';
import type { Database } from '../../db/client.ts';
import { disputes } from '../../db/schema/index.ts';
import type { Job } from '../../jobs/job.ts';
import { regradeTx } from './grading.ts';

const BATCH = 300;

/** Regrades open disputes never graded or past their due date, and fills missing summary bigrams. Returns how many were looked at. */
export async function regradeOpen(database: Database, today = todayShanghai()): Promise<number> {
  const r = await database.db.execute<{ id: string }>(sql`
    select id from disputes
     where state in ('registered', 'accepted', 'mediating', 'failed')
       and (grade is null or (current_due_on < ${today}::date and not coalesce(grade_reasons::text like '%超期%', false)))
     limit ${BATCH}`);
  for (const { id } of r.rows) {
    await database.db.transaction(async (tx) => {
      const [d] = await tx.select().from(disputes).where(eq(disputes.id, id)).for('update', { skipLocked: true });
      if (d) await regradeTx(tx, d, today, null);
    });
  }
  const g = await database.db.execute<{ id: string; summary: string; town_code: string }>(sql`select id, summary, town_code from disputes where summary_grams is null limit ${BATCH * 3}`);
  for (const row of g.rows) {
    const grams = gramHashes(row.summary);
    await database.db.transaction(async (tx) => {
      await tx.update(disputes).set({ summaryGrams: grams }).where(eq(disputes.id, row.id));
      await tx.execute(sql`delete from dispute_grams where dispute_id = ${row.id}`);
      await tx.execute(sql`insert into dispute_grams (town_code, gram, dispute_id) select ${row.town_code}, x, ${row.id} from unnest(${intArrayLiteral(grams)}::int[]) x on conflict do nothing`);
    });
  }
  return r.rows.length + g.rows.length;
}

export const disputeJobs: readonly Job[] = [
  { name: 'disputes.regrade', intervalMs: 15 * 60_000, run: async (app: FastifyInstance) => void (await regradeOpen(app.database)) },
];
