/**
 * Legal education (SPEC §6.4): activities with photos, counts per village and month, the 每周一典 series,
 * and the library of typical cases and experiences.
 */
import { useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Drawer, Flex, Form, Grid, Input, InputNumber, Modal, Popconfirm, Progress, Select, Space, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { apiUrl } from '../../app/api.ts';
import { useMe } from '../../app/auth.tsx';
import { dictOptions, labelOf } from '../../app/labels.ts';
import { AppTable } from '../../app/components/AppTable.tsx';
import { Bars, barsOption } from '../../app/components/Bars.tsx';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RegionSelect } from '../../app/components/RegionSelect.tsx';
import { DISPUTE_CATEGORIES, EDUCATION_ACTIVITY_TYPES } from '../../../../core/dictionaries.ts';
import { LIBRARY_KINDS } from '../../../../core/prevention.ts';
import { Attachments, dayField, disabledFuture, monthLabel, PlainList, todayStr, usePagedFilters, yearOptions } from '../prevention/common.tsx';
import { FieldRow } from '../../app/components/FieldRow.tsx';
import { monthsOfYear } from '../../../../core/evaluation/calendar.ts';
import { zodRule } from '../../app/zod-rule.ts';
import { ActivityCreate, LibraryCreate, type Activity, type LibraryEntry } from '../../../../core/schemas/education.ts';
import { invalidateAfterActivityChange, useActivities, useActivityStats, useDeleteActivity, useLibrary, useSaveActivity, useSaveLibraryEntry, useWeeklySeries } from './api.ts';
import { DayPicker } from '../../app/components/DayPicker.tsx';
import { FilterBar, activeFilters } from '../../app/components/FilterBar.tsx';
import { ExportSelected, SelectionBar, useRowSelection } from '../../app/components/AppTableBatch.tsx';

type Entry = LibraryEntry;

function useLibraryOptions() {
  const q = useLibrary({ pageSize: 100 });
  return (q.data?.items ?? []).map((e) => ({ value: e.id, label: `${labelOf(LIBRARY_KINDS, e.kind)}：${e.title}` }));
}

function ActivityForm({ open, editing, initialType, onClose }: { open: boolean; editing: Activity | null; initialType?: string; onClose: () => void }) {
  const [form] = Form.useForm();
  const type = Form.useWatch('type', form);
  const libOptions = useLibraryOptions();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(editing ?? { type: initialType ?? 'lecture', heldOn: todayStr(), participants: 0 });
  }, [open, editing, initialType, form]);
  const save = useSaveActivity({ onSuccess: () => onClose() });
  const submit = (v: Record<string, unknown>) => save.mutate(editing ? { id: editing.id, body: { ...v, type: undefined, regionCode: undefined, version: editing.version } } : { body: v });
  return (
    <Modal title={editing ? '修改活动' : '登记活动'} open={open} onCancel={onClose} onOk={() => form.submit()} okText="保存" confirmLoading={save.isPending} width={600} forceRender>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <FieldRow>
          <Form.Item name="type" label="类型" rules={[{ required: true }]} style={{ flex: '1 1 140px' }}>
            <Select options={dictOptions(EDUCATION_ACTIVITY_TYPES)} disabled={!!editing} />
          </Form.Item>
          <Form.Item name="heldOn" label="日期" rules={[{ required: true }]} {...dayField} style={{ flex: '1 1 140px' }}>
            <DayPicker disabledDate={disabledFuture} style={{ width: '100%' }} />
          </Form.Item>
        </FieldRow>
        {!editing && (
          <Form.Item name="regionCode" label="地区" rules={[zodRule(ActivityCreate.shape.regionCode, '请选择地区')]}>
            <RegionSelect levels={['town', 'village', 'community', 'grid']} />
          </Form.Item>
        )}
        <Form.Item name="title" label="活动名称" rules={[zodRule(ActivityCreate.shape.title)]}>
          <Input maxLength={200} />
        </Form.Item>
        <FieldRow>
          <Form.Item name="organiser" label="组织单位" style={{ flex: '1 1 200px' }}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="participants" label="参加人数" style={{ width: 120 }}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          {type === 'weekly_case' && (
            <Form.Item name="seriesNo" label="期数" extra="留空自动编号" style={{ width: 120 }}>
              <InputNumber min={1} style={{ width: '100%' }} />
            </Form.Item>
          )}
        </FieldRow>
        {type === 'weekly_case' && (
          <Form.Item name="libraryEntryId" label="所用案例">
            <Select allowClear options={libOptions} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
        )}
        <Form.Item name="summary" label="内容摘要">
          <Input.TextArea rows={3} maxLength={8000} />
        </Form.Item>
        {!editing && <Typography.Text type="secondary">保存后可在列表中展开上传活动照片。</Typography.Text>}
      </Form>
    </Modal>
  );
}

