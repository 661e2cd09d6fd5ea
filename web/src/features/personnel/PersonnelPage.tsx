/**
 * People and facilities (SPEC §6.4): the per-village view (gaps against the village standard, "三进"
 * platform coverage, missing facilities), the personnel registers and the facilities with photos.
 */
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Flex, Form, Input, Modal, Popconfirm, Select, Space, Switch, Tabs, Tag, Tooltip, Typography } from 'antd';
import { CheckCircleTwoTone, PlusOutlined, WarningTwoTone } from '@ant-design/icons';
import { apiUrl } from '../../app/api.ts';
import { useMe } from '../../app/auth.tsx';
import { dictOptions, labelOf } from '../../app/labels.ts';
import { AppTable } from '../../app/components/AppTable.tsx';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RegionSelect } from '../../app/components/RegionSelect.tsx';
import { FACILITY_TYPES, PERSONNEL_ROLES } from '../../../../core/dictionaries.ts';
import { FACILITY_STATUSES, PLATFORM_COVERAGE_ROLES } from '../../../../core/prevention.ts';
import { Attachments, dayField, disabledFuture, Pct, pctText, usePagedFilters } from '../prevention/common.tsx';
import { FieldRow } from '../../app/components/FieldRow.tsx';
import { zodRule } from '../../app/zod-rule.ts';
import { FacilityCreate, PersonCreate, type Facility, type Person, type PersonnelOverview as Overview } from '../../../../core/schemas/personnel.ts';
import { getPerson, invalidateAfterPersonnelChange, useDeleteFacility, useDeletePerson, useFacilities, usePeople, usePersonnelOverview, useSaveFacility, useSavePerson } from './api.ts';
import { DayPicker } from '../../app/components/DayPicker.tsx';
import { FilterBar, activeFilters } from '../../app/components/FilterBar.tsx';
import { ExportSelected, SelectionBar, useRowSelection } from '../../app/components/AppTableBatch.tsx';

const FACILITY_STATUS_COLORS: Record<string, string> = { in_use: 'success', building: 'processing', suspended: 'default' };
const short = (label: string) => label.replace('一村一', '').replace('（社区）', '');

