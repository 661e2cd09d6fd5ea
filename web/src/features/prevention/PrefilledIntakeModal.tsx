/**
 * The dispute intake prefilled from another record (a risk, a visit or consultation): every field editable,
 * then registered and linked in one step by the caller's mutation. Nothing is typed twice.
 */
import { useEffect } from 'react';
import { Button, Flex, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { dictOptions } from '../../app/labels.ts';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { FieldRow } from '../../app/components/FieldRow.tsx';
import { CHANNELS, DISPUTE_CATEGORIES, RISK_LEVELS } from '../../../../core/dictionaries.ts';
import { DisputeCreate } from '../../../../core/schemas/disputes.ts';
import { dayField, disabledFuture } from './common.tsx';
import { partyRule } from '../../app/party-rule.ts';
import { zodRule } from '../../app/zod-rule.ts';
import { DayPicker } from '../../app/components/DayPicker.tsx';

export interface PrefilledIntake {
  parties: { role: string; kind: string; name: string }[];
  [field: string]: unknown;
}

export function PrefilledIntakeModal(props: {
  title: string;
  open: boolean;
  intake: PrefilledIntake | undefined;
  error: unknown;
  pending: boolean;
  onSubmit: (values: Record<string, unknown>) => void;
  onClose: () => void;
}) {
  const { title, open, intake, error, pending, onSubmit, onClose } = props;
  const [form] = Form.useForm();
  useEffect(() => {
    if (open && intake) form.setFieldsValue({ ...intake, parties: intake.parties.length ? intake.parties : [{ role: 'applicant', kind: 'person', name: '' }] });
  }, [open, intake, form]);
  return (
    <Modal title={title} open={open} onCancel={onClose} onOk={() => form.submit()} okText="登记纠纷" confirmLoading={pending} width={640} destroyOnHidden forceRender>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" onFinish={onSubmit} requiredMark="optional">
        <FieldRow>
          <Form.Item name="receivedOn" label="受理日期" rules={[{ required: true }]} {...dayField} style={{ flex: '1 1 140px' }}>
            <DayPicker disabledDate={disabledFuture} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="channel" label="来源" rules={[zodRule(DisputeCreate.shape.channel)]} style={{ flex: '1 1 140px' }}>
            <Select options={dictOptions(CHANNELS)} />
          </Form.Item>
          <Form.Item name="category" label="类别" rules={[zodRule(DisputeCreate.shape.category)]} style={{ flex: '1 1 140px' }}>
            <Select options={dictOptions(DISPUTE_CATEGORIES)} />
          </Form.Item>
        </FieldRow>
        <Form.Item name="summary" label="纠纷简要情况" rules={[zodRule(DisputeCreate.shape.summary)]}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="peopleCount" label="涉及人数" style={{ width: 120 }}>
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="riskLevel" label="风险等级" style={{ width: 140 }}>
            <Select options={dictOptions(RISK_LEVELS)} />
          </Form.Item>
        </Flex>
        <Typography.Text strong>当事人</Typography.Text>
        <Form.List name="parties">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} align="flex-start" wrap>
                  <Form.Item name={[f.name, 'role']} style={{ width: 110 }}>
                    <Select options={[{ value: 'applicant', label: '申请人' }, { value: 'respondent', label: '被申请人' }]} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, ...partyRule('name', 'person') }]} style={{ flex: '1 1 120px' }}>
                    <Input placeholder="姓名或单位名称" maxLength={100} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'phone']} rules={[partyRule('phone', 'person')]} style={{ flex: '1 1 120px' }}>
                    <Input placeholder="电话" maxLength={30} />
                  </Form.Item>
                  {fields.length > 1 && <Button type="link" onClick={() => remove(f.name)}>删除</Button>}
                  <Form.Item name={[f.name, 'kind']} hidden initialValue="person">
                    <Input />
                  </Form.Item>
                </Flex>
              ))}
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ role: 'respondent', kind: 'person', name: '' })}>
                添加当事人
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
