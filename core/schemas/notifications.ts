/**
 * Notifications (SPEC §11): the events and their Chinese labels, the channel and preference write contracts, and
 * the response shapes of /notifications, /notification-channels and /notification-deliveries.
 */
import { z } from 'zod';
import { optText } from './fields.ts';
import { CHANNEL_KINDS, EVENT_KEYS, type ChannelKind } from '../notification-events.ts';

// the event and channel lists and refPath live in core/notification-events.ts (no zod): the web's header bell uses
// them, and zod stays out of the first load (issue 18.1)
export { NOTIFICATION_EVENTS, EVENT_KEYS, eventLabel, CHANNEL_KINDS, DELIVERY_STATUSES, refPath, type NotificationEvent, type ChannelKind } from '../notification-events.ts';

/** What a client opens: the record an event is about. */
export const NotificationRef = z.object({ kind: z.string(), id: z.string(), number: z.string().nullable() });
export type NotificationRef = z.infer<typeof NotificationRef>;

export const NotificationItem = z.object({
  id: z.string(),
  event: z.string(),
  title: z.string(),
  text: z.string(),
  ref: NotificationRef.nullable(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationItem = z.infer<typeof NotificationItem>;
export const NotificationList = z.object({ items: z.array(NotificationItem), unread: z.number(), total: z.number() });

/** GET/PUT /notifications/preferences: the events the user wants in the app. */
export const PreferencesUpdate = z.object({ events: z.array(z.enum(EVENT_KEYS, { message: '未知的通知事件' })), version: z.number().int().optional() });
export const PreferencesOut = z.object({ events: z.array(z.string()), version: z.number() });

const ChannelSettings = z.object({
  /** names of people (handler, responsible cadre) may appear in the text */
  includeNames: z.boolean().optional(),
  /** phones of people may appear in the text */
  includePhones: z.boolean().optional(),
  /** SMS: the numbers the gateway sends to */
  phones: z.array(z.string().regex(/^1\d{10}$/, '手机号码应为 11 位数字')).max(50).optional(),
  /** 钉钉: the robot's 加签 secret */
  secret: optText(200),
});

const ChannelFields = {
  kind: z.enum(CHANNEL_KINDS.map((k) => k.key) as [ChannelKind, ...ChannelKind[]], { message: '渠道类型应为 webhook、wecom、dingtalk、sms 或 email' }),
  name: z.string().trim().min(1, '请填写渠道名称').max(100),
  target: z.string().trim().min(1, '请填写接收地址').max(2000),
  regionCode: z.string().min(1, '请选择地区'),
  events: z.array(z.enum(EVENT_KEYS, { message: '未知的通知事件' })).min(1, '请至少选择一个事件'),
  settings: ChannelSettings.optional(),
  active: z.boolean().optional(),
};
/** POST /notification-channels */
export const ChannelCreate = z.object(ChannelFields);
/** PATCH /notification-channels/:id */
export const ChannelUpdate = z.object(ChannelFields).partial().extend({ version: z.number().int() });

export const ChannelOut = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  target: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  events: z.array(z.string()),
  settings: z.object({ includeNames: z.boolean(), includePhones: z.boolean(), phones: z.array(z.string()), hasSecret: z.boolean() }),
  active: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
});
export type ChannelOut = z.infer<typeof ChannelOut>;

export const DeliveryOut = z.object({
  id: z.string(),
  channelId: z.string(),
  channelName: z.string(),
  channelKind: z.string(),
  event: z.string(),
  title: z.string(),
  status: z.string(),
  tries: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
});
export type DeliveryOut = z.infer<typeof DeliveryOut>;

/** The webhook body of SPEC §11 (stored as the delivery's payload). */
export interface WebhookPayload {
  id: string;
  event: string;
  title: string;
  text: string;
  regionCode: string | null;
  ref: NotificationRef | null;
  url: string | null;
  at: string;
}
