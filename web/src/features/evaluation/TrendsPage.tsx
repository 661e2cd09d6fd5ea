/**
 * Trends (SPEC §7): by month or year, for a town, a village or the whole scope — disputes, lawsuits,
 * litigation rate, local resolution rate, the open-dispute stock, new disputes, escalations and the four
 * sources, with the same period a year earlier.
 */
import { useMemo, useState } from 'react';
import { Card, Col, Flex, Row, Segmented, Skeleton, Table, Typography } from 'antd';
import { apiUrl } from '../../app/api.ts';
import { Chart, type ChartOption } from '../../app/Chart.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RegionSelect } from '../../app/components/RegionSelect.tsx';
import { trendValueShown, type TrendsOutput } from '../../../../core/schemas/evaluation.ts';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PeriodBar, usePeriod } from './common.tsx';
import { useTrends } from './api.ts';

type Series = TrendsOutput['series'][number];

const fmt = (s: Series, v: number | null | undefined) =>
  v === null || v === undefined ? '—' : s.unit === 'fraction' ? `${Math.round(v * 1000) / 10}%` : s.unit === 'per10k' ? String(Math.round(v * 100) / 100) : v.toLocaleString('zh-CN');

function lineOf(s: Series | undefined, type: 'bar' | 'line', extra: Record<string, unknown> = {}) {
  if (!s) return null;
  return { name: s.label, type, data: s.points.map((p) => trendValueShown(s.unit, p.value)), ...extra };
}

/**
 * Summary of a series over the periods that have begun: counts add up, stock and rates take the last period;
 * the year before is summed over the same periods — and, for the period in progress, the same days — so like
 * is compared with like.
 */
function summary(s: Series) {
  const begun = s.points.filter((p) => p.value !== null);
  const last = begun.at(-1);
  const through = last?.through ? `，截至${last.through}` : '';
  if (s.key === 'openStock' || s.unit !== 'count') return { value: last?.value ?? null, previous: last?.previous ?? null, basis: last ? `${last.period} 期末/当期${through}` : '' };
  const value = begun.reduce((a, p) => a + (p.value ?? 0), 0);
  const previous = begun.reduce((a, p) => a + (p.previous ?? 0), 0);
  return { value, previous, basis: `合计${through}` };
}

export default function TrendsPage() {
  const p = usePeriod();
  const [by, setBy] = useState<'month' | 'year'>('month');
  const [region, setRegion] = useState<string | null>(null);
  const query = { year: p.year, by, region };
  const q = useTrends(query);
  const t = q.data;
  const get = (k: string) => t?.series.find((s) => s.key === k);
  const x = t?.periods.map((k) => (by === 'month' ? `${Number(k.slice(5))}月` : `${k}年`)) ?? [];
  const base = (yName?: string): ChartOption => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: x },
    yAxis: { type: 'value', name: yName, minInterval: 1 },
  });
  const charts = useMemo(() => {
    if (!t) return null;
    const disputes: ChartOption = {
      ...base(),
      series: [lineOf(get('newDisputes'), 'bar'), lineOf(get('escalations'), 'bar'), lineOf(get('openStock'), 'line'), lineOf(get('disputes'), 'line')].filter(Boolean),
    };
    const litigation: ChartOption = {
      ...base(),
      yAxis: [{ type: 'value', name: '件', minInterval: 1 }, { type: 'value', name: '万人起诉率' }],
      series: [lineOf(get('lawsuits'), 'bar'), lineOf(get('litigationRate'), 'line', { yAxisIndex: 1 })].filter(Boolean),
    };
    const local = get('localResolutionRate');
    const resolution: ChartOption = {
      ...base('%'),
      yAxis: { type: 'value', name: '%', max: 100 },
      series: local
        ? [
            lineOf(local, 'line'),
            { name: '上年同期', type: 'line', lineStyle: { type: 'dashed' }, data: local.points.map((pt) => (pt.previous === null ? null : Math.round(pt.previous * 1000) / 10)) },
          ]
        : [],
    };
    const sources: ChartOption = {
      ...base(),
      series: ['lawsuitSource', 'enforcement', 'police', 'petition'].map((k) => lineOf(get(k), 'bar', { stack: 'sources' })).filter(Boolean),
    };
    return { disputes, litigation, resolution, sources };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [t]);

  return (
    <>
      <PageHeader title="趋势分析" subtitle="减存量、控增量、防变量；四源共治；含上年同期对比" extra={<ExportButton url={apiUrl('/reports/trends', { ...query, format: 'xlsx' })} />} />
      <PeriodBar
        withAsOf={false}
        extra={
          <Flex gap={8} wrap align="center">
            <Segmented value={by} onChange={(v) => setBy(v as 'month' | 'year')} options={[{ value: 'month', label: '按月' }, { value: 'year', label: '按年（近五年）' }]} />
            <div style={{ minWidth: 200 }}>
              <RegionSelect value={region} onChange={(v) => setRegion(v ?? null)} levels={['county', 'town', 'village', 'community']} placeholder="全部（本人范围）" />
            </div>
          </Flex>
        }
      />
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      {q.isLoading && <Skeleton active />}
      {t && charts && (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Card size="small" title="纠纷：新增、升级、存量、办理">
                <Chart option={charts.disputes} height={280} />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title="一审诉讼案件与万人起诉率">
                <Chart option={charts.litigation} height={280} />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title="就地化解率">
                <Chart option={charts.resolution} height={280} />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title="四源（讼源、执源、警源、访源）">
                <Chart option={charts.sources} height={280} />
              </Card>
            </Col>
          </Row>
          <Card size="small" title="同比" style={{ marginTop: 16 }}>
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={t.series}
              columns={[
                { title: '指标', dataIndex: 'label', key: 'label' },
                { title: '口径', key: 'basis', render: (_, s: Series) => <Typography.Text type="secondary">{summary(s).basis}</Typography.Text> },
                { title: '本期', key: 'value', render: (_, s: Series) => fmt(s, summary(s).value) },
                { title: '上年同期', key: 'previous', render: (_, s: Series) => fmt(s, summary(s).previous) },
                {
                  title: '同比变化',
                  key: 'change',
                  render: (_, s: Series) => {
                    const { value, previous } = summary(s);
                    if (value === null || previous === null) return '—';
                    const d = value - previous;
                    const text = s.unit === 'fraction' ? `${d >= 0 ? '+' : ''}${Math.round(d * 1000) / 10} 个百分点` : `${d >= 0 ? '+' : ''}${fmt(s, d)}`;
                    const rate = s.unit === 'count' && previous ? `（${d >= 0 ? '+' : ''}${Math.round((d / previous) * 1000) / 10}%）` : '';
                    return `${text}${rate}`;
                  },
                },
              ]}
            />
          </Card>
        </>
      )}
    </>
  );
}
