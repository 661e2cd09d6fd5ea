/** The towns side by side on a county leader's workbench (issue 16.1); its own chunk, loaded only for that view. */
import { useNavigate } from 'react-router';
import { Table, Tag, Typography } from 'antd';
import type { Cockpit } from '../../../../core/schemas/workbench.ts';
import { num, pct } from './Cockpit.tsx';

/** County or city leader: every town side by side, worst first. */
export default function TownCompare({ c }: { c: Cockpit }) {
  const navigate = useNavigate();
  return (
    <div data-testid="town-compare">
    <Table
      size="small"
      rowKey="code"
      pagination={false}
      scroll={{ x: 640 }}
      dataSource={c.compare}
      onRow={(r) => ({ onClick: () => navigate(`/evaluation?town=${r.code}`), style: { cursor: 'pointer' } })}
      columns={[
        { title: '乡镇（街道）', dataIndex: 'name', fixed: 'left', width: 110 },
        { title: '达到标准', key: 's', width: 90, render: (_, r) => <Typography.Text type={r.passed === false ? 'danger' : undefined}>{`${r.standardsPassed}/${r.standardsTotal}`}</Typography.Text> },
        { title: '无讼村占比', key: 'share', width: 130, render: (_, r) => `${pct(r.villageShare)}（${r.litigationFreeVillages}/${r.villages}）` },
        { title: '本年目标', key: 'target', width: 80, render: (_, r) => pct(r.villageShareTarget, 0) },
        {
          title: '万人起诉率（限值）',
          key: 'rate',
          width: 140,
          render: (_, r) => (
            <Typography.Text type={r.rateFlagged ? 'danger' : undefined}>
              {`${num(r.litigationRate)}（${num(r.litigationLimit)}）`}
              {r.rateFlagged ? ' 预警' : ''}
            </Typography.Text>
          ),
        },
        { title: '预警村', dataIndex: 'villageWarnings', width: 70, render: (n: number) => (n ? <Tag color="orange">{n}</Tag> : 0) },
      ]}
    />
    </div>
  );
}
