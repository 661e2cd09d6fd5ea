import { lazy, Suspense } from 'react';
import { useNavigate } from 'react-router';
import { Button, Card, Skeleton } from 'antd';
import { useNotifications } from './api.ts';

// loaded only when there is something to list (the workbench's first load stays light, issue 18.1)
const NotificationItems = lazy(() => import('./NotificationList.tsx').then((m) => ({ default: m.NotificationItems })));

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
      <Suspense fallback={<Skeleton active paragraph={{ rows: 3 }} />}>
        <NotificationItems items={q.data.items} compact />
      </Suspense>
    </Card>
  );
}
