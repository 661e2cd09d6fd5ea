/**
 * The same parties' other disputes (issue 17.4, the one-page summary before a session): disputes sharing a party
 * with this one — the same identity number (blind index) or the same phone with the same name — that the user may
 * see, newest first.
 */
import { sql } from 'drizzle-orm';
import type { PartyHistory } from '../../../core/schemas/disputes.ts';
import type { DbOrTx } from '../../db/client.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { resolveScope, scopeCondition } from '../../scope/unit.ts';
import { loadVisible } from './helpers.ts';

export async function partyHistory(db: DbOrTx, actor: Actor, id: string): Promise<PartyHistory> {
  requirePermission(actor, 'disputes.read');
  const scope = await resolveScope(db, actor);
  const d = await loadVisible(db, actor, id, scope);
  const r = await db.execute<{ id: string; number: string; received_on: string; category: string; summary: string; state: string; outcome: string | null; grade: string | null; parties: string }>(sql`
    with mine as (select id_number_hash as hash, phone, name from dispute_parties where dispute_id = ${d.id}),
    other as (
      select x.dispute_id, string_agg(distinct x.name, '、') as parties
        from dispute_parties x, mine m
       where (m.hash is not null and x.id_number_hash = m.hash) or (m.phone is not null and x.phone = m.phone and x.name = m.name)
       group by x.dispute_id)
    select o.id, o.number, o.received_on::text as received_on, o.category, o.summary, o.state, o.outcome, o.grade, other.parties
      from other join disputes o on o.id = other.dispute_id
     where o.id <> ${d.id} and ${scopeCondition(scope, 'read', 'o')}
     order by o.received_on desc, o.number desc
     limit 20`);
  return {
    items: r.rows.map((x) => ({ id: x.id, number: x.number, receivedOn: x.received_on, category: x.category, summary: x.summary, state: x.state, outcome: x.outcome, grade: x.grade, parties: x.parties })),
  };
}
