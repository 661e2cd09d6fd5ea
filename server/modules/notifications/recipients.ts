/** Who is told of an event (issue 13): a unit's people, a town's office, a region's reporters. */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { unitPersonBinding } from '../../unit-people.ts';

async function ids(db: DbOrTx, q: ReturnType<typeof sql>): Promise<string[]> {
  const r = await db.execute<{ id: string }>(q);
  return r.rows.map((x) => x.id);
}

/** The active people of a unit (the rule of the handler choice: server/unit-people.ts). */
export function unitPeople(db: DbOrTx, unitId: string | null): Promise<string[]> {
  if (!unitId) return Promise.resolve([]);
  return ids(
    db,
    sql`select distinct us.id from users us join user_bindings b on b.user_id = us.id join units u on u.id = ${unitId}
        where us.active and ${unitPersonBinding('b', 'u')}`,
  );
}

/** Users bound to exactly these regions with one of these roles. */
export function regionPeople(db: DbOrTx, regionCodes: readonly string[], roles: readonly string[]): Promise<string[]> {
  if (!regionCodes.length) return Promise.resolve([]);
  return ids(
    db,
    sql`select distinct us.id from users us join user_bindings b on b.user_id = us.id
        where us.active and b.region_code in (${sql.join(regionCodes.map((c) => sql`${c}`), sql`, `)})
          and b.role in (${sql.join(roles.map((c) => sql`${c}`), sql`, `)})`,
  );
}

/** Name and phone of users (for channels that may show them). */
export async function peopleOf(db: DbOrTx, userIds: readonly (string | null | undefined)[]): Promise<{ name: string; phone: string | null }[]> {
  const list = [...new Set(userIds.filter((x): x is string => !!x))];
  if (!list.length) return [];
  const r = await db.execute<{ name: string; phone: string | null }>(
    sql`select name, phone from users where id in (${sql.join(list.map((c) => sql`${c}`), sql`, `)}) order by name`,
  );
  return r.rows;
}
