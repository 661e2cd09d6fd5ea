/**
 * Visits and consultations (四门四访 + 法律咨询, SPEC §6.2): the ledger of all five record types, requests
 * tracked until answered, and monthly counts per cadre and per village. A return visit is the dispute's
 * own return visit (it moves the dispute to 已回访).
 */
import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Modal, Rate, Select, Space, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { apiUrl } from '../../app/api.ts';
import { useMe } from '../../app/auth.tsx';
import { dictOptions, labelOf } from '../../app/labels.ts';
import { AppTable } from '../../app/components/AppTable.tsx';
import { Bars, barsOption } from '../../app/components/Bars.tsx';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RegionSelect } from '../../app/components/RegionSelect.tsx';
import { VISIT_TYPES } from '../../../../core/dictionaries.ts';
import { REQUEST_STATUSES } from '../../../../core/prevention.ts';
import type { Visit } from '../../../../core/schemas/visits.ts';
import { useDisputeSearch } from '../disputes/api.ts';
import { useBatchAnswer, useSaveVisit, useVisitIntake, useVisitList, useVisitStats, useVisitToDispute } from './api.ts';
import { PrefilledIntakeModal } from '../prevention/PrefilledIntakeModal.tsx';
import { dayField, disabledFuture, monthLabel, todayStr, usePagedFilters, yearOptions } from '../prevention/common.tsx';
import { FieldRow } from '../../app/components/FieldRow.tsx';
import { zodRule } from '../../app/zod-rule.ts';
import { VisitCreate } from '../../../../core/schemas/visits.ts';
import { DayPicker } from '../../app/components/DayPicker.tsx';
import { FilterBar, activeFilters } from '../../app/components/FilterBar.tsx';
import { BatchResultModal, ExportSelected, SelectionBar, useRowSelection } from '../../app/components/AppTableBatch.tsx';
import type { BatchResult } from '../../../../core/schemas/batch.ts';

const REQUEST_COLORS: Record<string, string> = { none: 'default', open: 'error', in_progress: 'processing', resolved: 'success' };

