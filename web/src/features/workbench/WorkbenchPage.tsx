import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { Button, Card, Col, Empty, Row, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { CheckCircleOutlined, DesktopOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { RegionLevel } from '../../../../core/regions.ts';
import type { Workbench } from '../../../../core/schemas/workbench.ts';
import { useMe } from '../../app/auth.tsx';
import { Chart } from '../../app/Chart.tsx';
import { useRegionName } from '../../app/data.ts';
import { levelLabel, roleLabel } from '../../app/labels.ts';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { openPage } from '../../app/routes.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { useDisputeMonthly } from '../disputes/api.ts';
import { useCockpit, useWorkbench } from './api.ts';
import { CockpitSection } from './Cockpit.tsx';
import { LatestNotifications } from '../notifications/LatestNotifications.tsx';

const SEVERITY: Record<string, { color: string; text: string }> = {
  danger: { color: 'red', text: '紧急' },
  warning: { color: 'orange', text: '提醒' },
  info: { color: 'blue', text: '待办' },
};

const LEVELS: RegionLevel[] = ['province', 'city', 'county', 'town', 'village', 'community', 'grid'];

/** Levels worth a figure: those with regions, less the chain of single regions at the top (the deployment's own province, city…). */
function levelsShown(counts: Record<RegionLevel, number>): RegionLevel[] {
  const present = LEVELS.filter((l) => counts[l] > 0);
  let i = 0;
  while (i < present.length - 1 && counts[present[i]] === 1 && present[i] !== 'village') i++;
  return present.slice(i);
}

function Figure({ id, title, value, suffix, onClick }: { id: string; title: string; value: number; suffix?: string; onClick?: () => void }) {
  return (
    <Card size="small" className="stat-card" data-testid={`stat-${id}`} hoverable={!!onClick} onClick={onClick}>
      <Statistic title={title} value={value} suffix={suffix} groupSeparator="," />
    </Card>
  );
}

type LinkedVillage = Workbench['villages'][number];

/** One village a 包村干部 is responsible for: each line opens the matching list. */
function VillageCard({ v }: { v: LinkedVillage }) {
  const navigate = useNavigate();
  const line = (key: string, label: string, n: number, path: string, danger = false) => (
    <div role="listitem" className="todo-item todo-link" data-testid={`village-${v.code}-${key}`} tabIndex={0} onClick={() => navigate(path)} onKeyDown={(e) => e.key === 'Enter' && navigate(path)}>
      <Typography.Text className="todo-label">{label}</Typography.Text>
      <Typography.Text strong type={danger && n > 0 ? 'danger' : undefined} className="todo-count">
        {n}
      </Typography.Text>
      <RightOutlined style={{ color: '#bfbfbf' }} />
    </div>
  );
  const s = v.screening;
  const w = v.warning;
  return (
    <Card size="small" type="inner" title={v.name} data-testid={`village-${v.code}`}>
      <div className="todo-list" role="list">
        {line('open', '在办纠纷', v.openDisputes, `/disputes?region=${v.code}`)}
        {line('overdue', '超期纠纷', v.overdueDisputes, `/disputes?region=${v.code}&overdue=1`, true)}
        {line('tasks', '逾期的创建任务', v.overdueTasks, '/programme', true)}
        {line('risks', v.seriousRisks ? `未化解隐患（较大以上 ${v.seriousRisks}）` : '未化解隐患', v.openRisks, '/screening/risks?status=open', v.seriousRisks > 0)}
        {w && (
          <div role="listitem" className="todo-item todo-link" data-testid={`village-${v.code}-warning`} tabIndex={0} onClick={() => navigate('/evaluation/warnings')} onKeyDown={(e) => e.key === 'Enter' && navigate('/evaluation/warnings')}>
            <Typography.Text className="todo-label" title={w.reason ?? undefined}>
              {`万人起诉率：本年已 ${w.casesSoFar} 件${w.allowedCases !== null ? `，全年额度 ${Math.floor(w.allowedCases)} 件` : ''}`}
            </Typography.Text>
            <Typography.Text strong type={w.flagged ? 'danger' : undefined} className="todo-count">
              {w.flagged === true ? '预警' : w.flagged === false ? '正常' : '无法判断'}
            </Typography.Text>
            <RightOutlined style={{ color: '#bfbfbf' }} />
          </div>
        )}
        <div role="listitem" className="todo-item todo-link" data-testid={`village-${v.code}-screening`} tabIndex={0} onClick={() => navigate('/screening')} onKeyDown={(e) => e.key === 'Enter' && navigate('/screening')}>
          <Typography.Text className="todo-label">{s ? `排查上报：${s.title}（截止 ${s.deadline}）` : '排查上报：暂无排查'}</Typography.Text>
          {s && (
            <Typography.Text strong type={s.overdue ? 'danger' : undefined} className="todo-count">
              {`${s.submitted}/${s.targets}`}
            </Typography.Text>
          )}
          <RightOutlined style={{ color: '#bfbfbf' }} />
        </div>
      </div>
    </Card>
  );
}

export default function WorkbenchPage() {
  const { me, can, roles } = useMe();
  // the 地区 and 解纷单位 lists are not in every role's menu (web/src/app/routes.tsx): no link where they are not
  const adminLists = can(['admin.regions', 'evaluation.read']);
  const navigate = useNavigate();
  const regionName = useRegionName();
  const q = useWorkbench();
  const w = q.data;
  const cq = useCockpit();
  const c = cq.data;

  const scope = useMemo(
    () =>
      [...new Set((me?.bindings ?? []).map((b) => `${roleLabel(b.role)}${b.regionCode ? ` · ${regionName(b.regionCode)}` : ''}`))].join('；'),
    [me, regionName],
  );

  // the year so far, month by month, for everyone who handles disputes
  const year = dayjs().year();
  const monthly = useDisputeMonthly(year, can('disputes.read'));
  const monthlyChart = useMemo(() => {
    // up to this month (or the last month with records, should the server's day be ahead of this device's)
    const all = monthly.data?.months ?? [];
    const last = all.reduce((a, m, i) => (m.received || m.resolved || m.notResolved ? i : a), -1);
    const months = all.slice(0, Math.max(dayjs().month(), last) + 1);
    if (!months.some((m) => m.received || m.resolved || m.notResolved)) return null;
    const bar = (name: string, data: number[]) => ({ name, type: 'bar', barMaxWidth: 16, data });
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 36, bottom: 8 },
      xAxis: { type: 'category', data: months.map((m) => `${Number(m.month.slice(5))}月`) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [bar('受理', months.map((m) => m.received)), bar('调解成功', months.map((m) => m.resolved)), bar('调解不成（含引导诉讼）', months.map((m) => m.notResolved))],
    };
  }, [monthly.data]);

  const chart = useMemo(() => {
    if (!w || w.towns.length < 2) return null;
    const names = w.towns.map((t) => t.name);
    const series = (['villages', 'communities', 'grids'] as const).map((k, i) => ({
      name: ['村', '社区', '网格'][i],
      type: 'bar',
      stack: k === 'grids' ? 'grid' : 'place',
      barMaxWidth: 28,
      data: w.towns.map((t) => t[k]),
    }));
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 36, bottom: 8 }, // ECharts 6 keeps axis labels inside by default
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series,
    };
  }, [w]);

  return (
    <>
      <PageHeader
        title={`您好，${me?.name ?? ''}`}
        subtitle={`${dayjs().format('YYYY年M月D日 dddd')}${scope ? ` · ${scope}` : ''}${c ? ` · 数据截至 ${dayjs(c.computedAt).format('HH:mm')}` : ''}`}
        extra={
          <Space wrap>
            {/* the day's most frequent job one tap away: a grid worker's opens the light intake page (/field) */}
            {can('disputes.intake') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => openPage('/disputes/new', roles, navigate)} data-testid="workbench-intake">
                登记纠纷
              </Button>
            )}
            {c && (c.view === 'town' || c.view === 'county') && (
              <Button icon={<DesktopOutlined />} onClick={() => navigate('/screen')} data-testid="open-screen">
                大屏
              </Button>
            )}
          </Space>
        }
      />
      <ProblemAlert error={q.error ?? cq.error} onRetry={() => (q.error ? q.refetch() : cq.refetch())} />
      <LatestNotifications />
      {c && c.view !== 'basic' && (
        <div style={{ marginBottom: 16 }}>
          <CockpitSection c={c} />
        </div>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10} xl={9}>
          <Card title="待办事项" size="small" extra={w && w.todo.length > 0 ? <Tag color="blue">{w.todo.length} 项</Tag> : null} style={{ height: '100%' }}>
            {!w ? (
              <Skeleton active paragraph={{ rows: 3 }} />
            ) : w.todo.length === 0 ? (
              <Empty image={<CheckCircleOutlined style={{ fontSize: 40, color: '#52c41a' }} />} description="暂无待办事项" styles={{ image: { height: 48 } }} />
            ) : (
              <div className="todo-list" role="list">
                {w.todo.map((t) => (
                  <div
                    key={t.key}
                    role="listitem"
                    className={`todo-item ${t.path ? 'todo-link' : ''}`}
                    data-testid={`todo-${t.key}`}
                    tabIndex={t.path ? 0 : undefined}
                    onClick={() => t.path && navigate(t.path)}
                    onKeyDown={(e) => e.key === 'Enter' && t.path && navigate(t.path)}
                  >
                    <Tag color={SEVERITY[t.severity ?? 'info'].color}>{SEVERITY[t.severity ?? 'info'].text}</Tag>
                    <Typography.Text className="todo-label">{t.label}</Typography.Text>
                    <Typography.Text strong className="todo-count">
                      {t.count}
                    </Typography.Text>
                    {t.path && <RightOutlined style={{ color: '#bfbfbf' }} />}
                  </div>
                ))}
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14} xl={15}>
          <Card title={`关键数字（${w?.year ?? dayjs().year()} 年）`} size="small" style={{ height: '100%' }}>
            {!w ? (
              <Skeleton active paragraph={{ rows: 4 }} />
            ) : (
              <Row gutter={[12, 12]}>
                {levelsShown(w.regions).map((l) => (
                  <Col key={l} xs={8} md={6}>
                    <Figure id={`regions-${l}`} title={levelLabel(l)} value={w.regions[l]} suffix="个" onClick={adminLists ? () => navigate('/admin/regions') : undefined} />
                  </Col>
                ))}
                <Col xs={8} md={6}>
                  <Figure id="units" title="解纷单位" value={w.units} suffix="个" onClick={adminLists ? () => navigate('/admin/units') : undefined} />
                </Col>
                {w.users !== null && (
                  <Col xs={8} md={6}>
                    <Figure id="users" title="用户" value={w.users} suffix="人" onClick={() => navigate('/admin/users')} />
                  </Col>
                )}
                {w.population && (
                  <Col xs={16} md={12}>
                    <Figure id="population" title={`村（社区）常住人口（${w.population.year} 年）`} value={w.population.residents} suffix="人" />
                  </Col>
                )}
              </Row>
            )}
          </Card>
        </Col>
        {w && w.villages.length > 0 && (
          <Col xs={24}>
            <Card title="包村情况" size="small" data-testid="linked-villages" extra={<Tag color="green">{w.villages.length} 个村（社区）</Tag>}>
              <Row gutter={[12, 12]}>
                {w.villages.map((v) => (
                  <Col key={v.code} xs={24} md={12} xl={8}>
                    <VillageCard v={v} />
                  </Col>
                ))}
              </Row>
            </Card>
          </Col>
        )}
        {monthlyChart && (
          <Col xs={24}>
            <Card
              title={`纠纷受理与化解（${year} 年，按月）`}
              size="small"
              extra={
                <Typography.Link onClick={() => navigate('/disputes/stats')}>
                  统计报表 <RightOutlined />
                </Typography.Link>
              }
              data-testid="monthly-disputes"
            >
              <Chart option={monthlyChart} height={260} />
            </Card>
          </Col>
        )}
        {chart && (
          <Col xs={24}>
            <Card title="各乡镇（街道）村、社区与网格" size="small">
              <Chart option={chart} height={280} />
            </Card>
          </Col>
        )}
      </Row>
    </>
  );
}
