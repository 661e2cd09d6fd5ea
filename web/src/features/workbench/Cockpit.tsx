/**
 * The cockpit (驾驶舱, issue 16.1) on the workbench, shaped by the user's role (`view` of GET
 * /api/workbench/cockpit): a town's tiles, the towns side by side, a village's six standards, a grid worker's
 * day. Every tile opens the page or the evidence behind its figure.
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { Card, Col, Empty, Row, Skeleton, Tag, Typography } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { villagesToTarget } from '../../../../core/cockpit.ts';
import type { Cockpit } from '../../../../core/schemas/workbench.ts';
import { useMe } from '../../app/auth.tsx';
import { VillageMap } from './VillageMap.tsx';
import './cockpit.css';

type Town = Cockpit['towns'][number];

// the towns side by side (antd's Table, with its tree, pagination and select, ~50 kB compressed) and a village's
// standards (antd's List, with pagination) are loaded when the user's view shows them, not on everyone's first load
// of the workbench (issue 18.1)
const TownCompare = lazy(() => import('./TownCompare.tsx'));
const VillageStandards = lazy(() => import('./VillageStandards.tsx'));

export const pct = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(digits)}%`);
export const num = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '—' : String(Math.round(v * 10 ** digits) / 10 ** digits));

/** One figure of the cockpit: a title, the value, the line that explains it; a click opens what is behind it. */
export function Tile({ id, title, value, tone, children, to }: { id: string; title: string; value: ReactNode; tone?: 'good' | 'warn' | 'bad'; children?: ReactNode; to?: string }) {
  const navigate = useNavigate();
  return (
    <Card size="small" className={`cockpit-tile ${tone ? `tone-${tone}` : ''}`} hoverable={!!to} onClick={() => to && navigate(to)} data-testid={`tile-${id}`}>
      <div className="cockpit-tile-title">
        {title}
        {to && <RightOutlined />}
      </div>
      <div className="cockpit-tile-value">{value}</div>
      {children && <div className="cockpit-tile-text">{children}</div>}
    </Card>
  );
}

