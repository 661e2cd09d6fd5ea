/**
 * Scorecards (SPEC §7): the town's standards T1–T12 with value, limit, result and reason, the share of
 * litigation-free villages against the standard and the year's target, and the village table V1–V6.
 * Every number opens the records behind it.
 */
import { useEffect, useMemo, useState } from 'react';
import { Button, Card, Col, Empty, Flex, Progress, Row, Select, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import {
  fmtLimit,
  fmtValue,
  INDICATOR_LABELS,
  PeriodBar,
  ResultTag,
  STANDARD_LABELS,
  TOWN_STANDARDS,
  usePeriod,
  VILLAGE_STANDARDS,
  type Indicator,
  type TownResult,
  type VillageResult,
} from './common.tsx';
import { EvidenceDrawer, type EvidenceTarget } from './EvidenceDrawer.tsx';
import { useScorecard } from './api.ts';
import { useChecklist } from '../checklist/api.ts';
import { useVetoPending } from '../veto-review/api.ts';
import { Link, useSearchParams } from 'react-router';

const label = (id: string) => (INDICATOR_LABELS as Record<string, string>)[id] ?? id;
const stdLabel = (id: string) => (STANDARD_LABELS as Record<string, string>)[id] ?? id;

/** A clickable figure: opens the evidence drawer. */
function Num({ id, ind, region, open, testId }: { id: string; ind: Indicator | undefined; region: string; open: (t: EvidenceTarget) => void; testId?: string }) {
  if (!ind) return <span>—</span>;
  return (
    <Button
      type="link"
      size="small"
      style={{ padding: 0, height: 'auto' }}
      data-testid={testId}
      title={ind.reason ?? '查看明细'}
      onClick={() => open({ region, indicator: id, title: label(id) })}
    >
      {fmtValue(id, ind.value)}
    </Button>
  );
}

function IndicatorLines({ ids, r, open }: { ids: string[]; r: VillageResult; open: (t: EvidenceTarget) => void }) {
  if (ids.length === 0) return <Typography.Text type="secondary">检查项</Typography.Text>;
  return (
    <Space orientation="vertical" size={0}>
      {ids.map((id) => (
        <span key={id}>
          {label(id)}：<Num id={id} ind={r.indicators[id]} region={r.code} open={open} testId={`num-${r.code}-${id}`} />{' '}
          <Typography.Text type="secondary">{fmtLimit(id, r.indicators[id]?.limit)}</Typography.Text>
        </span>
      ))}
    </Space>
  );
}

function TownCard({ town, open }: { town: TownResult; open: (t: EvidenceTarget) => void }) {
  const share = town.indicators.litigation_free_village_share;
  const free = town.villages.filter((v) => v.passed === true).length;
  const hidden = Object.keys(town.standards).length === 0;
  const rows = TOWN_STANDARDS.map((s) => ({ ...s, result: town.standards[s.id] }));
  // T1–T6 are assessed by people; where the product's own figures contradict a 达标, say so beside it
  const { year } = usePeriod();
  const checklist = useChecklist(year, town.code);
  const vetoPending = useVetoPending(year).data?.byRegion[town.code];
  const contradictions = new Map((checklist.data?.regions.find((r) => r.code === town.code)?.items ?? []).filter((i) => i.contradiction).map((i) => [i.code, i]));
  return (
    <Card
      size="small"
      data-testid={`town-${town.code}`}
      title={
        <Flex gap={8} align="center" wrap>
          <span>{town.name}</span>
          <ResultTag passed={town.passed} reason={town.reason} passText="无讼乡镇" testId="town-result" />
        </Flex>
      }
      style={{ marginBottom: 16 }}
    >
      {hidden ? (
        <Typography.Text type="secondary">{town.reason}</Typography.Text>
      ) : (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 12 }}>
            <Col xs={24} md={10}>
              <Card size="small" hoverable onClick={() => open({ region: town.code, indicator: 'litigation_free_village_share' })} data-testid="share-card">
                <Statistic title="无讼村（社区）占比" value={fmtValue('litigation_free_village_share', share?.value)} suffix={town.villagesHidden ? undefined : `（${free}/${town.villages.length}）`} />
                <Progress
                  percent={Math.round((share?.value ?? 0) * 1000) / 10}
                  showInfo={false}
                  strokeColor={share?.passed ? '#52c41a' : '#faad14'}
                />
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  标准 {fmtValue('litigation_free_village_share', share?.limit ?? null)}（判定）· 年度目标{' '}
                  {share?.target === undefined ? '—' : fmtValue('litigation_free_village_share', share.target)}（仅展示）
                </Typography.Text>
              </Card>
            </Col>
            <Col xs={12} md={7}>
              <Card size="small" hoverable onClick={() => open({ region: town.code, indicator: 'litigation_rate_per_10k' })}>
                <Statistic title="万人起诉率" value={fmtValue('litigation_rate_per_10k', town.indicators.litigation_rate_per_10k?.value)} />
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {fmtLimit('litigation_rate_per_10k', town.indicators.litigation_rate_per_10k?.limit)}
                </Typography.Text>
              </Card>
            </Col>
            <Col xs={12} md={7}>
              <Card size="small" hoverable onClick={() => open({ region: town.code, indicator: 'prelitigation_success_rate' })}>
                <Statistic title="诉前调解成功率" value={fmtValue('prelitigation_success_rate', town.indicators.prelitigation_success_rate?.value)} />
                <Typography.Text type="secondary" style={{ fontSize: 13 }} data-testid="success-basis">
                  {town.indicators.prelitigation_success_rate?.basis === 'received' ? '按被告所在地，分母为受理的全部案件（含未结）' : '按被告所在地，分母为已办结案件'}
                </Typography.Text>
              </Card>
            </Col>
          </Row>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={rows}
            data-testid="town-standards"
            columns={[
              { title: '标准', key: 'id', render: (_, s) => <span>{s.id} {stdLabel(s.id)}</span>, width: 260 },
              { title: '指标（点击查看明细）', key: 'ind', render: (_, s) => <IndicatorLines ids={s.indicators} r={town} open={open} /> },
              {
                title: '结果',
                key: 'result',
                render: (_, s) => (
                  <Button type="text" size="small" style={{ padding: 0 }} onClick={() => open({ region: town.code, indicator: s.id })} data-testid={`std-${town.code}-${s.id}`}>
                    <ResultTag passed={s.result?.passed} />
                  </Button>
                ),
              },
              {
                title: '说明',
                key: 'reason',
                render: (_, s) => {
                  const c = s.result?.passed === true ? contradictions.get(s.id) : undefined;
                  return (
                    <Space direction="vertical" size={2}>
                      {s.result?.reason && <Typography.Text type="secondary">{s.result.reason}</Typography.Text>}
                      {s.id === 'T8' && <VetoPendingNote n={vetoPending} testId={`veto-pending-${town.code}`} />}
                      {c && (
                        <Typography.Text type="warning" data-testid={`contradiction-${s.id}`}>
                          与系统数据不符：{c.contradiction?.replace(/^系统数据显示：/, '')}
                          {c.overrideReason ? `（评定理由：${c.overrideReason}）` : ''}
                        </Typography.Text>
                      )}
                    </Space>
                  );
                },
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}

/** Where a V4/T8 rests on court cases nobody has reviewed yet (否决事项核查, issue 14.4). */
function VetoPendingNote({ n, testId }: { n: number | undefined; testId: string }) {
  if (!n) return null;
  return (
    <Link to="/veto-reviews" data-testid={testId} style={{ fontSize: 12, color: '#d46b08' }}>
      {n}件刑事案件待核查
    </Link>
  );
}

function VillageTable({ town, open }: { town: TownResult; open: (t: EvidenceTarget) => void }) {
  const { year } = usePeriod();
  const pending = useVetoPending(year).data?.byRegion ?? {};
  // ?village=CODE (a village clicked on the cockpit's map): its row is marked and scrolled to
  const village = useSearchParams()[0].get('village');
  useEffect(() => {
    if (village && town.villages.some((v) => v.code === village)) document.querySelector(`tr[data-row-key="${CSS.escape(village)}"]`)?.scrollIntoView({ block: 'center' });
  }, [village, town.villages]);
  return (
    <Card size="small" title={`${town.name} · 村（社区）考评`} style={{ marginBottom: 16 }}>
      <Table
        size="small"
        rowKey="code"
        rowClassName={(v: VillageResult) => (v.code === village ? 'ant-table-row-selected' : '')}
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={town.villages}
        data-testid="village-table"
        columns={[
          { title: '村（社区）', dataIndex: 'name', key: 'name', fixed: 'left' },
          ...VILLAGE_STANDARDS.map((s) => ({
            title: <span title={stdLabel(s.id)}>{s.id}</span>,
            key: s.id,
            render: (_: unknown, v: VillageResult) => (
              <Space orientation="vertical" size={0}>
                <Button type="text" size="small" style={{ padding: 0 }} onClick={() => open({ region: v.code, indicator: s.id })} data-testid={`std-${v.code}-${s.id}`}>
                  <ResultTag passed={v.standards[s.id]?.passed} reason={v.standards[s.id]?.reason} />
                </Button>
                {s.indicators.slice(0, 2).map((id) => (
                  <span key={id} style={{ fontSize: 12 }}>
                    {label(id).replace('刑事案件', '')}：<Num id={id} ind={v.indicators[id]} region={v.code} open={open} testId={`num-${v.code}-${id}`} />
                  </span>
                ))}
                {s.id === 'V4' && <VetoPendingNote n={pending[v.code]} testId={`veto-pending-${v.code}`} />}
              </Space>
            ),
          })),
          { title: '结果', key: 'passed', render: (_: unknown, v: VillageResult) => <ResultTag passed={v.passed} reason={v.reason} passText="无讼村（社区）" /> },
          { title: '说明', key: 'reason', render: (_: unknown, v: VillageResult) => <Typography.Text type="secondary" style={{ fontSize: 12 }}>{v.reason ?? ''}</Typography.Text> },
        ]}
      />
    </Card>
  );
}

export default function ScorecardPage() {
  const p = usePeriod();
  const [target, setTarget] = useState<EvidenceTarget | null>(null);
  const q = useScorecard({ year: p.year, asOf: p.asOf });
  const towns = useMemo(() => q.data?.towns ?? [], [q.data]);
  const shown = p.town ? towns.filter((t) => t.code === p.town) : towns;
  return (
    <>
      <PageHeader title="考评记分卡" subtitle={q.data ? `${q.data.year}年，截至${q.data.asOf}；点击数字查看背后的记录` : '无讼乡镇（街道）与无讼村（社区）标准'} />
      <PeriodBar
        extra={
          towns.length > 1 && (
            <Select
              allowClear
              placeholder="全部乡镇"
              value={p.town ?? undefined}
              onChange={(v) => p.set({ town: v ?? null })}
              options={towns.map((t) => ({ value: t.code, label: t.name }))}
              style={{ minWidth: 140 }}
            />
          )
        }
      />
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      {q.isLoading && <Skeleton active />}
      {q.data && shown.length === 0 && <Empty description="您的范围内没有可考评的乡镇（街道）" />}
      {shown.map((t) => (
        <div key={t.code}>
          <TownCard town={t} open={setTarget} />
          <VillageTable town={t} open={setTarget} />
        </div>
      ))}
      <EvidenceDrawer target={target} year={p.year} asOf={p.asOf} onClose={() => setTarget(null)} />
    </>
  );
}
