import { List, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import type { NotificationItem } from '../../../../core/schemas/notifications.ts';
import { eventLabel, refPath } from '../../../../core/notification-events.ts';
import { fmtDateTime } from '../../app/labels.ts';
import { useMarkRead } from './api.ts';

const EVENT_COLORS: Record<string, string> = {
  'dispute.arrived': 'blue',
  'dispute.assigned': 'geekblue',
  'stage.due_soon': 'orange',
  'stage.overdue': 'red',
  'confirmation.deadline': 'gold',
  'performance.deadline': 'gold',
  'key_person.contact_due': 'purple',
  'screening.report_due': 'cyan',
  'programme.task_due': 'green',
  'evaluation.warning': 'volcano',
};

/** Notifications as a list: clicking one marks it read and opens its record. */
export function NotificationItems({ items, compact, onOpen, loading }: { items: NotificationItem[]; compact?: boolean; onOpen?: () => void; loading?: boolean }) {
  const navigate = useNavigate();
  const read = useMarkRead();
  return (
    <List
      size="small"
      loading={loading}
      dataSource={items}
      locale={{ emptyText: '暂无通知' }}
      renderItem={(n) => (
        <List.Item
          className={`notification-item ${n.readAt ? '' : 'notification-unread'}`}
          data-testid="notification-item"
          onClick={() => {
            if (!n.readAt) read.mutate(n.id);
            const path = refPath(n.ref);
            if (path) {
              onOpen?.();
              navigate(path);
            }
          }}
          extra={
            !n.readAt && !compact ? (
              <Typography.Link
                onClick={(e) => {
                  e.stopPropagation();
                  read.mutate(n.id);
                }}
              >
                标为已读
              </Typography.Link>
            ) : null
          }
        >
          <List.Item.Meta
            title={
              <span className="notification-title">
                {!n.readAt && <span className="notification-dot" aria-label="未读" />}
                <Tag color={EVENT_COLORS[n.event] ?? 'default'}>{eventLabel(n.event)}</Tag>
                <span>{n.title}</span>
              </span>
            }
            description={
              <>
                {!compact && <div className="notification-text">{n.text}</div>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {fmtDateTime(n.createdAt)}
                </Typography.Text>
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}