/** A town's tiles: 无讼村占比, 万人起诉率 and its allowance, 化解率, open disputes, warnings, ranking, screening, key persons, notifications. */
export function TownTiles({ t, unread, compact }: { t: Town; unread: number; compact?: boolean }) {
  const { can } = useMe();
  const s = t.share;
  const toTarget = villagesToTarget(s.litigationFree, s.villages, s.target);
  const l = t.litigation;
  const span = compact ? { xs: 12, md: 8 } : { xs: 12, md: 8, xl: 6 };
  return (
    <Row gutter={[12, 12]}>
      <Col {...span}>
        <Tile id="share" title="无讼村（社区）占比" value={pct(s.value)} tone={s.value === null ? undefined : s.min !== null && s.value >= s.min ? 'good' : s.target !== null && s.value >= s.target ? 'warn' : 'bad'} to={`/evaluation?town=${t.code}`}>
          {`${s.litigationFree}/${s.villages} 个达标`}
          {s.target !== null ? `；本年目标 ${pct(s.target, 0)}${toTarget ? `，还差 ${toTarget} 个` : '，已达到'}` : '；本年未设目标'}
          {s.min !== null && `；考评标准 ${pct(s.min, 0)}`}
        </Tile>
      </Col>
      <Col {...span}>
        <Tile id="litigation" title="万人起诉率" value={num(l.rate)} tone={l.flagged === true ? 'bad' : l.flagged === false ? 'good' : undefined} to="/evaluation/warnings">
          {l.limit !== null ? `限值 ${num(l.limit)}；本年已立案 ${l.casesSoFar} 件` : (l.reason ?? '')}
          {l.allowance !== null && (l.allowance > 0 ? `，还可 ${l.allowance} 件` : `，已超出 ${-l.allowance} 件`)}
          {l.flagged === true && '（预警）'}
        </Tile>
      </Col>
      <Col {...span}>
        <Tile id="resolution" title="化解率 · 就地化解率" value={`${pct(t.resolution.rate)} · ${pct(t.resolution.localRate)}`} to={`/evaluation/trends?region=${t.code}`}>
          {`本年有结果 ${t.resolution.reached} 件：化解 ${t.resolution.resolved} 件，其中就地化解 ${t.resolution.local} 件`}
        </Tile>
      </Col>
      <Col {...span}>
        <Tile id="open" title="在办纠纷" value={t.disputes.open} tone={t.disputes.overdue > 0 ? 'bad' : undefined} to={t.disputes.overdue > 0 ? '/disputes?overdue=1' : '/disputes'}>
          {t.disputes.byLevel.map((x) => `${x.label} ${x.open}`).join(' · ') || '没有在办纠纷'}
          {t.disputes.overdue > 0 && <Typography.Text type="danger">{`；超期 ${t.disputes.overdue} 件`}</Typography.Text>}
        </Tile>
      </Col>
      <Col {...span}>
        <Tile id="at-risk" title="起诉率预警村（社区）" value={t.atRisk.length} tone={t.atRisk.length ? 'warn' : 'good'} to="/evaluation/warnings">
          {t.atRisk.length
            ? t.atRisk
                .slice(0, 4)
                .map((v) => `${v.name}（${v.allowance !== null && v.allowance <= 0 ? `已超 ${-v.allowance} 件` : `剩 ${v.allowance ?? '—'} 件`}）`)
                .join('、') + (t.atRisk.length > 4 ? ` 等 ${t.atRisk.length} 个` : '')
            : '按本年进度，没有村（社区）将超限'}
        </Tile>
      </Col>
      <Col {...span}>
        <Tile id="bottom" title="评比排名末位" value={t.bottom[0]?.name ?? '—'} to={`/evaluation/ranking?town=${t.code}`}>
          {t.bottom.length ? t.bottom.map((v) => `第 ${v.rank} 名 ${v.name}（${v.standardsPassed}/${v.standardsTotal} 项）`).join('；') : '暂无排名'}
        </Tile>
      </Col>
      <Col {...span}>
        <Tile id="screening" title="排查覆盖率" value={t.screening ? pct(t.screening.coverage, 0) : '—'} tone={t.screening && t.screening.reported < t.screening.covered ? 'warn' : undefined} to="/screening">
          {t.screening ? `${t.screening.title}：按时上报 ${t.screening.onTime}/${t.screening.covered}，已报 ${t.screening.reported}，截止 ${t.screening.deadline}` : '暂无已开始的排查'}
        </Tile>
      </Col>
      {t.keyPersons && (
        <Col {...span}>
          <Tile id="key-persons" title="重点对象未按期联系" value={t.keyPersons.missed} tone={t.keyPersons.missed ? 'bad' : 'good'} to={can('keypersons.manage') ? '/key-persons' : undefined}>
            {`在管 ${t.keyPersons.underWatch} 人，超过 ${t.keyPersons.days} 天未走访联系 ${t.keyPersons.missed} 人`}
          </Tile>
        </Col>
      )}
      <Col {...span}>
        <Tile id="standards" title="无讼乡镇标准" value={`${t.standardsPassed}/${t.standardsTotal}`} tone={t.passed === true ? 'good' : t.passed === false ? 'bad' : undefined} to={`/evaluation?town=${t.code}`}>
          {t.passed === true ? '十二项标准全部达到' : `已达到 ${t.standardsPassed} 项；点开查看每项依据`}
        </Tile>
      </Col>
      {!compact && (
        <Col {...span}>
          <Tile id="unread" title="未读通知" value={unread} tone={unread ? 'warn' : undefined} to="/notifications">
            {unread ? '点开查看并处理' : '没有未读通知'}
          </Tile>
        </Col>
      )}
    </Row>
  );
}

const REPORT_STATE: Record<string, string> = { pending: '待上报', overdue: '已逾期', reopened: '退回重报' };

