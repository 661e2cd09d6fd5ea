import { z } from 'zod';
import { actorOf, typed, type App } from '../../http.ts';
import { listNotifications, markRead } from './service.ts';

const Item = z.object({ id: z.string(), kind: z.string(), ref: z.string(), message: z.string(), link: z.string().nullable(), createdAt: z.string(), readAt: z.string().nullable() });

export async function notificationRoutes(app: App) {
  const r = typed(app);
  r.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: '我的通知(未读在前)',
        querystring: z.object({ unread: z.enum(['1', '0', 'true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(200).optional() }),
        response: { 200: z.object({ items: z.array(Item), unread: z.number() }) },
      },
    },
    async (req) => listNotifications(app.database.db, actorOf(req), { unread: req.query.unread === '1' || req.query.unread === 'true', limit: req.query.limit }),
  );
  r.post(
    '/notifications/:id/read',
    { schema: { tags: ['notifications'], summary: '标记已读', params: z.object({ id: z.string() }), response: { 200: z.object({ updated: z.number() }) } } },
    async (req) => markRead(app.database.db, actorOf(req), req.params.id),
  );
  r.post(
    '/notifications/read-all',
    { schema: { tags: ['notifications'], summary: '全部标记已读', response: { 200: z.object({ updated: z.number() }) } } },
    async (req) => markRead(app.database.db, actorOf(req)),
  );
}
