/** Public progress (一案一码): what the query code shows to a party — stage, state and next date only. */
import { todayShanghai } from '../../../core/dates.ts';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { agreements, disputes } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import type { ServiceOptions } from './helpers.ts';

export async function publicProgress(db: DbOrTx, code: string, opts: ServiceOptions = {}) {
  const today = opts.today ?? todayShanghai();
  const normal = code.normalize('NFKC').trim().toUpperCase();
  if (!/^[0-9A-Z]{6,20}$/.test(normal)) throw notFound('查询码');
  const [d] = await db
    .select({ id: disputes.id, state: disputes.state, level: disputes.currentLevel, due: disputes.currentDueOn, outcome: disputes.outcome })
    .from(disputes)
    .where(eq(disputes.queryCode, normal));
  if (!d) throw notFound('查询码');
  let nextDate: string | null = d.due;
  if (!nextDate && (d.state === 'resolved' || d.state === 'follow_up')) {
    const [a] = await db.select({ p: agreements.performanceDeadline }).from(agreements).where(eq(agreements.disputeId, d.id));
    if (a?.p && a.p >= today) nextDate = a.p;
  }
  const stage = d.outcome === 'litigation' ? 'litigation' : d.state === 'registered' ? null : d.level;
  return { stage, state: d.state, nextDate };
}
