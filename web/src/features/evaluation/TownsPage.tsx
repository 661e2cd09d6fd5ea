/**
 * Every town side by side (SPEC §1: a county or city leader compares the towns below): standards met, share of
 * 无讼村, 万人起诉率 against its limit and the villages flagged by the early warning — worst first.
 */
import { useMemo } from 'react';
import { Alert, Skeleton, Table, Tag, Typography } from 'antd';
import { apiUrl } from '../../app/api.ts';
import type { ChartOption } from '../../app/Chart.tsx';
import { Bars } from '../../app/components/Bars.tsx';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import type { TownCompare } from '../../../../core/schemas/evaluation.ts';
import { fmtValue, PeriodBar, ResultTag, usePeriod } from './common.tsx';
import { useTownCompare } from './api.ts';

type Row = TownCompare['towns'][number];

const pct1 = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

/** Standards met (bottom axis, out of 12) and the share of 无讼村 (top axis, %) per town, the worst on top. */
function compareOption(towns: Row[]): ChartOption | null {
  if (!towns.length) return null;
  const rows = towns.slice(0, 40).reverse(); // the worst on top
  const total = towns[0].standardsTotal || 12;
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 56, bottom: 28 },
    xAxis: [
      { type: 'value', min: 0, max: total, interval: 2, name: '达标标准数', nameLocation: 'middle', nameGap: 22, position: 'bottom' },
      { type: 'value', min: 0, max: 100, position: 'top', axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    yAxis: { type: 'category', data: rows.map((t) => t.name) },
    series: [
      { name: '达标标准数', type: 'bar', xAxisIndex: 0, barMaxWidth: 12, data: rows.map((t) => t.standardsPassed) },
      { name: '无讼村占比（%）', type: 'bar', xAxisIndex: 1, barMaxWidth: 12, data: rows.map((t) => pct1(t.villageShare)) },
    ],
  };
}

const rateTag = (t: Row) =>
  t.rateFlagged === null ? <Tag>无法计算</Tag> : t.rateFlagged ? <Tag color="orange">预警</Tag> : <Tag color="green">正常</Tag>;

export default function TownsPage() {
  const p = usePeriod();
  const query = { year: p.year, asOf: p.asOf };
  const q = useTownCompare(query);
  const chart = useMemo(() => (q.data ? compareOption(q.data.towns) : null), [q.data]);
  const columns = [
    { title: '名次', key: 'rank', width: 60, render: (_: unknown, _t: Row, i: number) => i + 1 },
    { title: '乡镇（街道）', dataIndex: 'name', key: 'name' },
    { title: '达标标准数', key: 'standards', render: (_: unknown, t: Row) => `${t.standardsPassed}/${t.standardsTotal}` },
    { title: '考评结果', key: 'passed', render: (_: unknown, t: Row) => <ResultTag passed={t.passed} /> },
    { title: '无讼村（社区）', key: 'free', render: (_: unknown, t: Row) => `${t.litigationFreeVillages}/${t.villages}` },
    {
      title: '无讼村占比',
      key: 'share',
      render: (_: unknown, t: Row) => (
        <Typography.Text type={t.villageShare !== null && t.villageShareMin !== null && t.villageShare < t.villageShareMin ? 'danger' : undefined}>
          {fmtValue('litigation_free_village_share', t.villageShare)}
          {t.villageShareMin !== null && <Typography.Text type="secondary">{` / ≥ ${fmtValue('litigation_free_village_share', t.villageShareMin)}`}</Typography.Text>}
        </Typography.Text>
      ),
    },
    { title: '已立案（件）', dataIndex: 'casesSoFar', key: 'cases' },
    {
      title: '万人起诉率（当前/限值）',
      key: 'rate',
      render: (_: unknown, t: Row) => `${fmtValue('litigation_rate_per_10k', t.litigationRate)} / ${fmtValue('litigation_rate_per_10k', t.litigationLimit)}`,
    },
    { title: '乡镇预警', key: 'flag', render: (_: unknown, t: Row) => rateTag(t) },
    { title: '预警村（社区）', dataIndex: 'villageWarnings', key: 'vw', render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n) },
  ];
  return (
    <>
      <PageHeader
        title="各乡镇对比"
        subtitle="辖区内各乡镇（街道）并列比较：达标标准数、无讼村占比、万人起诉率与预警，最差在前"
        extra={<ExportButton url={apiUrl('/evaluation/towns', { ...query, format: 'xlsx' })} />}
      />
      <PeriodBar />
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      {q.isLoading && <Skeleton active />}
      {q.data && q.data.towns.length === 0 && <Alert type="info" showIcon title="您的范围内没有可完整查看的乡镇（街道）" />}
      {q.data && q.data.towns.length > 0 && (
        <>
          <Bars option={chart} />
          <Table size="small" rowKey="code" scroll={{ x: 'max-content' }} dataSource={q.data.towns} columns={columns} pagination={false} data-testid="towns-compare" />
        </>
      )}
    </>
  );
}
