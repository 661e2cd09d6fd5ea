/**
 * Arrival and assignment (issue 13.3): when accept or transfer opens a stage at a unit, the named handler is told
 * (`dispute.assigned`) and the unit's people (`dispute.arrived`), in the action's transaction. The acting user is
 * not told of their own action; the handler gets the assignment only, not the arrival too.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { notify } from './notify.ts';
import { peopleOf, unitPeople } from './recipients.ts';

export interface OpenedStage {
  id: string;
  number: string;
  townCode: string;
  regionCode: string;
  currentStageId: string | null;
  currentUnitId: string | null;
  currentHandlerId: string | null;
  currentDueOn: string | null;
}

export async function announceStage(tx: DbOrTx, actorId: string | null, d: OpenedStage): Promise<void> {
  if (!d.currentStageId) return;
  const r = await tx.execute<{ name: string }>(sql`select name from units where id = ${d.currentUnitId ?? ''}`);
  const unit = r.rows[0]?.name ?? '承办单位';
  const due = d.currentDueOn ? `，办理期限至 ${d.currentDueOn}` : '';
  const ref = { kind: 'dispute', id: d.id, number: d.number };
  const base = { key: d.currentStageId, ref, townCode: d.townCode, regionCode: d.regionCode, actorId };
  const handler = d.currentHandlerId ? [d.currentHandlerId] : [];
  const people = await peopleOf(tx, handler);
  await notify(tx, { ...base, event: 'dispute.assigned', title: `纠纷 ${d.number} 指定您承办`, text: `纠纷 ${d.number} 已由${unit}受理并指定您承办${due}。`, userIds: handler, people });
  const unitUsers = (await unitPeople(tx, d.currentUnitId)).filter((u) => !handler.includes(u));
  await notify(tx, { ...base, event: 'dispute.arrived', title: `新纠纷到达${unit}`, text: `纠纷 ${d.number} 已流转至${unit}${due}，请及时受理办理。`, userIds: unitUsers, people });
}
