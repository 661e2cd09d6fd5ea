/**
 * "The people of a unit" (issue 13): users bound to the unit, and users bound to the unit's region with a handling
 * role — a village's cadres and mediators for its 村调委会; the town office, justice office and the town's mediators
 * for the 综治中心; the justice office's own people; a court's liaisons bound to its region. The handler choice (`GET /api/disputes/:id/units`) and the
 * arrival notice (`dispute.arrived`) both ask here.
 */
import { sql, type SQL } from 'drizzle-orm';

/** SQL condition: the user_bindings row aliased `b` makes its user one of the people of the units row aliased `u`. */
export function unitPersonBinding(b: string, u: string): SQL {
  return sql.raw(`(${b}.unit_id = ${u}.id
               or (${u}.type = 'village_committee' and ${b}.region_code = ${u}.region_code and ${b}.role in ('village_admin', 'mediator'))
               or (${u}.type = 'town_centre' and ${b}.region_code = ${u}.region_code and ${b}.role in ('town_office', 'justice_office', 'mediator'))
               or (${u}.type = 'justice_office' and ${b}.region_code = ${u}.region_code and ${b}.role in ('justice_office', 'mediator'))
               or (${u}.type = 'court' and ${b}.region_code = ${u}.region_code and ${b}.role = 'court_liaison'))`);
}
