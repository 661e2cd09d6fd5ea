/**
 * 否决事项核查 (issue 14.4): the court's first-instance criminal cases whose defendant lives in a village, and
 * negligent crimes sentenced to three years or more, wait here until the town office confirms each as a veto
 * incident (it then counts against the village's V4 and the town's T8) or dismisses it with a reason.
 */
import { useState } from 'react';
import { App, Button, Card, Empty, Flex, Form, Input, InputNumber, Modal, Segmented, Space, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMe } from '../../app/auth.tsx';
import { apiUrl } from '../../app/api.ts';
import { fmtDateTime } from '../../app/labels.ts';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { labelOf } from '../../../../core/dictionaries.ts';
import { VETO_SOURCE_KINDS, type VetoItem } from '../../../../core/schemas/veto-review.ts';
import { useDecideVeto, useVetoItems } from './api.ts';

const STATUS = { pending: { text: '待核查', color: 'warning' }, confirmed: { text: '已确认为否决事项', color: 'error' }, dismissed: { text: '已排除', color: 'default' } } as const;
const sentence = (m: number | null) => (m === null ? '' : m >= 999 ? '无期徒刑或死刑' : `${Math.floor(m / 12) ? `${Math.floor(m / 12)}年` : ''}${m % 12 ? `${m % 12}个月` : ''}`);

function Decide({ item, year, decision, onClose }: { item: VetoItem; year: number; decision: 'confirmed' | 'dismissed' | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const decide = useDecideVeto(year, {
    onSuccess: () => {
      message.success(decision === 'confirmed' ? '已确认为否决事项，考评已计入' : '已排除');
      onClose();
    },
  });
  const isCase = item.sourceKind === 'court_case';
  return (
    <Modal
      open={!!decision}
      title={decision === 'confirmed' ? `确认为否决事项 · ${item.title}` : `排除 · ${item.title}`}
      okText={decision === 'confirmed' ? '确认' : '排除'}
      okButtonProps={{ danger: decision === 'confirmed' }}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={decide.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {decision === 'confirmed'
          ? isCase
            ? '将以此案写入一起“故意犯罪”否决事项，计入该村（社区）的V4和乡镇的T8（判处三年以上时）。'
            : '此事项将改为“故意犯罪”，计入该村（社区）的V4和乡镇的T8。'
          : '排除后此项不再提示；请写明理由（例如：被告人不住本村、系过失犯罪），理由记入操作日志。'}
      </Typography.Paragraph>
      <ProblemAlert error={decide.error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => decide.mutate({ sourceKind: item.sourceKind, sourceId: item.sourceId, decision, reason: v.reason, sentenceMonths: v.sentenceMonths ?? null, occurredOn: v.occurredOn || undefined })}
      >
        {decision === 'confirmed' && isCase && (
          <Form.Item name="sentenceMonths" label="刑期（月；无期徒刑或死刑填 999；未判决留空）">
            <InputNumber min={0} max={999} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="reason" label={decision === 'dismissed' ? '排除理由' : '核查说明（可选）'} rules={decision === 'dismissed' ? [{ required: true, whitespace: true, message: '请填写排除理由' }] : []}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Item({ item, year, editable }: { item: VetoItem; year: number; editable: boolean }) {
  const [decision, setDecision] = useState<'confirmed' | 'dismissed' | null>(null);
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid={`veto-${item.sourceId}`}>
      <Flex vertical gap={6}>
        <Space wrap size={4}>
          <Tag>{labelOf(VETO_SOURCE_KINDS, item.sourceKind)}</Tag>
          <Typography.Text strong>{item.title}</Typography.Text>
          <Tag color={STATUS[item.status].color}>{STATUS[item.status].text}</Tag>
        </Space>
        <Typography.Text type="secondary">
          {item.sourceKind === 'court_case' ? '立案' : '发生'}日期 {item.date} · 被告人所在地 {item.regionName ?? '—'}
          {item.sentenceMonths !== null ? ` · 刑期 ${sentence(item.sentenceMonths)}` : ''}
        </Typography.Text>
        {item.status !== 'pending' && (
          <Typography.Text type="secondary">
            {item.reviewedBy}于{item.reviewedAt ? fmtDateTime(item.reviewedAt) : ''}核查{item.reason ? `：${item.reason}` : ''}
          </Typography.Text>
        )}
        {item.status === 'pending' && editable && (
          <Space wrap>
            <Button danger onClick={() => setDecision('confirmed')}>
              确认为否决事项
            </Button>
            <Button onClick={() => setDecision('dismissed')}>排除</Button>
          </Space>
        )}
      </Flex>
      <Decide item={item} year={year} decision={decision} onClose={() => setDecision(null)} />
    </Card>
  );
}

export default function VetoReviewPage() {
  const { can } = useMe();
  const year = dayjs().year();
  const [status, setStatus] = useState<'pending' | 'confirmed' | 'dismissed'>('pending');
  const q = useVetoItems(year, status);
  return (
    <>
      <PageHeader
        title="否决事项核查"
        subtitle="被告人住在村（社区）的刑事一审案件、判处三年以上的过失犯罪，须由乡镇逐件确认是否为否决事项；未核查的，考评表会提示该村的V4、乡镇的T8尚待核实"
        extra={<ExportButton url={apiUrl('/veto-reviews', { year, status: 'all', format: 'xlsx' })} />}
      />
      <Segmented
        value={status}
        onChange={(v) => setStatus(v as typeof status)}
        options={[
          { value: 'pending', label: `待核查${q.data && status === 'pending' ? `（${q.data.pending}）` : ''}` },
          { value: 'confirmed', label: '已确认' },
          { value: 'dismissed', label: '已排除' },
        ]}
        style={{ marginBottom: 12 }}
      />
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      {q.isLoading ? (
        <Spin />
      ) : (q.data?.items.length ?? 0) === 0 ? (
        <Empty description={status === 'pending' ? `${year}年没有待核查的事项` : '没有记录'} />
      ) : (
        q.data!.items.map((item) => <Item key={`${item.sourceKind}:${item.sourceId}`} item={item} year={year} editable={can('court.write')} />)
      )}
    </>
  );
}