function OverviewTab() {
  const [region, setRegion] = useState<string | undefined>();
  const [date, setDate] = useState<string | null>(null);
  const q = usePersonnelOverview(region, date);
  const o = q.data;
  return (
    <>
      <FilterBar active={activeFilters({ region, date })}>
        <RegionSelect value={region} onChange={setRegion} levels={['province', 'city', 'county', 'town']} placeholder="乡镇" style={{ width: 170 }} />
        <DayPicker placeholder="截至日期（默认今天）" onChange={(d) => setDate(d ? d.format('YYYY-MM-DD') : null)} />
      </FilterBar>
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      {o && (
        <>
          <Flex gap={8} wrap style={{ marginBottom: 12 }}>
            <Tag color={o.villagesMeetingPersonnelStandard === o.villages.length ? 'success' : 'warning'}>
              人员达标村（社区） {o.villagesMeetingPersonnelStandard}/{o.villages.length}（法治带头人≥{o.minimums.ruleOfLawLeaders}，法律明白人≥{o.minimums.legalLiterates}）
            </Tag>
            {PLATFORM_COVERAGE_ROLES.map((r) => (
              <Tag key={r}>
                {labelOf(PERSONNEL_ROLES, r)}入驻调解平台 {pctText(o.platformTotals[r])}
              </Tag>
            ))}
          </Flex>
          <AppTable
            rowKey="code"
            size="small"
            loading={q.isLoading}
            dataSource={o.villages}
            pagination={o.villages.length > 50 ? undefined : false}
            columns={[
              {
                title: '村（社区）',
                dataIndex: 'name',
                fixed: 'left',
                render: (n: string, v) => (
                  <Space size={4}>
                    {v.gaps.meetsPersonnelStandard && !v.gaps.legalAdviserMissing && v.gaps.missingFacilities.length === 0 ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <WarningTwoTone twoToneColor="#faad14" />}
                    {n}
                  </Space>
                ),
              },
              {
                title: '法治带头人',
                key: 'leaders',
                align: 'center',
                render: (_: unknown, v) => (v.gaps.ruleOfLawLeadersMissing ? <Tag color="error">{v.counts.rule_of_law_leader}（缺{v.gaps.ruleOfLawLeadersMissing}）</Tag> : v.counts.rule_of_law_leader),
              },
              {
                title: '法律明白人',
                key: 'literates',
                align: 'center',
                render: (_: unknown, v) => (v.gaps.legalLiteratesMissing ? <Tag color="error">{v.counts.legal_literate}（缺{v.gaps.legalLiteratesMissing}）</Tag> : v.counts.legal_literate),
              },
              {
                title: '法律顾问',
                key: 'adviser',
                align: 'center',
                render: (_: unknown, v) => (v.gaps.legalAdviserMissing ? <Tag color="error">0（缺1）</Tag> : v.counts.legal_adviser),
              },
              ...(['mediator', 'grid_worker', 'volunteer', 'village_cadre'] as const).map((r) => ({ title: short(labelOf(PERSONNEL_ROLES, r)), key: r, align: 'center' as const, render: (_: unknown, v: Overview['villages'][number]) => v.counts[r] })),
              {
                title: '“三进”入驻平台',
                key: 'platform',
                render: (_: unknown, v) => (
                  <Space size={4} wrap>
                    {PLATFORM_COVERAGE_ROLES.filter((r) => v.platform[r]?.denominator).map((r) => (
                      <span key={r} style={{ fontSize: 12 }}>
                        {short(labelOf(PERSONNEL_ROLES, r))} <Pct ratio={v.platform[r]} />
                      </span>
                    ))}
                  </Space>
                ),
              },
              {
                title: '缺少的阵地',
                key: 'missing',
                render: (_: unknown, v) =>
                  v.gaps.missingFacilities.length === 0 ? (
                    <Tag color="success">齐全</Tag>
                  ) : (
                    <Space size={4} wrap>
                      {v.gaps.missingFacilities.map((f) => (
                        <Tooltip key={f} title={v.facilities[f] ? `状态：${labelOf(FACILITY_STATUSES, v.facilities[f])}` : '未建'}>
                          <Tag color={v.facilities[f] ? 'warning' : 'default'}>{labelOf(FACILITY_TYPES, f)}</Tag>
                        </Tooltip>
                      ))}
                    </Space>
                  ),
              },
            ]}
          />
        </>
      )}
    </>
  );
}