function ActivitiesTab() {
  const { can } = useMe();
  const qc = useQueryClient();
  const { filters, set, page, pagination } = usePagedFilters({});
  const [form, setForm] = useState<{ editing: Activity | null } | null>(null);
  const q = useActivities({ ...filters, ...page });
  const sel = useRowSelection(q.data?.items ?? []);
  const del = useDeleteActivity();
  const editable = can('education.write');
  return (
    <>
      <FilterBar
        active={activeFilters(filters)}
        extra={
          <>
            <ExportButton url={apiUrl('/education/activities', { ...filters, format: 'xlsx' })} />
            {editable && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ editing: null })}>
                登记活动
              </Button>
            )}
          </>
        }
      >
        <Select allowClear placeholder="类型" value={filters.type} onChange={set('type')} options={dictOptions(EDUCATION_ACTIVITY_TYPES)} style={{ width: 120 }} />
        <RegionSelect value={filters.region} onChange={set('region')} placeholder="地区" style={{ width: 170 }} />
        <Input.Search allowClear placeholder="名称、单位" onSearch={set('q')} style={{ width: 140 }} />
      </FilterBar>
      <SelectionBar count={sel.count} onClear={sel.clear}>
        <ExportSelected path="/education/activities" ids={sel.ids} />
      </SelectionBar>
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      <AppTable<Activity>
        rowKey="id"
        rowSelection={sel.rowSelection}
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={pagination(q.data?.total)}
        expandable={{ expandedRowRender: (a) => <Attachments ownerEntity="education_activity" ownerId={a.id} files={a.photos ?? []} editable={editable} videos onChange={() => invalidateAfterActivityChange(qc)} /> }}
        columns={[
          { title: '日期', dataIndex: 'heldOn', width: 110 },
          { title: '类型', dataIndex: 'type', render: (t: string, a) => <Tag>{labelOf(EDUCATION_ACTIVITY_TYPES, t)}{a.seriesNo ? ` 第${a.seriesNo}期` : ''}</Tag> },
          { title: '名称', dataIndex: 'title' },
          { title: '地区', dataIndex: 'regionName' },
          { title: '组织单位', dataIndex: 'organiser' },
          { title: '人数', dataIndex: 'participants', align: 'right' },
          { title: '照片', key: 'photos', render: (_: unknown, a) => (a.photos?.length ? `${a.photos.length}` : '') },
          ...(editable
            ? [
                {
                  title: '操作',
                  key: 'ops',
                  render: (_: unknown, a: Activity) => (
                    <Space size={0}>
                      <Button type="link" size="small" onClick={() => setForm({ editing: a })}>
                        修改
                      </Button>
                      <Popconfirm title="删除该活动及其照片？" okText="删除" cancelText="取消" okButtonProps={{ danger: true }} onConfirm={() => del.mutateAsync(a.id)}>
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
      <ActivityForm open={!!form} editing={form?.editing ?? null} onClose={() => setForm(null)} />
    </>
  );
}

function StatsTab() {
  const [year, setYear] = useState(new Date().getFullYear());
  const [region, setRegion] = useState<string | undefined>();
  const q = useActivityStats(year, region);
  const data = useMemo(() => {
    const m = new Map<string, { code: string; name: string; counts: Record<string, number>; total: number; participants: number }>();
    for (const r of q.data?.byVillage ?? []) {
      const x = m.get(r.code) ?? { code: r.code, name: r.name, counts: {}, total: 0, participants: 0 };
      x.counts[r.month] = r.n;
      x.total += r.n;
      x.participants += r.participants;
      m.set(r.code, x);
    }
    return [...m.values()];
  }, [q.data]);
  const months = monthsOfYear(year);
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select value={year} onChange={setYear} options={yearOptions()} style={{ width: 100 }} />
        <RegionSelect value={region} onChange={setRegion} placeholder="地区" style={{ width: 170 }} />
        <ExportButton url={apiUrl('/education/stats', { year, region, format: 'xlsx' })} />
        {q.data && (
          <Typography.Text>
            共 {q.data.total} 场：{q.data.byType.map((t) => `${labelOf(EDUCATION_ACTIVITY_TYPES, t.type)} ${t.n}`).join('，')}
          </Typography.Text>
        )}
      </Space>
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      <Bars
        option={(() => {
          const most = [...data].sort((a, b) => b.total - a.total); // the 30 with the most activities
          return barsOption(
            most.map((r) => r.name),
            [{ name: '活动场次', data: most.map((r) => r.total) }],
            30,
          );
        })()}
      />
      <AppTable
        rowKey="code"
        size="small"
        loading={q.isLoading}
        dataSource={data}
        pagination={false}
        columns={[
          { title: '村（社区）', dataIndex: 'name', fixed: 'left' },
          ...months.map((m) => ({ title: monthLabel(m), key: m, align: 'right' as const, render: (_: unknown, r: { counts: Record<string, number> }) => r.counts[m] ?? '' })),
          { title: '合计', dataIndex: 'total', align: 'right' as const, render: (t: number) => <b>{t}</b> },
          { title: '参加人次', dataIndex: 'participants', align: 'right' as const },
        ]}
      />
    </>
  );
}

function WeeklyTab() {
  const { can } = useMe();
  const [year, setYear] = useState(new Date().getFullYear());
  const [form, setForm] = useState(false);
  const q = useWeeklySeries(year);
  const w = q.data;
  return (
    <>
      <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 12 }}>
        <Space wrap>
          <Select value={year} onChange={setYear} options={yearOptions()} style={{ width: 100 }} />
          {w && (
            <Space>
              <Typography.Text>
                已发布 {w.issues} 期 / 已过 {w.weeksElapsed} 周
              </Typography.Text>
              <Progress type="circle" size={36} percent={w.weeksElapsed ? Math.min(100, Math.round((w.issues / w.weeksElapsed) * 100)) : 0} />
            </Space>
          )}
        </Space>
        <Space>
          {/* the issues are activities of type “每周一典”: their list, limited to the year */}
          <ExportButton url={apiUrl('/education/activities', { type: 'weekly_case', from: `${year}-01-01`, to: `${year}-12-31`, format: 'xlsx' })} />
          {can('education.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm(true)}>
              发布一期
            </Button>
          )}
        </Space>
      </Flex>
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      <PlainList
        loading={q.isLoading}
        items={w?.items ?? []}
        empty="本年度尚未发布"
        rowKey={(a) => a.id}
        render={(a) => (
          <>
            <Typography.Text strong>{`第${a.seriesNo ?? '—'}期 · ${a.title}`}</Typography.Text>
            <div>
              <Typography.Text type="secondary">{`${a.heldOn} · ${a.organiser ?? ''} · 阅读/参与 ${a.participants}`}</Typography.Text>
            </div>
          </>
        )}
      />
      <ActivityForm open={form} editing={null} initialType="weekly_case" onClose={() => setForm(false)} />
    </>
  );
}

function LibraryForm({ open, editing, onClose }: { open: boolean; editing: Entry | null; onClose: () => void }) {
  const [form] = Form.useForm();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(editing ?? { kind: 'typical_case', publishedOn: todayStr() });
  }, [open, editing, form]);
  const save = useSaveLibraryEntry({ onSuccess: () => onClose() });
  const submit = (v: Record<string, unknown>) => save.mutate(editing ? { id: editing.id, body: { ...v, regionCode: undefined, version: editing.version } } : { body: v });
  return (
    <Modal title={editing ? '修改' : '收录案例或经验'} open={open} onCancel={onClose} onOk={() => form.submit()} okText="保存" confirmLoading={save.isPending} width={680} forceRender>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <FieldRow>
          <Form.Item name="kind" label="类别" rules={[{ required: true }]} style={{ flex: '1 1 120px' }}>
            <Select options={dictOptions(LIBRARY_KINDS)} />
          </Form.Item>
          <Form.Item name="category" label="纠纷类别" style={{ flex: '1 1 120px' }}>
            <Select allowClear options={dictOptions(DISPUTE_CATEGORIES)} />
          </Form.Item>
          <Form.Item name="publishedOn" label="日期" {...dayField} style={{ flex: '1 1 120px' }}>
            <DayPicker style={{ width: '100%' }} />
          </Form.Item>
        </FieldRow>
        {!editing && (
          <Form.Item name="regionCode" label="所属地区" rules={[zodRule(LibraryCreate.shape.regionCode, '请选择地区')]} extra="选乡镇则全镇各村（社区）都能看到">
            <RegionSelect levels={['town', 'village', 'community']} />
          </Form.Item>
        )}
        <Form.Item name="title" label="标题" rules={[zodRule(LibraryCreate.shape.title)]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="summary" label="摘要">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="content" label="正文">
          <Input.TextArea rows={8} maxLength={50000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function LibraryTab() {
  const { can } = useMe();
  const screens = Grid.useBreakpoint();
  const [filters, setFilters] = useState<Record<string, string | undefined>>({});
  const [form, setForm] = useState<{ editing: Entry | null } | null>(null);
  const [read, setRead] = useState<Entry | null>(null);
  const q = useLibrary({ ...filters, pageSize: 100 });
  const set = (k: string) => (v: string | undefined) => setFilters((f) => ({ ...f, [k]: v || undefined }));
  return (
    <>
      <FilterBar
        active={activeFilters(filters)}
        extra={
          <>
              <ExportButton url={apiUrl('/library', { ...filters, format: 'xlsx' })} />
              {can('education.write') && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ editing: null })}>
                  收录
                </Button>
              )}
          </>
        }
      >
        <Select allowClear placeholder="类别" value={filters.kind} onChange={set('kind')} options={dictOptions(LIBRARY_KINDS)} style={{ width: 120 }} />
        <Select allowClear placeholder="纠纷类别" value={filters.category} onChange={set('category')} options={dictOptions(DISPUTE_CATEGORIES)} style={{ width: 130 }} />
        <Input.Search allowClear placeholder="标题、内容" onSearch={set('q')} style={{ width: 150 }} />
      </FilterBar>
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      <PlainList
        loading={q.isLoading}
        items={q.data?.items ?? []}
        rowKey={(e) => e.id}
        render={(e) => (
          <Flex justify="space-between" gap={8} align="flex-start">
            <div style={{ minWidth: 0 }}>
              <Space wrap size={4}>
                <Tag color={e.kind === 'typical_case' ? 'blue' : 'green'}>{labelOf(LIBRARY_KINDS, e.kind)}</Tag>
                {e.category && <Tag>{labelOf(DISPUTE_CATEGORIES, e.category)}</Tag>}
                <Typography.Text strong>{e.title}</Typography.Text>
              </Space>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>{`${e.publishedOn ?? ''} · ${e.regionName ?? ''}${e.summary ? ` · ${e.summary}` : ''}`}</Typography.Text>
              </div>
            </div>
            <Space size={0}>
              <Button type="link" size="small" onClick={() => setRead(e)}>
                阅读
              </Button>
              {can('education.write') && (
                <Button type="link" size="small" onClick={() => setForm({ editing: e })}>
                  修改
                </Button>
              )}
            </Space>
          </Flex>
        )}
      />
      <Drawer title={read?.title} open={!!read} onClose={() => setRead(null)} size={screens.md ? 640 : '100%'} destroyOnHidden>
        {read?.summary && <Typography.Paragraph type="secondary">{read.summary}</Typography.Paragraph>}
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{read?.content}</Typography.Paragraph>
      </Drawer>
      <LibraryForm open={!!form} editing={form?.editing ?? null} onClose={() => setForm(null)} />
    </>
  );
}

export default function EducationPage() {
  return (
    <>
      <PageHeader title="法治宣传教育" subtitle="法治讲座、培训、示范诉讼、示范调解、法治宣传和“每周一典”；典型案例与经验库" />
      <Card size="small">
        <Tabs
          items={[
            { key: 'activities', label: '活动', children: <ActivitiesTab /> },
            { key: 'stats', label: '按村按月统计', children: <StatsTab /> },
            { key: 'weekly', label: '每周一典', children: <WeeklyTab /> },
            { key: 'library', label: '案例与经验库', children: <LibraryTab /> },
          ]}
        />
      </Card>
    </>
  );
}
