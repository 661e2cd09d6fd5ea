/**
 * Notification events, channel kinds and delivery states with their Chinese labels, and where a record an event
 * is about opens in the web. Plain data, no zod: the header's bell shows these on every page, and the first load
 * of the web app carries no validation library (issue 18.1). core/schemas/notifications.ts re-exports them.
 */

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

/** What a client opens: the record an event is about (the zod shape is NotificationRef in core/schemas/notifications.ts). */
interface RefLike {
  kind: string;
  id: string;
}

/** Where a record opens in the web (the webhook's `url` prefixes WUSONG_PUBLIC_URL when set). */
export function refPath(ref: RefLike | null): string | null {
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
