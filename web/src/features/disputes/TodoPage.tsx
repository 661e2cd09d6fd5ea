/**
 * To-do and warnings (SPEC §4.2, §4.7): the user's own list (overdue and soon-due stages, disputes to
 * accept, judicial-confirmation windows closing, rounds-rule reminders, return visits due) and the town's
 * warning list (overdue, past the time limits, past the rounds rule, high-risk disputes still open).
 */
import { Badge, Card, Empty, Grid, List, Space, Tabs, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { apiUrl } from '../../app/api.ts';
import { AppTable } from '../../app/components/AppTable.tsx';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RegionSelect } from '../../app/components/RegionSelect.tsx';
import { levelName, StateTag, useAddressState } from './common.tsx';
import { useTodo, useWarnings } from './api.ts';
import type { TodoItem, WarningItem, WarningKind } from './types.ts';

const TODO_KINDS: Record<string, [string, string]> = {
  overdue: ['超期', 'red'],
  confirmation_closing: ['司法确认期限', 'orange'],
  due_soon: ['即将到期', 'gold'],
  arrived: ['新到达/待我受理', 'geekblue'],
  rounds: ['调解轮次', 'purple'],
  to_accept: ['待受理', 'blue'],
  failed_pending: ['调解不成待处理', 'volcano'],
  return_visit_due: ['待回访', 'cyan'],
};
const WARNING_KINDS: Record<WarningKind, [string, string]> = {
  overdue: ['超期', 'red'],
  past_limits: ['超过办理时限', 'volcano'],
  rounds: ['超过调解轮次', 'purple'],
  risk: ['高风险', 'magenta'],
};

type Item = TodoItem | WarningItem;

function Items({ items, kinds, loading }: { items: Item[]; kinds: Record<string, [string, string]>; loading: boolean }) {
  const phone = Grid.useBreakpoint().md === false;
  const navigate = useNavigate();
  if (!loading && !items.length) return <Empty description="没有需要处理的事项" />;
  const kindTag = (k: string) => <Tag color={kinds[k]?.[1]}>{kinds[k]?.[0] ?? k}</Tag>;
  // on a phone (mediators, grid workers) a card per item, as the ledger shows disputes; the table needs sideways scrolling
  if (phone)
    return (
      <List
        loading={loading}
        dataSource={items}
        rowKey={(r) => `${r.kind}:${r.disputeId}:${r.message}`}
        pagination={items.length > 20 ? { pageSize: 20, size: 'small', showTotal: (t) => `共 ${t} 条` } : false}
        renderItem={(r) => (
          <Card size="small" style={{ marginBottom: 8 }} onClick={() => navigate(`/disputes/${r.disputeId}`)} hoverable data-testid="todo-card">
            <Space wrap size={4}>
              {kindTag(r.kind)}
              <Typography.Text strong>{r.number}</Typography.Text>
              <StateTag state={r.state} />
            </Space>
            <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '4px 0' }}>
              {r.summary}
            </Typography.Paragraph>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.currentLevel ? `${levelName(r.currentLevel)} · ` : ''}
              {r.message}
            </Typography.Text>
          </Card>
        )}
      />
    );
  return (
    <AppTable<Item>
      rowKey={(r) => `${r.kind}:${r.disputeId}:${r.message}`}
      loading={loading}
      dataSource={items}
      columns={[
        { title: '类型', dataIndex: 'kind', render: (k) => kindTag(k) },
        { title: '编号', dataIndex: 'number', render: (v, r) => <Link to={`/disputes/${r.disputeId}`}>{v}</Link> },
        { title: '简要情况', dataIndex: 'summary', render: (v: string) => <Typography.Paragraph ellipsis={{ rows: 2, tooltip: v }} style={{ margin: 0, maxWidth: 360 }}>{v}</Typography.Paragraph> },
        { title: '状态', dataIndex: 'state', render: (v, r) => <Space size={4}><StateTag state={v} />{r.currentLevel && levelName(r.currentLevel)}</Space> },
        { title: '说明', dataIndex: 'message' },
      ]}
    />
  );
}

export default function TodoPage() {
  const [params, set] = useAddressState();
  const tab = params.get('tab') ?? 'todo';
  const region = params.get('region') ?? undefined;
  const todo = useTodo();
  const warn = useWarnings(region, tab === 'warnings');
  return (
    <>
      <PageHeader title="待办与预警" subtitle="超期、将到期、待受理、司法确认期限、调解轮次；辖区预警（无讼 ≠ 压讼：提醒及时流转或引导诉讼）" />
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(k) => set('tab', k)}
          items={[
            {
              key: 'todo',
              // the count sits beside the label, not over the next tab
              label: (
                <Space size={6}>
                  我的待办
                  <Badge count={todo.data?.items.length ?? 0} size="small" overflowCount={99} />
                </Space>
              ),
              children: (
                <>
                  <ProblemAlert error={todo.error} onRetry={() => todo.refetch()} />
                  <Items items={todo.data?.items ?? []} kinds={TODO_KINDS} loading={todo.isLoading} />
                </>
              ),
            },
            {
              key: 'warnings',
              label: '辖区预警',
              children: (
                <>
                  <Space wrap style={{ marginBottom: 12 }}>
                    <RegionSelect value={region} onChange={(v: string | undefined) => set('region', v)} placeholder="地区（含下级）" style={{ width: 200 }} />
                    {Object.entries(WARNING_KINDS).map(([k, [label, color]]) => (
                      <Tag key={k} color={color}>
                        {label} {warn.data?.counts[k as WarningKind] ?? 0}
                      </Tag>
                    ))}
                    <ExportButton url={apiUrl('/disputes/warnings', { region, format: 'xlsx' })} size="small" />
                  </Space>
                  <ProblemAlert error={warn.error} onRetry={() => warn.refetch()} />
                  <Items items={warn.data?.items ?? []} kinds={WARNING_KINDS} loading={warn.isLoading} />
                </>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
