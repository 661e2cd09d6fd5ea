/** Early warning (SPEC §7): each village's remaining allowance of cases and the year's projection, flagged first. */
import { useMemo } from 'react';
import { Alert, Skeleton, Table, Tag, Typography } from 'antd';
import { apiUrl } from '../../app/api.ts';
import type { ChartOption } from '../../app/Chart.tsx';
import { Bars } from '../../app/components/Bars.tsx';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import type { Warning } from '../../../../core/schemas/evaluation.ts';
import { fmtValue, PeriodBar, usePeriod } from './common.tsx';
import { useEvaluationWarnings } from './api.ts';

const flagTag = (w: Warning) =>
  w.flagged === null ? <Tag>无法计算</Tag> : w.allowance !== null && w.allowance < 0 ? <Tag color="red">已超限</Tag> : w.flagged ? <Tag color="orange">预警</Tag> : <Tag color="green">正常</Tag>;

const r2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

/**
 * Each village's rate now and projected for the year against the limit, flagged villages first (the list's order),
 * at most 30 bars — the table has them all.
 */
function ratesOption(villages: Warning[]): ChartOption | null {
  const rows = villages.filter((v) => v.rate !== null).slice(0, 30).reverse(); // the first on top
  const limit = villages.find((v) => v.limit !== null)?.limit ?? null;
  if (!rows.length) return null;
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 44, bottom: 8 }, // room for the limit's label under the legend
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: rows.map((v) => v.name) },
    series: [
      {
        name: '当前万人起诉率',
        type: 'bar',
        barMaxWidth: 12,
        data: rows.map((v) => r2(v.rate)),
        markLine:
          limit === null
            ? undefined
            : { symbol: 'none', silent: true, lineStyle: { color: '#cf1322', type: 'dashed' }, label: { formatter: `限值 ${limit}` }, data: [{ xAxis: limit }] },
      },
      { name: '全年预测', type: 'bar', barMaxWidth: 12, data: rows.map((v) => r2(v.projectedRate)) },
    ],
  };
}

export default function WarningsPage() {
  const p = usePeriod();
  const query = { year: p.year, asOf: p.asOf, town: p.town };
  const q = useEvaluationWarnings(query);
  const flagged = q.data?.villages.filter((v) => v.flagged).length ?? 0;
  const chart = useMemo(() => (q.data ? ratesOption(q.data.villages) : null), [q.data]);
  const columns = [
    { title: '状态', key: 'flag', render: (_: unknown, w: Warning) => flagTag(w) },
    { title: '乡镇', dataIndex: 'townName', key: 'townName' },
    { title: '名称', dataIndex: 'name', key: 'name' },
    { title: '常住人口', key: 'pop', render: (_: unknown, w: Warning) => fmtValue('n', w.population) },
    { title: '已立案（件）', dataIndex: 'casesSoFar', key: 'cases' },
    { title: '全年额度（件）', key: 'allowed', render: (_: unknown, w: Warning) => fmtValue('n', w.allowedCases) },
    { title: '剩余额度（件）', key: 'allowance', render: (_: unknown, w: Warning) => <Typography.Text type={w.allowance !== null && w.allowance <= 0 ? 'danger' : undefined}>{fmtValue('n', w.allowance)}</Typography.Text> },
    { title: '全年预测（件）', key: 'projection', render: (_: unknown, w: Warning) => (w.projection === null ? '—' : (Math.round(w.projection * 10) / 10).toString()) },
    { title: '万人起诉率（当前/限值）', key: 'rate', render: (_: unknown, w: Warning) => `${fmtValue('litigation_rate_per_10k', w.rate)} / ${fmtValue('litigation_rate_per_10k', w.limit)}` },
    { title: '说明', dataIndex: 'reason', key: 'reason', render: (r: string | null) => <Typography.Text type="secondary">{r ?? ''}</Typography.Text> },
  ];
  return (
    <>
      <PageHeader
        title="万人起诉率预警"
        subtitle="剩余额度 = ⌊限值 × 常住人口 ÷ 10000⌋ − 本年已立案件；全年预测 = 已立案件 × 全年天数 ÷ 已过天数"
        extra={<ExportButton url={apiUrl('/evaluation/warnings', { ...query, format: 'xlsx' })} />}
      />
      <PeriodBar />
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      {q.isLoading && <Skeleton active />}
      {q.data && (
        <>
          {flagged > 0 && <Alert type="warning" showIcon title={`${flagged} 个村（社区）额度已用完或预计超过限值`} style={{ marginBottom: 12 }} />}
          <Bars option={chart} />
          <Table size="small" rowKey="code" scroll={{ x: 'max-content' }} dataSource={q.data.villages} columns={columns} pagination={{ pageSize: 50 }} data-testid="warnings" />
          {q.data.towns.length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                乡镇（街道）
              </Typography.Title>
              <Table size="small" rowKey="code" scroll={{ x: 'max-content' }} dataSource={q.data.towns} columns={columns.filter((c) => c.key !== 'townName')} pagination={false} />
            </>
          )}
        </>
      )}
    </>
  );
}
