/**
 * Addresses that matched the town but not one village (SPEC §5): the record counts for the town until a
 * person picks the village here; the choice is remembered as an alias of that village.
 */
import { useState } from 'react';
import { App, Button, Card, Empty, Flex, Pagination, Segmented, Select, Space, Spin, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useMe } from '../../app/auth.tsx';
import { fmtDateTime } from '../../app/labels.ts';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import type { QueueItem } from '../../../../core/schemas/court-data.ts';
import { useResolutionQueue, useResolveQueueItem } from './api.ts';

const ENTITY = { court_case: '法院案件', prelitigation_mediation: '诉前调解' } as Record<string, string>;

function Item({ item, editable }: { item: QueueItem; editable: boolean }) {
  const { message } = App.useApp();
  const [other, setOther] = useState<string | undefined>();
  const resolve = useResolveQueueItem(item.id, {
    onSuccess: (r, code) => {
      const name = item.villages.find((v) => v.code === code)?.name ?? code;
      message.success(`已确认为${name}${r.resolved > 1 ? `（同一地址共 ${r.resolved} 条）` : ''}；“${r.alias}”已记为${name}的别名`);
    },
  });
  const others = item.villages.filter((v) => !item.candidates.some((c) => c.code === v.code));
  return (
    <Card size="small" data-testid={`queue-${item.id}`} style={{ marginBottom: 12 }}>
      <Flex vertical gap={6}>
        <Space wrap size={4}>
          <Tag>{ENTITY[item.entity] ?? item.entity}</Tag>
          <Typography.Text strong copyable>
            {item.entityId}
          </Typography.Text>
          {item.date && <Typography.Text type="secondary">{item.date}</Typography.Text>}
        </Space>
        <Typography.Text>
          地址：<Typography.Text mark>{item.address}</Typography.Text>
        </Typography.Text>
        <Typography.Text type="secondary">暂计入 {item.townName ?? item.townCode}</Typography.Text>
        {item.resolvedAt ? (
          <Typography.Text type="success">
            <CheckOutlined /> 已确认为 {item.resolvedRegionName ?? item.resolvedRegionCode}（{item.resolvedBy}，{fmtDateTime(item.resolvedAt)}）
          </Typography.Text>
        ) : editable ? (
          <Flex wrap gap={8} align="center">
            <Typography.Text>属于：</Typography.Text>
            {item.candidates.map((c) => (
              <Button key={c.code} autoInsertSpace={false} onClick={() => resolve.mutate(c.code)} loading={resolve.isPending && resolve.variables === c.code}>
                {c.name}
              </Button>
            ))}
            {others.length > 0 && (
              <Space.Compact>
                <Select placeholder="其他村（社区）" value={other} onChange={setOther} options={others.map((v) => ({ value: v.code, label: v.name }))} style={{ width: 150 }} />
                <Button type="primary" disabled={!other} onClick={() => other && resolve.mutate(other)}>
                  确认
                </Button>
              </Space.Compact>
            )}
          </Flex>
        ) : null}
        <ProblemAlert error={resolve.error} style={{ marginBottom: 0 }} />
      </Flex>
    </Card>
  );
}

export default function ResolutionQueuePage() {
  const { can } = useMe();
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const [page, setPage] = useState(1);
  const q = useResolutionQueue(status, page);
  return (
    <>
      <PageHeader title="地址待确认" subtitle="地址中出现多个村（社区）的案件暂计入乡镇；请选择所属村（社区），选择结果会记为该村的别名，以后同样的地址自动归属" />
      <Segmented
        value={status}
        onChange={(v) => {
          setStatus(v as 'open' | 'resolved');
          setPage(1);
        }}
        options={[
          { value: 'open', label: '待确认' },
          { value: 'resolved', label: '已确认' },
        ]}
        style={{ marginBottom: 12 }}
      />
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      {q.isLoading ? (
        <Spin />
      ) : (q.data?.items.length ?? 0) === 0 ? (
        <Empty description={status === 'open' ? '没有待确认的地址' : '还没有确认过的地址'} />
      ) : (
        <>
          {q.data!.items.map((item) => (
            <Item key={item.id} item={item} editable={can('court.write')} />
          ))}
          <Pagination current={page} pageSize={20} total={q.data!.total} onChange={setPage} showTotal={(t) => `共 ${t} 条`} />
        </>
      )}
    </>
  );
}
