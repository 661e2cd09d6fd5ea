/**
 * One form per dispute action (SPEC §11 `POST /api/disputes/:id/actions`). The fields are checked with the
 * same rules the server runs (core/dispute-flow.ts `validateActionParams`) before sending.
 */
import { useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Checkbox, Form, Input, Modal, Radio, Rate, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { AGREEMENT_FORMS, LEVELS, LINKAGE_TYPES, PERFORMANCE_STATUSES, SESSION_METHODS } from '../../../../core/dictionaries.ts';
import { actionLabel, validateActionParams, type Action } from '../../../../core/dispute-flow.ts';
import { dictOptions, unitTypeLabel } from '../../app/labels.ts';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { dayField, disabledFuture, todayStr } from '../prevention/common.tsx';
import { useDictionaries } from './common.tsx';
import { disputeKeys, useDisputeAction, useDisputeUnits } from './api.ts';
import type { DisputeDetail } from './types.ts';
import { FieldRow } from '../../app/components/FieldRow.tsx';
import { zodRule } from '../../app/zod-rule.ts';
import { ActionAgreement, DisputeAction } from '../../../../core/schemas/disputes.ts';
import { DayPicker } from '../../app/components/DayPicker.tsx';

/** Unit types that fit a level (the server accepts any active unit; this only orders the choice). */
const UNIT_TYPES_OF: Record<string, string[]> = {
  grid: ['village_committee'],
  village: ['village_committee'],
  town: ['town_centre', 'justice_office'],
  department: ['police_station', 'petition_office', 'womens_federation', 'labour_office', 'industry_mediation', 'justice_office', 'procuratorate', 'other'],
  prelitigation: ['court'],
  litigation: ['court'],
};

const HELP: Partial<Record<Action, string>> = {
  accept: '受理后开始计算办理期限（按受理年度的层级时限）。不选单位时默认本地区该层级的调解组织，承办人默认本人。',
  transfer: '流转到其他层级或单位，开启新的办理阶段；流转到“诉讼”即引导当事人起诉并结案，须告知当事人诉权。',
  fail: '调解不成须告知当事人依法起诉的权利；之后可继续流转，或结案。',
  resolve: '调解成功须制作调解协议（人民调解法第二十九条）；口头协议也须登记。',
  return_visit: '回访记录同时记入“四门四访”台账。',
  close: '结案后纠纷只读，只能添加备注。',
};

/** `preset`: fields filled in beforehand (the grading's routing suggestion: level, unit, reason). */
export function ActionModal({ dispute, action, onClose, preset }: { dispute: DisputeDetail; action: Action | null; onClose: () => void; preset?: Record<string, unknown> | null }) {
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const dict = useDictionaries();
  const [error, setError] = useState<unknown>(null);
  const level = Form.useWatch('level', form) as string | undefined;
  const unitId = Form.useWatch('unitId', form) as string | undefined;
  const agreementForm = Form.useWatch(['agreement', 'form'], form) as string | undefined;
  const reason = Form.useWatch('reason', form) as string | undefined;
  const needsUnits = action === 'accept' || action === 'transfer' || action === 'add_session';
  const units = useDisputeUnits(dispute.id, needsUnits && !!action);
  const currentDue = dispute.stages.find((s) => !s.closedOn)?.extendedDueOn ?? dispute.stages.find((s) => !s.closedOn)?.dueOn ?? null;

  useEffect(() => {
    if (!action) return;
    setError(null);
    form.resetFields();
    const init: Record<string, unknown> = { date: action === 'extend' ? (currentDue ? dayjs(currentDue).add(15, 'day').format('YYYY-MM-DD') : undefined) : todayStr() };
    if (action === 'add_session') {
      init.method = 'on_site';
      if (dispute.currentHandlerId) init.mediatorIds = [dispute.currentHandlerId];
    }
    // the 协议书's 记录人: the one who recorded the last session, unless changed here
    if (action === 'resolve') init.agreement = { form: 'written', facts: dispute.summary, recorder: dispute.sessions.at(-1)?.recorder ?? undefined };
    if (action === 'return_visit') init.satisfaction = 5;
    if (action === 'transfer') init.level = dispute.currentLevel === 'village' || dispute.currentLevel === 'grid' ? 'town' : undefined;
    form.setFieldsValue({ ...init, ...preset });
  }, [action, form, dispute, currentDue, preset]);

  const unitOptions = useMemo(() => {
    const fit = UNIT_TYPES_OF[level ?? ''] ?? [];
    const list = [...(units.data ?? [])].sort((a, b) => Number(fit.includes(b.type)) - Number(fit.includes(a.type)));
    return list.map((u) => ({ value: u.id, label: `${u.name}（${unitTypeLabel(u.type)}）` }));
  }, [units.data, level]);
  // a grid worker is offered for a grid-level stage only
  const stageLevel = action === 'add_session' ? dispute.currentLevel : (level ?? (action === 'accept' && dispute.acceptLevels?.length === 1 ? dispute.acceptLevels[0] : undefined));
  const peopleOf = (id: string | null | undefined) =>
    (units.data ?? []).find((u) => u.id === id)?.handlers.filter((h) => !h.gridOnly || stageLevel === 'grid').map((h) => ({ value: h.id, label: h.name })) ?? [];
  const handlerOptions = peopleOf(unitId);
  const mediatorOptions = (() => {
    const list = peopleOf(dispute.currentUnitId);
    if (dispute.currentHandlerId && !list.some((o) => o.value === dispute.currentHandlerId)) list.unshift({ value: dispute.currentHandlerId, label: dispute.currentHandlerName ?? '承办人' });
    return list;
  })();
  const atPrelitigation = dispute.currentLevel === 'prelitigation' && (action === 'start_mediation' || action === 'add_session' || action === 'resolve' || action === 'fail');
  const current = dispute.stages.find((s) => !s.closedOn) ?? dispute.stages.at(-1);

  const send = useDisputeAction(dispute.id, { meta: { silent: true }, onSuccess: onClose, onError: setError });

  const submit = (v: Record<string, unknown>) => {
    if (!action) return;
    const params = { ...v } as Record<string, unknown>;
    const errors = validateActionParams(action, params, { currentDueOn: currentDue, today: todayStr(), failureReasons: dict.failureReasons });
    if (errors.length) {
      form.setFields(errors.map((e) => ({ name: e.field.split('.'), errors: [e.message] })));
      return;
    }
    send.mutate({ action, version: dispute.version, ...params });
  };

  const allowedLevels = action === 'accept' ? dispute.acceptLevels : dispute.transferLevels;
  const levelOptions = dictOptions(LEVELS).filter((o) => (action === 'accept' ? o.value !== 'litigation' : true) && (!allowedLevels || allowedLevels.includes(o.value)));
  return (
    <Modal
      title={action ? `${actionLabel(action)} · ${dispute.number}` : ''}
      open={!!action}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="确定"
      confirmLoading={send.isPending}
      destroyOnHidden
      forceRender
      width={620}
    >
      {action && HELP[action] && <Typography.Paragraph type="secondary">{HELP[action]}</Typography.Paragraph>}
      <ProblemAlert error={error} onReload={() => qc.invalidateQueries({ queryKey: disputeKeys.detail(dispute.id) }).then(onClose)} />
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        {(action === 'accept' || action === 'transfer') && (
          <>
            <Form.Item name="level" label={action === 'accept' ? '受理层级（不选则按本人或纠纷所在地默认）' : '流转到'} rules={action === 'transfer' ? [{ required: true, message: '请选择流转的目标层级' }] : []}>
              <Radio.Group optionType="button" options={levelOptions} />
            </Form.Item>
            {level === 'litigation' ? (
              <Alert type="info" showIcon style={{ marginBottom: 12 }} title="引导诉讼：纠纷将以“引导诉讼”结案；须告知当事人依法起诉的权利并记录。" />
            ) : (
              <FieldRow>
                <Form.Item name="unitId" label={level === 'department' ? '承办部门' : '承办单位'} rules={level === 'department' ? [{ required: true, message: '请选择承办部门' }] : []} style={{ flex: '1 1 220px' }}>
                  <Select allowClear loading={units.isLoading} options={unitOptions} placeholder="默认：本地区该层级的调解组织" showSearch={{ optionFilterProp: 'label' }} />
                </Form.Item>
                <Form.Item name="handlerId" label="承办人" style={{ flex: '1 1 160px' }}>
                  <Select allowClear options={handlerOptions} placeholder="默认：本人" />
                </Form.Item>
              </FieldRow>
            )}
            {action === 'transfer' && level === 'prelitigation' && (
              <Form.Item name="courtCaseNo" label="法院诉前调解案号（已知时填写，也可在法院数据导入后自动关联）" rules={[zodRule(DisputeAction.shape.courtCaseNo, '案号过长')]}>
                <Input maxLength={100} placeholder="如 （2024）浙0782民诉前调123号" />
              </Form.Item>
            )}
            {level !== 'litigation' && (
              <Form.Item name="linkage" label="对接类型">
                <Radio.Group optionType="button" options={[{ value: '', label: '无' }, ...dictOptions(LINKAGE_TYPES)]} />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item
          name="date"
          label={{ accept: '受理日期', transfer: '流转日期', start_mediation: '开始调解日期', add_session: '调解日期', resolve: '协议日期', fail: '日期', extend: `延期后的期限（当前 ${currentDue ?? '—'}）`, withdraw: '撤回日期', return_visit: '回访日期', close: '结案日期' }[action ?? 'accept']}
          rules={[{ required: action === 'extend' || action === 'add_session' || action === 'return_visit', message: '请选择日期' }]}
          {...dayField}
        >
          <DayPicker style={{ width: '100%' }} disabledDate={action === 'extend' ? (d) => !!currentDue && !d.isAfter(dayjs(currentDue), 'day') : disabledFuture} inputReadOnly />
        </Form.Item>
        {action === 'add_session' && (
          <>
            <FieldRow>
              <Form.Item name="method" label="调解方式" rules={[{ required: true, message: '请选择调解方式' }]} style={{ flex: '1 1 200px' }}>
                <Select options={dictOptions(SESSION_METHODS)} />
              </Form.Item>
              <Form.Item name="place" label="地点" rules={[zodRule(DisputeAction.shape.place)]} style={{ flex: '1 1 200px' }}>
                <Input maxLength={200} />
              </Form.Item>
            </FieldRow>
            <Form.Item name="mediatorIds" label="调解员（本阶段承办单位的人员）">
              <Select mode="multiple" allowClear loading={units.isLoading} options={mediatorOptions} placeholder="默认：本阶段承办人" showSearch={{ optionFilterProp: 'label' }} />
            </Form.Item>
            <Form.Item name="mediators" label="其他调解人员（无系统账号者）" rules={[zodRule(DisputeAction.shape.mediators)]}>
              <Input maxLength={200} />
            </Form.Item>
            <FieldRow>
              <Form.Item name="attendees" label="参加人员" rules={[zodRule(DisputeAction.shape.attendees)]} style={{ flex: '2 1 260px' }}>
                <Input maxLength={500} />
              </Form.Item>
              <Form.Item name="recorder" label="记录人" rules={[zodRule(DisputeAction.shape.recorder)]} style={{ flex: '1 1 140px' }}>
                <Input maxLength={50} placeholder="默认：本人" />
              </Form.Item>
            </FieldRow>
          </>
        )}
        {action === 'resolve' && (
          <>
            <Form.Item name={['agreement', 'form']} label="协议形式" rules={[{ required: true, message: '请选择协议形式' }]}>
              <Radio.Group optionType="button" options={dictOptions(AGREEMENT_FORMS)} />
            </Form.Item>
            <Form.Item name={['agreement', 'facts']} label="纠纷主要事实" rules={[zodRule(ActionAgreement.shape.facts)]}>
              <Input.TextArea rows={2} maxLength={5000} />
            </Form.Item>
            <Form.Item name={['agreement', 'issues']} label="争议事项及各方责任" rules={[zodRule(ActionAgreement.shape.issues)]}>
              <Input.TextArea rows={2} maxLength={5000} />
            </Form.Item>
            <Form.Item name={['agreement', 'content']} label="协议内容" rules={[...(agreementForm === 'written' ? [{ required: true, whitespace: true, message: '书面协议须填写协议内容' }] : []), zodRule(ActionAgreement.shape.content)]}>
              <Input.TextArea rows={4} maxLength={20000} />
            </Form.Item>
            <FieldRow>
              <Form.Item name={['agreement', 'performanceWay']} label="履行方式" rules={[zodRule(ActionAgreement.shape.performanceWay)]} style={{ flex: '1 1 200px' }}>
                <Input maxLength={500} />
              </Form.Item>
              <Form.Item name={['agreement', 'performanceDeadline']} label="履行期限" {...dayField} style={{ flex: '1 1 160px' }}>
                <DayPicker style={{ width: '100%' }} inputReadOnly />
              </Form.Item>
              <Form.Item name={['agreement', 'effectiveOn']} label="生效日期（默认协议日期）" {...dayField} style={{ flex: '1 1 160px' }}>
                <DayPicker style={{ width: '100%' }} inputReadOnly />
              </Form.Item>
            </FieldRow>
            <Form.Item name={['agreement', 'recorder']} label="记录人（签在协议书上）" rules={[zodRule(ActionAgreement.shape.recorder)]}>
              <Input maxLength={50} placeholder="默认：最近一次调解的记录人，或本人" />
            </Form.Item>
          </>
        )}
        {action === 'fail' && (
          <Form.Item name="reason" label="调解不成的原因" rules={[{ required: true, message: '请选择原因' }]}>
            <Select options={dict.reasonOptions} />
          </Form.Item>
        )}
        {(action === 'extend' || action === 'withdraw' || action === 'transfer') && (
          <Form.Item name="reason" label={action === 'extend' ? '延期理由' : '理由'} rules={[...(action === 'extend' ? [{ required: true, whitespace: true, message: '请填写延期理由' }] : []), zodRule(DisputeAction.shape.reason)]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        )}
        {action === 'return_visit' && (
          <>
            <Form.Item name="satisfaction" label="满意度" rules={[{ required: true, message: '请评价满意度' }]}>
              <Rate />
            </Form.Item>
            {dispute.agreement && (
              <Form.Item name="performanceStatus" label="协议履行情况">
                <Radio.Group optionType="button" options={dictOptions(PERFORMANCE_STATUSES)} />
              </Form.Item>
            )}
            <FieldRow>
              <Form.Item name="cadres" label="回访人员" rules={[zodRule(DisputeAction.shape.cadres)]} style={{ flex: '1 1 200px' }}>
                <Input maxLength={200} placeholder="默认：本人" />
              </Form.Item>
              <Form.Item name="personsMet" label="回访对象" rules={[zodRule(DisputeAction.shape.personsMet)]} style={{ flex: '1 1 200px' }}>
                <Input maxLength={200} placeholder="默认：全体当事人" />
              </Form.Item>
            </FieldRow>
            <Form.Item name="newIssues" label="新发现的问题" rules={[zodRule(DisputeAction.shape.newIssues)]}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </>
        )}
        {atPrelitigation && (
          <Form.Item name="courtCaseNo" label={`法院诉前调解案号${current?.courtCaseNo ? `（已记录 ${current.courtCaseNo}）` : ''}`} rules={[zodRule(DisputeAction.shape.courtCaseNo, '案号过长')]}>
            <Input maxLength={100} placeholder="如 （2024）浙0782民诉前调123号" />
          </Form.Item>
        )}
        {(action === 'fail' || action === 'close' || (action === 'transfer' && level === 'litigation')) && (
          <FieldRow>
            <Form.Item
              name="toldRightToSue"
              valuePropName="checked"
              style={{ flex: '1 1 260px' }}
              rules={action === 'close' ? [] : [{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error('须告知当事人依法起诉的权利，并予以记录'))) }]}
            >
              <Checkbox data-testid="told-right-to-sue">已告知当事人依法向人民法院起诉的权利{action === 'close' ? '' : '（必填）'}</Checkbox>
            </Form.Item>
            <Form.Item name="toldRightToSueOn" label="告知日期（默认操作日期）" {...dayField} style={{ flex: '1 1 160px' }}>
              <DayPicker style={{ width: '100%' }} disabledDate={disabledFuture} inputReadOnly />
            </Form.Item>
          </FieldRow>
        )}
        <Form.Item name="notes" label={action === 'fail' && reason === 'other' ? '说明（原因为“其他”时必填）' : '备注'} rules={[zodRule(DisputeAction.shape.notes)]} style={{ marginBottom: 0 }}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
