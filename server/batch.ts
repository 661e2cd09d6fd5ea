/**
 * Batch work on lists (issue 18.4): the single command once per row, each in its own transaction, so that a row is
 * done wholly or not at all and one refusal does not stop the others. A refusal (AppError) is that row's Chinese
 * message; anything else is logged and reported as not done.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { BatchResult, BatchRow } from '../core/schemas/batch.ts';
import { AppError } from './errors.ts';

export async function runBatch(
  ids: readonly string[],
  one: (id: string) => Promise<unknown>,
  opts: { labels?: Map<string, string>; log?: FastifyBaseLogger } = {},
): Promise<BatchResult> {
  const results: BatchRow[] = [];
  for (const id of ids) {
    const label = opts.labels?.get(id) ?? null;
    try {
      await one(id);
      results.push({ id, label, ok: true, message: '成功' });
    } catch (e) {
      if (!(e instanceof AppError)) opts.log?.error({ err: e, id }, 'batch row failed');
      results.push({ id, label, ok: false, message: e instanceof AppError ? e.message : '处理时出错，未作修改' });
    }
  }
  const succeeded = results.filter((r) => r.ok).length;
  return { succeeded, failed: results.length - succeeded, results };
}
