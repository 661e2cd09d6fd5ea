import { z } from 'zod';
import { actorOf, ctxOf, typed, type App } from '../../http.ts';
import { ChecklistAssess, ChecklistOut, ChecklistRowOut } from '../../../core/schemas/checklist.ts';
import * as svc from './service.ts';

export async function checklistRoutes(app: App) {
  const r = typed(app);
  r.get(
    '/checklist',
    {
      schema: {
        tags: ['checklist'],
        summary: '考评事项（乡镇 T1–T6、村 V1–V2）及旁证数据',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100), region: z.string().optional() }),
        response: { 200: ChecklistOut },
      },
    },
    async (req) => svc.checklistOverview(app.database.db, actorOf(req), req.query),
  );
  r.put(
    '/checklist/:regionCode/:year/:item',
    {
      schema: {
        tags: ['checklist'],
        summary: '评估一项考评事项（首次评估 version 为 0）',
        params: z.object({ regionCode: z.string(), year: z.coerce.number().int().min(2000).max(2100), item: z.string() }),
        body: ChecklistAssess,
        response: { 200: ChecklistRowOut },
      },
    },
    async (req) => svc.assessItem(app.database, ctxOf(req), req.params.regionCode, req.params.year, req.params.item, req.body),
  );
}
