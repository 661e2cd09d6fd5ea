/**
 * Notifications (SPEC §11): the events and their Chinese labels, the channel and preference write contracts, and
 * the response shapes of /notifications, /notification-channels and /notification-deliveries.
 */
import { z } from 'zod';
import { optText } from './fields.ts';

/** The events of SPEC §11, in the order the web lists them. */
export const NOTIFICATION_EVENTS = [
  { key: 'dispute.arrived', label: '纠纷到达本单位' },
  { key: 'dispute.assigned', label: '纠纷指定我承办' },
  { key: 'stage.due_soon', label: '办理期限临近' },
  { key: 'stage.overdue', label: '办理已超期' },
  { key: 'confirmation.deadline', label: '司法确认期限临近' },
  { key: 'performance.deadline', label: '协议履行期限临近' },
  { key: 'key_person.contact_due', label: '重点对象应走访' },
  { key: 'screening.report_due', label: '排查报告待上报' },
  { key: 'programme.task_due', label: '创建任务临近截止' },
  { key: 'evaluation.warning', label: '考核预警' },
  /** beyond SPEC §11 (issue 17.1): a dispute graded orange or red, told to the town office */
  { key: 'dispute.graded', label: '纠纷评为橙色、红色' },
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number]['key'];
export const EVENT_KEYS = NOTIFICATION_EVENTS.map((e) => e.key) as [NotificationEvent, ...NotificationEvent[]];
export const eventLabel = (k: string) => NOTIFICATION_EVENTS.find((e) => e.key === k)?.label ?? '通知';

export const CHANNEL_KINDS = [
  { key: 'webhook', label: 'Webhook(JSON)' },
  { key: 'wecom', label: '企业微信群机器人' },
  { key: 'dingtalk', label: '钉钉群机器人' },
  { key: 'email', label: '电子邮件' },
  { key: 'sms', label: '短信网关' },
] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number]['key'];

export const DELIVERY_STATUSES = [
  { key: 'pending', label: '待发送' },
  { key: 'sending', label: '发送中' },
  { key: 'sent', label: '已发送' },
  { key: 'failed', label: '发送失败' },
] as const;

/** What a client opens: the record an event is about. */
export const NotificationRef = z.object({ kind: z.string(), id: z.string(), number: z.string().nullable() });
export type NotificationRef = z.infer<typeof NotificationRef>;

/** Where a record opens in the web (the webhook's `url` prefixes WUSONG_PUBLIC_URL when set). */
export function refPath(ref: NotificationRef | null): string | null {
  if (!ref) return null;
  switch (ref.kind) {
    case 'dispute':
      return `/disputes/${ref.id}`;
    case 'key_person':
      return '/key-persons';
    case 'screening':
      return '/screening';
    case 'programme_task':
      return '/programme';
    case 'evaluation':
      return '/evaluation/warnings';
    default:
      return null;
  }
}

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
