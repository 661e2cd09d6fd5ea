/** Ranking (评比) of villages within each town (SPEC §7), with the Excel download. */
import { Card, Empty, Skeleton, Table, Tag, Typography } from 'antd';
import { apiUrl } from '../../app/api.ts';
import { Bars, barsOption } from '../../app/components/Bars.tsx';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import type { Rank } from '../../../../core/schemas/evaluation.ts';
import { fmtValue, PeriodBar, ResultTag, usePeriod } from './common.tsx';
import { useRanking } from './api.ts';

export default function RankingPage() {
  const p = usePeriod();
  const query = { year: p.year, asOf: p.asOf, town: p.town };
  const q = useRanking(query);
  return (
    <>
      <PageHeader
        title="评比排名"
        subtitle="按达标标准数（多者在前）、万人起诉率（低者在前，无法计算的在后）、代码排序；并列者名次相同"
        extra={<ExportButton url={apiUrl('/evaluation/ranking', { ...query, format: 'xlsx' })} />}
      />
      <PeriodBar />
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      {q.isLoading && <Skeleton active />}
      {q.data?.towns.length === 0 && <Empty description="您的范围内没有可评比的村（社区）" />}
      {q.data?.towns.map((t) => (
        <Card
          key={t.code}
          size="small"
          title={t.name}
          extra={<span data-testid={`ranking-of-${t.code}`}>全镇共 {t.of} 个村（社区）参评{t.of > t.villages.length ? `，显示您负责的 ${t.villages.length} 个` : ''}</span>}
          style={{ marginBottom: 16 }}
        >
          {/* standards met per village, in the ranking's order (the first 30) */}
          <Bars
            option={barsOption(
              t.villages.map((v) => `${v.rank}. ${v.name}`),
              [{ name: '达标标准数', data: t.villages.map((v) => v.standardsPassed) }],
              30,
              true,
            )}
          />
          <Table<Rank>
            size="small"
            rowKey="code"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={t.villages}
            data-testid={`ranking-${t.code}`}
            columns={[
              { title: '名次', dataIndex: 'rank', key: 'rank', render: (r: number) => (
                  <span>
                    {r <= 3 ? <Tag color={['gold', 'default', 'orange'][r - 1]}>{r}</Tag> : r}
                    <Typography.Text type="secondary">/{t.of}</Typography.Text>
                  </span>
                ),
              },
              { title: '村（社区）', dataIndex: 'name', key: 'name' },
              { title: '达标标准', key: 'std', render: (_, v) => `${v.standardsPassed}/${v.standardsTotal}` },
              { title: '万人起诉率', key: 'rate', render: (_, v) => fmtValue('litigation_rate_per_10k', v.litigationRate) },
              { title: '考评结果', key: 'passed', render: (_, v) => <ResultTag passed={v.passed} passText="无讼村（社区）" /> },
            ]}
          />
        </Card>
      ))}
    </>
  );
}
