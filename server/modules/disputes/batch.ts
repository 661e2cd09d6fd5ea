/**
 * Batch accept / assign (issue 18.4): the `accept` command of actions.ts once per dispute, each in its own
 * transaction (scope, permission, version, transition, audit exactly as for one), with one outcome per dispute.
 */
import { and, inArray } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { todayShanghai } from '../../../core/dates.ts';
import type { DisputeBatchInput } from '../../../core/schemas/disputes.ts';
import type { BatchResult } from '../../../core/schemas/batch.ts';
import type { Database } from '../../db/client.ts';
import { disputes } from '../../db/schema/index.ts';
import { requirePermission } from '../auth/actor.ts';
import type { CommandContext } from '../../audit.ts';
import { runBatch } from '../../batch.ts';
import { resolveScope, scopeCondition } from '../../scope/unit.ts';
import { applyActionTx } from './actions.ts';
import { loadVisible, type ServiceOptions } from './helpers.ts';

export async function batchDisputes(database: Database, ctx: CommandContext, input: DisputeBatchInput, opts: ServiceOptions & { log?: FastifyBaseLogger } = {}): Promise<BatchResult> {
  requirePermission(ctx.actor, 'disputes.read');
  requirePermission(ctx.actor, 'disputes.handle');
  const today = opts.today ?? todayShanghai();
  const { db } = database;
  const scope = await resolveScope(db, ctx.actor);
  const visible = await db.select({ id: disputes.id, number: disputes.number }).from(disputes).where(and(inArray(disputes.id, input.ids), scopeCondition(scope)));
  const labels = new Map(visible.map((d) => [d.id, d.number]));
  const fields = { level: input.level, unitId: input.unitId, handlerId: input.handlerId, date: input.date, notes: input.notes };
  return runBatch(
    input.ids,
    (id) =>
      db.transaction(async (tx) => {
        // the version shown, else the one stored now (the user chose the row as it is)
        const version = input.versions?.[id] ?? (await loadVisible(tx, ctx.actor, id, scope)).version;
        await applyActionTx(tx, ctx, id, { action: 'accept', version, ...fields }, today);
      }),
    { labels, log: opts.log },
  );
}
