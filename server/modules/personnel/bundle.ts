/**
 * Bundle handler of the personnel file (SPEC §6.4, §9).
 * The importer and exporter (server/modules/exchange) list them; the kit is server/bundle-handler.ts.
 */
import { TOWN_OR_BELOW } from '../../../core/regions.ts';
import { isKeyOf, PERSONNEL_ROLES } from '../../../core/dictionaries.ts';
import { personnel } from '../../db/schema/index.ts';
import { isMasked, maskPhone } from '../../../core/id-number.ts';
import { regionInScope } from '../../scope/region.ts';
import { str, townOfRow, regionWritable, type FileHandler } from '../../bundle-handler.ts';

// ---------------------------------------------------------------------------------------------------
// People and checklist (SPEC §6.4, §6.5)
// ---------------------------------------------------------------------------------------------------

const personnelHandler: FileHandler = {
  name: 'personnel',
  table: personnel,
  entity: 'personnel',
  permission: 'personnel.write',
  keyProps: ['id'],
  keyOf: (v) => str(v.id),
  keyOfRow: (r) => String(r.id),
  orderBy: ['regionCode', 'id'],
  derive(v, env, ex) {
    const errors: { column: string; reason: string }[] = [];
    const c = env.rc.checkCode(str(v.region_code)!, TOWN_OR_BELOW, '所属地区');
    if (!c.ok) errors.push({ column: 'region_code', reason: c.reason });
    const since = str(v.since);
    const until = str(v.until);
    if (since && until && until < since) errors.push({ column: 'until', reason: `截止日期${until}早于起始日期${since}` });
    if (!isKeyOf(PERSONNEL_ROLES, v.role)) errors.push({ column: 'role', reason: '人员类别无效' });
    // a masked phone (an export for a user who may not see it) leaves the stored phone unchanged
    let phone = str(v.phone);
    const stored = (ex as { phone?: string | null } | undefined)?.phone ?? null;
    if (phone && isMasked(phone)) {
      if (stored && maskPhone(stored) === maskPhone(phone)) phone = stored;
      else errors.push({ column: 'phone', reason: '电话已脱敏，且找不到原有的号码；请填写完整号码或留空' });
    }
    if (errors.length || !c.ok) return { row: null, errors, warnings: [] };
    const r = c.region;
    const villageCode = r.level === 'village' || r.level === 'community' ? r.code : r.level === 'grid' ? r.parentCode : null;
    return {
      row: {
        id: str(v.id),
        name: str(v.name)!.trim(),
        role: str(v.role),
        regionCode: r.code,
        villageCode,
        townCode: r.townCode,
        phone,
        since,
        until,
        joinedPlatform: v.joined_platform === true,
        imported: true,
      },
      errors: [],
      warnings: [],
    };
  },
  compare: ['name', 'role', 'regionCode', 'villageCode', 'townCode', 'phone', 'since', 'until', 'joinedPlatform'],
  insertExtra: ['imported'],
  toBundle: (r) => ({
    id: r.id as string,
    name: r.name as string,
    role: r.role as string,
    region_code: r.regionCode as string,
    phone: (r.phone as string | null) ?? null,
    since: (r.since as string | null) ?? null,
    until: (r.until as string | null) ?? null,
    joined_platform: Boolean(r.joinedPlatform),
  }),
  scope: (actor) => regionInScope(actor, personnel.regionCode),
  writable: (r, env) => regionWritable(env, r.regionCode),
  townOf: townOfRow,
};

export const personnelBundleHandlers = { personnel: personnelHandler };
