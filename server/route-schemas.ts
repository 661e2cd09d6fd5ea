/**
 * Pieces of route schemas shared by the modules' routes.ts: paging, and the field rules of core/schemas/fields.ts. Messages are Chinese (they reach the user as 422 problem details).
 */
import { z } from 'zod';
import { AppError } from './errors.ts';
import { EXPORT_SELECTED_MAX } from '../core/schemas/batch.ts';

// The field rules live in core (the write contracts of core/schemas use them too); the routes take them from here.
export { Day, enumOf, Month, optText } from '../core/schemas/fields.ts';

/** Paging parameters of a list: `page` from 1, `pageSize` 1–`max` (default `size`). Spread into a querystring schema. */
export const pageQuery = (max = 100, size = 20) => ({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(max).default(size),
});

/** The usual paging: pageSize 1–100, default 20. */
export const PAGE_QUERY = pageQuery();

/** A record id as the app makes them (uuid, or a readable key such as `court-330782`): nothing else reaches SQL. */
const ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

/**
 * `ids=` on a list or its .xlsx export: only the rows the user selected (导出所选), a comma list of ids.
 * Spread into a querystring (or body) schema; read it with `selectedIds`, which refuses a malformed list with a
 * 400 in Chinese. An id outside the user's scope, or of no record, is simply not in the result: the list's own
 * scope condition still applies.
 */
export const IDS_QUERY = {
  /** only these rows, comma list of ids (导出所选), at most 100 */
  ids: z.string().optional(),
};

/** The ids of `ids=`, deduplicated; `undefined` when absent. Empty, too many or malformed → 400 problem+json. */
export function selectedIds(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const ids = [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
  if (!ids.length) throw new AppError('bad_ids', 400, '所选记录为空：请至少选择一条记录');
  if (ids.length > EXPORT_SELECTED_MAX) throw new AppError('bad_ids', 400, `一次最多导出所选 ${EXPORT_SELECTED_MAX} 条，请分批导出或按筛选条件导出`);
  const bad = ids.find((id) => !ID_SHAPE.test(id));
  if (bad) throw new AppError('bad_ids', 400, `所选记录的编号有误：${bad.slice(0, 40)}`);
  return ids;
}
