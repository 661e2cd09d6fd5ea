import { z } from 'zod';
import { REGION_LEVELS } from '../../../core/regions.ts';
import { actorOf, typed, type App } from '../../http.ts';
import { workbench } from './service.ts';

const Out = z.object({
  year: z.number(),
  regions: z.object(Object.fromEntries(REGION_LEVELS.map((l) => [l, z.number()])) as Record<(typeof REGION_LEVELS)[number], z.ZodNumber>),
  units: z.number(),
  users: z.number().nullable(),
  population: z.object({ year: z.number(), residents: z.number() }).nullable(),
  towns: z.array(z.object({ code: z.string(), name: z.string(), villages: z.number(), communities: z.number(), grids: z.number() })),
  todo: z.array(z.object({ key: z.string(), label: z.string(), count: z.number(), path: z.string().optional(), severity: z.enum(['info', 'warning', 'danger']).optional() })),
});

export async function workbenchRoutes(app: App) {
  typed(app).get(
    '/workbench',
    {
      schema: {
        tags: ['workbench'],
        summary: '工作台：本人范围内的关键数字与待办',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
        response: { 200: Out },
      },
    },
    async (req) => workbench(app.database, actorOf(req), req.query.year),
  );
}
