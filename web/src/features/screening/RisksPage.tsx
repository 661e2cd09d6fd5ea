/**
 * The risk register (隐患台账): every risk found in screening or registered on its own, with filters and
 * export; measures and status kept up to date; one step to a dispute (pre-filled intake) or a key person.
 */
import { useEffect, useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { apiUrl } from '../../app/api.ts';
import { useMe } from '../../app/auth.tsx';
import { dictOptions, labelOf } from '../../app/labels.ts';
import { AppTable } from '../../app/components/AppTable.tsx';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RegionSelect } from '../../app/components/RegionSelect.tsx';
import { DISPUTE_CATEGORIES, RISK_LEVELS, RISK_STATUSES } from '../../../../core/dictionaries.ts';
import { dayField, disabledFuture, usePagedFilters } from '../prevention/common.tsx';
import { KeyPersonForm } from '../key-persons/KeyPersonForm.tsx';
import { RiskFields } from './ScreeningPage.tsx';
import { PrefilledIntakeModal } from '../prevention/PrefilledIntakeModal.tsx';
import { useRiskIntake, useRiskList, useRiskToDispute, useSaveRisk } from './api.ts';
import { LEVEL_COLORS, RISK_STATUS_COLORS, type Risk, type RiskIntake } from './types.ts';
import { DayPicker } from '../../app/components/DayPicker.tsx';
import { FilterBar, activeFilters } from '../../app/components/FilterBar.tsx';
import { ExportSelected, SelectionBar, useRowSelection } from '../../app/components/AppTableBatch.tsx';

