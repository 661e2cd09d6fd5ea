/**
 * Batch work on lists (issue 18.4: accept or assign several disputes, answer several visits at once): the ids
 * chosen, with the version each row had when shown, and the answer — one outcome per row, in Chinese. A batch
 * runs the single command once per row, each in its own transaction: a row is done wholly or not at all.
 */
import { z } from 'zod';

export const BATCH_MAX = 100;
/** The most rows one 导出所选 carries (`ids=` on a list's export; 100 ids fit comfortably in a URL). */
export const EXPORT_SELECTED_MAX = 100;

export const BatchIds = {
  ids: z
    .array(z.string().min(1).max(100))
    .min(1, '请至少选择一条记录')
    .max(BATCH_MAX, `一次最多处理 ${BATCH_MAX} 条`)
    .refine((ids) => new Set(ids).size === ids.length, '所选记录有重复'),
  /** the version of each row as shown (id → version): a row changed since is refused (版本冲突) */
  versions: z.record(z.string(), z.number().int()).optional(),
};

export const BatchRowOut = z.object({
  id: z.string(),
  /** what the user knows the row by (dispute number, date and place of a visit), when it could be read */
  label: z.string().nullable(),
  ok: z.boolean(),
  /** 成功, or the reason it was refused */
  message: z.string(),
});
export const BatchResultOut = z.object({ succeeded: z.number(), failed: z.number(), results: z.array(BatchRowOut) });
export type BatchRow = z.infer<typeof BatchRowOut>;
export type BatchResult = z.infer<typeof BatchResultOut>;