function PersonForm({ open, editing, onClose }: { open: boolean; editing: Person | null; onClose: () => void }) {
  const [form] = Form.useForm();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (editing) getPerson(editing.id).then((p) => form.setFieldsValue(p));
    else form.setFieldsValue({ joinedPlatform: false });
  }, [open, editing, form]);
  const save = useSavePerson({ onSuccess: () => onClose() });
  const submit = (v: Record<string, unknown>) => save.mutate(editing ? { id: editing.id, body: { ...v, version: editing.version } } : { body: v });
  return (
    <Modal title={editing ? `修改：${editing.name}` : '登记人员'} open={open} onCancel={onClose} onOk={() => form.submit()} okText="保存" confirmLoading={save.isPending} forceRender>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <FieldRow>
          <Form.Item name="name" label="姓名" rules={[zodRule(PersonCreate.shape.name)]} style={{ flex: '1 1 140px' }}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="role" label="类别" rules={[zodRule(PersonCreate.shape.role, '请选择类别')]} style={{ flex: '1 1 140px' }}>
            <Select options={dictOptions(PERSONNEL_ROLES)} />
          </Form.Item>
        </FieldRow>
        <Form.Item name="regionCode" label="所在村（社区）或网格" rules={[{ required: true, message: '请选择' }]} extra="登记在网格的人员计入其所在村（社区）">
          <RegionSelect levels={['town', 'village', 'community', 'grid']} />
        </Form.Item>
        <Form.Item name="phone" label="电话">
          <Input maxLength={30} />
        </Form.Item>
        <FieldRow>
          <Form.Item name="since" label="任职日期" {...dayField} style={{ flex: '1 1 140px' }}>
            <DayPicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="until" label="离任日期" {...dayField} style={{ flex: '1 1 140px' }} extra="在任的留空">
            <DayPicker style={{ width: '100%' }} />
          </Form.Item>
        </FieldRow>
        <Form.Item name="joinedPlatform" label="已入驻人民法院调解平台" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="trainings" label="培训情况">
          <Input.TextArea rows={2} maxLength={4000} placeholder="每次培训一行：时间、主办、内容" />
        </Form.Item>
        <Form.Item name="notes" label="备注">
          <Input maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PeopleTab() {
  const { can } = useMe();
  const { filters, set, page, pagination } = usePagedFilters({ status: 'active' });
  const [form, setForm] = useState<{ editing: Person | null } | null>(null);
  const q = usePeople({ ...filters, ...page });
  const sel = useRowSelection(q.data?.items ?? []);
  const del = useDeletePerson();
  return (
    <>
      <FilterBar
        active={activeFilters({ ...filters, status: filters.status === 'active' ? undefined : filters.status })}
        extra={
          <>
            <ExportButton url={apiUrl('/personnel', { ...filters, format: 'xlsx' })} />
            {can('personnel.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ editing: null })}>
                登记人员
              </Button>
            )}
          </>
        }
      >
        <Select allowClear placeholder="类别" value={filters.role} onChange={set('role')} options={dictOptions(PERSONNEL_ROLES)} style={{ width: 140 }} />
        <RegionSelect value={filters.region} onChange={set('region')} placeholder="地区" style={{ width: 170 }} />
        <Select value={filters.status} onChange={set('status')} options={[{ value: 'active', label: '在任' }, { value: 'former', label: '已离任' }, { value: 'all', label: '全部' }]} style={{ width: 100 }} />
        <Input.Search allowClear placeholder="姓名、电话" onSearch={set('q')} style={{ width: 140 }} />
      </FilterBar>
      <SelectionBar count={sel.count} onClear={sel.clear}>
        <ExportSelected path="/personnel" ids={sel.ids} />
      </SelectionBar>
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      <AppTable<Person>
        rowKey="id"
        rowSelection={sel.rowSelection}
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={pagination(q.data?.total)}
        columns={[
          { title: '姓名', dataIndex: 'name', fixed: 'left' },
          { title: '类别', dataIndex: 'role', render: (r: string) => labelOf(PERSONNEL_ROLES, r) },
          { title: '所在地区', dataIndex: 'regionName' },
          { title: '电话', dataIndex: 'phone' },
          { title: '任职', key: 'term', render: (_: unknown, p) => `${p.since ?? '—'} 至 ${p.until ?? '今'}` },
          { title: '入驻平台', dataIndex: 'joinedPlatform', render: (j: boolean) => (j ? <Tag color="success">已入驻</Tag> : <Tag>未入驻</Tag>) },
          { title: '培训', dataIndex: 'trainings', render: (t: string | null) => <div style={{ maxWidth: 240, whiteSpace: 'pre-wrap' }}>{t}</div> },
          ...(can('personnel.write')
            ? [
                {
                  title: '操作',
                  key: 'ops',
                  render: (_: unknown, p: Person) => (
                    <Space size={0}>
                      <Button type="link" size="small" onClick={() => setForm({ editing: p })}>
                        修改
                      </Button>
                      <Popconfirm title="删除误录的人员？离任请填写离任日期。" okText="删除" cancelText="取消" okButtonProps={{ danger: true }} onConfirm={() => del.mutateAsync(p.id)}>
                        <Button type="link" size="small" danger>
                          删除
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <PersonForm open={!!form} editing={form?.editing ?? null} onClose={() => setForm(null)} />
    </>
  );
}

function FacilityForm({ open, editing, onClose }: { open: boolean; editing: Facility | null; onClose: () => void }) {
  const [form] = Form.useForm();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(editing ?? { status: 'in_use' });
  }, [open, editing, form]);
  const save = useSaveFacility({ onSuccess: () => onClose() });
  const submit = (v: Record<string, unknown>) => save.mutate(editing ? { id: editing.id, body: { ...v, regionCode: undefined, version: editing.version } } : { body: v });
  return (
    <Modal title={editing ? '修改阵地' : '登记阵地'} open={open} onCancel={onClose} onOk={() => form.submit()} okText="保存" confirmLoading={save.isPending} forceRender>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        {!editing && (
          <Form.Item name="regionCode" label="所在地区（乡镇或村（社区））" rules={[zodRule(FacilityCreate.shape.regionCode, '请选择地区')]}>
            <RegionSelect levels={['town', 'village', 'community', 'grid']} />
          </Form.Item>
        )}
        <FieldRow>
          <Form.Item name="type" label="类型" rules={[zodRule(FacilityCreate.shape.type, '请选择类型')]} style={{ flex: '1 1 160px' }}>
            <Select options={dictOptions(FACILITY_TYPES)} />
          </Form.Item>
          <Form.Item name="status" label="状态" style={{ flex: '1 1 100px' }}>
            <Select options={dictOptions(FACILITY_STATUSES)} />
          </Form.Item>
        </FieldRow>
        <Form.Item name="name" label="名称">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="since" label="建成日期" {...dayField}>
          <DayPicker disabledDate={disabledFuture} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="notes" label="备注">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function FacilitiesTab() {
  const { can } = useMe();
  const qc = useQueryClient();
  const [filters, setFilters] = useState<Record<string, string | undefined>>({});
  const [form, setForm] = useState<{ editing: Facility | null } | null>(null);
  const q = useFacilities(filters);
  const del = useDeleteFacility();
  const set = (k: string) => (v: string | undefined) => setFilters((f) => ({ ...f, [k]: v || undefined }));
  const editable = can('personnel.write');
  return (
    <>
      <FilterBar
        active={activeFilters(filters)}
        extra={
          editable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ editing: null })}>
              登记阵地
            </Button>
          )
        }
      >
        <RegionSelect value={filters.region} onChange={set('region')} placeholder="地区" style={{ width: 170 }} />
        <Select allowClear placeholder="类型" value={filters.type} onChange={set('type')} options={dictOptions(FACILITY_TYPES)} style={{ width: 160 }} />
        <Select allowClear placeholder="状态" value={filters.status} onChange={set('status')} options={dictOptions(FACILITY_STATUSES)} style={{ width: 100 }} />
      </FilterBar>
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      <AppTable<Facility>
        rowKey="id"
        loading={q.isLoading}
        dataSource={q.data ?? []}
        expandable={{
          expandedRowRender: (f) => <Attachments ownerEntity="facility" ownerId={f.id} files={f.photos ?? []} editable={editable} onChange={() => invalidateAfterPersonnelChange(qc)} />,
          expandRowByClick: false,
        }}
        columns={[
          { title: '村（社区）', dataIndex: 'regionName' },
          { title: '类型', dataIndex: 'type', render: (t: string) => labelOf(FACILITY_TYPES, t) },
          { title: '名称', dataIndex: 'name' },
          { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={FACILITY_STATUS_COLORS[s]}>{labelOf(FACILITY_STATUSES, s)}</Tag> },
          { title: '建成', dataIndex: 'since' },
          { title: '照片', key: 'photos', render: (_: unknown, f) => (f.photos?.length ? `${f.photos.length} 张` : <Typography.Text type="secondary">无</Typography.Text>) },
          ...(editable
            ? [
                {
                  title: '操作',
                  key: 'ops',
                  render: (_: unknown, f: Facility) => (
                    <Space size={0}>
                      <Button type="link" size="small" onClick={() => setForm({ editing: f })}>
                        修改
                      </Button>
                      <Popconfirm title="删除该阵地及其照片？" okText="删除" cancelText="取消" okButtonProps={{ danger: true }} onConfirm={() => del.mutateAsync(f.id)}>
                        <Button type="link" size="small" danger>
                          删除
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <FacilityForm open={!!form} editing={form?.editing ?? null} onClose={() => setForm(null)} />
    </>
  );
}

export default function PersonnelPage() {
  return (
    <>
      <PageHeader title="人员与阵地" subtitle="法治带头人、法律明白人、调解员、网格员等名册；诉服村村通、公共法律服务工作站等阵地；对照创建标准查缺补漏" />
      <Card size="small">
        <Tabs
          items={[
            { key: 'overview', label: '各村一览', children: <OverviewTab /> },
            { key: 'people', label: '人员名册', children: <PeopleTab /> },
            { key: 'facilities', label: '阵地设施', children: <FacilitiesTab /> },
          ]}
        />
      </Card>
    </>
  );
}
