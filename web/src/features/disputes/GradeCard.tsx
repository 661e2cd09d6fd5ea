/**
 * The dispute's four-colour grade with the reasons that made it (issue 17.1), and, when the grade is above what
 * its handling handles, the suggested level and unit: the handler accepts it (the accept or transfer form opens
 * filled in) or keeps the dispute where it is with a reason (audited, on the timeline).
 */
import { useState } from 'react';
import { Alert, Button, Card, Flex, Input, Modal, Space, Typography } from 'antd';
import { gradeLabel, reasonsText } from '../../../../core/grading.ts';
import type { Action } from '../../../../core/dispute-flow.ts';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { GradeTag, levelName } from './common.tsx';
import { useRouteOverride } from './api.ts';
import type { DisputeDetail } from './types.ts';

export function GradeCard({ d, actions, onRoute }: { d: DisputeDetail; actions: Action[]; onRoute: (action: Action, preset: Record<string, unknown>) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const override = useRouteOverride(d.id, {
    meta: { silent: true },
    onSuccess: () => {
      setOpen(false);
      setReason('');
    },
    onError: setError,
  });
  if (!d.grade) return null;
  const s = d.routeSuggestion;
  const routeAction: Action | null = s ? (d.state === 'registered' ? 'accept' : 'transfer') : null;
  const canRoute = !!routeAction && actions.includes(routeAction);
  const o = d.routeOverride;
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="grade-card">
      <Flex gap={8} wrap align="center">
        <Typography.Text strong>四色分级</Typography.Text>
        <GradeTag grade={d.grade} />
        <Typography.Text type="secondary">
          {`风险分 ${d.gradeScore ?? 0}`}
          {d.gradeThresholds && `（${d.gradeThresholds.yellow} 分起黄色、${d.gradeThresholds.orange} 分起橙色、${d.gradeThresholds.red} 分起红色；可能民转刑等情形另有最低颜色）`}
        </Typography.Text>
        <Typography.Text data-testid="grade-reasons">{reasonsText(d.gradeReasons)}</Typography.Text>
      </Flex>
      {s && (
        <Alert
          style={{ marginTop: 8 }}
          type={s.grade === 'red' || s.grade === 'orange' ? 'error' : 'warning'}
          showIcon
          data-testid="route-suggestion"
          title={s.text}
          description={`${d.currentLevel ? `当前在${levelName(d.currentLevel)}办理，这一颜色的纠纷超出本级处理范围` : '尚未受理'}；可按建议${routeAction === 'accept' ? '受理' : '流转'}，如确需在本级办理，请说明理由。`}
          action={
            actions.length > 0 && (
              <Space direction="vertical" size={4}>
                {canRoute && (
                  <Button size="small" type="primary" onClick={() => onRoute(routeAction!, { level: s.level, ...(s.unitId ? { unitId: s.unitId } : {}), ...(routeAction === 'transfer' ? { reason: `按四色分级建议流转（${gradeLabel(s.grade)}）` } : {}) })}>
                    按建议{routeAction === 'accept' ? '受理' : '流转'}
                  </Button>
                )}
                <Button size="small" onClick={() => setOpen(true)}>
                  不按建议办理
                </Button>
              </Space>
            )
          }
        />
      )}
      {!s && o && o.grade === d.grade && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {`${o.byName}未按分级建议流转，理由：${o.reason}`}
        </Typography.Paragraph>
      )}
      <Modal
        open={open}
        title="不按分级建议办理"
        okText="确认"
        cancelText="取消"
        confirmLoading={override.isPending}
        okButtonProps={{ disabled: reason.trim().length < 2 }}
        onOk={() => override.mutate({ version: d.version, reason: reason.trim() })}
        onCancel={() => setOpen(false)}
      >
        <ProblemAlert error={error} style={{ marginBottom: 8 }} />
        <Typography.Paragraph>{s?.text}</Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={500} placeholder="请说明在本级办理的理由（记入办理过程和审计日志）" value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Card>
  );
}
