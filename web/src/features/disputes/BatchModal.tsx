/**
 * 批量受理 / 批量指派 on the ledger (issue 18.4): one date (and, for 指派, the unit and handler, offered as for the
 * first selected dispute), sent to POST /disputes/batch with the version each row was shown at; the server runs one
 * accept per dispute and answers each row's outcome, shown by BatchResultModal.
 */
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { LEVELS } from '../../../../core/dictionaries.ts';
import type { BatchResult } from '../../../../core/schemas/batch.ts';
import { api } from '../../app/api.ts';
import { dictOptions, unitTypeLabel } from '../../app/labels.ts';
import { DayPicker } from '../../app/components/DayPicker.tsx';
import { FieldRow } from '../../app/components/FieldRow.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { dayField, disabledFuture, todayStr } from '../prevention/common.tsx';
import { invalidateAfterDisputeChange, useDisputeUnits } from './api.ts';
import type { DisputeItem } from './types.ts';

export type BatchAction = 'accept' | 'assign';
export const BATCH_TITLES: Record<BatchAction, string> = { accept: '批量受理', assign: '批量指派承办人' };

export function BatchModal({ action, rows, onClose, onDone }: { action: BatchAction | null; rows: DisputeItem[]; onClose: () => void; onDone: (r: BatchResult) => void }) {
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const unitId = Form.useWatch('unitId', form) as string | undefined;
  const level = Form.useWatch('level', form) as string | undefined;
  const first = rows[0];
  const units = useDisputeUnits(first?.id ?? '', action === 'assign' && !!first);
  useEffect(() => {
    if (!action) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({ date: todayStr() });
  }, [action, form]);
  // the people of the unit chosen, else of every unit offered (choosing one then chooses their unit)
  const handlers = [
    ...new Map(
      (units.data ?? [])
        .filter((u) => !unitId || u.id === unitId)
        .flatMap((u) => u.handlers.filter((h) => !h.gridOnly || level === 'grid'))
        .map((h) => [h.id, h]),
    ).values(),
  ];
  const submit = async (v: Record<string, unknown>) => {
    if (!action) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<BatchResult>('/disputes/batch', {
        action,
        ids: rows.map((r) => r.id),
        versions: Object.fromEntries(rows.map((r) => [r.id, r.version])),
        ...v,
      });
      await invalidateAfterDisputeChange(qc);
      onDone(result);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={action ? `${BATCH_TITLES[action]}（${rows.length} 件）` : ''} open={!!action} onCancel={onClose} onOk={() => form.submit()} okText="确定" confirmLoading={busy} destroyOnHidden forceRender width={560}>
      <Typography.Paragraph type="secondary">
        {action === 'assign'
          ? '所选纠纷逐件受理并指派给同一承办人；承办人须是各件纠纷可选的人员，不符合的会在结果中列出。'
          : '所选纠纷逐件受理（只有“已登记”的纠纷可以受理）；不选层级时按本人或纠纷所在地默认，承办人为本人。'}
      </Typography.Paragraph>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <Form.Item name="level" label="受理层级（不选则默认）">
          <Radio.Group optionType="button" options={dictOptions(LEVELS).filter((o) => o.value !== 'litigation')} />
        </Form.Item>
        {action === 'assign' && (
          <FieldRow>
            <Form.Item name="unitId" label="承办单位" style={{ flex: '1 1 220px' }}>
              <Select allowClear loading={units.isLoading} options={(units.data ?? []).map((u) => ({ value: u.id, label: `${u.name}（${unitTypeLabel(u.type)}）` }))} placeholder="默认：本地区该层级的调解组织" showSearch={{ optionFilterProp: 'label' }} />
            </Form.Item>
            <Form.Item name="handlerId" label="承办人" rules={[{ required: true, message: '请选择承办人' }]} style={{ flex: '1 1 160px' }}>
              <Select
                options={handlers.map((h) => ({ value: h.id, label: h.name }))}
                onChange={(id: string) => !unitId && form.setFieldValue('unitId', (units.data ?? []).find((u) => u.handlers.some((h) => h.id === id))?.id)}
                placeholder="请选择"
                showSearch={{ optionFilterProp: 'label' }}
                data-testid="batch-handler"
              />
            </Form.Item>
          </FieldRow>
        )}
        <Form.Item name="date" label="受理日期" rules={[{ required: true, message: '请选择日期' }]} {...dayField}>
          <DayPicker style={{ width: '100%' }} disabledDate={disabledFuture} />
        </Form.Item>
        <Form.Item name="notes" label="备注">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
