/** Monthly bulletin (通报): each village's year-to-date litigation rate at the end of a month, .docx and .xlsx. */
import { Card, Skeleton, Table, Tag } from 'antd';
import { apiUrl } from '../../app/api.ts';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import type { BulletinVillage } from '../../../../core/schemas/evaluation.ts';
import { fmtValue, PeriodBar, usePeriod } from './common.tsx';
import { useBulletin } from './api.ts';

const STATUS = { normal: ['green', '正常'], warning: ['orange', '预警'], over: ['red', '超限'], unknown: ['default', '无法计算'] } as const;

export default function BulletinPage() {
  const p = usePeriod();
  const query = { year: p.year, month: p.month, town: p.town };
  const q = useBulletin(query);
  return (
    <>
      <PageHeader
        title="月度通报"
        subtitle={q.data ? `${q.data.year}年第${q.data.month}期，截至${q.data.asOf}：各村（社区）本年累计万人起诉率` : '各村（社区）本年累计万人起诉率'}
        extra={
          <>
            <ExportButton data-testid="bulletin-docx" type="primary" label="下载通报（Word）" filename="月度通报.docx" url={apiUrl('/reports/bulletin', { ...query, format: 'docx' })} />
            <ExportButton data-testid="bulletin-xlsx" label="下载 Excel" url={apiUrl('/reports/bulletin', { ...query, format: 'xlsx' })} />
          </>
        }
      />
      <PeriodBar withAsOf={false} withMonth />
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      {q.isLoading && <Skeleton active />}
      {q.data?.towns.map((t) => (
        <Card key={t.code} size="small" title={`${t.name}（全镇 ${fmtValue('litigation_rate_per_10k', t.rate)}，限值 ${fmtValue('litigation_rate_per_10k', t.limit)}）`} style={{ marginBottom: 16 }}>
          <Table<BulletinVillage>
            size="small"
            rowKey="code"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={t.villages}
            columns={[
              { title: '名次', dataIndex: 'rank', key: 'rank' },
              { title: '村（社区）', dataIndex: 'name', key: 'name' },
              { title: '常住人口', key: 'pop', render: (_, v) => fmtValue('n', v.population) },
              { title: '本年一审案件', dataIndex: 'cases', key: 'cases' },
              { title: '万人起诉率', key: 'rate', render: (_, v) => fmtValue('litigation_rate_per_10k', v.rate) },
              { title: '剩余额度', key: 'allowance', render: (_, v) => fmtValue('n', v.allowance) },
              { title: '状态', key: 'status', render: (_, v) => <Tag color={STATUS[v.status][0]}>{STATUS[v.status][1]}</Tag> },
            ]}
          />
        </Card>
      ))}
    </>
  );
}
