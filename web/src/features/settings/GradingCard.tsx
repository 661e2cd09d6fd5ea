/**
 * The year's four-colour grading rules (issue 17.1): thresholds and the points of each yes/no risk factor, which a
 * town office may change; the tiers (people, amount, repeat parties) and category points are shown as they are.
 */
import { useEffect, useState } from 'react';
import { App, Button, Card, Col, Form, InputNumber, Row, Typography } from 'antd';
import { GRADES, gradeLabel, type GradingRules } from '../../../../core/grading.ts';
import type { SettingsForYear } from '../../../../core/schemas/settings.ts';
import { useMe } from '../../app/auth.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { useSaveGrading } from './api.ts';

const WEIGHTS: [keyof GradingRules, string][] = [
  ['mayTurnCriminal', '可能民转刑'],
  ['threatensPetition', '扬言上访'],
  ['keyPerson', '当事人为重点对象（每人）'],
  ['failedStage', '调解不成（每次）'],
  ['roundsExceeded', '调解轮次超过“331”'],
  ['overdueStage', '超期阶段（每个）'],
];

const tiersText = (label: string, unit: string, tiers: GradingRules['people']) =>
  `${label}：${tiers.map((t) => `${t.min}${unit}起 ${t.points} 分${t.floor ? `（至少${gradeLabel(t.floor)}）` : ''}`).join('，')}`;

export function GradingCard({ year, settings }: { year: number; settings: SettingsForYear }) {
  const { can } = useMe();
  const { message } = App.useApp();
  const editable = can('disputes.grading');
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const g = settings.data.grading;
  useEffect(() => form.setFieldsValue(g), [g, form]);
  const save = useSaveGrading(year, { meta: { silent: true }, onSuccess: () => (setError(null), message.success('分级规则已保存')), onError: setError });
  return (
    <Card size="small" title={`${year} 年度纠纷四色分级规则`} style={{ marginTop: 16 }} data-testid="grading-rules">
      <Typography.Paragraph type="secondary">各项风险因素的分值相加得到风险分，按下列分值起点评为黄色、橙色、红色；标有“至少”的情形不论分值至少为该颜色。镇平安办可调整。</Typography.Paragraph>
      <ProblemAlert error={error} style={{ marginBottom: 8 }} />
      <Form
        form={form}
        layout="vertical"
        disabled={!editable}
        onFinish={(v) => save.mutate({ version: settings.version, grading: { ...g, thresholds: v.thresholds, ...Object.fromEntries(WEIGHTS.map(([k]) => [k, { ...(g[k] as object), points: v[k].points }])) } as GradingRules })}
      >
        <Row gutter={12}>
          {GRADES.filter((x) => x.key !== 'green').map((x) => (
            <Col xs={8} lg={4} key={x.key}>
              <Form.Item name={['thresholds', x.key]} label={`${x.label}起点`} rules={[{ required: true, message: '必填' }]}>
                <InputNumber min={0} max={100} precision={0} suffix="分" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
          {WEIGHTS.map(([k, label]) => (
            <Col xs={12} lg={4} key={k}>
              <Form.Item name={[k, 'points']} label={label} rules={[{ required: true, message: '必填' }]}>
                <InputNumber min={0} max={100} precision={0} suffix="分" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {[tiersText('涉及人数', '人', g.people), tiersText('涉及金额', '元', g.amount), tiersText('同一当事人一年内纠纷', '次', g.repeat)].join('；')}
        </Typography.Paragraph>
        {editable && (
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            保存分级规则
          </Button>
        )}
      </Form>
    </Card>
  );
}
