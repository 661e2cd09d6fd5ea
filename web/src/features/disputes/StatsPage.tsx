/**
 * Monthly people's-mediation statistics (by category × result, source, resolution level, agreement form)
 * and the comprehensive-governance (综治) dispute report, computed from the same records (SPEC §4.8);
 * on screen and as one Excel workbook.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Space, Tabs } from 'antd';
import dayjs from 'dayjs';
import { api, apiUrl } from '../../app/api.ts';
import { AppTable } from '../../app/components/AppTable.tsx';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RegionSelect } from '../../app/components/RegionSelect.tsx';
import { pct } from './common.tsx';
import type { DisputeStats, StatsRow } from './types.ts';

function CountsTable({ rows, first }: { rows: StatsRow[]; first: string }) {
  return (
    <AppTable<StatsRow>
      rowKey="key"
      pagination={false}
      size="small"
      dataSource={rows}
      columns={[
        { title: first, dataIndex: 'label', fixed: 'left' },
        {
          title: '本月',
          children: [
            { title: '受理', key: 'mr', render: (_, r) => r.month.received, align: 'right' },
            { title: '成功', key: 'ms', render: (_, r) => r.month.resolved, align: 'right' },
            { title: '不成', key: 'mf', render: (_, r) => r.month.failed, align: 'right' },
            { title: '引导诉讼', key: 'ml', render: (_, r) => r.month.litigation, align: 'right' },
            { title: '撤回', key: 'mw', render: (_, r) => r.month.withdrawn, align: 'right' },
            { title: '月末在办', key: 'mp', render: (_, r) => r.month.pending, align: 'right' },
            { title: '成功率', key: 'mrate', render: (_, r) => pct(r.month.successRate), align: 'right' },
          ],
        },
        {
          title: '本年累计',
          children: [
            { title: '受理', key: 'yr', render: (_, r) => r.year.received, align: 'right' },
            { title: '成功', key: 'ys', render: (_, r) => r.year.resolved, align: 'right' },
            { title: '不成', key: 'yf', render: (_, r) => r.year.failed + r.year.litigation, align: 'right' },
            { title: '成功率', key: 'yrate', render: (_, r) => pct(r.year.successRate), align: 'right' },
          ],
        },
      ]}
    />
  );
}

export default function StatsPage() {
  const [month, setMonth] = useState(() => dayjs().format('YYYY-MM'));
  const [region, setRegion] = useState<string | undefined>();
  const q = useQuery({ queryKey: ['disputes', 'stats', month, region], queryFn: () => api.get<DisputeStats>('/disputes/stats', { month, region }) });
  const s = q.data;
  return (
    <>
      <PageHeader
        title="统计报表"
        subtitle="人民调解月度统计与综治矛盾纠纷报表,均由纠纷台账自动生成"
        extra={<ExportButton url={apiUrl('/disputes/stats', { month, region, format: 'xlsx' })} />}
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} />
        <RegionSelect value={region} onChange={setRegion} placeholder="全部地区" style={{ width: 200 }} />
      </Space>
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      <Card size="small" loading={q.isLoading}>
        {s && (
          <Tabs
            items={[
              { key: 'category', label: '按纠纷类别', children: <CountsTable rows={[...s.byCategory, s.totals]} first="纠纷类别" /> },
              { key: 'channel', label: '按来源', children: <CountsTable rows={s.byChannel} first="受理渠道" /> },
              { key: 'level', label: '按化解层级', children: <CountsTable rows={s.byResolutionLevel} first="层级" /> },
              {
                key: 'forms',
                label: '协议形式',
                children: (
                  <AppTable
                    rowKey="key"
                    pagination={false}
                    size="small"
                    dataSource={s.agreementForms}
                    columns={[
                      { title: '协议形式', dataIndex: 'label' },
                      { title: '本月件数', dataIndex: 'month', align: 'right' },
                      { title: '本月涉及金额(元)', dataIndex: 'monthAmount', align: 'right' },
                      { title: '本年件数', dataIndex: 'year', align: 'right' },
                      { title: '本年涉及金额(元)', dataIndex: 'yearAmount', align: 'right' },
                    ]}
                  />
                ),
              },
              {
                key: 'governance',
                label: '综治矛盾纠纷报表',
                children: (
                  <AppTable
                    rowKey={(r) => r.regionCode ?? r.regionName}
                    pagination={false}
                    size="small"
                    dataSource={s.governance}
                    columns={[
                      { title: '地区', dataIndex: 'regionName', fixed: 'left' },
                      { title: '本月排查受理', dataIndex: 'received', align: 'right' },
                      { title: '群体性', dataIndex: 'groupDisputes', align: 'right' },
                      { title: '可能民转刑', dataIndex: 'mayTurnCriminal', align: 'right' },
                      { title: '扬言上访', dataIndex: 'threatensPetition', align: 'right' },
                      { title: '重大风险', dataIndex: 'majorRisk', align: 'right' },
                      { title: '涉及人数', dataIndex: 'peopleInvolved', align: 'right' },
                      { title: '涉及金额(元)', dataIndex: 'amount', align: 'right' },
                      { title: '调解成功', dataIndex: 'resolved', align: 'right' },
                      { title: '调解不成', dataIndex: 'failed', align: 'right' },
                      { title: '引导诉讼', dataIndex: 'litigation', align: 'right' },
                      { title: '月末在办', dataIndex: 'pending', align: 'right' },
                      { title: '成功率', dataIndex: 'successRate', align: 'right', render: (v) => pct(v) },
                    ]}
                  />
                ),
              },
            ]}
          />
        )}
      </Card>
    </>
  );
}