function DisputeSelect({ value, onChange, id }: { value?: string; onChange?: (v: string | undefined) => void; id?: string }) {
  const [q, setQ] = useState('');
  const r = useDisputeSearch(q);
  return (
    <Select
      id={id}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      placeholder="输入案号、当事人或摘要搜索"
      options={(r.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.number} ${d.summary.slice(0, 24)}` }))}
    />
  );
}

function VisitForm({ open, editing, onClose }: { open: boolean; editing: Visit | null; onClose: () => void }) {
  const [form] = Form.useForm();
  const type = Form.useWatch('type', form);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(editing ?? { type: 'reception', visitedOn: todayStr(), personsCount: 1 });
  }, [open, editing, form]);
  const save = useSaveVisit({ onSuccess: onClose });
  const submit = (v: Record<string, unknown>) => save.mutate(editing ? { id: editing.id, body: { ...v, type: undefined, regionCode: undefined, version: editing.version } } : { body: v });
  const isReturn = type === 'return_visit';
  return (
    <Modal title={editing ? '修改记录' : '登记接访走访'} open={open} onCancel={onClose} onOk={() => form.submit()} okText="保存" confirmLoading={save.isPending} width={620} forceRender>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <FieldRow>
          <Form.Item name="type" label="类型" rules={[{ required: true }]} style={{ flex: '1 1 140px' }}>
            <Select options={dictOptions(VISIT_TYPES)} disabled={!!editing} />
          </Form.Item>
          <Form.Item name="visitedOn" label="日期" rules={[{ required: true }]} {...dayField} style={{ flex: '1 1 140px' }}>
            <DayPicker disabledDate={disabledFuture} style={{ width: '100%' }} />
          </Form.Item>
        </FieldRow>
        {!editing && (
          <Form.Item name="regionCode" label="地区" rules={[zodRule(VisitCreate.shape.regionCode, '请选择地区')]}>
            <RegionSelect levels={['town', 'village', 'community', 'grid']} />
          </Form.Item>
        )}
        <Form.Item name="disputeId" label="关联纠纷" rules={isReturn ? [{ required: true, message: '回访须关联纠纷' }] : []} extra={isReturn ? '回访即纠纷的回访记录，保存后纠纷进入“已回访”' : undefined}>
          <DisputeSelect />
        </Form.Item>
        <Form.Item name="cadres" label="接待/走访干部" extra="多人用顿号分隔；留空为本人">
          <Input maxLength={200} />
        </Form.Item>
        <FieldRow>
          <Form.Item name="personsMet" label="接待对象" style={{ flex: '1 1 200px' }}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="personsCount" label="人数" style={{ width: 100 }}>
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
        </FieldRow>
        <Form.Item name={isReturn ? 'newIssues' : 'requests'} label={isReturn ? '新发现的问题' : '反映诉求'}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        {!isReturn && (
          <Form.Item name="answer" label="答复情况" extra="有诉求未答复的，状态为“待答复”，在台账中持续跟踪">
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
        )}
        <Space wrap size={24}>
          <Form.Item name="satisfaction" label="满意度" rules={isReturn ? [{ required: true, message: '请评价满意度' }] : []}>
            <Rate />
          </Form.Item>
          {!isReturn && (
            <Form.Item name="followUpNeeded" valuePropName="checked" label=" ">
              <Checkbox>需要跟进</Checkbox>
            </Form.Item>
          )}
          {isReturn && !editing && (
            <Form.Item name="performanceChecked" valuePropName="checked" label=" ">
              <Checkbox>已核实协议履行</Checkbox>
            </Form.Item>
          )}
        </Space>
      </Form>
    </Modal>
  );
}

function AnswerModal({ visit, onClose }: { visit: Visit | null; onClose: () => void }) {
  const [form] = Form.useForm();
  useEffect(() => {
    if (visit) form.setFieldsValue({ answer: visit.answer ?? '', requestStatus: 'resolved' });
  }, [visit, form]);
  const m = useSaveVisit({ onSuccess: onClose });
  return (
    <Modal title="答复诉求" open={!!visit} onCancel={onClose} onOk={() => form.submit()} okText="保存" confirmLoading={m.isPending} destroyOnHidden forceRender>
      <Typography.Paragraph>
        <Typography.Text type="secondary">诉求：</Typography.Text>
        {visit?.requests}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v: { answer: string; requestStatus: string }) => m.mutate({ id: visit!.id, body: { ...v, version: visit!.version } })}>
        <Form.Item name="answer" label="答复情况" rules={[{ required: true, whitespace: true, message: '请填写答复情况' }]}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item name="requestStatus" label="办理状态">
          <Select options={dictOptions(REQUEST_STATUSES).filter((o) => o.value !== 'none')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 批量答复: one answer for the requests of every visit chosen; each visit is saved as one answer would be. */
function BatchAnswerModal({ rows, open, onClose, onDone }: { rows: Visit[]; open: boolean; onClose: () => void; onDone: (r: BatchResult) => void }) {
  const [form] = Form.useForm();
  const m = useBatchAnswer({ meta: { silent: true }, onSuccess: onDone });
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ requestStatus: 'resolved' });
      m.reset();
    }
  }, [open, form]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <Modal title={`批量答复诉求（${rows.length} 条）`} open={open} onCancel={onClose} onOk={() => form.submit()} okText="确定" confirmLoading={m.isPending} destroyOnHidden forceRender>
      <Typography.Paragraph type="secondary">所选记录逐条填入同一答复；没有诉求或已被他人修改的记录会在结果中列出，不作修改。</Typography.Paragraph>
      <ProblemAlert error={m.error} />
      <Form form={form} layout="vertical" onFinish={(v: { answer: string; requestStatus: string }) => m.mutate({ action: 'answer', ids: rows.map((r) => r.id), versions: Object.fromEntries(rows.map((r) => [r.id, r.version])), ...v })}>
        <Form.Item name="answer" label="答复情况" rules={[{ required: true, whitespace: true, message: '请填写答复情况' }]}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item name="requestStatus" label="办理状态">
          <Select options={dictOptions(REQUEST_STATUSES).filter((o) => o.value === 'resolved' || o.value === 'in_progress')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Ledger() {
  const { can } = useMe();
  const { filters, set, page, pagination } = usePagedFilters({});
  const [form, setForm] = useState<{ editing: Visit | null } | null>(null);
  const [answer, setAnswer] = useState<Visit | null>(null);
  const [toDispute, setToDispute] = useState<Visit | null>(null);
  const q = useVisitList({ ...filters, ...page });
  const sel = useRowSelection<Visit>(q.data?.items ?? []);
  const [batchOpen, setBatchOpen] = useState(false);
  const [result, setResult] = useState<BatchResult | null>(null);
  return (
    <>
      <FilterBar
        active={activeFilters(filters)}
        extra={
          <>
            <ExportButton url={apiUrl('/visits', { ...filters, format: 'xlsx' })} />
            {can('visits.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ editing: null })}>
                登记
              </Button>
            )}
          </>
        }
      >
          <Select allowClear placeholder="类型" value={filters.type} onChange={set('type')} options={dictOptions(VISIT_TYPES)} style={{ width: 120 }} />
          <RegionSelect value={filters.region} onChange={set('region')} placeholder="地区" style={{ width: 170 }} />
          <Select allowClear placeholder="诉求办理" value={filters.requestStatus} onChange={set('requestStatus')} options={dictOptions(REQUEST_STATUSES)} style={{ width: 120 }} />
          <Input.Search allowClear placeholder="干部姓名" onSearch={set('cadre')} style={{ width: 130 }} />
          <Input.Search allowClear placeholder="对象、诉求" onSearch={set('q')} style={{ width: 140 }} />
      </FilterBar>
      <SelectionBar count={sel.count} onClear={sel.clear}>
        {can('visits.write') && (
          <Button size="small" type="primary" onClick={() => setBatchOpen(true)} data-testid="batch-answer">
            批量答复
          </Button>
        )}
        <ExportSelected path="/visits" ids={sel.ids} />
      </SelectionBar>
      <BatchAnswerModal
        rows={sel.rows}
        open={batchOpen}
        onClose={() => setBatchOpen(false)}
        onDone={(r) => {
          setBatchOpen(false);
          setResult(r);
          sel.keep(r.results.filter((x) => !x.ok).map((x) => x.id));
        }}
      />
      <BatchResultModal title="批量答复结果" result={result} onClose={() => setResult(null)} />
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      <AppTable<Visit>
        rowKey="id"
        rowSelection={sel.rowSelection}
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={pagination(q.data?.total)}
        columns={[
          { title: '日期', dataIndex: 'visitedOn', width: 110 },
          { title: '类型', dataIndex: 'type', render: (t: string) => <Tag>{labelOf(VISIT_TYPES, t)}</Tag> },
          { title: '地区', dataIndex: 'regionName' },
          { title: '干部', dataIndex: 'cadres' },
          { title: '对象', dataIndex: 'personsMet', render: (p: string | null, v) => `${p ?? ''}${v.personsCount > 1 ? `（${v.personsCount}人）` : ''}` },
          { title: '诉求', dataIndex: 'requests', render: (r: string | null) => <div style={{ maxWidth: 260, whiteSpace: 'normal' }}>{r}</div> },
          { title: '答复', dataIndex: 'answer', render: (r: string | null) => <div style={{ maxWidth: 220, whiteSpace: 'normal' }}>{r}</div> },
          { title: '办理', dataIndex: 'requestStatus', render: (s: string) => <Tag color={REQUEST_COLORS[s]}>{labelOf(REQUEST_STATUSES, s)}</Tag> },
          { title: '满意度', dataIndex: 'satisfaction', render: (s: number | null) => (s ? `${s}星` : '') },
          { title: '纠纷', dataIndex: 'disputeNumber', render: (n: string | null, v) => (n ? <Link to={`/disputes/${v.disputeId}`}>{n}</Link> : '') },
          ...(can('visits.write')
            ? [
                {
                  title: '操作',
                  key: 'ops',
                  render: (_: unknown, v: Visit) => (
                    <Space size={0}>
                      {(v.requestStatus === 'open' || v.requestStatus === 'in_progress') && (
                        <Button type="link" size="small" onClick={() => setAnswer(v)}>
                          答复
                        </Button>
                      )}
                      <Button type="link" size="small" onClick={() => setForm({ editing: v })}>
                        修改
                      </Button>
                      {can('disputes.intake') && !v.disputeId && v.type !== 'return_visit' && (
                        <Button type="link" size="small" onClick={() => setToDispute(v)}>
                          登记为纠纷
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <VisitForm open={!!form} editing={form?.editing ?? null} onClose={() => setForm(null)} />
      <AnswerModal visit={answer} onClose={() => setAnswer(null)} />
      <ToDisputeModal visit={toDispute} onClose={() => setToDispute(null)} />
    </>
  );
}

/** 接访 → 登记纠纷: the intake prefilled from the visit (place, date, summary, people), then one step. */
function ToDisputeModal({ visit, onClose }: { visit: Visit | null; onClose: () => void }) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const q = useVisitIntake(visit?.id);
  const save = useVisitToDispute({
    onSuccess: (r) => {
      message.success(`已登记纠纷 ${r.dispute.number}，并与${labelOf(VISIT_TYPES, r.visit.type)}记录关联`);
      onClose();
      navigate(`/disputes/${r.dispute.id}`);
    },
  });
  return (
    <PrefilledIntakeModal
      title={`${visit ? labelOf(VISIT_TYPES, visit.type) : ''}登记为纠纷`}
      open={!!visit}
      intake={visit ? q.data?.intake : undefined}
      error={q.error}
      pending={save.isPending}
      onSubmit={(body) => save.mutate({ id: visit!.id, body })}
      onClose={onClose}
    />
  );
}

/** A name × month table with a total column, the totals also as bars (the 15 largest). */
function MonthPivot({ rows, nameTitle }: { rows: { name: string; month: string; n: number }[]; nameTitle: string }) {
  const months = useMemo(() => [...new Set(rows.map((r) => r.month))].sort(), [rows]);
  const data = useMemo(() => {
    const m = new Map<string, Record<string, number>>();
    for (const r of rows) {
      const x = m.get(r.name) ?? {};
      x[r.month] = (x[r.month] ?? 0) + r.n;
      m.set(r.name, x);
    }
    return [...m.entries()].map(([name, counts]) => ({ name, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) })).sort((a, b) => b.total - a.total);
  }, [rows]);
  return (
    <>
      <Bars option={barsOption(data.map((r) => r.name), [{ name: '合计', data: data.map((r) => r.total) }], 15)} />
      <AppTable
        rowKey="name"
        size="small"
        dataSource={data}
        pagination={data.length > 20 ? undefined : false}
        columns={[
          { title: nameTitle, dataIndex: 'name', fixed: 'left' },
          ...months.map((m) => ({ title: monthLabel(m), key: m, align: 'right' as const, render: (_: unknown, r: { counts: Record<string, number> }) => r.counts[m] ?? '' })),
          { title: '合计', dataIndex: 'total', align: 'right' as const, render: (t: number) => <b>{t}</b> },
        ]}
      />
    </>
  );
}

function StatsTab() {
  const [year, setYear] = useState(new Date().getFullYear());
  const [region, setRegion] = useState<string | undefined>();
  const q = useVisitStats(year, region);
  const s = q.data;
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select value={year} onChange={setYear} options={yearOptions()} style={{ width: 100 }} />
        <RegionSelect value={region} onChange={setRegion} placeholder="地区" style={{ width: 170 }} />
        <ExportButton url={apiUrl('/visits/stats', { year, region, format: 'xlsx' })} />
      </Space>
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      {s && (
        <Flex vertical gap={16}>
          <Space wrap>
            {REQUEST_STATUSES.filter((r) => r.key !== 'none').map((r) => (
              <Tag key={r.key} color={REQUEST_COLORS[r.key]}>
                {r.label} {s.requests[r.key] ?? 0}
              </Tag>
            ))}
          </Space>
          <Card size="small" title="按类型">
            <MonthPivot nameTitle="类型" rows={s.byType.map((r) => ({ name: labelOf(VISIT_TYPES, r.type), month: r.month, n: r.n }))} />
          </Card>
          <Card size="small" title="按村（社区）">
            <MonthPivot nameTitle="村（社区）" rows={s.byVillage.map((r) => ({ name: r.villageName, month: r.month, n: r.n }))} />
          </Card>
          <Card size="small" title="按干部">
            <MonthPivot nameTitle="干部" rows={s.byCadre.map((r) => ({ name: r.cadre, month: r.month, n: r.n }))} />
          </Card>
        </Flex>
      )}
    </>
  );
}

export default function VisitsPage() {
  return (
    <>
      <PageHeader title="四门四访与法律咨询" subtitle="开门接访、进门约访、登门走访、上门回访和法律咨询；群众诉求跟踪到答复为止" />
      <Tabs items={[{ key: 'ledger', label: '台账', children: <Ledger /> }, { key: 'stats', label: '按月统计', children: <StatsTab /> }]} />
    </>
  );
}
