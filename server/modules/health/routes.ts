import { z } from 'zod';
import { typed, type App } from '../../http.ts';

export async function healthRoutes(app: App) {
  typed(app).get(
    '/health',
    { schema: { tags: ['system'], summary: '健康检查', response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['embedded', 'postgres']) }) } } },
    async () => {
      await app.database.query('select 1');
      return { status: 'ok' as const, database: app.database.engine };
    },
  );
}
