import fs from 'node:fs';
import { z } from 'zod';
import { heldFor } from '../../db/busy.ts';
import { typed, type App } from '../../http.ts';

/** Below this much free space in the embedded data folder the system reports itself unhealthy. */
const MIN_FREE_BYTES = 64 * 1024 * 1024;
const PROBE_TIMEOUT_MS = 2000;

const Healthy = z.object({
  status: z.literal('ok'),
  database: z.enum(['embedded', 'postgres']),
  /** set when the write probe was skipped because this process holds the embedded database for an import commit */
  busy: z.literal('import').optional(),
});
const Unhealthy = z.object({ status: z.literal('error'), database: z.enum(['embedded', 'postgres']), detail: z.string() });

/**
 * GET /api/health (SPEC §11): ok only when the database answers and takes a write (a full disk or a read-only
 * server fails the write) and the embedded data folder has room; otherwise 503 with the reason in Chinese.
 */
export async function healthRoutes(app: App) {
  typed(app).get(
    '/health',
    { schema: { tags: ['system'], summary: '健康检查', response: { 200: Healthy, 503: Unhealthy } } },
    async (_req, reply) => {
      const database = app.database.engine;
      // the embedded engine runs one transaction at a time: during an import commit a probe would wait for it,
      // while the commit itself shows the database takes writes — answer from that, checking the disk only
      const busy = database === 'embedded' ? heldFor(app.database) : null;
      if (busy) {
        const problem = diskProblem(app);
        if (problem) return reply.status(503).send({ status: 'error' as const, database, detail: problem });
        return { status: 'ok' as const, database, busy };
      }
      const problem = await Promise.race([
        probe(app),
        new Promise<string>((resolve) => setTimeout(() => resolve('数据库在 2 秒内没有响应'), PROBE_TIMEOUT_MS).unref()),
      ]);
      if (problem) return reply.status(503).send({ status: 'error' as const, database, detail: problem });
      return { status: 'ok' as const, database };
    },
  );
}

function diskProblem(app: App): string | null {
  const dir = app.database.dataDir;
  if (!dir) return null;
  try {
    const st = fs.statfsSync(dir);
    if (st.bavail * st.bsize < MIN_FREE_BYTES) return `数据目录所在磁盘剩余空间不足 ${MIN_FREE_BYTES / 1024 / 1024} MB`;
  } catch {
    return '无法读取数据目录';
  }
  return null;
}

async function probe(app: App): Promise<string | null> {
  const disk = diskProblem(app);
  if (disk) return disk;
  try {
    // a real write: a full disk or a read-only database fails here, not at the next user's save
    await app.database.query(`insert into rate_limits (key, hits, window_start) values ('health:probe', 1, now()) on conflict (key) do update set hits = 1, window_start = now()`);
    return null;
  } catch (e) {
    app.log.error({ err: e }, 'health check failed');
    return '数据库无法访问或无法写入';
  }
}