function RiskForm({ open, editing, onClose }: { open: boolean; editing: Risk | null; onClose: () => void }) {
  const [form] = Form.useForm();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(editing ? { r: editing, status: editing.status, regionCode: editing.regionCode } : { r: { level: 'general', peopleCount: 1 } });
  }, [open, editing, form]);
  const save = useSaveRisk({ onSuccess: onClose });
  const submit = (v: { r: Partial<Risk>; regionCode: string; status?: string }) => {
    const { category, description, peopleInvolved, peopleCount, level, measures, foundOn } = v.r;
    const body = { category, description, peopleInvolved, peopleCount, level, measures, foundOn };
    save.mutate(editing ? { id: editing.id, body: { ...body, status: editing.status === 'became_dispute' ? undefined : v.status, version: editing.version } } : { body: { ...body, regionCode: v.regionCode } });
  };
  return (
    <Modal title={editing ? '修改隐患' : '登记隐患'} open={open} onCancel={onClose} onOk={() => form.submit()} okText="保存" confirmLoading={save.isPending} forceRender>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        {!editing && (
          <Form.Item name="regionCode" label="地区" rules={[{ required: true, message: '请选择地区' }]}>
            <RegionSelect levels={['town', 'village', 'community', 'grid']} />
          </Form.Item>
        )}
        <Form.Item name={['r', 'foundOn']} label="发现日期" {...dayField}>
          <DayPicker disabledDate={disabledFuture} style={{ width: '100%' }} />
        </Form.Item>
        <RiskFields name="r" />
        {editing && editing.status !== 'became_dispute' && (
          <Form.Item name="status" label="状态">
            <Select options={dictOptions(RISK_STATUSES).filter((o) => o.value !== 'became_dispute')} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** One step from a risk to a dispute: the intake pre-filled from the risk, editable, then registered and linked. */
function ToDisputeModal({ risk, onClose }: { risk: Risk | null; onClose: () => void }) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const q = useRiskIntake(risk?.id);
  const save = useRiskToDispute({
    onSuccess: (r) => {
      message.success(`已登记纠纷 ${r.dispute.number}，并与隐患关联`);
      onClose();
      navigate(`/disputes/${r.dispute.id}`);
    },
  });
  return (
    <PrefilledIntakeModal
      title="隐患转为纠纷"
      open={!!risk}
      intake={risk ? q.data?.intake : undefined}
      error={q.error}
      pending={save.isPending}
      onSubmit={(v) => save.mutate({ id: risk!.id, body: v as RiskIntake['intake'] })}
      onClose={onClose}
    />
  );
}

export default function RisksPage() {
  const { can } = useMe();
  const [params] = useSearchParams();
  const { filters, set, page, pagination } = usePagedFilters({ campaign: params.get('campaign') ?? undefined, status: params.get('status') ?? undefined });
  const [form, setForm] = useState<{ editing: Risk | null } | null>(null);
  const [toDispute, setToDispute] = useState<Risk | null>(null);
  const [toKp, setToKp] = useState<Risk | null>(null);
  const q = useRiskList({ ...filters, ...page });
  const sel = useRowSelection(q.data?.items ?? []);
  const writable = can(['prevention.write', 'screening.report']);
  return (
    <>
      <PageHeader
        title="隐患台账"
        subtitle="排查发现的矛盾纠纷隐患：化解措施、状态，一键转为纠纷或重点对象"
        extra={
          <>
            <ExportButton url={apiUrl('/risks', { ...filters, format: 'xlsx' })} />
            {writable && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ editing: null })}>
                登记隐患
              </Button>
            )}
          </>
        }
      />
      <FilterBar active={activeFilters(filters)}>
        <RegionSelect value={filters.region} onChange={set('region')} placeholder="地区" style={{ width: 180 }} />
        <Select allowClear placeholder="状态" value={filters.status} onChange={set('status')} options={dictOptions(RISK_STATUSES)} style={{ width: 110 }} />
        <Select allowClear placeholder="类别" value={filters.category} onChange={set('category')} options={dictOptions(DISPUTE_CATEGORIES)} style={{ width: 130 }} />
        <Select allowClear placeholder="等级" value={filters.level} onChange={set('level')} options={dictOptions(RISK_LEVELS)} style={{ width: 100 }} />
        <Input.Search allowClear placeholder="情况、人员" onSearch={set('q')} style={{ width: 160 }} />
        {filters.campaign && (
          <Tag closable onClose={() => set('campaign')(undefined)}>
            仅本次排查
          </Tag>
        )}
      </FilterBar>
      <SelectionBar count={sel.count} onClear={sel.clear}>
        <ExportSelected path="/risks" ids={sel.ids} />
      </SelectionBar>
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <AppTable<Risk>
          rowKey="id"
          rowSelection={sel.rowSelection}
          loading={q.isLoading}
          dataSource={q.data?.items ?? []}
          pagination={pagination(q.data?.total)}
          columns={[
            { title: '发现日期', dataIndex: 'foundOn', width: 110 },
            { title: '地区', dataIndex: 'regionName' },
            { title: '类别', dataIndex: 'category', render: (c: string) => labelOf(DISPUTE_CATEGORIES, c) },
            { title: '隐患情况', dataIndex: 'description', render: (d: string, r) => <div style={{ maxWidth: 320, whiteSpace: 'normal' }}>{d}{r.peopleInvolved && <Typography.Text type="secondary">（{r.peopleInvolved}）</Typography.Text>}</div> },
            { title: '等级', dataIndex: 'level', render: (l: string) => <Tag color={LEVEL_COLORS[l]}>{labelOf(RISK_LEVELS, l)}</Tag> },
            { title: '措施', dataIndex: 'measures', render: (m: string | null) => <div style={{ maxWidth: 220, whiteSpace: 'normal' }}>{m}</div> },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: string, r) => (
                <Space size={4} wrap>
                  <Tag color={RISK_STATUS_COLORS[s]}>{labelOf(RISK_STATUSES, s)}</Tag>
                  {r.disputeId && <Link to={`/disputes/${r.disputeId}`}>查看纠纷</Link>}
                  {r.keyPersonId && <Link to="/key-persons">重点对象</Link>}
                </Space>
              ),
            },
            {
              title: '操作',
              key: 'ops',
              render: (_: unknown, r) => (
                <Space size={0} wrap>
                  {writable && (
                    <Button type="link" size="small" onClick={() => setForm({ editing: r })}>
                      修改
                    </Button>
                  )}
                  {can('disputes.intake') && !r.disputeId && (
                    <Button type="link" size="small" onClick={() => setToDispute(r)}>
                      转为纠纷
                    </Button>
                  )}
                  {can('keypersons.manage') && !r.keyPersonId && (
                    <Button type="link" size="small" onClick={() => setToKp(r)}>
                      列为重点对象
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <RiskForm open={!!form} editing={form?.editing ?? null} onClose={() => setForm(null)} />
      <ToDisputeModal risk={toDispute} onClose={() => setToDispute(null)} />
      <KeyPersonForm
        open={!!toKp}
        editing={null}
        initial={toKp ? { regionCode: toKp.regionCode, name: toKp.peopleInvolved?.split(/[、,，\s]/)[0] ?? '', situation: toKp.description, riskLevel: toKp.level, sourceRiskId: toKp.id } : undefined}
        onClose={() => setToKp(null)}
      />
    </>
  );
}
