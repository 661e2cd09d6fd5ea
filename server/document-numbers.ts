/**
 * 文号 of the papers people issue (bulletin, year-end summary). Rule: one sequence per year and issuing scope
 * (a town, or the county); the first download of a paper takes the next number and stores it; downloading
 * the same paper again (same kind, period and scope — e.g. the November bulletin of 清溪镇) keeps its number.
 */
import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from './db/client.ts';
import { documentNumbers } from './db/schema/index.ts';
import { writeAudit, type CommandContext } from './audit.ts';

export async function documentNumber(database: Database, ctx: CommandContext, p: { year: number; scope: string; paper: string; prefix: string }): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await database.db.transaction(async (tx) => {
        const where = and(eq(documentNumbers.year, p.year), eq(documentNumbers.scope, p.scope), eq(documentNumbers.paper, p.paper));
        const [known] = await tx.select({ number: documentNumbers.number }).from(documentNumbers).where(where);
        if (known) return known.number;
        const [{ max }] = await tx
          .select({ max: sql<number>`coalesce(max(${documentNumbers.seq}), 0)::int` })
          .from(documentNumbers)
          .where(and(eq(documentNumbers.year, p.year), eq(documentNumbers.scope, p.scope)));
        const seq = Number(max) + 1;
        const number = `${p.prefix}〔${p.year}〕${seq}号`;
        const id = crypto.randomUUID();
        await tx.insert(documentNumbers).values({ id, year: p.year, scope: p.scope, paper: p.paper, seq, number, issuedBy: ctx.actor.userId });
        await writeAudit(tx, ctx, { action: 'document.number', entity: 'document_number', entityId: id, before: null, after: { year: p.year, scope: p.scope, paper: p.paper, number }, townCode: p.scope === 'county' ? null : p.scope });
        return number;
      });
    } catch (e) {
      // two first downloads at once: the unique index refuses one; read again
      if (attempt < 2) continue;
      throw e;
    }
  }
}
