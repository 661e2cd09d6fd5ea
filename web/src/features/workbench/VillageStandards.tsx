/** A village cadre's six standards on the workbench (issue 16.1); its own chunk, loaded only for that view. */
import { Card, Col, List, Row, Tag, Typography } from 'antd';
import { STANDING_LABELS } from '../../../../core/cockpit.ts';
import type { Cockpit } from '../../../../core/schemas/workbench.ts';
import { STANDING_COLOURS } from './standing.ts';
import { num, Tile } from './Cockpit.tsx';

/** Village cadre: the six standards today, the rank, the litigation allowance, open disputes. */
export default function VillageStandards({ v }: { v: NonNullable<Cockpit['village']> }) {
  const l = v.litigation;
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={14}>
        <Card size="small" title={`${v.name}：无讼村（社区）六项标准`} extra={<Tag color={STANDING_COLOURS[v.standing]}>{STANDING_LABELS[v.standing]}</Tag>} data-testid="village-standards">
          <List
            size="small"
            dataSource={v.standards}
            renderItem={(s) => (
              <List.Item style={{ alignItems: 'flex-start' }}>
                <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start', width: '100%' }}>
                  <Tag color={STANDING_COLOURS[s.standing]} style={{ marginInlineEnd: 0, flex: 'none' }}>
                    {STANDING_LABELS[s.standing]}
                  </Tag>
                  <div style={{ minWidth: 0 }}>
                    <div>{s.label}</div>
                    {s.reason && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {s.reason}
                      </Typography.Text>
                    )}
                    {s.id === 'V6' && s.standing === 'at_risk' && (
                      <Typography.Text type="warning" style={{ fontSize: 12 }}>
                        按本年进度将超出限值
                      </Typography.Text>
                    )}
                  </div>
                </div>
              </List.Item>
            )}
          />
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Row gutter={[12, 12]}>
          <Col xs={12} lg={24}>
            <Tile id="allowance" title="本年还可起诉" value={l.allowance === null ? '—' : l.allowance > 0 ? `${l.allowance} 件` : `已超 ${-l.allowance} 件`} tone={l.flagged ? 'bad' : l.flagged === false ? 'good' : undefined} to="/evaluation/warnings">
              {l.allowedCases !== null ? `全年额度 ${l.allowedCases} 件（限值 ${num(l.limit)}），已立案 ${l.casesSoFar} 件；万人起诉率 ${num(l.rate)}` : (l.reason ?? '')}
            </Tile>
          </Col>
          <Col xs={12} lg={24}>
            <Tile id="rank" title="全镇评比名次" value={v.rank ? `第 ${v.rank} 名` : '—'} to={`/evaluation/ranking?town=${v.townCode}`}>
              {`${v.townName}共 ${v.of} 个村（社区）参加评比`}
            </Tile>
          </Col>
          <Col xs={24}>
            <Tile id="village-open" title="本村在办纠纷" value={v.disputes.open} tone={v.disputes.overdue ? 'bad' : undefined} to={`/disputes?region=${v.code}`}>
              {v.disputes.overdue ? `其中超期 ${v.disputes.overdue} 件` : '没有超期的纠纷'}
            </Tile>
          </Col>
        </Row>
      </Col>
    </Row>
  );
}
