/**
 * Monthly people's-mediation statistics (by category × result, source, resolution level, agreement form)
 * and the comprehensive-governance (综治) dispute report, computed from the same records (SPEC §4.8);
 * on screen and as one Excel workbook.
 */
import { useMemo, useState } from 'react';
import { Card, Segmented, Space, Tabs } from 'antd';
import dayjs from 'dayjs';
import { apiUrl } from '../../app/api.ts';
import { AppTable } from '../../app/components/AppTable.tsx';
import { Bars, barsOption } from '../../app/components/Bars.tsx';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RegionSelect } from '../../app/components/RegionSelect.tsx';
import { pct, useAddressState } from './common.tsx';
import { useDisputeStats } from './api.ts';
import type { StatsRow } from './types.ts';
import { DayPicker } from '../../app/components/DayPicker.tsx';

/** This month's or this year's received / resolved / not resolved per row, as bars above the table. */
function CountsChart({ rows }: { rows: StatsRow[] }) {
  const [period, setPeriod] = useState<'month' | 'year'>('month');
  const option = useMemo(
    () =>
      barsOption(
        rows.map((r) => r.label),
        [
          { name: '受理', data: rows.map((r) => r[period].received) },
          { name: '调解成功', data: rows.map((r) => r[period].resolved) },
          { name: '调解不成（含引导诉讼）', data: rows.map((r) => r[period].failed + r[period].litigation) },
        ],
      ),
    [rows, period],
  );
  return (
    <>
      <Segmented
        size="small"
        value={period}
        onChange={(v) => setPeriod(v as 'month' | 'year')}
        options={[
          { value: 'month', label: '本月' },
          { value: 'year', label: '本年累计' },
        ]}
        style={{ marginBottom: 8 }}
      />
      {option ? <Bars option={option} /> : <div style={{ color: 'rgba(0,0,0,0.45)', margin: '8px 0 12px' }}>{period === 'month' ? '本月' : '本年'}暂无数据</div>}
    </>
  );
}

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

function CountsTab({ rows, totals, first }: { rows: StatsRow[]; totals?: StatsRow; first: string }) {
  return (
    <>
      <CountsChart rows={rows} />
      <CountsTable rows={totals ? [...rows, totals] : rows} first={first} />
    </>
  );
}

export default function StatsPage() {
  // month and region in the address: a report can be bookmarked and sent on
  const [params, set] = useAddressState();
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '') ? params.get('month')! : dayjs().format('YYYY-MM');
  const region = params.get('region') || undefined;
  const q = useDisputeStats(month, region);
  const s = q.data;
  return (
    <>
      <PageHeader
        title="统计报表"
        subtitle="人民调解月度统计与综治矛盾纠纷报表，均由纠纷台账自动生成"
        extra={<ExportButton url={apiUrl('/disputes/stats', { month, region, format: 'xlsx' })} />}
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <DayPicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && set('month', d.format('YYYY-MM'))} />
        <RegionSelect value={region} onChange={(v) => set('region', v)} placeholder="全部地区" style={{ width: 200 }} />
      </Space>
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      <Card size="small" loading={q.isLoading}>
        {s && (
          <Tabs
            items={[
              { key: 'category', label: '按纠纷类别', children: <CountsTab rows={s.byCategory} totals={s.totals} first="纠纷类别" /> },
              { key: 'channel', label: '按来源', children: <CountsTab rows={s.byChannel} first="受理渠道" /> },
              { key: 'level', label: '按化解层级', children: <CountsTab rows={s.byResolutionLevel} first="层级" /> },
              {
                key: 'forms',
                label: '协议形式',
                children: (
                  <>
                    <Bars
                      option={barsOption(
                        s.agreementForms.map((r) => r.label),
                        [
                          { name: '本月件数', data: s.agreementForms.map((r) => r.month) },
                          { name: '本年件数', data: s.agreementForms.map((r) => r.year) },
                        ],
                      )}
                    />
                    <AppTable
                      rowKey="key"
                      pagination={false}
                      size="small"
                      dataSource={s.agreementForms}
                      columns={[
                        { title: '协议形式', dataIndex: 'label' },
                        { title: '本月件数', dataIndex: 'month', align: 'right' },
                        { title: '本月涉及金额（元）', dataIndex: 'monthAmount', align: 'right' },
                        { title: '本年件数', dataIndex: 'year', align: 'right' },
                        { title: '本年涉及金额（元）', dataIndex: 'yearAmount', align: 'right' },
                      ]}
                    />
                  </>
                ),
              },
              {
                key: 'governance',
                label: '综治矛盾纠纷报表',
                children: (
                  <>
                    <Bars
                      option={barsOption(
                        s.governance.map((r) => r.regionName),
                        [
                          { name: '本月排查受理', data: s.governance.map((r) => r.received) },
                          { name: '调解成功', data: s.governance.map((r) => r.resolved) },
                          { name: '月末在办', data: s.governance.map((r) => r.pending) },
                        ],
                      )}
                    />
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
                        { title: '涉及金额（元）', dataIndex: 'amount', align: 'right' },
                        { title: '调解成功', dataIndex: 'resolved', align: 'right' },
                        { title: '调解不成', dataIndex: 'failed', align: 'right' },
                        { title: '引导诉讼', dataIndex: 'litigation', align: 'right' },
                        { title: '月末在办', dataIndex: 'pending', align: 'right' },
                        { title: '成功率', dataIndex: 'successRate', align: 'right', render: (v) => pct(v) },
                      ]}
                    />
                  </>
                ),
              },
            ]}
          />
        )}
      </Card>
    </>
  );
}
