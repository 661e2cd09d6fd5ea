/**
 * Bundle handler of the checklist file (SPEC §6.5, §9).
 * The importer and exporter (server/modules/exchange) list them; the kit is server/bundle-handler.ts.
 */
import type { RegionLevel } from '../../../core/regions.ts';
import { CHECKLIST_ITEMS } from '../../../core/dictionaries.ts';
import { checklistItems } from '../../db/schema/index.ts';
import { regionInScope } from '../../scope/region.ts';
import { str, townOfRow, KEY_SEP, newId, regionWritable, type FileHandler } from '../../bundle-handler.ts';

const checklistHandler: FileHandler = {
  name: 'checklist',
  table: checklistItems,
  entity: 'checklist_item',
  permission: 'checklist.write',
  keyProps: ['regionCode', 'year', 'item'],
  keyOf: (v) => (v.region_code == null || v.year == null || v.item == null ? null : [v.region_code, v.year, v.item].join(KEY_SEP)),
  keyOfRow: (r) => [r.regionCode, r.year, r.item].join(KEY_SEP),
  orderBy: ['regionCode', 'year', 'item'],
  derive(v, env, ex) {
    const item = CHECKLIST_ITEMS.find((e) => e.key === v.item);
    const allowed: RegionLevel[] = item?.scope === 'town' ? ['town'] : ['village', 'community'];
    const c = env.rc.checkCode(str(v.region_code)!, allowed, `“${item?.code ?? v.item}”的考评地区`);
    if (!c.ok) return { row: null, errors: [{ column: 'region_code', reason: c.reason }], warnings: [] };
    return {
      row: { id: (ex?.id as string) ?? newId(), regionCode: c.region.code, townCode: c.region.townCode, year: v.year, item: v.item, status: v.status, evidence: str(v.evidence) },
      errors: [],
      warnings: [],
    };
  },
  compare: ['status', 'evidence', 'townCode'],
  insertExtra: ['id'],
  toBundle: (r) => ({ region_code: r.regionCode as string, year: r.year as number, item: r.item as string, status: r.status as string, evidence: (r.evidence as string | null) ?? null }),
  scope: (actor) => regionInScope(actor, checklistItems.regionCode),
  writable: (r, env) => regionWritable(env, r.regionCode),
  townOf: townOfRow,
};

export const checklistBundleHandlers = { checklist: checklistHandler };
