import { z } from 'zod';
import { WorkbenchOut } from '../../../core/schemas/workbench.ts';
import { actorOf, typed, type App } from '../../http.ts';
import { workbench } from './service.ts';

export async function workbenchRoutes(app: App) {
  typed(app).get(
    '/workbench',
    {
      schema: {
        tags: ['workbench'],
        summary: '工作台：本人范围内的关键数字与待办',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
        response: { 200: WorkbenchOut },
      },
    },
    async (req) => workbench(app.database, actorOf(req), req.query.year),
  );
}
