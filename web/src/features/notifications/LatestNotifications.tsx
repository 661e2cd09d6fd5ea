import { useNavigate } from 'react-router';
import { Button, Card } from 'antd';
import { useNotifications } from './api.ts';
import { NotificationItems } from './NotificationList.tsx';

/** The workbench's card of the latest notifications. */
export function LatestNotifications() {
  const navigate = useNavigate();
  const q = useNotifications({ pageSize: 5 });
  if (!q.data?.items.length) return null;
  return (
    <Card
      size="small"
      title={`最新通知${q.data.unread ? `（${q.data.unread} 条未读）` : ''}`}
      extra={<Button type="link" size="small" onClick={() => navigate('/notifications')}>全部</Button>}
      style={{ marginBottom: 16 }}
    >
      <NotificationItems items={q.data.items} compact />
    </Card>
  );
}
