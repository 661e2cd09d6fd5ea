import { useEffect, useState } from 'react';
import { App, Button, Card, Checkbox, Col, Pagination, Row, Segmented, Select, Space } from 'antd';
import { NOTIFICATION_EVENTS } from '../../../../core/schemas/notifications.ts';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { useMarkRead, useNotifications, usePreferences, useSavePreferences } from './api.ts';
import { NotificationItems } from './NotificationList.tsx';

const EVENT_OPTIONS = NOTIFICATION_EVENTS.map((e) => ({ value: e.key, label: e.label }));

function Preferences() {
  const { message } = App.useApp();
  const q = usePreferences();
  const save = useSavePreferences({ onSuccess: () => message.success('已保存') });
  const [events, setEvents] = useState<string[]>([]);
  useEffect(() => setEvents(q.data?.events ?? []), [q.data]);
  return (
    <Card size="small" title="接收设置" loading={q.isLoading}>
      <p style={{ marginTop: 0, color: '#6b7280' }}>勾选要在系统内接收的通知（发往企业微信、钉钉、邮件、短信的消息由管理员在“通知渠道”中设置）。</p>
      <Checkbox.Group value={events} onChange={(v) => setEvents(v as string[])} style={{ display: 'grid', gap: 6 }} options={EVENT_OPTIONS} />
      <Button type="primary" style={{ marginTop: 12 }} loading={save.isPending} onClick={() => save.mutate({ events, version: q.data?.version ?? 0 })}>
        保存设置
      </Button>
    </Card>
  );
}

export default function NotificationsPage() {
  const [event, setEvent] = useState<string | undefined>();
  const [unread, setUnread] = useState<'all' | 'unread'>('all');
  const [page, setPage] = useState(1);
  const q = useNotifications({ event, unread: unread === 'unread' ? 1 : undefined, page, pageSize: 20 });
  const readAll = useMarkRead();
  return (
    <>
      <PageHeader
        title="我的通知"
        subtitle={q.data ? `${q.data.unread} 条未读` : undefined}
        extra={
          <Button disabled={!q.data?.unread} loading={readAll.isPending} onClick={() => readAll.mutate(undefined)}>
            全部标为已读
          </Button>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card size="small">
            <Space wrap style={{ marginBottom: 8 }}>
              <Segmented
                value={unread}
                onChange={(v) => {
                  setUnread(v as 'all' | 'unread');
                  setPage(1);
                }}
                options={[
                  { value: 'all', label: '全部' },
                  { value: 'unread', label: '未读' },
                ]}
              />
              <Select
                allowClear
                placeholder="全部事件"
                style={{ width: 200 }}
                value={event}
                options={EVENT_OPTIONS}
                onChange={(v) => {
                  setEvent(v);
                  setPage(1);
                }}
              />
            </Space>
            <NotificationItems items={q.data?.items ?? []} loading={q.isLoading} />
            {(q.data?.total ?? 0) > 20 && <Pagination style={{ marginTop: 12 }} current={page} total={q.data?.total} pageSize={20} showSizeChanger={false} onChange={setPage} />}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Preferences />
        </Col>
      </Row>
    </>
  );
}
