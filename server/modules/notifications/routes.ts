import { z } from 'zod';
import { ChannelCreate, ChannelOut, ChannelUpdate, DeliveryOut, NotificationList, PreferencesOut, PreferencesUpdate } from '../../../core/schemas/notifications.ts';
import { actorOf, ctxOf, typed, type App } from '../../http.ts';
import { PAGE_QUERY } from '../../route-schemas.ts';
import * as svc from './service.ts';

const Id = z.object({ id: z.string() });
const tags = ['notifications'];

export async function notificationRoutes(app: App) {
  const r = typed(app);
  r.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: '我的通知（未读在前）',
        querystring: z.object({
          unread: z.enum(['1', '0', 'true', 'false']).optional(),
          event: z.string().optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
        }),
        response: { 200: NotificationList },
      },
    },
    async (req) =>
      svc.listNotifications(app.database.db, actorOf(req), {
        unread: req.query.unread === '1' || req.query.unread === 'true',
        event: req.query.event || undefined,
        page: req.query.page,
        pageSize: req.query.pageSize ?? req.query.limit,
      }),
  );
  r.post('/notifications/:id/read', { schema: { tags, summary: '标记已读', params: Id, response: { 200: z.object({ updated: z.number() }) } } }, async (req) =>
    svc.markRead(app.database.db, actorOf(req), req.params.id),
  );
  r.post('/notifications/read-all', { schema: { tags, summary: '全部标记已读', response: { 200: z.object({ updated: z.number() }) } } }, async (req) =>
    svc.markRead(app.database.db, actorOf(req)),
  );
  r.get('/notifications/preferences', { schema: { tags, summary: '我要接收的通知事件', response: { 200: PreferencesOut } } }, async (req) =>
    svc.getPreferences(app.database.db, actorOf(req)),
  );
  r.put('/notifications/preferences', { schema: { tags, summary: '设置要接收的通知事件', body: PreferencesUpdate, response: { 200: PreferencesOut } } }, async (req) =>
    svc.setPreferences(app.database, ctxOf(req), req.body),
  );

  r.get('/notification-channels', { schema: { tags, summary: '通知渠道', response: { 200: z.object({ items: z.array(ChannelOut) }) } } }, async (req) =>
    svc.listChannels(app.database.db, actorOf(req)),
  );
  r.post('/notification-channels', { schema: { tags, summary: '新建通知渠道（管理员，或镇平安办为本镇）', body: ChannelCreate, response: { 201: ChannelOut } } }, async (req, reply) =>
    reply.status(201).send(await svc.createChannel(app.database, ctxOf(req), req.body)),
  );
  r.patch('/notification-channels/:id', { schema: { tags, summary: '修改通知渠道（须带 version）', params: Id, body: ChannelUpdate, response: { 200: ChannelOut } } }, async (req) =>
    svc.updateChannel(app.database, ctxOf(req), req.params.id, req.body),
  );
  r.delete(
    '/notification-channels/:id',
    { schema: { tags, summary: '删除通知渠道', params: Id, querystring: z.object({ version: z.coerce.number().int().optional() }), response: { 200: z.object({ deleted: z.boolean() }) } } },
    async (req) => svc.deleteChannel(app.database, ctxOf(req), req.params.id, req.query.version),
  );

  r.get(
    '/notification-deliveries',
    {
      schema: {
        tags,
        summary: '消息发送记录',
        querystring: z.object({ status: z.string().optional(), channelId: z.string().optional(), ...PAGE_QUERY }),
        response: { 200: z.object({ items: z.array(DeliveryOut), total: z.number() }) },
      },
    },
    async (req) => svc.listDeliveries(app.database.db, actorOf(req), req.query),
  );
  r.post('/notification-deliveries/:id/resend', { schema: { tags, summary: '重新发送', params: Id, response: { 200: z.object({ id: z.string(), status: z.string() }) } } }, async (req) =>
    svc.resendDelivery(app.database, ctxOf(req), req.params.id),
  );
}
