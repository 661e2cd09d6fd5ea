import { useEffect } from 'react';
import { Checkbox, Form, Input, Modal, Select } from 'antd';
import { dictOptions, roleLabel } from '../../app/labels.ts';
import { RegionSelect } from '../../app/components/RegionSelect.tsx';
import { KEY_PERSON_STATUSES, KEY_PERSON_TYPES, RISK_LEVELS, THREE_LOST_ONE_BIASED_FLAGS } from '../../../../core/dictionaries.ts';
import { dayField, disabledFuture } from '../prevention/common.tsx';
import { FieldRow } from '../../app/components/FieldRow.tsx';
import type { KeyPerson } from '../../../../core/schemas/key-persons.ts';
import { useCadres, useSaveKeyPerson } from './api.ts';
import { zodRule } from '../../app/zod-rule.ts';
import { KeyPersonCreate } from '../../../../core/schemas/key-persons.ts';
import { DayPicker } from '../../app/components/DayPicker.tsx';

export type { KeyPerson };

function CadreSelect({ regionCode, value, onChange, id }: { regionCode?: string; value?: string; onChange?: (v: string) => void; id?: string }) {
  const q = useCadres(regionCode);
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      loading={q.isLoading}
      disabled={!regionCode}
      placeholder={regionCode ? '选择包保责任人' : '请先选择所在地区'}
      showSearch={{ optionFilterProp: 'label' }}
      options={(q.data ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.username}，${u.roles.map(roleLabel).join('、')}）` }))}
    />
  );
}

/** Create or edit a key person (the town office's); `initial` pre-fills a new one (e.g. from a risk). */
export function KeyPersonForm({ open, editing, initial, onClose, onSaved }: { open: boolean; editing: KeyPerson | null; initial?: Partial<KeyPerson> & { sourceRiskId?: string }; onClose: () => void; onSaved?: (id: string) => void }) {
  const [form] = Form.useForm();
  const type = Form.useWatch('type', form);
  const region = Form.useWatch('regionCode', form);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(editing ?? { type: 'threatened_petition', riskLevel: 'general', flags: [], ...initial });
  }, [open, editing, initial, form]);
  const save = useSaveKeyPerson({
    onSuccess: (r) => {
      onSaved?.(r.id);
      onClose();
    },
  });
  const submit = (v: Record<string, unknown>) => {
    const body = { ...v, flags: v.type === 'three_lost_one_biased' ? (v.flags ?? []) : [] };
    save.mutate(editing ? { id: editing.id, body: { ...body, version: editing.version } } : { body: { ...body, sourceRiskId: initial?.sourceRiskId } });
  };
  return (
    <Modal title={editing ? `修改重点对象：${editing.name}` : '列管重点对象'} open={open} onCancel={onClose} onOk={() => form.submit()} okText="保存" confirmLoading={save.isPending} width={640} forceRender>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <FieldRow>
          <Form.Item name="name" label="姓名" rules={[zodRule(KeyPersonCreate.shape.name)]} style={{ flex: '1 1 140px' }}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="phone" label="联系电话" style={{ flex: '1 1 140px' }}>
            <Input maxLength={30} />
          </Form.Item>
        </FieldRow>
        <Form.Item name="regionCode" label="所在地区" rules={[zodRule(KeyPersonCreate.shape.regionCode, '请选择所在地区')]}>
          <RegionSelect levels={['town', 'village', 'community', 'grid']} />
        </Form.Item>
        <Form.Item name="address" label="住址">
          <Input maxLength={200} />
        </Form.Item>
        <FieldRow>
          <Form.Item name="type" label="类型" rules={[{ required: true }]} style={{ flex: '1 1 140px' }}>
            <Select options={dictOptions(KEY_PERSON_TYPES)} />
          </Form.Item>
          <Form.Item name="riskLevel" label="风险等级" style={{ flex: '1 1 100px' }}>
            <Select options={dictOptions(RISK_LEVELS)} />
          </Form.Item>
          {editing && (
            <Form.Item name="status" label="状态" style={{ flex: '1 1 100px' }}>
              <Select options={dictOptions(KEY_PERSON_STATUSES)} />
            </Form.Item>
          )}
        </FieldRow>
        {type === 'three_lost_one_biased' && (
          <Form.Item name="flags" label="“三失一偏”情形" rules={[{ required: true, type: 'array', min: 1, message: '请至少勾选一种情形' }]}>
            <Checkbox.Group options={dictOptions(THREE_LOST_ONE_BIASED_FLAGS)} />
          </Form.Item>
        )}
        <Form.Item name="situation" label="基本情况">
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Form.Item name="responsibleUserId" label="包保责任人" rules={[zodRule(KeyPersonCreate.shape.responsibleUserId)]}>
          <CadreSelect regionCode={region} />
        </Form.Item>
        <Form.Item name="responsePlan" label="处置预案">
          <Input.TextArea rows={3} maxLength={8000} placeholder="稳控措施、联系频次、异常情况报告路径……" />
        </Form.Item>
        <Form.Item name="watchedSince" label="列管日期" {...dayField} extra="留空为今天">
          <DayPicker disabledDate={disabledFuture} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
