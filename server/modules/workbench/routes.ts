import { z } from 'zod';
import { CockpitOut, WorkbenchOut } from '../../../core/schemas/workbench.ts';
import { actorOf, typed, type App } from '../../http.ts';
import { workbench } from './service.ts';
import { cockpit } from './cockpit.ts';

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
  typed(app).get(
    '/workbench/cockpit',
    {
      schema: {
        tags: ['workbench'],
        summary: '驾驶舱：按角色的关键指标（乡镇、村（社区）、县级对比、网格员），截至今日',
        response: { 200: CockpitOut },
      },
    },
    async (req) => cockpit(app.database, actorOf(req)),
  );
}
