/**
 * Similar cases for the mediator (类案推送, issue 17.2): concluded disputes of the town most like this one — same
 * category first, then by how much of the summary they share — with how they ended and the agreement's wording,
 * and the library's typical cases (典型案例, 每周一典) of the category.
 */
import { Card, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { AGREEMENT_FORMS, DISPUTE_OUTCOMES, labelOf } from '../../../../core/dictionaries.ts';
import { LIBRARY_KINDS } from '../../../../core/prevention.ts';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { levelName, useDictionaries } from './common.tsx';
import { useSimilarCases } from './api.ts';


export function SimilarCases({ id }: { id: string }) {
  const q = useSimilarCases(id);
  const dict = useDictionaries();
  if (q.isLoading) return <Spin />;
  if (!q.data) return <ProblemAlert error={q.error} onRetry={() => q.refetch()} />;
  const { cases, library } = q.data;
  return (
    <div data-testid="similar-cases">
      <Typography.Paragraph type="secondary">本镇已办结的相似纠纷：同类别优先，再按纠纷摘要的字词重合程度（相似度 0–100%）排序。</Typography.Paragraph>
      {cases.length ? (
        <List
          size="small"
          dataSource={cases}
          renderItem={(c) => (
            <List.Item>
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap size={4}>
                  {c.id ? <Link to={`/disputes/${c.id}`}>{c.number}</Link> : <Typography.Text>{c.number}</Typography.Text>}
                  <Tag color={c.sameCategory ? 'blue' : 'default'}>{dict.categoryLabel(c.category)}</Tag>
                  <Tag color={c.outcome === 'resolved' ? 'success' : 'default'}>
                    {labelOf(DISPUTE_OUTCOMES, c.outcome)}
                    {c.outcomeLevel && c.outcome === 'resolved' ? `（${levelName(c.outcomeLevel)}）` : ''}
                  </Tag>
                  <Typography.Text type="secondary">{`相似度 ${Math.round(c.similarity * 100)}%${c.concludedOn ? ` · ${c.concludedOn} 办结` : ''}`}</Typography.Text>
                </Space>
                <Typography.Text>{c.summary}</Typography.Text>
                {c.agreementContent && (
                  <Typography.Paragraph type="secondary" ellipsis={{ rows: 3, expandable: true, symbol: '展开' }} style={{ margin: 0 }}>
                    {`${labelOf(AGREEMENT_FORMS, c.agreementForm)}协议：${c.agreementContent}`}
                  </Typography.Paragraph>
                )}
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Empty description="本镇暂无相似的已办结纠纷" />
      )}
      <Card size="small" title="同类典型案例、每周一典" style={{ marginTop: 12 }}>
        {library.length ? (
          <List
            size="small"
            dataSource={library}
            renderItem={(l) => (
              <List.Item>
                <Space direction="vertical" size={2}>
                  <Space wrap size={4}>
                    <Typography.Text strong>{l.title}</Typography.Text>
                    <Tag>{labelOf(LIBRARY_KINDS, l.kind)}</Tag>
                    {l.weekly && <Tag color="purple">每周一典</Tag>}
                    {l.publishedOn && <Typography.Text type="secondary">{l.publishedOn}</Typography.Text>}
                  </Space>
                  {l.summary && <Typography.Text type="secondary">{l.summary}</Typography.Text>}
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Empty description="案例库中暂无同类案例" />
        )}
      </Card>
    </div>
  );
}
