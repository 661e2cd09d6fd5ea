/** The records behind a number of the evaluation (GET /api/evaluation/evidence), in a drawer. */
import { Alert, Descriptions, Drawer, Empty, Flex, Skeleton, Table, Typography } from 'antd';
import { INDICATOR_LABELS } from '../../../../core/evaluation/settings.ts';
import { fmtValue } from './common.tsx';

/** A count stays whole; a population in 万人 keeps up to four decimals. */
const fmtNumber = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 10000) / 10000));
import { apiUrl } from '../../app/api.ts';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { useEvidence } from './api.ts';

export interface EvidenceTarget {
  region: string;
  indicator: string;
  title?: string;
}

export function EvidenceDrawer({ target, year, asOf, onClose }: { target: EvidenceTarget | null; year: number; asOf: string | null; onClose: () => void }) {
  const query = { year, asOf, region: target?.region, indicator: target?.indicator };
  const q = useEvidence(query, !!target);
  const ev = q.data;
  return (
    <Drawer
      open={!!target}
      onClose={onClose}
      title={ev ? `${ev.region.name} · ${ev.label}` : (target?.title ?? '明细')}
      size="large"
      styles={{ wrapper: { maxWidth: '100vw' } }}
      extra={target && <ExportButton size="small" url={apiUrl('/evaluation/evidence', { ...query, format: 'xlsx' })} />}
      destroyOnHidden
    >
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      {!ev && !q.error && <Skeleton active />}
      {ev && (
        <div data-testid="evidence">
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
            {ev.year}年，截至{ev.asOf}
            {ev.note ? `。${ev.note}` : ''}
          </Typography.Paragraph>
          {ev.ratios.length > 0 && (
            <Descriptions size="small" bordered column={1} style={{ marginBottom: 16 }} data-testid="evidence-ratios">
              {ev.ratios.map((r) => (
                <Descriptions.Item key={r.indicator} label={INDICATOR_LABELS[r.indicator as keyof typeof INDICATOR_LABELS] ?? r.indicator}>
                  <div data-testid={`ratio-${r.indicator}`}>
                    {r.numeratorLabel} <b>{fmtNumber(r.numerator)}</b> ÷ {r.denominatorLabel} <b>{r.denominator === null ? '—' : fmtNumber(r.denominator)}</b> ={' '}
                    <b>{fmtValue(r.indicator, r.value)}</b>
                  </div>
                  {r.note && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.note}
                    </Typography.Text>
                  )}
                </Descriptions.Item>
              ))}
            </Descriptions>
          )}
          {ev.groups.map((g) => (
            <div key={g.key} style={{ marginBottom: 24 }}>
              <Flex justify="space-between" align="baseline">
                <Typography.Title level={5}>{g.label}</Typography.Title>
                <Typography.Text type="secondary" data-testid={`evidence-total-${g.key}`}>
                  共 {g.total} 条
                </Typography.Text>
              </Flex>
              {g.truncated && <Alert type="info" showIcon title={`仅显示前 ${g.rows.length} 条，导出 Excel 可得全部记录`} style={{ marginBottom: 8 }} />}
              {g.rows.length === 0 ? (
                <Empty description={g.key === 'checklist' ? '本年度未评定（无评定记录）' : '无记录'} image={Empty.PRESENTED_IMAGE_SIMPLE} />
              ) : (
                <Table
                  size="small"
                  rowKey={(_, i) => String(i)}
                  dataSource={g.rows}
                  scroll={{ x: 'max-content' }}
                  pagination={g.rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
                  columns={g.columns.map((c) => ({
                    key: c.key,
                    dataIndex: c.key,
                    title: c.label,
                    render: (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v)),
                  }))}
                />
              )}
            </div>
          ))}
        </div>
      )}
    </Drawer>
  );
}
