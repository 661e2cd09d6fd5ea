import { lazy, Suspense, useState } from 'react';
import { useNavigate } from 'react-router';
import { Badge, Button, Drawer, Grid, Popover, Skeleton, Space } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMarkRead, useNotifications } from './api.ts';

// the list (antd's List, with pagination and select) is loaded when the bell is first opened: the header is on every
// page's first load, the list is not (issue 18.1)
const NotificationItems = lazy(() => import('./NotificationList.tsx').then((m) => ({ default: m.NotificationItems })));

/** The header's bell: the unread count on every page, the latest in a popover, the full list a click away. */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const phone = Grid.useBreakpoint().md === false;
  const q = useNotifications({ pageSize: 8 }, { poll: true });
  const readAll = useMarkRead();
  const unread = q.data?.unread ?? 0;
  const content = (
    <div className="notification-popover" style={{ width: phone ? '100%' : 380 }}>
      <Suspense fallback={<Skeleton active paragraph={{ rows: 3 }} />}>
        <NotificationItems items={q.data?.items ?? []} compact onOpen={() => setOpen(false)} loading={q.isLoading} />
      </Suspense>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginTop: 8 }}>
        <Button size="small" disabled={!unread} loading={readAll.isPending} onClick={() => readAll.mutate(undefined)}>
          全部已读
        </Button>
        <Button
          size="small"
          type="link"
          onClick={() => {
            setOpen(false);
            navigate('/notifications');
          }}
        >
          查看全部通知
        </Button>
      </Space>
    </div>
  );
  const bell = (
    <Button type="text" aria-label={unread ? `通知，${unread} 条未读` : '通知'} data-testid="notification-bell" onClick={phone ? () => setOpen(true) : undefined}>
      <Badge count={unread} size="small" overflowCount={99} data-testid="notification-count">
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Button>
  );
  // a phone gets a drawer across the screen; a desktop a popover under the bell
  if (phone)
    return (
      <>
        {bell}
        <Drawer title="通知" placement="right" open={open} onClose={() => setOpen(false)} size="100%" styles={{ body: { padding: 12 } }}>
          {content}
        </Drawer>
      </>
    );
  return (
    <Popover content={content} title="通知" trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight" arrow={false}>
      {bell}
    </Popover>
  );
}
