/**
 * Likely duplicates (SPEC §4.1: same identity number or phone + same category within 90 days): the one query
 * text that the intake statement embeds and the intake form's check runs on its own.
 */
import { isValidDate, todayShanghai } from '../../../core/dates.ts';
import { sql, type SQL } from 'drizzle-orm';
import { normalizeIdNumber } from '../../../core/id-number.ts';
import type { Duplicate as DuplicateView } from '../../../core/schemas/disputes.ts';
import { directValues, type DbOrTx, type ValueRef } from '../../db/client.ts';
import type { Cipher } from '../../secret.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { textArrayLiteral } from '../../db/text-array.ts';
import { normalizePhone } from '../../../core/parties.ts';
import { resolveScope, scopeRowCondition, scopeValues, type DisputeScope } from '../../scope/unit.ts';
import type { ServiceOptions } from './helpers.ts';

const DUPLICATE_WINDOW_DAYS = 90;

export type DuplicateRow = { id: string; number: string; received_on: string; state: string; category: string; summary: string; region_code: string; by_id: boolean; by_phone: boolean };

/** The values of `duplicatesSql`, by placeholder name. */
export function duplicateValues(
  scope: DisputeScope,
  parties: { idNumberHash: string | null; phone: string | null }[],
  category: string | null,
  receivedOn: string,
  excludeId: string | null,
) {
  return {
    dupHashes: textArrayLiteral([...new Set(parties.map((p) => p.idNumberHash).filter((x): x is string => !!x))]),
    dupPhones: textArrayLiteral([...new Set(parties.map((p) => p.phone).filter((x): x is string => !!x))]),
    dupCategory: category,
    dupOn: receivedOn,
    dupExclude: excludeId,
    ...scopeValues(scope),
  };
}

/**
 * The likely-duplicates query (SPEC §4.1): one text for every call — `value(name, type)` gives each of
 * `duplicateValues`, an opaque placeholder in the intake statement (prepared once) or the value itself.
 */
export function duplicatesSql(value: ValueRef): SQL {
  return sql`
    select d.id, d.number, d.received_on, d.state, d.category, d.summary, d.region_code,
      bool_or(p.id_number_hash = any(${value('dupHashes', 'text[]')})) as by_id,
      bool_or(p.phone = any(${value('dupPhones', 'text[]')})) as by_phone
    from dispute_parties p join disputes d on d.id = p.dispute_id
    where (p.id_number_hash = any(${value('dupHashes', 'text[]')}) or p.phone = any(${value('dupPhones', 'text[]')}))
      and (${value('dupCategory', 'text')} is null or d.category = ${value('dupCategory', 'text')})
      and d.received_on between ${value('dupOn', 'date')} - ${sql.raw(String(DUPLICATE_WINDOW_DAYS))} and ${value('dupOn', 'date')} + ${sql.raw(String(DUPLICATE_WINDOW_DAYS))}
      and (${value('dupExclude', 'text')} is null or d.id <> ${value('dupExclude', 'text')})
      and ${scopeRowCondition('d', value)}
    group by d.id, d.number, d.received_on, d.state, d.category, d.summary, d.region_code
    order by d.received_on desc
    limit 20`;
}

export function duplicateView(x: DuplicateRow): DuplicateView {
  return {
    id: x.id,
    number: x.number,
    receivedOn: x.received_on,
    state: x.state,
    category: x.category,
    summary: x.summary,
    regionCode: x.region_code,
    matchedBy: [...(x.by_id ? (['idNumber'] as const) : []), ...(x.by_phone ? (['phone'] as const) : [])],
  };
}

async function findDuplicatesTx(
  db: DbOrTx,
  actor: Actor,
  parties: { idNumberHash: string | null; phone: string | null }[],
  category: string | null,
  receivedOn: string,
  excludeId: string | null,
): Promise<DuplicateView[]> {
  if (!parties.some((p) => p.idNumberHash || p.phone)) return [];
  const values = duplicateValues(await resolveScope(db, actor), parties, category, receivedOn, excludeId);
  const r = await db.execute<DuplicateRow>(duplicatesSql(directValues(values)));
  return r.rows.map(duplicateView);
}

/** Likely duplicates for the intake form (only disputes the user may see are shown). */
export async function findDuplicates(
  db: DbOrTx,
  cipher: Cipher,
  actor: Actor,
  q: { idNumber?: string | null; phone?: string | null; category?: string | null; receivedOn?: string | null },
  opts: ServiceOptions = {},
): Promise<DuplicateView[]> {
  requirePermission(actor, 'disputes.read');
  const receivedOn = q.receivedOn && isValidDate(q.receivedOn) ? q.receivedOn : (opts.today ?? todayShanghai());
  const id = q.idNumber ? normalizeIdNumber(q.idNumber) : '';
  return findDuplicatesTx(db, actor, [{ idNumberHash: id ? cipher.blindIndex(id) : null, phone: normalizePhone(q.phone) }], q.category || null, receivedOn, null);
}
