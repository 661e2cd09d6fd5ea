/**
 * Who may handle a dispute where: the units accept and transfer may choose (and their people). The one list,
 * shared by the actions, the detail and the routing suggestion (grading.ts).
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { unitPersonBinding } from '../../unit-people.ts';
import type { DisputeRow } from './helpers.ts';

/**
 * The units (each with the people who may handle there) a dispute may go to; accept and transfer take only these.
 * A unit's people: the active users bound to it, and those bound to its region with a handling role there — a
 * village committee's are the village's cadres and mediators (and, for a grid-level stage, the grid workers of
 * the dispute's grid: `gridOnly`); the town centre's the town office, the justice office and the town's
 * mediators; the justice office's its own; a court's the court liaisons bound to the court's region.
 */
export async function offeredUnits(db: DbOrTx, d: Pick<DisputeRow, 'townCode' | 'villageCode' | 'regionCode'>) {
  const r = await db.execute<{ id: string; name: string; type: string; region_code: string; town_code: string | null; handlers: { id: string; name: string; grid: boolean }[] | string | null }>(sql`
    select u.id, u.name, u.type, u.region_code, u.town_code,
      (select coalesce(json_agg(json_build_object('id', h.id, 'name', h.name, 'grid', h.grid) order by h.name), '[]'::json)
         from (select us.id, us.name, bool_and(b.role = 'grid_worker' and b.unit_id is null) as grid
                 from users us join user_bindings b on b.user_id = us.id
                where us.active
                  and (${unitPersonBinding('b', 'u')}
                       -- for a grid-level stage, the grid workers of the dispute's grid (server/unit-people.ts has the rest)
                       or (u.type = 'village_committee' and b.region_code = ${d.regionCode} and b.role = 'grid_worker'
                           and exists (select 1 from regions g where g.code = ${d.regionCode} and g.level = 'grid' and g.parent_code = u.region_code)))
                group by us.id, us.name) h) as handlers
    from units u join regions ur on ur.code = u.region_code, regions t
    where t.code = ${d.townCode} and u.active
      and (u.town_code = ${d.townCode} or t.path like ur.path || '%')
      and (u.type <> 'village_committee' or u.region_code = ${d.villageCode ?? ''} or ${d.villageCode === null})
    order by length(ur.path), u.type, u.name`);
  return r.rows.map((u) => ({
    id: u.id,
    name: u.name,
    type: u.type,
    regionCode: u.region_code,
    /** serves the county or above (a court, a county department), not this town */
    aboveTown: u.town_code !== d.townCode,
    handlers: ((typeof u.handlers === 'string' ? JSON.parse(u.handlers) : (u.handlers ?? [])) as { id: string; name: string; grid: boolean }[]).map((h) => ({
      id: h.id,
      name: h.name,
      /** offered only for a grid-level stage (a grid worker of the dispute's grid) */
      gridOnly: !!h.grid,
    })),
  }));
}