/** Grid worker (phone first): what to report and visit today, the open disputes of their grid and those overdue with others. */
export function GridDay({ g }: { g: NonNullable<Cockpit['grid']> }) {
  const navigate = useNavigate();
  const today = [
    ...g.reports.map((r) => ({ key: `r-${r.campaignId}-${r.regionName}`, tag: REPORT_STATE[r.state] ?? '待上报', danger: r.state !== 'pending', text: `排查上报：${r.title}（${r.regionName}，截止 ${r.deadline}）`, to: '/screening' })),
    ...g.today.map((x) => ({ key: `d-${x.kind}-${x.disputeId}`, tag: x.kind === 'return_visit_due' ? '回访' : x.kind === 'overdue' ? '超期' : '纠纷', danger: x.kind === 'overdue', text: `${x.number}：${x.message}`, to: `/disputes/${x.disputeId}` })),
  ];
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={12}>
        <Card size="small" title="今天要做" data-testid="grid-today">
          {today.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="今天没有要上报或走访的事项" />
          ) : (
            <div className="todo-list" role="list">
              {today.map((x) => (
                <div key={x.key} role="listitem" className="todo-item todo-link" tabIndex={0} onClick={() => navigate(x.to)} onKeyDown={(e) => e.key === 'Enter' && navigate(x.to)}>
                  <Tag color={x.danger ? 'red' : 'blue'}>{x.tag}</Tag>
                  <Typography.Text className="todo-label">{x.text}</Typography.Text>
                  <RightOutlined style={{ color: '#bfbfbf' }} />
                </div>
              ))}
            </div>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title="网格内在办纠纷" extra={<Tag>{g.openTotal} 件</Tag>} data-testid="grid-disputes">
          {g.disputes.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有在办的纠纷" />
          ) : (
            <div className="todo-list" role="list">
              {g.disputes.map((d) => (
                <div key={d.id} role="listitem" className="todo-item todo-link" tabIndex={0} onClick={() => navigate(`/disputes/${d.id}`)} onKeyDown={(e) => e.key === 'Enter' && navigate(`/disputes/${d.id}`)}>
                  <Typography.Text className="todo-label">
                    {d.summary}
                    <br />
                    <Typography.Text type={d.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                      {d.number}
                      {d.dueOn ? `，期限 ${d.dueOn}${d.overdue ? '（已超期）' : ''}` : ''}
                    </Typography.Text>
                  </Typography.Text>
                  <RightOutlined style={{ color: '#bfbfbf' }} />
                </div>
              ))}
            </div>
          )}
        </Card>
      </Col>
      {g.othersOverdueTotal > 0 && (
        <Col xs={24}>
          <Card size="small" title="网格内他人承办的超期纠纷" extra={<Tag color="red">{g.othersOverdueTotal} 件</Tag>} data-testid="grid-others-overdue">
            <div className="todo-list" role="list">
              {g.othersOverdue.map((d) => (
                <div key={d.id} role="listitem" className="todo-item todo-link" tabIndex={0} onClick={() => navigate(`/disputes/${d.id}`)} onKeyDown={(e) => e.key === 'Enter' && navigate(`/disputes/${d.id}`)}>
                  <Tag color="red">超期 {d.daysOverdue} 天</Tag>
                  <Typography.Text className="todo-label">
                    {d.summary}
                    <br />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {d.number}，{d.levelLabel}
                      {d.handlerName ? `，承办人：${d.handlerName}` : '，尚未指定承办人'}
                      {d.unitName ? `（${d.unitName}）` : ''}，期限 {d.dueOn}
                    </Typography.Text>
                  </Typography.Text>
                  <RightOutlined style={{ color: '#bfbfbf' }} />
                </div>
              ))}
            </div>
            {g.othersOverdueTotal > g.othersOverdue.length && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                仅列出超期最久的 {g.othersOverdue.length} 件
              </Typography.Text>
            )}
          </Card>
        </Col>
      )}
    </Row>
  );
}

/** The cockpit part of the workbench for the user's view; nothing for the basic view. */
export function CockpitSection({ c }: { c: Cockpit }) {
  const under = c.view === 'town' ? (c.towns[0]?.code ?? null) : c.view === 'village' ? (c.village?.townCode ?? null) : null;
  return (
    <div className="cockpit" data-testid={`cockpit-${c.view}`}>
      {c.view === 'town' && c.towns.map((t) => <TownTiles key={t.code} t={t} unread={c.unread} />)}
      {c.view === 'county' && (
        <Card size="small" title="各乡镇（街道）对比（最差在前）" style={{ marginBottom: 12 }}>
          <Suspense fallback={<Skeleton active paragraph={{ rows: 4 }} />}>
            <TownCompare c={c} />
          </Suspense>
        </Card>
      )}
      {c.view === 'village' && c.village && (
        <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
          <VillageStandards v={c.village} />
        </Suspense>
      )}
      {c.view === 'grid' && c.grid && <GridDay g={c.grid} />}
      {c.map.length > 1 && (
        <Card size="small" title={c.view === 'county' ? '村（社区）分布图' : '村（社区）地图'} style={{ marginTop: 12 }}>
          <VillageMap villages={c.map} under={under} />
        </Card>
      )}
    </div>
  );
}
